"""Publisher-tagged mentions in the dev sources: a free, noisy recall set from news nobody tuned the linker on.

zh-hans/cls_telegraph_2026 tags A-share items with the securities they are about (sh688331, sz000001,
430047.BJ); zh-hans/us_stocks_zh_2026 tags US and Hong Kong stocks (同花顺 {name, code, market},
东方财富 {code: 105.MSFT}). An item tagged with a stock whose glossary name (or the publisher's own name for
it) appears in its title or body should link that stock there: each such occurrence is one gold mention.
Publisher tags are not gold labels (an item tagged with a stock it only names in passing still counts), so
figures from here are for comparing rules, not for quoting as recall.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.sources.tagged import publisher_ticker
from pipeline.io.jsonl import json_lines
from pipeline.paths import SHARED_DIR
from pipeline.text.normalizer import TextNormalizer

SHARED = SHARED_DIR
NEWS = SHARED / "data" / "news" / "zh-hans"
CLS_GLOB = "cls_telegraph_2026/cls_telegraph_2026-*.jsonl"
US_FILE = "us_stocks_zh_2026/us_stocks_zh_2026.jsonl"
SOURCES = {"cls_telegraph_2026": CLS_GLOB, "us_stocks_zh_2026": US_FILE}
# cls.cn bodies open with the headline again in 【】; it is dropped so a title is not counted twice.
REPEATED_TITLE = re.compile(r"^【[^】]*】")
# The shortest name counted as a gold mention: a one-character hit says nothing.
MIN_NAME_LEN = 2


@dataclass(frozen=True)
class Tagged:
    """One gold mention: where a tagged stock's name occurs in an item's normalized text."""

    source: str
    item: str  # the item's id
    start: int
    end: int
    entity_id: str


@dataclass(frozen=True)
class Item:
    source: str
    id: str
    text: str  # normalized title + "\n" + body
    gold: tuple[Tagged, ...]


def by_ticker(glossary: CompiledGlossary) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in glossary.entries.values():
        for ticker in [entry.ticker, *entry.tickers]:
            if ticker:
                out.setdefault(ticker, entry.id)
    return out


def item_text(raw: dict, normalize: TextNormalizer) -> str:
    """Title and body, normalized, one line each (the body without its repeated headline)."""
    body = REPEATED_TITLE.sub("", raw.get("body") or "")
    return normalize(raw.get("title") or "") + "\n" + normalize(body)


def raw_items(source: str) -> Iterator[dict]:
    for path in sorted(NEWS.glob(SOURCES[source])):
        yield from json_lines(path)


def tagged_items(glossary: CompiledGlossary, sources: tuple[str, ...] = tuple(SOURCES),
                 limit: int | None = None) -> Iterator[Item]:
    """Every item with at least one tag that resolves to a glossary entity, with its gold mentions (possibly
    none: the names may be absent from the text)."""
    normalize = TextNormalizer()
    tickers = by_ticker(glossary)
    names: dict[str, set[str]] = {}
    for key, entity_id in glossary.zh_keys.items():
        names.setdefault(entity_id, set()).add(key)
    for source in sources:
        count = 0
        for raw in raw_items(source):
            tags = raw.get("tagged_stocks") or []
            wanted: dict[str, set[str]] = {}
            for tag in tags:
                entity_id = tickers.get(publisher_ticker(tag) or "")
                if entity_id is None:
                    continue
                own = {normalize(tag["name"])} if tag.get("name") else set()
                wanted.setdefault(entity_id, set()).update(own | names.get(entity_id, set()))
            if not wanted:
                continue
            text = item_text(raw, normalize)
            gold = tuple(_occurrences(source, raw["id"], text, wanted))
            yield Item(source, raw["id"], text, gold)
            count += 1
            if limit is not None and count >= limit:
                break


def _occurrences(source: str, item: str, text: str, wanted: dict[str, set[str]]) -> Iterator[Tagged]:
    """Each place a tagged entity's name occurs; where two of its names overlap (平安银行, 平安) the longest."""
    for entity_id, surfaces in wanted.items():
        spans: list[tuple[int, int]] = []
        for name in sorted((n for n in surfaces if len(n) >= MIN_NAME_LEN), key=len, reverse=True):
            at = text.find(name)
            while at != -1:
                end = at + len(name)
                if not any(s < end and at < e for s, e in spans):
                    spans.append((at, end))
                at = text.find(name, at + 1)
        for start, end in sorted(spans):
            yield Tagged(source, item, start, end, entity_id)
