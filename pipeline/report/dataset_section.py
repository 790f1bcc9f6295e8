"""The report's first section for a dataset, where one run's report has its counts and accounting: the dataset's
counts and its run history (its manifest's `counts` and `history`). One run's balance (records in = documents out
+ rejected) does not hold for a dataset (skipped ids, replaced documents), so each run's figures are shown as
they were counted instead."""

from __future__ import annotations

from html import escape
from typing import Any

# Counts of the whole dataset, in this order (the dataset manifest's `counts`).
DATASET_COUNTS = ("documents", "distinct_stories", "segments", "mentions", "tmx_units", "runs", "records_in",
                  "rejected", "already_present", "updated", "duplicates")
# Each run's figures in the history table.
RUN_COUNTS = ("records_in", "documents_out", "already_present", "updated", "duplicates", "rejected")
# The page lists the latest runs (the manifest holds them all).
MAX_RUN_ROWS = 60


def _cell(value: Any, numeric: bool = False) -> str:
    if numeric:
        return f'<td class="n">{value:,}</td>' if isinstance(value, int) else '<td class="n muted">—</td>'
    return f"<td>{escape(str(value if value is not None else '—'))}</td>"


def _table(head: list[str], rows: list[str]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f'<div class="scroll"><table><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def dataset_section(manifest: dict[str, Any]) -> str:
    """The dataset's counts and its runs, newest last."""
    counts = manifest.get("counts") or {}
    count_rows = [f"<tr>{_cell(key)}{_cell(counts.get(key), True)}</tr>" for key in DATASET_COUNTS if key in counts]
    history = [h for h in manifest.get("history") or [] if isinstance(h, dict)]
    shown = history[-MAX_RUN_ROWS:]
    run_rows = []
    for run in shown:
        run_counts = run.get("counts") or {}
        glossary = run.get("glossary") or {}
        run_rows.append("<tr>" + _cell(run.get("run_id")) + _cell(run.get("mode")) + _cell(run.get("finished"))
                        + "".join(_cell(run_counts.get(key), True) for key in RUN_COUNTS)
                        + _cell(run.get("translator")) + _cell(str(glossary.get("content_hash") or "")[:12]) + "</tr>")
    rest = len(history) - len(shown)
    runs = sum(1 for h in history if h.get("mode") != "compact")  # a compaction's row is no run
    return (_table(["count", "value"], count_rows)
            + f"<p>{runs:,} run(s) appended"
            + (f"; the last {len(shown)} are listed (all are in manifest.json)" if rest else "") + "</p>"
            + _table(["run", "mode", "finished", *RUN_COUNTS, "translator", "glossary"], run_rows)
            + '<p class="muted">built from the whole dataset at the versions its manifest pins; the time per stage '
              "below is the last run's, the quality checks all runs' summed</p>")
