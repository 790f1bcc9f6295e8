"""Learn the words news writes around companies, for names that need context (pipeline/glossary/data/context_words.tsv).

A short name that is also an everyday word (三星 "three stars", 联想 "associate", 长城 "Great Wall", 平安
"safe") links only with company context nearby. Which words are context is learned here, not listed by hand:

- company side: every occurrence of a publisher-tagged stock's name in its own item (bench/tagged_items.py:
  cls_telegraph_2026 A-share tags, us_stocks_zh_2026 US/HK tags), where the string is the company, and every
  glossary company name of three characters or more that needs no context (英伟达, 宁德时代);
- everyday side: every occurrence of a name the linker treats as context-needing (CompiledGlossary.context_keys)
  in a tagged item that is not tagged with that name's entity, and not inside a longer glossary name: the
  publisher said what the item is about, and it is not that company (mostly the string used as a word); and
  every occurrence of such a name in general news (the Chinese side of the WMT news test sets, ../parallel).

jieba cuts the clause around each occurrence (CONTEXT_BEFORE characters before, CONTEXT_AFTER after, as the
linker looks); a word is context when it occurs near company mentions at least MIN_COMPANY times and at least
MIN_RATIO times as often (per occurrence, everyday count smoothed by one) as near everyday uses. Words that
follow a name directly are kept apart ("follows"): they show where a name ends (三星|小幅, 理想汽车|盘前).

    NEWSBRIDGE_SHARED=/work/shared python -m bench.context_words     (rewrites the data file)

Only the dev sources are read; never the held-out ones.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import ahocorasick_rs

from bench.tagged_items import SHARED, SOURCES, item_text, raw_items, tagged_items
from pipeline.glossary import compile_glossary
from pipeline.glossary.commonness import CONTEXT_WORDS_TABLE, dictionary, read_pairs
from pipeline.glossary.compiled import CLAUSE_BREAK, CONTEXT_AFTER, CONTEXT_BEFORE, HAN_CHAR
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer

KINDS = ("follows", "near", "precedes")
PARALLEL = SHARED / "data" / "parallel"
# A word is kept when it is seen near this many company mentions ...
MIN_COMPANY = 20
# ... and is this many times as frequent there (per occurrence) as near everyday uses of ambiguous names.
MIN_RATIO = 3.0
# ... beside at least this many different company names (not one story's own words: 黑色素瘤 by one drug maker).
MIN_NAMES = 10
# Glossary company names this long that need no context count as company mentions too (阿里巴巴, 宁德时代).
UNAMBIGUOUS_MIN_LEN = 3
# Punctuation right after a name that may be learned as a follower: 'Name：' opens a company announcement.
SIGNAL_PUNCTUATION = frozenset("：:")
# Only Chinese words: digits, codes and Latin are the linker's own patterns (stock codes), not learned here.
WORD = re.compile(r"[\u4e00-\u9fff]+")


def neighbourhood(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause's characters before and after [start, end), as far as the linker looks."""
    before = CLAUSE_BREAK.split(text[max(0, start - CONTEXT_BEFORE):start])[-1]
    after = CLAUSE_BREAK.split(text[end:end + CONTEXT_AFTER])[0]
    return before, after


def grams_around(text: str, start: int, end: int) -> dict[str, set[str]]:
    """Pieces of the clause around [start, end): "follows", the one to three characters right after it; "near",
    every two characters after it within the window; "precedes", the two characters right before it (巨头, 旗下).
    Character pieces, not a tokenizer's words: jieba's dictionary lacks 盘前, 盘后 and cuts unknown people's
    names into single characters."""
    before, after = neighbourhood(text, start, end)
    pieces = {"follows": {after[:k] for k in (1, 2, 3) if len(after) >= k},
              "near": {after[i:i + 2] for i in range(len(after) - 1)},
              "precedes": {before[-2:]} if len(before) >= 2 else set()}
    found = {kind: {g for g in found if WORD.fullmatch(g)} for kind, found in pieces.items()}
    if not before and end < len(text) and text[end] in SIGNAL_PUNCTUATION:  # 北大荒：预计… (opening a clause)
        found["follows"].add(text[end])
    return found


def _add(target: dict[str, set[str]], found: dict[str, set[str]]) -> None:
    for kind, pieces in found.items():
        target[kind] |= pieces


