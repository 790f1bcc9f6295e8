"""A bare 元 of an RMB-reporting company's results in Hong Kong news is yuan (glossary `reports_in`,
stages/translators/results_currency.py); prices, dividends and other companies stay HK$; Taiwan and mainland
rules are unchanged. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.reporting import CNY, derived_reports_in, h_share_form
from pipeline.records import Mention, Segment
from pipeline.text.locale import CN, HK, TW
from stages.translators.numbers import HKD, NTD, USD, YUAN, segment_numbers


def _currencies(link, normalizer, text: str, locale: str) -> list[str]:
    zh = normalizer(text)
    seg = Segment("d", 0, "body", text, zh=zh, entities=link(text, locale=locale), script=normalizer.script(text),
                  locale=locale)
    return [e.unit for e in segment_numbers(seg) if e.unit in (YUAN, HKD, NTD, USD)]


@pytest.mark.parametrize(("text", "expected"), [
    ("騰訊第三季收入按年增長15%至1,928億元", [YUAN]),
    ("美團第二季收入按年升12%，至918億元", [YUAN]),  # the results word is in an earlier clause
    ("比亞迪上半年純利按年增長至160億元", [YUAN]),  # A+H: derived from the A share
    ("農夫山泉去年盈利120億元", [YUAN]),  # an H share: both HKEX names in the mainland joint-stock form
    ("小米集團經調整淨利潤108億元，按年增長", [YUAN]),
    ("騰訊去年純利1,900億元，派末期息每股4.5元", [YUAN, HKD]),  # a dividend stays HK$
    ("騰訊宣布派末期息每股4.5元", [HKD]),
    ("騰訊股價升3%，收報500元", [HKD]),  # a share price
    ("美團收入增長，市值升至8,000億元", [HKD]),  # the last topic word is a market word
    ("騰訊收入1,928億港元，純利500億元", [HKD, HKD]),  # the writer converted: HK$ throughout
    ("騰訊收入人民幣1,928億元", [YUAN]),  # named
    ("阿里巴巴季度收入為350億美元", [USD]),  # named
    ("美團收入1,000億元，以美元計為140億元", [YUAN, USD]),  # a stated basis wins over the results rule
    ("長和去年純利170億元", [HKD]),  # CK Hutchison reports in HK$: no fact, the locale's HK$
    ("本港公司去年純利按年上升至18.2億元", [HKD]),  # no company
    ("滙豐純利按年增長至100億元，騰訊股價升3%", [HKD]),  # the amount is HSBC's, the nearest company before it
    ("騰訊收入增長15%，滙豐純利按年增長至100億元", [HKD]),
])
def test_hong_kong_results_of_rmb_reporters(link, normalizer, text: str, expected: list[str]) -> None:
    assert _currencies(link, normalizer, text, HK) == expected


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("騰訊第三季營收1,928億元", TW, [NTD]),  # Taiwan: the locale's rule, unchanged
    ("台積電第三季營收9,000億元", TW, [NTD]),
    ("腾讯第三季收入1928亿元", CN, [YUAN]),
    ("腾讯第三季收入1928亿元，净利500亿元", CN, [YUAN, YUAN]),
])
def test_other_locales_unchanged(link, normalizer, text: str, locale: str, expected: list[str]) -> None:
    assert _currencies(link, normalizer, text, locale) == expected


def test_the_fact_reaches_the_mentions(link) -> None:
    (tencent,) = [m for m in link("騰訊公布業績", locale=HK) if m.type == "company"]
    assert tencent.reports_in == CNY
    assert Mention.from_dict(tencent.to_dict()).reports_in == CNY
    (hsbc,) = [m for m in link("滙豐控股公布業績", locale=HK) if m.type == "company"]
    assert hsbc.reports_in is None and "reports_in" not in hsbc.to_dict()


@pytest.mark.parametrize(("zh", "en", "h_share"), [
    ("農夫山泉股份有限公司", "Nongfu Spring Co., Ltd.", True),
    ("中國建設銀行股份有限公司", "China Construction Bank Corporation Limited", True),
    ("中國中信股份有限公司", "CITIC Limited", False),  # Hong Kong-incorporated, reports in HK$
    ("商湯集團股份有限公司", "SenseTime Group Inc.", False),
    ("親親食品集團(開曼)股份有限公司", "Qinqin Foodstuffs Group (Cayman) Company Limited", False),
    ("長江和記實業有限公司", "CK Hutchison Holdings Limited", False),
])
def test_h_share_form(zh: str, en: str, h_share: bool) -> None:
    assert h_share_form(zh, en) is h_share


@pytest.mark.parametrize(("tickers", "kind", "currency"), [
    (["600519.SH"], "company", CNY),
    (["BIDU", "9888.HK"], "company", CNY),  # a red chip listed in RED_CHIPS
    (["0005.HK"], "company", None),
    (["510300.SH"], "fund", None),
    (["2330.TW"], "company", None),
])
def test_derived_reports_in(tickers: list[str], kind: str, currency: str | None) -> None:
    assert derived_reports_in(tickers, kind) == currency


@pytest.mark.parametrize(("title", "body", "expected"), [
    # the lede names the company, the next sentence gives its figures without its name
    ("騰訊公布第三季業績", "期內收入按年增長15%至1,928億元。股價收報500元。", [YUAN, HKD]),
    ("滙豐公布業績", "期內純利按年增長至100億元。", [HKD]),  # the last company named has no fact
    ("騰訊公布業績", "滙豐亦公布業績。期內純利增至100億元。", [HKD]),  # the last company named is HSBC
])
def test_document_subject_in_hong_kong_news(normalize, segmenter, linker, title: str, body: str,
                                            expected: list[str]) -> None:
    from pipeline.records import Document

    docs = [Document(id="d", title=title, body=body, meta={"source": "明報"})]
    for stage in (normalize, segmenter, linker):
        docs = stage.process(docs)
    units = [e.unit for seg in docs[0].segments if seg.part == "body" for e in segment_numbers(seg)
             if e.unit in (YUAN, HKD, NTD, USD)]
    assert units == expected


def test_memory_key_names_the_subject() -> None:
    from stages.translators.memory import memory_source
    from stages.translators.results_currency import SUBJECT

    plain = Segment("d", 1, "body", "期內收入1,928億元", zh="期内收入1,928亿元", locale=HK)
    carried = Segment("d", 1, "body", "期內收入1,928億元", zh="期内收入1,928亿元", locale=HK, attrs={SUBJECT: CNY})
    assert memory_source(plain) != memory_source(carried)
    assert memory_source(Segment("d", 1, "body", "收入", zh="收入", locale=CN)) == "收入"


def test_a_public_body_ends_the_document_company(normalize, segmenter, linker) -> None:
    from pipeline.records import Document

    body = "金管局公布數據。期內收入增至100億元。"
    docs = [Document(id="d", title="騰訊公布業績", body=body, meta={"source": "明報"})]
    for stage in (normalize, segmenter, linker):
        docs = stage.process(docs)
    units = [e.unit for seg in docs[0].segments for e in segment_numbers(seg) if e.unit in (YUAN, HKD)]
    assert units == [HKD]
