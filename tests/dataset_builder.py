"""A dataset built by hand from real runs, for the tests of the readers while the writer (pipeline/dataset's
commit) is built beside them: each run's Parquet tables appended to the Delta tables (a null `duplicate_of` column
added where the run has none), its other files copied into runs/<id>/, and the dataset manifest written last with
the pinned versions, in the layout of pipeline/dataset/layout.py and the manifest schema of issue 19."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable, write_deltalake

from pipeline import __version__
from pipeline.dataset.layout import (
    DATASET_KEY,
    LAYOUT_VERSION,
    MANIFEST_FILE,
    TABLE_FORMAT,
    TABLES,
    run_dir,
    run_id_for,
    table_dir,
)
from pipeline.dataset.read import SUMMED_RUN_COUNTS

DUPLICATE_OF = "duplicate_of"
FINISHED = "2026-12-0{n}T06:00:00Z"  # a fixed time per run: the dataset's manifest is deterministic


def with_duplicate_of(table: pa.Table) -> pa.Table:
    """The run's table with a null `duplicate_of` string column when it has none."""
    if DUPLICATE_OF in table.column_names:
        return table
    return table.append_column(pa.field(DUPLICATE_OF, pa.string()), pa.nulls(table.num_rows, pa.string()))


def append_table(dataset: Path, name: str, table: pa.Table) -> int:
    """Append rows to one Delta table; its new version."""
    write_deltalake(str(table_dir(dataset, name)), table, mode="append")
    return DeltaTable(str(table_dir(dataset, name))).version()


def append_run(dataset: Path, out: Path, number: int) -> dict[str, Any]:
    """Add one run's output to the dataset (without writing the dataset manifest); the run's history entry."""
    run_manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    versions = {name: append_table(dataset, name, with_duplicate_of(pq.read_table(out / f"{name}.parquet")))
                for name in TABLES}
    run_id = run_id_for(number)
    target = run_dir(dataset, run_id)
    target.mkdir(parents=True)
    for path in out.iterdir():
        if path.is_file() and not path.name.endswith(".parquet"):
            shutil.copy2(path, target / path.name)
    counts = {**run_manifest["counts"], "already_present": 0, "updated": 0, "duplicates": 0}
    glossary = run_manifest.get("glossary") or {}
    return {"run_id": run_id, "dir": f"runs/{run_id}", "mode": "append", "finished": FINISHED.format(n=number),
            "inputs": run_manifest.get("inputs"), "counts": counts, "translator": run_manifest.get("translator"),
            "translator_signature": run_manifest.get("translator_signature"),
            "glossary": {"content_hash": glossary.get("content_hash"), "entities": glossary.get("entities")},
            "tables": versions}


def dataset_manifest(history: list[dict[str, Any]], documents: int, segments: int, mentions: int,
                     distinct_stories: int) -> dict[str, Any]:
    counts = {"documents": documents, "segments": segments, "mentions": mentions, "runs": len(history),
              "distinct_stories": distinct_stories,
              **{key: sum(int(h["counts"].get(key) or 0) for h in history) for key in SUMMED_RUN_COUNTS}}
    return {"newsbridge_version": __version__,
            DATASET_KEY: {"format": TABLE_FORMAT, "layout": LAYOUT_VERSION, "tables": dict(history[-1]["tables"])},
            "counts": counts, "history": history}


def write_manifest(dataset: Path, manifest: dict[str, Any]) -> None:
    (dataset / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def build_dataset(dataset: Path, run_outputs: list[Path]) -> dict[str, Any]:
    """A dataset of the given runs' outputs, appended in order; its manifest."""
    dataset.mkdir(parents=True, exist_ok=True)
    history = [append_run(dataset, out, n) for n, out in enumerate(run_outputs, 1)]
    totals = {name: sum(pq.read_metadata(out / f"{name}.parquet").num_rows for out in run_outputs)
              for name in TABLES}
    manifest = dataset_manifest(history, totals["documents"], totals["segments"], totals["mentions"],
                                distinct_stories=totals["documents"])
    write_manifest(dataset, manifest)
    return manifest
