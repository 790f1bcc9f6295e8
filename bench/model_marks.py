"""The marks two rule 9 weights files disagree on, in whole sources (issue 19): what a retrained model or new pair
features would add to a run's duplicates and take away from them, pair by pair, to be read before they are
committed.

`bench.learn_pairs --marks` counts the marks with rule 9 off and on; a model that gains held-out pairs can still
mark more wrong pairs in a whole source than the one it replaces (round 10: title-word features gained one held-out
pair and marked five wrong pairs more on cls_telegraph_2026). Here the planner's pass runs once per weights file and
the two sets of marks are compared. A weights file trained before features were appended to
pipeline/dedupe/pair_features.py is read with weight 0 on those (it scores every pair as it did), so main's file
can be compared with a branch's.

    git show main:pipeline/dedupe/pair_model.json > /tmp/before.json
    python -m bench.model_marks /tmp/before.json                  # the committed weights against those
    python -m bench.model_marks /tmp/before.json SOURCE --show 20 # 20 gained and 20 lost marks at random
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from bench import story_pairs as sp
from bench.learn_pairs import MARK_SOURCES
from bench.output_precision import predicted_pairs
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import pair_model as pm
from pipeline.paths import SHARED_DIR

SHOWN = 20
SEED = 29
# characters of a title and of a body shown per record
TITLE_CHARS, BODY_CHARS = 60, 90


def padded(path: Path) -> pm.PairModel:
    """A weights file as a model over today's pair_features.FEATURES: features it was not trained on (appended
    since) get mean 0, scale 1 and weight 0, so it scores every pair as it did."""
    data = json.loads(path.read_text(encoding="utf-8"))
    trained = tuple(data["features"])
    if pf.FEATURES[:len(trained)] != trained:
        raise ValueError(f"{path}: its features are not a prefix of pair_features.FEATURES (renamed or reordered)")
    extra = len(pf.FEATURES) - len(trained)
    return pm.PairModel(pf.FEATURES, np.r_[data["mean"], np.zeros(extra)], np.r_[data["scale"], np.ones(extra)],
                        np.r_[data["weights"], np.zeros(extra)], float(data["bias"]), float(data["threshold"]))


def marks_with(records: list[sp.Record], model: pm.PairModel) -> set[sp.Pair]:
    """The planner's marks (bench.output_precision.predicted_pairs) with `model` as rule 9's weights."""
    committed = pm.load
    pm.load = lambda path=pm.WEIGHTS: model  # what StoryIndex loads
    try:
        return set(predicted_pairs(records))
    finally:
        pm.load = committed


def _line(record: sp.Record) -> str:
    return f"{record.published}  {record.title[:TITLE_CHARS]!r} | {record.body[:BODY_CHARS]!r}"


def compare(source: str, before: pm.PairModel, after: pm.PairModel, shown: int, rng: random.Random) -> None:
    records = sp.read_source(SHARED_DIR, source)
    old, new = marks_with(records, before), marks_with(records, after)
    gained, lost = sorted(new - old), sorted(old - new)
    print(f"{sp.source_name(source)}: {len(old)} marks -> {len(new)}, {len(gained)} gained, {len(lost)} lost")
    for sign, pairs in (("+", gained), ("-", lost)):
        for i, j in sorted(rng.sample(pairs, min(shown, len(pairs)))):
            print(f"{sign}  {_line(records[i])}\n   {_line(records[j])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the weights file to compare the committed one with")
    parser.add_argument("sources", nargs="*", help=f"default: {', '.join(MARK_SOURCES)}")
    parser.add_argument("--after", type=Path, default=pm.WEIGHTS, help="default: the committed pair_model.json")
    parser.add_argument("--show", type=int, default=SHOWN, help="gained and lost marks shown per source, at random")
    args = parser.parse_args(argv)
    before, after, rng = padded(args.before), padded(args.after), random.Random(SEED)
    for source in args.sources or MARK_SOURCES:
        compare(source, before, after, args.show, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
