"""A staged table goes into the dataset's Delta table as a hard link where staging and dataset share a filesystem
(no byte of the day written again), as a copy where they do not (EXDEV: staging on a tmpfs here); and assembling
staging again never rewrites a file a table may hold as a link."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable

from bench.dataset_synthetic import doc_ids, stage_run
from pipeline.dataset.layout import TABLES, table_dir
from pipeline.dataset.store import Dataset
from pipeline.io.writers import assemble

# A filesystem other than the tests' temporary directory, where Linux has one (a tmpfs).
OTHER_FILESYSTEM = Path("/dev/shm")


def _commit(dataset_path: Path, staging: Path, ids: list[str]) -> dict[str, Path]:
    """Stage `ids`, commit them; each table's file the commit added."""
    with Dataset.open(dataset_path, create=True) as dataset:
        dataset.commit_run(staging, stage_run(staging, ids), mode="append", new_ids=ids)
    return {name: Path(DeltaTable(table_dir(dataset_path, name)).file_uris()[-1].removeprefix("file://"))
            for name in TABLES}


@pytest.fixture
def other_filesystem(tmp_path: Path) -> Iterator[Path]:
    if not OTHER_FILESYSTEM.is_dir() or not os.access(OTHER_FILESYSTEM, os.W_OK) or \
            OTHER_FILESYSTEM.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip(f"no writable filesystem other than {tmp_path}'s at {OTHER_FILESYSTEM}")
    directory = Path(tempfile.mkdtemp(prefix="newsbridge-staging-", dir=OTHER_FILESYSTEM))
    yield directory
    shutil.rmtree(directory)


def test_on_one_filesystem_the_staged_table_is_linked(tmp_path: Path) -> None:
    ids = doc_ids("d", 0, 12)
    added = _commit(tmp_path / "ds", tmp_path / "staging", ids)
    for name, path in added.items():
        staged = tmp_path / "staging" / f"{name}.parquet"
        assert path.samefile(staged) and staged.stat().st_nlink == 2
    assert pq.read_table(added["documents"]).column("doc_id").to_pylist() == ids


def test_on_another_filesystem_the_staged_table_is_copied(tmp_path: Path, other_filesystem: Path) -> None:
    ids = doc_ids("d", 0, 12)
    added = _commit(tmp_path / "ds", other_filesystem, ids)
    for name, path in added.items():
        staged = other_filesystem / f"{name}.parquet"
        assert not path.samefile(staged) and staged.stat().st_nlink == 1
        assert path.read_bytes() == staged.read_bytes()
    assert pq.read_table(added["documents"]).column("doc_id").to_pylist() == ids


def test_assembling_staging_again_leaves_a_linked_file_as_it_was(tmp_path: Path) -> None:
    """A --resume after a rolled-back append assembles staging again; the rolled-back table version still names
    the linked file, which must keep its bytes."""
    staging = tmp_path / "staging"
    stage_run(staging, doc_ids("d", 0, 5))
    held = tmp_path / "held.parquet"
    os.link(staging / "documents.parquet", held)
    before = held.read_bytes()
    assemble(staging, [])
    assert held.read_bytes() == before
    assert not held.samefile(staging / "documents.parquet")
    assert pq.read_table(staging / "documents.parquet").num_rows == 0
