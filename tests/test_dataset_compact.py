"""`newsbridge dataset compact`: fewer files, the same rows in the same order for every reader, the compacted
versions pinned (so an append's rollback returns to them), as_of kept without a vacuum and refused in one line
after one, and the command's errors (a run holding the lock, not a dataset, a damaged manifest)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable, write_deltalake

import pipeline
from bench.dataset_synthetic import doc_ids, stage_run
from pipeline.dataset.append import open_dataset
from pipeline.dataset.compact import _small_tail
from pipeline.dataset.layout import MANIFEST_FILE, TABLES, table_dir
from pipeline.dataset.read import DatasetReader, DatasetReadError
from pipeline.dataset.store import DatasetError
from pipeline.io.outdir import RunDirectory

from .views_support import cli

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("dataset_commit_child.py")
DAYS = 3
PER_DAY = 4


def build(tmp_path: Path) -> Path:
    """A dataset of three daily appends (one small file per table per day), the story index with it."""
    path = tmp_path / "ds"
    with open_dataset(path) as dataset:
        for day in range(DAYS):
            ids = doc_ids("d", day * PER_DAY, PER_DAY)
            manifest = stage_run(tmp_path / f"s{day}", ids, duplicate_every=3)
            dataset.commit_run(tmp_path / f"s{day}", manifest, mode="append", new_ids=ids)
    return path


def manifest_of(path: Path) -> dict:
    return json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8"))


def readers_view(path: Path) -> dict:
    """What readers give of the dataset: the API's tables (rows in order), one document shown, inspect's figures."""
    result = pipeline.read(path)
    code, shown, err = cli("show", str(path), "d000000005", "--format", "json")
    assert code == 0, err
    code, inspected, err = cli("inspect", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(inspected)
    tables = {name: getattr(result, name).to_json(orient="records", date_format="iso") for name in TABLES}
    return {**tables, "show": json.loads(shown),
            "counts": data["counts"], "quality": data["quality"], "runs": data["dataset"]["runs"],
            "last_run": data["dataset"]["last_run"]}


def files(path: Path) -> dict[str, int]:
    reader = DatasetReader(path)
    return {name: len(reader.files(name)) for name in TABLES}


def test_compaction_keeps_every_row_in_order_and_pins_fewer_files(tmp_path: Path) -> None:
    path = build(tmp_path)
    before, manifest = readers_view(path), manifest_of(path)
    old_run = DatasetReader(path, as_of="run-00002").table("documents").to_pylist()
    assert files(path) == dict.fromkeys(TABLES, DAYS)
    code, out, err = cli("dataset", "compact", str(path))
    assert code == 0, err
    assert "files documents 3 → 1, segments 3 → 1, mentions 3 → 1; logs checkpointed" in out
    assert readers_view(path) == before and files(path) == dict.fromkeys(TABLES, 1)
    after = manifest_of(path)
    entry = after["history"][-1]
    assert entry["mode"] == "compact" and entry["files"]["documents"] == {"before": 3, "after": 1}
    assert entry["rows"] == {"documents": 12, "segments": 12 * 3, "mentions": 12 * 2} and "seconds" in entry
    assert after["counts"] == manifest["counts"] and after["history"][:-1] == manifest["history"]
    assert after["dataset"]["tables"] == entry["tables"] != manifest["dataset"]["tables"]
    for name in TABLES:  # the log is checkpointed at the pinned version
        assert (table_dir(path, name) / "_delta_log" / f"{entry['tables'][name]:020d}.checkpoint.parquet").is_file()
    # Without a vacuum the files an older run's versions name stay: as_of still reads them.
    assert DatasetReader(path, as_of="run-00002").table("documents").to_pylist() == old_run
    # A compaction takes no run number and shows as no run: the next append is run 4.
    code, text, _ = cli("inspect", str(path))
    assert "runs (3)" in text
    assert any(line.startswith("  compaction  ") for line in text.splitlines())
    with open_dataset(path, create=False) as dataset:
        assert dataset.run_id == "run-00004"
    # The run's own history entries say how long their commit took.
    assert all(isinstance(h["commit_seconds"], float) for h in after["history"][:-1])


def test_vacuum_loses_as_of_of_older_runs_with_a_one_line_error(tmp_path: Path) -> None:
    path = build(tmp_path)
    entry = pipeline.compact(path, vacuum_days=0)
    assert entry["vacuum"]["files_removed"] == 3 * DAYS
    assert entry["vacuum"]["as_of_lost"] == ["run-00001", "run-00002", "run-00003"]
    assert len(pipeline.read(path).documents) == DAYS * PER_DAY  # the pinned (compacted) versions are whole
    with pytest.raises(DatasetReadError, match=r"cannot read as of run-00002: the compaction of .* vacuumed") as e:
        pipeline.read(path, as_of="run-00002")
    assert "\n" not in str(e.value)


def test_an_append_after_compaction_rolls_back_to_the_compacted_version(tmp_path: Path) -> None:
    path = build(tmp_path)
    compacted = pipeline.compact(path)["tables"]
    before = readers_view(path)
    # A run 4 killed after the tables took its rows, before the manifest (tests/dataset_commit_child.py).
    done = subprocess.run([sys.executable, str(CHILD), str(path), str(tmp_path / "s4"), "append", "100", "4",
                           "manifest"], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert readers_view(path) == before
    with open_dataset(path, create=False) as dataset:  # the rollback an append or a compaction starts with
        assert dataset.run_id == "run-00004"
        for name in TABLES:
            latest = DeltaTable(table_dir(path, name))
            assert latest.version() > compacted[name]
            assert set(latest.file_uris()) == set(DeltaTable(table_dir(path, name), version=compacted[name])
                                                  .file_uris())
        ids = doc_ids("d", 100, 4)
        manifest = stage_run(tmp_path / "s5", ids)
        dataset.commit_run(tmp_path / "s5", manifest, mode="append", new_ids=ids)
    documents = list(pipeline.read(path).documents["doc_id"])
    assert documents == doc_ids("d", 0, DAYS * PER_DAY) + doc_ids("d", 100, 4)
    assert manifest_of(path)["history"][-1]["run_id"] == "run-00004"


def test_compaction_refuses_while_a_run_holds_the_lock_and_what_is_no_dataset(tmp_path: Path) -> None:
    path = build(tmp_path)
    with RunDirectory(path):  # a run appending to it
        code, _, err = cli("dataset", "compact", str(path))
    assert code == 2 and "another newsbridge run" in err and err.count("\n") == 1
    assert manifest_of(path)["history"][-1]["mode"] == "append"
    single = tmp_path / "single"
    single.mkdir()
    (single / MANIFEST_FILE).write_text(json.dumps({"counts": {}}), encoding="utf-8")
    for target, message in ((tmp_path / "nowhere", "no such dataset directory"),
                            (tmp_path / "s0", "holds one run's output, not a dataset"),
                            (single, "holds one run's output, not a dataset")):
        code, _, err = cli("dataset", "compact", str(target))
        assert code == 2 and message in err and err.count("\n") == 1, err
    (path / MANIFEST_FILE).write_text("{damaged", encoding="utf-8")
    code, _, err = cli("dataset", "compact", str(path))
    assert code == 2 and "cannot be read as a manifest; the dataset is damaged" in err
    with pytest.raises(DatasetError, match="damaged"):
        pipeline.compact(path)
    assert files_on_disk(path) == 3 * DAYS  # nothing rewritten


def files_on_disk(path: Path) -> int:
    return sum(1 for name in TABLES for p in table_dir(path, name).glob("*.parquet"))


def test_rows_another_writer_added_make_the_compaction_fail_and_restore(tmp_path: Path) -> None:
    """Rows appended to a table by another tool after newsbridge's pinned version (which readers do not see) would
    be pinned by the compaction: it fails instead, each table back as it was, the manifest unchanged."""
    path = build(tmp_path)
    manifest = manifest_of(path)
    documents = table_dir(path, "documents")
    stage_run(tmp_path / "other", doc_ids("o", 0, 2))
    write_deltalake(documents, pq.read_table(tmp_path / "other" / "documents.parquet"), mode="append")
    foreign = DeltaTable(documents).file_uris()
    code, _, err = cli("dataset", "compact", str(path))
    assert code == 1 and "table documents held 14 rows after compaction, not the 12" in err
    assert manifest_of(path) == manifest
    assert set(DeltaTable(documents).file_uris()) == set(foreign)


def test_a_later_compaction_rewrites_only_the_small_files_after_the_big_ones(tmp_path: Path) -> None:
    path = build(tmp_path)
    pipeline.compact(path)
    with open_dataset(path, create=False) as dataset:
        ids = doc_ids("d", 100, 2)
        dataset.commit_run(tmp_path / "s9", stage_run(tmp_path / "s9", ids), mode="append", new_ids=ids)
    reader = DatasetReader(path)
    big, new = reader.files("documents")
    size = os.path.getsize(big)
    assert _small_tail(reader, "documents", 2 * size) == [new]  # half the target or more: kept as it is
    assert _small_tail(reader, "documents", 2 * size + 2) == [big, new]
    entry = pipeline.compact(path)
    assert entry["files"]["documents"] == {"before": 2, "after": 1}
    assert list(pipeline.read(path).documents["doc_id"]) == doc_ids("d", 0, DAYS * PER_DAY) + ids
