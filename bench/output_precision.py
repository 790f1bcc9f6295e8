"""Precision of what the near-duplicate detector OUTPUTS, per source (issue 19, brief outprec20). The judged
fit/test/blind pairs are drawn from candidate strata, so their precision is that of those strata; here the pairs
are the detector's own output (a document and its duplicate_of, every record of a source through one in-memory
StoryIndex in input order, as the planner does), drawn at random, judged blind beside as many decoys (non-predicted
pairs of the lax pools published within 48 h), so the judge cannot lean on the prediction.

    python -m bench.output_precision --draw SOURCE... (writes /tmp/outprec20-blind.txt: shuffled, unlabeled, both texts;
                                                 and the unjudged tests/fixtures/story_pairs_judged/*.output.tsv)
    python -m bench.output_precision --set FILE (FILE: lines "N verdict kind" against the blind list's numbers)
    python -m bench.output_precision            (precision of predicted pairs, and decoys judged same, per source)
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from bench import story_pairs as sp
from bench.near_dups import planner_pass
from pipeline.dedupe.story_index import DEFAULT_THRESHOLD, StoryIndex
from pipeline.paths import SHARED_DIR

# Per source: (predicted pairs, decoys) drawn, and the seed of its draw. rthk and the hot lists were redrawn (seed
# 2012, brief outprec20b) once date-only records were read as the planner reads them; rthk has fewer predicted
# pairs than its quota since, so all of them are taken.
QUOTA = {"zh-hans/cls_telegraph_2026": (40, 40), "zh-hans/us_stocks_zh_2026": (40, 40),
         "zh-hant/rthk_finance_2025": (15, 20), "zh-hans/fin_hot_hub_2024_2026": (20, 20)}
SEEDS = {"zh-hans/cls_telegraph_2026": 2011, "zh-hans/us_stocks_zh_2026": 2011, "zh-hant/rthk_finance_2025": 2012,
         "zh-hans/fin_hot_hub_2024_2026": 2012}
DECOY_HOURS = 48
BLIND_LIST = Path("/tmp/outprec20-blind.txt")  # holds news text: never in the tree
ORDER = Path("/tmp/outprec20-order.tsv")  # the blind list's rows by number (origins only)


def predicted_pairs(records: list[sp.Record], threshold: float = DEFAULT_THRESHOLD) -> list[sp.Pair]:
    """(duplicate_of, document) as record indexes: the planner's pass (bench.near_dups planner_cost)."""
    with StoryIndex(None, threshold=threshold) as index:
        found = planner_pass(index, records)
    first: dict[str, int] = {}
    pairs = []
    for i, (r, of) in enumerate(zip(records, found, strict=True)):
        first.setdefault(r.id, i)
        if of is not None:
            pairs.append((first[of], i))
    return pairs


def _within(a: sp.Record, b: sp.Record) -> bool:
    """Published within DECOY_HOURS as the planner reads the instants (a date alone is that day's start)."""
    return a.published is not None and b.published is not None and \
        abs(a.published - b.published) <= timedelta(hours=DECOY_HOURS)


def decoy_pool(records: list[sp.Record], predicted: set[sp.Pair]) -> list[sp.Pair]:
    """Pairs of the lax pools (bench.story_pairs.pool) within 48 h that the detector did not predict."""
    found = sp.pool(records, random.Random(sp.SEED))
    lax = {p for name in (sp.TITLE_EXACT, sp.TITLE_BIGRAM_HI, sp.BODY_CONTAINED, sp.TITLE_BIGRAM, sp.BODY_LEAD)
           for p in found[name]}
    unordered = {(min(p), max(p)) for p in predicted}
    return sorted(p for p in lax if p not in unordered and _within(records[p[0]], records[p[1]]))


def draw(source: str, rng: random.Random) -> tuple[list[sp.OutputRow], list[sp.Record]]:
    records = sp.read_source(SHARED_DIR, source)
    predicted = predicted_pairs(records)
    decoys = decoy_pool(records, set(predicted))
    quota = QUOTA[source]
    print(f"{source}: {len(records)} records, {len(predicted)} predicted pairs, {len(decoys)} decoy candidates")
    rows = []
    for flag, pairs, n in (("yes", predicted, quota[0]), ("no", decoys, quota[1])):
        for i, j in rng.sample(pairs, min(n, len(pairs))):
            a, b = records[i], records[j]
            rows.append(sp.OutputRow(source, a.origin, a.id, b.origin, b.id, flag))
    return rows, records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draw", nargs="+", metavar="SOURCE", help="redraw these sources (e.g. zh-hant/...)")
    parser.add_argument("--set", metavar="FILE", type=Path)
    args = parser.parse_args(argv)
    if args.draw:
        every: list[tuple[sp.OutputRow, sp.Record, sp.Record]] = []
        rng = random.Random(max(SEEDS[source] for source in args.draw))  # the shuffle
        for source in args.draw:
            rows, records = draw(source, random.Random(SEEDS[source]))
            by_origin = {r.origin: r for r in records}
            every += [(row, by_origin[row.a_origin], by_origin[row.b_origin]) for row in rows]
        rng.shuffle(every)
        with BLIND_LIST.open("w", encoding="utf-8") as fh:
            for n, (_, a, b) in enumerate(every):
                fh.write(f"=== {n}\n")
                for r in (a, b):
                    fh.write(f"  [{r.time or r.day}] {r.title}\n      {r.body[:500]}\n")
        order = [row for row, _, _ in every]
        ORDER.write_text("\n".join(f"{r.a_origin}\t{r.b_origin}" for r in order) + "\n")
        for source in args.draw:
            sp.write_output_rows(source, [r for r in order if r.source == source], SEEDS[source])
        return 0
    rows = {source: sp.read_output_rows(source) for source in QUOTA}
    if args.set:
        order = [tuple(line.split("\t")) for line in ORDER.read_text().splitlines()]
        verdicts = {}
        for line in args.set.read_text().splitlines():
            if line.strip():
                n, verdict, kind = line.split()
                verdicts[order[int(n)]] = (verdict, kind)
        for source, mine in rows.items():
            out = [sp.OutputRow(r.source, r.a_origin, r.a_id, r.b_origin, r.b_id, r.predicted,
                                *verdicts.get((r.a_origin, r.b_origin), (r.verdict, r.kind))) for r in mine]
            sp.write_output_rows(source, out, SEEDS[source])
        return 0
    report(rows)
    return 0


def report(rows: dict[str, list[sp.OutputRow]]) -> None:
    for source, mine in rows.items():
        tally: dict[str, Counter] = defaultdict(Counter)
        wrong: Counter = Counter()
        for r in mine:
            tally[r.predicted][r.verdict or "unjudged"] += 1
            if r.predicted == "yes" and r.verdict == sp.DIFFERENT:
                wrong[r.kind] += 1
        p, d = tally["yes"], tally["no"]
        decided = p[sp.SAME] + p[sp.DIFFERENT]
        precision = f"{p[sp.SAME] / decided:.3f}" if decided else "-"
        print(f"{sp.source_name(source):24} predicted: P {precision} ({p[sp.SAME]}/{decided}) +{p[sp.UNSURE]} "
              f"unsure +{p['unjudged']} unjudged | decoys judged same {d[sp.SAME]}/{d[sp.SAME] + d[sp.DIFFERENT]} "
              f"+{d[sp.UNSURE]} unsure +{d['unjudged']} unjudged")
        if wrong:
            print("    wrong predictions: " + ", ".join(f"{k} {n}" for k, n in wrong.most_common()))


if __name__ == "__main__":
    sys.exit(main())
