"""The hand-judged fluency fixtures hold locations, checksums and scores only: the news belongs to its
publishers, so a row that carried text, or a score off the rubric's scale, must fail here rather than in review.
The held-out rows (both samples) must stay out of the threshold's fit (bench/fluency_agreement.py reads the split
column)."""

from __future__ import annotations

import re
import sys

from pipeline.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
import fluency_agreement as fa  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def test_fixtures_hold_no_news_text() -> None:
    for path in fa.FIXTURES.glob("*.tsv"):
        assert not HAN.search(path.read_text(encoding="utf-8")), path.name


def test_rows_are_well_formed() -> None:
    rows = fa.read_fixture()
    assert rows
    for j in rows:
        assert 1 <= j.score <= 5
        assert j.split in (fa.FIT, fa.TEST, fa.HELD_OUT, fa.HELD_OUT2)
        assert re.fullmatch(r"[0-9a-f]{12}", j.zh_sha1)
        assert (j.split == fa.HELD_OUT) == (j.source in fa.HELD_OUT_SOURCES), j
        assert (j.split == fa.HELD_OUT2) == (j.source in fa.HELD_OUT2_SOURCES), j


def test_second_held_out_sample_is_complete() -> None:
    """40 rows, as many per file as the draw takes, one per record; so a lost or duplicated row shows."""
    rows = [j for j in fa.read_fixture() if j.split == fa.HELD_OUT2]
    for source, count in fa.HELD_OUT2_DRAW:
        mine = [j for j in rows if j.source == source]
        assert len(mine) == count, source
        assert len({j.record for j in mine}) == count, source
    assert {fa.dataset(s) for s in fa.HELD_OUT2_SOURCES} == {"fin_hot_hub_2024_2026", "cnyes_headlines_2025"}


def test_headline_csv_records_take_their_article_number(tmp_path) -> None:
    (tmp_path / "heads.csv").write_text("\ufeff\u6642\u9593,\u6a19\u984c,\u9023\u7d50\n"
                                        "2025-01-01 10:00,A title,https://example.com/news/id/123\n",
                                        encoding="utf-8")
    [record] = fa.read_records(tmp_path, "heads.csv")
    assert (record["id"], record["title"]) == ("123", "A title")


def test_second_held_out_rows_are_reported_apart() -> None:
    fit = [fa.Judged(fa.SOURCES[0], n, str(n), 0, 6, "0" * 12, fa.FIT, 2 + n % 2, 0.2 + n % 2 / 2) for n in range(4)]
    held2 = [fa.Judged(source, 0, "x", 0, 6, "0" * 12, fa.HELD_OUT2, 3, 0.5) for source in fa.HELD_OUT2_SOURCES]
    text = fa.report(fit + held2)
    assert "held_out2 fin_hot_hub_2024_2026" in text and "held_out2 cnyes_headlines_2025" in text
    [all_rows] = [line for line in text.splitlines() if line.startswith("all (both sources)")]
    assert all_rows.split()[3] == str(len(fit))  # the held-out rows are not among them


def test_held_out_rows_are_reported_apart() -> None:
    rows = [fa.Judged(fa.HELD_OUT_SOURCES[0], 0, "x", 0, 6, "0" * 12, fa.HELD_OUT, 2, 0.1),
            fa.Judged(fa.HELD_OUT_SOURCES[0], 1, "y", 0, 6, "0" * 12, fa.HELD_OUT, 4, 0.9)]
    lines = fa.held_out_report(rows, "held out")
    assert "5:0 4:1 3:0 2:1 1:0" in lines[0]
    assert "baseline accuracy 0.500" in lines[2]
