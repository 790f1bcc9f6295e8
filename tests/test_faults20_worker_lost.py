"""Issue 20, a lost pool worker: a worker killed (kill -9, the OOM killer) breaks the pool; the unfinished shards run
again on a new pool, at most engines.POOL_RESTARTS times, else the run stops with one line and exit 1 (no
BrokenProcessPool traceback)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from pipeline import engines
from pipeline.cli import main
from pipeline.shards import DONE_MARKER

from .conftest import PROJECT_ROOT, small_glossary_dir

RUN_OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "--batch-size", "1")
RECORDS = 16  # 8 shards: work left when the first is done
# Bounds on polling (not on the pipeline's speed): reaching the first finished shard on a slow, busy machine.
START_POLLS = 6000
POLL_S = 0.05


def _die_once(marker_dir: Path, task: int) -> int:
    """Task 1 kills its worker the first time it runs (a marker file says it did), then succeeds."""
    marker = marker_dir / f"died-{task}"
    if task == 1 and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return task * 10


def _always_die(task: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return task


def test_a_killed_worker_s_tasks_run_again_on_a_new_pool(tmp_path: Path, caplog) -> None:
    results = dict(engines.run_tasks(partial(_die_once, tmp_path), list(range(4)), engines.EngineOptions(workers=2)))
    assert results == {i: i * 10 for i in range(4)}  # nothing lost, nothing twice
    restarts = [r.getMessage() for r in caplog.records if "worker process died" in r.getMessage()]
    assert len(restarts) == 1 and "restart 1 of" in restarts[0]


def test_workers_that_keep_dying_stop_the_run_with_one_error(monkeypatch) -> None:
    monkeypatch.setattr(engines, "POOL_RESTARTS", 1)
    with pytest.raises(engines.WorkerLost, match=r"^a worker process died 2 times .*; 3 of 3 shard\(s\) unfinished$"):
        dict(engines.run_tasks(_always_die, [0, 1, 2], engines.EngineOptions(workers=2)))


def test_the_command_line_says_worker_lost_in_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    def lost(*args: object, **kwargs: object) -> None:
        raise engines.WorkerLost("a worker process died 3 times (killed, or out of memory: see `dmesg`); "
                                 "1 of 1 shard(s) unfinished")
    monkeypatch.setattr("pipeline.runner.run_tasks", lost)
    glossaries = small_glossary_dir(tmp_path / "glossaries")
    corpus = _corpus(tmp_path, 1)
    code = main(["run", str(corpus), "--out", str(tmp_path / "out"), "--glossaries", str(glossaries), "-q",
                 "--workers", "2", *RUN_OPTIONS])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsbridge: error: a worker process died 3 times"), err
    assert lines[0].endswith("--resume") and "the finished shards are kept" in lines[0]
    assert "Traceback" not in err


def _corpus(root: Path, records: int) -> Path:
    corpus = root / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"n{i}", "title": "中际旭创涨停", "body": f"股价上涨{i}%。"},
                                         ensure_ascii=False) + "\n" for i in range(records)), encoding="utf-8")
    return corpus


def _workers(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text(encoding="utf-8")
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status and b"spawn_main" in cmdline:
                found.append(int(entry))
    return found


def test_kill_9_of_a_worker_during_a_run_loses_nothing(tmp_path: Path) -> None:
    glossaries = small_glossary_dir(tmp_path / "glossaries")
    corpus = _corpus(tmp_path, RECORDS)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                             "--glossaries", str(glossaries), "-q", "--workers", "2", *RUN_OPTIONS],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
                            start_new_session=True)
    try:
        for _ in range(START_POLLS):
            workers = _workers(proc.pid)
            if workers and list(tmp_path.glob(f"*/shards/*/{DONE_MARKER}")):
                break
            assert proc.poll() is None, "the run ended before a worker could be killed"
            time.sleep(POLL_S)
        else:
            raise AssertionError("the run did not reach its first finished shard")
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "BrokenProcessPool" not in err, err
    died = [line for line in err.splitlines() if "worker process died" in line]
    assert len(died) == 1 and "restart 1 of" in died[0], err
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["records_in"] == RECORDS == counts["documents_out"] + counts["rejected"] + counts["dropped"]
    ids = [json.loads(line)["doc_id"] for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(f"n{i}" for i in range(RECORDS))  # nothing lost, nothing twice
