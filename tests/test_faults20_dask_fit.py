"""Issue 20, Dask workers that fit: `--engine dask --workers 64` on 2 cores started 64 workers whose memory limit
(Dask's "auto", the total shared out) was below what each holds, so they were killed for memory. Our LocalCluster
now gets the process pool's cap (engines.fit_workers, one warning) and a memory_limit per worker of its share of the
available memory, never below a Dask worker's footprint over Dask's pause threshold. Checked on the cluster's arguments:
no worker is started."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import dask.config
import distributed
import pytest

from pipeline import engines
from pipeline.cli import main

from .conftest import small_glossary_dir

GB = 2**30
FOOTPRINT = engines.DASK_WORKER_FOOTPRINT_BYTES  # 900 MB; a Dask worker on seeds peaked at 844 MB
FLOOR = math.ceil(FOOTPRINT / 0.8)  # Dask pauses a worker at 80% of its limit by default: 1,125 MB


@pytest.mark.parametrize(("workers", "available", "thresholds", "limit"), [
    (2, 16 * GB, {}, 8 * GB),  # the available memory shared out
    (64, 16 * GB, {}, FLOOR),  # never below the footprint over the pause threshold (the fit caps 64 first)
    (16, 16 * GB, {}, FLOOR),  # 1 GB each would pause a worker of 844 MB
    (2, 16 * GB, {"pause": False}, 8 * GB),
    (64, 16 * GB, {"pause": False}, math.ceil(FOOTPRINT / 0.95)),  # then the terminate threshold
    (64, 16 * GB, {"pause": False, "terminate": False}, FOOTPRINT),
])
def test_memory_limit_per_worker(monkeypatch, workers: int, available: int, thresholds: dict, limit: int) -> None:
    monkeypatch.setattr(engines, "available_memory", lambda: available)
    with dask.config.set({f"distributed.worker.memory.{k}": v for k, v in thresholds.items()}):
        assert engines.dask_memory_limit(workers) == limit


def test_without_meminfo_the_total_is_shared(monkeypatch) -> None:
    from distributed.system import MEMORY_LIMIT

    monkeypatch.setattr(engines, "available_memory", lambda: None)
    assert engines.dask_memory_limit(1) == max(FLOOR, MEMORY_LIMIT)


class Recorded(OSError):
    """Raised by the stand-in LocalCluster once it has its arguments: no worker process is started."""


def test_a_dask_run_with_64_workers_on_2_cores_asks_for_2_that_fit(tmp_path: Path, monkeypatch, capsys,
                                                                   caplog) -> None:
    asked: dict = {}

    def local_cluster(**kwargs):
        asked.update(kwargs)
        raise Recorded("stand-in cluster")

    monkeypatch.setattr(engines, "usable_cores", lambda: 2)
    monkeypatch.setattr(engines, "available_memory", lambda: 64 * GB)
    monkeypatch.setattr(distributed, "LocalCluster", local_cluster)
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "a", "title": "中际旭创涨停", "body": "股价上涨。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    code = main(["run", str(news), "--out", str(tmp_path / "out"), "--glossaries",
                 str(small_glossary_dir(tmp_path / "glossary")), "--translator", "gloss", "--translation-memory", "off",
                 "--engine", "dask", "--workers", "64", "-q"])
    err = capsys.readouterr().err
    assert (asked["n_workers"], asked["threads_per_worker"], asked["memory_limit"]) == (2, 1, 32 * GB)
    assert "Traceback" not in err
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == ["--workers 64 capped at 2: this machine has 2 usable core(s)"]
    # The stand-in's refusal is what a cluster that cannot start looks like: one line, exit 1.
    assert code == 1
    assert err.splitlines()[-1] == ("newsbridge: error: cannot start a local Dask cluster of 2 workers: "
                                    "stand-in cluster"), err

