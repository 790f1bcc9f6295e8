"""Second round of issue 8 (gloss): the known wrong renderings and the word-order rules, as golden rows.

Sources are written for these tests in the shape of the dev news (../shared); no news sentence is copied.
"""

from __future__ import annotations

import pytest

from pipeline.records import Document, Segment
from pipeline.text.flags import failed_kinds
from stages.translate import TranslateStage


def _translated(text: str, normalizer, segmenter, linker, gloss) -> Segment:
    stage = TranslateStage(gloss)
    doc = Document(id="d", title=normalizer(text), body="", script=normalizer.script(text))
    return stage.process(linker.process(segmenter.process([doc])))[0].segments[0]


GOLDEN = [
    ("他在比赛中获得第3名", "3rd place"),
    ("台积电排名第3名", "TSMC rank 3rd place"),
    ("外資再賣超261億元", "Foreign investors again net sold NT$26.1 billion"),
    ("外資今日買超120億元", "Foreign investors today net bought NT$12 billion"),
    ("人民币约2.8亿元", "About 280 million yuan"),
    ("日本4月份核心机械订单环比增长0.6%", "month-on-month"),  # word by word too, by the period in the text
]

# Word-order rules of the word-by-word gloss: (source, the English the rule must produce, the exact whole English).
WORD_ORDER = [
    ("在会议上，他表示", "In the meeting, he said"),  # 在…上: the locative is the preposition
    ("有五名士兵受伤", "five soldiers"),  # a count in Chinese numerals, the noun in the plural
    ("一家公司宣布", "A company"),
    ("公司有3家子公司", "3 subsidiaries"),  # never "3 companies subsidiary"
    ("他的办公室", "His office"),  # a pronoun's 的
    ("苹果的股价上涨", "Apple's share price"),  # a linked name's 的
    ("2023年5月9日下午，公司表示", "On the afternoon of May 9, 2023, the company said"),
    ("公司5月9日发布公告", "on May 9"),  # a date with a day as an adverbial
    ("截至2023年5月9日，公司", "As of May 9, 2023,"),  # no "on" after its own preposition
    ("2015年10月，公司获得投资", "In October 2015,"),  # a month without a day: "in"
    ("5月份价格上涨", "May price"),  # 5月份 is a noun: no "in"
    ("公司向银行借款", "to the bank"),  # "the" between a preposition and a common noun
    ("他关注行业的发展", "the development of the industry"),  # noun 的 noun: the Y of the X
    ("他关注经济发展", "economic development"),  # a noun modifying a noun as an English adjective
    ("能源、交通等领域合作", "transport and other fields"),  # 等 closing a list before its noun
    ("公司表示", "The company said"),  # a common noun opening a clause is its definite subject
    ("公司营收为2.8亿元", "was 280 million yuan"),  # 为 before a value
    ("预计为3亿元", "Expected for 300 million yuan"),  # but not after a forecast
    ("能源、交通、农业", "transport and agriculture"),  # a list's last 、 with no 和 after it
    ("能源、交通和农业", "energy, transport and agriculture"),  # never "and and"
    ("他表示公司业绩很好", "He said that the company"),  # a reporting verb straight before what was said
    ("他表示，公司业绩很好", "He said, the company"),
    ("加强管理", "Strengthen the management"),  # a verb's object noun with "the"
    ("公司已经完成", "has already"),
]


@pytest.mark.parametrize(("zh", "expected"), GOLDEN)
def test_golden(zh: str, expected: str, normalizer, segmenter, linker, gloss) -> None:
    seg = _translated(zh, normalizer, segmenter, linker, gloss)
    assert expected in seg.en
    assert failed_kinds(seg.flags) == []  # a word-by-word draft is noted, not failed


@pytest.mark.parametrize("zh", ["猪肉价格本周环比上涨2%", "5月份，居民消费价格环比上涨0.2%"])
def test_huanbi_by_its_period_is_not_flagged(zh: str, normalizer, segmenter, linker, gloss) -> None:
    """环比 rendered week-on-week or month-on-month is the term kept: the verifier accepts the glossary's
    aliases.en for a term."""
    seg = _translated(zh, normalizer, segmenter, linker, gloss)
    assert "quarter-on-quarter" not in seg.en
    assert failed_kinds(seg.flags) == []  # a word-by-word draft is noted, not failed


def test_a_term_alternative_is_accepted_only_for_its_own_term(normalizer, segmenter, linker, gloss) -> None:
    from stages.translators.verify import check_translation, term_alternatives

    seg = _translated("5月份，居民消费价格环比上涨0.2%", normalizer, segmenter, linker, gloss)
    alternatives = term_alternatives(gloss.glossary)
    assert check_translation(seg, seg.en, alternatives)[1] == []
    assert check_translation(seg, seg.en, {})[1] == ["term_missing:term.qoq"]  # without the glossary's list
    assert check_translation(seg, "prices rose 0.2%", alternatives)[1] == ["term_missing:term.qoq"]


@pytest.mark.parametrize(("zh", "expected"), WORD_ORDER)
def test_word_order(zh: str, expected: str, normalizer, segmenter, linker, gloss) -> None:
    seg = _translated(zh, normalizer, segmenter, linker, gloss)
    assert expected in seg.en
    assert failed_kinds(seg.flags) == []  # a word-by-word draft is noted, not failed


@pytest.mark.parametrize(("word", "plural"), [("soldier", "soldiers"), ("company", "companies"), ("day", "days"),
                                              ("tax", "taxes"), ("branch", "branches"), ("shares", "shares")])
def test_plural(word: str, plural: str) -> None:
    from stages.translators.gloss import plural as make_plural

    assert make_plural(word) == plural


def test_no_marker_survives(normalizer, segmenter, linker, gloss) -> None:
    """The plural marker before a count's noun never reaches the English, even with no word after it."""
    seg = _translated("士兵共有五名", normalizer, segmenter, linker, gloss)
    assert "\ue010" not in seg.en
