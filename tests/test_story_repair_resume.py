"""An append killed (kill -9) while the story repair of `duplicates: drop` runs a dropped copy through the steps
(pipeline/story_repair.py: the story's first telling was rejected, so its copies are tried in input order) leaves
the dataset as it was, and `--resume` finishes it to what the same appends give uninterrupted: documents,
segments, mentions with their `duplicate_of`, the rejects, the dataset's counts and the run's counts.

The kill comes from a step of the run's own config (module:Class in `steps:`), when it is given the repair's copy
in the one process that ever sees it: with `drop`, the planner makes every copy a reject that no shard processes,
so only the repair, in the lead process after the shards, hands it to a step. The step kills only where the
environment variable below names the copy (the child's), never the test's own process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

import pipeline
from pipeline.dataset.layout import read_manifest, run_dir
from pipeline.dataset.read import DatasetReader
from pipeline.io.outdir import RunDirectory
from pipeline.io.writers import TABLES
from pipeline.records import Document
from pipeline.shards import DONE_MARKER
from pipeline.stage import Stage
from tests.small_glossary import small_glossary_dir
from tests.test_duplicate_refs import MAX_SEGMENTS, RECORDS, _jsonl, _record, _write

KILL_ON = "NEWSBRIDGE_TEST_KILL_ON_COPY"  # the id of the document whose processing kills the process
COPY = "c"  # the story's first written copy: r and r2 are rejected (too long), c is the one the repair keeps
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 120
# What differs between two equal runs: when they ran and how long they took.
TIMING_KEYS = ("finished", "seconds", "started", "elapsed_s")


class KillOnCopy(Stage):
    """Passes documents through; SIGKILLs its own process (no clean-up: a power cut, `kill -9`) when given the
    document named by KILL_ON in its environment."""

    name = "kill_on_copy"
    requires = ("segments",)

    def process(self, docs: list[Document]) -> list[Document]:
        if any(doc.id == os.environ.get(KILL_ON) for doc in docs):
            os.kill(os.getpid(), signal.SIGKILL)
        return docs


STEPS: list[Any] = ["normalize", "segment", f"{__name__}:KillOnCopy", "link"]
SETTINGS: dict[str, Any] = {"steps": STEPS, "max_segments_per_record": MAX_SEGMENTS, "duplicates": "drop",
                            "shard_records": 2}


def _append(day: Path, dataset: Path, glossary: Path, **extra: Any) -> pipeline.RunResult:
    return pipeline.run([str(day)], dataset, glossaries=glossary, append=True, **SETTINGS, **extra)


def _rows(dataset: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in a fixed order (the order of the rows is not what is compared)."""
    reader = DatasetReader(dataset)
    tables: dict[str, pa.Table] = {name: reader.table(name) for name in TABLES}
    return {name: sorted(table.to_pylist(), key=repr) for name, table in tables.items()}


def _untimed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def _state(dataset: Path) -> tuple[Any, ...]:
    """What a user reads of the dataset: its tables, counts, each run's counts and rejects."""
    manifest = read_manifest(dataset) or {}
    runs = [(entry["counts"], _jsonl(run_dir(dataset, entry["run_id"]), "rejects.jsonl"))
            for entry in manifest["history"]]
    return _rows(dataset), manifest["counts"], _untimed(runs)


def test_an_append_killed_in_the_story_repair_resumes_to_the_uninterrupted_dataset(tmp_path) -> None:
    glossary = small_glossary_dir(tmp_path / "glossary")
    day1 = _write(tmp_path / "day1.jsonl", [_record("a", "中际旭创股价11月30日收盘下跌1.05%，成交额5432万元。", 7,
                                                    "中际旭创收跌1.05%")])
    day2 = _write(tmp_path / "day2.jsonl", RECORDS)
    reference, dataset = tmp_path / "reference", tmp_path / "dataset"
    for target in (reference, dataset):
        _append(day1, target, glossary)
    done = _append(day2, reference, glossary)
    assert done.manifest["counts"]["dropped"] == 2  # the repair ran: r2 and d name c, which it kept
    before = _state(dataset)

    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({**SETTINGS, "glossaries": str(glossary)}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "-q", "run", str(day2), "--out", str(dataset),
                           "--append", "--config", str(config)], cwd=ROOT, env={**os.environ, KILL_ON: COPY},
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    work = RunDirectory(dataset).path
    # Killed after every shard was done (the repair comes after them), before anything was committed.
    assert len(list(work.glob(f"shards/*/{DONE_MARKER}"))) == 3
    assert _state(dataset) == before

    resumed = _append(day2, dataset, glossary, resume=True)
    assert _untimed(resumed.manifest["counts"]) == _untimed(done.manifest["counts"])
    assert _state(dataset) == _state(reference)
    assert {r["doc_id"]: r["duplicate_of"] for r in _rows(dataset)["documents"]} == {
        "a": None, "c": None, "other": None}
    assert not work.exists()
