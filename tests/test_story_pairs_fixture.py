"""The hand-judged "same story" pairs (issue 19) hold locations and verdicts only: the news belongs to its
publishers, so a row that carried text must fail here rather than in review; every row must still point at the
two records it was judged on, or the precision and recall measured on it mean nothing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench import story_pairs as sp
from pipeline.paths import SHARED_DIR

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
MIN_PAIRS = 240  # the brief: about 60 per source


def test_fixtures_hold_no_news_text() -> None:
    paths = sorted(sp.FIXTURES.glob("*.tsv"))
    assert [p.stem for p in paths] == sorted(sp.source_name(s) for s, _ in sp.SOURCES)
    for path in paths:
        assert not HAN.search(path.read_text(encoding="utf-8")), path.name


def test_every_row_is_judged_and_well_formed() -> None:
    rows = sp.read_fixture()
    assert len(rows) >= MIN_PAIRS
    splits = dict(sp.SOURCES)
    for row in rows:
        assert row.verdict in sp.VERDICTS and row.kind, row
        assert row.split == splits[row.source], row
        assert row.a_origin.startswith(row.source + "/") and row.b_origin.startswith(row.source + "/"), row
        assert row.key()[0] != row.key()[1], row
    assert len({row.key() for row in rows}) == len(rows)  # no pair judged twice


def test_counts_per_split() -> None:
    """Both splits are large enough to measure, and positives are not scarce (>= 40% of decided pairs)."""
    by_split = Counter((row.split, row.verdict) for row in sp.read_fixture())
    for split in (sp.FIT, sp.TEST):
        assert by_split[split, sp.SAME] + by_split[split, sp.DIFFERENT] >= MIN_PAIRS // 2 - 20, split
    same = sum(n for (_, v), n in by_split.items() if v == sp.SAME)
    decided = same + sum(n for (_, v), n in by_split.items() if v == sp.DIFFERENT)
    assert same / decided >= 0.4


@pytest.mark.skipif(not sp.news_dir(SHARED_DIR).is_dir(), reason="no ../shared dev news (NEWSBRIDGE_SHARED)")
def test_every_row_resolves_to_two_records() -> None:
    pairs = sp.judged_pairs(SHARED_DIR)
    assert len(pairs) == len(sp.read_fixture())
    for pair in pairs:  # two hot lists may carry the very same title: a and b need not differ
        assert any(pair.a) and any(pair.b), pair


def test_a_moved_record_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "news" / "zh-hans" / "cls_telegraph_2026"
    folder.mkdir(parents=True)
    (folder / "x.jsonl").write_text('{"id": "n1", "title": "t1"}\n{"id": "n2", "title": "t2"}\n', encoding="utf-8")
    rows = [sp.Row("zh-hans/cls_telegraph_2026", sp.FIT, sp.TITLE_EXACT, "zh-hans/cls_telegraph_2026/x.jsonl:1",
                   "n1", "zh-hans/cls_telegraph_2026/x.jsonl:2", "n3", sp.SAME, "repost")]
    sp.write_rows(sp.fixture_path("zh-hans/cls_telegraph_2026", tmp_path), rows, "# a test\n")
    with pytest.raises(sp.UnresolvedRecord, match=r"x\.jsonl:2: expected record 'n3', found record 'n2'"):
        sp.judged_pairs(tmp_path, tmp_path)
