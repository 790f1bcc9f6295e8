"""`-` as an input: standard input is spooled once to a file beside the output, named by its content, so
shards can read it like any file and a `--resume` fed the same data finds the same file (and plan). The
spool is deleted after a successful run and kept after a failed one."""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.io.atomic import pid_alive

STDIN = "-"
# A spool being written: `.<out name><prefix><pid>-<random>.part`, renamed to its content's name when complete.
PART_SUFFIX = ".part"
# Copy buffer for the spool.
CHUNK_BYTES = 1 << 20


def spool_by_content(out_dir: Path, prefix: str, chunks: Iterable[bytes],
                     target_for: Callable[[Path, str], Path], seed: bytes = b"") -> Path:
    """Write `chunks` to a temporary file beside the output directory while hashing them (SHA-256 of `seed` and
    the chunks), then move it to `target_for(out, hexdigest)`. When that file is already there (the same data
    spooled by an interrupted run) it is kept as it is, so its mtime, which --resume checks, does not change."""
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out, prefix)
    digest = hashlib.sha256(seed)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}{prefix}{os.getpid()}-", suffix=PART_SUFFIX, dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                digest.update(chunk)
                fh.write(chunk)
        target = target_for(out, digest.hexdigest())
        if target.exists():
            os.unlink(tmp)
        else:
            target.parent.mkdir(exist_ok=True)
            shutil.move(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def remove_stale_parts(out: Path, prefix: str) -> list[Path]:
    """Delete the half-written spools of runs into `out` that were killed while spooling (kill -9 leaves no
    `except` to do it): `.<out name><prefix><pid>-<random>.part` whose PID is no running process."""
    stale = re.compile(rf"^\.{re.escape(out.name)}{re.escape(prefix)}(?P<pid>\d+)-\w+{re.escape(PART_SUFFIX)}$")
    removed = []
    for path in out.parent.glob(f".{glob.escape(out.name)}{glob.escape(prefix)}*{PART_SUFFIX}"):
        match = stale.match(path.name)
        if match and not pid_alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def spool_stdin(out_dir: Path, fmt: str) -> Path:
    """Copy standard input to `<out parent>/.<out name>.stdin-<sha256 prefix>.<fmt>` and return that path."""
    source = sys.stdin.buffer
    return spool_by_content(out_dir, ".stdin-", iter(lambda: source.read(CHUNK_BYTES), b""),
                            lambda out, digest: out.parent / f".{out.name}.stdin-{digest[:16]}.{fmt}")


def remove_spool(path: Path) -> None:
    Path(path).unlink(missing_ok=True)
