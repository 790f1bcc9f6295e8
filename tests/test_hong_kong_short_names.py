"""Issue 16 item 5: Hong Kong-listed companies by the short names Hong Kong media write (长建, 港灯, 九仓, 中电, 新世界,
国泰 ...; glossaries/companies/hk_short_names.yaml). A short name that means another company in mainland or Taiwan
news links only in Hong Kong documents (zh_hk), and everyday uses of the strings link nothing. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.text.locale import CN, HK, TW
from tests.linking_support import names_found

# (sentence as written, the document's locale, the Chinese name (normalized), the entity it must link to)
LINKS = [
    ("長建今日公布中期業績，股息增加。", HK, "长建", "hk.1038"),
    ("港燈宣布明年電費加價。", HK, "港灯", "hk.2638"),
    ("九倉午後跌2%。", HK, "九仓", "hk.0004"),
    ("信置推出新盤，反應熱烈。", HK, "信置", "hk.0083"),
    ("希慎公布全年租金收入。", HK, "希慎", "hk.0014"),
    ("電盈宣布派發末期息。", HK, "电盈", "hk.0008"),
    ("數碼通與電盈均跑贏大市。", HK, "数码通", "hk.0315"),
    ("中電宣布明年電費加價3%。", HK, "中电", "hk.0002"),
    ("新世界今日股價急升，市場憧憬重組。", HK, "新世界", "hk.0017"),
    ("國泰公布上月載客量按年增長。", HK, "国泰", "hk.0293"),
    ("六福上季同店銷售下跌。", HK, "六福", "hk.0590"),
    ("莎莎上季零售額按年上升。", HK, "莎莎", "hk.0178"),
    ("恒地公布中期業績。", HK, "恒地", "hk.0012"),
    ("保誠宣布回購股份。", HK, "保诚", "gb.PRU"),
    ("冠君公布全年可分派收入。", HK, "冠君", "hk.2778"),
    ("煤氣公司宣布下月起調整標準收費。", HK, "煤气公司", "hk.0003"),
    ("太古股份公司公布中期業績。", HK, "太古股份公司", "hk.0019"),
    ("太古股價今日上漲2%。", HK, "太古", "hk.0019"),
    ("香港電訊公布上半年業績。", HK, "香港电讯", "hk.6823"),
    ("瑞声科技与舜宇光学双双走高，瑞声涨超5%。", CN, "瑞声", "hk.2018"),
    ("舜宇发布月度出货量数据。", CN, "舜宇", "hk.2382"),
    ("申洲发布公告称订单饱满。", CN, "申洲", "hk.2313"),
    ("融创发布境外债务重组进展公告。", CN, "融创", "hk.1918"),
    ("中海外公布前十个月合约销售额。", CN, "中海外", "hk.0688"),
    ("龙湖集团发布公告称已偿还一笔贷款。", CN, "龙湖集团", "hk.0960"),
    ("龙湖股价大涨8%。", CN, "龙湖", "hk.0960"),
    ("中芯股价盘中大涨5%。", CN, "中芯", "cn.688981"),
    ("华虹股价午后涨超6%。", CN, "华虹", "cn.688347"),
    ("长江和记公布港口业务出售进展。", CN, "长江和记", "hk.0001"),
    ("万科企业发布公告。", CN, "万科企业", "cn.000002"),
    ("盈富基金昨日錄得資金淨流入。", HK, "盈富基金", "fund.hk2800"),
    ("南方富时A50全日成交额放大。", CN, "南方富时A50", "fund.hk2822"),
]


def _found(glossary, normalizer, text: str, locale: str) -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_hong_kong_short_names_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# The same strings in mainland or Taiwan news, and everyday uses, must not link to the Hong Kong company.
NOT_LINKED = [
    ("中電宣布新一季營收成長。", TW, "hk.0002"),
    ("新世界发布公告称拟调整经营范围。", CN, "hk.0017"),
    ("國泰公布上月獲利。", TW, "hk.0293"),
    ("六福村暑假遊客人數創新高。", TW, "hk.0590"),
    ("这一现象在太古时代就已存在。", CN, "hk.0019"),
    ("他永恒地记住了那一天。", CN, "hk.0012"),
    ("龙湖公园周末游客众多。", CN, "hk.0960"),
    ("煤气价格下月起上调。", CN, "hk.0003"),
    ("莎莎是她的小名。", CN, "hk.0178"),
    ("他对新世界充满好奇。", CN, "hk.0017"),
    ("中芯国际、华虹集团等企业成立联盟。", CN, "cn.688347"),  # the unlisted parent group
    ("中芯集成股价上涨3%。", CN, "cn.688981"),  # 芯联集成's former name
]


@pytest.mark.parametrize(("text", "locale", "entity"), NOT_LINKED)
def test_short_names_do_not_link_elsewhere(glossary, normalizer, text: str, locale: str, entity: str) -> None:
    assert entity not in _found(glossary, normalizer, text, locale).values()


def test_other_locales_keep_their_own_company(glossary, normalizer) -> None:
    # 中電 in Taiwan news is China Electric Mfg.; 國泰 in Taiwan news is Cathay Financial; 新世界 in mainland news
    # is Shanghai New World
    assert _found(glossary, normalizer, "中電股價漲停。", TW).get("中电") == "tw.1611"
    assert _found(glossary, normalizer, "國泰金今日股價上漲。", TW).get("国泰金") == "tw.2882"
    assert _found(glossary, normalizer, "新世界股价涨停。", CN).get("新世界") == "cn.600628"
