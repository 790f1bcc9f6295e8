"""A-share listings newer than the listing files, and current names of older ones, from the publisher's own
name → code tags.

The listing files stop at 2021 (tushare) and at Stock Connect's membership (2026-07): a company listed since, or
never in Stock Connect (most STAR, ChiNext and Beijing listings, and Beijing's 920xxx codes of 2025), is missing.
财联社 attaches the securities an item is about, name and code (sh688331 / 920725.BJ), to its telegraphs; each
pair is a fact about a listing. `extract` reduces the 2026 telegraphs to one row per code (the name the publisher
used most, without the trading-day markers XD/DR/N/C; its other names, and short-name changes the items announce,
in other_names) in pipeline/glossary/data/tagged_listings.tsv; the generator reads that file, so a regeneration
needs only the listing files. New codes become entities (`tagged_listings`); the names of codes the listing files
have become aliases (`tagged_names`: renamed since 2021, *ST/ST risk warnings).

    python -m pipeline.glossary.sources.tagged NEWS_DIR      (writes pipeline/glossary/data/tagged_listings.tsv)
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.glossary.marks import warning_forms
from pipeline.glossary.naming import base_name
from pipeline.glossary.schema import ticker_problem
from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.io.atomic import write_text_atomic
from pipeline.io.jsonl import json_lines

TAGGED_FILE = Path(__file__).resolve().parents[1] / "data" / "tagged_listings.tsv"
CLS_GLOB = "zh-hans/cls_telegraph_2026/cls_telegraph_2026-*.jsonl"
# Only the months the benches tune on: July-August stay a held-out check of these names (bench/tagged_recall.py).
MONTHS = ("2026-05", "2026-06")
SOURCE = (f"cls.cn telegraph stock tags (tagged_stocks) and short-name change notices, {MONTHS[0]}..{MONTHS[-1]}, "
          "../shared/data/news/zh-hans/cls_telegraph_2026")
# Trading-day markers before a short name: ex-dividend (XD, XR, DR), first day (N), first five days (C).
DAY_MARKER = re.compile(r"^(?:XD|XR|DR|N|C)(?=[\u4e00-\u9fff])")
# Index codes (创业板指 sz399006, 科创50 sh000688): not listings.
INDEX_CODE = re.compile(r"^(?:sh000|sz399)\d{3}$")
COLUMNS = ("ticker", "name", "first_seen", "items", "other_names")
# A rename announced in the news (证券简称由"*ST海钦"变更为"ST海钦", 简称自7月1日起变更为"交投生态"): the new
# name, and the old one when written, belong to the code the item is about.
SHORT_NAME = r"[*A-Z\u4e00-\u9fff]{2,8}"
RENAME = re.compile(rf"简称(?:由[“\"]?(?P<old>{SHORT_NAME})[”\"]?)?[^。；，“\"]{{0,12}}?"
                    rf"变更为[“\"]?(?P<new>{SHORT_NAME})")
CODE_IN_TEXT = re.compile(r"[(（](\d{6})(?:\.(?:SH|SZ|BJ))?[)）]")
# A name followed by its stock code in brackets (北交所的龙辰科技（920161）): the code's name when no listing file
# and no plain tag has one, i.e. a new listing (tagged only as N长进 in its first days) or one not yet trading
# (the 投资日历 lists each day's subscriptions). Codes of shares only: funds (159…, 501…) have names of another kind.
NAME_BEFORE_CODE = re.compile(r"([\u4e00-\u9fff]{2,12})[（(]((?:00[0-3]|30[01]|60[0135]|68[89]|920)\d{3})"
                              r"(?:\.(?:SH|SZ|BJ))?[)）]")
# Where a listing's name starts inside the Chinese run before its code: after 的, 为, 是 (科创板的长进光子).
NAME_STARTS_AFTER = re.compile(r".*[的为是及和与]")
# An exchange's short name is 2 to 4 characters.
SHORT_NAME_LEN = (2, 4)
# A marked first-days form keeps the name's first two characters (N惠科 for 惠科股份); the rest is one of the
# two-character endings listings' names end in, as often as this among the tagged names (科技, 股份, 电子, 智能).
COMMON_ENDING_MIN = 5
FIRST_DAYS = re.compile(r"^[NC](?=[\u4e00-\u9fff])")
HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
# A name without its risk marker (*ST仕净 → 仕净) this short is no exchange short name: not an alias.
MIN_BARE = 2


# Publishers' market codes (同花顺's `market`; 东方财富's code prefix, 105.MSFT) by the exchange of the glossary's
# tickers: US symbols as they are, Hong Kong codes as four digits.
US_MARKETS = frozenset({"185", "169", "186", "105", "106", "107"})
SH_MARKETS = frozenset({"17", "20", "1"})
SZ_MARKETS = frozenset({"33", "36", "0"})
HK_MARKETS = frozenset({"177", "116"})
BJ_MARKETS = frozenset({"151"})


def publisher_ticker(tag: dict) -> str | None:
    """A publisher's stock tag as the glossary's ticker: 财联社 {code: sh688331} → 688331.SH (920725.BJ stays),
    同花顺 {code: AAPL, market: 185} → AAPL, 东方财富 {code: 116.00700} → 0700.HK; None for indexes, boards and
    markets the glossary does not list. The one reading of tags for the generator and the benches."""
    code = str(tag.get("code", ""))
    market = str(tag.get("market", ""))
    if "." in code and not market and code.split(".")[0].isdigit() and not code.endswith(".BJ"):
        market, code = code.split(".", 1)
    if code.endswith(".BJ"):
        return code
    if code[:2] in ("sh", "sz") and code[2:].isdigit() and len(code) == 8:
        return None if INDEX_CODE.match(code) else f"{code[2:]}.{code[:2].upper()}"
    if market in US_MARKETS:
        return code
    if market in HK_MARKETS:
        digits = code.removeprefix("HK")
        return f"{int(digits):04d}.HK" if digits.isdigit() else None
    suffix = ".SH" if market in SH_MARKETS else ".SZ" if market in SZ_MARKETS else ".BJ" if market in BJ_MARKETS else ""
    return f"{code}{suffix}" if suffix and code.isdigit() else None


def tag_ticker(code: str) -> str | None:
    """sh688331 → 688331.SH; 920725.BJ stays; index codes → None (a 财联社 tag's code)."""
    return publisher_ticker({"code": code})


def marked(name: str) -> bool:
    """XD长飞光, N长进: a trading-day form, cut to four characters with its marker (长飞光纤, 长进光子)."""
    return bool(DAY_MARKER.match(name))


def code_ticker(code: str) -> str:
    """A six-digit share code as the glossary's ticker: 920161 → 920161.BJ, 688635 → 688635.SH, 001399 → .SZ."""
    return f"{code}.BJ" if code.startswith("92") else f"{code}.SH" if code[0] == "6" else f"{code}.SZ"


def names_before_codes(text: str) -> list[tuple[str, str]]:
    """(ticker, name) for each name written before its share code: 北交所的龙辰科技（920161） → 龙辰科技."""
    out = []
    for m in NAME_BEFORE_CODE.finditer(text):
        name = NAME_STARTS_AFTER.sub("", m.group(1))
        if SHORT_NAME_LEN[0] <= len(name) <= SHORT_NAME_LEN[1]:
            out.append((code_ticker(m.group(2)), name))
    return out


def completed_name(marked_name: str, texts: list[str], endings: set[str]) -> str | None:
    """N惠科 → 惠科股份: the marked form's characters plus a common name ending, as the texts write it most often
    (惠科股份 rather than 惠科涨超); a marked form of three characters (N维通利) is the whole name."""
    stem = DAY_MARKER.sub("", marked_name)
    if len(stem) >= SHORT_NAME_LEN[1] - 1:
        return stem
    seen = Counter(t[at:at + len(stem) + 2] for t in texts for at in _all_at(t, stem)
                   if t[at + len(stem):at + len(stem) + 2] in endings)
    return seen.most_common(1)[0][0] if seen else None


def _all_at(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at != -1:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def extract(news: Path) -> list[dict[str, str]]:
    names: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, str] = {}
    renamed: dict[str, Counter] = defaultdict(Counter)
    written: dict[str, Counter] = defaultdict(Counter)
    written_first: dict[str, str] = {}
    texts: list[str] = []
    for path in sorted(news.glob(CLS_GLOB)):
        for row in json_lines(path):
            if row["published_at"][:7] not in MONTHS:
                continue
            text = f"{row.get('title') or ''}\n{row.get('body') or ''}"
            texts.append(text)
            for ticker, name in names_before_codes(text):
                written[ticker][name] += 1
                written_first.setdefault(ticker, row["published_at"][:10])
            for tag in row.get("tagged_stocks") or []:
                ticker = tag_ticker(str(tag.get("code", "")))
                if ticker is None or not tag.get("name"):
                    continue
                names[ticker][tag["name"].strip()] += 1
                day = row["published_at"][:10]
                first[ticker] = min(first.get(ticker, day), day)
            for ticker, name in announced_names(row):
                renamed[ticker][name] += 1
    four = {n for ns in names.values() for n in ns if len(n) == SHORT_NAME_LEN[1] and HAN_ONLY.match(n)}
    endings = {e for e, c in Counter(n[-2:] for n in four).items() if c >= COMMON_ENDING_MIN}
    rows = []
    for ticker in sorted(set(names) | set(written)):
        # A marked form (XD长飞光, N惠科) is a truncation of the name: a code seen only so takes its name from the
        # text (written before its code, else the marked characters completed), or is left out.
        plain = Counter({n: c for n, c in names[ticker].items() if not marked(n)})
        if not plain:
            marks = [n for n, _ in names[ticker].most_common() if DAY_MARKER.match(n) and not n.startswith(("XD",
                                                                                                         "XR", "DR"))]
            stem = DAY_MARKER.sub("", marks[0]) if marks else ""
            from_text = [n for n, _ in written[ticker].most_common() if n.startswith(stem)]
            name = from_text[0] if from_text else completed_name(marks[0], texts, endings) if marks else None
            if name is None:
                continue
            plain = Counter({name: 0})
        # The first-days forms seen (N惠科) go last: they mark the code as a new listing (first_days_tickers).
        days = [n for n in names[ticker] if FIRST_DAYS.match(n)]
        ranked = list(dict.fromkeys("".join(n.split()) for n, _ in [*plain.most_common(),
                                                                      *renamed[ticker].most_common()]))
        ranked += [n for n in days if n not in ranked]
        rows.append({"ticker": ticker, "name": ranked[0], "first_seen": first.get(ticker) or written_first[ticker],
                     "items": str(sum(names[ticker].values())), "other_names": "|".join(ranked[1:])})
    return rows


def announced_names(row: dict) -> list[tuple[str, str]]:
    """(ticker, name) for each short-name change the item announces, when the item is about one listing: its
    only tagged code, else the only code written in its text."""
    text = f"{row.get('title') or ''}\n{row.get('body') or ''}"
    found = [n for m in RENAME.finditer(text) for n in (m.group("old"), m.group("new")) if n]
    if not found:
        return []
    codes = {t for tag in row.get("tagged_stocks") or [] if (t := tag_ticker(str(tag.get("code", ""))))}
    if len(codes) != 1:
        written = set(CODE_IN_TEXT.findall(text))
        codes = {t for c in written if (t := tag_ticker(("sh" if c[0] in "69" else "sz") + c))} \
            if len(written) == 1 else set()
    if len(codes) != 1:
        return []
    ticker = codes.pop()
    return [(ticker, name) for name in dict.fromkeys(found) if not marked(name)]


def write(rows: list[dict[str, str]], out: Path) -> None:
    fh = io.StringIO()
    fh.write(f"# A-share name → code facts from {SOURCE}.\n"
             "# Made by `python -m pipeline.glossary.sources.tagged NEWS_DIR`; items = tags seen.\n")
    writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(out, fh.getvalue())


def read(path: Path = TAGGED_FILE) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def first_days_tickers(path: Path = TAGGED_FILE) -> set[str]:
    """Codes in their first trading days during the tags' months (tagged N惠科, C天海) or not yet trading (named
    only before their code in the 投资日历): the listings whose first-days forms news may write."""
    return {row["ticker"] for row in read(path) if row["items"] == "0"
            or any(FIRST_DAYS.match(n) for n in (row.get("other_names") or "").split("|"))}


def tagged_listings(stocks: list[GeneratedEntry], others: list[GeneratedEntry], normalize,
                    path: Path = TAGGED_FILE, rows: list[dict[str, str]] | None = None) -> list[GeneratedEntry]:
    """New A-share entities for tagged codes no listing file has, when their name is nobody's yet (a name
    another entity holds, e.g. a company's old Beijing code, is left to the listing files). `rows`: another
    source's code list in the same columns (adata_names.rows) instead of the tags."""
    known = {t for e in [*stocks, *others] for t in [e.ticker, *e.tickers, *e.former_tickers]}
    taken = {n for e in [*stocks, *others] for n in [e.zh, *e.aliases_zh]}
    new = []
    for row in read(path) if rows is None else rows:
        ticker, name = row["ticker"], normalize(row["name"])
        bare = base_name(name)  # *ST仕净 → 仕净
        if ticker in known or name in taken or bare in taken or len(bare) < 2 or ticker_problem(ticker):
            continue
        taken |= {name, bare}
        new.append(GeneratedEntry(id=f"cn.{ticker.split('.')[0]}", type="company", zh=name, en="", ticker=ticker,
                                  aliases_zh=[bare] if bare != name and len(bare) > MIN_BARE else [],
                                  original=row["name"],
                                  # The exchange's short name, as the publisher writes it: everyday words among
                                  # them (驱动力 "driving force") need market context (generate.mark_ambiguity).
                                  official_short_names=True))
    return new


def tagged_names(entries: list[GeneratedEntry], normalize, everyday, path: Path = TAGGED_FILE,
                 rows: list[dict[str, str]] | None = None) -> int:
    """The publisher's current short names for codes the listing files already have: a company renamed since
    the 2021 list (博创科技 → 长芯博创), or put under risk warning (闻泰科技 → *ST闻泰, written ST闻泰 too once
    the delisting warning goes) is written so in news. Each becomes an alias of the code's entity when no other
    entity holds it and it is no everyday word (`everyday(name)`); returns how many were added."""
    by_ticker = {t: e for e in entries for t in [e.ticker, *e.tickers] if t}
    owner = {n: e.id for e in entries for n in [e.zh, *e.aliases_zh, *e.join_zh]}
    added = 0
    for row in read(path) if rows is None else rows:
        entry = by_ticker.get(row["ticker"])
        if entry is None:
            continue
        if row["items"] == "0":
            continue  # a name only written before the code (a listing not yet trading), not a tag: see extract
        names = [row["name"], *filter(None, (row.get("other_names") or "").split("|"))]
        for name in (form for n in names for form in warning_forms(normalize(n))):
            if name in owner or marked(name) or everyday(name) \
                    or len(base_name(name)) < MIN_BARE:
                continue
            entry.aliases_zh.append(name)
            owner[name] = entry.id
            added += 1
    return added


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = extract(Path(argv[0]))
    write(rows, TAGGED_FILE)
    print(f"{TAGGED_FILE}: {len(rows)} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
