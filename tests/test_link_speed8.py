"""Round 8's link-stage speed work keeps every answer: a name's compiled start continuations (NameInfo.start_joins)
never clear a start edge that a dictionary word crosses, its end continuations keep only the words the
segmentation counts across an end, the matcher finds the same names with the sets as with the dictionary's pair
table, the per-text substring chains cover their word lists, and a text the lowercasing leaves as it was has no
capitals. Sentences written for this test."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.glossary.commonness import (
    MAX_WORD,
    RUN_ON_MIN_FREQ,
    _crossing_word,
    _scan_end_continuations,
    _scan_start_continuations,
    dictionary,
    end_continuations,
    start_continuations,
)
from pipeline.glossary.compiled import (
    FUND_WORDS_LOWER,
    NAME_DOTS,
    _lower_same_length,
    haystack_of,
    holds_name_dot,
    names_a_fund,
)
from pipeline.glossary.naming import HAN
from stages.link import CAPITALS

SENTENCES = [
    "和平安银行相比，今天平安银行小幅上涨，不公平的竞争仍在。",
    "回升达到高点后，英伟达发布财报，股价达到新高。",
    "三星级酒店与三星电子无关，韩国三星电子股价上涨。",
    "全国新能源汽车销量回升，成立新能源公司后市场关注。",
    "中国联通上调资费，人工智能开发者大会在沪举行。",
    "外交部发言人表示，联合国总部召开会议，香港联交所发布公告。",
    "美联储主席表示关注通胀，美联储周三宣布维持利率不变。",
    "麦凯恩与斯普利特无关，汇丰银行与汇丰控股同日公告。",
]


def spans(sentences: list[str]) -> list[tuple[str, int, int]]:
    """Every run of two to six Chinese characters of the sentences, as (sentence, start, end)."""
    return [(sentence, start, end) for sentence in sentences for start in range(len(sentence))
            for end in range(start + 2, min(len(sentence), start + MAX_WORD) + 1)
            if all(HAN.match(c) for c in sentence[start:end])]


NAMES = ["平安银行", "英伟达", "三星"]


def brute_starts(names: list[str]) -> dict[str, frozenset[str]]:
    """The definition, word by word: a dictionary word holds the character and then a beginning of the name up to
    the word's end, or the whole name and more."""
    out: dict[str, set[str]] = {name: set() for name in names}
    for word in dictionary().freqs:
        for m in range(len(word) - 1):
            tail = word[m + 1:]
            for name in names:
                if name.startswith(tail) or tail.startswith(name) and len(tail) > len(name):
                    out[name].add(word[m])
    return {name: frozenset(chars) for name, chars in out.items()}


def test_start_continuations_are_the_definition() -> None:
    assert start_continuations(NAMES) == brute_starts(NAMES)


def test_kept_answers_are_a_fresh_scans() -> None:
    """A small call answers the names an earlier call asked from what it kept (commonness._per_name): the same sets
    as one scan of all the names, in the order asked, each distinct set one object."""
    start_continuations(NAMES[:2]), end_continuations(NAMES[:2])
    names = [NAMES[2], "中国联通", NAMES[0], "中国联通"]
    starts, ends = start_continuations(names), end_continuations(names)
    assert starts == _scan_start_continuations(names) and ends == _scan_end_continuations(names)
    assert list(starts) == list(ends) == list(dict.fromkeys(names))
    for sets in (starts, ends):
        assert len({id(chars) for chars in sets.values()}) == len(set(sets.values()))


def test_a_word_across_the_start_is_never_cleared() -> None:
    """Wherever _crossing_word finds a word across a span's start only (no end edge: the window ends at the span),
    the character before the span is one of the span's start continuations."""
    words = dictionary()
    found = spans(SENTENCES)
    starts = start_continuations(sorted({sentence[start:end] for sentence, start, end in found}))
    crossed = 0
    for sentence, start, end in found:
        if start and _crossing_word(words, sentence[:end], start, end):
            crossed += 1
            assert sentence[start - 1] in starts[sentence[start:end]], (sentence, sentence[start:end])
    assert crossed  # the sentences reach words across a start


