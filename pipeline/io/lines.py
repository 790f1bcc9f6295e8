"""Lines of a file read with a size cap: a line over the cap is skipped in chunks, never held whole, so a
one-line bomb (a 4 GB line in a 100 KB .zst) costs bounded memory and the lines after it are still read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, AnyStr

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
