"""`newsbridge dataset compact`: rewrite a dataset's many small daily files into few large ones, checkpoint the
tables' logs, and pin the compacted versions in the dataset's manifest.

Each table is written again whole, its rows streamed in the order readers give them (the runs' order), and
committed as one transaction replacing the old files; deltalake's `optimize.compact` would keep the rows but not
that order (it bins files by size).

Why here and not by hand with deltalake: readers read the versions the manifest pins, so a compaction nobody
pins is invisible to them until the next append, and an append's rollback restores the pinned (uncompacted)
versions. Done under the run lock, after the same rollback an append starts with, and committed by the manifest
like a run, a compaction is what readers read at once and what a later rollback returns to.

Rows are never changed: each table's rows are counted (from the log's statistics) before and after, and a table
whose count moved is restored and the command fails. Files the compaction replaced stay on disk (an older run's
`as_of` reads them) unless `vacuum_days` is given; the manifest then records the runs whose `as_of` is lost.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pyarrow as pa
import pyarrow.dataset as pads
from deltalake import CommitProperties, DeltaTable
from deltalake.transaction import RemoveAction

from pipeline import __version__
from pipeline.dataset.append import open_dataset
from pipeline.dataset.files import DEFAULT_TARGET_MB, MB, add_actions, write_files
from pipeline.dataset.layout import (
    COMPACT_MODE,
    DATASET_KEY,
    MANIFEST_FILE,
    TABLES,
    read_manifest,
    run_entries,
    table_dir,
)
from pipeline.dataset.read import DatasetReader
from pipeline.dataset.store import Dataset, DatasetError, table_rows
from pipeline.io.atomic import write_text_atomic
from pipeline.io.outdir import RunDirectory, _fsync_dir
from pipeline.io.timestamps import to_iso
from pipeline.io.writers import ROW_GROUP_ROWS

log = logging.getLogger(__name__)

# A file at the head of a table at least 1/KEEP_FRACTION of the target size is not rewritten again.
KEEP_FRACTION = 2
# Commit metadata marking the compaction's commits (what DESCRIBE HISTORY shows); no app transaction: a
# compaction takes no run number, so an append's rollback keeps it (store.Dataset._roll_back_table).
COMMIT = CommitProperties(custom_metadata={"newsbridge.mode": COMPACT_MODE})
RESTORED = CommitProperties(custom_metadata={"newsbridge.mode": "compact-undone"})


class RowsChanged(DatasetError):
    """A table's row count moved in the compaction: the tables were restored, the manifest is unchanged."""


def compact_dataset(path: Path, *, target_size_mb: int | None = None, vacuum_days: int | None = None
                    ) -> dict[str, Any]:
    """Compact the dataset at `path` and pin the result; return the compaction's history entry.

    `target_size_mb`: the size compacted files aim at (deltalake's default, 100 MB, when None). `vacuum_days`:
    also delete the files no version written in the last that many days needs (None: keep every file).
    Raises DatasetError (not a dataset, a damaged one, rows that changed) and OutputBusy (a run holds the lock).
    """
    path = Path(path)
    _check_is_dataset(path)
    with RunDirectory(path) as _lock:  # the lock appends take: no run commits while the files are rewritten
        dataset = open_dataset(path, create=False)  # also rolls back what an interrupted append left
        try:
            return _compact(dataset, target_size_mb, vacuum_days)
        finally:
            dataset.close()


def _check_is_dataset(path: Path) -> None:
    """The errors of a path that is no dataset at all, in compaction's words (Dataset.open words them for
    --append); a damaged dataset is left to Dataset.open to refuse."""
    if not path.is_dir():
        raise DatasetError(f"{path}: no such dataset directory")
    manifest = read_manifest(path)
    if manifest is not None and not isinstance(manifest.get(DATASET_KEY), dict):
        raise DatasetError(f"{path}: holds one run's output, not a dataset; compaction is for a dataset that "
                           f"`newsbridge run --append` grows")
    if manifest is None and not (path / MANIFEST_FILE).exists():
        raise DatasetError(f"{path}: not a dataset (no {MANIFEST_FILE}); compaction is for a dataset that "
                           f"`newsbridge run --append` grows")


