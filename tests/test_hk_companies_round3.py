"""Issue 16 round 3: Hong Kong companies by the names Hong Kong and mainland media write.

Short names derived from HKEX's full names (pipeline/glossary/sources/hk_names.py), the curated abbreviations no
rule derives (glossaries/companies/hk_short_names_media.yaml and the zh_hk names beside them), HK codes written
with five digits, and the everyday words and places those names must not take. Sentences are written for these
tests, in Traditional (Hong Kong news; the normalizer reads it with OpenCC hk2s) and Simplified.
"""

from __future__ import annotations

import pytest

from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.hk_names import add_derived_names, candidates, is_distinctive
from pipeline.text.locale import CN, HK, TW
from tests.linking_support import names_found

# ---------------------------------------------------------------- the generator step


@pytest.mark.parametrize(("full", "expected"), [
    ("名创优品集团控股有限公司", ["名创优品集团控股", "名创优品集团", "名创优品"]),
    ("建发国际投资集团有限公司", ["建发国际投资集团", "建发国际投资", "建发国际", "建发"]),
    ("舜宇光学科技(集团)有限公司", ["舜宇光学科技", "舜宇光学"]),
    ("香港中华煤气有限公司", ["香港中华煤气", "中华煤气"]),
    ("中国光大环境(集团)有限公司", ["中国光大环境"]),  # 光大 + 环境 are ordinary words: curated instead
    ("中国海螺环保控股有限公司", ["中国海螺环保控股", "中国海螺环保"]),  # 海螺 + 环保: ordinary words
    ("中国水业集团有限公司", ["中国水业集团", "中国水业"]),  # without 中国 the core 水业 says too little
    ("朗廷酒店管理人有限公司与朗廷酒店投资有限公司", []),  # stapled units: two issuers
])
def test_candidates(full: str, expected: list[str]) -> None:
    assert candidates(full) == expected


@pytest.fixture(scope="module")
def everyday() -> frozenset[str]:
    from pipeline.glossary.generate import everyday_or_common_words

    return everyday_or_common_words()


@pytest.mark.parametrize(("name", "distinctive"), [
    ("名创优品", True), ("鹰君", True), ("佐丹奴", True), ("药明生物", True),
    ("中华煤气", False),  # 中华 + 煤气 reads as a description; the name is curated (coverage_hk.yaml)
    ("电能", False),     # "electric power"
    ("太古", False),     # "remote antiquity"
    ("东亚", False),     # a region
    ("长江", False),     # a river
    ("深圳", False),     # a place alone
    ("中国置业", False),  # a place and an everyday word
    ("中国电力", False),  # a run of common words
    ("世界", False), ("统一", False),
])
def test_is_distinctive(everyday: frozenset[str], name: str, distinctive: bool) -> None:
    assert is_distinctive(name, everyday) is distinctive


def _entry(entry_id: str, zh: str, derived: list[str], **kw) -> GeneratedEntry:
    return GeneratedEntry(id=entry_id, type="company", zh=zh, en=zh, ticker=entry_id, derived_zh=derived, **kw)


def test_derived_names_keep_clear_of_other_entities() -> None:
    group = _entry("hk.0010", "恒隆集团", ["恒隆"])            # 恒隆 also begins 恒隆地产
    props = _entry("hk.0101", "恒隆地产", [])
    one = _entry("hk.0001", "甲乙丙控股", ["甲乙丙"])           # nobody else: kept
    two_a = _entry("hk.0002", "丁戊国际", ["丁戊"])              # two listings derive the same name: neither
    two_b = _entry("hk.0003", "丁戊发展", ["丁戊"])
    joined = _entry("hk.0004", "己庚实业", ["己庚"], join_zh=["辛壬"])
    taken = _entry("hk.0005", "辛壬控股", ["辛壬"])              # another listing's join key
    curated = _entry("hk.0006", "国开国际投资", ["国开国际", "国开"])  # 国开 begins the curated 国开行
    entries = [group, props, one, two_a, two_b, joined, taken, curated]
    add_derived_names(entries, {"国开行": "org.cdb"})
    assert "恒隆" not in group.aliases_zh
    assert one.aliases_zh == ["甲乙丙"]
    assert "丁戊" not in two_a.aliases_zh + two_b.aliases_zh
    assert "辛壬" not in taken.aliases_zh
    assert curated.aliases_zh == ["国开国际"]


