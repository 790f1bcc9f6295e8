"""A learned "same story" scorer measured by leave-one-split-out on the judged dev pairs (issue 19).

For each of the eleven dev splits (bench.near_dups.DEV) a logistic regression (pipeline/dedupe/pair_model.py) is
trained on the other ten; its threshold is picked on those ten alone, from out-of-fold scores (each training
split scored by a model trained on the other nine), as the lowest at which the training splits' precision is at
least TARGET_PRECISION, but never under THRESHOLD_FLOOR; the held-out split is then scored once. Three predictors
per held-out split and source: (a) the hand rules alone (the index, as bench.near_dups), (b) the hand rules or the
model (the model never joins a pair a hard veto holds, pair_features.hard_veto, nor one rule 9 of the index would
not score: `reachable`), (c) the model alone (same bounds). Then (b) on the fit split in FIT_FOLDS random folds of
connected components (pairs sharing a record stay in one fold), each scored by a model trained on every pair outside
the fold's components: fin_hot_hub's judged pairs are all in the fit split.

    python -m bench.learn_pairs            # held-out P/R per split and per source, (a) (b) (c)
    python -m bench.learn_pairs --write    # ... then train on all eleven splits: pipeline/dedupe/pair_model.json
    python -m bench.learn_pairs --marks    # duplicates per source with and without rule 9, and a sample of new ones
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

import pipeline.dedupe.story_index as si
from bench import story_pairs as sp
from bench.near_dups import DEV, FIT, Tally, predicted_same, project_names, split_of
from pipeline.dedupe import entities as ent
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import pair_model as pm
from pipeline.dedupe import vetoes
from pipeline.paths import SHARED_DIR

# The brief's bar on the training splits: a model that cannot keep the pairs it joins this precise is not used.
TARGET_PRECISION = 0.97
# The least threshold rule 9 gets, whatever the precision bar picks: the model's marks must not flood a source
# (output precision is judged on all of a source's marks). Chosen in round 8 on eight splits: at the picked threshold
# (0.702) the planner's pass marked 34% more documents on cls_telegraph_2026, most of the new marks wrong (two
# remarks of one meeting, two items of one release); marks per source (--marks --threshold) at 0.8 / 0.85 / 0.9:
# cls +13.3% / +8.4% / +6.0%, fin_hot_hub +4.2% / +3.7% / +2.1%, rthk +0 throughout. Held out (the model of the
# other seven splits at a fixed threshold), 0.8 and 0.85 gave dev-blind1..6 the same recall (0.936) and precision
# (0.998), and the fit split 8 and 4 false joins: 0.85. Chosen after seeing those held-out figures, so they flatter
# it a little. Raised to 0.9 in round 9, when rule 9's window grew to a day (story_index.LEARNED_HOURS): at 0.85 the
# retrained model's new marks within minutes on cls and us_stocks were mostly two parts of one release or a news item
# beside its price move; at 0.9 the fit split in folds (fin_hot_hub) kept 52/72 with 2 false joins instead of 3, and
# dev-blind1..7 held out lost 3 of 521 found pairs (R 0.937 -> 0.932, P 0.990 both).
# The window went back to 3 hours after blind8 (story_index.LEARNED_HOURS); 0.9 was kept (held out blind1-7 P 0.992,
# R 0.932).
THRESHOLD_FLOOR = 0.9
# The blind-drawn splits: what the decision is read on (each was measured once before it became dev).
BLINDS = tuple(s for s in DEV if s.startswith("dev-blind"))
BLINDS_LABEL = f"blind1-{len(BLINDS)}"  # the dev blind splits pooled, named by how many there are
MARK_SOURCES = ("zh-hans/cls_telegraph_2026", "zh-hans/us_stocks_zh_2026", "zh-hant/rthk_finance_2025",
                "zh-hans/fin_hot_hub_2024_2026")
NEW_MARKS_SHOWN = 8
MARKS_SEED = 26
# fin_hot_hub's and cls's judged pairs are all in the fit split, so leave-one-split-out scores them with a model that
# never saw a hot-list pair. The fit split is also scored in FIT_FOLDS folds drawn at random (FIT_FOLDS_SEED), each by
# a model trained on every other pair (what the committed weights are trained on beside it): the honest figure for a
# fresh sample of those sources. Folds are drawn by connected component of records (`components`) and a fold's model
# is trained on no pair of the fold's components: a hot-list topic's A-B, B-C and A-C pairs, or a fit pair and a
# dev-blind8 pair of one record, would otherwise be scored by a model that saw the same record. (Round 10: the same
# figures either way, fin_hot_hub 23/72 with 1 false join, cls 1/2 with 2: the fit split's 207 pairs form 195
# components, and rule 9 adds 2 pairs to the hand rules' 21 there.)
FIT_FOLDS = 4
FIT_FOLDS_SEED = 28


@dataclass
class Data:
    """The judged dev pairs (unsure ones left out) as arrays: one row per pair."""

    x: np.ndarray
    y: np.ndarray
    hand: np.ndarray  # the index's verdict (hand rules 1-8 with their vetoes)
    veto: np.ndarray  # a hard veto holds
    reach: np.ndarray  # rule 9 of the index would score the pair (reachable)
    split: np.ndarray
    source: np.ndarray
    records: np.ndarray  # the two records' keys ("source/id"), one row per pair

    @property
    def allowed(self) -> np.ndarray:
        """The pairs the model may join: reachable by rule 9 and under no hard veto."""
        return self.reach & ~self.veto


def _seconds(instant: datetime | None) -> int | None:
    return None if instant is None else int(instant.timestamp())


def side(doc_id: str, text: tuple[str, str], published: datetime | None, names: ent.EntityNames | None,
         timed: bool = True, publisher: str = "") -> pf.Side:
    """A judged record as the index would have it."""
    return pf.Side(doc_id, fp.fingerprint(*text), ent.evidence(names, ent.evidence_text(*text)), _seconds(published),
                   timed, publisher)


def reachable(a: pf.Side, b: pf.Side) -> bool:
    """Whether the index's rule 9 would score the pair when b is matched after a: both dated, within the story
    window, b among a's band candidates, within LEARNED_HOURS or among the retitled path's candidates
    (story_index.retitle_candidates) within RETITLE_HOURS, and past rule 9's cheap bound."""
    if a.published is None or b.published is None or abs(a.published - b.published) > si.WINDOW_HOURS * 3600 or \
            vetoes.other_days(a.published, b.published, a.timed, b.timed) or not si._learned_reach(a.print_, b.print_):
        return False
    if abs(a.published - b.published) <= si.LEARNED_HOURS * 3600 or \
            si.RETITLE_LEARNED and abs(a.published - b.published) <= si.RETITLE_HOURS * 3600 and \
            si.retitle_candidates(a.print_, b.print_):
        return True
    banded = min(a.print_.shingles, b.print_.shingles) >= si.MIN_SHINGLES
    return banded and bool(set(si.band_hashes(a.print_.signature)) & set(si.band_hashes(b.print_.signature)))


