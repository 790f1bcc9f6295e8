"""Precision of what the near-duplicate detector OUTPUTS, per source (issue 19, brief outprec20). The judged
fit/test/blind pairs are drawn from candidate strata, so their precision is that of those strata; here the pairs
are the detector's own output (a document and its duplicate_of, every record of a source through one in-memory
StoryIndex in input order, as the planner does), drawn at random, judged blind beside as many decoys (non-predicted
pairs of the lax pools published within 48 h), so the judge cannot lean on the prediction.

    python -m bench.output_precision --draw SOURCE... [--sample output2]
        (writes /tmp/<sample>-blind.txt: shuffled, unlabeled, both texts; and the unjudged
         tests/fixtures/story_pairs_judged/*.<sample>.tsv; output2 leaves out every pair judged in any file)
    python -m bench.output_precision --set FILE [--sample output2]  (FILE: lines "N verdict kind" by list number)
    python -m bench.output_precision            (precision of predicted pairs, and decoys judged same, per source
                                                 and sample)

The first sample (`output`, seeds 2011/2012) holds the marks of the detector of the second session; the vetoes of
the third were built looking at it, so it is dev since. `output2` (seed 2021) was drawn from the marks of the
third session's round 5 detector and judged by a judge who saw only the unlabeled list; `output3` (seed 2022) the
same way from round 6's marks (whose vetoes were built on output2); `output4` (seed 2024) from round 7's (fourth
session: rule 8 and four vetoes built on output..output3; cls had one mark not judged before); `output5` (seed 2026)
from round 8's; `output6` (seed 2030) from round 10's (repeats on another day).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from bench import story_pairs as sp
from bench.near_dups import planner_pass, project_names
from pipeline.dedupe import vetoes
from pipeline.dedupe.story_index import DEFAULT_THRESHOLD, StoryIndex
from pipeline.paths import SHARED_DIR

# Per source: (predicted pairs, decoys) drawn, and the seed of its draw. rthk and the hot lists were redrawn (seed
# 2012, brief outprec20b) once date-only records were read as the planner reads them; rthk has fewer predicted
# pairs than its quota since, so all of them are taken.
QUOTA = {"zh-hans/cls_telegraph_2026": (40, 40), "zh-hans/us_stocks_zh_2026": (40, 40),
         "zh-hant/rthk_finance_2025": (15, 20), "zh-hans/fin_hot_hub_2024_2026": (20, 20)}
SEEDS = {"zh-hans/cls_telegraph_2026": 2011, "zh-hans/us_stocks_zh_2026": 2011, "zh-hant/rthk_finance_2025": 2012,
         "zh-hans/fin_hot_hub_2024_2026": 2012}
# output2: fewer us_stocks rows (its precision was 0.974), every new rthk mark (a handful) beside 20 decoys.
QUOTA2 = {"zh-hans/cls_telegraph_2026": (40, 40), "zh-hans/us_stocks_zh_2026": (30, 30),
          "zh-hant/rthk_finance_2025": (15, 20), "zh-hans/fin_hot_hub_2024_2026": (20, 20)}
# output3: round 6's marks (vetoes built on output2), smaller: what is left unjudged of cls's marks is a few dozen.
QUOTA3 = {"zh-hans/cls_telegraph_2026": (40, 30), "zh-hans/us_stocks_zh_2026": (20, 20),
          "zh-hant/rthk_finance_2025": (15, 10), "zh-hans/fin_hot_hub_2024_2026": (20, 20)}
# output4: round 7's marks (vetoes built on output..output3, entity evidence on the dev splits).
QUOTA4 = {"zh-hans/cls_telegraph_2026": (40, 30), "zh-hans/us_stocks_zh_2026": (30, 20),
          "zh-hant/rthk_finance_2025": (15, 10), "zh-hans/fin_hot_hub_2024_2026": (20, 20)}
# output5: round 8's marks (rule 9 learned on the dev splits; vetoes built on output..output4): the unjudged marks.
QUOTA5 = {"zh-hans/cls_telegraph_2026": (30, 20), "zh-hans/us_stocks_zh_2026": (40, 20),
          "zh-hant/rthk_finance_2025": (15, 10), "zh-hans/fin_hot_hub_2024_2026": (20, 15)}
# output6: round 10's marks (repeats on another day; rule 9 on eleven dev splits): the unjudged marks, most where
# round 10 added them (the hot lists' re-listed topics).
QUOTA6 = {"zh-hans/cls_telegraph_2026": (25, 15), "zh-hans/us_stocks_zh_2026": (25, 15),
          "zh-hant/rthk_finance_2025": (11, 9), "zh-hans/fin_hot_hub_2024_2026": (30, 20)}
SAMPLES = {sp.OUTPUT: (QUOTA, SEEDS), sp.OUTPUT2: (QUOTA2, dict.fromkeys(QUOTA2, 2021)),
           sp.OUTPUT3: (QUOTA3, dict.fromkeys(QUOTA3, 2022)), sp.OUTPUT4: (QUOTA4, dict.fromkeys(QUOTA4, 2024)),
           sp.OUTPUT5: (QUOTA5, dict.fromkeys(QUOTA5, 2026)), sp.OUTPUT6: (QUOTA6, dict.fromkeys(QUOTA6, 2030))}
DECOY_HOURS = 48


def blind_list(sample: str) -> Path:
    """The shuffled list with both texts of each pair: news text, so never in the tree."""
    return Path(f"/tmp/{sample}-blind.txt")


def order_file(sample: str) -> Path:
    """The blind list's rows by number (origins only)."""
    return Path(f"/tmp/{sample}-order.tsv")


