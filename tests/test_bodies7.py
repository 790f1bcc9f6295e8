"""Round 7 public bodies (bodies7): every long and short form of the Fed's regional banks, international bodies'
Hong Kong short names, the foreign ministry's offices in Hong Kong and Macao; bare 海关 with
national figures and bare 纳斯达克 where a company lists (bare_body.py); a name followed by a street suffix is the
street; 央行 in a phrase about central banks in general. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.place_context import names_a_street
from pipeline.records import Document
from tests.linking_support import names_found

# (sentence, locale, name, entity it links to, or None when it must not link)
NAMES = [
    ("纽约联储银行总裁在讲话中表示通胀仍然过高。", "cn", "纽约联储银行", "org.fed_new_york"),
    ("紐約聯儲局總裁表示不急於減息。", "hk", "纽约联储局", "org.fed_new_york"),
    ("紐約聯準會總裁威廉斯發表談話。", "tw", "纽约联准会", "org.fed_new_york"),
    ("三藩市聯儲局行長表示支持減息。", "hk", "三藩市联储局", "org.fed_san_francisco"),
    ("列治文聯儲局總裁稱經濟放緩。", "hk", "列治文联储局", "org.fed_richmond"),
    ("圣路易联储主席发表讲话。", "cn", "圣路易联储", "org.fed_st_louis"),
    ("明尼亚波利斯联邦储备银行发布报告。", "cn", "明尼亚波利斯联邦储备银行", "org.fed_minneapolis"),
    ("堪萨斯城联邦储备委员会主席表示。", "cn", "堪萨斯城联邦储备委员会", "org.fed_kansas_city"),
    ("世貿總幹事表示全球貿易增長放緩。", "hk", "世贸", "org.wto"),
    ("外交部駐港公署發言人回應有關言論。", "hk", "外交部驻港公署", "org.mfa_office_hk"),
    ("外交部驻澳门特别行政区特派员公署举行招待会。", "cn", "外交部驻澳门特别行政区特派员公署", "org.mfa_office_macao"),
    ("運輸署公布新的收費安排。", "hk", "运输署", None),  # a non-financial department: out of the judged scope
    ("消委會測試多款產品。", "hk", "消委会", None),
    ("公司计划在纳斯达克证券交易所上市。", "cn", "纳斯达克证券交易所", "org.nasdaq_exchange"),
    ("这家公司已于纳斯达克交易所挂牌。", "cn", "纳斯达克交易所", "org.nasdaq_exchange"),
    ("亚洲发展银行上调增长预测。", "cn", "亚洲发展银行", "org.adb"),
    ("石油输出国家组织决定增产。", "cn", "石油输出国家组织", "org.opec"),
    ("世银预计明年增长放缓。", "cn", "世银", "org.world_bank"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), NAMES)
def test_body_names(glossary, normalizer, text: str, locale: str, name: str, entity: str | None) -> None:
    found = names_found(glossary, normalizer, text, locale)
    if entity is None:
        assert name not in found
    else:
        assert found.get(name) == entity


# (title written for this test, source or None, the name, the entity its mention links to or None)
DOCUMENTS = [
    ("海关数据显示，前11个月我国出口同比增长5%", "财联社", "海关", "org.gacc"),
    ("据海关统计，一季度进出口总值增长3%", "财联社", "海关", "org.gacc"),
    ("海关最新公布的数据显示贸易顺差扩大", "财联社", "海关", "org.gacc"),
    ("內地海關數據顯示上月出口增長", "明報", "海关", "org.gacc"),
    ("上海海关查获一批走私货物", "财联社", "海关", None),  # a local office
    ("海关加强对跨境电商的监管", "财联社", "海关", None),  # no national figure
    ("协定涵盖原产地规则和海关程序、技术性贸易壁垒等内容", "财联社", "海关", None),  # a list item, not a figure
    ("海關公布上月出口數據", "鉅亨網", "海关", None),  # Taiwan news: no such rule
    ("这家公司计划在纳斯达克上市", "财联社", "纳斯达克", "org.nasdaq_exchange"),
    ("该公司登陆纳斯达克，首日大涨", "财联社", "纳斯达克", "org.nasdaq_exchange"),
    ("该公司股票将从纳斯达克退市", "财联社", "纳斯达克", "org.nasdaq_exchange"),
    ("美股收盘：道指涨0.5%，纳斯达克涨1.2%", "财联社", "纳斯达克", "index.nasdaq_composite"),
    ("纳斯达克100指数期货走高", "财联社", "纳斯达克", None),  # the longer index name
    ("纳斯达克期货跌幅扩大至0.6%", "财联社", "纳斯达克", "index.nasdaq100"),  # futures on the Nasdaq-100
    ("分析师认为纳斯达克的估值偏高", "财联社", "纳斯达克", None),  # exchange or index: not said
    ("本周将迎来超级央行周", "财联社", "央行", None),
    ("央行们纷纷转向宽松", "财联社", "央行", None),
    ("央行周一开展逆回购操作", "财联社", "央行", "org.pboc"),  # 周一: Monday
    ("央行周五公布数据", "财联社", "央行", "org.pboc"),
    ("政府宣布資助出售粉嶺馬會道的單位", "香港電台", "马会", None),  # a street
    ("馬會道一帶交通擠塞", "香港電台", "马会", None),
    ("馬會公布新一季賽事安排", "香港電台", "马会", "company.hkjc"),
]


@pytest.mark.parametrize(("title", "source", "name", "entity"), DOCUMENTS)
def test_bare_bodies_in_documents(normalize, segmenter, linker, title: str, source: str | None, name: str,
                                  entity: str | None) -> None:
    meta = {"source": source} if source else {}
    (doc,) = linker.process(segmenter.process(normalize.process([Document(id="d", title=title, body="", meta=meta)])))
    assert [m.entity_id for m in doc.mentions if m.surface == name] == ([entity] if entity else [])


@pytest.mark.parametrize(("text", "name", "street"), [
    ("粉岭马会道的单位", "马会", True),
    ("马会道3号", "马会", True),
    ("沿着马会道", "马会", True),  # the text's end
    ("腾讯道歉", "腾讯", False),
    ("小米路由器", "小米", False),
    ("美联储路径", "美联储", False),
    ("马会宣布", "马会", False),
])
def test_street_suffix(text: str, name: str, street: bool) -> None:
    end = text.index(name) + len(name)
    assert names_a_street(text, end) is street


def test_every_regional_fed_bank_has_its_long_forms(glossary) -> None:
    """Each of the 12 regional banks is named as X联储, X联储银行, X联邦储备银行 and X联储局 (Hong Kong)."""
    banks = [e for e in glossary.entries.values() if e.id.startswith("org.fed_") and e.id != "org.fed"
             and "Federal Reserve Bank of" in e.en]
    assert len(banks) == 12
    for e in banks:
        names = {e.zh, *e.aliases_zh}
        city = e.zh.removesuffix("联储")
        assert {f"{city}联储银行", f"{city}联邦储备银行", f"{city}联储局", f"{city}联准会"} <= names, e.id


def _units(normalize, segmenter, linker, title: str, source: str) -> list[str]:
    from stages.translators.numbers import segment_numbers

    docs = [Document(id="d", title=title, body="", meta={"source": source})]
    for stage in (normalize, segmenter, linker):
        docs = stage.process(docs)
    return [e.unit for seg in docs[0].segments for e in segment_numbers(seg) if e.unit]


@pytest.mark.parametrize(("title", "source", "expected"), [
    # the PBOC's operations in Hong Kong news: yuan, with or without the bank named in the clause
    ("人民銀行今日開展逆回購操作，全日淨投放1,205億元。", "香港電台", ["yuan"]),
    ("今日國庫現金定存招標規模為500億元。", "香港電台", ["yuan"]),
    ("本港銀行體系結餘為400億元。", "香港電台", ["HK$"]),
    # in Taiwan news: the PBOC's operations and mainland bodies are yuan; Taiwan's own 央行 stays NT$
    ("陸央行今日進行逆回購操作，淨回籠300億元。", "鉅亨網", ["yuan"]),
    ("人民銀行宣布向市場投放5000億元。", "鉅亨網", ["yuan"]),
    ("央行今日公開市場操作沖銷1,200億元。", "鉅亨網", ["NT$"]),
    ("台積電第三季獲利3,000億元。", "鉅亨網", ["NT$"]),
    # fen after a price in yuan, mainland news
    ("该股收报2.31元，较发行价低2.5分。", "财联社", ["yuan", "fen"]),
    ("评分4.5分，股价10元。", "财联社", ["yuan"]),
    ("股价10元，3分钟后涨停。", "财联社", ["yuan", "minutes"]),
    # Hong Kong writes its cents 仙: 分 is RMB (a mainland company's dividend), 仙 Hong Kong cents
    ("建設銀行建議派末期息每股9.27分。", "香港電台", ["fen"]),
    ("公司每股派息29.61分人民幣。", "香港電台", ["fen"]),
    ("公司宣布每股派5仙。", "香港電台", ["HK cents"]),
    ("該公司淪為仙股。", "香港電台", []),
    ("比賽以3比2分勝出。", "香港電台", []),
])
def test_amount_currency(normalize, segmenter, linker, title: str, source: str, expected: list[str]) -> None:
    assert _units(normalize, segmenter, linker, title, source) == expected


def test_bare_body_names_are_behind_the_bare_index_test() -> None:
    """The link stage runs bare_body_spans only where holds_bare_name says yes: every bare body name is in it."""
    from pipeline.glossary.bare_body import BODY_IDS
    from pipeline.glossary.bare_index import holds_bare_name

    assert all(holds_bare_name(f"据{name}统计") for name in BODY_IDS)
    assert not holds_bare_name("沪指涨1%，板块轮动。")
