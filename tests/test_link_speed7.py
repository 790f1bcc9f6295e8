"""Round 7's link-stage speed work keeps every answer: a name's compiled end continuations (NameInfo.end_joins) are
exactly the characters that continue a dictionary word begun inside it, they never clear an end edge that a word
crosses, and the matcher finds the same names with them as with the dictionary's pair table. Sentences written
for this test."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.glossary.commonness import MAX_WORD, RUN_ON_MIN_FREQ, _crossing_word, dictionary, end_continuations
from pipeline.glossary.naming import HAN

SENTENCES = [
    "英伟达到底会不会再涨，英伟达发布财报后股价大涨。",
    "美联储主席表示关注通胀，美联储周三宣布维持利率不变。",
    "今天平安银行小幅上涨，平安银行行长出席发布会。",
    "北京银行行长称，中国银行股集体走强，中国黄金国际资源公告。",
    "理想汽车盘前大涨，三星电子与三星级酒店无关。",
    "全国新能源汽车销量回升，成立新能源公司后市场关注。",
    "宁德时代拟收购江西锂业有限公司，腾讯控股发布公告。",
    "特朗普政府宣布关税，高市政府回应，习近平会见外宾。",
]


def brute_continuations(name: str) -> frozenset[str]:
    """The definition, asked word by word: a suffix of the name (MAX_WORD - 1 characters at most) plus the character
    begins a word that _crossing_word counts across an end (at most MAX_WORD characters, at least RUN_ON_MIN_FREQ:
    rarer words from inside the name are no run-on, round 8)."""
    words = dictionary()
    counted = [w for w, f in words.freqs.items() if f >= RUN_ON_MIN_FREQ and len(w) <= MAX_WORD]
    return frozenset(w[k] for w in counted for k in range(1, min(len(name), MAX_WORD - 1) + 1)
                     if k < len(w) and w[:k] == name[-k:])


@pytest.mark.parametrize("name", ["英伟达", "美联储", "平安银行", "北京银行", "理想汽车", "达"])
def test_end_continuations_are_the_definition(name: str) -> None:
    assert end_continuations([name])[name] == brute_continuations(name)


def test_a_word_across_the_end_is_never_cleared() -> None:
    """Wherever _crossing_word finds a word across a span's end only (the start edge cleared), the character after
    the span is one of the span's continuations."""
    words = dictionary()
    spans = [(sentence, start, end) for sentence in SENTENCES for start in range(len(sentence))
             for end in range(start + 2, min(len(sentence), start + 6) + 1)
             if all(HAN.match(c) for c in sentence[start:end])]
    continuations = end_continuations(sorted({sentence[start:end] for sentence, start, end in spans}))
    for sentence, start, end in spans:
        name = sentence[start:end]
        # (the end edge alone: a window that starts at the span has no start edge)
        if _crossing_word(words, sentence[start:], 0, end - start):
            assert end < len(sentence) and sentence[end] in continuations[name], (sentence, name)


def test_names_with_variants_ask_the_pair_table(glossary) -> None:
    """A name whose hits may be written otherwise (Latin letters in another case, another name dot) has no set."""
    matcher = glossary._zh
    for pattern, info in zip(matcher.patterns, matcher.infos, strict=True):
        if info.end_joins is not None:
            assert pattern == pattern.upper() and "·" not in pattern and " " not in pattern, pattern


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_names_with_and_without_the_sets(glossary, sentence: str) -> None:
    matcher = glossary._zh
    with_sets = glossary.find(sentence, "zh", "hans", "cn")
    saved = matcher.infos
    try:
        matcher.infos = [dataclasses.replace(info, end_joins=None) for info in saved]
        without = glossary.find(sentence, "zh", "hans", "cn")
    finally:
        matcher.infos = saved
    assert with_sets == without
