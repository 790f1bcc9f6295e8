"""Why a judged "same" pair is missed: never a candidate, a candidate scored low, or vetoed (issue 19, round 11).

Round 11 asked what would catch a publisher's flash beside its full item worded apart (rthk, the telegraph). This
bench says, for each missed judged-same pair of the dev splits (`--kind flash_full` by default), where rule 9 lost
it, with ids and figures only (no news text: read the titles with `bench.near_dups --dev --errors`):

- `reach`: whether rule 9's cheap bound lets the pair be scored at all (story_index._learned_reach: MinHash
  similarity >= LEARNED_SIMILARITY or title overlap >= LEARNED_TITLE_OVERLAP), and whether the two share a band
  (the near path's lookup, which reaches beyond the window);
- `rank`: in a one-run planner pass over the whole source, how many records rule 9's window reads before the earlier
  one when the later is matched (window_rank; the window reads TITLE_CANDIDATES: beyond that rank, a document only
  the window reaches is never a candidate);
- the model's score, the hard vetoes that hold, and the three features that pull the score down most (weight times
  standardized value).

It also prints, per source, how well the overlap of the two texts' character bigrams (the smaller text's share
found in the larger, exact: the ceiling of any bounded body sketch the index could keep) tells judged-same pairs
from judged-different ones, with the guards a template needs (every figure both ways, no title veto, no Latin name
or move missing, one day): what decided round 11 against a containment rule (docs/benchmarks.md).

    python -m bench.flash_misses                   # flash_full misses on the dev splits, and the overlap table
    python -m bench.flash_misses --kind hotlist_repeat
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from bench import story_pairs as sp
from bench.learn_pairs import side
from bench.near_dups import BLIND, predicted_same, project_names, split_of
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import pair_model as pm
from pipeline.dedupe import story_index as si
from pipeline.paths import SHARED_DIR

# The smaller text's bigram share found in the larger, at which the overlap table counts pairs.
OVERLAP_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9)
# Features shown per miss, the ones that lower its score most.
PULLS_SHOWN = 3


@dataclass(frozen=True)
class Miss:
    """Where rule 9 lost one judged pair (no text: ids, figures and feature names)."""

    reached: bool  # past rule 9's cheap bound (_learned_reach)
    banded: bool  # the two share a band hash: the near path's lookup finds the earlier one wherever it lies
    rank: int | None  # records the window reads before the earlier one (window_rank; None: beyond LEARNED_HOURS
    # apart, or an instant unknown: the window never reaches it)
    score: float
    vetoes: tuple[str, ...]  # hard vetoes that hold (pair_features.hard_veto's features)
    pulls: tuple[str, ...]  # the features that lower the score most

    @property
    def verdict(self) -> str:
        """One word: why the pair was not joined."""
        if self.vetoes:
            return "vetoed"
        if not self.reached or not self.banded and (self.rank is None or self.rank >= si.TITLE_CANDIDATES):
            return "no-candidate"
        return "scored-low"


def bigram_overlap(smaller: str, larger: str) -> float:
    """The share of the smaller text's character bigrams found in the larger's (exact sets): the overlap
    coefficient rule 9's title features read (pair_features._overlap), taken over whole texts."""
    return pf._overlap(smaller, larger)[0]


def guarded(values: dict[str, float]) -> bool:
    """The guards a containment rule would need against a recurring template's two items: every figure of each text
    in the other, no title figure in conflict, no Latin name of the shorter title missing from the longer, no move
    untold, one calendar day and no hard veto."""
    return values["numbers_in_larger"] == 1.0 and values["numbers_in_smaller"] == 1.0 and \
        not values["title_figures_conflict"] and not values["latin_missing"] and not values["title_moves_untold"] \
        and not values["price_move_mismatch"] and bool(values["same_day"]) and not pf.hard_veto(values)


