"""Issue 16 item 2: the locale of a document (mainland, Hong Kong, Taiwan) and what it decides for amounts: a bare
元 is yuan, HK$ or NT$; 人民幣 written nearby wins; the number check wants the amount in its own currency.

Every sentence here is written for these tests; none is copied from news.
"""

from __future__ import annotations

import pickle

import pytest

from pipeline.records import Document, Segment
from pipeline.text.locale import CN, HK, OTHER, TW, detect_locale, source_locale, url_locale
from stages.normalize import NormalizeStage
from stages.translate import TranslateStage
from stages.translators.memory import memory_source
from stages.translators.numbers import HKD, NTD, USD, YUAN, find_numbers, segment_numbers, yuan_locale
from stages.translators.verify import check_translation


def _doc(title: str, body: str = "", source: str | None = None, url: str | None = None) -> Document:
    meta = {k: v for k, v in (("source", source), ("url", url)) if v}
    return Document(id="d", title=title, body=body, meta=meta)


# (source field, locale): a known outlet decides, longest name first.
@pytest.mark.parametrize(("source", "locale"), [
    ("RTHK 財經", HK), ("香港電台", HK), ("明報", HK), ("信報財經新聞", HK), ("香港經濟日報", HK), ("HKET", HK),
    ("東方日報", HK), ("星島頭條", HK), ("SCMP", HK), ("am730", HK), ("香港01", HK), ("經濟通 ETNet", HK),
    ("AAStocks", HK), ("鉅亨網", TW), ("cnyes", TW), ("經濟日報", TW), ("工商時報", TW), ("中央社", TW),
    ("自由時報", TW), ("聯合報", TW), ("新浪财经", CN), ("财联社 (cls.cn) 电报", CN), ("东方财富网", CN),
    ("同花顺", CN), ("证券时报", CN), ("第一财经", CN), ("经济日报", CN), ("newsbridge 样例", None), ("", None),
    (None, None), (42, None),
])
def test_source_table(source: object, locale: str | None) -> None:
    assert source_locale(source) == locale


@pytest.mark.parametrize(("url", "locale"), [
    ("https://news.rthk.hk/rthk/ch/component/k2/1.htm", HK), ("https://www.hk01.com/x", HK),
    ("https://news.cnyes.com/news/id/1", TW), ("https://money.udn.com/money/story/1", TW),
    ("https://www.cls.cn/detail/1", CN), ("https://finance.sina.com.cn/x", CN), ("example.com.hk/a", HK),
    ("https://www.example.gov.tw/a", TW), ("https://example.com/a", None), ("not a url", None), (None, None),
])
def test_url_hosts(url: object, locale: str | None) -> None:
    assert url_locale(url) == locale


# (title, body, source, locale): written the way each region's finance desks write.
DOCUMENTS = [
    ("本港銀行體系結餘按日減少", "金管局表示，港匯轉強。", None, HK),
    ("恒指收市跌200點", "港股成交額縮減。", None, HK),
    ("特首出席立法會答問會", "", None, HK),
    ("聯儲局宣布減息，恒指收市升300點", "", None, HK),
    ("費半指數大漲，那斯達克創高", "", None, TW),
    ("台股終場上漲", "外資買超150億元，三大法人合計買超。", None, TW),
    ("金管會宣布新規", "行政院會通過修正草案。", None, TW),
    ("某公司營收年增20%", "", None, TW),
    ("公司净利润同比增长12%", "沪指收涨0.5%。", None, CN),
    ("港股收评：恒指涨1%", "港元汇率稳定。", None, CN),  # mainland papers cover Hong Kong every day
    ("公司公布業績", "", None, OTHER),  # Traditional with no sign either way
    ("Shares rose 3%", "The company said profit rose.", None, OTHER),
    ("台股終場上漲", "", "明報", HK),  # the source outranks the words
    ("公司公布業績", "", "鉅亨網", TW),
]


