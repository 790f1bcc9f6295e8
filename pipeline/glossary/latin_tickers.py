"""US tickers written in Latin letters in Chinese text ($TSLA, GME盘前大涨, 英伟达NVDA) as mentions of their company.

A token of capitals is a ticker only where it cannot be an everyday acronym and something says it is one:

- **never** a token of `ACRONYMS`: finance, economics and technology acronyms Chinese market news writes
  (AI, IPO, CPI, ETF, GPU …) and every token that dev news writes often without being a ticker
  (`data/latin_acronyms.txt`, made by `bench/latin_acronyms.py` from cls_telegraph_2026: tokens in 5 or more
  sentences, fewer than half of them with the evidence below);
- **and** one of: a `$` right before it (`$TSLA`); the company's own Chinese name (or any other name of the same
  entity already linked) in the same sentence; or US-market words in the sentence (美股, 盘前, 盘后, 纳斯达克,
  纽交所, 美东, 中概股). Two-letter tokens need the `$` or the company's name (GE, MU, EA read as words too often).

A ticker right after its company's linked name (英伟达(NVDA), 美光科技MU), in brackets, quoted (以"SPCX"为代码) or
after 代码 is a code, not a mention; but a code in brackets right after one of its company's own Chinese names that the
gate left unlinked (甲骨文(ORCL), 福克斯公司(FOX)) makes that name the mention. A stock's own words right after a token
of 3+ capitals (ARM股价, GME涨超20%, META第二季度营收) are evidence too, enough to overrule the data file's acronyms
(not the hand list). Only tickers of entries with a Chinese name are read (a company Chinese news
cannot name otherwise is not what a ticker-only headline is about).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from pipeline.glossary.naming import HAN
from pipeline.records import Mention

DATA = Path(__file__).parent / "data" / "latin_acronyms.txt"
TOKEN = re.compile(r"(?<![A-Za-z0-9.&\-_/])(\$?)([A-Z]{2,5})(?![A-Za-z0-9\-_/&])")
# Where a TOKEN can begin: a `$` or a capital, then a capital. A regex that begins with a character set is searched
# by the regex engine's quick scan for that set; TOKEN, which begins with a look-behind, is tried at every position
# of the text (two to three times slower on Chinese news). tokens() asks TOKEN only where this finds a start.
TOKEN_START = re.compile(r"[$A-Z][A-Z]")
US_MARKET = re.compile(r"美股|盘前|盘后|纳斯达克|纳指|纽交所|纽约证券交易所|美东|中概股|道指|标普")
BRACKETS = "(（[【"
CODE_WINDOW = 20
QUOTES = "\"“「'‘"
CODE_SUFFIX = re.compile(r"\.(?:O|N|US|A|OQ|K)\b")
EXCHANGE_PREFIX = re.compile(r"(?i)(?:nasdaq|nyse|amex)\s*[:：]\s*$")
FUND_AFTER = re.compile(r"\s*(?:ETF|LOF)")
# A stock's own words right after the token (ARM股价大涨, GME涨超20%, 上调ARM目标价, META第二季度营收): evidence that
# it is a ticker, strong enough to overrule the data file's acronyms (not the hand list: CPI涨, DRAM涨幅). Not 涨价 /
# 跌价 (a product's price: NAND涨价) and not a bare 涨 / 跌 before anything but a number (涨停, 跌破 are both).
STOCK_AFTER = re.compile(r"\s?(?:股价|市值|目标价|股票|股份|盘前|盘后|盘中|收涨|收跌|大涨|大跌|暴涨|暴跌|飙升|重挫|"
                         r"涨超|跌超|涨逾|跌逾|涨近|跌近|涨幅|跌幅|[涨跌]\d|第[一二三四]季度|季度营收|财报)")
# A code in brackets right after a company's own name that the gate left unlinked (甲骨文(ORCL), 福克斯公司(FOX)):
# the code is the evidence, and the name is the mention. The name may carry a legal word before the bracket.
NAME_TAIL = ("公司", "集团", "控股", "股份")
# Finance, economics and technology acronyms (general knowledge; the data file adds what dev news shows).
HAND_ACRONYMS = frozenset("""
AI AGI API APP AR VR XR IT IP IPO CEO CFO COO CTO CIO CPI PPI PMI PCE GDP GNP ETF ETN LOF QDII EPS PE PB ROE ROA
FCF EV EVS SUV USA US UK EU UN WTO IMF OPEC FED FOMC SEC FDA FTC DOJ DOE NASA NBA NFL FIFA CPU GPU TPU NPU DPU
RBC BMO CIBC HBM DRAM NAND SSD PC TV OLED LED LCD LNG LPG WTI CCTV ESG IRA ETH BTC USDT USD CNY CNH HKD
JPY EUR GBP OK NO
ST PT SPAC OTC ADR ADS REIT REITS ASIC FPGA SOC MCU PCB CPO EDA DNA RNA MRNA ADC GLP BD CRO CDMO CXO ICU
MSCI FTSE DAX CAC KOSPI COMEX LME CME CBOT NYMEX ICE SGX HKEX NYSE NASDAQ AMEX OTCQX CBOE VIX DXY SOFR LPR MLF
RRR SLF TMT IDC AIDC CSP GPT LLM AIGC SAAS IOT SEMI ISM ADP NFP JOLTS UMICH IEA EIA HVDC HVLP SST NPO TGV
AWS OCS MPO CMP EUV ADAS NOA OTA FSD BEV PHEV EREV HEV PV BMS SIC GAN IC IDM OEM ODM EMS MEMS CIS
""".split())


US_SYMBOL = re.compile(r"[A-Z]{2,5}")


def us_tickers(entries) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """US ticker → company entity id (a ticker two entities share is left out) and entity id → its Chinese names
    of two characters or more with a Han character (AMD's Latin alias is no evidence for the token AMD)."""
    owners: dict[str, set[str]] = {}
    names: dict[str, tuple[str, ...]] = {}
    for entry in entries.values():
        if entry.type != "company" or not entry.zh:
            continue
        for t in [entry.ticker, *entry.tickers]:
            if t and US_SYMBOL.fullmatch(t):
                owners.setdefault(t, set()).add(entry.id)
                names[entry.id] = tuple(n for n in entry.zh_names() if len(n) >= 2 and HAN.search(n))
    return {t: next(iter(ids)) for t, ids in owners.items() if len(ids) == 1}, names


@cache
def acronyms() -> frozenset[str]:
    """The hand list and the data file's tokens."""
    learned = {line.split("\t")[0] for line in DATA.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")} if DATA.exists() else set()
    return HAND_ACRONYMS | learned


@cache
def learned_acronyms() -> frozenset[str]:
    """The data file's tokens that the hand list lacks: a stock's own words after them overrule them."""
    return acronyms() - HAND_ACRONYMS


def is_code(text: str, start: int, end: int) -> bool:
    """The token is cited as a code (inside brackets, with an exchange suffix or prefix, after 代码) or is part of
    a fund's name (… ETF)."""
    before = text[max(0, start - CODE_WINDOW):start]
    opened = max(before.rfind("("), before.rfind("（"))
    if opened > max(before.rfind(")"), before.rfind("）")):
        return True
    quoted = start > 0 and text[start - 1] in QUOTES  # 以"SPCX"为代码
    return bool(quoted or CODE_SUFFIX.match(text, end) or "代码" in before or EXCHANGE_PREFIX.search(before)
                or FUND_AFTER.match(text, end))


def tokens(text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """TOKEN.finditer(text, pos), found faster: TOKEN is matched only where TOKEN_START finds a possible start, in
    the order finditer tries them, and the scan goes on after each match as finditer's does."""
    search, match = TOKEN_START.search, TOKEN.match
    while (start := search(text, pos)) is not None:
        hit = match(text, start.start())
        if hit is None:
            pos = start.start() + 1
        else:
            yield hit
            pos = hit.end()


def candidates(text: str) -> list[tuple[int, int, bool, str]]:
    """(start, end, dollar, token) of every capitals token; start/end cover the `$` too."""
    return [(m.start(), m.end(), bool(m.group(1)), m.group(2)) for m in tokens(text)]


def ticker_spans(text: str, found: list[Mention], tickers: dict[str, str],
                 names: dict[str, tuple[str, ...]], first_capitals: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of each ticker token the rule accepts, not overlapping `found`, and of each
    company name the gate left unlinked that its own code in brackets follows (`bracketed_name`).
    `tickers`: US ticker → entity id; `names`: entity id → its Chinese names; `first_capitals`: where the text's
    first two capitals stand, when the caller knows it (no token begins before it but its `$`)."""
    out = []
    covered: list[tuple[int, int]] | None = None
    market = None
    # (The ticker lookup first, before any other work on a token: most capitals tokens are no US ticker, AI, CEO.)
    for hit in tokens(text, max(0, first_capitals - 1)):
        token = hit.group(2)
        entity = tickers.get(token)
        if entity is None or token in HAND_ACRONYMS:
            continue
        start, end, dollar = hit.start(), hit.end(), bool(hit.group(1))
        if covered is None:
            covered = [(x.start, x.end) for x in found]
        if any(s < end and start < e for s, e in covered):
            continue
        # 英伟达(NVDA), 美光科技MU, 甲骨文(ORCL.N), (Nasdaq:MOMO), 股票代码为"SPCX", 做多INTC ETF: a code or a
        # fund's name, not a mention of the company.
        gap = 1 if start > 0 and text[start - 1] in BRACKETS + " " else 0
        if any(m.entity_id == entity and m.end == start - gap for m in found):
            continue
        if is_code(text, start, end):
            if gap and (name := bracketed_name(text, start - 1, names.get(entity, ()), covered)):
                out.append((*name, entity))
            continue
        stock = len(token) >= 3 and STOCK_AFTER.match(text, end)
        if token in learned_acronyms() and not stock:
            continue  # ARM架构, META in a product's name: the data file's acronyms need a stock's own words
        named = any(m.entity_id == entity for m in found) or any(n in text for n in names.get(entity, ()))
        if not (dollar or named or stock):
            if len(token) < 3:
                continue
            if market is None:
                market = bool(US_MARKET.search(text))
            if not market:
                continue
        out.append((start + dollar, end, entity))
    return out


def bracketed_name(text: str, bracket: int, names: tuple[str, ...],
                   covered: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of one of the company's own Chinese names (longest) that ends right before the bracket at
    `bracket`, after an optional legal word (福克斯公司(FOX)), when no mention covers it."""
    if text[bracket] not in "(（":
        return None
    end = bracket
    for tail in NAME_TAIL:
        if text.endswith(tail, 0, end):
            end -= len(tail)
            break
    for name in sorted(names, key=len, reverse=True):
        start = end - len(name)
        if start >= 0 and text.startswith(name, start) and not any(s < end and start < e for s, e in covered):
            return start, end
    return None