def _compact(dataset: Dataset, target_size_mb: int | None, vacuum_days: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    pinned = dataset.pinned_versions
    if not pinned:
        raise DatasetError(f"{dataset.path}: has no committed run yet; nothing to compact")
    tables: dict[str, DeltaTable] = {}
    before: dict[str, tuple[int, int]] = {}  # name → (rows, files) at the pinned version
    for name in TABLES:
        directory = table_dir(dataset.path, name)
        at_pin = DeltaTable(directory, version=pinned[name])
        before[name] = (table_rows(at_pin, directory)[0], len(at_pin.file_uris()))
        tables[name] = DeltaTable(directory)
    latest = {name: table.version() for name, table in tables.items()}
    target = target_size_mb * MB if target_size_mb else DEFAULT_TARGET_MB * MB
    reader = DatasetReader(dataset.path)  # the pinned versions, files in the order the runs appended them
    for name, table in tables.items():
        _rewrite_in_order(table, reader, name, target)
        table.create_checkpoint()  # readers open a checkpoint and a few log entries, not a year of JSON
    files: dict[str, dict[str, int]] = {}
    rows: dict[str, int] = {}
    for name, table in tables.items():
        after = table_rows(table, table_dir(dataset.path, name))[0]
        if after != before[name][0]:
            _undo(tables, latest)
            raise RowsChanged(f"{dataset.path}: table {name} held {after:,} rows after compaction, not the "
                               f"{before[name][0]:,} the manifest's version holds; every table was restored and "
                               f"the manifest is unchanged (another writer's commit after newsbridge's?)")
        rows[name] = after
        files[name] = {"before": before[name][1], "after": len(table.file_uris())}
    versions = {name: table.version() for name, table in tables.items()}
    entry: dict[str, Any] = {
        "mode": COMPACT_MODE,
        "finished": to_iso(datetime.now(timezone.utc).replace(microsecond=0)),
        "tables": versions,
        "files": files,
        "rows": rows,
        "target_size_mb": target_size_mb,
    }
    entry["seconds"] = round(time.perf_counter() - started, 3)
    manifest = dict(dataset.manifest or {})
    manifest.update({"newsbridge_version": __version__,
                     DATASET_KEY: {**manifest[DATASET_KEY], "tables": versions},
                     "history": [*dataset.history, entry]})
    _write_manifest(dataset.path, manifest)  # the compaction's commit point: readers read the compacted files
    if vacuum_days is not None:
        _vacuum(dataset.path, manifest, tables, vacuum_days)
    return entry


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    write_text_atomic(path / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    _fsync_dir(path)


def _rewrite_in_order(table: DeltaTable, reader: DatasetReader, name: str, target: int) -> None:
    """Table `name`'s rows at its pinned version, written again into files of about `target` bytes in the
    readers' order (oldest run first), and committed in one transaction that removes the files they replace
    (dataChange false: the rows are the same, as Delta's OPTIMIZE commits them).

    The files are written by files.write_files rather than by `optimize.compact`, which bins files by size and
    so loses the order the runs appended rows in, which readers give them in (read.DatasetReader.files)."""
    directory = table_dir(reader.path, name)
    replaced = _small_tail(reader, name, target)
    if len(replaced) < 2:
        return  # compact already: nothing to merge
    dataset = pads.dataset(replaced, schema=reader.schema(name), format="parquet")
    batches = dataset.to_batches(batch_size=ROW_GROUP_ROWS)  # in the files' order (pyarrow keeps it)
    # A table without rows keeps one empty file: its schema stays readable from the files too.
    added = add_actions(write_files(directory, batches, dataset.schema, target_bytes=target, empty_file=True),
                        data_change=False, table=table)
    now = int(time.time() * 1000)
    removed = [RemoveAction(path=_relative(directory, uri), data_change=False, deletion_timestamp=now)
               for uri in replaced]
    table.create_write_transaction([*added, *removed], mode="append", schema=dataset.schema,
                                   commit_properties=COMMIT)
    table.update_incremental()


def _small_tail(reader: DatasetReader, name: str, target: int) -> list[str]:
    """The files of table `name` to rewrite: all but those at its head (oldest first) that are already at least
    half the target size, which an earlier compaction wrote. So a monthly compaction rewrites the month's small
    files, not the whole table again, and the rows keep their order."""
    files = reader.files(name)
    actions = pa.table(DeltaTable(table_dir(reader.path, name), version=int(reader.versions[name] or 0))
                       .get_add_actions(flatten=True))
    sizes = dict(zip(map(_file_name, actions.column("path").to_pylist()),
                     actions.column("size_bytes").to_pylist(), strict=True))
    kept = 0
    while kept < len(files) and sizes.get(_file_name(files[kept]), 0) >= target // KEEP_FRACTION:
        kept += 1
    return files[kept:]


def _relative(directory: Path, uri: str) -> str:
    """A file's path in the table's log (relative to the table, URL-quoted as the log has it) from its URI."""
    local = Path(unquote(uri.removeprefix("file://")))
    return quote(str(local.relative_to(directory.resolve())))


def _undo(tables: dict[str, DeltaTable], latest: dict[str, int]) -> None:
    """Each table back to what it held before the compaction (its version then, as a new version)."""
    for name, table in tables.items():
        if table.version() != latest[name]:
            table.restore(latest[name], commit_properties=RESTORED)


def _vacuum(path: Path, manifest: dict[str, Any], tables: dict[str, DeltaTable], days: int) -> None:
    """Delete the files no version of the last `days` days needs, after the manifest pins the compacted versions
    (they need none of them). The runs whose `as_of` that loses are recorded in the compaction's entry (the last
    of `manifest`'s history) before any file goes, and again if the deletion went further than planned."""
    started = time.perf_counter()
    entry = manifest["history"][-1]
    hours = days * 24
    planned = {name: table.vacuum(retention_hours=hours, dry_run=True, enforce_retention_duration=False)
               for name, table in tables.items()}
    entry["vacuum"] = _vacuum_record(path, manifest, days, planned)
    _write_manifest(path, manifest)
    removed = {name: table.vacuum(retention_hours=hours, dry_run=False, enforce_retention_duration=False)
               for name, table in tables.items()}
    entry["vacuum"] = {**_vacuum_record(path, manifest, days, removed),  # what was removed, not planned
                       "seconds": round(time.perf_counter() - started, 3)}
    _write_manifest(path, manifest)
    if lost := entry["vacuum"]["as_of_lost"]:
        log.info("%s: as_of is lost for %d run(s) (%s … %s)", path, len(lost), lost[0], lost[-1])


def _vacuum_record(path: Path, manifest: dict[str, Any], days: int, removed: dict[str, list[str]]
                   ) -> dict[str, Any]:
    """What the compaction's entry says of a vacuum that removes `removed` ({table: file paths in the table})."""
    names = {name: set(map(_file_name, paths)) for name, paths in removed.items()}
    runs = run_entries(manifest.get("history") or []) if any(names.values()) else []
    lost = [str(run.get("run_id")) for run in runs if not _readable(path, run.get("tables") or {}, names)]
    return {"days": days, "files_removed": sum(map(len, names.values())), "as_of_lost": lost}


def _readable(path: Path, versions: dict[str, Any], removed: dict[str, set[str]]) -> bool:
    """Whether these table versions need none of the `removed` files ({table: file names})."""
    for name in TABLES:
        version = versions.get(name)
        if version is None or not removed.get(name):
            continue
        try:
            uris = DeltaTable(table_dir(path, name), version=int(version)).file_uris()
        except Exception:  # noqa: BLE001 - a version the log no longer has is as lost as its files
            return False
        if any(_file_name(uri) in removed[name] for uri in uris):
            return False
    return True


def _file_name(path: str) -> str:
    """A data file's name, from its URI, its absolute path or its path in the log (names are unique per table)."""
    return unquote(path).rsplit("/", 1)[-1]
