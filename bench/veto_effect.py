"""What each veto (pipeline/dedupe/vetoes.py) changes, issue 19 (briefs prec21, prec26): per source, the marks
(the planner's pass, bench.near_dups planner_pass) a veto removes, tallied by their blind verdict in any output
sample (tests/fixtures/story_pairs_judged/*.output*.tsv: judged right, judged wrong, unsure, never judged), and on
every judged split the SAME pairs it loses and the false same it refuses.

By default each veto's share of the full set: every veto on (vetoes.ALL) against every veto but that one, so a mark
two vetoes both refuse is counted for neither (it is listed under "all" against none). With --alone, each veto
alone against none, as brief prec21 measured them. The veto set is each index's own (StoryIndex(active_vetoes=...)),
so nothing of the module is switched.

    python -m bench.veto_effect [--sources] [--pairs] [--alone] [--vetoes NAME ...]   (both when neither is given)
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench import story_pairs as sp
from bench.near_dups import BLIND, DEV, predicted_same, split_of
from bench.output_precision import QUOTA, predicted_pairs
from pipeline.dedupe import vetoes
from pipeline.paths import SHARED_DIR

NONE: frozenset[str] = frozenset()
UNJUDGED = "unjudged"


def configs(names: list[str], alone: bool) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per label, (the vetoes before, the vetoes after): what the label's veto(s) remove is marked before, not after."""
    if alone:
        out = {name: (NONE, frozenset({name})) for name in names}
    else:
        out = {name: (vetoes.ALL - {name}, vetoes.ALL) for name in names}
    out["all"] = (NONE, vetoes.ALL)
    return out


def verdicts(source: str) -> dict[frozenset[str], str]:
    """Each judged pair of the source's output samples (by pair_key) -> its verdict, the latest sample's last."""
    out = {}
    for sample in sp.OUTPUTS:
        for row in sp.read_output_rows(source, sample=sample):
            if row.verdict:
                out[sp.pair_key(row.a_origin, row.b_origin)] = row.verdict
    return out


def marks(records: list[sp.Record], active: frozenset[str]) -> set[frozenset[str]]:
    """The marks of the planner's pass with the `active` vetoes, as pair keys."""
    return {sp.pair_key(records[i].origin, records[j].origin) for i, j in
            predicted_pairs(records, active_vetoes=active)}


def sources(labels: dict[str, tuple[frozenset[str], frozenset[str]]]) -> None:
    for source in QUOTA:
        records = sp.read_source(SHARED_DIR, source)
        judged = verdicts(source)
        found: dict[frozenset[str], set] = {}
        for before, after in labels.values():
            for active in (before, after):
                if active not in found:
                    found[active] = marks(records, active)
        print(f"{sp.source_name(source)}: marks with every veto {len(found[vetoes.ALL])}, with none "
              f"{len(found[NONE]) if NONE in found else '-'}")
        for label, (before, after) in labels.items():
            removed = Counter(judged.get(key, UNJUDGED) for key in found[before] - found[after])
            added = len(found[after] - found[before])
            print(f"    {label:14} removes {sum(removed.values()):4}: wrong {removed[sp.DIFFERENT]}, right "
                  f"{removed[sp.SAME]}, unsure {removed[sp.UNSURE]}, unjudged {removed[UNJUDGED]}"
                  + (f"  (adds {added})" if added else ""))
        every = Counter(judged.get(key, UNJUDGED) for key in found[vetoes.ALL])
        decided = every[sp.SAME] + every[sp.DIFFERENT]
        precision = f"{every[sp.SAME] / decided:.3f}" if decided else "-"
        print(f"    marks judged in any output sample: P {precision} ({every[sp.SAME]}/{decided}) "
              f"+{every[sp.UNSURE]} unsure, {every[UNJUDGED]} never judged")


def pairs(labels: dict[str, tuple[frozenset[str], frozenset[str]]]) -> None:
    judged = [p for p in sp.judged_pairs(SHARED_DIR) if p.verdict != sp.UNSURE]
    cache: dict[frozenset[str], list[bool]] = {}

    def predicted(active: frozenset[str]) -> list[bool]:
        if active not in cache:
            cache[active] = [predicted_same(p, 0.7, active_vetoes=active) for p in judged]
        return cache[active]

    for label, (before_set, after_set) in labels.items():
        before, after = predicted(before_set), predicted(after_set)
        for split in (*DEV, BLIND):
            mine = [i for i, p in enumerate(judged) if split_of(p) == split]
            same = [i for i in mine if judged[i].verdict == sp.SAME]
            wrong = [i for i in mine if judged[i].verdict != sp.SAME]
            print(f"{label:14} {split:14} recall {sum(before[i] for i in same)}/{len(same)} -> "
                  f"{sum(after[i] for i in same)}/{len(same)}   false same {sum(before[i] for i in wrong)} -> "
                  f"{sum(after[i] for i in wrong)}")
        for i, p in enumerate(judged):
            if before[i] and not after[i] and p.verdict == sp.SAME:
                print(f"    LOST [{split_of(p)} {p.source} {p.generator} {p.kind}] {p.a[0][:40]!r} | {p.b[0][:40]!r}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", action="store_true", help="marks removed per source")
    parser.add_argument("--pairs", action="store_true", help="judged pairs per split")
    parser.add_argument("--alone", action="store_true", help="each veto alone against none")
    parser.add_argument("--vetoes", nargs="+", choices=sorted(vetoes.ALL), default=sorted(vetoes.ALL),
                        metavar="NAME", help=f"the vetoes measured (of {', '.join(sorted(vetoes.ALL))})")
    args = parser.parse_args(argv)
    labels = configs(args.vetoes, args.alone)
    if args.pairs or not args.sources:
        pairs(labels)
    if args.sources or not args.pairs:
        sources(labels)


if __name__ == "__main__":
    main()
