"""A bare 元 share price is in the currency of the market the company trades on (stages/translators/price_currency.py):
小米股价20元 in mainland news is HK$; an A share's price, results and market values keep the locale's currency.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.records import Segment
from pipeline.text.locale import CN, HK, TW
from stages.translators.numbers import HKD, NTD, USD, YUAN, segment_numbers
from stages.translators.price_currency import trading_currency


def _currencies(link, normalizer, text: str, locale: str) -> list[str]:
    zh = normalizer(text)
    seg = Segment("d", 0, "body", text, zh=zh, entities=link(text, locale=locale), script=normalizer.script(text),
                  locale=locale)
    return [e.unit for e in segment_numbers(seg) if e.unit in (YUAN, HKD, NTD, USD)]


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("小米股价逼近20元，创年内新高", CN, [HKD]),  # Xiaomi trades only in Hong Kong
    ("腾讯股价升3%，收报500元", CN, [HKD]),
    ("英伟达股价升至120元", CN, [USD]),  # a US listing
    ("英伟达股价升至120元", HK, [USD]),
    ("腾讯股价收报400元", HK, [HKD]),  # Hong Kong news: its own market, unchanged
    ("建设银行股价收报7.5元", HK, [HKD]),  # an A+H company's price in Hong Kong news is its H share's
    ("贵州茅台股价跌至1500元", CN, [YUAN]),  # an A share
    ("比亚迪股价报300元", CN, [YUAN]),  # A+H: the primary listing is the A share
    ("小米营收1000亿元", CN, [YUAN]),  # results: not a price
    ("小米市值突破5000亿元", CN, [YUAN]),  # a market value may be converted: the locale's
    ("小米股价升5%，营收1000亿元", CN, [YUAN]),  # the last topic word before the amount is a results word
    ("小米股价20港元，较招股价17元高", CN, [HKD, HKD]),  # named, then the price rule agrees
    ("台积电股价升至1000元", TW, [NTD]),  # Taiwan news: unchanged
])
def test_share_price_in_its_market_currency(link, normalizer, text: str, locale: str, expected: list[str]) -> None:
    assert _currencies(link, normalizer, text, locale) == expected


@pytest.mark.parametrize(("ticker", "currency"), [
    ("1810.HK", "HKD"), ("NVDA", "USD"), ("BRK.B", "USD"), ("2330.TW", "TWD"), ("600519.SH", "CNY"),
    ("7203.T", None), (None, None),
])
def test_trading_currency(ticker: str | None, currency: str | None) -> None:
    assert trading_currency(ticker) == currency
