"""Hive-style partitions for `--partition-by date`: each table becomes a directory of the same name
(`documents.parquet/date=2025-03-01/part-0.parquet`), one subdirectory per local publication day.

The day is the document's `published_at` in UTC+08:00 (pipeline/io/timestamps.py); a document without one, and
its segments and mentions, go under `date=unknown` (not Hive's null name: pandas cannot read a dictionary partition
column holding nulls). Rows keep the order of the shards, so the files are the same bytes for any worker count."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.io.timestamps import local_date

if TYPE_CHECKING:  # pyarrow is imported where rows are written: config.py reads PARTITION_KEYS at CLI start-up
    import pyarrow as pa

PARTITION_KEYS = ("date",)
UNDATED = "unknown"
PART_FILE = "part-0.parquet"
# Partitions written per pass over the shards' parts: bounds the files open at once (one per partition)
# whatever the number of days in a corpus.
PARTITIONS_PER_PASS = 256


class PartitionError(ValueError):
    """A partition key newsbridge does not know."""


def check_partition_by(value: str | None) -> None:
    if value is not None and value not in PARTITION_KEYS:
        raise PartitionError(f"partition_by must be one of {', '.join(PARTITION_KEYS)} (or unset), not {value!r}")


def day_of(instant: datetime | None) -> str:
    """The partition value of a publication instant."""
    return local_date(instant) or UNDATED


def days_by_doc(tables: Iterator[pa.Table]) -> dict[str, str]:
    """doc_id → partition value, from the documents table (the first row of an id wins)."""
    out: dict[str, str] = {}
    for table in tables:
        for doc_id, instant in zip(table["doc_id"].to_pylist(), table["published_at"].to_pylist(), strict=True):
            out.setdefault(doc_id, day_of(instant))
    return out


def row_days(table: pa.Table, days: dict[str, str]) -> pa.Array:
    """Each row's partition value, through its doc_id (segments and mentions share their document's day)."""
    import pyarrow as pa

    return pa.array([days.get(d, UNDATED) for d in table["doc_id"].to_pylist()], pa.string())


def partition_path(table_dir: Path, key: str, value: str) -> Path:
    return table_dir / f"{key}={value}" / PART_FILE


class TableSink(Protocol):
    """Where one partition's rows go (writers.RowGroupWriter)."""

    def add_table(self, table: pa.Table) -> None: ...

    def close(self) -> None: ...


def write_partitioned(table_dir: Path, read_parts: Callable[[], Iterator[pa.Table]], days: dict[str, str],
                      open_writer: Callable[[Path], TableSink]) -> None:
    """Write every row of the parts into the partition of its day, in part order; a partition without rows has
    no file, and a table without rows is one empty part file (so readers still find its schema)."""
    import pyarrow.compute as pc

    table_dir.mkdir(parents=True, exist_ok=True)
    written = False
    for chunk in _chunks(sorted(set(days.values())), PARTITIONS_PER_PASS):
        writers: dict[str, TableSink] = {}
        try:
            for table in read_parts():
                keys = row_days(table, days)
                for value in chunk:
                    rows = table.filter(pc.equal(keys, value))
                    if rows.num_rows:
                        if value not in writers:
                            path = partition_path(table_dir, PARTITION_KEYS[0], value)
                            path.parent.mkdir(parents=True, exist_ok=True)
                            writers[value] = open_writer(path)
                        writers[value].add_table(rows)
        finally:
            for writer in writers.values():
                writer.close()
        written = written or bool(writers)
    if not written:
        open_writer(table_dir / PART_FILE).close()


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