def predicted_pairs(records: list[sp.Record], threshold: float = DEFAULT_THRESHOLD,
                    active_vetoes: frozenset[str] = vetoes.ALL) -> list[sp.Pair]:
    """(duplicate_of, document) as record indexes: the planner's pass (bench.near_dups planner_cost), with the
    vetoes a run applies unless `active_vetoes` names fewer (bench/veto_effect.py)."""
    with StoryIndex(None, threshold=threshold, names=project_names(), active_vetoes=active_vetoes) as index:
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


def draw(source: str, rng: random.Random, quota: tuple[int, int],
         judged: set[frozenset[str]]) -> tuple[list[sp.OutputRow], list[sp.Record]]:
    """A source's predicted pairs and decoys at random, none of them a pair in `judged`."""
    records = sp.read_source(SHARED_DIR, source)
    every_predicted = predicted_pairs(records)

    def fresh(pairs: list[sp.Pair]) -> list[sp.Pair]:
        return [(i, j) for i, j in pairs if sp.pair_key(records[i].origin, records[j].origin) not in judged]

    predicted = fresh(every_predicted)
    decoys = fresh(decoy_pool(records, set(every_predicted)))
    print(f"{source}: {len(records)} records, {len(every_predicted)} predicted pairs ({len(predicted)} not judged "
          f"before), {len(decoys)} decoy candidates")
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
    parser.add_argument("--sample", choices=sp.OUTPUTS, default=sp.OUTPUT6, help="the sample --draw/--set write")
    args = parser.parse_args(argv)
    quotas, seeds = SAMPLES[args.sample]
    if args.draw:
        every: list[tuple[sp.OutputRow, sp.Record, sp.Record]] = []
        rng = random.Random(max(seeds[source] for source in args.draw))  # the shuffle
        # output2 leaves out every pair judged anywhere; the first sample was drawn before output files existed
        skip = [sp.fixture_path(source, split=args.sample) for source in args.draw]
        judged = sp.judged_keys(skip=skip) if args.sample != sp.OUTPUT else set()
        for source in args.draw:
            rows, records = draw(source, random.Random(seeds[source]), quotas[source], judged)
            by_origin = {r.origin: r for r in records}
            every += [(row, by_origin[row.a_origin], by_origin[row.b_origin]) for row in rows]
        rng.shuffle(every)
        with blind_list(args.sample).open("w", encoding="utf-8") as fh:
            for n, (_, a, b) in enumerate(every):
                fh.write(f"=== {n}\n")
                for r in (a, b):
                    fh.write(f"  [{r.time or r.day}] {r.title}\n      {r.body[:500]}\n")
        order = [row for row, _, _ in every]
        order_file(args.sample).write_text("\n".join(f"{r.a_origin}\t{r.b_origin}" for r in order) + "\n")
        for source in args.draw:
            sp.write_output_rows(source, [r for r in order if r.source == source], seeds[source],
                                 sample=args.sample)
        return 0
    if args.set:
        rows = {source: sp.read_output_rows(source, sample=args.sample) for source in quotas}
        order = [tuple(line.split("\t")) for line in order_file(args.sample).read_text().splitlines()]
        verdicts = {}
        for line in args.set.read_text().splitlines():
            if line.strip():
                n, verdict, kind = line.split()
                verdicts[order[int(n)]] = (verdict, kind)
        for source, mine in rows.items():
            out = [sp.OutputRow(r.source, r.a_origin, r.a_id, r.b_origin, r.b_id, r.predicted,
                                *verdicts.get((r.a_origin, r.b_origin), (r.verdict, r.kind))) for r in mine]
            sp.write_output_rows(source, out, seeds[source], sample=args.sample)
        return 0
    for sample, (quotas, _) in SAMPLES.items():
        print(f"sample {sample}")
        report({source: sp.read_output_rows(source, sample=sample) for source in quotas})
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
