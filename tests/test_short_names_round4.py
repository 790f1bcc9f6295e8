"""Issue 16 round 4: companies by the colloquial and core short names news writes instead of the exchange short
name. Media abbreviations are curated (glossaries/companies/cn_short_names_media.yaml and aliases added in place);
the generator derives the risk-warning forms of A-share core names (嘉澳环保 → ST嘉澳, *ST嘉澳;
pipeline/glossary/sources/core_names.py) and leaves bare two-character cores unlinked. Sentences are written for
these tests.
"""

from __future__ import annotations

import pytest

from pipeline.glossary.sources.core_names import candidates, is_core, needs_context, spelled_in
from pipeline.text.locale import CN, HK
from tests.linking_support import names_found

# (sentence as written, the document's locale, the Chinese name (normalized), the entity it must link to)
LINKS = [
    # brands and core names of A shares
    ("双汇公布上半年猪肉制品销量。", CN, "双汇", "cn.000895"),
    ("闻泰发布公告称出售部分业务。", CN, "闻泰", "cn.600745"),
    ("永辉股价今日涨停。", CN, "永辉", "cn.601933"),
    ("宝钢宣布下月出厂价上调。", CN, "宝钢", "cn.600019"),
    ("昂立公布年度业绩预告。", CN, "昂立", "cn.600661"),
    ("汾酒发布新品提价通知。", CN, "汾酒", "cn.600809"),
    ("三一发布挖掘机销量数据。", CN, "三一", "cn.600031"),
    ("中免宣布海南新店开业。", CN, "中免", "cn.601888"),
    ("神华发布月度煤炭销量公告。", CN, "神华", "cn.601088"),
    ("洛钼铜产量创新高。", CN, "洛钼", "cn.603993"),
    ("赣锋与天齐双双走高。", CN, "赣锋", "cn.002460"),
    ("赣锋与天齐双双走高。", CN, "天齐", "cn.002466"),
    ("通威发布多晶硅减产计划。", CN, "通威", "cn.600438"),
    ("迈瑞公布海外收入增长。", CN, "迈瑞", "cn.300760"),
    ("上汽公布上月整车销量。", CN, "上汽", "cn.600104"),
    ("万华宣布MDI挂牌价上调。", CN, "万华", "cn.600309"),
    ("海康与大华均发布半年报。", CN, "海康", "cn.002415"),
    ("歌尔、蓝思均为苹果供应商。", CN, "歌尔", "cn.002241"),
    ("歌尔、蓝思均为苹果供应商。", CN, "蓝思", "cn.300433"),
    ("韦尔与兆易均涨超5%。", CN, "兆易", "cn.603986"),
    ("中微发布刻蚀设备新品。", CN, "中微", "cn.688012"),
    ("海尔发布新款冰箱。", CN, "海尔", "cn.600690"),
    ("美的股价今日创新高。", CN, "美的", "cn.000333"),
    ("华泰发布研报称看好券商板块。", CN, "华泰", "cn.601688"),
    ("长虹发布新款电视。", CN, "长虹", "cn.600839"),
    # state companies and banks
    ("中车中标高铁动车组订单。", CN, "中车", "cn.601766"),
    ("中铁建与中交建同日发布中标公告。", CN, "中铁建", "cn.601186"),
    ("中铁建与中交建同日发布中标公告。", CN, "中交建", "cn.601800"),
    ("马钢、河钢、包钢均下调报价。", CN, "马钢", "cn.600808"),
    ("马钢、河钢、包钢均下调报价。", CN, "河钢", "cn.000709"),
    ("马钢、河钢、包钢均下调报价。", CN, "包钢", "cn.600010"),
    ("国航公布上月旅客运输量。", CN, "国航", "cn.601111"),
    ("交行、浦发、邮储均下调存款利率。", CN, "交行", "cn.601328"),
    ("交行、浦发、邮储均下调存款利率。", CN, "浦发", "cn.600000"),
    ("交行、浦发、邮储均下调存款利率。", CN, "邮储", "cn.601658"),
    ("人保公布前五月保费收入。", CN, "人保", "cn.601319"),
    ("国寿股价午后拉升。", CN, "国寿", "cn.601628"),
    ("太保公布前五月保费收入。", CN, "太保", "cn.601601"),
    ("中移动与中电信公布用户数据。", CN, "中移动", "cn.600941"),
    ("中移动与中电信公布用户数据。", CN, "中电信", "cn.601728"),
    ("联通股价午后拉升。", CN, "联通", "cn.600050"),
    ("中兴股价大涨。", CN, "中兴", "cn.000063"),
    ("紫金股价创历史新高。", CN, "紫金", "cn.601899"),
    ("中金研报称维持买入评级。", CN, "中金", "cn.601995"),
    # couriers, brewers, carmakers
    ("顺丰、圆通、韵达、申通公布上月业务量。", CN, "顺丰", "cn.002352"),
    ("顺丰、圆通、韵达、申通公布上月业务量。", CN, "圆通", "cn.600233"),
    ("顺丰、圆通、韵达、申通公布上月业务量。", CN, "韵达", "cn.002120"),
    ("顺丰、圆通、韵达、申通公布上月业务量。", CN, "申通", "cn.002468"),
    ("青啤与重啤均发布提价通知。", CN, "青啤", "cn.600600"),
    ("青啤与重啤均发布提价通知。", CN, "重啤", "cn.600132"),
    ("奇瑞发布上月出口数据。", CN, "奇瑞", "hk.9973"),
    # subsidiaries named by the listed company's short name plus a word of their own are their own companies
    ("通威股份拟向子公司通威太阳能增资。", CN, "通威太阳能", "company.tongwei_solar"),
    ("上汽通用五菱公布上月销量。", CN, "上汽通用五菱", "company.sgmw"),
    # Hong Kong
    ("汇控宣布回购股份。", CN, "汇控", "hk.0005"),
    ("滙控今日股價上升。", HK, "汇控", "hk.0005"),
    ("平保公布首季新業務價值按年上升。", HK, "平保", "cn.601318"),
    ("華置公布上月合約銷售額。", HK, "华置", "hk.1109"),
    ("中燃股價急跌。", HK, "中燃", "hk.0384"),
    ("華啤公布中期業績。", HK, "华啤", "hk.0291"),
    ("海螺今日跌3%。", HK, "海螺", "cn.600585"),
    ("比電獲大行上調目標價。", HK, "比电", "hk.0285"),
    # risk-warning forms of a core name (generated)
    ("ST嘉澳公告称预计上半年扭亏。", CN, "st嘉澳", "cn.603822"),
    ("*ST萃华公告称收到立案告知书。", CN, "*st萃华", "cn.002731"),
]

