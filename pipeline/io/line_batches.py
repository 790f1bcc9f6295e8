"""Lines of a stream in batches, for `newsbridge translate`: full batches while more input is already waiting,
and whatever has arrived as soon as the stream pauses. A file or a fast pipe is translated `size` lines at a
time (a model translates a batch together), while a pipe fed a line at a time (`tail -f`, a terminal) gets
each line back at once instead of waiting for a batch to fill."""

from __future__ import annotations

import os
import select
from collections.abc import Iterator
from typing import BinaryIO

# Bytes asked of the stream per read: one system call moves a large batch; a short line comes back alone.
READ_BYTES = 1 << 16


class LineTooLong(ValueError):
    """A line longer than the cap: it is never held whole (input with no line breaks at all, say)."""

    def __init__(self, line: int, cap: int) -> None:
        super().__init__(f"line {line} is over max_record_bytes ({cap:,} bytes)")
        self.line = line


def _fileno(stream: BinaryIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.BytesIO and other in-memory streams
        return None


def _waiting(fd: int | None) -> bool:
    """Whether a read would return at once. A file is always ready; an in-memory stream too; where the system
    cannot say (select on a Windows pipe), assume so: batches then fill before they go."""
    if fd is None:
        return True
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def line_batches(stream: BinaryIO, size: int, max_line_bytes: int) -> Iterator[list[bytes]]:
    """The stream's lines (without b"\\n" or a b"\\r" before it), `size` at a time or fewer when the stream
    pauses; a last line without a line break counts. LineTooLong for a line over `max_line_bytes`."""
    fd = _fileno(stream)
    read = (lambda: os.read(fd, READ_BYTES)) if fd is not None else (lambda: stream.read(READ_BYTES))
    pending: list[bytes] = []
    partial = bytearray()
    done = 0  # lines handed out, for the number in LineTooLong
    while True:
        while len(pending) >= size:
            batch, pending = pending[:size], pending[size:]
            done += len(batch)
            yield batch
        if pending and not _waiting(fd):  # nothing more has arrived: answer what has
            batch, pending = pending, []
            done += len(batch)
            yield batch
            continue
        chunk = read()
        if not chunk:
            break
        partial += chunk
        if b"\n" in chunk:
            *lines, rest = bytes(partial).split(b"\n")
            for line in lines:
                if len(line) > max_line_bytes:
                    raise LineTooLong(done + len(pending) + 1, max_line_bytes)
                pending.append(line[:-1] if line.endswith(b"\r") else line)
            partial = bytearray(rest)
        if len(partial) > max_line_bytes:
            raise LineTooLong(done + len(pending) + 1, max_line_bytes)
    if partial:
        pending.append(bytes(partial[:-1] if partial.endswith(b"\r") else partial))
    for start in range(0, len(pending), size):
        yield pending[start:start + size]
