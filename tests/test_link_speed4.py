"""Round 4's link-stage speed work keeps every answer: the name's edge facts worked out at compile time are the
name's own characters, the per-text substring tests answer as the regex searches they replaced, one automaton
gives the same matches as leftmost-longest where every hit passes, and naming's single place rule keeps a place
before a plural of a generic word. Sentences written for this test."""

from __future__ import annotations

import re

import pytest

from pipeline.glossary.compiled import (
    ASCII_WORD,
    LEGAL_NAME_END,
    UNIT_CHARS,
    _han_run_starts,
    _lower_same_length,
    names_a_fund,
)
from pipeline.glossary.official import _brand_left, _generic_words

SENTENCES = [
    "华夏上证50ETF今日成交额居前。",
    "景顺长城全球芯片lof溢价走高。",
    "某公募基金公司发布公告。",
    "尼克·鲍姆加特纳称需求回升。",
    "马克•吐温的书。",
    "Etf与Lof都不是公司名。",
    "腾讯控股今日小幅上涨。",
]


def test_edge_facts_are_the_names_own(glossary) -> None:
    """A hit's characters are its pattern's, so what the checks read from NameInfo is what they read from the
    text before."""
    for matcher in (glossary._zh, glossary._en):
        for pattern, info in zip(matcher.patterns, matcher.infos, strict=True):
            assert info.latin_first == (pattern[0] in ASCII_WORD), pattern
            assert info.latin_last == (pattern[-1] in ASCII_WORD), pattern
            assert info.unit_first == (pattern[0] in UNIT_CHARS), pattern
            assert info.legal_end == pattern.endswith(LEGAL_NAME_END), pattern


@pytest.mark.parametrize("sentence", SENTENCES)
def test_text_tests_answer_as_the_regexes(normalizer, sentence: str) -> None:
    text = normalizer(sentence)
    names_a_fund.cache_clear()
    fund_words = r"ETF|LOF|基金|混合|股票型|债券型|指数型"
    assert names_a_fund(_lower_same_length(text)) == bool(re.search(fund_words, text, re.IGNORECASE))
    assert (_han_run_starts(text) is not None) == bool(re.search("[·•‧・]", text))


def test_one_automaton_is_leftmost_longest_when_every_hit_passes(glossary, normalizer) -> None:
    """The longest name at the leftmost start wins, and a name inside it is not reported."""
    text = normalizer("腾讯控股今日小幅上涨，比亚迪股份跟涨。")
    found = [(m.start, m.end) for m in glossary.find(text, "zh", "hans", "cn")]
    assert found == sorted(found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))
    assert any(text[s:e] == "腾讯控股" for s, e in found)


def test_place_stays_before_a_plural_of_a_generic_word() -> None:
    """One rule (_brand_left) for whether a place may go: "Insulators" is a generic word's plural, no brand."""
    generic = _generic_words()
    assert not _brand_left(["Insulators"], generic)
    assert not _brand_left(["International", "Port"], generic)
    assert _brand_left(["Roborock", "Technology"], generic)