# Everyday uses, other companies' names and other entities: the new names must not link there.
NOT_LINKS = [
    ("这条裙子真美的。", CN, "美的"),
    ("两岸交通已经联通。", CN, "联通"),
    ("国家中兴的大业。", CN, "中兴"),
    ("他们登上了南京紫金山。", CN, "紫金"),
    ("奥本海默将目标价上调。", CN, "海默"),
    ("民航局副局长胡振江会见代表团。", CN, "振江"),
    ("山东玻纤价格上涨。", CN, "玻纤"),
    ("宝钢包装发布公告。", CN, "宝钢"),
    ("中金黄金发布公告。", CN, "中金"),
    ("中公高科发布公告。", CN, "中公"),
    ("中通客车发布公告。", CN, "中通"),
    ("格林大华期货发布研报。", CN, "大华"),
    ("海边捡到一个海螺。", CN, "海螺"),  # Hong Kong names (zh_hk) do not link in mainland text
    ("水平保持稳定。", CN, "平保"),
    ("SpaceX总裁肖特韦尔表示将扩大发射。", CN, "韦尔"),
    ("荷兰海尔德兰省出现强降雨。", CN, "海尔"),
    ("信通万华通过集中竞价减持。", CN, "万华"),
    ("中韩半导体ETF华泰柏瑞发布溢价提示。", CN, "华泰"),
    ("上汽通用五菱公布上月销量。", CN, "上汽"),
]


def test_locale_names_keep_taiwan_companies(glossary, normalizer) -> None:
    """长虹, 华泰, 大华 are mainland companies only in mainland documents (zh_cn); in Taiwan news they stay Taiwan's."""
    assert _found(glossary, normalizer, "華泰發布上月營收。", "tw").get("华泰") == "tw.2329"
    assert _found(glossary, normalizer, "長虹發布上月營收。", "tw").get("长虹") == "tw.5534"


def _found(glossary, normalizer, text: str, locale: str) -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale, fold=True)


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_short_names_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


@pytest.mark.parametrize(("text", "locale", "name"), NOT_LINKS)
def test_short_names_do_not_link_elsewhere(glossary, normalizer, text: str, locale: str, name: str) -> None:
    found = _found(glossary, normalizer, text, locale)
    assert name not in found


# (A-share short name, its candidate cores)
CANDIDATES = [
    ("贵州茅台", ["茅台"]),
    ("双汇发展", ["双汇"]),
    ("闻泰科技", ["闻泰"]),
    ("永辉超市", ["永辉"]),
    ("中国中免", ["中免"]),
    ("*ST萃华", []),
    ("山东玻纤", ["玻纤"]),
]


@pytest.mark.parametrize(("short", "cores"), CANDIDATES)
def test_core_candidates(short: str, cores: list[str]) -> None:
    assert candidates(short) == cores


def test_core_filters() -> None:
    from pipeline.glossary.generate import everyday_words

    everyday = everyday_words()
    assert is_core("双汇", everyday)
    assert not is_core("抚顺", everyday)  # 抚顺特钢: the city
    assert not is_core("锡业", everyday)  # 云南锡业: "tin industry"
    assert not is_core("中信", everyday)  # a group brand several companies share
    assert spelled_in("双汇", ["Henan Shuanghui Investment & Development"])
    assert not spelled_in("玻纤", ["Shandong Fiberglass Group"])
    assert needs_context("美的")  # ends in a particle: 很美的
    assert not needs_context("双汇", english=["Henan Shuanghui Investment & Development"])


def test_cores_of_generated_entries(glossary) -> None:
    """The generated A-share file holds the risk-warning forms of core names, and no bare two-character core
    the exchange does not write."""
    entry = glossary.entries["cn.603822"]
    assert "ST嘉澳" in entry.zh_names() and "*ST嘉澳" in entry.zh_names()
    assert "嘉澳" not in entry.zh_names()
    assert "玻纤" not in glossary.entries["cn.605006"].zh_names()
