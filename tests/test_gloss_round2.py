"""Second round of issue 8 (gloss): the known wrong renderings and the word-order rules, as golden rows.

Sources are written for these tests in the shape of the dev news (../shared); no news sentence is copied.
"""

from __future__ import annotations

import pytest

from pipeline.records import Document, Segment
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


@pytest.mark.parametrize(("zh", "expected"), GOLDEN)
def test_golden(zh: str, expected: str, normalizer, segmenter, linker, gloss) -> None:
    seg = _translated(zh, normalizer, segmenter, linker, gloss)
    assert expected in seg.en
    assert seg.flags == []


@pytest.mark.parametrize("zh", ["猪肉价格本周环比上涨2%", "5月份，居民消费价格环比上涨0.2%"])
def test_huanbi_by_its_period_is_not_flagged(zh: str, normalizer, segmenter, linker, gloss) -> None:
    """环比 rendered week-on-week or month-on-month is the term kept: the verifier accepts the glossary's
    aliases.en for a term."""
    seg = _translated(zh, normalizer, segmenter, linker, gloss)
    assert "quarter-on-quarter" not in seg.en
    assert seg.flags == []


def test_a_term_alternative_is_accepted_only_for_its_own_term(normalizer, segmenter, linker, gloss) -> None:
    from stages.translators.verify import check_translation, term_alternatives

    seg = _translated("5月份，居民消费价格环比上涨0.2%", normalizer, segmenter, linker, gloss)
    alternatives = term_alternatives(gloss.glossary)
    assert check_translation(seg, seg.en, alternatives)[1] == []
    assert check_translation(seg, seg.en, {})[1] == ["term_missing:term.qoq"]  # without the glossary's list
    assert check_translation(seg, "prices rose 0.2%", alternatives)[1] == ["term_missing:term.qoq"]