def load_data() -> Data:
    """Features, verdicts and the hand rules' answers (rule 9 off) of every judged dev pair."""
    si.LEARNED_RULE = False
    names = project_names()
    x, y, hand, veto, reach, split, source, records = [], [], [], [], [], [], [], []
    for pair in sp.judged_pairs(SHARED_DIR):
        if pair.verdict == sp.UNSURE or split_of(pair) not in DEV:
            continue
        a = side(pair.a_id, pair.a, pair.a_published, names, pair.a_timed, pair.a_publisher)
        b = side(pair.b_id, pair.b, pair.b_published, names, pair.b_timed, pair.b_publisher)
        values = pf.features(a, b)
        x.append(pf.vector(values))
        y.append(pair.verdict == sp.SAME)
        hand.append(predicted_same(pair, si.DEFAULT_THRESHOLD))
        veto.append(pf.hard_veto(values))
        reach.append(reachable(a, b))
        split.append(split_of(pair))
        source.append(sp.source_name(pair.source))
        records.append((f"{pair.source}/{pair.a_id}", f"{pair.source}/{pair.b_id}"))
    si.LEARNED_RULE = True
    return Data(np.array(x), np.array(y, dtype=float), np.array(hand), np.array(veto), np.array(reach),
                np.array(split), np.array(source), np.array(records).reshape(-1, 2))


def components(records: np.ndarray) -> np.ndarray:
    """Each pair's connected component (a label): pairs that share a record, directly or through other pairs, get
    one label. A fold that takes a pair takes its component, so no model is scored on a record it was trained on
    (one hot-list topic's A-B, B-C and A-C pairs)."""
    parent: dict[str, str] = {}

    def root(record: str) -> str:
        while parent.setdefault(record, record) != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for a, b in records:
        parent[root(a)] = root(b)
    return np.unique([root(a) for a, _ in records], return_inverse=True)[1]


def pick_threshold(scores: np.ndarray, y: np.ndarray, base: np.ndarray, allowed: np.ndarray) -> float:
    """The lowest threshold at which `base | (allowed & scores >= t)` keeps precision >= TARGET_PRECISION on these
    pairs (the most recall the bar allows); 1.0 + a hair when none does (the model then joins nothing)."""
    best = 1.0 + 1e-9
    for t in np.unique(scores)[::-1]:
        predicted = base | allowed & (scores >= t)
        if predicted.sum() and y[predicted].mean() >= TARGET_PRECISION:
            best = float(t)
    return best


