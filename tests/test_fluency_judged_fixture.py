"""The hand-judged fluency fixtures hold locations, checksums and scores only: the news belongs to its
publishers, so a row that carried text, or a score off the rubric's scale, must fail here rather than in review.
The held-out rows must stay out of the threshold's fit (bench/fluency_agreement.py reads the split column)."""

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
        assert j.split in (fa.FIT, fa.TEST, fa.HELD_OUT)
        assert re.fullmatch(r"[0-9a-f]{12}", j.zh_sha1)
        assert (j.split == fa.HELD_OUT) == (j.source in fa.HELD_OUT_SOURCES), j


def test_held_out_rows_are_reported_apart() -> None:
    rows = [fa.Judged(fa.HELD_OUT_SOURCES[0], 0, "x", 0, 6, "0" * 12, fa.HELD_OUT, 2, 0.1),
            fa.Judged(fa.HELD_OUT_SOURCES[0], 1, "y", 0, 6, "0" * 12, fa.HELD_OUT, 4, 0.9)]
    lines = fa.held_out_report(rows)
    assert "5:0 4:1 3:0 2:1 1:0" in lines[0]
    assert "baseline accuracy 0.500" in lines[2]
