"""Number rules: Chinese magnitudes to English, and the fidelity check that uses them."""

from __future__ import annotations

import pytest

from pipeline.records import Mention, Segment
from stages.translators.numbers import (
    NTD,
    USD,
    YUAN,
    find_numbers,
    format_value,
    number_kept,
    segment_numbers,
    yuan_locale,
)


@pytest.mark.parametrize(("zh", "english"), [
    ("市值突破6000亿元", "600 billion yuan"),
    ("成交额4300万元", "43 million yuan"),
    ("余额1.8万亿元", "1.8 trillion yuan"),
    ("暴涨逾13%", "over 13%"),
    ("营收2477.95亿元", "247.795 billion yuan"),
    ("营收39.82亿美元", "US$3.982 billion"),
    ("持股5万股", "50,000 shares"),
    ("募资1亿港元", "HK$100 million"),
    ("上涨2个百分点", "2 percentage points"),
    ("2025年11月26日", "November 26, 2025"),
    ("11月26日", "November 26"),
    ("2026年", "2026"),
    ("近7个月", "nearly 7 months"),
    ("税前盈余冲破1兆元", "1 trillion yuan"),
    ("代码159273", "159273"),
    ("营收新台币9899亿元", "NT$989.9 billion"),
])
def test_renders(zh: str, english: str) -> None:
    assert [e.english for e in find_numbers(zh)][-1] == english


@pytest.mark.parametrize(("value", "text"), [(600_000_000_000, "600 billion"), (43_000_000, "43 million"),
                                             (50_000, "50,000"), (1500, "1500"), (0, "0")])
def test_format_value(value: int, text: str) -> None:
    from decimal import Decimal

    assert format_value(Decimal(value)) == text


def test_model_names_are_not_amounts() -> None:
    assert [e.english for e in find_numbers("GB200")] == ["200"]


@pytest.mark.parametrize(("zh", "english", "kept"), [
    ("市值6000亿元", "market value of 600 billion yuan", True),
    ("市值6000亿元", "market value of 60 billion yuan", False),
    ("市值6000亿元", "market value of 600 billion", False),  # the currency was lost
    ("成交额4300万元", "turnover of 43 million yuan", True),
    ("上涨4.5%", "rose 4.5 percent", True),
    ("上涨4.5%", "rose 14.5%", False),
    ("上涨4.5%", "rose 4.55%", False),
    ("上涨15%", "rose 1.5%", False),
    ("代码159273", "code 159,273", True),
    ("2025年11月26日", "on November 26, 2025", True),
    ("2025年11月26日", "on November 2025", False),
])
def test_number_kept(zh: str, english: str, kept: bool) -> None:
    (expr,) = find_numbers(zh)
    assert number_kept(expr, english) is kept


# Issue 8 item 4: every locale rule is a row. (source, what a bare 元 means there, English of the last number)
@pytest.mark.parametrize(("zh", "yuan", "english"), [
    ("股价51.5元", NTD, "NT$51.5"),  # Taiwan: 元 is the New Taiwan dollar
    ("获利100亿元", NTD, "NT$10 billion"),
    ("税前盈余冲破1兆元", NTD, "NT$1 trillion"),  # 兆 is 10^12
    ("市值1兆元", YUAN, "1 trillion yuan"),
    ("目标价调升至51.5元", USD, "US$51.5"),  # beside a US ticker
    ("募资1亿港元", NTD, "HK$100 million"),  # an explicit currency wins over the locale
    ("港币50亿元", YUAN, "HK$5 billion"),
    ("营收39.82亿美元", NTD, "US$3.982 billion"),
    ("最多降人民币800元", NTD, "800 yuan"),
    ("营收新台币9899亿元", YUAN, "NT$989.9 billion"),
    ("净利润4300万元", YUAN, "43 million yuan"),  # mainland: yuan after the amount
    ("成交2万3", YUAN, "23,000"),
    ("成交2万3千", YUAN, "23,000"),
    ("每人派发3千元消费券", "HK$", "HK$3000"),  # 千 after digits is a thousand: not "HK$3"
    ("月薪约8千元", YUAN, "about 8000 yuan"),
    ("每箱重3千克", YUAN, "3"),  # the kilo- of a unit stays the unit's (3 kg)
    ("全长5千米", YUAN, "5"),
    ("募资1亿2", YUAN, "120 million"),
    ("募资1亿2千万元", YUAN, "120 million yuan"),
    ("派息0.5元/股", YUAN, "0.5 yuan per share"),
    ("配息3元/股", NTD, "NT$3 per share"),
    ("布油收于70.5美元/桶", YUAN, "US$70.5 per barrel"),
    ("融资50亿美金", NTD, "US$5 billion"),  # 美金: US dollars as people say it, in any locale
    ("营收年增3成", NTD, "30%"),  # 成 is a tenth
    ("全年涨近7成", NTD, "nearly 70%"),
])
def test_locale_rules(zh: str, yuan: str, english: str) -> None:
    assert [e.english for e in find_numbers(zh, yuan)][-1] == english


