"""Lines of a file read with a size cap: a line over the cap is skipped in chunks, never held whole, so a
one-line bomb (a 4 GB line in a 100 KB .zst) costs bounded memory and the lines after it are still read; and the
content fingerprint of a window, hashed while it is read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, AnyStr, BinaryIO

# How much of an over-long line is read at a time while skipping it: large enough to skip fast, small next to
# the cap.
SKIP_CHUNK = 2**20
# The start of an over-long line kept for its reject (the reject's preview is shorter still).
HEAD_CHARS = 400


@dataclass(frozen=True)
class Overlong:
    """A line over the cap, read past without being held: its size (in the stream's units: bytes, or the
    characters of a decoded stream) and its first characters, for the reject's preview."""

    size: int
    head: str = ""
    exact: bool = True  # False: `size` counts characters, so the line has at least that many bytes

    def reason(self, cap: int, what: str = "line") -> str:
        return (f"{what} over max_record_bytes ({cap:,}): {'' if self.exact else 'at least '}{self.size:,} bytes; "
                "skipped without reading it whole")


def out_of_memory_reason(cap: int) -> str:
    """The reject of a record whose reading ran out of memory (a cap above what the machine can hold)."""
    return (f"out of memory reading this record (max_record_bytes {cap:,}: a record up to that size is read whole; "
            "lower max_record_bytes or give the run more memory)")


def _ends(line: AnyStr) -> bool:
    """Bytes windows end lines at LF; decoded streams (newline="") at CR, LF or CRLF."""
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith(("\n", "\r"))


def capped_lines(fh: IO[AnyStr], cap: int) -> Iterator[AnyStr | Overlong]:
    """Every line of `fh` (with its line end), or an Overlong for one longer than `cap` (counted in the units
    of the stream: bytes, or characters of a decoded stream)."""
    while line := fh.readline(cap + 1):
        if len(line) <= cap:
            yield line
            continue
        size, head, ended = len(line), line[:HEAD_CHARS], _ends(line)
        del line
        if not ended:
            while part := fh.readline(SKIP_CHUNK):
                size += len(part)
                if _ends(part):
                    break
        if isinstance(head, bytes):
            yield Overlong(size, head.decode("utf-8", "replace"))
        else:
            yield Overlong(size, head, exact=False)


def capped_read(fh: IO[str], cap: int) -> str | Overlong:
    """All of a decoded stream, or an Overlong when it holds more than `cap` characters: read past in chunks, never
    held whole (a whole-file record: a .txt or .html file)."""
    text = fh.read(cap + 1)
    if len(text) <= cap:
        return text
    size, head = len(text), text[:HEAD_CHARS]
    del text
    while part := fh.read(SKIP_CHUNK):
        size += len(part)
    return Overlong(size, head, exact=False)


# The content fingerprint of what a shard reads: sha256, the fastest cryptographic hashlib digest on the project's
# machine (about twice blake2b's speed, ~1 GB/s: `python -m bench.fingerprint_cost`); xxhash is not a dependency.
FINGERPRINT_HASH = "sha256"
# How much of a file is read at a time where it is hashed on its own (a whole-file input, the rest of a window).
HASH_CHUNK = 2**20


class WindowHash:
    """The fingerprint of the bytes [start, end) of one file (end None: to its end), fed by the reader that reads
    them (`wrap`) so nothing is read twice; `hexdigest(path)` reads and hashes whatever the reader left unread
    (a reader that stopped early, or one that never came through `wrap`: a whole-file format hashes its raw
    bytes, compressed or not)."""

    def __init__(self, start: int = 0, end: int | None = None) -> None:
        self.start, self.end = start, end
        self.position = start
        self.complete = False
        self._hash = hashlib.new(FINGERPRINT_HASH)

    def feed(self, data: bytes) -> None:
        if self.complete:
            return
        if not data:  # the end of the file
            self.complete = True
            return
        if self.end is not None and self.position + len(data) >= self.end:
            data = data[:self.end - self.position]
            self.complete = True
        self._hash.update(data)
        self.position += len(data)

    def stop(self) -> None:
        """End the window where the bytes fed so far end (a planner that finds the next window's start)."""
        self.end = self.position
        self.complete = True

    def wrap(self, fh: BinaryIO) -> HashingReader:
        return HashingReader(fh, self)

    def hexdigest(self, path: Path) -> str:
        if not self.complete:
            with path.open("rb") as fh:
                fh.seek(self.position)
                while not self.complete:
                    self.feed(fh.read(HASH_CHUNK))
        return self._hash.hexdigest()


class HashingReader:
    """A binary file whose readline/read feed what they return to a WindowHash (the reader seeks to the window's
    start first)."""

    def __init__(self, fh: BinaryIO, digest: WindowHash) -> None:
        self._fh = fh
        self.digest = digest  # the planner moves on to the next window's digest where one starts

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self._fh.seek(offset, whence)
        if position != self.digest.position:  # only where the hash stands: the window's start
            raise ValueError(f"a hashed window is read from byte {self.digest.position}, not {position}")
        return position

    def readline(self, size: int = -1) -> bytes:
        line = self._fh.readline(size)
        self.digest.feed(line)
        return line

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.digest.feed(data)
        return data
