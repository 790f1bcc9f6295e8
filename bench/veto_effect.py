"""What each veto (pipeline/dedupe/vetoes.py) changes, issue 19 brief prec21: per source, the duplicates marked
(the planner's pass, bench.near_dups planner_pass), the judged output rows still marked (tests/fixtures/
story_pairs_judged/*.output.tsv: precision of what is output), and recall on every judged split, with each judged
SAME pair a veto loses. Each veto is switched on alone (vetoes.ACTIVE), then all together.

    python -m bench.veto_effect [--sources] [--pairs]   (both when neither is given)
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench import story_pairs as sp
from bench.near_dups import BLIND, DEV, predicted_same, split_of
from bench.output_precision import QUOTA, predicted_pairs
from pipeline.dedupe import vetoes
from pipeline.paths import SHARED_DIR

ALL = frozenset(vetoes.ACTIVE)
CONFIGS = {"none": frozenset(), **{name: frozenset({name}) for name in sorted(ALL)}, "all": ALL}


def _switch(active: frozenset[str]) -> None:
    vetoes.ACTIVE.clear()
    vetoes.ACTIVE.update(active)
    vetoes._edits.cache_clear()
    vetoes._words.cache_clear()


def sources() -> None:
    for source in QUOTA:
        records = sp.read_source(SHARED_DIR, source)
        index = {(r.origin, r.id): i for i, r in enumerate(records)}
        rows = sp.read_output_rows(source)
        for name, active in CONFIGS.items():
            _switch(active)
            marked = set(predicted_pairs(records))
            verdicts: Counter = Counter()
            for row in rows:
                pair = (index[(row.a_origin, row.a_id)], index[(row.b_origin, row.b_id)])
                if pair in marked or pair[::-1] in marked:
                    verdicts[row.verdict or "unjudged"] += 1
            judged = {(index[(r.a_origin, r.a_id)], index[(r.b_origin, r.b_id)]) for r in rows}
            new = sum(1 for p in marked if p not in judged and p[::-1] not in judged)
            decided = verdicts[sp.SAME] + verdicts[sp.DIFFERENT]
            precision = verdicts[sp.SAME] / decided if decided else float("nan")
            print(f"{sp.source_name(source):24} {name:10} marks {len(marked):5}  judged rows marked: P "
                  f"{precision:.3f} ({verdicts[sp.SAME]}/{decided}) +{verdicts[sp.UNSURE]} unsure  "
                  f"marks outside the judged rows {new}")


def pairs() -> None:
    judged = [p for p in sp.judged_pairs(SHARED_DIR) if p.verdict != sp.UNSURE]
    _switch(frozenset())
    before = [predicted_same(p, 0.7) for p in judged]
    for name, active in CONFIGS.items():
        if not active:
            continue
        _switch(active)
        after = [predicted_same(p, 0.7) for p in judged]
        for split in (*DEV, BLIND):
            mine = [i for i, p in enumerate(judged) if split_of(p) == split]
            same = [i for i in mine if judged[i].verdict == sp.SAME]
            wrong = [i for i in mine if judged[i].verdict != sp.SAME]
            print(f"{name:10} {split:14} recall {sum(before[i] for i in same)}/{len(same)} -> "
                  f"{sum(after[i] for i in same)}/{len(same)}   false same {sum(before[i] for i in wrong)} -> "
                  f"{sum(after[i] for i in wrong)}")
        for i, p in enumerate(judged):
            if before[i] and not after[i] and p.verdict == sp.SAME:
                print(f"    LOST [{split_of(p)} {p.source} {p.generator} {p.kind}] {p.a[0][:40]!r} | {p.b[0][:40]!r}")
    _switch(ALL)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", action="store_true")
    parser.add_argument("--pairs", action="store_true")
    args = parser.parse_args(argv)
    if args.pairs or not args.sources:
        pairs()
    if args.sources or not args.pairs:
        sources()


if __name__ == "__main__":
    main()
