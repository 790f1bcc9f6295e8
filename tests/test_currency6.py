"""Every amount in its right currency (issue 16, round 6): dividends of mainland-incorporated companies where the
text writes 人民币, the mainland's and Macao's figures in Hong Kong news, Macao's gaming revenue in any news.
stages/translators/results_currency.py and subject_currency.py. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.reporting import CNY, declares_in_rmb
from pipeline.records import Document, Segment
from pipeline.text.locale import CN, HK, MO
from stages.translators.numbers import HKD, MOP, NTD, USD, YUAN, EnglishNumbers, find_numbers, segment_numbers

MONEY = (YUAN, HKD, NTD, USD, MOP)


def _run(normalize, segmenter, linker, title: str, body: str, source: str) -> Document:
    docs = [Document(id="d", title=title, body=body, meta={"source": source})]
    for stage in (normalize, segmenter, linker):
        docs = stage.process(docs)
    return docs[0]


def _units(doc: Document, part: str | None = None) -> list[str]:
    return [e.unit for seg in doc.segments if part in (None, seg.part) for e in segment_numbers(seg)
            if e.unit in MONEY]


@pytest.mark.parametrize(("title", "body", "expected"), [
    # an H share's (A+H's) dividend in bare 元, the document writing 人民币 in the title: yuan
    ("建設銀行去年純利3,300億元人民幣", "建設銀行建議派末期息每股0.2元。", [YUAN]),
    ("建設銀行派末期息每股人民幣0.2元", "建設銀行建議派末期息每股0.2元。", [YUAN]),
    # the sentence after the lede, naming no company: the document's company
    ("建設銀行公布業績", "純利按年升5%至人民幣3,300億元。董事會建議派末期息每股0.2元。", [YUAN, YUAN]),
    # no 人民币 anywhere: the locale's HK$ (the writer may have converted)
    ("建設銀行公布業績", "建設銀行建議派末期息每股0.2元。", [HKD]),
    # a red chip declares in HK$ whatever else the document writes in RMB
    ("騰訊去年純利1,900億元人民幣", "騰訊建議派末期息每股4.5元。", [HKD]),
    # the sentence names 港元: converted
    ("建設銀行去年純利3,300億元人民幣", "建設銀行派末期息每股0.2元，折合0.22港元。", [HKD, HKD]),
    # not a dividend: a share price stays HK$
    ("建設銀行去年純利3,300億元人民幣", "建設銀行股價收報7.5元。", [HKD]),
])
def test_dividends_of_mainland_companies(normalize, segmenter, linker, title: str, body: str,
                                         expected: list[str]) -> None:
    assert _units(_run(normalize, segmenter, linker, title, body, "明報"), "body") == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("人民銀行今日開展1,000億元7天期逆回購操作。", [YUAN]),  # the PBOC's operation (and a mainland-only word)
    ("人行今日進行3,000億元中期借貸便利操作。", [YUAN]),
    ("央行開展公開市場操作，淨投放500億元。", [YUAN]),  # a mainland-only operation in the clause
    ("內地上月社會消費品零售總額4萬億元，按年增長5%。", [YUAN]),
    ("財政部今年將發行1.3萬億元超長期特別國債。", [YUAN]),  # the mainland's Ministry of Finance
    ("國家統計局公布，規模以上工業企業利潤6萬億元。", [YUAN]),
    ("澳門上月博彩收入按年升5%至200億元。", [MOP]),  # Macao's figures: patacas
    ("澳門特區政府今年向每名永久居民派發1萬元現金分享。", [MOP]),
    ("財政部在澳門發行60億元國債。", [YUAN]),  # the first subject: the ministry, not the place
    ("本港上月零售業總銷貨價值300億元。", [HKD]),  # Hong Kong's own figures
    ("金管局今日向市場注資50億元。", [HKD]),  # a Hong Kong body
    ("特區政府發行200億元基建債券。", [HKD]),
    ("人民銀行表示，本港銀行體系結餘為500億元。", [HKD]),  # the clause's subject is Hong Kong
    ("人行今日進行1,000億元逆回購，本港銀行同業拆息回落，港股成交1,500億港元。", [HKD, HKD]),  # 港元 written
    ("永利澳門第一季收入按年升至100億元。", [HKD]),  # a Hong Kong-listed company's name, not the place
    ("日本央行今日買入5,000億元資產。", [HKD]),  # another country's central bank: not the PBOC
])
def test_mainland_and_macao_figures_in_hong_kong_news(normalize, segmenter, linker, body: str,
                                                      expected: list[str]) -> None:
    assert _units(_run(normalize, segmenter, linker, "財經消息", body, "香港電台"), "body") == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("國家統計局公布，全國規模以上工業企業利潤6萬億元。", [YUAN]),  # the mainland's figures: yuan in Macao news too
    ("人民銀行今日開展1,000億元逆回購。", [YUAN]),
    ("澳門特區政府今年向每名永久居民派發1萬元現金分享。", [MOP]),  # the locale's own: patacas
])
def test_mainland_figures_in_a_hong_kong_outlets_macao_story(normalize, segmenter, linker, body: str,
                                                             expected: list[str]) -> None:
    doc = _run(normalize, segmenter, linker, "澳門特區政府公布新一年財政預算", body, "香港電台")
    assert {seg.locale for seg in doc.segments} == {MO}
    assert _units(doc, "body") == expected


@pytest.mark.parametrize(("text", "source", "expected"), [
    # a gaming figure is Macao's in mainland news too
    ("该行维持对8月博彩收入235亿元的预测不变。", "财联社", [MOP]),
    ("澳门上月博彩收入218亿澳门元，日均博彩收入7亿元。", "财联社", [MOP, MOP]),  # written, then its basis
    ("人民银行今日开展1000亿元逆回购操作。", "财联社", [YUAN]),
    ("公司上半年营收218亿元。", "财联社", [YUAN]),
    ("澳门旅游业上半年收入218亿元。", "财联社", [YUAN]),  # mainland news: only the gaming figure is read
    ("台積電第三季營收9,000億元", "鉅亨網", [NTD]),
])
def test_other_locales(normalize, segmenter, linker, text: str, source: str, expected: list[str]) -> None:
    assert _units(_run(normalize, segmenter, linker, "", text, source)) == expected


def test_patacas_in_english_and_the_check() -> None:
    (amount,) = [e for e in find_numbers("博彩收入218亿澳门元") if e.unit]
    assert amount.english == "21.8 billion patacas"
    assert EnglishNumbers("Gaming revenue was 21.8 billion patacas.").keeps(amount)
    assert not EnglishNumbers("Gaming revenue was HK$21.8 billion.").keeps(amount)


@pytest.mark.parametrize(("ticker", "reports_in", "declares"), [
    ("601939.SH", CNY, True),  # an A share (A+H)
    ("0939.HK", CNY, True),  # an H share
    ("0700.HK", CNY, False),  # a red chip: Tencent declares in HK$
    ("BIDU", CNY, False),  # a US listing's entry
    ("0005.HK", None, False),
])
def test_declares_in_rmb(ticker: str, reports_in: str | None, declares: bool) -> None:
    assert declares_in_rmb(ticker, reports_in) is declares


def test_memory_key_names_what_the_document_decides() -> None:
    from stages.translators.memory import memory_source
    from stages.translators.results_currency import RMB_WRITTEN
    from stages.translators.subject_currency import BODIES

    zh = "董事会建议派末期息每股0.2元"
    plain = Segment("d", 1, "body", zh, zh=zh, locale=HK)
    after_rmb = Segment("d", 1, "body", zh, zh=zh, locale=HK, attrs={RMB_WRITTEN: True})
    body = Segment("d", 1, "body", zh, zh=zh, locale=HK, attrs={BODIES: ((0, 3, CNY),)})
    assert len({memory_source(plain), memory_source(after_rmb), memory_source(body)}) == 3
    assert memory_source(Segment("d", 1, "body", zh, zh=zh, locale=CN)) == zh


@pytest.mark.parametrize(("text", "english"), [
    # money written without 元 after a money word, or as the first of a range
    ("公司上半年净利润3.54亿，同比增长", "354 million yuan"),
    ("两市成交额1.5万亿，较上一日放量", "1.5 trillion yuan"),
    ("公司拟以1亿-2亿元回购股份", "100 million"),  # the range's English stays; its currency is the second's
    ("公司预计全年营收为29.2亿至29.6亿美元", "2.92 billion"),
    ("该公司今年预算6.7万亿美元，拟将预算削减1万亿", "US$1 trillion"),  # an amount written in its own currency before
    # money in Chinese numerals
    ("政府将投入两万亿元", "2 trillion yuan"),
    ("项目总投资逾千亿元", "over 100 billion yuan"),
    ("公司计划投资数十亿美元", "several billion US dollars"),
    ("市场规模达数千亿元", "hundreds of billions of yuan"),
    ("每艘船需缴纳十多万美元", "over US$100,000"),
    ("公司获得补贴一百余万元", "over 1 million yuan"),
    ("项目总投资30多亿元", "over 3 billion yuan"),
    ("累计回购1,000余万元", "over 10 million yuan"),
])
def test_money_without_a_digit_unit(text: str, english: str) -> None:
    money = [e for e in find_numbers(text) if e.unit in MONEY]
    assert money and money[-1 if "削减" in text else 0].english == english


@pytest.mark.parametrize("text", [
    "发电量近2万亿千瓦时",  # a unit follows
    "比亚迪总销量破30万",  # a quantity
    "恒指重上2万点",
    "三元股份今日涨停",  # a company's name, not three yuan
    "二元期权交易被禁止",
    "成交2万3",  # a spoken form, read as it was
])
def test_not_money(text: str) -> None:
    assert not [e for e in find_numbers(text) if e.unit in MONEY]


def test_range_takes_the_second_currency() -> None:
    first, second = [e for e in find_numbers("销售额在360亿至400亿欧元之间") if e.surface.endswith(("亿", "元"))]
    assert (first.unit, second.unit) == ("euros", "euros")
    assert EnglishNumbers("sales of 36 billion to 40 billion euros").keeps(first)


def test_dev_fixture_holds_no_text() -> None:
    import json
    from pathlib import Path

    keys = {"group", "source", "record", "part", "start", "end", "rendered_at_draw", "currency"}
    for path in (Path(__file__).parent / "fixtures" / "currency_dev").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == keys and row["part"] in ("title", "body") and row["start"] < row["end"]
            assert row["currency"] in ("none", "?") or (len(row["currency"]) == 3 and row["currency"].isupper())
            assert "rthk" not in row["source"] and "fin_hot_hub" not in row["source"]  # dev sources only
