"""The Hong Kong held-out judging (issue 16): the seeded draw from RTHK finance news and today's figures on it.

    python -m bench.fresh_hk --draw      draft rows with the segment text, for the judge's eyes only (never committed)
    python -m bench.fresh_hk             recall per type, identity precision, canonical English and currency of
                                         amounts on tests/fixtures/linking_judged/fresh/rthk_finance_2025.jsonl

The draw follows JUDGING.md: random.Random("16:<source>") shuffles the record indices; the first TITLES records
give their title, the next BODIES records one random sentence of their normalized body (rng.choice over the
segment stage's body sentences). The figures run the real normalize → segment → link stages and the number
reader (stages/translators/numbers.py), so they follow whatever the pipeline does today.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

from bench.linking_eval import (
    FIXTURE_DIR,
    JUDGED_TYPES,
    NEWS,
    Pipeline,
    Tally,
    entity_keys,
    field_mentions,
    key_matches,
    located_segments,
    same_mention,
)
from pipeline.config import PROJECT_ROOT
from pipeline.glossary import compile_glossary
from stages.translators.numbers import segment_numbers

SOURCE = "zh-hant/rthk_finance_2025/rthk_finance_2025.jsonl"
FRESH_FILE = FIXTURE_DIR / "fresh" / "rthk_finance_2025.jsonl"
TITLES = 120
BODIES = 120
# The number reader's currency words → ISO codes (what the fixture's `currency` says).
ISO = {"yuan": "CNY", "HK$": "HKD", "NT$": "TWD", "US$": "USD", "euros": "EUR", "yen": "JPY", "pounds": "GBP",
       "won": "KRW"}


@cache
def rthk_records() -> list[tuple[str, str]]:
    """(raw title, raw body) per line of the RTHK file; the record index is the line number."""
    lines = (NEWS / SOURCE).read_text(encoding="utf-8").splitlines()
    return [(row["title"], row["body"]) for row in map(json.loads, lines)]


def draw(pipeline: Pipeline) -> list[dict]:
    rng = random.Random(f"16:{SOURCE}")
    records = rthk_records()
    order = list(range(len(records)))
    rng.shuffle(order)
    rows = []
    for n, index in enumerate(order[:TITLES + BODIES]):
        doc = pipeline.run(*records[index])
        part = "title" if n < TITLES else "body"
        spans = located_segments(doc, part)
        if not spans:  # no Chinese sentence in that part: the title stands in
            part, spans = "title", located_segments(doc, "title")
        seg, at = spans[0] if part == "title" else rng.choice(spans)
        text = doc.title if part == "title" else doc.body
        end = at + len(seg.zh or "")
        rows.append({"source": SOURCE, "record": index, "part": part, "start": at, "end": end,
                     "text": text[at:end],
                     "linked": [[m.start, m.end, m.surface, m.entity_id, m.type, m.ticker or m.canonical]
                                for m in field_mentions(doc, part) if at <= m.start and m.end <= end],
                     "numbers": [[e.start + at, e.end + at, e.surface, e.unit] for e in segment_numbers(seg)]})
    return rows


def evaluate(rows: list[dict], pipeline: Pipeline, glossary) -> dict:
    """Per type: gold and found; links: linked and correct; found mentions whose canonical English is in `en`;
    amounts whose currency the number reader gets right."""
    by_type: dict[str, Tally] = defaultdict(Tally)
    links, english, money = Tally(), Tally(), Tally()
    wrong: list[str] = []
    for row in rows:
        doc = pipeline.run(*rthk_records()[row["record"]])
        part, start, end = row["part"], row["start"], row["end"]
        text = doc.title if part == "title" else doc.body
        where = f"#{row['record']}:{part}:{start}"
        mentions = [m for m in field_mentions(doc, part)
                    if start <= m.start and m.end <= end and m.type in JUDGED_TYPES]
        gold = {(g["start"], g["end"]): g for g in row["gold"]}
        hit: dict[tuple[int, int], str] = {}
        for m in mentions:
            span = next((s for s in gold if same_mention(text, (m.start, m.end), s)), None)
            g = gold.get(span) if span else None
            ok = g is not None and span not in hit and key_matches(g["key"], entity_keys(glossary, m.entity_id))
            links.linked += 1
            links.correct += ok
            if ok:
                hit[span] = m.canonical
            else:
                wrong.append(f"false link {where} {m.surface} → {m.entity_id} ({m.ticker or m.canonical})")
        for span, g in gold.items():
            t = by_type[g["type"]]
            t.gold += 1
            t.found += span in hit
            if span in hit:
                english.gold += 1
                accepted = hit[span].casefold() in {e.casefold() for e in g["en"]}
                english.found += accepted
                if not accepted:
                    wrong.append(f"English {where} {g['surface']} → {hit[span]!r}")
            else:
                wrong.append(f"miss {where} {g['surface']} {g['type']} ({g['key']})")
        seg = next(s for s, at in located_segments(doc, part) if at == start)
        read = {(e.start + start, e.end + start): ISO.get(e.unit, e.unit) for e in segment_numbers(seg) if e.unit}
        for a in row["amounts"]:
            got = next((c for (s, e), c in read.items() if s < a["end"] and a["start"] < e), "none")
            money.gold += 1
            money.found += got == a["currency"]
            if got != a["currency"]:
                wrong.append(f"currency {where} {text[a['start']:a['end']]} {a['currency']} read as {got}")
    return {"by_type": by_type, "links": links, "english": english, "money": money, "wrong": wrong}


def main(argv: list[str]) -> int:
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    pipeline = Pipeline(glossary)
    if argv[:1] == ["--draw"]:
        for row in draw(pipeline):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    rows = [json.loads(line) for line in Path(FRESH_FILE).read_text(encoding="utf-8").splitlines() if line.strip()]
    for label, part in (("all", None), ("titles", "title"), ("body sentences", "body")):
        chosen = [x for x in rows if part in (None, x["part"])]
        r = evaluate(chosen, pipeline, glossary)
        print(f"\n{label}: {len(chosen)} segments")
        by_type = sorted(r["by_type"].items())
        total = Tally(sum(t.gold for _, t in by_type), sum(t.found for _, t in by_type))
        for kind, t in [*by_type, ("all", total)]:
            print(f"  recall {kind:<8} {t.recall:.3f} ({t.found}/{t.gold})")
        print(f"  identity precision {r['links'].precision:.3f} ({r['links'].correct}/{r['links'].linked})")
        print(f"  canonical English of found {r['english'].recall:.3f} ({r['english'].found}/{r['english'].gold})")
        print(f"  amount currency right {r['money'].recall:.3f} ({r['money'].found}/{r['money'].gold})")
        if "--all" in argv and part is None:
            print("\n".join(r["wrong"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
