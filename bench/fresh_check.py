"""Well-formedness of the held-out fixtures in tests/fixtures/linking_judged/fresh/ against the news in ../shared.

    python -m bench.fresh_check [FILE ...]      (every fresh/*.jsonl by default; exit 1 on any problem)

Each row must be one sentence of the normalized title or body as the segment stage splits it, every gold and
amount span must lie inside it without overlapping another, and a gold `surface` must be the normalized text at
its offsets (JUDGING.md). Reads sources that are JSONL with title/body fields (RTHK); others are reported.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from itertools import pairwise
from pathlib import Path

from bench.linking_eval import FIXTURE_DIR, JUDGED_TYPES, NAME_PREFIX, NEWS, TICKER_RE, key_alternatives
from pipeline.text.normalizer import TextNormalizer
from stages.segment import split_sentences

CURRENCIES = frozenset({"HKD", "CNY", "TWD", "USD", "EUR", "JPY", "GBP", "KRW", "CAD", "AUD", "SGD", "MOP"})
NORMALIZE = TextNormalizer()


@cache
def fields(source: str) -> list[dict[str, str]]:
    lines = (NEWS / source).read_text(encoding="utf-8").splitlines()
    return [{"title": NORMALIZE(r["title"]), "body": NORMALIZE(r["body"])} for r in map(json.loads, lines)]


def segment_spans(text: str, part: str) -> set[tuple[int, int]]:
    """Where the segment stage's sentences sit in the normalized field (the title is one segment)."""
    if part == "title":
        return {(0, len(text))} if text else set()
    spans, cursor = set(), 0
    for sentence in split_sentences(text):
        at = text.find(sentence, cursor)
        spans.add((at, at + len(sentence)))
        cursor = at + len(sentence)
    return spans


def row_problems(row: dict) -> list[str]:
    if not row["source"].endswith(".jsonl"):
        return [f"cannot read {row['source']} here"]
    text = fields(row["source"])[row["record"]][row["part"]]
    start, end = row["start"], row["end"]
    out = [] if (start, end) in segment_spans(text, row["part"]) else ["not one segment of the normalized text"]
    spans = sorted([(g["start"], g["end"]) for g in row["gold"]])
    if not all(a[1] <= b[0] for a, b in pairwise(spans)):
        out.append("overlapping gold")
    for g in row["gold"]:
        if not start <= g["start"] < g["end"] <= end:
            out.append(f"gold {g['surface']} outside the segment")
        if text[g["start"]:g["end"]] != g["surface"]:
            out.append(f"surface {g['surface']} != text {text[g['start']:g['end']]}")
        if g["type"] not in JUDGED_TYPES or not g.get("en"):
            out.append(f"gold {g['surface']}: type {g['type']} or no en")
        for alt in key_alternatives(g["key"]):
            if not ((alt.startswith(NAME_PREFIX) and len(alt) > len(NAME_PREFIX)) or TICKER_RE.match(alt)):
                out.append(f"bad key {alt}")
    for a in row["amounts"]:
        if not start <= a["start"] < a["end"] <= end or a["currency"] not in CURRENCIES:
            out.append(f"amount {a} outside the segment or unknown currency")
    return out


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((FIXTURE_DIR / "fresh").glob("*.jsonl"))
    bad = 0
    for path in files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        places = [(r["source"], r["record"], r["part"], r["start"]) for r in rows]
        if len(places) != len(set(places)):
            print(f"{path.name}: a segment judged twice")
            bad += 1
        for r in rows:
            for problem in row_problems(r):
                print(f"{path.name} #{r['record']}:{r['part']}:{r['start']}: {problem}")
                bad += 1
        print(f"{path.name}: {len(rows)} rows, {sum(len(r['gold']) for r in rows)} gold, "
              f"{sum(len(r['amounts']) for r in rows)} amounts")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