def out_of_fold(data: Data, train: np.ndarray) -> np.ndarray:
    """Each training pair's score by a model trained on the other training splits."""
    scores = np.zeros(len(data.y))
    for held in sorted(set(data.split[train])):
        inner = train & (data.split != held)
        scores[train & (data.split == held)] = pm.scores(pm.fit(data.x[inner], data.y[inner]),
                                                         data.x[train & (data.split == held)])
    return scores


def held_out(data: Data) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, tuple[float, float]]]:
    """(b)'s and (c)'s held-out predictions, the held-out scores, and the thresholds (b, c) per held-out split."""
    either, alone, scores = np.zeros(len(data.y), bool), np.zeros(len(data.y), bool), np.zeros(len(data.y))
    thresholds = {}
    for held in DEV:
        test, train = data.split == held, data.split != held
        oof = out_of_fold(data, train)
        t_either = max(THRESHOLD_FLOOR, pick_threshold(oof[train], data.y[train], data.hand[train],
                                                       data.allowed[train]))
        t_alone = max(THRESHOLD_FLOOR, pick_threshold(oof[train], data.y[train], np.zeros(train.sum(), bool),
                                                      data.allowed[train]))
        scores[test] = pm.scores(pm.fit(data.x[train], data.y[train]), data.x[test])
        either[test] = data.hand[test] | data.allowed[test] & (scores[test] >= t_either)
        alone[test] = data.allowed[test] & (scores[test] >= t_alone)
        thresholds[held] = (t_either, t_alone)
    return either, alone, scores, thresholds


def within_fit(data: Data) -> np.ndarray:
    """(b)'s predictions on the fit split scored fold by fold (FIT_FOLDS, drawn by connected component of records),
    each fold by a model trained on every pair outside the fold's components, its threshold picked as held_out picks
    it; the other splits' entries are False."""
    labels = components(data.records)
    folds = np.random.default_rng(FIT_FOLDS_SEED).integers(0, FIT_FOLDS, labels.max() + 1)[labels]
    either = np.zeros(len(data.y), bool)
    for k in range(FIT_FOLDS):
        test = (data.split == FIT) & (folds == k)
        train = ~np.isin(labels, labels[test])
        oof = out_of_fold(data, train)
        threshold = max(THRESHOLD_FLOOR, pick_threshold(oof[train], data.y[train], data.hand[train],
                                                        data.allowed[train]))
        scores = pm.scores(pm.fit(data.x[train], data.y[train]), data.x[test])
        either[test] = data.hand[test] | data.allowed[test] & (scores >= threshold)
    return either


def _tally(predicted: np.ndarray, y: np.ndarray) -> Tally:
    t = Tally()
    for p, same in zip(predicted, y, strict=True):
        t.add(bool(p), sp.SAME if same else sp.DIFFERENT, "")
    return t


def _cell(t: Tally) -> str:
    return f"P {t.precision:.3f} R {t.recall:.3f} ({t.tp}/{t.tp + t.fn}, {t.fp} fp)"


def report(data: Data, either: np.ndarray, alone: np.ndarray, thresholds: dict[str, tuple[float, float]]) -> None:
    print(f"{len(data.y)} judged dev pairs ({int(data.y.sum())} same), {data.x.shape[1]} features; held-out "
          f"figures, threshold picked on the other splits for precision >= {TARGET_PRECISION}, at least "
          f"{THRESHOLD_FLOOR}")
    print(f"{'held out':<14} {'(a) hand rules':<36} {'(b) hand rules or model':<36} {'(c) model alone':<36} "
          "thresholds b/c")
    groups = [(s, data.split == s) for s in DEV] + [(BLINDS_LABEL, np.isin(data.split, BLINDS)),
                                                     ("all dev", np.ones(len(data.y), bool))]
    for name, mask in groups:
        t = thresholds.get(name)
        cells = [_cell(_tally(p[mask], data.y[mask])) for p in (data.hand, either, alone)]
        print(f"{name:<14} {cells[0]:<36} {cells[1]:<36} {cells[2]:<36} "
              f"{'' if t is None else f'{t[0]:.3f}/{t[1]:.3f}'}")
    print("\nper source (held-out predictions pooled over the splits)")
    for source in sorted(set(data.source)):
        for label, mask in (("all dev", data.source == source),
                            (BLINDS_LABEL, (data.source == source) & np.isin(data.split, BLINDS))):
            if mask.any():
                cells = [_cell(_tally(p[mask], data.y[mask])) for p in (data.hand, either, alone)]
                print(f"{source:<24} {label:<9} {cells[0]:<36} {cells[1]:<36} {cells[2]:<36}")
    fit_folds = within_fit(data)
    print(f"\nthe fit split in {FIT_FOLDS} folds, each scored by a model trained on every other pair")
    for source in sorted(set(data.source[data.split == FIT])):
        mask = (data.split == FIT) & (data.source == source)
        cells = [_cell(_tally(p[mask], data.y[mask])) for p in (data.hand, fit_folds)]
        print(f"{source:<24} {'fit':<9} {cells[0]:<36} {cells[1]:<36}")


