"""Issue 20, workers that fit the machine: `--workers` above the usable cores or above what available memory
holds (at engines.WORKER_FOOTPRINT_BYTES a worker) is capped with one warning naming the cap and why."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import engines

from .conftest import PROJECT_ROOT, small_glossary_dir

GB = 2**30
RUN_OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "--batch-size", "1")


@pytest.mark.parametrize(("requested", "cores", "memory", "fit", "why"), [
    (2, 4, 64 * GB, 2, None),  # fits: no warning
    (64, 2, 64 * GB, 2, "2 usable core(s)"),
    (8, 16, 2 * engines.WORKER_FOOTPRINT_BYTES, 2, "available memory at about 800 MB per worker"),
    (8, 16, engines.WORKER_FOOTPRINT_BYTES // 2, 1, "available memory"),  # never below one
    (8, 2, None, 2, "2 usable core(s)"),  # no /proc/meminfo: cores only
])
def test_workers_are_capped_at_cores_and_memory(monkeypatch, caplog, requested: int, cores: int,
                                                memory: int | None, fit: int, why: str | None) -> None:
    monkeypatch.setattr(engines, "usable_cores", lambda: cores)
    monkeypatch.setattr(engines, "available_memory", lambda: memory)
    with caplog.at_level(logging.WARNING, logger="pipeline.engines"):
        assert engines.fit_workers(requested) == fit
    said = [r.getMessage() for r in caplog.records]
    if why is None:
        assert said == []
    else:
        assert len(said) == 1 and said[0].startswith(f"--workers {requested} capped at {fit}: ") and why in said[0]


def test_available_memory_reads_meminfo(tmp_path: Path, monkeypatch) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  8000 kB\nMemAvailable:    2048 kB\n", encoding="ascii")
    monkeypatch.setattr(engines, "MEMINFO", meminfo)
    assert engines.available_memory() == 2048 * 1024
    monkeypatch.setattr(engines, "MEMINFO", tmp_path / "absent")
    assert engines.available_memory() is None


def test_a_run_with_too_many_workers_warns_once_and_finishes(tmp_path: Path) -> None:
    glossaries = small_glossary_dir(tmp_path / "glossaries")
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"n{i}", "title": "中际旭创涨停", "body": f"股价上涨{i}%。"},
                                         ensure_ascii=False) + "\n" for i in range(4)), encoding="utf-8")
    out = tmp_path / "out"
    requested = engines.usable_cores() + 62
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--glossaries",
                           str(glossaries), "-q", "--workers", str(requested), *RUN_OPTIONS],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    capped = [line for line in lines if f"--workers {requested} capped at " in line]
    assert len(capped) == 1 and "usable core(s)" in capped[0], proc.stderr
    assert "Traceback" not in proc.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    fit = int(capped[0].split(" capped at ", 1)[1].split(":", 1)[0])
    assert manifest["shards"]["workers"] == fit == manifest["config"]["workers"]  # what ran, not what was asked
    counts = manifest["counts"]
    assert counts["records_in"] == 4 == counts["documents_out"] + counts["rejected"] + counts["dropped"]