def main() -> int:
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    normalize = TextNormalizer()
    # Counted once per item: a story retold in ten flashes is one piece of evidence, not ten.
    company = {kind: Counter() for kind in KINDS}
    everyday = {kind: Counter() for kind in KINDS}
    companies = everydays = 0
    around: dict[str, dict[str, set[str]]] = {kind: {} for kind in KINDS}  # piece → company names seen by it
    gold = {item.id: item.gold for item in tagged_items(glossary)}
    all_names = sorted(glossary.jieba_words())
    longest = ahocorasick_rs.AhoCorasick(all_names, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
    ambiguous = {k for k in glossary.context_keys if HAN_CHAR.search(k)}
    types = {key: glossary.entries[entity_id].type for key, entity_id in glossary.zh_keys.items()}
    for source in SOURCES:
        for raw in raw_items(source):
            text = item_text(raw, normalize)
            tagged = gold.get(raw["id"])
            about = {t.entity_id for t in tagged or ()}
            spans = {(t.start, t.end) for t in tagged or ()}
            seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
            seen_day: dict[str, set[str]] = {kind: set() for kind in KINDS}
            names_here: set[str] = set()
            for index, start, end in longest.find_matches_as_indexes(text):
                name = all_names[index]
                if name in ambiguous:
                    # An everyday use: the publisher tagged the item and not with this name's entity.
                    target = seen_day if tagged is not None and glossary.zh_keys.get(name) not in about else None
                else:  # an unambiguous company name (three characters or more, no context needed)
                    target = seen if types.get(name) == "company" and len(name) >= UNAMBIGUOUS_MIN_LEN else None
                if (start, end) in spans:
                    target = seen
                if target is seen:
                    names_here.add(name)
                if target is not None:
                    _add(target, grams_around(text, start, end))
            for t in tagged or ():  # tagged names the automaton saw inside a longer name
                if (t.start, t.end) not in spans:
                    continue
                _add(seen, grams_around(text, t.start, t.end))
                names_here.add(text[t.start:t.end])
            for kind in seen:
                company[kind].update(seen[kind])
                for word in seen[kind]:
                    around[kind].setdefault(word, set()).update(names_here)
                everyday[kind].update(seen_day[kind])
            companies += any(seen.values())
            everydays += any(seen_day.values())
    # General news (the WMT test sets' Chinese side): the same strings, nearly always as everyday words.
    for zh, _en in read_pairs(PARALLEL):
        text = normalize(zh)
        seen_day = {kind: set() for kind in KINDS}
        for index, start, end in longest.find_matches_as_indexes(text):
            if all_names[index] in ambiguous:
                _add(seen_day, grams_around(text, start, end))
        for kind in seen_day:
            everyday[kind].update(seen_day[kind])
        everydays += any(seen_day.values())
    words = dictionary()  # places (中国, 韩国) are what a story is about, not signs of a company
    rows = []
    for kind in KINDS:
        for word, count in company[kind].items():
            ratio = (count / companies) / ((everyday[kind][word] + 1) / everydays)
            if count >= MIN_COMPANY and ratio >= MIN_RATIO and len(around[kind][word]) >= MIN_NAMES \
                    and not words.is_place(word):
                rows.append((kind, word, count, everyday[kind][word], ratio))
    rows.sort(key=lambda r: (r[0], -r[2], r[1]))  # ties by the piece: the file is the same on every run
    header = (f"# Made by bench/context_words.py from the dev sources {', '.join(SOURCES)} (publisher tags) and "
              f"WMT general news: items counted once per piece; {companies} items naming a company (tagged, or "
              f"an unambiguous glossary name) vs {everydays} items using a context-needing name as a word; kept: "
              f"seen around >= {MIN_COMPANY} company items, >= {MIN_RATIO:g}x as often per item, beside >= "
              f"{MIN_NAMES} different names. 'follows': 1-3 characters right after the name; 'near': 2 characters "
              f"after it within the linker's window ({CONTEXT_AFTER}, in its clause); 'precedes': the 2 "
              f"characters right before it.\n")
    body = "kind\tword\tcompany\teveryday\tratio\n" + "".join(
        f"{kind}\t{word}\t{c}\t{e}\t{ratio:.1f}\n" for kind, word, c, e, ratio in rows)
    CONTEXT_WORDS_TABLE.write_text(header + body, encoding="utf-8")
    print(f"{len(rows)} pieces ({companies} company items, {everydays} everyday items) → {CONTEXT_WORDS_TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
