"""The gloss error classes of issue 18, found by frequency on the 2025–26 dev news (bench/gloss_errors.py): one row
per class, each of which the gloss got wrong before. Sentences are written for these tests; no news text.
"""

from __future__ import annotations

import pytest

from stages.translators.cedict import usable_sense
from tests.test_gloss_round2 import _translated

# (source, English that must appear, English that must not): the wrong rendering each class used to give.
CLASSES = [
    # 周 is the week ("make a circuit"), in the words jieba makes of it too; still a surname before a name
    ("公司股价连续三周上涨", "week", "circuit"),
    ("截至8月4日当周，库存增加", "that week", "circuit"),
    ("周内成交活跃", "within the week", "circuit"),
    ("周小川表示", "Zhou Xiaochuan", "week"),
    # 吉利 the carmaker, which the linker leaves without market context ("auspicious")
    ("吉利方面表示，新车将上市。", "Geely", "auspicious"),
    ("背靠吉利，公司发展迅速。", "Geely", "auspicious"),
    ("吉利汽车表示，将推进一个吉利战略。", "a Geely", "auspicious"),  # the segment links the company by another name
    # a CC-CEDICT place name jieba knows only inside longer words (高雄市): 高 雄大 was "high male"
    ("台积电高雄大扩产", "Kaohsiung", "male"),
    # 逆回购 is the PBOC's reverse repo, never the 回购 (share buyback) inside it
    ("央行开展500亿元7天期逆回购操作。", "reverse repo", "buyback"),
    # 增持 is buying more shares; Overweight is a broker's rating (增持评级) only
    ("控股股东拟增持公司股份。", "increase holdings", "overweight"),
    ("维持增持评级。", "Overweight rating", "increase holdings"),
    # datelines and bylines ("money joint society … power", "language | rich sufficient")
    ("财联社6月1日电，公司表示，业绩稳定。", "Cailian Press, June 1:", "power"),
    ("文|富充", "By Fu Chong", "language"),
    # Hong Kong's comparison with the period before ("according to year ascend")
    ("公司盈利按年升5%。", "year-on-year", "ascend"),
    # frequent words no dictionary has, pieced together from their characters ("market before")
    ("英伟达盘前涨2%。", "pre-market", "market before"),
]


@pytest.mark.parametrize(("zh", "right", "wrong"), CLASSES)
def test_error_class_fixed(zh: str, right: str, wrong: str, normalizer, segmenter, linker, gloss) -> None:
    english = _translated(zh, normalizer, segmenter, linker, gloss).en or ""
    assert right.casefold() in english.casefold() and wrong.casefold() not in english.casefold(), english


def test_unknown_word_split_on_the_likely_route(gloss) -> None:
    """A word no dictionary has is read through the known words jieba's frequencies make most likely, not the
    longest from the left: 业内人士 is 业内 人士, never 业 内人 ("my wife") 士."""
    if gloss.tokenizer is None:
        gloss.load()
    assert gloss._known_parts("业内人士") == ["业内", "人士"]


def test_apparatus_judged_per_alternative() -> None:
    """One alternative with 'sth' no longer costs a definition its other senses (相信 had none)."""
    assert usable_sense("to be convinced (that sth is true); to believe; to accept sth as true") == "be convinced"
    assert usable_sense("to accept sth as true") is None