def explain(a: pf.Side, b: pf.Side, model: pm.PairModel, rank: int | None = None) -> Miss:
    """Why rule 9 does not join b (matched after a) to a."""
    values = pf.features(a, b)
    contributions = (pf.vector(values) - model.mean) / model.scale * model.weights
    pulls = tuple(model.features[i] for i in np.argsort(contributions)[:PULLS_SHOWN] if contributions[i] < 0)
    banded = min(a.print_.shingles, b.print_.shingles) >= si.MIN_SHINGLES and \
        bool(set(si.band_hashes(a.print_.signature)) & set(si.band_hashes(b.print_.signature)))
    held = tuple(name for name in (*pf.VETO_FEATURES, "digest_one") if values[name])
    return Miss(si._learned_reach(a.print_, b.print_), banded, rank, model.score(values), held, pulls)


def window_rank(instants: list[int | None], earlier: int, later: int) -> int:
    """How many records rule 9's window reads before the earlier of a pair (`earlier`, `later`: positions in a
    source's input order; `instants`: each record's publication instant) when the later is matched in a one-run
    planner pass: the records before the later one in input order, nearer in time than the earlier, or as near and
    later in input order than it (story_index: of equally near documents the latest first, see LEARNED_HOURS)."""
    mine, gap = instants[later], abs(instants[later] - instants[earlier])
    return sum(1 for n in range(later) if n != earlier and instants[n] is not None and
               (abs(instants[n] - mine) < gap or abs(instants[n] - mine) == gap and n > earlier))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="flash_full", help="the judged kind of the misses listed")
    args = parser.parse_args(argv)
    model = pm.load()
    if model is None:
        raise SystemExit("no rule 9 weights (pair_model.json)")
    names = project_names()
    orders: dict[str, tuple[dict[str, int], list[int | None]]] = {}  # source: (position by id, instants)
    overlap: dict[str, list[tuple[bool, float, bool]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for pair in sp.judged_pairs(SHARED_DIR):
        if pair.verdict == sp.UNSURE or split_of(pair) == BLIND:
            continue
        a = side(pair.a_id, pair.a, pair.a_published, names, pair.a_timed, pair.a_publisher)
        b = side(pair.b_id, pair.b, pair.b_published, names, pair.b_timed, pair.b_publisher)
        smaller, larger = sorted((a.print_.text, b.print_.text), key=len)
        overlap[pair.source].append((pair.verdict == sp.SAME, bigram_overlap(smaller, larger),
                                     guarded(pf.features(a, b))))
        if pair.verdict != sp.SAME or pair.kind != args.kind or predicted_same(pair, si.DEFAULT_THRESHOLD):
            continue
        if pair.source not in orders:
            records = sp.read_source(SHARED_DIR, pair.source)
            orders[pair.source] = ({r.id: n for n, r in enumerate(records)},
                                   [None if r.published is None else int(r.published.timestamp()) for r in records])
        position, instants = orders[pair.source]
        first, second = sorted((position[pair.a_id], position[pair.b_id]))
        rank = window_rank(instants, first, second) if instants[first] is not None and instants[second] is not None \
            and abs(instants[second] - instants[first]) <= si.LEARNED_HOURS * 3600 else None
        miss = explain(a, b, model, rank)
        counts[f"{sp.source_name(pair.source)} {miss.verdict}"] += 1
        print(f"{split_of(pair):<14} {sp.source_name(pair.source):<24} {pair.generator:<18} {pair.a_id} {pair.b_id} "
              f"{miss.verdict:<12} reach={int(miss.reached)} band={int(miss.banded)} rank={miss.rank} "
              f"score={miss.score:.2f} vetoes={','.join(miss.vetoes) or '-'} pulls={','.join(miss.pulls)}")
    print()
    for key, n in sorted(counts.items()):
        print(f"{key}: {n}")
    print("\nsmaller text's bigram share in the larger, judged dev pairs: same / different at or above (guarded)")
    for source, rows in sorted(overlap.items()):
        same = sum(s for s, _, _ in rows)
        cells = []
        for step in OVERLAP_STEPS:
            over = [(s, g) for s, o, g in rows if o >= step]
            cells.append(f">={step}: {sum(s for s, _ in over)}/{same} vs {sum(not s for s, _ in over)} "
                         f"({sum(s and g for s, g in over)} vs {sum(not s and g for s, g in over)})")
        print(f"{sp.source_name(source):<24} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
