"""The dataset's write side: commits add up, an update keeps one row per id, an interrupted commit is invisible to
readers and rolled back by the next open, and a process using deltalake this way exits cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake

from bench.dataset_synthetic import SEGMENTS_PER_DOC, doc_ids, stage_run
from pipeline.dataset.ids import IdIndex
from pipeline.dataset.layout import MANIFEST_FILE, TABLES, is_dataset, run_dir, table_dir
from pipeline.dataset.store import APP_ID, Dataset, DatasetError

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("dataset_commit_child.py")


def read(dataset: Path, name: str, version: int | None = None) -> pa.Table:
    """A table as a reader sees it: at the manifest's pinned version (file_uris + pyarrow, the clean-exit way)."""
    if version is None:
        version = json.loads((dataset / MANIFEST_FILE).read_text())["dataset"]["tables"][name]
    files = DeltaTable(table_dir(dataset, name), version=version).file_uris()
    return pads.dataset(files, format="parquet").to_table() if files else pa.table({})


def commit(dataset: Dataset, staging: Path, ids: list[str], mode: str = "append", **stage: object) -> dict:
    """Commit `ids` as the planner would: an append stages only the ids not yet present, an update all of them."""
    present = [doc_id for doc_id in ids if dataset.ids.contains(doc_id)]
    new = [doc_id for doc_id in ids if doc_id not in set(present)]
    manifest = stage_run(staging, ids if mode == "update" else new, **stage)
    return dataset.commit_run(staging, manifest, mode=mode, new_ids=new,
                              replaced_ids=present if mode == "update" else ())


def snapshot(dataset: Path) -> dict[str, list]:
    return {name: sorted(read(dataset, name).column("doc_id").to_pylist()) for name in TABLES}


def run_child(*args: object, kill: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(CHILD), *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=60)
    if kill:
        assert done.returncode == -signal.SIGKILL, done.stderr
    return done


def test_two_commits_add_up(tmp_path: Path) -> None:
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        assert dataset.manifest is None and dataset.run_id == "run-00001"
        commit(dataset, tmp_path / "s1", doc_ids("d", 0, 10), duplicate_every=5)
        manifest = commit(dataset, tmp_path / "s2", doc_ids("d", 10, 6))
        assert dataset.next_run == 3 and dataset.ids.count() == 16
    assert is_dataset(path)
    counts = manifest["counts"]
    assert (counts["documents"], counts["segments"], counts["mentions"]) == (16, 16 * SEGMENTS_PER_DOC, 32)
    assert counts["distinct_stories"] == 15 and counts["duplicates"] == 1
    assert counts["runs"] == 2 and counts["records_in"] == 16
    assert [h["run_id"] for h in manifest["history"]] == ["run-00001", "run-00002"]
    entry = manifest["history"][1]
    assert entry["mode"] == "append" and entry["dir"] == "runs/run-00002"
    assert entry["glossary"] == {"content_hash": "sha256:synthetic", "entities": 1}
    assert entry["translator_signature"] == "translate:gloss|synthetic"
    assert entry["tables"] == manifest["dataset"]["tables"]
    assert snapshot(path)["documents"] == doc_ids("d", 0, 16)
    assert sorted(os.listdir(run_dir(path, "run-00002"))) == sorted(
        ["documents.jsonl", "segments.jsonl", "mentions.jsonl", "corpus.tmx", "flags.jsonl", "rejects.jsonl",
         "report.html", MANIFEST_FILE])
    # The staged files stay where they were (linked, not moved): a --resume can commit them again.
    assert (tmp_path / "s2" / MANIFEST_FILE).is_file()
    assert (tmp_path / "s2" / "documents.parquet").is_file()
    history = DeltaTable(table_dir(path, "documents")).history(1)[0]
    assert history["newsbridge.run_id"] == "run-00002"
    with Dataset.open(path, create=False) as dataset:  # a day whose records were all present already
        empty = commit(dataset, tmp_path / "s3", doc_ids("d", 0, 16))
    assert empty["dataset"] == manifest["dataset"] and empty["counts"]["runs"] == 3
    assert empty["counts"]["documents"] == 16


