"""Which currency a bare 元 share price is in: the currency of the market the company trades on.

Mainland news quotes Hong Kong and US share prices with a bare 元 as often as with 港元/美元: 小米股价逼近20元 is
HK$20 (Xiaomi trades only in Hong Kong), 蔚来股价跌至5元 US$5 (NIO's main listing is New York), while 茅台股价
1500元 is yuan. The rule, for a bare 元 amount that no nearer rule decided (stages/translators/numbers.py asks it
after 人民币, the results rule and the subject rule, before the locale's currency):

- the last topic word before the amount in its sentence is a price word (股价, 收报, 收市, 目标价, 招股价, 发售价,
  每股作价; results_currency.TOPIC, so a results or market-value word after it ends the price);
- the company the amount is about (the nearest company mention before it in the sentence, else the first one
  after it) has a primary listing on a market whose currency is not the locale's (`.HK` → HK$, a US symbol → US$,
  `.TW`/`.TWO` → NT$). A mainland listing never makes a price yuan: an A+H company's primary listing is its A
  share, and Hong Kong news quotes its H share in HK$ (建设银行股价收报7.5元); in mainland news it is yuan anyway.

Only prices: a market value, a turnover or a buyback amount may be converted by the writer, and a company's
results are read by results_currency (Hong Kong news) or stay the locale's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.glossary.schema import US_TICKER
from pipeline.records import Mention
from stages.translators.results_currency import Topics, subject_company

PRICE_WORDS = ("股价", "收报", "收市", "目标价", "招股价", "发售价", "每股作价")
PRICE_RE = re.compile("|".join(PRICE_WORDS))
# The ISO currency of a listing's market, by the ticker's suffix.
MARKET_CURRENCY = {"HK": "HKD", "TW": "TWD", "TWO": "TWD", "SH": "CNY", "SZ": "CNY", "BJ": "CNY"}


def trading_currency(ticker: str | None) -> str | None:
    """The ISO currency a listing trades in (0700.HK → HKD, NIO → USD), or None for a market the number reader
    has no symbol for."""
    if not ticker:
        return None
    if US_TICKER.match(ticker):
        return "USD"
    return MARKET_CURRENCY.get(ticker.rpartition(".")[2]) if "." in ticker else None


def _listed_elsewhere(ticker: str | None) -> str | None:
    """The trading currency a price can take from its company: never yuan (see the module's note)."""
    currency = trading_currency(ticker)
    return None if currency == "CNY" else currency


class PriceCurrency:
    """The trading currency of the company whose share price a bare 元 amount gives, or None; read once per
    sentence, asked per amount."""

    def __init__(self, text: str, mentions: Sequence[Mention], local: str) -> None:
        """`local`: the ISO code of the locale's bare 元 (CNY in mainland news)."""
        self.currencies = [_listed_elsewhere(m.ticker) for m in mentions if m.type == "company"]
        self.company_starts = [m.start for m in mentions if m.type == "company"]
        self.local = local
        self.active = any(c and c != local for c in self.currencies) and PRICE_RE.search(text) is not None
        self.topics = Topics(text if self.active else "")

    def at(self, start: int) -> str | None:
        """The trading currency for a bare 元 share price starting at `start`, when it is not the locale's."""
        if not self.active or self.topics.before(start) not in PRICE_WORDS:
            return None
        currency = self.currencies[subject_company(self.company_starts, start)]
        return currency if currency and currency != self.local else None
