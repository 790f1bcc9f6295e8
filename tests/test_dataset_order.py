"""A run's rows read back from the dataset in the order the run wrote them, for a day of several Parquet batches
(write_deltalake spread such a day over parallel writers, and readers give rows in file order)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable, Schema
from deltalake.transaction import create_table_with_add_actions

from bench.dataset_synthetic import doc_ids, stage_run
from pipeline.dataset import store
from pipeline.dataset.files import add_actions, write_files
from pipeline.dataset.layout import TABLES, table_dir
from pipeline.dataset.read import DatasetReader
from pipeline.dataset.store import Dataset
from pipeline.io.writers import ROW_GROUP_ROWS

# Documents per run and segments per document: 30,000 segment rows a run, three of the writer's batches.
DOCUMENTS = 1_000
SEGMENTS = 30
# How a run's table file gets into its table: the staged file copied as it is, or (a day larger than a table's
# file should be: here every day, in files of one batch each) its rows streamed into files of that size.
WAYS = ("copied", "streamed")
KEYS = {"documents": ["doc_id"], "segments": ["doc_id", "seg_id"], "mentions": ["doc_id", "seg_id"]}


def _keys(table: pa.Table, name: str) -> list[tuple]:
    return list(zip(*(table.column(key).to_pylist() for key in KEYS[name]), strict=True))


def _commit_and_check(dataset: Dataset, staging: Path, first: int, count: int,
                      staged: dict[str, list[tuple]]) -> None:
    """Commit documents first..first+count-1 (staged in descending id order: a sort by id would not give the
    run's order back) and check every table reads back as the runs staged it, run after run."""
    ids = doc_ids("d", first, count)
    manifest = stage_run(staging, ids[::-1], segments=SEGMENTS)
    dataset.commit_run(staging, manifest, mode="append", new_ids=ids)
    for name in TABLES:
        staged[name] += _keys(pq.read_table(staging / f"{name}.parquet"), name)
    reader = DatasetReader(dataset.path)
    for name in TABLES:
        assert _keys(reader.table(name, columns=KEYS[name]), name) == staged[name], name


def _way(way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if way == "streamed":
        monkeypatch.setattr(store, "FILE_BYTES", 1)


@pytest.mark.parametrize("way", WAYS)
def test_a_first_run_of_many_batches_reads_back_in_its_order(tmp_path: Path, way: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run makes the tables: its rows as it wrote them, and the log's statistics of its files."""
    _way(way, monkeypatch)
    path = tmp_path / "ds"
    staged: dict[str, list[tuple]] = {name: [] for name in TABLES}
    with Dataset.open(path, create=True) as dataset:
        _commit_and_check(dataset, tmp_path / "s1", 0, DOCUMENTS, staged)
    files = DatasetReader(path).files("segments")
    assert len(files) == (1 if way == "copied" else DOCUMENTS * SEGMENTS // ROW_GROUP_ROWS)
    assert len(staged["segments"]) == DOCUMENTS * SEGMENTS > ROW_GROUP_ROWS * 2
    # What an --update's DELETE skips files by and table_rows counts by; one commit made the table (version 0).
    log = table_dir(path, "documents") / "_delta_log" / "00000000000000000000.json"
    actions = [json.loads(line) for line in log.read_text().splitlines()]
    assert {"metaData", "protocol", "add", "txn"} <= {key for action in actions for key in action}
    add = next(action["add"] for action in actions if "add" in action)
    stats = json.loads(add["stats"])
    assert stats["numRecords"] == DOCUMENTS and stats["nullCount"]["duplicate_of"] == DOCUMENTS
    assert (stats["minValues"]["doc_id"], stats["maxValues"]["doc_id"]) == ("d000000000", "d000000999")
    assert stats["minValues"]["published_at"].endswith(".000Z") and add["dataChange"] is True


@pytest.mark.parametrize("way", WAYS)
def test_a_later_run_of_many_batches_reads_back_after_the_runs_before(tmp_path: Path, way: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _way(way, monkeypatch)
    path = tmp_path / "ds"
    staged: dict[str, list[tuple]] = {name: [] for name in TABLES}
    with Dataset.open(path, create=True) as dataset:
        _commit_and_check(dataset, tmp_path / "s1", DOCUMENTS, 10, staged)
        _commit_and_check(dataset, tmp_path / "s2", 0, DOCUMENTS, staged)  # its ids sort before run 1's


def test_new_files_come_after_the_tables_files_even_if_the_clock_went_back(tmp_path: Path) -> None:
    """Readers order files by their add time: a file added while the clock reads earlier than a file already in
    the table (a clock set back between two runs) still comes after it."""
    directory = tmp_path / "table"
    schema = pa.schema([("doc_id", pa.string())])
    first = write_files(directory, [pa.record_batch([["a"]], schema=schema)], schema)
    (ahead,) = add_actions(first, data_change=True)
    ahead.modification_time += 24 * 3600 * 1000  # as if added by a clock a day ahead of this one
    create_table_with_add_actions(str(directory), Schema.from_arrow(schema), [ahead])
    second = write_files(directory, [pa.record_batch([["b"]], schema=schema)] * 2, schema, target_bytes=1)
    times = [action.modification_time for action in add_actions(second, data_change=True,
                                                                 table=DeltaTable(directory))]
    assert times == [ahead.modification_time + 1, ahead.modification_time + 2]
