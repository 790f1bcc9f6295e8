"""Taiwan listings: every TWSE (NNNN.TW) and TPEx (NNNN.TWO) common stock, from the code lists the `twstock`
package ships, with the companies' official English short names (MOPS, 2024-10-29) and full English names
(Investing.com via investpy, 2022-02). `twstock` is needed at glossary-build time only."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

from pipeline.glossary.naming import canonical_english, newswire_case
from pipeline.glossary.sources.common import HAN, GeneratedEntry, english_short

TWSTOCK_FILES = ("twse_equities.csv", "tpex_equities.csv")
# Common stock on the main boards and TWSE's innovation board; not warrants, ETFs, ETNs, REITs, preferreds, TDRs.
EQUITY_TYPES = frozenset({"股票", "創新板"})
MARKET_SUFFIX = {"上市": "TW", "上櫃": "TWO"}
MOPS_MARKET_SUFFIX = {"TWSE": "TW", "TPEx": "TWO"}
# twstock marks shares whose par value is not NT$10 with a star (國巨*, 材料*-KY); it is no part of the name.
PAR_VALUE_MARK = "*"
# Financial holdings (twstock's industry group) and the 金 that ends their short names (國泰金, 合庫金).
FINANCE_GROUP = "金融保險業"
HOLDING_MARK = "金"
MIN_BRAND = 2
MOPS_FILE = "tw_listings_en_mops_2024-10-29.csv"
INVESTPY_FILE = "tw_listings_en_investpy_2022.csv"
# An official English short name this short (TCC, FCC, ST) names many things (a US regulator, *ST): the full
# English name is used when Investing.com has one; a one- or two-letter name never.
SHORT_OFFICIAL_EN = 3
MIN_OFFICIAL_EN = 3
# Short names that are also Taiwan's everyday words or other well-known names, which neither jieba's mainland
# frequencies nor CC-CEDICT list: they link only with market context (checked on every cnyes headline of
# 2025-01..05 that a Taiwan short name links alone in).
TAIWAN_EVERYDAY_WORDS = frozenset({
    "全台",  # "all of Taiwan" (全台房市), 3038.TWO
    "绿电",  # "green power" (绿电交易), 8440.TWO
    "工信",  # 工信部, the mainland's MIIT, 5521.TW
    "恒大",  # the mainland developer Evergrande; 大者恒大 "the big get bigger", 1325.TW
})
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
    """One entity per Taiwan common stock; English from MOPS, full English from investpy when it has the code.
    Companies on the 2024 MOPS list that twstock's newer lists no longer carry (delisted, merged or taken
    private since: 晶睿, 新光金) stay: the news of the months before still names them."""
    with (listings / MOPS_FILE).open(encoding="utf-8-sig") as fh:
        mops = {r["公司代號"].strip(): r for r in csv.DictReader(fh)}
    with (listings / INVESTPY_FILE).open(encoding="utf-8") as fh:
        investpy = {r["symbol"].strip(): r for r in csv.DictReader(fh)}
    listed = [(row["code"].strip(), MARKET_SUFFIX.get(row["market"].strip()), row["name"].strip(),
               row.get("group", "").strip()) for row in codes if row["type"].strip() in EQUITY_TYPES]
    known = {row["code"].strip() for row in codes}  # of any type: a TDR (9103) is no common stock
    listed += [(code, MOPS_MARKET_SUFFIX.get(r["market"].strip()), r["公司簡稱"].strip(), "")
               for code, r in mops.items() if code not in known]
    entries: dict[str, GeneratedEntry] = {}
    for code, market, name, group in listed:
        if market is None or not code.isdigit():
            continue
        entries[code] = _entry(code, market, name.replace(PAR_VALUE_MARK, ""), group, normalize, mops.get(code),
                               investpy.get(code))
    return [entries[c] for c in sorted(entries)]


def _entry(code: str, market: str, original: str, group: str, normalize, m: dict | None,
           inv: dict | None) -> GeneratedEntry:
    zh = normalize(original)
    official = " ".join((m or {}).get("英文簡稱", "").replace("\u3000", " ").split())
    en_official = newswire_case(official) if official and not official.isdigit() else None
    legal = inv["full_name"].strip() if inv else None
    if len(official) <= SHORT_OFFICIAL_EN and legal:  # CHT → Chunghwa Telecom; FCC, ST are anyone's letters
        official = english_short(legal)
    elif len(official) < MIN_OFFICIAL_EN:
        official = ""
    en = newswire_case(official) if official else canonical_english(zh, original=original)
    short_en = english_short(legal) if legal else ""
    if official.isdigit() or short_en.isdigit():  # 104 is a number wherever it is written (104%, 104.7亿)
        en, short_en = legal or zh, ""
    aliases_zh = []
    plain = KY_MARK.sub("", zh)
    if plain != zh and len(plain) >= 2 and HAN.search(plain):  # 貿聯-KY → 貿聯, but ABC-KY is not ABC
        aliases_zh.append(plain)
    if m:
        full = _short_of_full(normalize(m["公司名稱"].strip()))
        if full != zh and len(full) >= 3:
            aliases_zh.append(full)
        # The 2024 short name, when twstock's newer list renamed the company (大宇資 → 光聚晶電): news
        # keeps writing the name it knows.
        former = KY_MARK.sub("", normalize(m["公司簡稱"].strip()))
        if former != plain and len(former) >= 2 and HAN.search(former):
            aliases_zh.append(former)
    # A financial holding's short name ends in 金 (金控); its brand alone (合庫, 國泰, 中信) names it and its
    # bank in Taiwan news, and other companies on the mainland (中信 is CITIC): Traditional text only.
    brand = plain[: -len(HOLDING_MARK)] if group == FINANCE_GROUP and plain.endswith(HOLDING_MARK) else ""
    aliases_en = [short_en] if short_en else []
    return GeneratedEntry(
        id=f"tw.{code}", type="company", zh=zh, en=en, ticker=f"{code}.{market}", aliases_zh=aliases_zh,
        aliases_en=aliases_en, legal_en=legal, original=original, en_official=en_official,
        english_names=[legal] if legal else [],  # not the short name: TEAM, ORANGE are other companies too
        official_short_names=True, aliases_zh_hant=[brand] if len(brand) >= MIN_BRAND else [])