@pytest.mark.parametrize(("title", "body", "source", "locale"), DOCUMENTS)
def test_document_locale(normalize: NormalizeStage, title: str, body: str, source: str | None,
                         locale: str) -> None:
    (doc,) = normalize.process([_doc(title, body, source)])
    assert doc.locale == locale


def test_locale_without_t2s() -> None:
    """With Traditional → Simplified conversion off, the words are still read (through a Simplified copy)."""
    stage = NormalizeStage(t2s=False)
    stage.setup()
    (doc,) = stage.process([_doc("本港銀行體系結餘按日減少", "金管局表示，港匯轉強。")])
    assert doc.locale == HK and doc.title == "本港銀行體系結餘按日減少"


def test_detect_locale_precedence() -> None:
    hk_words = "本港金管局表示，港汇转强。"
    assert detect_locale(hk_words, "hant") == HK
    assert detect_locale(hk_words, "hant", url="https://news.cnyes.com/x") == TW
    assert detect_locale(hk_words, "hant", source="中央社", url="https://www.rthk.hk/x") == TW


def _translated(docs: list[Document], normalize, segmenter, linker, gloss) -> list[Segment]:
    out = TranslateStage(gloss).process(linker.process(segmenter.process(normalize.process(docs))))
    return [seg for doc in out for seg in doc.segments]


# (title, source, the English the amount must read as): issue 16's currency failures, one row each.
AMOUNTS = [
    ("本港公司去年純利按年上升至18.2億元", "明報", "HK$1.82 billion"),
    ("本港公司去年純利按年上升至18.2億元", None, "HK$1.82 billion"),  # the words alone say Hong Kong
    ("內地業務以人民幣計價，收入按年升至18.2億元", "香港電台", "1.82 billion yuan"),  # 以人民幣計 wins
    ("本港公司的人民幣存款增至18.2億元", "信報", "1.82 billion yuan"),  # 人民幣 in the same clause wins
    ("港股通南向資金淨流入18.2億港元", "明報", "HK$1.82 billion"),  # an explicit currency as before
    ("台股公司第三季獲利18.2億元", "鉅亨網", "NT$1.82 billion"),
    ("外資買超18.2億元", None, "NT$1.82 billion"),
    ("公司净利润同比增长至18.2亿元", "财联社", "1.82 billion yuan"),
    ("公司净利润同比增长至18.2亿元", None, "1.82 billion yuan"),
    ("台积电营收新台币18.2亿元", "新浪财经", "NT$1.82 billion"),
]


@pytest.mark.parametrize(("title", "source", "english"), AMOUNTS)
def test_bare_yuan_by_locale(normalize, segmenter, linker, gloss, title: str, source: str | None,
                             english: str) -> None:
    (seg,) = _translated([_doc(title, source=source)], normalize, segmenter, linker, gloss)
    assert english in (seg.en or "")
    assert not any(f.startswith("number_mismatch") for f in seg.flags)


@pytest.mark.parametrize(("locale", "script", "yuan"), [
    (CN, "hant", YUAN), (HK, "hans", HKD), (TW, "hans", NTD), (OTHER, "hant", NTD), (OTHER, "hans", YUAN),
    ("", "hant", NTD), ("", "hans", YUAN),
])
def test_yuan_locale_table(locale: str, script: str, yuan: str) -> None:
    assert yuan_locale("股价51.5元", script, (), locale) == yuan


def test_us_ticker_still_wins_over_the_locale() -> None:
    assert yuan_locale("美国银行BAC-US目标价调升至51.5元", "hant", (), HK) == USD


def test_unknown_locale_mainland_listing_is_yuan() -> None:
    assert yuan_locale("市值突破6000亿元", "hant", ["300308.SZ"], OTHER) == YUAN
    assert yuan_locale("市值突破6000亿元", "hant", ["300308.SZ"], TW) == NTD  # a known locale decides