def test_update_replaces_rows_and_keeps_one_per_id(tmp_path: Path) -> None:
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        commit(dataset, tmp_path / "s1", doc_ids("it's ", 0, 10))  # a quote in the ids: the DELETE's SQL text
        manifest = commit(dataset, tmp_path / "s2", doc_ids("it's ", 5, 10), mode="update", tag="v2 ")
    documents = read(path, "documents")
    titles = dict(zip(documents.column("doc_id").to_pylist(), documents.column("title_en").to_pylist(),
                      strict=True))
    assert sorted(titles) == doc_ids("it's ", 0, 15)
    assert titles["it's 000000004"] == "title it's 000000004"
    assert titles["it's 000000007"] == "title v2 it's 000000007"
    segments = read(path, "segments").column("doc_id").to_pylist()
    assert len(segments) == 15 * SEGMENTS_PER_DOC and len(set(segments)) == 15
    assert manifest["counts"]["documents"] == 15 and manifest["history"][1]["mode"] == "update"


@pytest.mark.parametrize(("kill_at", "mode"), [("tables", "update"), ("manifest", "append")])
def test_a_killed_commit_reads_as_before_and_the_next_open_rolls_it_back(tmp_path: Path, kill_at: str,
                                                                         mode: str) -> None:
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        before = commit(dataset, tmp_path / "s1", doc_ids("d", 0, 10))
    expected = snapshot(path)
    run_child(path, tmp_path / "s2", mode, 5, 10, kill_at, kill=True)
    # Readers pin the manifest's versions: the half-done commit is invisible, though the tables took its rows.
    assert json.loads((path / MANIFEST_FILE).read_text()) == before
    assert snapshot(path) == expected
    assert DeltaTable(table_dir(path, "documents")).version() > before["dataset"]["tables"]["documents"]
    assert IdIndex(path / "_index" / "ids.sqlite").count() == (15 if kill_at == "manifest" else 10)
    assert run_dir(path, "run-00002").exists() == (kill_at == "manifest")
    story_index_told: list[int] = []
    with Dataset.open(path, create=False, rollback=[story_index_told.append]) as dataset:
        assert story_index_told == [1]
        assert dataset.ids.count() == 10 and not run_dir(path, "run-00002").exists()
        for name in TABLES:  # the latest version now holds exactly the pinned rows again
            latest = read(path, name, DeltaTable(table_dir(path, name)).version())
            assert sorted(latest.column("doc_id").to_pylist()) == expected[name]
        manifest = commit(dataset, tmp_path / "s2", doc_ids("d", 5, 10), mode=mode)
    assert manifest["counts"]["documents"] == 15 == len(set(snapshot(path)["documents"]))


def test_rollback_leaves_other_writers_commits_and_restores_once(tmp_path: Path) -> None:
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        commit(dataset, tmp_path / "s1", doc_ids("d", 0, 4))
        commit(dataset, tmp_path / "s2", doc_ids("d", 4, 4))
    documents = table_dir(path, "documents")
    DeltaTable(documents).optimize.compact()  # another writer's compaction: no newsbridge run number
    compacted = DeltaTable(documents).version()
    with Dataset.open(path, create=False):
        assert DeltaTable(documents).version() == compacted
    # An interrupted run 3 that reached only the documents table, rolled back by one open, not again by the next.
    stage_run(tmp_path / "s3", doc_ids("d", 8, 2))
    write_deltalake(documents, pq.read_table(tmp_path / "s3" / "documents.parquet"), mode="append",
                    commit_properties=CommitProperties(app_transactions=[Transaction(APP_ID, 3)]))
    Dataset.open(path, create=False).close()
    restored = DeltaTable(documents).version()
    Dataset.open(path, create=False).close()
    assert DeltaTable(documents).version() == restored == compacted + 2
    assert sorted(read(path, "documents", restored).column("doc_id").to_pylist()) == doc_ids("d", 0, 8)


def test_a_commit_that_failed_in_process_needs_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "ds"

    def story_index_fails(run: int) -> None:
        raise OSError(f"story index of run {run}: disk full")

    with Dataset.open(path, create=True) as dataset:
        commit(dataset, tmp_path / "s1", doc_ids("d", 0, 4))
        manifest = stage_run(tmp_path / "s2", doc_ids("d", 4, 4))
        with pytest.raises(OSError, match="run 2: disk full"):
            dataset.commit_run(tmp_path / "s2", manifest, mode="append", new_ids=doc_ids("d", 4, 4),
                               on_commit=[story_index_fails])
        with pytest.raises(DatasetError, match="open the dataset again"):
            dataset.commit_run(tmp_path / "s2", manifest, mode="append", new_ids=doc_ids("d", 4, 4))
    with Dataset.open(path, create=False) as dataset:
        assert dataset.ids.count() == 4
        assert commit(dataset, tmp_path / "s3", doc_ids("d", 4, 4))["counts"]["documents"] == 8


