"""What each precision rule of the linker costs in recall and buys in precision, measured together.

For every per-hit rule of NameMatcher._check (compiled.DISABLED_RULES names them), the rule is switched off and
the linker run again on
  (a) the hand-judged fixture tests/fixtures/linking_judged (bench/linking_eval.py's scorer; CFSC,
      CFBenchmark, FinNA, cnyes): links the rule removes, recall it costs, precision it buys, per source;
  (b) the publisher-tagged recall set from other sources (bench/tagged_items.py: cls_telegraph_2026 A-share
      tags, us_stocks_zh_2026 US/HK tags): links the rule removes, of them how many were tagged gold (its
      recall cost there) and how many not (unjudged: mostly what it is for).

    NEWSBRIDGE_SHARED=/work/shared python -m bench.rule_costs [--rules a,b] [--show N]

--show N prints N of the untagged links each rule removes on (b), for an eye to judge.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field

import pipeline.glossary.compiled as compiled
from bench.linking_eval import HEADLINES_FILE, JUDGED_TYPES, SEGMENTS_FILE, Pipeline, Score, Tally, load_fixture, score
from bench.tagged_items import Item, tagged_items
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.paths import PROJECT_ROOT

# Every rule _check can switch off, in the order it asks them.
RULES = ("case", "product_code", "latin_boundary", "own_code", "fund_name", "indicator", "home_script", "bare_word",
         "org_after_place", "government_forces", "place_reading", "publication", "longer_org", "parent_group",
         "longer_name", "phrase_run_on",
         "legal_name_place", "lone_char", "word_boundary", "longer_proper_noun", "common_word_edge",
         "listed_with_words", "context_ends_word", "context_starts_word", "context_words", "foreign_name", "event_name",
         "place_context", "scheme_name", "street_name", "other_given_name", "longer_person_name")
SCRIPT = "hans"  # both recall sources are Simplified


@dataclass
class TaggedScore:
    gold: int = 0
    found: int = 0
    links: set[tuple[str, int, int, str]] = field(default_factory=set)  # (item, start, end, entity)
    on_gold: set[tuple[str, int, int, str]] = field(default_factory=set)


def run_tagged(items: list[Item], glossary: CompiledGlossary) -> dict[str, TaggedScore]:
    out: dict[str, TaggedScore] = defaultdict(TaggedScore)
    for item in items:
        result = out[item.source]
        mentions = [m for m in glossary.find(item.text, "zh", SCRIPT)
                    if glossary.entries[m.entry_id].type in JUDGED_TYPES]
        for m in mentions:
            result.links.add((item.id, m.start, m.end, m.entry_id))
        for t in item.gold:
            hit = next((m for m in mentions if m.start <= t.start and t.end <= m.end and m.entry_id == t.entity_id),
                       None)
            result.gold += 1
            if hit is not None:
                result.found += 1
                result.on_gold.add((item.id, hit.start, hit.end, hit.entry_id))
    return out


def run_fixture(glossary: CompiledGlossary, pipeline: Pipeline) -> dict[str, Tally]:
    segments: Score = score(load_fixture(SEGMENTS_FILE), glossary, pipeline)
    headlines: Score = score(load_fixture(HEADLINES_FILE), glossary, pipeline)
    return {"judged (all)": segments.overall, **{f"  {k}": v for k, v in sorted(segments.by_source.items())},
            "  cnyes headlines": headlines.overall}


def with_rules_off(rules: frozenset[str], fn):
    compiled.DISABLED_RULES = rules
    try:
        return fn()
    finally:
        compiled.DISABLED_RULES = frozenset()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    pipeline = Pipeline(glossary)
    items = list(tagged_items(glossary))
    texts = {item.id: item.text for item in items}
    base_fixture = run_fixture(glossary, pipeline)
    base_tagged = run_tagged(items, glossary)
    print("all rules on:")
    for label, t in base_fixture.items():
        print(f"  {label:<22} precision {t.precision:.3f} ({t.correct}/{t.linked})  recall {t.recall:.3f} "
              f"({t.found}/{t.gold})")
    for source, t in sorted(base_tagged.items()):
        print(f"  {source:<22} tagged recall {t.found / t.gold:.3f} ({t.found}/{t.gold}), {len(t.links)} links")
    print("\nrule off → judged: links the rule removes, what it does to recall (negative: it costs) and precision "
          "(positive: it buys); tagged sets: links it removes, of them tagged gold (its recall cost) and untagged")
    for rule in args.rules.split(","):
        fixture = with_rules_off(frozenset({rule}), lambda: run_fixture(glossary, pipeline))
        tagged = with_rules_off(frozenset({rule}), lambda: run_tagged(items, glossary))
        parts = []
        for label, on in base_fixture.items():
            off = fixture[label]
            removed = off.linked - on.linked
            if removed or label == "judged (all)":
                parts.append(f"{label.strip()}: {removed:+d} links, recall {on.recall - off.recall:+.3f}, "
                             f"precision {on.precision - off.precision:+.3f}")
        print(f"\n{rule}")
        for part in parts:
            print(f"  {part}")
        for source, on in sorted(base_tagged.items()):
            off = tagged[source]
            removed = off.links - on.links
            cost = off.found - on.found
            print(f"  {source}: removes {len(removed)} links; recall -{cost / on.gold:.4f} ({cost} tagged), "
                  f"{len(removed) - len(off.on_gold - on.on_gold)} untagged")
            if args.show and removed:
                untagged = sorted(removed - off.on_gold)
                for item_id, start, end, entity_id in random.Random(rule).sample(untagged, min(args.show,
                                                                                               len(untagged))):
                    text = texts[item_id]
                    print(f"      {entity_id:<12} …{text[max(0, start - 8):start]}[{text[start:end]}]"
                          f"{text[end:end + 8]}…".replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