@pytest.mark.parametrize(("zh", "currency"), [
    ("人民币存款增至18.2亿元", YUAN),
    ("人民币走强，港股成交额增至18.2亿元", HKD),  # 人民币 is in another clause
    ("以人民币计，收入增至18.2亿元", YUAN),
    ("以美元计，收入增至18.2亿元", USD),
    # an amount written in 人民币 states the sentence's basis across clauses; a bare mention of 人民币 does not
    ("央行开展6000亿元人民币买断式逆回购，另有4500亿元到期", YUAN),
    ("公司去年赚人民币3.5亿元，今年预计赚4亿元", YUAN),
    ("人民币汇率走强，港股成交额增至1800亿元", HKD),
    ("南向资金买入30亿港元，港股成交额增至1800亿元", HKD),
])
def test_renminbi_nearby(zh: str, currency: str) -> None:
    assert find_numbers(zh, HKD)[-1].unit == currency


def _hk_segment(zh: str, en: str) -> Segment:
    return Segment("d", 0, "title", zh, zh=zh, en=en, script="hant", locale=HK)


# (English of 純利18.2億元 in Hong Kong news, kept): the digits in another currency are a loss.
@pytest.mark.parametrize(("english", "kept"), [
    ("Net profit HK$1.82 billion", True),
    ("Net profit HK$ 1.82 billion", True),
    ("Net profit of 1.82 billion Hong Kong dollars", True),
    ("Net profit NT$1.82 billion", False),
    ("Net profit 1.82 billion yuan", False),
    ("Net profit $1.82 billion", False),  # a bare $ reads as US dollars
    ("Net profit NT$1.82 billion, against HK$3 billion a year ago", False),  # another amount's HK$ is no cover
    ("Net profit 1.82 billion", False),
])
def test_number_check_compares_the_currency(english: str, kept: bool) -> None:
    tally, flags = check_translation(_hk_segment("纯利18.2亿元", english), english)
    assert tally.numbers == 1
    assert (tally.numbers_ok == 1) is kept
    assert (flags == []) is kept


def test_wrong_currency_flag_names_the_currency() -> None:
    seg = Segment("d", 0, "title", "纯利18.2亿元", zh="纯利18.2亿元", script="hant", locale=HK)
    _, flags = check_translation(seg, "Net profit NT$1.82 billion")
    assert flags == ["number_mismatch:18.2亿元:in HK$"]


def test_locale_survives_dicts_and_pickles() -> None:
    seg = Segment("d", 3, "body", "纯利18.2亿元", zh="纯利18.2亿元", script="hant", locale=HK)
    assert Segment.from_dict(seg.to_dict()).locale == HK
    assert pickle.loads(pickle.dumps(seg)).locale == HK
    doc = Document(id="d", title="t", body="", locale=TW)
    assert pickle.loads(pickle.dumps(doc)).locale == TW
    assert Segment.from_dict({k: v for k, v in seg.to_dict().items() if k != "locale"}).locale == ""
    assert segment_numbers(seg)[-1].english == "HK$1.82 billion"


def test_translation_memory_keeps_locales_apart() -> None:
    zh = "纯利18.2亿元"
    keys = {memory_source(Segment("d", 0, "title", zh, zh=zh, locale=loc)) for loc in ("", CN, HK, TW)}
    assert keys == {zh, f"{zh}\x1fhk", f"{zh}\x1ftw"}  # mainland and unknown keep the old key


def test_renminbi_is_read_per_clause_in_a_long_text() -> None:
    """Many clauses, each answered by its own: 人民币 covers its clause only, a stated basis everything after it."""
    zh = "人民币存款增至18.2亿元，港股成交额18.2亿元；" * 200 + "以美元计，收入18.2亿元"
    units = [e.unit for e in find_numbers(zh, HKD)]
    assert units == [YUAN, HKD] * 200 + [USD]