# ---------------------------------------------------------------- linking


def _found(glossary, normalizer, text: str, locale: str) -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


LINKS = [
    # derived from the HKEX full name
    ("名創優品上季收入按年增長兩成。", HK, "名创优品", "hk.9896"),
    ("名创优品发布公告称拟回购股份。", CN, "名创优品", "hk.9896"),
    ("舜宇光學公布上月手機鏡頭出貨量。", HK, "舜宇光学", "hk.2382"),
    ("药明生物盘中涨超6%。", CN, "药明生物", "hk.2269"),
    ("藥明生物宣布出售愛爾蘭疫苗廠。", HK, "药明生物", "hk.2269"),
    ("英诺赛科发布中期业绩。", CN, "英诺赛科", "hk.2577"),
    ("海螺环保发布中期业绩。", CN, "海螺环保", "hk.0587"),  # curated
    ("佐丹奴公布全年業績，派末期息。", HK, "佐丹奴", "hk.0709"),
    ("波司登股价创历史新高。", CN, "波司登", "hk.3998"),
    ("中创新航获得海外储能大单。", CN, "中创新航", "hk.3931"),
    ("鷹君股價今日上升3%。", HK, "鹰君", "hk.0041"),      # two characters: with company context
    ("其士股價午後急升。", HK, "其士", "hk.0025"),
    # curated abbreviations
    ("銀娛上季經調整EBITDA按年上升。", HK, "银娱", "hk.0027"),
    ("银娱股价大涨5%。", CN, "银娱", "hk.0027"),
    ("中信股份公布中期業績。", HK, "中信股份", "hk.0267"),
    ("光大環境中標垃圾發電項目。", HK, "光大环境", "hk.0257"),
    ("光大控股发布盈利预警。", CN, "光大控股", "hk.0165"),
    ("中生製藥新藥獲批上市。", HK, "中生制药", "hk.1177"),
    ("上實控股公布出售資產。", HK, "上实控股", "hk.0363"),
    ("恒基宣布回購股份。", HK, "恒基", "hk.0012"),
    ("恒基集團主席出席記者會。", HK, "恒基集团", "hk.0012"),
    ("新世界集團宣布重組債務。", HK, "新世界集团", "hk.0017"),
    ("信和集團推出新樓盤。", HK, "信和集团", "hk.0083"),
    ("電能股價今日上升2%。", HK, "电能", "hk.0006"),
    ("電能實業宣布派息。", HK, "电能实业", "hk.0006"),
    # the names of the brief that were already linked, in both scripts
    ("港鐵宣布下月起調整票價。", HK, "港铁", "hk.0066"),
    ("長和公布中期業績。", HK, "长和", "hk.0001"),
    ("長實集團宣布回購。", HK, "长实集团", "hk.1113"),
    ("九龍倉置業公布上半年租金收入。", HK, "九龙仓置业", "hk.1997"),
    ("滙豐控股公布業績。", HK, "汇丰控股", "hk.0005"),
    ("匯豐宣布派息。", HK, "汇丰", "hk.0005"),
    ("恆生銀行公布業績。", HK, "恒生银行", "hk.0011"),
    ("東亞銀行公布業績。", HK, "东亚银行", "hk.0023"),
    ("中銀香港宣布派息。", HK, "中银香港", "hk.2388"),
    ("國泰航空公布上月載客量。", HK, "国泰航空", "hk.0293"),
    ("太古地產公布中期業績。", HK, "太古地产", "hk.1972"),
    ("周大福上季同店銷售下跌。", HK, "周大福", "hk.1929"),
    ("領展公布可分派收入。", HK, "领展", "hk.0823"),
    # name + 集团/公司: the company, by its name before the group word
    ("長和集團宣布出售港口業務。", HK, "长和", "hk.0001"),
    ("友邦集团公布新业务价值。", CN, "友邦", "hk.1299"),
    ("汇丰集团宣布回购股份。", CN, "汇丰", "hk.0005"),
    ("港鐵公司宣布票價調整。", HK, "港铁公司", "hk.0066"),
    # Hong Kong codes are written with five digits
    ("騰訊(00700)公布季度業績。", HK, "腾讯", "hk.0700"),
    ("电能实业(00006.HK)公布中期业绩。", CN, "电能实业", "hk.0006"),
    ("港鐵(00066)股價回落。", HK, "港铁", "hk.0066"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_hk_names_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# Everyday words, places and other companies' names: the Hong Kong company must not be linked.
NOT_LINKED = [
    ("东亚地区经济增长放缓。", CN, "hk.0023"),
    ("長江流域今年雨量偏多。", HK, "hk.1038"),
    ("长江流域今年雨量偏多。", CN, "hk.0001"),
    ("这一现象在太古时代就已存在。", CN, "hk.0019"),
    ("電動車把電能轉化為動能。", HK, "hk.0006"),       # 電能 the word, no company context
    ("电能替代是节能减排的重要方向。", CN, "hk.0006"),   # not a Hong Kong document: 电能 is zh_hk only
    ("中电科旗下公司发布新品。", CN, "hk.0002"),
    ("中電宣布新一季營收成長。", TW, "hk.0002"),
    ("政府會繼續推動創科發展。", HK, "hk.0669"),        # 創科 innovation and technology (创科局 is a body)
    ("国开债发行利率下行。", CN, "hk.1062"),            # 国开: China Development Bank
    ("这里有很美的风景。", CN, "cn.000333"),
    ("恒隆广场今日人流很多。", CN, "hk.0010"),
    ("海丰县今年农业丰收。", CN, "hk.1308"),
    ("米格战机在航展上亮相。", CN, "hk.1247"),
    ("游客参观太和殿。", CN, "hk.0718"),
    ("騰訊(00005)公布季度業績。", HK, "hk.0700"),       # another listing's code
    # a derived two-character name links only in Traditional text: in mainland news it is inside other names
    ("向上融科盘前跌幅扩大。", CN, "hk.2323"),
    ("江苏辰兴拟投资建设新项目。", CN, "hk.2286"),
    ("百信银行发布年报。", CN, "hk.0574"),
    ("保时捷上半年销量下滑。", CN, "hk.1184"),
    ("易方达旗下ETF发布公告。", CN, "hk.1521"),
    ("再生能源投資持續增加。", TW, "hk.0987"),
    ("汽车内饰材料需求增长。", CN, "hk.0048"),
    ("中广核新能源拟建设研发中心。", CN, "hk.1811"),  # 广核新能源 (中国-less) would link inside 中广核…
]


@pytest.mark.parametrize(("text", "locale", "entity"), NOT_LINKED)
def test_hk_names_do_not_link_everyday_words(glossary, normalizer, text: str, locale: str, entity: str) -> None:
    assert entity not in _found(glossary, normalizer, text, locale).values()



@pytest.mark.parametrize(("text", "absent"), [
    ("国产EDA软件迎来政策支持，EDA板块午后走强。", "EDA"),     # electronic design automation
    ("GBA跨境理财通规模扩大。", "GBA"),                      # the Greater Bay Area
])
def test_a_latin_acronym_left_of_an_hk_group_name_is_no_alias(glossary, normalizer, text: str, absent: str) -> None:
    """EDA集团控股 and GBA集团 keep their full names; the bare acronym is a term in news, not the company."""
    assert absent not in _found(glossary, normalizer, text, CN)
    assert _found(glossary, normalizer, "EDA集团控股公布中期业绩。", CN).get("EDA集团控股") == "hk.2505"
