"""Reading a dataset as its manifest says it is: each Delta table at the version the manifest pins, and the
side files (flags, rejects) of the runs the manifest lists. Rows a writer appended after the manifest (an
interrupted commit) are never seen.

Tables are read as their Parquet files (`DeltaTable.file_uris()` at the pinned version) through pyarrow.dataset,
never through DeltaTable.to_pyarrow_table/to_pandas/to_pyarrow_dataset: those make the process abort at exit
(delta-rs #2184). This is exact because our writer enables neither deletion vectors nor column mapping."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.dataset.layout import COMPACT_MODE, DATASET_KEY, TABLES, read_manifest, run_entries, table_dir
from pipeline.io.output_rows import json_rows
from pipeline.io.timestamps import to_iso

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as ds

# The run side files read over every run of the dataset (name → file in runs/<id>/).
RUN_FILES = {"flags": "flags.jsonl", "rejects": "rejects.jsonl"}
# A run's counts that add up over the runs into the dataset's (the others are the tables' row counts).
SUMMED_RUN_COUNTS = ("records_in", "rejected", "tmx_units", "already_present", "updated", "duplicates")


class DatasetReadError(ValueError):
    """The directory is no dataset, the run asked for is not in its history, or a table cannot be read at the
    version the manifest pins (a damaged dataset)."""


class DatasetReader:
    """A dataset, read as of its manifest (or as of an earlier run of its history, `as_of="run-00002"`)."""

    def __init__(self, path: Path | str, *, as_of: str | None = None) -> None:
        self.path = Path(path)
        manifest = read_manifest(self.path)
        if manifest is None or not isinstance(manifest.get(DATASET_KEY), dict):
            raise DatasetReadError(f"{self.path}: not a newsbridge dataset (no manifest.json with "
                                   f"{DATASET_KEY!r})")
        self.manifest: dict[str, Any] = manifest
        self.as_of = as_of
        self._history = self._history_until(as_of)
        if as_of is not None:
            self._check_not_vacuumed(as_of)
        if as_of is None:
            self.versions: dict[str, int | None] = dict(manifest[DATASET_KEY].get("tables") or {})
        else:
            self.versions = dict(self._history[-1].get("tables") or {})
            self.manifest = self._manifest_as_of()

    def _manifest_as_of(self) -> dict[str, Any]:
        """The manifest as it read when the run read as of was committed: its history cut there, its pinned
        versions, and the counts summed over those runs (rows from the Parquet footers; distinct stories, which
        only the writer's story index knows, unknown)."""
        counts = {key: sum(int((h.get("counts") or {}).get(key) or 0) for h in self._history)
                  for key in SUMMED_RUN_COUNTS}
        counts.update({name: self.count(name) for name in TABLES}, runs=len(self._history), distinct_stories=None)
        return {**self.manifest, DATASET_KEY: {**self.manifest[DATASET_KEY], "tables": dict(self.versions)},
                "counts": counts, "history": list(self._history)}

    def _check_not_vacuumed(self, run_id: str) -> None:
        """A run whose table versions a compaction's vacuum deleted files of cannot be read as of: one line that
        says so, rather than a missing Parquet file's traceback half-way through a read."""
        for entry in self.manifest.get("history") or []:
            if not isinstance(entry, dict) or entry.get("mode") != COMPACT_MODE:
                continue
            vacuum = entry.get("vacuum") or {}
            if run_id in (vacuum.get("as_of_lost") or []):
                raise DatasetReadError(f"{self.path}: cannot read as of {run_id}: the compaction of "
                                       f"{entry.get('finished')} vacuumed files its table versions need "
                                       f"(--vacuum-days {vacuum.get('days')}); read the dataset as it is now")

    def _history_until(self, run_id: str | None) -> list[dict[str, Any]]:
        history = run_entries(self.manifest.get("history") or [])
        if run_id is None:
            return history
        ids = [str(h.get("run_id")) for h in history]
        if run_id not in ids:
            raise DatasetReadError(f"{self.path}: no run {run_id!r} in the dataset's history "
                                   f"(runs: {', '.join(ids) or 'none'})")
        return history[:ids.index(run_id) + 1]

    # --- the history ------------------------------------------------------------------------------------------
    @property
    def history(self) -> list[dict[str, Any]]:
        """The manifest's runs up to the run read as of: one entry per run appended, oldest first (compactions,
        in the manifest's history too, are left out)."""
        return list(self._history)

    def run_dirs(self) -> list[Path]:
        """runs/<id>/ of every run read, oldest first (their JSONL side files, corpus.tmx, manifest, report)."""
        return [self.path / str(h.get("dir") or f"runs/{h.get('run_id')}") for h in self._history]

    def run_manifests(self) -> Iterator[dict[str, Any]]:
        """Each run's own manifest (as one run's output has it), oldest first; a run whose manifest is gone is
        passed over."""
        for directory in self.run_dirs():
            manifest = read_manifest(directory)
            if manifest is not None:
                yield manifest

    # --- the tables -------------------------------------------------------------------------------------------
    def files(self, name: str) -> list[str]:
        """The Parquet files of table `name` at its pinned version, oldest commit first (so rows come in the order
        the runs appended them). delta-rs lists them in no documented order: they are sorted by the time each was
        added, ties kept in reverse listing order (the order delta-rs lists one commit's files in)."""
        return self._files[name]

    @cached_property
    def _files(self) -> dict[str, list[str]]:
        return {name: self._table_files(name) for name in TABLES}

    def _delta(self, name: str) -> Any:
        """Table `name` at its pinned version (a deltalake.DeltaTable), or None when the manifest pins none."""
        version = self.versions.get(name)
        if version is None:
            return None
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError

        directory = table_dir(self.path, name)
        try:
            return DeltaTable(str(directory), version=int(version))
        except DeltaError as e:
            raise DatasetReadError(f"{directory}: cannot read version {version} that manifest.json pins "
                                   f"({str(e).splitlines()[0]})") from e

    def _table_files(self, name: str) -> list[str]:
        table = self._delta(name)
        if table is None:
            return []
        import pyarrow as pa

        uris = table.file_uris()
        actions = pa.table(table.get_add_actions(flatten=True))
        added = dict(zip((os.path.basename(p) for p in actions.column("path").to_pylist()),
                         actions.column("modification_time").to_pylist(), strict=True))
        listed = {uri: i for i, uri in enumerate(uris)}
        return sorted(uris, key=lambda uri: (added.get(os.path.basename(uri), 0), -listed[uri]))

    @cached_property
    def _schemas(self) -> dict[str, pa.Schema | None]:
        return {name: self._table_schema(name) for name in TABLES}

    def _table_schema(self, name: str) -> pa.Schema | None:
        table = self._delta(name)
        if table is None:
            return None
        import pyarrow as pa

        return pa.schema(table.schema().to_arrow())

    def schema(self, name: str) -> pa.Schema | None:
        """Table `name`'s columns at its pinned version (None when the dataset has no such table yet)."""
        table_dir(self.path, name)  # an unknown name is an error, not an empty table
        return self._schemas[name]

    def arrow_dataset(self, name: str) -> ds.Dataset | None:
        """Table `name` at its pinned version as a pyarrow dataset (filter, project, stream it); None when the
        dataset has no such table yet. Files written before a column was added read it as nulls."""
        import pyarrow.dataset as ds

        schema = self.schema(name)
        if schema is None:
            return None
        return ds.dataset(self.files(name), schema=schema, format="parquet")

    def batches(self, name: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Table `name` streamed batch by batch (memory per batch, not per table)."""
        dataset = self.arrow_dataset(name)
        if dataset is not None:
            yield from dataset.to_batches(columns=columns)

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """Table `name` whole (an empty table with the table's columns when it has no rows)."""
        import pyarrow as pa

        dataset = self.arrow_dataset(name)
        if dataset is None:
            return pa.table({})
        return dataset.to_table(columns=columns)

    # --- rows as a run's JSONL files give them ------------------------------------------------------------------
    def rows(self, name: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """The rows of a table as the run's JSONL file gives them (instants as ISO "…Z" text, as
        pipeline/io/writers.py writes them), or of `flags`/`rejects` over every run, oldest first."""
        if name in RUN_FILES:
            for directory in self.run_dirs():
                for row in json_rows(directory / RUN_FILES[name]):
                    yield {k: row.get(k) for k in columns} if columns else row
            return
        for batch in self.batches(name, columns):
            instants = [f.name for f in batch.schema if _is_instant(f.type)]
            for row in batch.to_pylist():
                for key in instants:
                    row[key] = to_iso(row[key])
                yield row

    def count(self, name: str) -> int:
        """Rows of a table at its pinned version, from the Parquet footers (no column is read)."""
        dataset = self.arrow_dataset(name)
        return 0 if dataset is None else sum(f.count_rows() for f in dataset.get_fragments())

    def __repr__(self) -> str:
        counts = self.manifest.get("counts") or {}
        as_of = f", as_of={self.as_of!r}" if self.as_of else ""
        return (f"DatasetReader({str(self.path)!r}{as_of}, runs={len(self._history)}, "
                f"documents={counts.get('documents')})")


def _is_instant(arrow_type: pa.DataType) -> bool:
    import pyarrow.types as pat

    return pat.is_timestamp(arrow_type) and arrow_type.tz is not None


def summed_quality(manifests: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The quality section of one run's manifest, summed over runs: segments checked and flagged, each check's
    checked and failed (its rate recomputed from the sums, null when nothing was checked)."""
    total: dict[str, Any] = {"segments_checked": 0, "segments_flagged": 0, "checks": {}}
    for manifest in manifests:
        quality = manifest.get("quality") or {}
        total["segments_checked"] += int(quality.get("segments_checked") or 0)
        total["segments_flagged"] += int(quality.get("segments_flagged") or 0)
        for name, check in (quality.get("checks") or {}).items():
            summed = total["checks"].setdefault(name, {"checked": 0, "failed": 0})
            summed["checked"] += int(check.get("checked") or 0)
            summed["failed"] += int(check.get("failed") or 0)
    for check in total["checks"].values():
        check["rate"] = (check["checked"] - check["failed"]) / check["checked"] if check["checked"] else None
    return total
