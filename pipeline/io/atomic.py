"""Files that appear whole or not at all: write to a temporary sibling, then rename."""

from __future__ import annotations

import os
from pathlib import Path


def temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


def commit(temp: Path, final: Path) -> None:
    """Flush to disk and rename over the final name (atomic on POSIX)."""
    with open(temp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(temp, final)


def write_text_atomic(final: Path, text: str) -> None:
    temp = temp_path(final)
    temp.write_text(text, encoding="utf-8")
    commit(temp, final)


def write_bytes_atomic(final: Path, data: bytes) -> None:
    temp = temp_path(final)
    temp.write_bytes(data)
    commit(temp, final)