def write(data: Data, scores: np.ndarray, either: np.ndarray, thresholds: dict) -> None:
    """Train on every dev split; the threshold from the held-out scores of all eleven (each split scored by the model
    trained on the other ten), picked as on the training splits."""
    mean, scale, weights, bias = pm.fit(data.x, data.y)
    picked = pick_threshold(scores, data.y, data.hand, data.allowed)
    threshold = max(THRESHOLD_FLOOR, picked)
    figures = {}
    for name, mask in [(s, data.split == s) for s in DEV] + [(BLINDS_LABEL, np.isin(data.split, BLINDS))]:
        a, b = _tally(data.hand[mask], data.y[mask]), _tally(either[mask], data.y[mask])
        figures[name] = {"hand": [round(a.precision, 3), round(a.recall, 3)],
                         "hand_or_model": [round(b.precision, 3), round(b.recall, 3)]}
    out = {
        "format": pm.FORMAT,
        "written_by": "python -m bench.learn_pairs --write",
        "date": datetime.now(UTC).date().isoformat(),
        "splits": list(DEV),
        "pairs": int(len(data.y)),
        "same": int(data.y.sum()),
        "l2": pm.L2,
        "target_precision": TARGET_PRECISION,
        "threshold": round(threshold, 6),
        "threshold_picked": round(picked, 6),
        "threshold_floor": THRESHOLD_FLOOR,
        "held_out": figures,
        "feature_hash": pm.feature_hash(),
        "features": list(pf.FEATURES),
        "mean": [round(float(v), 9) for v in mean],
        "scale": [round(float(v), 9) for v in scale],
        "weights": [round(float(v), 9) for v in weights],
        "bias": round(bias, 9),
    }
    # one key a line, each value on its line: a diff of two writes reads key by key
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in out.items()]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    temporary = pm.WEIGHTS.with_suffix(".json.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(pm.WEIGHTS)
    print(f"\nwrote {pm.WEIGHTS} (threshold {threshold:.4f}, trained on {len(data.y)} pairs)")


def marks(sources: list[str], threshold: float | None = None) -> None:
    """Duplicates per source without and with rule 9 (the same planner pass), and a sample of the new ones;
    `threshold` instead of the weights file's (to see what raising it would do)."""
    from bench.output_precision import predicted_pairs

    if threshold is not None:
        committed = pm.load()
        pm.load = lambda path=pm.WEIGHTS: replace(committed, threshold=threshold)  # what StoryIndex loads
    rng = random.Random(MARKS_SEED)
    for source in sources:
        records = sp.read_source(SHARED_DIR, source)
        counts, found = {}, {}
        for on in (False, True):
            si.LEARNED_RULE = on
            start = time.perf_counter()
            found[on] = set(predicted_pairs(records))
            counts[on] = (len(found[on]), time.perf_counter() - start)
        si.LEARNED_RULE = True
        new = sorted(found[True] - found[False])
        print(f"{sp.source_name(source)}: {counts[False][0]} marks -> {counts[True][0]} "
              f"({(counts[True][0] / max(counts[False][0], 1) - 1) * 100:+.1f}%), {len(new)} new, "
              f"{len(found[False] - found[True])} gone; {counts[False][1]:.1f} s -> {counts[True][1]:.1f} s")
        for i, j in rng.sample(new, min(NEW_MARKS_SHOWN, len(new))):
            print(f"    {records[i].title[:50]!r}  |  {records[j].title[:50]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="train on every dev split and write the weights")
    parser.add_argument("--marks", nargs="*", metavar="SOURCE",
                        help=f"duplicates per source with and without rule 9 (default: {', '.join(MARK_SOURCES)})")
    parser.add_argument("--threshold", type=float, help="with --marks: rule 9's threshold instead of the file's")
    args = parser.parse_args(argv)
    if args.marks is not None:
        marks(args.marks or list(MARK_SOURCES), args.threshold)
        return 0
    start = time.perf_counter()
    data = load_data()
    print(f"(features of {len(data.y)} pairs in {time.perf_counter() - start:.0f} s)")
    either, alone, scores, thresholds = held_out(data)
    report(data, either, alone, thresholds)
    if args.write:
        write(data, scores, either, thresholds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
