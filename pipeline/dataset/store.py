"""The write side of a dataset: commit one run's staged output into the Delta tables, its run directory and the
id index, all or nothing, and roll back what an interrupted commit left.

Delta Lake makes each table's append atomic, but a run touches three tables, a run directory and the indexes.
The dataset's manifest.json is the commit point across all of them: it is written last and pins the version of
each table that belongs to the committed runs. Readers read each table at its pinned version, so a commit killed
half-way is invisible to them, and `Dataset.open` (under the caller's run lock) restores every table to its pinned
version, forgets the index rows of unrecorded runs and removes their run directory, before anything else happens.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, Schema, Transaction, WriterProperties
from deltalake.transaction import create_table_with_add_actions

from pipeline import __version__
from pipeline.dataset.files import DEFAULT_TARGET_MB, MB, add_actions, link_file, write_files
from pipeline.dataset.ids import IdIndex
from pipeline.dataset.layout import (
    DATASET_KEY,
    IDS_INDEX,
    INDEX_DIR,
    LAYOUT_VERSION,
    MANIFEST_FILE,
    RUNS_DIR,
    STORIES_INDEX,
    TABLE_FORMAT,
    TABLES,
    index_path,
    read_manifest,
    run_dir,
    run_entries,
    run_id_for,
    table_dir,
)
from pipeline.dedupe.reroot import COLUMN as DUPLICATE_COLUMN
from pipeline.io.atomic import write_text_atomic
from pipeline.io.outdir import TEMP_PATTERN, _fsync_dir, remove_stale_temps
from pipeline.io.ownership import _link_or_copy
from pipeline.io.timestamps import to_iso
from pipeline.io.writers import ROW_GROUP_ROWS

log = logging.getLogger(__name__)

# Delta app transaction id whose version is the number of the run that made the commit: tells our interrupted
# commits (a number beyond the manifest's last run) from other writers' (an OPTIMIZE run by Spark).
APP_ID = "newsbridge"
# Commit metadata key naming the run (what `DESCRIBE HISTORY` shows a user) and the one marking a rollback.
RUN_ID_KEY = "newsbridge.run_id"
ROLLBACK_KEY = "newsbridge.rollback_to"
MODES = ("append", "update")
# Counts summed run after run (the tables' row counts come from the tables themselves).
RUN_SUMMED_COUNTS = ("tmx_units", "records_in", "rejected", "already_present", "updated", "duplicates")
# The files an update's DELETE rewrites, in row groups of the run's own size: the writer holds one group in
# memory, not the day (its default group is a million rows); statistics keep their default (min/max per file feed
# the skipping). An append's files are written by files.write_files, in the same groups.
WRITER = WriterProperties(max_row_group_size=ROW_GROUP_ROWS)
# The size of a table's files: a staged table file up to it is copied into its table as it is (the run wrote it
# in order, as files.write_files would); a larger one has its rows streamed into files of about that size.
FILE_BYTES = DEFAULT_TARGET_MB * MB
# Ids per DELETE of an update: a day's corrections in one commit (and one rewrite of each file they touch),
# the predicate's SQL text staying under ~100 KB.
DELETE_CHUNK = 5_000
# A run directory's name, as layout.run_id_for makes it.
RUN_DIR_PATTERN = re.compile(r"^run-(?P<number>\d+)$")


class DatasetError(Exception):
    """A dataset that cannot be opened or appended to; the message is one line naming the path and the fix."""


def _sql_text(value: str) -> str:
    """`value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def table_rows(table: DeltaTable, directory: Path, *, null_column: str | None = None) -> tuple[int, int]:
    """The rows of `table` (at the version it is loaded at), and how many of them have `null_column` null (all
    of them where the table has no such column), from the log's per-file statistics: costs the number of files,
    never a scan of the rows (a file another writer left without statistics has its footer, or that column,
    read)."""
    actions = pa.table(table.get_add_actions(flatten=True))
    if actions.num_rows == 0:
        return 0, 0
    records = actions.column("num_records").to_pylist()
    if null_column is None or null_column not in table.schema().to_arrow().names:
        nulls: list[int | None] = list(records)
    else:
        name = f"null_count.{null_column}"
        nulls = actions.column(name).to_pylist() if name in actions.column_names else [None] * len(records)
    rows = null_rows = 0
    for uri, count, null_count in zip(actions.column("path").to_pylist(), records, nulls, strict=True):
        if count is None or null_count is None:
            parquet = pq.ParquetFile(directory / unquote(uri))
            count = parquet.metadata.num_rows
            null_count = (count if null_column is None or null_column not in parquet.schema_arrow.names
                          else parquet.read(columns=[null_column]).column(0).null_count)
        rows += count
        null_rows += null_count
    return rows, null_rows


def _load(directory: Path) -> DeltaTable | None:
    """The table at `directory` at its latest version, or None where there is none yet."""
    return DeltaTable(directory) if DeltaTable.is_deltatable(str(directory)) else None


def _schema_difference(staged: pa.Schema, table: Schema) -> str:
    """What differs between a staged file's columns and a table's, in a few words."""
    theirs = {f.name: f for f in table.fields}
    ours = {f.name: f for f in Schema.from_arrow(staged).fields}
    missing = [name for name in theirs if name not in ours]
    extra = [name for name in ours if name not in theirs]
    changed = [name for name in ours if name in theirs and ours[name].type != theirs[name].type]
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"new {', '.join(extra)}"] if extra else [])
    parts += [f"{', '.join(changed)} of another type"] if changed else []
    return "; ".join(parts) or "the columns are in another order"


class Dataset:
    """One dataset directory, opened by a writer that holds the run lock (see the module docstring)."""

    def __init__(self, path: Path, manifest: dict[str, Any] | None) -> None:
        self.path = Path(path)
        self._manifest = manifest
        self.ids = IdIndex(index_path(self.path, IDS_INDEX))
        # Each table as last loaded (None: not made yet): a commit moves these on from the log's new entries
        # rather than reading the log again from its checkpoint (what grows with the dataset's age).
        self._tables: dict[str, DeltaTable | None] = dict.fromkeys(TABLES)
        # Set when a commit failed half-way: what it wrote is undone only by the next open's rollback.
        self._interrupted = False

    def __repr__(self) -> str:
        return f"Dataset({self.path})"

    # ---- opening

    @classmethod
    def open(cls, path: Path, *, create: bool,
             rollback: Sequence[Callable[[int], None]] = ()) -> Dataset:
        """Open the dataset at `path` and undo whatever an interrupted commit left beyond its manifest.

        `create`: a missing or empty directory (or one holding only what an interrupted first commit left)
        becomes a dataset on its first commit; without it, such a directory is an error. `rollback`: callables
        given the number of the last committed run (0 before any), which drop what later runs added to indexes
        kept outside this class (the story index). The caller holds the run's lock.
        """
        path = Path(path)
        manifest = read_manifest(path)
        if manifest is not None and not isinstance(manifest.get(DATASET_KEY), dict):
            raise DatasetError(f"{path}: holds one run's output (its {MANIFEST_FILE} is not a dataset's), so runs "
                               f"cannot be appended to it; give --append a new directory, or rerun into it with "
                               f"--overwrite first")
        if manifest is None:
            if path.exists() and not path.is_dir():
                raise DatasetError(f"{path}: is a file, not a dataset directory; choose another --out")
            if (path / MANIFEST_FILE).exists():
                raise DatasetError(f"{path / MANIFEST_FILE}: cannot be read as a manifest; the dataset is damaged: "
                                   f"restore that file from a backup (nothing was changed)")
            if (committed := cls._committed_without_manifest(path)) is not None:
                raise DatasetError(f"{path}: has no {MANIFEST_FILE} but holds runs up to {committed}: its manifest "
                                   f"was lost; restore it from a backup (nothing was changed; without a manifest "
                                   f"an append would take those tables for an interrupted first run's)")
            foreign = cls._foreign_entries(path)
            if foreign:
                raise DatasetError(f"{path}: is not a dataset and not empty (it holds {foreign[0]}); give --append "
                                   f"a new or empty directory, or an existing dataset")
            if not create:
                raise DatasetError(f"{path}: is not a dataset yet (no {MANIFEST_FILE}); the first --append run "
                                   f"creates it")
            path.mkdir(parents=True, exist_ok=True)
        else:
            cls._check_format(path, manifest)
        dataset = cls(path, manifest)
        try:
            dataset._roll_back(rollback)
        except BaseException:
            dataset.close()
            raise
        return dataset

    @staticmethod
    def _committed_without_manifest(path: Path) -> str | None:
        """The last run a directory without a manifest shows to have been committed beyond an interrupted first
        one (a table holding run 2 or later, or runs/run-00002 and on), or None: only a first run's leftovers."""
        last = 0
        for name in TABLES:
            directory = table_dir(path, name)
            if DeltaTable.is_deltatable(str(directory)):
                last = max(last, DeltaTable(directory).transaction_version(APP_ID) or 0)
        runs = path / RUNS_DIR
        if runs.is_dir():
            with os.scandir(runs) as entries:
                numbers = [int(m["number"]) for e in entries if (m := RUN_DIR_PATTERN.match(e.name))]
            last = max([last, *numbers])
        return run_id_for(last) if last > 1 else None

    @staticmethod
    def _foreign_entries(path: Path) -> list[str]:
        """Entries of a directory without a dataset manifest that no interrupted first commit could have left."""
        if not path.is_dir():
            return []
        ours = {*TABLES, RUNS_DIR, INDEX_DIR}
        with os.scandir(path) as entries:
            names = sorted(entry.name for entry in entries)
        return [name for name in names if name not in ours and not TEMP_PATTERN.match(name)]

    @staticmethod
    def _check_format(path: Path, manifest: dict[str, Any]) -> None:
        spec = manifest[DATASET_KEY]
        if spec.get("format") != TABLE_FORMAT or spec.get("layout") != LAYOUT_VERSION:
            raise DatasetError(f"{path}: is a dataset of format {spec.get('format')!r} layout {spec.get('layout')!r}, "
                               f"which this newsbridge ({__version__}) does not write ({TABLE_FORMAT!r} layout "
                               f"{LAYOUT_VERSION}); append to a new dataset")
        if not isinstance(spec.get("tables"), dict):
            raise DatasetError(f"{path}: its {MANIFEST_FILE} names no table versions; it is damaged: restore it "
                               f"from a backup or start a new dataset")

    def _roll_back(self, hooks: Sequence[Callable[[int], None]]) -> None:
        """Bring tables, indexes and runs/ back to what the manifest records (nothing, before a first commit)."""
        last = self.last_run
        pinned = self.pinned_versions
        for name in TABLES:
            self._tables[name] = self._roll_back_table(name, pinned.get(name), last)
        forgotten = self.ids.forget_after(last)
        if forgotten:
            log.info("%s: forgot %d id(s) of an interrupted append", self.path, forgotten)
        for hook in hooks:
            hook(last)
        runs = self.path / RUNS_DIR
        if runs.is_dir():
            with os.scandir(runs) as entries:
                names = sorted(entry.name for entry in entries)
            for name in names:
                match = RUN_DIR_PATTERN.match(name)
                if TEMP_PATTERN.match(name) or (match is not None and int(match["number"]) > last):
                    log.info("%s: removing %s, left by an interrupted append", self.path, runs / name)
                    shutil.rmtree(runs / name)
        remove_stale_temps(self.path, held=True)

    def _roll_back_table(self, name: str, pinned: int | None, last_run: int) -> DeltaTable | None:
        """The table `name` holding what version `pinned` holds (None: no table before the first commit)."""
        directory = table_dir(self.path, name)
        if pinned is None:
            if directory.exists():
                log.info("%s: removing table %s, created by an interrupted append", self.path, name)
                shutil.rmtree(directory)
            return None
        if not DeltaTable.is_deltatable(str(directory)):
            raise DatasetError(f"{directory}: the dataset's manifest pins version {pinned} of this table but it is "
                               f"not a Delta table; the dataset is damaged: restore it from a backup")
        table = DeltaTable(directory)
        if table.version() == pinned:
            return table
        ours = table.transaction_version(APP_ID)
        if ours is None or ours <= last_run:
            return table  # only other writers' commits (a compaction) came after ours: they are theirs to keep
        if set(table.file_uris()) == set(DeltaTable(directory, version=pinned).file_uris()):
            return table  # rolled back already (a restore keeps the app transaction's number)
        log.info("%s: restoring table %s from version %d to %d (an interrupted append)", self.path, name,
                 table.version(), pinned)
        table.restore(pinned, commit_properties=CommitProperties(custom_metadata={ROLLBACK_KEY: str(pinned)}))
        return table

    # ---- state

    @property
    def manifest(self) -> dict[str, Any] | None:
        return self._manifest

    @property
    def history(self) -> list[dict[str, Any]]:
        return list(self._manifest["history"]) if self._manifest else []

    @property
    def last_run(self) -> int:
        """The number of the last committed run (0 before the first; compactions take no number)."""
        return len(run_entries(self.history))

    @property
    def next_run(self) -> int:
        return self.last_run + 1

    @property
    def run_id(self) -> str:
        """The id the next commit's run gets."""
        return run_id_for(self.next_run)

    @property
    def stories_path(self) -> Path:
        return index_path(self.path, STORIES_INDEX)

    @property
    def pinned_versions(self) -> dict[str, int]:
        """Each table's version that readers read (none before the first commit)."""
        return dict(self._manifest[DATASET_KEY]["tables"]) if self._manifest else {}

    def close(self) -> None:
        self.ids.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- committing

    def commit_run(self, staging: Path, run_manifest: dict[str, Any], *, mode: str,
                   replaced_ids: Sequence[str] = (), new_ids: Sequence[str] = (),
                   on_commit: Sequence[Callable[[int], None]] = ()) -> dict[str, Any]:
        """Add the run staged in `staging` to the dataset; return the dataset's new manifest.

        Order: (1) the tables (for "update", the rows of `replaced_ids` deleted first), (2) the run's other files
        into runs/<run_id>/, (3) the ids of `new_ids` and each `on_commit(run)`, (4) the manifest, last: the
        commit point. A kill before (4) leaves the dataset as it was to readers, and the next open rolls back.
        The staged files stay in `staging` (hard-linked into runs/, not moved), so a --resume can commit again.
        """
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
        if mode == "append" and replaced_ids:
            raise ValueError("replaced_ids are only for mode 'update'")
        if self._interrupted:
            raise DatasetError(f"{self.path}: an earlier commit in this process failed half-way; open the dataset "
                               f"again (which rolls it back) before committing")
        started = time.perf_counter()
        staging = Path(staging)
        run = self.next_run
        run_id = run_id_for(run)
        tables = {name: self._current(name) for name in TABLES}
        staged = self._check_staged(staging, tables)
        properties = CommitProperties(custom_metadata={RUN_ID_KEY: run_id, "newsbridge.mode": mode},
                                      app_transactions=[Transaction(APP_ID, run)])
        try:
            for name in TABLES:
                tables[name] = self._append_table(name, tables[name], staged[name], properties, replaced_ids)
            self._publish_run_files(staging, run_id)
            self.ids.add_many(new_ids, run)
            for hook in on_commit:
                hook(run)
            manifest = self._next_manifest(run_manifest, run_id, mode, tables, started)
            write_text_atomic(self.path / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        except BaseException:
            self._interrupted = True  # a second commit on top would keep this one's rows: reopen first
            raise
        _fsync_dir(self.path)
        self._manifest = manifest
        self._tables.update(tables)
        return manifest

    def _current(self, name: str) -> DeltaTable | None:
        """Table `name` at its latest version (another writer may have committed since open)."""
        table = self._tables[name]
        if table is None:
            return _load(table_dir(self.path, name))
        table.update_incremental()
        return table

    def _check_staged(self, staging: Path, tables: dict[str, DeltaTable | None]) -> dict[str, Path]:
        """The staged table files, each checked against its table's columns before anything is written."""
        staged: dict[str, Path] = {}
        for name in TABLES:
            path = staging / f"{name}.parquet"
            if not path.is_file():
                raise DatasetError(f"{path}: missing; a run appended to a dataset stages its {name} as one "
                                   f"unpartitioned Parquet file (no --partition-by)")
            if (table := tables[name]) is not None:
                expected = table.schema()
                schema = pq.read_schema(path)
                if Schema.from_arrow(schema) != expected:
                    raise DatasetError(f"{self.path}: the run's {name} columns differ from the dataset's "
                                       f"({_schema_difference(schema, expected)}), as when the dataset was made "
                                       f"by another newsbridge version or --add-field set; append to a new dataset")
            staged[name] = path
        return staged

    def _append_table(self, name: str, table: DeltaTable | None, staged: Path, properties: CommitProperties,
                      replaced_ids: Sequence[str]) -> DeltaTable:
        """`table` (None: not made yet) with the run's rows: the object itself, moved to the new version."""
        if table is not None and replaced_ids:
            # DELETE … WHERE doc_id IN (…): files whose doc_id statistics rule the ids out are skipped, the others
            # have that one column scanned, and only files holding a replaced id are rewritten. (A MERGE on the ids
            # read every column of every file: 13 s and 2.4 GB for 2,000 ids in a million documents.)
            for chunk in _chunks(sorted(set(replaced_ids)), DELETE_CHUNK):
                table.delete(f"doc_id IN ({', '.join(map(_sql_text, chunk))})", writer_properties=WRITER,
                             commit_properties=properties)
        directory = table_dir(self.path, name)
        parquet = pq.ParquetFile(staged)
        if table is not None and not parquet.metadata.num_rows:
            parquet.close()
            return table
        try:
            # The run's rows in its order, in files of our own making (write_deltalake would reorder a day of more
            # than one batch), each on disk before the commit names it: the staged file itself where it is no
            # larger than a table's file should be (hard-linked: files.link_file), else its rows streamed into files
            # of that size.
            if parquet.metadata.num_rows and staged.stat().st_size <= FILE_BYTES:
                files = [link_file(directory, staged)]
            else:
                batches = parquet.iter_batches(batch_size=ROW_GROUP_ROWS)  # the writer's groups
                files = write_files(directory, batches, parquet.schema_arrow, target_bytes=FILE_BYTES)
        finally:
            parquet.close()
        added = add_actions(files, data_change=True, table=table)  # after the DELETE's rewritten files
        if table is None:  # the table made and the run's files added in one commit, as write_deltalake did
            create_table_with_add_actions(str(directory), Schema.from_arrow(parquet.schema_arrow), added,
                                          commit_properties=properties)
            return DeltaTable(directory)
        table.create_write_transaction(added, mode="append", schema=parquet.schema_arrow,
                                       commit_properties=properties)
        table.update_incremental()
        return table

    def _publish_run_files(self, staging: Path, run_id: str) -> None:
        """Every staged file but the tables into runs/<run_id>/: linked under a temporary name, then one rename."""
        runs = self.path / RUNS_DIR
        runs.mkdir(exist_ok=True)
        final = run_dir(self.path, run_id)
        if final.exists():  # only a leftover of this process's own failed attempt can be here after open
            shutil.rmtree(final)
        temp = runs / f".{run_id}.tmp-{os.getpid()}"
        if temp.exists():
            shutil.rmtree(temp)
        temp.mkdir()
        tables = {f"{name}.parquet" for name in TABLES}
        # Hard links: no data copied, and staging stays whole for a --resume that commits it again.
        with os.scandir(staging) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            source = staging / name
            if name in tables or TEMP_PATTERN.match(name):
                continue
            if source.is_dir():
                shutil.copytree(source, temp / name, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(source), str(temp / name))
        _fsync_dir(temp)
        os.rename(temp, final)
        _fsync_dir(runs)

    def _next_manifest(self, run_manifest: dict[str, Any], run_id: str, mode: str,
                       tables: dict[str, DeltaTable], started: float) -> dict[str, Any]:
        versions = {name: table.version() for name, table in tables.items()}
        previous = (self._manifest or {}).get("counts", {})
        run_counts = dict(run_manifest.get("counts") or {})
        counts: dict[str, int] = {}
        for name in TABLES:
            stories = DUPLICATE_COLUMN if name == "documents" else None
            rows, nulls = table_rows(tables[name], table_dir(self.path, name), null_column=stories)
            counts[name] = rows
            if name == "documents":
                counts["distinct_stories"] = nulls
        for key in RUN_SUMMED_COUNTS:
            counts[key] = int(previous.get(key, 0)) + int(run_counts.get(key, 0) or 0)
        history = self.history
        commit_seconds = time.perf_counter() - started  # all of the commit but this manifest's write
        history.append(self._history_entry(run_manifest, run_counts, run_id, mode, versions, commit_seconds))
        counts["runs"] = len(run_entries(history))
        return {
            "newsbridge_version": __version__,
            DATASET_KEY: {"format": TABLE_FORMAT, "layout": LAYOUT_VERSION, "tables": versions},
            "counts": counts,
            "history": history,
        }

    @staticmethod
    def _history_entry(run_manifest: dict[str, Any], run_counts: dict[str, Any], run_id: str, mode: str,
                       versions: dict[str, int], commit_seconds: float) -> dict[str, Any]:
        glossary = run_manifest.get("glossary") or {}
        total = (run_manifest.get("seconds") or {}).get("total")
        return {
            "run_id": run_id,
            "dir": f"{RUNS_DIR}/{run_id}",
            "mode": mode,
            "finished": run_manifest.get("finished") or to_iso(datetime.now(timezone.utc).replace(microsecond=0)),
            "inputs": run_manifest.get("inputs", []),
            "counts": run_counts,
            "translator": run_manifest.get("translator"),
            "translator_signature": run_manifest.get("translator_signature", _translator_signature(run_manifest)),
            "glossary": {"content_hash": glossary.get("content_hash"), "entities": glossary.get("entities")},
            "tables": dict(versions),
            # The hash of the run's plan: how a --resume after a kill between this manifest and the run's clean-up
            # knows the run landed (pipeline/runner.py).
            "plan_sha256": run_manifest.get("plan_sha256"),
            # The commit's time (tables, run files, indexes; up to this manifest), kept where it can be compared
            # run after run as the dataset grows (the summary and RunResult.seconds show the same figure), and
            # the run's own total before it.
            "commit_seconds": round(commit_seconds, 3),
            "seconds": total,
        }


def _translator_signature(run_manifest: dict[str, Any]) -> str | None:
    """The translate step's signature, where a run's manifest has no translator_signature of its own."""
    for stage in run_manifest.get("stages") or []:
        if isinstance(stage, dict) and stage.get("name") == "translate":
            return stage.get("signature")
    return None
