"""Recall of the publishers' own stock tags: for each security a publisher attached to an item whose name (or a
form of it) appears in the item's text, did the real normalize → segment → link stages link that ticker?

    python -m bench.tagged_recall [--per-source N] [--seed S] [--top K] [--source us|cls]

Sources (../shared/data/news/zh-hans, NEWSBRIDGE_SHARED=DIR when elsewhere):
  us_stocks_zh_2026   同花顺 tags {name, code, market} (苹果/AAPL/185) and 东方财富 tags {code} (105.MSFT);
  cls_telegraph_2026  财联社 tags {name, code} (sh688331, sz000725, 920725.BJ).

The tags are NOT gold: publishers attach securities an item is about without naming them, tag a related listing
(the HK line of an ADR story), and tag boards and funds. Only tags whose name is written in the text count, and a
name is found by plain substring, so 京东 inside 京东方 counts as "present". Read the figures as a trend, and the
miss list as leads; never as a precision measure. Names for code-only tags (东方财富) come from the same code's
同花顺 tags and from the glossary entry holding the ticker; a tag no name is known for is counted apart.

Months: May-June are the months rules are tuned on; July-August are reported apart as held-out months, and the
miss list shows May-June only (--held-out-misses shows all, for a final look, after which they are held out no more).
"""

from __future__ import annotations

import argparse
import glob
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench.linking_eval import NEWS, Pipeline
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.glossary.naming import base_name
from pipeline.glossary.sources.tagged import publisher_ticker
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer

US_FILE = "zh-hans/us_stocks_zh_2026/us_stocks_zh_2026.jsonl"
CLS_GLOB = "zh-hans/cls_telegraph_2026/cls_telegraph_2026-*.jsonl"
TUNED_MONTHS = ("2026-05", "2026-06")
SEED = 16
PER_SOURCE = 1200
TOP = 40
# Decorations of a tag's name that text does not write (阿里巴巴-W, 京东方Ａ, 谷歌C, 铠侠ADR).
NAME_TAIL = re.compile(r"(?:-?S?W|-U|ADR|[ABC])$")
MIN_FORM = 2


@dataclass
class Item:
    source: str
    month: str
    title: str
    body: str
    tags: list[tuple[str, str]]  # (ticker, publisher's name or "")


def read_items() -> dict[str, list[Item]]:
    """Tagged items per source: us_ths, us_eastmoney, cls."""
    out: dict[str, list[Item]] = defaultdict(list)
    for row in json_lines(NEWS / US_FILE):
        tags = [(t, tag.get("name", "")) for tag in row.get("tagged_stocks") or [] if (t := publisher_ticker(tag))]
        if tags:
            group = "us_ths" if row["id"].startswith("ths") else "us_eastmoney"
            out[group].append(Item(group, row["published_at"][:7], row["title"], row["body"], tags))
    for path in sorted(glob.glob(str(NEWS / CLS_GLOB))):
        for row in json_lines(path):
            tags = [(t, tag.get("name", "")) for tag in row.get("tagged_stocks") or [] if (t := publisher_ticker(tag))]
            if tags:
                out["cls"].append(Item("cls", row["published_at"][:7], row["title"], row["body"], tags))
    return out


def name_forms(name: str, normalize) -> set[str]:
    """京东方Ａ → {京东方Ａ, 京东方}; 阿里巴巴-W → 阿里巴巴; 百度集团-SW → 百度集团, 百度."""
    name = normalize(name.strip())
    forms = {name, base_name(name), NAME_TAIL.sub("", name)}
    forms |= {re.sub(r"(?:集团|控股|股份)$", "", f) for f in list(forms)}
    return {f for f in forms if len(f) >= MIN_FORM}


class Names:
    """Every name form a ticker is known by: publishers' names for the code, and the glossary's entry names."""

    def __init__(self, items: dict[str, list[Item]], glossary: CompiledGlossary, normalize) -> None:
        self.normalize = normalize
        self.by_ticker: dict[str, set[str]] = defaultdict(set)
        for group in items.values():
            for item in group:
                for ticker, name in item.tags:
                    if name:
                        self.by_ticker[ticker] |= name_forms(name, normalize)
        self.entity_of: dict[str, str] = {}
        for entry in glossary.entries.values():
            for t in [entry.ticker, *entry.tickers, *entry.former_tickers]:
                if t:
                    self.entity_of.setdefault(t, entry.id)
        self.glossary = glossary

    def forms(self, ticker: str) -> set[str]:
        forms = set(self.by_ticker.get(ticker, ()))
        entity = self.entity_of.get(ticker)
        if entity is not None:
            for n in self.glossary.entries[entity].zh_names():
                forms |= name_forms(n, self.normalize)
        return forms

    def tickers_of(self, entity_id: str) -> set[str]:
        e = self.glossary.entries.get(entity_id)
        if e is None:  # a derived unit (us.MGM~国际) is added to the compiled glossary only where it is seen
            return set()
        return {t for t in [e.ticker, *e.tickers, *e.former_tickers] if t}