def test_a_counted_word_across_the_end_is_never_cleared() -> None:
    """The end continuations hold only words of RUN_ON_MIN_FREQ or more, at most MAX_WORD characters, and still
    every character after which _crossing_word finds a word across the end."""
    words = dictionary()
    found = spans(SENTENCES)
    ends = end_continuations(sorted({sentence[start:end] for sentence, start, end in found}))
    for sentence, start, end in found:
        if _crossing_word(words, sentence[start:], 0, end - start):
            assert end < len(sentence) and sentence[end] in ends[sentence[start:end]], (sentence, start, end)
    # 通上 (frequency below RUN_ON_MIN_FREQ) does not make 中国联通 run on, so 上 is no continuation of it
    assert 0 < words.freq("通上") < RUN_ON_MIN_FREQ
    assert "上" not in end_continuations(["中国联通"])["中国联通"]


def test_same_names_with_and_without_the_sets(glossary) -> None:
    matcher = glossary._zh
    with_sets = [glossary.find(sentence, "zh", "hans", "cn") for sentence in SENTENCES]
    saved = matcher.infos
    try:
        matcher.infos = [dataclasses.replace(info, start_joins=None, end_joins=None) for info in saved]
        without = [glossary.find(sentence, "zh", "hans", "cn") for sentence in SENTENCES]
    finally:
        matcher.infos = saved
    assert with_sets == without
    assert any(with_sets)


def test_names_with_variants_have_no_start_set(glossary) -> None:
    """A name whose hits may be written otherwise (Latin letters in another case, another name dot) asks the pair
    table at its start too."""
    for pattern, info in zip(glossary._zh.patterns, glossary._zh.infos, strict=True):
        if info.start_joins is not None:
            assert pattern == pattern.upper() and "·" not in pattern and " " not in pattern, pattern


@pytest.mark.parametrize("dot", list(NAME_DOTS))
def test_the_dot_chain_covers_every_dot(dot: str) -> None:
    assert holds_name_dot(f"尼克{dot}鲍姆加特纳称")
    assert not holds_name_dot("尼克鲍姆加特纳称")


@pytest.mark.parametrize("word", FUND_WORDS_LOWER)
def test_the_fund_chain_covers_every_word(word: str) -> None:
    assert names_a_fund(f"今日{word}成交活跃")
    assert not names_a_fund("今日成交活跃")


CASED = ["AMD与Meta股价上涨", "A股三大指数收涨", "苹果iPhone销量", "İstanbul交易所"]


@pytest.mark.parametrize("text", [*SENTENCES, *CASED])
def test_haystack_and_capitals(text: str) -> None:
    """haystack_of is the matcher's lowercasing; where it leaves the text as it was, the capitals regex finds none
    (the stage asks the regex only of the others)."""
    assert haystack_of(text) == _lower_same_length(text)
    if haystack_of(text) == text:
        assert CAPITALS.search(text) is None


def test_tokens_are_the_token_regex_matches() -> None:
    """latin_tickers.tokens finds what TOKEN.finditer finds, from any position (random strings of the characters
    the regex looks at, and sentences)."""
    import random

    from pipeline.glossary.latin_tickers import TOKEN, tokens

    rng = random.Random(8)
    alphabet = "ABCDEZ$xyz09.&-_/ 中文AB$"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    texts += [*SENTENCES, *CASED, "特斯拉$TSLA、NVDA.O与x$AMD、ABCDEF及AB-1上涨"]
    for text in texts:
        for pos in range(3):
            assert [(m.span(), m.groups()) for m in tokens(text, pos)] == \
                [(m.span(), m.groups()) for m in TOKEN.finditer(text, pos)], (text, pos)
