"""A record stamped exactly 00:00:00 has a time of day; a date alone has none. The parse keeps which it was
(timestamps.Published.timed) and the story index stores it per row (`timed`, stories-v7), so the index's date-only
rules (other days, linked-name reach) hold for dates alone and not for a midnight flash, while the instant it stores
is the documents table's own."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from pipeline.dataset.admission import Admission
from pipeline.dedupe.story_index import StoryIndex
from pipeline.io.timestamps import parse_published, parse_published_at, to_iso
from pipeline.records import Document

MIDNIGHT_CST = "2026-02-28T16:00:00Z"
TITLE = "内地股市初段偏软"
BODY = "沪深股市在开市初段偏软，上证指数跌百分之零点三，深证成指跌百分之零点五，创业板指跌百分之零点六。"


@pytest.mark.parametrize(("value", "timed"), [
    ("2026-03-01 00:00:00", True),
    ("2026-03-01T00:00:00+08:00", True),
    ("2026-02-28T16:00:00Z", True),
    ("2026-03-01 00:00", True),
    ("2026年3月1日 0点", True),
    (1772294400, True),  # Unix seconds of the same instant
    (datetime(2026, 3, 1), True),
    ("2026-03-01", False),
    ("20260301", False),
    ("2026.03.01", False),
    ("2026年3月1日", False),
    ("２０２６年３月１日", False),
    ("2026年03月01日", False),
    (date(2026, 3, 1), False),
])
def test_the_parse_says_whether_a_time_of_day_was_given(value: object, timed: bool) -> None:
    parsed = parse_published(value)
    assert parsed is not None and parsed.timed is timed
    assert to_iso(parsed.instant) == to_iso(parse_published_at(value)) == MIDNIGHT_CST  # the table's instant


@pytest.mark.parametrize(("value", "timed"), [
    ("2026-03-01 00:00:00", True),
    ("2026-03-01T00:00:00.500+08:00", True),
    ("2026-03-01", False),
    ("2026年3月1日", False),
    ("2026-03-01 09:30:00", True),
])
def test_the_story_index_stores_whether_the_instant_is_timed_and_the_instant_unchanged(
        tmp_path, value: str, timed: bool) -> None:
    path = tmp_path / "stories.sqlite"
    with StoryIndex(path) as index:
        Admission(stories=index).decide(Document("d", TITLE, BODY, meta={"published_at": value}))
        index.commit(1)
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT published, timed FROM docs WHERE doc_id = 'd'").fetchone()
    db.close()
    assert row == (int(parse_published_at(value).timestamp()), int(timed))


def _decide(stamps: list[str]) -> list[str | None]:
    """duplicate_of of one text published at each stamp, as the planner decides it."""
    with StoryIndex(None) as index:
        admission = Admission(stories=index)
        return [admission.decide(Document(f"d{n}", TITLE, BODY, meta={"published_at": stamp})).duplicate_of
                for n, stamp in enumerate(stamps)]


@pytest.mark.parametrize(("stamps", "expected"), [
    # Two dates alone, a day apart: a daily item, two stories (vetoes.other_days), however the date is written.
    (["2026-03-01", "2026年3月2日"], [None, None]),
    # The same text at midnight on two days: two instants 24 h apart, inside the 48-hour window: one story.
    (["2026-03-01 00:00:00", "2026-03-02T00:00:00+08:00"], [None, "d0"]),
    (["2026-03-01 00:00:00", "2026-03-02 09:30:00"], [None, "d0"]),
])
def test_a_midnight_flash_keeps_the_rules_of_a_timed_record(stamps: list[str], expected: list[str | None]) -> None:
    assert _decide(stamps) == expected


def test_an_old_index_row_at_midnight_still_reads_as_a_date(tmp_path) -> None:
    """An instant given to the index without saying whether it is timed (as a stories-v6 row was stored) reads at
    00:00:00 UTC+08:00 as a date without a time of day, as before (tests/test_story_publisher.py: the upgrade)."""
    path = tmp_path / "stories.sqlite"
    with StoryIndex(path) as index:
        assert index.match("old", TITLE, BODY, published_at=parse_published_at("2026-03-01 00:00:00")) is None
        index.commit(1)
    with StoryIndex(path) as index:
        admission = Admission(stories=index)
        assert admission.decide(Document("new", TITLE, BODY, meta={"published_at": "2026-03-02"})).duplicate_of \
            is None
