"""Why the held-out fixture's misses are missed when the glossary holds the name, and what each precision rule
costs and buys on it: issue 16's "every precision rule reports the recall it costs on other sources".

For every miss of the judged fresh rounds (bench/fresh_eval.py's scorer, one definition of a miss) whose surface
the glossary holds for the gold entity, the cause is found by elimination:
  - a rule of NameMatcher._check (bench/rule_costs.RULES, switched off one at a time as rule_costs does): the miss
    is found with that rule off; "several rules" when only all rules off find it;
  - `overlap`: the automaton's pass chose another, longer or earlier, name over the gold span (韩国KOSPI指数);
  - `wrong entity`: the gold span is linked, to another entity (locale, script or country context);
  - `later step`: the glossary's own pass finds the name, the link stage's later steps (person context, country
    context) drop it;
  - `not in this script or locale`: the name links another script's or locale's entry only.
Then, per rule: the fresh misses it causes (by round and source), the fresh false positives it prevents (links that
appear and are wrong with the rule off) and, with --dev, the links it removes on the publisher-tagged dev set
(bench/rule_costs.run_tagged: cls_telegraph_2026, us_stocks_zh_2026).

    NEWSBRIDGE_SHARED=/work/shared python -m bench.miss_causes [--round all] [--rules a,b] [--dev] [--list]

--list prints each held miss with its cause (surface, key and place only: no news text).
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from bench.fresh_eval import FreshScore, judged_segments, load_rows, miss_label, round_files, score_row
from bench.linking_eval import (
    JUDGED_TYPES,
    Pipeline,
    entity_keys,
    key_matches,
    read_records,
    record_origins,
    same_mention,
)
from bench.rule_costs import RULES, run_tagged, with_rules_off
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.paths import PROJECT_ROOT
from pipeline.records import Document

# The causes that are no rule of _check, in the order they are tried.
OVERLAP, WRONG_ENTITY, LATER_STEP, NOT_HERE, SEVERAL = (
    "overlap", "wrong entity", "later step", "not in this script or locale", "several rules")


class LinkOnlyPipeline(Pipeline):
    """The scorer's pipeline with normalize and segment run once per record: only the link stage reads the rules,
    so a rule switched off needs the link stage alone run again."""

    def __init__(self, glossary: CompiledGlossary) -> None:
        super().__init__(glossary)
        self._segmented: dict[tuple, Document] = {}

    def run(self, title: str, body: str, doc_id: str = "judged", meta: dict | None = None) -> Document:
        key = (title, body, doc_id, tuple(sorted((meta or {}).items())))
        doc = self._segmented.get(key)
        if doc is None:
            docs = [Document(id=doc_id, title=title, body=body, meta=dict(meta or {}))]
            for stage in self.stages[:-1]:
                docs = stage.process(docs)
            doc = self._segmented[key] = docs[0]
        return self.stages[-1].process([copy.deepcopy(doc)])[0]


@dataclass
class RowOutcome:
    misses: set[str] = field(default_factory=set)
    false_positives: set[str] = field(default_factory=set)


def outcome(row: dict, glossary: CompiledGlossary, pipeline: Pipeline) -> RowOutcome:
    result = FreshScore()
    score_row(row, glossary, pipeline, result)
    return RowOutcome(set(result.misses), set(result.false_positives))


def round_of(path: Path) -> str:
    return path.parent.name


def held_names(glossary: CompiledGlossary) -> dict[str, set[str]]:
    """Every Chinese or Latin name the matcher holds (lowercased) → the entries it can link, in any script or
    locale."""
    out: dict[str, set[str]] = defaultdict(set)
    matcher = glossary._zh
    for name, info in zip(matcher.patterns, matcher.infos, strict=True):
        out[name].update(i for i in (info.entry_id, *(i for _, i in info.scripts)) if i)
    return out


def holds(gold: dict, names: dict[str, set[str]], glossary: CompiledGlossary) -> bool:
    """The glossary holds a name for the gold entity that is the gold span as the scorer compares spans (a legal
    form or a status marker apart)."""
    surface = gold["surface"].lower()
    for i in range(len(surface)):
        for j in range(i + 1, len(surface) + 1):
            ids = names.get(surface[i:j])
            if ids and same_mention(surface, (i, j), (0, len(surface))) \
                    and any(key_matches(gold["key"], entity_keys(glossary, e)) for e in ids):
                return True
    return False


def structural_cause(row: dict, gold: dict, glossary: CompiledGlossary, pipeline: Pipeline) -> str:
    """Why a held miss is missed when no rule of _check is the cause (all rules are on here)."""
    doc = pipeline.run(*read_records(row["source"])[row["record"]], meta=record_origins(row["source"])[row["record"]])
    text = doc.title if row["part"] == "title" else doc.body
    span = (gold["start"], gold["end"])
    raw = False
    for seg, at in judged_segments(doc, row):
        for m in seg.entities:
            if m.type not in JUDGED_TYPES:
                continue
            s, e = m.start + at, m.end + at
            if same_mention(text, (s, e), span):
                return WRONG_ENTITY
            if s < span[1] and span[0] < e:
                return OVERLAP
        for s, e, entry_id in glossary.find(seg.zh or "", "zh", seg.script, seg.locale):
            if same_mention(text, (s + at, e + at), span):
                raw = raw or key_matches(gold["key"], entity_keys(glossary, entry_id))
    return LATER_STEP if raw else NOT_HERE


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", default="all")
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("--dev", action="store_true", help="also the links each rule removes on the tagged dev set")
    parser.add_argument("--list", action="store_true", help="every held miss with its cause")
    parser.add_argument("--context", action="store_true",
                        help="with --list, a few characters of news around each miss (the held-out text: for the "
                             "eye only, never into the tree)")
    args = parser.parse_args(argv)
    rules = args.rules.split(",")
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    pipeline = LinkOnlyPipeline(glossary)
    rows = [(round_of(path), path.stem, row) for path in round_files(["--round", args.round])
            for row in load_rows(path)]
    base = [outcome(row, glossary, pipeline) for _, _, row in rows]
    names = held_names(glossary)
    held: dict[str, tuple[str, str, int, dict]] = {}  # miss label → (round, source, row index, gold)
    all_misses = 0
    for n, ((rnd, source, row), out) in enumerate(zip(rows, base, strict=True)):
        for gold in row["gold"]:
            label = miss_label(row, gold)
            if label in out.misses:
                all_misses += 1
                if holds(gold, names, glossary):
                    held[label] = (rnd, source, n, gold)
    causes: dict[str, str] = {}
    prevented: dict[str, Counter] = {}
    for rule in rules:
        prevented[rule] = Counter()
        for (rnd, source, row), out in zip(rows, base, strict=True):
            off = with_rules_off(frozenset({rule}), lambda row=row: outcome(row, glossary, pipeline))
            for label in out.misses - off.misses:
                if label in held:
                    causes.setdefault(label, rule)  # the first rule in _check's order that rejects it
            prevented[rule][rnd, source] += len(off.false_positives - out.false_positives)
    everything = frozenset(RULES)
    for label, (_, _, n, gold) in held.items():
        if label in causes:
            continue
        row = rows[n][2]
        off = with_rules_off(everything, lambda row=row: outcome(row, glossary, pipeline))
        if label in off.misses:
            causes[label] = structural_cause(row, gold, glossary, pipeline)
            continue
        # Which two rules together (a context-needing name that does not visibly end is rejected by
        # context_ends_word, and without it still needs context_words' market context).
        causes[label] = next((f"{a}+{b}" for a, b in combinations(rules, 2)
                              if label not in with_rules_off(frozenset({a, b}),
                                                             lambda row=row: outcome(row, glossary, pipeline)).misses),
                             SEVERAL)
    dev_removed: dict[str, int] = {}
    if args.dev:
        from bench.tagged_items import tagged_items

        items = list(tagged_items(glossary))
        on = run_tagged(items, glossary)
        for rule in rules:
            off_tagged = with_rules_off(frozenset({rule}), lambda: run_tagged(items, glossary))
            dev_removed[rule] = sum(len(off_tagged[s].links - on[s].links) for s in on)
    print(f"fresh rounds {args.round}: {len(rows)} segments, {all_misses} misses, {len(held)} of them names the "
          f"glossary holds for the gold entity")
    by_cause: dict[str, Counter] = defaultdict(Counter)
    for label, cause in causes.items():
        rnd, source, _, _ = held[label]
        by_cause[cause][rnd, source] += 1
    print("\ncause: held misses it causes (by round/source) | fresh false positives it prevents"
          + (" | dev links it removes" if args.dev else ""))
    pairs = sorted({c for c in causes.values() if "+" in c})
    for cause in [*rules, *pairs, OVERLAP, WRONG_ENTITY, LATER_STEP, NOT_HERE, SEVERAL]:
        caused = by_cause.get(cause, Counter())
        stopped = prevented.get(cause, Counter())
        if not caused and not stopped.total() and not dev_removed.get(cause):
            continue
        where = ", ".join(f"{r}/{s} {k}" for (r, s), k in sorted(caused.items()))
        fps = stopped.total() if cause in prevented else "-"
        dev = f" | {dev_removed[cause]}" if cause in dev_removed else ""
        print(f"  {cause:<28} {caused.total():>3} ({where or '-'}) | {fps}{dev}")
    if args.list:
        print("\nheld misses:")
        for label, cause in sorted(causes.items(), key=lambda kv: (kv[1], kv[0])):
            around = ""
            if args.context:
                _, _, n, gold = held[label]
                row = rows[n][2]
                doc = pipeline.run(*read_records(row["source"])[row["record"]],
                                   meta=record_origins(row["source"])[row["record"]])
                text = doc.title if row["part"] == "title" else doc.body
                around = f"  …{text[max(0, gold['start'] - 8):gold['end'] + 10]}…"
            print(f"  [{cause}] {label}{around}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
