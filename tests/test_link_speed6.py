"""Round 6's link-stage speed work keeps every answer: the compiled begins_longer flag holds for every name the
longer-name table can answer; the shared first tests of is_word_at and split_by_common_word answer as the two
functions; the small single-character tables are the dictionary's; the ticker scan from the first capitals finds
what a scan from the start finds. Sentences written for this test."""

from __future__ import annotations

import pytest

from pipeline.glossary.commonness import (
    ATTRIBUTIVE_TAG,
    common_word_across,
    dictionary,
    is_word_at,
    split_by_common_word,
    word_in_window,
)
from pipeline.glossary.compiled import LONGER_NAME_MIN_EXTRA, _fold_name
from pipeline.glossary.latin_tickers import TOKEN, ticker_spans

SENTENCES = [
    "全国新能源汽车销量回升，中国黄金国际资源公告。",
    "成立新能源公司后，今天平安银行小幅上涨。",
    "回升达到预期，三星级酒店与三星电子无关。",
    "唯德康医疗发布公告，美联储主席表示关注。",
    "英伟达NVDA盘前上涨，AI与$TSLA均走强，ABCDEFG不是代码。",
]


def test_begins_longer_covers_every_row_of_the_longer_name_table(glossary) -> None:
    """Every name a table row begins with has the flag (a hit of a name without it can find no row)."""
    matcher = glossary._zh
    flagged = {_fold_name(p) for p, info in zip(matcher.patterns, matcher.infos, strict=True) if info.begins_longer}
    for row in matcher.prefixes:
        assert _fold_name(row[:-LONGER_NAME_MIN_EXTRA]) in flagged or not any(
            _fold_name(p) == _fold_name(row[:-LONGER_NAME_MIN_EXTRA]) for p in matcher.patterns), row


@pytest.mark.parametrize("sentence", SENTENCES)
def test_shared_first_tests_answer_as_the_functions(sentence: str) -> None:
    words = dictionary()
    for start in range(len(sentence)):
        for end in range(start + 2, min(len(sentence), start + 6) + 1):
            join_start = bool(start) and sentence[start - 1:start + 1] in words.joins
            crosses = join_start or sentence[end - 1:end + 1] in words.joins
            assert (not crosses or word_in_window(sentence, start, end)) == is_word_at(sentence, start, end)
            assert (join_start and common_word_across(words, sentence, start, end)) \
                == split_by_common_word(sentence, start, end)


def test_small_tables_are_the_dictionarys() -> None:
    words = dictionary()
    assert words.chars == {w: f for w, f in words.freqs.items() if len(w) == 1}
    assert words.attributive_chars == {w for w, t in words.tags.items() if t == ATTRIBUTIVE_TAG and len(w) == 1}


@pytest.mark.parametrize("sentence", SENTENCES)
def test_ticker_scan_from_the_first_capitals(sentence: str) -> None:
    tickers = {"NVDA": "us.nvda", "TSLA": "us.tsla", "AI": "us.ai"}
    first = next((i for i in range(len(sentence) - 1) if sentence[i:i + 2].isupper() and sentence[i:i + 2].isascii()
                  and sentence[i:i + 2].isalpha()), 0)
    assert ticker_spans(sentence, [], tickers, {}, first) == ticker_spans(sentence, [], tickers, {})
    assert all(m.start() >= first - 1 for m in TOKEN.finditer(sentence))
