"""Issue 20, no orphans: kill -9 of the main process of a `--workers 2` run leaves no pool worker and no resource
tracker running (the workers die with their parent: engines._die_with_parent). SIGTERM is covered by
test_interrupted_runs (pool-sigterm)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.shards import DONE_MARKER

from .conftest import PROJECT_ROOT, small_glossary_dir

RUN_OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "--batch-size", "1")
RECORDS = 200  # 100 shards: work left when the first is done
# Bounds on polling, not on the pipeline's speed: reaching the first finished shard on a slow, busy machine, and
# the kernel's delivery of the parent-death signal (immediate; the bound only keeps a failure from hanging).
START_POLLS = 6000
GONE_POLLS = 200
POLL_S = 0.05


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text(encoding="utf-8")
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.add(int(entry))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init to reap it: it runs nothing)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _corpus(root: Path) -> tuple[Path, Path]:
    glossaries = small_glossary_dir(root / "glossaries")
    corpus = root / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"n{i}", "title": "中际旭创涨停", "body": f"股价上涨{i}%。"},
                                         ensure_ascii=False) + "\n" for i in range(RECORDS)), encoding="utf-8")
    return corpus, glossaries


def test_kill_9_of_the_main_process_leaves_no_worker(tmp_path: Path) -> None:
    corpus, glossaries = _corpus(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                             "--glossaries", str(glossaries), "-q", "--workers", "2", *RUN_OPTIONS],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT_ROOT,
                            start_new_session=True)
    try:
        children: set[int] = set()
        for _ in range(START_POLLS):  # both workers started and one shard done: the pool is at work
            children |= _children(proc.pid)
            if list(out.parent.glob(f"*/shards/*/{DONE_MARKER}")) and len(children) >= 2:
                break
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(POLL_S)
        else:
            raise AssertionError("the run did not reach its first finished shard")
        children |= _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(GONE_POLLS):
            left = {pid for pid in children if _running(pid)}
            if not left:
                break
            time.sleep(POLL_S)
        assert not left, f"processes of the killed run still running: {sorted(left)}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in children if "children" in locals() else ():
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
