"""The records of a JSON array (or the one object of a .json file) as the bytes of each, read in chunks with a size
cap: a record over the cap is read past without being held, so one 4 GB record in a small .json.zst costs bounded
memory, and the records after it are still read. Only strings and brackets are looked at here; each record's bytes
are parsed on their own (json.loads), so a broken record is rejected alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from pipeline.io.lines import HEAD_CHARS, Overlong

# Bytes read at a time.
CHUNK = 1 << 20
# The start of a record over the cap kept for its reject (a character is at most 4 bytes of UTF-8).
HEAD_BYTES = HEAD_CHARS * 4
# Outside a string: a whole string, a lone quote (a string running past the buffer), a bracket or a comma.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|"|[\[\]{},]')
# The body of a string up to its closing quote, the buffer's end, or a backslash that is the buffer's last byte.
_STRING_BODY = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*')
_NOT_SPACE = re.compile(rb"\S")
OPEN, CLOSE, COMMA, QUOTE, BACKSLASH = b"[{", b"]}", ord(","), ord('"'), ord("\\")


class _Record:
    """The bytes of the record being read, dropped (size and head kept) once they pass the cap."""

    def __init__(self, cap: int) -> None:
        self.cap, self.parts, self.size, self.head = cap, [], 0, b""

    def add(self, data: bytes) -> None:
        self.size += len(data)
        if self.parts is None:
            return
        if self.size > self.cap:
            head = bytearray()
            for part in (*self.parts, data):  # the first bytes only: no copy of what is held
                head += part[:HEAD_BYTES - len(head)]
            self.head, self.parts = bytes(head), None
        else:
            self.parts.append(data)

    def take(self) -> bytes | Overlong:
        if self.parts is None:
            return Overlong(self.size, self.head.decode("utf-8", "replace")[:HEAD_CHARS])
        return b"".join(self.parts)


def json_records(stream: BinaryIO, cap: int, array: bool = True) -> Iterator[bytes | Overlong]:
    """The bytes of each element of the array `stream` holds (UTF-8, starting with `[` after any spaces), or of its
    one top-level value when `array` is False; an Overlong for one over `cap` bytes. ValueError at the end when the
    array is not closed (a truncated file) or something follows it."""
    depth = 0
    record: _Record | None = None  # the element being read
    closed = False  # the top-level value has ended
    in_string = escape = False  # inside a string that ran past the buffer (and its last byte was a backslash)
    empty = True  # no element of the array has ended yet
    while buf := stream.read(CHUNK):
        pos = 0
        start = 0  # where the element's bytes in this buffer start
        if closed:
            if _NOT_SPACE.search(buf):
                raise ValueError("data after the end of the array")
            continue
        if in_string:
            pos = 1 if escape else 0
            escape = False
            end = _STRING_BODY.match(buf, pos).end()  # type: ignore[union-attr]
            if end == len(buf):
                pos = end
            elif buf[end] == QUOTE:
                in_string, pos = False, end + 1
            else:  # a backslash, the buffer's last byte
                escape, pos = True, len(buf)
        if not in_string:
            for match in _TOKEN.finditer(buf, pos):
                char = buf[match.start()]
                if char == QUOTE:
                    if match.end() - match.start() > 1:
                        continue  # a whole string
                    end = _STRING_BODY.match(buf, match.end()).end()  # type: ignore[union-attr]
                    in_string, escape = True, end < len(buf)
                    break
                if char in OPEN:
                    depth += 1
                    if depth == 1:
                        record = _Record(cap)
                        start = match.end() if array else match.start()
                elif char in CLOSE:
                    depth -= 1
                    if depth == 0 and record is not None:
                        record.add(buf[start:match.end() if not array else match.start()])
                        item = record.take()
                        record = None
                        closed = True
                        if not (array and empty and isinstance(item, bytes) and not item.strip()):  # not []
                            yield item
                        if _NOT_SPACE.search(buf, match.end()):
                            raise ValueError("data after the end of the array")
                        break
                elif char == COMMA and depth == 1 and array and record is not None:
                    record.add(buf[start:match.start()])
                    yield record.take()
                    empty = False
                    record = _Record(cap)
                    start = match.end()
        if record is not None and not closed:
            record.add(buf[start:])
    if not closed:
        raise ValueError("the array is not closed: the file ends inside it (cut short?)")
