"""The template veto's cheap path decides as its tagged path does: the longest-common-subsequence bound only rules
out pairs whose words could not make a template (issue 19, cost24; the tagger's cached HMM cuts: test_jieba_base.py;
bench/template_veto.py compares every judged pair and every pair the planner asks on four sources)."""

from __future__ import annotations

import pytest

from pipeline.dedupe import vetoes


def _longest_common(a: str, b: str) -> int:
    """The textbook dynamic programme, to check the bit-parallel one against."""
    row = [0] * (len(b) + 1)
    for letter in a:
        previous, row = row, [0]
        for j, other in enumerate(b):
            row.append(previous[j] + 1 if letter == other else max(previous[j + 1], row[j]))
    return row[-1]


@pytest.mark.parametrize(("a", "b"), [
    ("", "abc"), ("abc", "abc"), ("abcbdab", "bdcaba"), ("英伟达盘前涨超3", "盘前英伟达涨超3市值新高"),
    ("港股ipo四川远海股份有限公司递表港交所", "港股ipo广东鼎泰股份有限公司递表港交所"), ("aaaa", "aa"),
    ("美股收盘", "港股开盘"),
    ("x" * 70 + "涨", "涨" + "x" * 69),  # wider than a machine word
])
def test_common_letters_is_the_longest_common_subsequence(a: str, b: str) -> None:
    assert vetoes._common_letters(a, b) == vetoes._common_letters(b, a) == _longest_common(a, b)


def test_titles_too_unlike_for_a_template_are_answered_without_tagging() -> None:
    """Half their letters in common at most, in order: no alignment of words shares more, so no tagging."""
    misses = vetoes._words.cache_info().misses
    assert not vetoes.named_template("甲乙丙丁戊公司发布季度报告营收增长", "子丑寅卯辰集团宣布回购计划股价上涨")
    assert vetoes._words.cache_info().misses == misses

