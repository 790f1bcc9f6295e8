"""What an input file is (format, compression, encoding) and how to open it as bytes or text. A file that
cannot be cut into byte windows (compressed, UTF-16/32, CR-only line ends, a JSON array, Parquet, HTML,
plain text) is read whole by one shard."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, BinaryIO

from pipeline.io.encoding import DETECT_BYTES, detect, is_wide


def _zstd_open(path: Path) -> BinaryIO:
    import zstandard

    return zstandard.open(path, "rb")  # type: ignore[return-value]


COMPRESSIONS: dict[str, Callable[[Path], BinaryIO]] = {
    ".gz": lambda p: gzip.open(p, "rb"),  # type: ignore[dict-item]
    ".bz2": lambda p: bz2.open(p, "rb"),  # type: ignore[dict-item]
    ".xz": lambda p: lzma.open(p, "rb"),  # type: ignore[dict-item]
    ".zst": _zstd_open,
}
FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".txt": "txt", ".parquet": "parquet",
           ".html": "html", ".htm": "html"}
# Formats a byte window can cut at line starts.
LINE_FORMATS = ("jsonl", "csv")
BINARY_FORMATS = ("parquet",)


@dataclass(frozen=True)
class InputInfo:
    format: str
    compression: str | None
    encoding: str | None  # None for binary formats
    splittable: bool

    @property
    def line_codec(self) -> str:
        """The codec for one line of a splittable file (the BOM is stripped from line 1 separately)."""
        return "utf-8" if self.encoding == "utf-8-sig" else (self.encoding or "utf-8")


def format_of(path: Path) -> tuple[str | None, str | None]:
    """(format, compression) from the file name: `a.jsonl.gz` → ("jsonl", ".gz"); (None, …) if unknown."""
    suffixes = [s.lower() for s in path.suffixes]
    compression = suffixes[-1] if suffixes and suffixes[-1] in COMPRESSIONS else None
    if compression:
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt in BINARY_FORMATS and compression:
        fmt = None
    return fmt, compression


def open_binary(path: Path, compression: str | None) -> BinaryIO:
    return COMPRESSIONS[compression](path) if compression else path.open("rb")


def open_text(path: Path, info: InputInfo) -> IO[str]:
    """Decoded text, lines ending at CR, LF or CRLF (kept, as the csv module wants); bad bytes of an
    ASCII-compatible encoding kept as surrogate escapes, so a line can be rejected on its own."""
    errors = "replace" if is_wide(info.encoding or "") else "surrogateescape"
    return io.TextIOWrapper(open_binary(path, info.compression), encoding=info.encoding or "utf-8",
                            errors=errors, newline="")


def describe(path: Path, forced_encoding: str | None = None) -> InputInfo:
    stat = path.stat()
    return _describe(str(path), stat.st_size, stat.st_mtime_ns, forced_encoding)


@lru_cache(maxsize=1024)
def _describe(name: str, size: int, mtime_ns: int, forced_encoding: str | None) -> InputInfo:
    """Cached per file version: the planner and every shard must see the same answer."""
    path = Path(name)
    fmt, compression = format_of(path)
    if fmt is None:
        raise ValueError(f"{path}: not a supported input type")
    if fmt in BINARY_FORMATS:
        return InputInfo(fmt, None, None, False)
    with open_binary(path, compression) as fh:
        head = fh.read(DETECT_BYTES)
    encoding = detect(head, forced_encoding)
    cr_only = b"\r" in head and b"\n" not in head
    splittable = fmt in LINE_FORMATS and compression is None and not is_wide(encoding) and not cr_only
    return InputInfo(fmt, compression, encoding, splittable)
