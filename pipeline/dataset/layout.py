"""Where everything of a dataset lives, and how to tell a dataset from one run's output.

A dataset is a directory that `newsbridge run --append` creates and grows:

    DATASET/
      manifest.json          the dataset's manifest: the pinned version of each table, the counts of the whole
                             dataset, and `history`, one entry per run appended (written last: the commit point)
                             and one per compaction (`newsbridge dataset compact`, mode "compact")
      documents/             Delta Lake tables (a `_delta_log/` and Parquet files each); the same columns as one
      segments/              run's documents/segments/mentions Parquet files
      mentions/
      runs/<run_id>/         each run's own files: its JSONL tables, corpus.tmx, flags.jsonl, rejects.jsonl,
                             manifest.json (the run's manifest, as a single run writes it) and report.html
      _index/ids.sqlite      every document id in the dataset (what `already_present` is decided on)
      _index/stories.sqlite  content hashes and MinHash bands of every document (what `duplicate_of` is decided on)

Readers pin each table to the version the manifest names, so that a run killed after one table took its rows but
before the manifest was written is invisible to them; the next writer rolls such tables back before it starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.io.outdir import COMPLETE_MARKER, manifest_json

# A dataset's manifest is the file a run's output commits last (read by pipeline.io.outdir.manifest_json).
MANIFEST_FILE = COMPLETE_MARKER
TABLES = ("documents", "segments", "mentions")
RUNS_DIR = "runs"
INDEX_DIR = "_index"
IDS_INDEX = "ids.sqlite"
STORIES_INDEX = "stories.sqlite"
# The key of manifest.json that only a dataset's manifest has (a run's has none).
DATASET_KEY = "dataset"
TABLE_FORMAT = "delta"
LAYOUT_VERSION = 1
# The mode of a history entry that records a compaction, not a run: it has no run_id, no runs/ directory, no
# counts, and takes no run number.
COMPACT_MODE = "compact"


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest.json of `path` as a dict, or None where there is none that parses to an object."""
    try:
        manifest = manifest_json(path)
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return manifest if isinstance(manifest, dict) else None


def is_dataset(path: Path) -> bool:
    """Whether `path` is a dataset (its manifest says so), not one run's output."""
    manifest = read_manifest(path)
    return manifest is not None and isinstance(manifest.get(DATASET_KEY), dict)


def run_entries(history: list[Any]) -> list[dict[str, Any]]:
    """The entries of a dataset's history that record runs (a compaction's are left out), oldest first: a run's
    number is its place among them."""
    return [h for h in history if isinstance(h, dict) and h.get("mode") != COMPACT_MODE]


def table_dir(dataset: Path, name: str) -> Path:
    if name not in TABLES:
        raise ValueError(f"a dataset has no table {name!r} (it has {', '.join(TABLES)})")
    return Path(dataset) / name


def run_dir(dataset: Path, run_id: str) -> Path:
    return Path(dataset) / RUNS_DIR / run_id


def index_path(dataset: Path, name: str) -> Path:
    return Path(dataset) / INDEX_DIR / name


def run_id_for(number: int) -> str:
    """The id of the dataset's `number`th run (1-based): sortable, and the same when --resume redoes it."""
    return f"run-{number:05d}"
