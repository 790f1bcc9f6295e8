"""The one way newsbridge puts rows into a dataset's Delta table: Parquet files written here, in the order the
rows come, and named to the log by add actions the caller commits in one transaction.

Why not `write_deltalake`: it spreads a stream's batches over parallel writers, so a day of more than one batch
(10,000 rows) lands in its files in another order than the run wrote it, and readers give rows in file order
(read.DatasetReader.files). An append (data_change true) and a compaction (data_change false, the same rows
again) both write through here.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import DeltaTable
from deltalake.transaction import AddAction

from pipeline.io.outdir import _fsync_dir
from pipeline.io.ownership import _link_or_copy
from pipeline.io.writers import ROW_GROUP_ROWS

MB = 1024 * 1024
# The size a table's files aim at unless told: deltalake's own default for its writes and compaction.
DEFAULT_TARGET_MB = 100
# Text values longer than this get no min/max in the log (a day's bodies would bloat it; a column without
# statistics is only never skipped, never misread).
STATS_TEXT_CHARS = 64


def write_files(directory: Path, batches: Iterable[pa.RecordBatch], schema: pa.Schema, *,
                target_bytes: int = DEFAULT_TARGET_MB * MB, empty_file: bool = False) -> list[Path]:
    """`batches` streamed, in their order, into new Parquet files in `directory`, each closed once past
    `target_bytes`; each file fsynced (on disk before a log names it). No rows: no file, unless `empty_file`."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    writer: pq.ParquetWriter | None = None
    sink = None
    try:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            if writer is None:
                path = _new_file(directory)
                sink = open(path, "wb")  # noqa: SIM115 - closed below, after its writer
                writer = pq.ParquetWriter(sink, schema, compression="snappy")
                written.append(path)
            writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
            if sink is not None and sink.tell() >= target_bytes:
                writer.close()
                os.fsync(sink.fileno())
                sink.close()
                writer = sink = None
        if not written and empty_file:
            path = _new_file(directory)
            pq.write_table(schema.empty_table(), path)
            written.append(path)
    finally:
        if writer is not None:
            writer.close()
        if sink is not None:
            os.fsync(sink.fileno())
            sink.close()
    if written:
        _fsync_dir(directory)
    return written


def link_file(directory: Path, source: Path) -> Path:
    """`source`, a Parquet file already holding its rows in their order (a run's staged table, which the run's
    writer makes as write_files does: pyarrow's defaults, groups of ROW_GROUP_ROWS), put into `directory` under a
    new file's name and fsynced: the file write_files would make of it, without decoding and encoding every row
    again. Hard-linked where both are on one filesystem (no byte written again, however big the day), copied where
    a link is refused (another filesystem: EXDEV; one without hard links). The run's writer never rewrites a
    staged file in place (writers.assemble), so the table's file stays as committed."""
    directory.mkdir(parents=True, exist_ok=True)
    path = _new_file(directory)
    _link_or_copy(str(source), str(path))
    with open(path, "rb") as added:
        os.fsync(added.fileno())  # a link's data too: the run wrote it moments ago, the log must not name it unsynced
    _fsync_dir(directory)
    return path


def _new_file(directory: Path) -> Path:
    return directory / f"part-{uuid.uuid4()}-c000.snappy.parquet"


def add_actions(paths: list[Path], *, data_change: bool, table: DeltaTable | None = None) -> list[AddAction]:
    """The add actions of files written here, in their order: each a millisecond after the one before, the first
    after every file `table` (as loaded) holds, which is the time readers order a table's files by
    (read.DatasetReader.files), so a clock set back between two runs cannot put a run before the one it follows."""
    now = max(int(time.time() * 1000), _latest_time(table) + 1)
    return [AddAction(path=path.name, size=path.stat().st_size, partition_values={},
                      modification_time=now + number, data_change=data_change, stats=json.dumps(file_stats(path)))
            for number, path in enumerate(paths)]


def _latest_time(table: DeltaTable | None) -> int:
    """The latest modification time (ms) of the files `table` holds; 0 for none (costs the number of files, as
    counting the table's rows does)."""
    if table is None:
        return 0
    times = pa.table(table.get_add_actions(flatten=True)).column("modification_time")
    return int(pc.max(times).as_py() or 0) if len(times) else 0


def file_stats(path: Path) -> dict[str, Any]:
    """A file's statistics as the Delta log keeps them, from its Parquet footer: rows, and per top-level column
    the null count and (for numbers, instants and short text) min/max, which readers skip files by (an --update's
    DELETE by doc_id, a DuckDB or Spark query by published_at)."""
    metadata = pq.read_metadata(path)
    nulls: dict[str, int] = {}
    lows: dict[str, Any] = {}
    highs: dict[str, Any] = {}
    for column in range(metadata.num_columns):
        name = metadata.schema.column(column).path
        if "." in name:  # a list's elements: no top-level statistics
            continue
        chunks = [metadata.row_group(g).column(column).statistics for g in range(metadata.num_row_groups)]
        if not chunks or not all(c is not None and c.has_null_count for c in chunks):
            continue
        nulls[name] = sum(c.null_count for c in chunks)  # type: ignore[union-attr]
        valued = [c for c in chunks if c is not None and c.has_min_max]
        if not valued or len(valued) != sum(1 for c in chunks if c.num_values > 0):  # type: ignore[union-attr]
            continue
        low = _stat_value(min(c.min for c in valued), ceiling=False)
        high = _stat_value(max(c.max for c in valued), ceiling=True)
        if low is not None and high is not None:
            lows[name], highs[name] = low, high
    stats: dict[str, Any] = {"numRecords": metadata.num_rows, "nullCount": nulls}
    if lows:
        stats.update(minValues=lows, maxValues=highs)
    return stats


def _stat_value(value: Any, *, ceiling: bool) -> Any:
    """A Parquet min or max as the Delta log writes it, or None where it keeps none: instants as UTC text in
    milliseconds (a max rounded up, so no row is ever past it), text only when short."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if not isinstance(value, float) or math.isfinite(value) else None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return None  # a naive instant: which zone the log means is not ours to guess
        utc = value.astimezone(timezone.utc)
        millis = utc.microsecond // 1000
        if ceiling and utc.microsecond % 1000:
            utc = utc.replace(microsecond=millis * 1000) + timedelta(milliseconds=1)
        else:
            utc = utc.replace(microsecond=millis * 1000)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    if isinstance(value, str):
        return value if len(value) <= STATS_TEXT_CHARS else None
    return None

