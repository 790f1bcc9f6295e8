"""Dates no calendar of ours can show (year 10000 on the markets' clock, years 0 and 99999, epochs out of range,
1e30): a null published_at with the raw value kept, counted as unparsed; never an OverflowError in a
partition or the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.io.timestamps import local_date, parse_published_at

from .conftest import small_glossary_dir

OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "-q")
FAR = ["9999-12-31T23:00:00Z", "0000-01-01", "99999-01-01T00:00:00Z", "0001-01-01T05:00:00+08:00", -9e10, -1e15, 1e30]


@pytest.mark.parametrize("value", FAR, ids=map(str, FAR))
def test_a_far_date_is_none(value) -> None:
    assert parse_published_at(value) is None


def test_the_last_day_both_clocks_show_is_kept() -> None:
    assert local_date(parse_published_at("9999-12-31T15:59:59Z")) == "9999-12-31"


@pytest.mark.parametrize("partition", [[], ["--partition-by", "date"]], ids=["plain", "by-date"])
def test_a_run_with_far_dates_completes(partition: list[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    glossaries = small_glossary_dir(tmp_path / "glossary")
    news = tmp_path / "news.jsonl"
    rows = [{"id": f"d{i}", "title": f"腾讯上涨{i}%", "body": "腾讯今天上涨。", "published_at": value}
            for i, value in enumerate([*FAR, "2025-03-01T10:30:00+08:00"])]
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(news), "--out", str(out), "--glossaries", str(glossaries), *OPTIONS, *partition])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err and "OverflowError" not in err
    assert (out / "report.html").is_file()
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["records_in"] == len(rows) == counts["documents_out"] + counts["rejected"]
    assert counts["unparsed_dates"] == len(FAR)
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {d["doc_id"]: d for d in map(json.loads, lines)}
    for row in rows[:len(FAR)]:
        assert docs[row["id"]]["published_at"] is None
        raw = json.loads(docs[row["id"]]["meta"])["published_at_raw"]
        assert raw in (row["published_at"], str(row["published_at"]))
