"""Whether a run's rejects were all rejected by an earlier run of the dataset. The id index skips the records a
dataset holds, but a rejected record has no document there (often no id at all), so running the same day again (a
retry, a scheduler that fires twice) reads and rejects its bad records again; such a run added nothing new and
failed at nothing new, and exits 0 as a day whose records were all present does (docs/datasets.md)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.dataset.layout import run_dir
from pipeline.dataset.read import RUN_FILES, DatasetReader
from pipeline.io.output_rows import json_rows

# What makes two rejects one bad record: the same line of the same input (as the run names it) with the same
# text, rejected for the same reason. A new day's file under yesterday's name differs in its text.
REJECT_KEY = ("input", "line", "reason", "raw")


def _keys(rows: Iterable[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {tuple(str(row.get(key)) for key in REJECT_KEY) for row in rows}


def rejected_before(dataset: Path, run_id: str) -> bool:
    """Whether every reject of run `run_id` (committed: in the dataset's history) is one an earlier run rejected
    too; False for a run without rejects. Reads the earlier runs' rejects, latest first, until all are found: only
    a run that added no document and rejected some asks."""
    wanted = _keys(json_rows(run_dir(dataset, run_id) / RUN_FILES["rejects"]))
    if not wanted:
        return False
    mine = run_dir(dataset, run_id)
    for directory in reversed(DatasetReader(dataset).run_dirs()):  # a retry repeats the run just before it
        if directory != mine:
            wanted -= _keys(json_rows(directory / RUN_FILES["rejects"]))
            if not wanted:
                return True
    return False