@dataclass
class Tally:
    present: int = 0
    linked: int = 0
    unnamed: int = 0

    @property
    def recall(self) -> float:
        return self.linked / self.present if self.present else 1.0


@dataclass
class Result:
    cells: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: Counter = field(default_factory=Counter)
    missed_in_glossary: dict[str, bool] = field(default_factory=dict)


def sample(items: dict[str, list[Item]], per_source: int, seed: int) -> dict[str, list[Item]]:
    out = {}
    for group, rows in sorted(items.items()):
        rng = random.Random(f"{seed}:{group}")
        out[group] = rows if per_source <= 0 or per_source >= len(rows) else rng.sample(rows, per_source)
    return out


def evaluate(items: dict[str, list[Item]], pipeline: Pipeline, names: Names, held_out_misses: bool = False) -> Result:
    """Recall per (source, month); the miss list holds the tuned months only unless held_out_misses, so rules
    written from it leave July-August an honest check."""
    result = Result()
    for group, rows in items.items():
        for item in rows:
            doc = pipeline.run(item.title, item.body)
            text = f"{doc.title}\n{doc.body}"
            linked = {t for seg in doc.segments for m in seg.entities for t in names.tickers_of(m.entity_id)
                      if m.entity_id in names.glossary.entries}
            for ticker in dict.fromkeys(t for t, _ in item.tags):
                cell = result.cells[(group, item.month)]
                forms = names.forms(ticker)
                if not forms:
                    cell.unnamed += 1
                    continue
                written = [f for f in forms if f in text]
                if not written:
                    continue
                cell.present += 1
                if ticker in linked:
                    cell.linked += 1
                elif held_out_misses or item.month in TUNED_MONTHS:
                    key = f"{max(written, key=len)} {ticker}"
                    result.missed[key] += 1
                    result.missed_in_glossary[key] = ticker in names.entity_of
    return result


def report(result: Result, top: int) -> str:
    lines = ["source        month     recall            (unnamed tags)"]
    groups = sorted({g for g, _ in result.cells})
    for group in groups:
        totals = {"tuned": Tally(), "held-out": Tally()}
        for (g, month), t in sorted(result.cells.items()):
            if g != group:
                continue
            lines.append(f"{group:<13} {month}   {t.recall:.3f} ({t.linked}/{t.present})   ({t.unnamed})")
            half = totals["tuned" if month in TUNED_MONTHS else "held-out"]
            half.present += t.present
            half.linked += t.linked
            half.unnamed += t.unnamed
        for label, t in totals.items():
            lines.append(f"{group:<13} {label:<9} {t.recall:.3f} ({t.linked}/{t.present})")
    lines.append(f"\ntop missed (name ticker: count; * = ticker not in the glossary), {sum(result.missed.values())} "
                 "misses in the months listed:")
    for key, n in result.missed.most_common(top):
        lines.append(f"  {key}: {n}{'' if result.missed_in_glossary[key] else ' *'}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-source", type=int, default=PER_SOURCE, help="items per source (0: all)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--top", type=int, default=TOP)
    parser.add_argument("--source", choices=("us", "cls"), help="only this source")
    parser.add_argument("--held-out-misses", action="store_true",
                        help="list misses of the held-out months too (then they are held out no more)")
    args = parser.parse_args(argv)
    if not (NEWS / US_FILE).exists():
        print(f"skip: {NEWS / US_FILE} not present")
        return 0
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    normalize = TextNormalizer()
    items = read_items()
    names = Names(items, glossary, normalize)
    if args.source:
        items = {g: rows for g, rows in items.items() if g.startswith(args.source)}
    chosen = sample(items, args.per_source, args.seed)
    print(report(evaluate(chosen, Pipeline(glossary), names, args.held_out_misses), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
