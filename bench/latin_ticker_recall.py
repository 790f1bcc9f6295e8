"""Recall and precision of US tickers written in Latin in Chinese text (pipeline/glossary/latin_tickers.py), against
the publishers' own tags of us_stocks_zh_2026 (a dev source; the tags are the publisher's, noisy, not gold).

For every item with tags (同花顺 {code, market 169/185/186}, 东方财富 {code: "105.NVDA"}), every capitals token of
its title and body equal to one of its tagged US tickers is a ticker the item writes: it counts as found when the
link stage links that token (or the company name before it, 甲骨文(ORCL)) to the company whose ticker it is, or when a
glossary name covers it (AMD, IBM: the company's own Latin name). A code after the company's own linked name
(英伟达(NVDA)) is no separate mention and is not counted. Precision: of the ticker-step links in tagged items, those
whose ticker is among the item's tags (a link to an untagged company is counted wrong: the tags are incomplete, so
this is a floor). Run: NEWSBRIDGE_SHARED=../shared python -m bench.latin_ticker_recall [--show N]
"""

from __future__ import annotations

import sys
from collections import Counter

from bench.linking_eval import NEWS
from pipeline.glossary import compile_glossary
from pipeline.glossary.latin_tickers import NAME_TAIL, candidates, is_code
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer
from stages.link import LinkStage

SOURCE = NEWS / "zh-hans" / "us_stocks_zh_2026" / "us_stocks_zh_2026.jsonl"
US_MARKETS = {"169", "185", "186"}
US_SECIDS = ("105.", "106.", "107.")


def item_tickers(row: dict) -> set[str]:
    """The publisher's tagged US tickers of one item."""
    out = set()
    for tag in row.get("tagged_stocks") or ():
        code = str(tag.get("code") or "")
        if str(tag.get("market") or "") in US_MARKETS:
            out.add(code.upper())
        elif code.startswith(US_SECIDS):
            out.add(code.split(".", 1)[1].upper())
    return out


def main(argv: list[str]) -> int:
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 0
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    stage = LinkStage(glossary)
    normalize = TextNormalizer()
    tally: Counter[str] = Counter()
    missed: list[str] = []
    wrong: list[str] = []
    for row in json_lines(SOURCE):
        tags = item_tickers(row)
        if not tags:
            continue
        for part in ("title", "body"):
            text = normalize(row.get(part) or "")
            if not text:
                continue
            mentions = stage.mentions(text, "zh", "hans", "cn")
            for start, end, _dollar, token in candidates(text):
                if token not in tags:
                    continue
                own = [m for m in mentions if m.start <= start and end <= m.end]
                bracket = text[start - 1:start] in ("(", "（") if start else False
                before = [m for m in mentions if _ticker_of(glossary, m, token)
                          and 0 <= start - m.end <= (1 if bracket else 0) + _tail(text, m.end)]
                if not own and is_code(text, start, end) and not bracket:
                    continue  # 股票代码为"SKHY", (NASDAQ: AIIO): a code introduced, not a mention
                if before and (bracket or not own):
                    tally["codes_after_name"] += 1
                    continue  # 英伟达(NVDA), 甲骨文(ORCL): the name before it is the mention
                tally["tokens"] += 1
                if any(_ticker_of(glossary, m, token) for m in own):
                    tally["found"] += 1
                elif len(missed) < show:
                    missed.append(f"{token}\t{text[max(0, start - 20):end + 20]}")
            for m in mentions:
                if m.type != "company" or m.surface not in _tickers(glossary, m) \
                        or m.surface in glossary.entries[m.entity_id].en_names():
                    continue  # only links the ticker step made (AMD, IBM are the company's own Latin names)
                tally["ticker_links"] += 1
                if m.surface in tags:
                    tally["ticker_right"] += 1
                elif len(wrong) < show:
                    wrong.append(f"{m.surface}\t{text[max(0, m.start - 20):m.end + 20]}")
    recall = tally["found"] / tally["tokens"] if tally["tokens"] else 0.0
    precision = tally["ticker_right"] / tally["ticker_links"] if tally["ticker_links"] else 0.0
    print(f"tagged ticker tokens {tally['tokens']} (and {tally['codes_after_name']} codes after their company's linked "
          f"name), linked {tally['found']} (recall {recall:.3f}); "
          f"links by a ticker {tally['ticker_links']}, of a tagged company {tally['ticker_right']} "
          f"(precision floor {precision:.3f})")
    named = tally["found"] + tally["codes_after_name"]
    written = tally["tokens"] + tally["codes_after_name"]
    print(f"company found by its ticker or by its name before its code: {named}/{written} "
          f"({named / written if written else 0:.3f})")
    for title, rows in (("missed", missed), ("not tagged", wrong)):
        if rows:
            print(f"\n{title}:")
            print("\n".join(rows))
    return 0


def _tail(text: str, end: int) -> int:
    """The length of a legal word right after a name (福克斯公司(FOX))."""
    return next((len(t) for t in NAME_TAIL if text.startswith(t, end)), 0)


def _tickers(glossary, mention) -> set[str]:
    entry = glossary.entries.get(mention.entity_id)
    return {t for t in [entry.ticker, *entry.tickers] if t} if entry else set()


def _ticker_of(glossary, mention, token: str) -> bool:
    return mention.type == "company" and token in _tickers(glossary, mention)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
