"""What a finished run left to look at, shared by the end-of-run summary and `inspect`: flagged segments, the
output files with their sizes, and the next step (the reject reasons grouped are output_rows.reject_groups, which
the report reads too). Files are streamed line by line, so a large flags.jsonl costs memory per row shown, not
per line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.io.output_source import OutputSource, as_source
from pipeline.report import REPORT_FILE

SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")
SIZE_STEP = 1024


@dataclass
class Flagged:
    """The first `cap` flagged segments, how many there are in all, and the count per flag kind."""

    shown: list[dict[str, Any]]
    total: int
    by_kind: Counter

    @property
    def rest(self) -> int:
        return self.total - len(self.shown)


def flagged_segments(out: Path | OutputSource, cap: int) -> Flagged:
    """The flagged segments of a run's output, or of every run of a dataset."""
    from pipeline.text.flags import failed_kinds

    shown: list[dict[str, Any]] = []
    total = 0
    by_kind: Counter = Counter()
    for row in as_source(out).rows("flags"):
        total += 1
        by_kind.update(failed_kinds(list(row.get("flags") or [])))
        if len(shown) < cap:
            shown.append(row)
    return Flagged(shown, total, by_kind)


def format_size(n: int) -> str:
    """1536 → "1.5 KB"; bytes as a whole number."""
    size = float(n)
    for unit in SIZE_UNITS:
        if size < SIZE_STEP or unit == SIZE_UNITS[-1]:
            return f"{int(size)} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= SIZE_STEP
    raise AssertionError("unreachable")


def _size(path: Path) -> int:
    if path.is_dir():  # a Hive-partitioned table: the sum of its files
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def output_files(out_dir: Path) -> list[tuple[str, int]]:
    """Every visible entry of the output directory with its size in bytes, by name."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return [(p.name, _size(p)) for p in sorted(out_dir.iterdir()) if not p.name.startswith(".")]


def next_steps(out_dir: Path) -> list[str]:
    """What to run to look at the results, as the user can type it here (pipeline/invocation.py); `show` names
    the first document, so the line runs as printed, and is left out when there is none."""
    from pipeline.dataset.layout import is_dataset
    from pipeline.invocation import command

    doc_id = first_doc_id(out_dir)
    report = Path(out_dir) / REPORT_FILE
    # A dataset has a report only once `report` built it (from the whole dataset); a run always writes its own.
    see_report = (command("report", out_dir) if not report.is_file() and is_dataset(Path(out_dir))
                  else f"open {report}")
    return [see_report,
            *([command("show", out_dir, doc_id)] if doc_id is not None else []),
            command("inspect", out_dir)]


def first_doc_id(out_dir: Path) -> str | None:
    """The first document's id (one line of documents.jsonl, or one batch of a dataset's doc_id column), to make
    the `show` step runnable as shown."""
    for row in as_source(out_dir).rows("documents", columns=["doc_id"]):
        return str(row.get("doc_id")) if row.get("doc_id") is not None else None
    return None
