"""Issue 20, no leftover: a run killed (kill -9) while it spooled standard input or a DataFrame left its
half-written `.OUT.stdin-….part` beside `--out` for good; the next spool into the same `--out` removes the parts of
runs that are no longer alive and keeps those of running ones."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pipeline.io.spool import SPOOL_INFIX
from pipeline.io.stdin import PART_SUFFIX, spool_by_content


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_parts_of_dead_runs_go_and_parts_of_live_runs_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead, live = _dead_pid(), os.getpid()
    stale = [tmp_path / f".out.stdin-{dead}-k2j4x9{PART_SUFFIX}",
             tmp_path / f".out{SPOOL_INFIX}{dead}-a_b{PART_SUFFIX}"]
    kept = [tmp_path / f".out.stdin-{live}-abc123{PART_SUFFIX}",  # a run still spooling
            tmp_path / f".other.stdin-{dead}-abc123{PART_SUFFIX}",  # another output's
            tmp_path / "notes.part"]  # the user's
    for path in (*stale, *kept):
        path.write_bytes(b"half")
    spooled = spool_by_content(out, ".stdin-", iter(io.BytesIO(b'{"title": "t"}\n').read, b""),
                               lambda o, digest: o.parent / f".{o.name}.stdin-{digest[:16]}.jsonl")
    assert spooled.read_bytes() == b'{"title": "t"}\n'
    assert not any(p.exists() for p in stale[:1])  # the stdin prefix's dead part
    assert all(p.exists() for p in kept)
    spool_by_content(out, SPOOL_INFIX, iter([b"x"]), lambda o, digest: o.parent / f".{o.name}{SPOOL_INFIX}{digest}.x")
    assert not stale[1].exists()
    assert sorted(p.name for p in tmp_path.glob(f"*{PART_SUFFIX}")) == sorted(p.name for p in kept)