@pytest.mark.parametrize("zh", ["降低成本5", "年增3成交量"])
def test_cheng_that_starts_a_word_is_not_a_tenth(zh: str) -> None:
    assert all("%" not in e.english for e in find_numbers(zh, NTD))


def _seg(zh: str, script: str = "hans", ticker: str | None = None) -> Segment:
    mentions = [Mention("e", zh[:2], 0, 2, "Name", ticker, "company")] if ticker else []
    return Segment("d", 0, "body", zh, zh=zh, entities=mentions, script=script)


@pytest.mark.parametrize(("seg", "yuan"), [
    (_seg("股价51.5元"), YUAN),
    (_seg("股价51.5元", script="hant"), NTD),
    (_seg("台积股价51.5元", ticker="2330.TW"), NTD),
    (_seg("某柜买股价51.5元", ticker="6488.TWO"), NTD),
    (_seg("美国银行BAC-US的目标价调升至51.5元", script="hant"), USD),
    (_seg("苹果在天猫降价1,000元", ticker="AAPL"), YUAN),  # a linked US name alone: mainland prices
])
def test_segment_locale(seg: Segment, yuan: str) -> None:
    assert yuan_locale(seg.zh, seg.script, [m.ticker for m in seg.entities]) == yuan
    assert segment_numbers(seg)[-1].unit == yuan


@pytest.mark.parametrize(("zh", "yuan", "english", "kept"), [
    ("股价51.5元", NTD, "shares at NT$51.5", True),
    ("股价51.5元", NTD, "shares at 51.5 yuan", False),  # wrong currency
    ("获利100亿元", NTD, "profit of NT$10 billion", True),
    ("获利100亿元", NTD, "profit of NT$100 billion", False),
    ("成交2万3", YUAN, "23,000", True),
    ("成交2万3", YUAN, "20,000 3", False),
])
def test_locale_number_kept(zh: str, yuan: str, english: str, kept: bool) -> None:
    assert number_kept(find_numbers(zh, yuan)[-1], english) is kept


# Second round of issue 8: the known wrong renderings, each a row (source, English of the number at `index`).
@pytest.mark.parametrize(("zh", "index", "english"), [
    ("人民币约2.8亿元", 0, "about 280 million yuan"),  # the currency before the qualifier: not "yuan … yuan"
    ("约2.8亿元人民币", 0, "about 280 million yuan"),
    ("记者7日从北京获悉", 0, "on the 7th"),  # a day of the month alone, not "7 day"
    ("当地时间22日宣布", 0, "on the 22nd"),
    ("截至20日", 0, "the 20th"),
    ("6月1日至18日", 1, "18"),  # the end of a range that starts with a full date
    ("近5日主力资金", 0, "nearly 5 days"),  # a count of days, not a date
    ("已连续3日被减持", 0, "3 days"),
    ("3日内完成", 0, "3 days"),
    ("100日元", 0, "100 yen"),
    ("第3名", 0, "3"),  # the gloss makes it "3rd place", never "No. 3 people"
    ("近20个交易日", 0, "nearly 20 trading days"),
    ("减码逾11万张", 0, "over 110,000 lots"),
])
def test_second_round_renderings(zh: str, index: int, english: str) -> None:
    assert find_numbers(zh)[index].english == english


def test_a_day_of_month_is_kept_as_its_number() -> None:
    (expr,) = find_numbers("记者7日获悉")
    assert number_kept(expr, "on the 7th") and not number_kept(expr, "on the 17th")
