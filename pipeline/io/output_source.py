"""What `show`, `inspect`, the report and the Python API read a finished output through, whichever kind it is:
one run's output directory (its JSONL files and Parquet tables) or a dataset that runs append to (its Delta tables
at the manifest's versions, and every run's side files; pipeline/dataset/read.py). Both give the same rows, so a
view never asks which kind it has; only what a dataset has and a run has not (its history) is asked for by kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.io.outdir import manifest_json
from pipeline.io.output_rows import REJECTS_FILE, json_rows

if TYPE_CHECKING:
    import pyarrow.dataset as ds

# The rows a source gives, by name, and the file of one run's output that holds them.
RUN_JSONL = {"documents": "documents.jsonl", "segments": "segments.jsonl", "mentions": "mentions.jsonl",
             "flags": "flags.jsonl", "rejects": REJECTS_FILE}


class OutputSource(Protocol):
    """A finished output as the readers see it."""

    path: Path

    @property
    def manifest(self) -> dict[str, Any]: ...

    def rows(self, name: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """documents, segments, mentions, flags or rejects, row by row, as one run's JSONL files give them."""
        ...

    def arrow_dataset(self, name: str) -> ds.Dataset | None:
        """documents, segments or mentions as a pyarrow dataset (None when there is no such table)."""
        ...

    def run_dirs(self) -> list[Path]:
        """The directories holding each run's own files (one run's output: itself)."""
        ...

    def run_manifests(self) -> Iterator[dict[str, Any]]:
        """Each run's own manifest, oldest first (one run's output: its manifest)."""
        ...


@dataclass(frozen=True)
class RunFiles:
    """One run's output directory. The manifest is read when first asked for, so the end-of-run summary can read
    the rows of a directory whose manifest is not written yet."""

    path: Path

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return manifest_json(self.path)

    def rows(self, name: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
        rows = json_rows(self.path / RUN_JSONL[name])
        return ({k: row.get(k) for k in columns} for row in rows) if columns else rows

    def arrow_dataset(self, name: str) -> ds.Dataset | None:
        """`segments.parquet` and friends: a file, or a directory of Hive partitions (pyarrow.dataset reads
        both)."""
        import pyarrow.dataset as ds

        path = self.path / f"{name}.parquet"
        return ds.dataset(path, format="parquet", partitioning="hive") if path.exists() else None

    def run_dirs(self) -> list[Path]:
        return [self.path]

    def run_manifests(self) -> Iterator[dict[str, Any]]:
        yield self.manifest


def open_output(path: Path | str) -> OutputSource:
    """The source for `path`: a dataset when its manifest says so, else one run's output directory."""
    from pipeline.dataset.layout import is_dataset

    path = Path(path)
    if is_dataset(path):
        from pipeline.dataset.read import DatasetReader

        return DatasetReader(path)
    return RunFiles(path)


def as_source(out: Path | str | OutputSource) -> OutputSource:
    """`out` itself when it is already a source; else the source of the directory it names."""
    return open_output(out) if isinstance(out, (str, Path)) else out


def is_dataset_source(source: OutputSource) -> bool:
    """Whether `source` reads a dataset (it has a run history) rather than one run's output."""
    from pipeline.dataset.layout import DATASET_KEY

    return isinstance(source.manifest.get(DATASET_KEY), dict)
