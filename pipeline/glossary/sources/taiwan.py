"""Taiwan listings: every TWSE (NNNN.TW) and TPEx (NNNN.TWO) common stock, from the code lists the `twstock`
package ships, with the companies' official English short names (MOPS, 2024-10-29) and full English names
(Investing.com via investpy, 2022-02). `twstock` is needed at glossary-build time only."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

from pipeline.glossary.naming import canonical_english
from pipeline.glossary.sources.common import HAN, GeneratedEntry, english_short, listing_case

TWSTOCK_FILES = ("twse_equities.csv", "tpex_equities.csv")
# Common stock on the main boards and TWSE's innovation board; not warrants, ETFs, ETNs, REITs, preferreds, TDRs.
EQUITY_TYPES = frozenset({"股票", "創新板"})
MARKET_SUFFIX = {"上市": "TW", "上櫃": "TWO"}
MOPS_FILE = "tw_listings_en_mops_2024-10-29.csv"
INVESTPY_FILE = "tw_listings_en_investpy_2022.csv"
# An official English short name this short (TCC, FCC, ST) names many things (a US regulator, *ST): the full
# English name is used when Investing.com has one; a one- or two-letter name never.
SHORT_OFFICIAL_EN = 3
MIN_OFFICIAL_EN = 3
TW_LEGAL_SUFFIXES = ("股份有限公司", "有限公司")
# A foreign-incorporated listing's short name carries -KY (貿聯-KY); news writes the name without it.
KY_MARK = re.compile(r"[-－]?KY$|^F[-－]")


def twstock_codes() -> list[dict[str, str]]:
    """Rows of the code lists inside the installed twstock package (raises ImportError without it)."""
    codes = resources.files("twstock") / "codes"
    rows = []
    for name in TWSTOCK_FILES:
        with (codes / name).open(encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    return rows


def _short_of_full(full: str) -> str:
    for suffix in TW_LEGAL_SUFFIXES:
        if full.endswith(suffix) and len(full) > len(suffix) + 1:
            return full[: -len(suffix)]
    return full


def build_taiwan(listings: Path, normalize, codes: list[dict[str, str]]) -> list[GeneratedEntry]:
    """One entity per Taiwan common stock; English from MOPS, full English from investpy when it has the code."""
    with (listings / MOPS_FILE).open(encoding="utf-8-sig") as fh:
        mops = {r["公司代號"].strip(): r for r in csv.DictReader(fh)}
    with (listings / INVESTPY_FILE).open(encoding="utf-8") as fh:
        investpy = {r["symbol"].strip(): r for r in csv.DictReader(fh)}
    entries: dict[str, GeneratedEntry] = {}
    for row in codes:
        code, market = row["code"].strip(), MARKET_SUFFIX.get(row["market"].strip())
        if row["type"].strip() not in EQUITY_TYPES or market is None or not code.isdigit():
            continue
        original = row["name"].strip()
        zh = normalize(original)
        m, inv = mops.get(code), investpy.get(code)
        official = " ".join((m or {}).get("英文簡稱", "").replace("\u3000", " ").split())
        legal = inv["full_name"].strip() if inv else None
        if len(official) <= SHORT_OFFICIAL_EN and legal:  # CHT → Chunghwa Telecom; FCC, ST are anyone's letters
            official = english_short(legal)
        elif len(official) < MIN_OFFICIAL_EN:
            official = ""
        en = listing_case(official) if official else canonical_english(zh, original=original)
        aliases_zh = []
        plain = KY_MARK.sub("", zh)
        if plain != zh and len(plain) >= 2 and HAN.search(plain):  # 貿聯-KY → 貿聯, but ABC-KY is not ABC
            aliases_zh.append(plain)
        if m:
            full = _short_of_full(normalize(m["公司名稱"].strip()))
            if full != zh and len(full) >= 3:
                aliases_zh.append(full)
        aliases_en = [english_short(legal)] if legal else []
        entries[code] = GeneratedEntry(
            id=f"tw.{code}", type="company", zh=zh, en=en, ticker=f"{code}.{market}", aliases_zh=aliases_zh,
            aliases_en=aliases_en, legal_en=legal, original=original,
            english_names=[legal] if legal else [])  # not the short name: TEAM, ORANGE are other companies too
    return [entries[c] for c in sorted(entries)]