def test_an_interrupted_first_commit_is_removed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "ds"
    # What a first run killed after its first table leaves (done by hand: the kill itself is tested above).
    stage_run(tmp_path / "s1", doc_ids("d", 0, 4))
    write_deltalake(table_dir(path, "documents"), pq.read_table(tmp_path / "s1" / "documents.parquet"),
                    commit_properties=CommitProperties(app_transactions=[Transaction(APP_ID, 1)]))
    (path / "runs" / ".run-00001.tmp-1").mkdir(parents=True)
    with pytest.raises(DatasetError, match="not a dataset yet"):
        Dataset.open(path, create=False)
    with Dataset.open(path, create=True) as dataset:
        assert sorted(os.listdir(path)) == ["_index", "runs"] and dataset.manifest is None
        assert not os.listdir(path / "runs")
        assert commit(dataset, tmp_path / "s2", doc_ids("d", 0, 4))["counts"]["documents"] == 4


def test_a_lost_or_damaged_manifest_is_refused_and_nothing_is_removed(tmp_path: Path) -> None:
    """Without its manifest a dataset of two runs must not be taken for a first run's leftovers (which open removes)."""
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        commit(dataset, tmp_path / "s1", doc_ids("d", 0, 2))
        commit(dataset, tmp_path / "s2", doc_ids("d", 2, 4))
    (path / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(DatasetError, match="cannot be read as a manifest"):
        Dataset.open(path, create=True)
    (path / MANIFEST_FILE).unlink()
    with pytest.raises(DatasetError, match="holds runs up to run-00002: its manifest was lost"):
        Dataset.open(path, create=True)
    assert all(DeltaTable.is_deltatable(str(table_dir(path, name))) for name in TABLES)
    assert sorted(os.listdir(path / "runs")) == ["run-00001", "run-00002"]


def test_a_process_that_commits_and_reads_exits_cleanly(tmp_path: Path) -> None:
    """delta-rs aborts some processes at exit (COMMON19.md): the child opens, updates (DELETE, append), reads at the
    pinned versions and must exit 0."""
    with Dataset.open(tmp_path / "ds", create=True) as dataset:
        commit(dataset, tmp_path / "s1", doc_ids("d", 0, 3))
    done = run_child(tmp_path / "ds", tmp_path / "s2", "update", 2, 3)
    assert done.returncode == 0, done.stderr
    assert "terminate called" not in done.stderr
    assert json.loads(done.stdout) == {"documents": 5, "segments": 5 * SEGMENTS_PER_DOC, "mentions": 10}


def test_open_refuses_what_is_not_a_dataset(tmp_path: Path) -> None:
    single = tmp_path / "single"
    single.mkdir()
    (single / MANIFEST_FILE).write_text(json.dumps({"counts": {}}))
    with pytest.raises(DatasetError, match="one run's output"):
        Dataset.open(single, create=True)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="holds notes.txt"):
        Dataset.open(foreign, create=True)
    assert sorted(os.listdir(foreign)) == ["notes.txt"]


def test_a_staged_table_of_another_layout_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "ds"
    with Dataset.open(path, create=True) as dataset:
        before = commit(dataset, tmp_path / "s1", doc_ids("d", 0, 3))
        manifest = stage_run(tmp_path / "s2", doc_ids("d", 3, 3))
        mentions = pq.read_table(tmp_path / "s2" / "mentions.parquet").drop_columns(["duplicate_of"])
        pq.write_table(mentions, tmp_path / "s2" / "mentions.parquet")
        with pytest.raises(DatasetError, match=r"mentions columns differ .*missing duplicate_of"):
            dataset.commit_run(tmp_path / "s2", manifest, mode="append", new_ids=doc_ids("d", 3, 3))
    for name in TABLES:
        assert DeltaTable(table_dir(path, name)).version() == before["dataset"]["tables"][name]
    assert not run_dir(path, "run-00002").exists()


def test_id_index(tmp_path: Path) -> None:
    with IdIndex(tmp_path / "ids.sqlite") as ids:
        assert ids.add_many(["a", "b"], 1) == 2
        assert ids.add_many(iter(["b", "c"]), 2) == 1
        assert [ids.contains(x) for x in "abcd"] == [True, True, True, False]
        assert ids.forget_after(1) == 1 and ids.count() == 2 and not ids.contains("c")
