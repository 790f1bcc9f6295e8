"""Why the linker misses a publisher's stock tag: the misses of bench/tagged_recall.py sorted into causes, with
counts and the names behind them, on the tuned months only (May-June; July-August stay held out).

    NEWSBRIDGE_SHARED=/work/shared python -m bench.tagged_miss_causes [--source cls|us] [--examples N]

Causes, first that applies wins:
  risk-warning form     the text writes *ST/ST/退市 + a short name the glossary lacks (*ST闻泰 for 闻泰科技)
  first-days form       N/C + the new listing's name (N惠科, C天海): a name of its first five trading days
  code not in glossary  the tagged code has no entity (a listing newer than every source, a board code)
  inside a longer link  the name is part of a longer name the linker linked (中国石化集团, 人形机器人)
  name not in glossary  the entity exists but not under the name written (a rename since the listing files)
  gate                  the glossary has the name and the gate held it back (context, word boundary, place)
Tags are not gold: part of the last three are right non-links (机器人 the word, 深圳华强北 the street).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict

from bench.tagged_recall import TUNED_MONTHS, Names, Pipeline, read_items
from pipeline.glossary import compile_glossary
from pipeline.glossary.marks import RISK_MARK
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer

DAY_FORM = re.compile(r"^[NC](?=[\u4e00-\u9fff])")
CAUSES = ("risk-warning form", "first-days form", "code not in glossary", "inside a longer link",
          "name not in glossary", "gate")


def cause(form: str, entity: str | None, names: set[str], inside: bool) -> str:
    if RISK_MARK.match(form) and form not in names:
        return CAUSES[0]
    if DAY_FORM.match(form) and form not in names:
        return CAUSES[1]
    if entity is None:
        return CAUSES[2]
    if inside:
        return CAUSES[3]
    return CAUSES[4] if form not in names else CAUSES[5]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("cls", "us"), default="cls")
    parser.add_argument("--examples", type=int, default=12)
    args = parser.parse_args(argv)
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    normalize = TextNormalizer()
    items = read_items()
    names = Names(items, glossary, normalize)
    pipeline = Pipeline(glossary)
    counts: Counter = Counter()
    examples: dict[str, Counter] = defaultdict(Counter)
    present = 0
    for group, rows in items.items():
        if not group.startswith(args.source):
            continue
        for item in rows:
            if item.month not in TUNED_MONTHS:
                continue
            doc = pipeline.run(item.title, item.body)
            mentions = [(m, seg.zh or seg.src) for seg in doc.segments for m in seg.entities]
            linked = {t for m, _ in mentions if m.entity_id in glossary.entries for t in names.tickers_of(m.entity_id)}
            text = f"{doc.title}\n{doc.body}"
            for ticker in dict.fromkeys(t for t, _ in item.tags):
                written = [f for f in names.forms(ticker) if f in text]
                if not written:
                    continue
                present += 1
                if ticker in linked:
                    continue
                form = max(written, key=len)
                entity = names.entity_of.get(ticker)
                own = {normalize(n) for n in glossary.entries[entity].zh_names()} if entity else set()
                inside = any(s.find(form) >= 0 and m.start < s.find(form) + len(form) and s.find(form) < m.end
                             for m, s in mentions)
                why = cause(form, entity, own, inside)
                counts[why] += 1
                examples[why][form] += 1
    total = sum(counts.values())
    print(f"{args.source}, months {', '.join(TUNED_MONTHS)}: {total} misses of {present} tags written "
          f"(recall {(present - total) / max(present, 1):.4f})")
    print("| cause | misses | names (count) |\n|---|---|---|")
    for why in CAUSES:
        shown = ", ".join(f"{n} ({c})" for n, c in examples[why].most_common(args.examples))
        print(f"| {why} | {counts[why]} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
