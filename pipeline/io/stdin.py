"""`-` as an input: standard input is spooled once to a file beside the output, named by its content, so
shards can read it like any file and a `--resume` fed the same data finds the same file (and plan). The
spool is deleted after a successful run and kept after a failed one."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

STDIN = "-"
# Copy buffer for the spool.
CHUNK_BYTES = 1 << 20


def spool_stdin(out_dir: Path, fmt: str) -> Path:
    """Copy standard input to `<out parent>/.<out name>.stdin-<sha256 prefix>.<fmt>` and return that path."""
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.stdin-", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            source = sys.stdin.buffer
            while chunk := source.read(CHUNK_BYTES):
                digest.update(chunk)
                fh.write(chunk)
        target = out.parent / f".{out.name}.stdin-{digest.hexdigest()[:16]}.{fmt}"
        if target.exists():  # the same data spooled by an interrupted run: keep its mtime for --resume
            os.unlink(tmp)
        else:
            shutil.move(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def remove_spool(path: Path) -> None:
    Path(path).unlink(missing_ok=True)
