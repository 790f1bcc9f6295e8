"""The per-hit checks of the linker on news nobody tuned them on (issue 16): a full name that is a word of its
sentence links whatever its first word; context words are learned from data; false links go by general
rules. Every sentence here is written for the test, none is news text."""

from __future__ import annotations

import pytest

import pipeline.glossary.compiled as compiled
from pipeline.glossary import CompiledGlossary
from pipeline.glossary.commonness import (
    CONTEXT_WORDS_TABLE,
    context_words,
    english_names,
    is_dictionary_word,
    is_vouched,
    runs_on,
)
from stages.normalize import TextNormalizer


def _ids(glossary: CompiledGlossary, normalizer: TextNormalizer, text: str, script: str = "hans") -> set[str]:
    return {m.entry_id for m in glossary.find(normalizer(text), "zh", script)}


@pytest.mark.parametrize(("text", "entry_id"), [
    # A full name whose first word is an everyday word (平安 "safe", 理想 "ideal") is still a name.
    ("今天平安银行小幅上涨。", "cn.000001"),
    ("平安银行涨停。", "cn.000001"),
    ("理想汽车盘前大涨", "hk.2015"),
    ("周二理想汽车宣布新车交付量创新高。", "hk.2015"),
    # 美联储: references write "the Fed", which vouches for the name as much as "Federal Reserve".
    ("美联储周三宣布维持利率不变。", "org.fed"),
    ("美联储将在下月议息。", "org.fed"),
    # A-share company news.
    ("中国人寿发布公告称，拟增持一家银行的股份。", "cn.601628"),
    ("中国人寿午后拉升，收涨百分之三。", "cn.601628"),
    ("中国银行午后拉升。", "cn.601988"),
    ("中国银行发布公告称，董事会通过了一项议案。", "cn.601988"),
    ("中国银行股价创出新高。", "cn.601988"),
    # Short ambiguous names with the words news writes around companies (learned, not listed by hand).
    ("三星小幅上涨。", "kr.005930"),
    ("三星盘前走高。", "kr.005930"),
    ("联想小幅上涨。", "hk.0992"),
    ("联想旗下一家子公司发布新品。", "hk.0992"),
    ("康宁盘前上涨百分之二。", "us.GLW"),
    ("甲骨文盘后大涨。", "us.ORCL"),
    ("甲骨文股价再创新高。", "us.ORCL"),
    # A Taiwan listing's acronym links in Simplified text when the sentence is about a company.
    ("台积电(TSMC)股价上涨。", "tw.2330"),
])
def test_names_link_in_company_news(glossary, normalizer, text: str, entry_id: str) -> None:
    assert entry_id in _ids(glossary, normalizer, text)


@pytest.mark.parametrize(("text", "wrong"), [
    ("中国银行股集体走强。", "cn.601988"),  # Chinese bank stocks, a sector
    ("中国银行业整体盈利改善。", "cn.601988"),  # the Chinese banking industry
    ("上海临港新片区发布新政策。", "cn.600848"),  # a zone, not the developer
    ("燃料电池汽车销量增长。", "us.FCEL"),  # fuel cells, not FuelCell Energy
    ("据劳氏日报报道，运价上涨。", "us.LOW"),  # Lloyd's List, not Lowe's
    ("AIDC需求旺盛，带动电源设备订单。", "tw.2634"),  # AI data centres, not AIDC the aerospace company
    ("ADP就业数据好于预期。", "us.ADP"),  # the indicator, not the company
    ("市场关注小非农ADP。", "us.ADP"),
    ("华夏上证50ETF份额增加。", "tw.1305"),  # a fund's name
    ("景顺长城全球芯片LOF溢价。", "cn.002071"),  # the manager's name inside a fund's name, not 长城
    ("长安基金发布董事长变更公告。", "cn.000625"),  # a fund company, not Changan Automobile
    ("广发证券医疗ETF净流入。", "cn.000776"),  # a fund named by its manager
    ("SK海力士杠杆ETF上市。", "kr.000660"),  # a fund on a company, not the company
    ("未来发展战略规划已获通过。", "hk.1259"),  # an everyday phrase a listing is named by
    ("并购重组的恒尚节能5连板。", "cn.000820"),  # another company's name ending in the everyday word 节能
    ("康宁医院股价", "us.GLW"),  # a hospital named 康宁
])
def test_false_links_stay_away(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _ids(glossary, normalizer, text)


@pytest.mark.parametrize(("text", "entry_id"), [
    ("高盛称对冲基金正在加仓。", "us.GS"),  # 称: the sentence moved on before the fund word
    ("中信证券预计宽基ETF将流入资金。", "cn.600030"),
    ("国投瑞银基金发布公告。", "org.ubs_sdic_fund"),  # the fund manager itself
    ("上海临港股价涨停。", "cn.600848"),
    ("上海临港市值增加。", "cn.600848"),
])
def test_fund_and_place_rules_leave_the_company(glossary, normalizer, text: str, entry_id: str) -> None:
    assert entry_id in _ids(glossary, normalizer, text)


def test_context_words_are_learned_data() -> None:
    """The table says how it was made and holds the words news writes around companies."""
    header = CONTEXT_WORDS_TABLE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# Made by bench/context_words.py")
    learned = context_words()
    assert {"盘前", "股价", "公告"} <= learned.near
    assert {"盘后", "旗下", "宣布"} <= learned.follows
    assert not {"中国", "美国"} & (learned.near | learned.follows)  # places are what a story is about


def test_whole_name_not_first_word() -> None:
    assert not runs_on("理想汽车盘前大涨", 0, 4)  # 车盘 is a dictionary oddity, no evidence
    assert runs_on("未来发展趋势向好", 0, 4)  # 发展趋势 is
    assert is_dictionary_word("燃料电池") and not is_dictionary_word("平安银行")
    assert is_vouched("美联储")


def test_dictionary_meaning_vouches_for_nothing(glossary) -> None:
    """星期六's alias "Saturday" is what a reference writes for the day; it is no evidence for the company."""
    entry = next(e for e in glossary.entries.values() if "星期六" in e.aliases_zh)
    assert "Saturday" not in english_names(entry, "星期六")
    assert "Fed" in english_names(glossary.entries["org.fed"], "美联储")


def test_rules_switch_off_only_for_the_bench(glossary, normalizer) -> None:
    """bench/rule_costs.py switches a rule off through DISABLED_RULES; nothing else sets it."""
    assert compiled.DISABLED_RULES == frozenset()
    text = "据劳氏日报报道"
    try:
        compiled.DISABLED_RULES = frozenset({"publication"})
        assert "us.LOW" in _ids(glossary, normalizer, text)
    finally:
        compiled.DISABLED_RULES = frozenset()
    assert "us.LOW" not in _ids(glossary, normalizer, text)
