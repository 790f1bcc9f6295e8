"""Open a newsbridge output directory (one run's, or a dataset that runs append to) for reading: its manifest, and
its tables as pyarrow datasets, so one document is found by a filtered scan (row-group statistics prune) instead
of reading a 10 GB file whole."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.invocation import command
from pipeline.io.outdir import COMPLETE_MARKER as MANIFEST
from pipeline.io.outdir import manifest_json
from pipeline.io.output_source import OutputSource, open_output

if TYPE_CHECKING:
    import pyarrow.dataset as ds

# How many close ids an unknown-id error suggests.
CLOSE_IDS = 3
# difflib's default similarity floor, lowered: ids differ in one or two characters (cnyes-5940 vs cnyes-5941),
# and short ids score low against each other.
CLOSE_CUTOFF = 0.5


class NotAnOutput(Exception):
    """The directory is not a newsbridge output (a usage error: exit 2)."""


class UnknownDocument(Exception):
    """The id is not in the output (exit 1); the message names a few close ids."""


@dataclass(frozen=True)
class RunOutput:
    """A finished run's directory or a dataset, its manifest, and the source its rows are read through."""

    path: Path
    manifest: dict[str, Any]
    source: OutputSource = field(compare=False, repr=False)

    @classmethod
    def open(cls, path: Path) -> RunOutput:
        path = Path(path)
        manifest_file = path / MANIFEST
        if not path.is_dir():
            raise NotAnOutput(f"{path}: no such directory")
        if not manifest_file.is_file():
            raise NotAnOutput(f"{path}: not a newsbridge output directory (no {MANIFEST}; "
                              f"make one with `{command('run', 'INPUT', '--out', 'DIR')}`)")
        try:
            manifest = manifest_json(path)
        except (OSError, ValueError) as e:
            raise NotAnOutput(f"{manifest_file}: not a readable newsbridge manifest ({e})") from e
        if not isinstance(manifest, dict) or "counts" not in manifest:
            raise NotAnOutput(f"{manifest_file}: not a newsbridge manifest (no counts)")
        return cls(path, manifest, open_output(path))

    def table(self, name: str) -> ds.Dataset | None:
        """A table as a pyarrow dataset: one run's Parquet file or Hive partitions, or a dataset's Delta table at
        its pinned version; None when there is none."""
        return self.source.arrow_dataset(name)

    def rows(self, name: str, doc_id: str) -> list[dict[str, Any]]:
        """The rows of one table for one document, in file order.

        Partitions and row groups whose doc_id statistics exclude the id are skipped unread; of the others only
        the doc_id column is read first, and a row group is read whole only when it holds the id. Ids are rarely
        sorted in a corpus, so statistics alone would prune little and a plain filtered scan would decode every
        column of every row group."""
        import pyarrow.compute as pc
        import pyarrow.dataset as ds

        dataset = self.table(name)
        if dataset is None:
            return []
        wanted = ds.field("doc_id") == doc_id
        rows: list[dict[str, Any]] = []
        for fragment in dataset.get_fragments(filter=wanted):
            for group in fragment.split_by_row_group(filter=wanted):
                ids = group.to_table(columns=["doc_id"]).column(0)
                if pc.any(pc.equal(ids, doc_id)).as_py():
                    rows += group.to_table(filter=wanted, schema=dataset.schema).to_pylist()
        return rows

    def close_ids(self, doc_id: str) -> list[str]:
        """Ids like `doc_id`, read from the doc_id column alone, batch by batch (memory stays flat)."""
        dataset = self.table("documents")
        if dataset is None:
            return []
        found: list[str] = []
        for batch in dataset.to_batches(columns=["doc_id"]):
            ids = [i for i in batch.column(0).to_pylist() if i is not None]
            # Keep the best few so far: the candidates never grow past one batch plus CLOSE_IDS.
            found = difflib.get_close_matches(doc_id, found + ids, n=CLOSE_IDS, cutoff=CLOSE_CUTOFF)
        return found

    def unknown(self, doc_id: str) -> UnknownDocument:
        close = self.close_ids(doc_id)
        hint = f"; close ids: {', '.join(close)}" if close else ""
        return UnknownDocument(f"{self.path}: no document with id {doc_id!r}{hint}")
