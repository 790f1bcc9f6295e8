"""Issue 20: report.html for 20,000 headlines on 20,000 different days was 2 MB with 20,011 SVG bars, where the README
promises it stays small whatever the corpus. The mentions chart bins days into weeks, months, years or decades past
MAX_DAY_SPAN columns, and every list on the page is capped, the text of a cell too. Built in-process from a
synthetic output directory."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from pipeline.report.gather import (
    MAX_DAY_SPAN,
    MAX_FLAG_ROWS,
    TOP_ENTITY_TYPES,
    TOP_REJECT_REASONS,
    TOP_TICKERS,
    binned_days,
    gather,
)
from pipeline.report.page import render
from pipeline.report.reader import FIRST_DOCUMENTS, FLAGGED_DOCUMENTS, MAX_CELL_CHARS, sample

DOCUMENTS = 20_000
SOME = 300  # flagged segments and kinds of reject reason: more than the page lists
LONG_SENTENCE = 100_000  # characters: two such sentences, in the reader and the flagged table, were 1.2 MB
# The page's fixed parts and capped lists come to about 150 KB (the chart at most MAX_DAY_SPAN columns of ~110 bytes).
MAX_REPORT_BYTES = 300_000


def _per_day(days: list[str]) -> Counter[str]:
    return Counter(days)


@pytest.mark.parametrize(("first", "last", "unit", "columns", "labels"), [
    ("2025-03-01", "2025-03-03", "day", 3, ["2025-03-01", "2025-03-02", "2025-03-03"]),
    ("2023-01-01", "2026-01-04", "day", 1100, None),  # 1,100 days: still a column each
    ("2023-01-01", "2026-01-05", "week", 159, None),  # 1,101 days: weeks from Monday (a Sunday to a Monday)
    ("2025-03-05", "2025-03-10", "day", 6, None),
    ("1970-01-01", "2024-10-04", "month", 658, None),  # 20,000 consecutive days
    ("1900-01-01", "2025-12-31", "year", 126, None),
    ("0001-01-01", "9999-12-31", "decade", 1000, None),  # any date a document can hold
])
def test_days_are_binned_to_at_most_max_day_span_columns(first: str, last: str, unit: str, columns: int,
                                                          labels: list[str] | None) -> None:
    points, got_unit = binned_days(_per_day([first, last]))
    assert (got_unit, len(points)) == (unit, columns)
    assert len(points) <= MAX_DAY_SPAN and sum(n for _, n in points) == 2
    assert points[0][1] == 1 and points[-1][1] == 1  # the first and the last bin hold the two days
    if labels is not None:
        assert [label for label, _ in points] == labels


def test_a_week_starts_on_monday_and_labels_are_the_units_own() -> None:
    points, unit = binned_days(_per_day(["2023-01-01", "2026-01-05"]))
    assert unit == "week" and points[0][0] == "2022-12-26" and dt.date.fromisoformat(points[1][0]).weekday() == 0
    assert binned_days(_per_day(["1970-01-15", "2024-10-04"]))[0][:2] == [("1970-01", 1), ("1970-02", 0)]
    assert binned_days(_per_day(["0005-06-01", "9999-12-31"]))[0][-1] == ("9990s", 1)


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _zh(i: int) -> str:
    """A sentence; the first two as long as a body without punctuation can make one (shown cut to MAX_CELL_CHARS)."""
    return "公司涨" + "涨" * (LONG_SENTENCE if i < 2 else 0)


def _en(i: int) -> str:
    return "C rose" + " rose" * (LONG_SENTENCE // 5 if i < 2 else 0)


def test_report_of_20000_headlines_on_20000_days_stays_small(tmp_path: Path) -> None:
    """The issue's corpus, each list at its worst: every document on its own day with its own ticker and entity type,
    and more flagged segments and kinds of reject reason than the page shows (a few hundred stand for thousands)."""
    rng = random.Random(20)
    days = [dt.date(1970, 1, 1) + dt.timedelta(days=i) for i in range(DOCUMENTS)]
    _write_jsonl(tmp_path / "documents.jsonl", (
        {"doc_id": f"d{i}", "title_zh": f"标题{i}", "published_at": f"{day.isoformat()}T04:00:00Z"}
        for i, day in enumerate(days)))
    _write_jsonl(tmp_path / "segments.jsonl", (
        {"doc_id": f"d{i}", "seg_id": 0, "part": "title", "src_lang": "zh", "zh": _zh(i), "en": _en(i),
         "entities": [{"surface": "公司", "start": 0, "end": 2, "canonical": "C", "ticker": str(i), "type": str(i)}]}
        for i in range(DOCUMENTS)))
    _write_jsonl(tmp_path / "flags.jsonl", ({"doc_id": f"d{i}", "seg_id": 0, "flags": ["term_missing"],
                                             "zh": _zh(i), "en": _en(i)} for i in range(SOME)))
    _write_jsonl(tmp_path / "rejects.jsonl", (
        {"input": "news.jsonl", "line": i, "reason": f"reason {''.join(rng.choices('abcdefgh', k=12))}", "raw": ""}
        for i in range(SOME)))
    manifest = {"newsbridge_version": "test", "translator": "gloss", "inputs": [{"path": "news.jsonl"}],
                "counts": {"records_in": DOCUMENTS + SOME, "documents_out": DOCUMENTS, "rejected": SOME}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    figures = gather(tmp_path)
    html = render(figures, sample(tmp_path, figures.flag_doc_ids))

    assert figures.documents_dated == DOCUMENTS
    assert (figures.day_bin, len(figures.mentions_per_day)) == ("month", 658)
    assert sum(n for _, n in figures.mentions_per_day) == DOCUMENTS  # binned, nothing lost
    size = len(html.encode())
    assert size < MAX_REPORT_BYTES, size  # 2 MB before
    # Bars: the chart's columns, the tickers and the entity types, each list capped.
    assert html.count("<rect") <= MAX_DAY_SPAN + TOP_TICKERS + TOP_ENTITY_TYPES
    assert len(figures.tickers) == TOP_TICKERS and len(figures.entity_types) == TOP_ENTITY_TYPES
    assert len(figures.flag_rows) == MAX_FLAG_ROWS and len(figures.reject_reasons) <= TOP_REJECT_REASONS
    assert "one column per month" in html
    assert html.count('<details class="doc"') <= FIRST_DOCUMENTS + FLAGGED_DOCUMENTS
    # Each long sentence cut, three times: a title segment in the reader's summary line and row, and in the flags.
    assert html.count("涨" * (MAX_CELL_CHARS - 3) + "…") == 2 * 3
