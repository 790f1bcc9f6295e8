"""How much of the dev news the sentence patterns render: share of segments and of clauses, per rule and per
source, on ../shared/data/news (CFSC-NER test, the first FinNA pairs, CFBenchmark sentiment, cnyes headlines).

    python bench/pattern_coverage.py [--shared PATH] [--finna N] [--examples K]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from pipeline.glossary import compile_glossary
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT
from pipeline.records import Document, Segment
from stages.link import LinkStage
from stages.normalize import NormalizeStage
from stages.segment import SegmentStage
from stages.translators.gloss import GlossTranslator, tidy
from stages.translators.patterns import render_clauses
from stages.translators.verify import check_translation

FINNA_PAIRS = 300
BATCH = 500


def dev_documents(news: Path, finna: int) -> list[Document]:
    """The dev news as documents, in a fixed order; `id` starts with the source's name."""
    hans, hant = news / "zh-hans", news / "zh-hant"
    docs = [Document(f"cfsc{i}", "", r["text"])
            for i, r in enumerate(json.loads((hans / "cfsc_ner_test.json").read_text(encoding="utf-8")))]
    pairs = json.loads((hans / "bbt_fincuge_finna_eval_list.json").read_text(encoding="utf-8"))[:finna]
    docs += [Document(f"finna{i}", title, body) for i, (title, body) in enumerate(pairs)]
    docs += [Document(f"cfbenchmark{i}", "", row["input"])
             for i, row in enumerate(json_lines(hans / "cfbenchmark_basic_sentiment.jsonl"))]
    for path in sorted(hant.glob("cnyes_headlines_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        docs += [Document(f"cnyes-{path.stem[-6:]}-{j}", row["標題"], "") for j, row in enumerate(rows)]
    return docs


def chinese_segments(docs: list[Document], glossary) -> list[Segment]:
    stages = [NormalizeStage(), SegmentStage(glossary), LinkStage(glossary)]
    for stage in stages:
        stage.setup()
    out: list[Segment] = []
    for k in range(0, len(docs), BATCH):
        batch = docs[k:k + BATCH]
        for stage in stages:
            batch = stage.process(batch)
        out += [seg for doc in batch for seg in doc.segments if seg.src_lang == "zh"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared")
    parser.add_argument("--finna", type=int, default=FINNA_PAIRS, help="FinNA pairs to read")
    parser.add_argument("--examples", type=int, default=0, help="print K rendered segments per rule")
    args = parser.parse_args()
    news = args.shared / "data" / "news"
    if not news.exists():
        print(f"pattern coverage skipped: {news} not present (the dev news exists only in development)")
        return 0
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    segments = chinese_segments(dev_documents(news, args.finna), glossary)
    gloss = GlossTranslator(glossary)
    gloss.load()
    rules: Counter[str] = Counter()
    per_source: dict[str, Counter[str]] = {}
    examples: dict[str, list[tuple[str, str]]] = {}
    for seg in segments:
        english, clause_rules = render_clauses(seg, lambda s, e, seg=seg: gloss._gloss_range(seg, s, e))
        matched = [r for r in clause_rules if r]
        source = "cnyes (zh-hant)" if seg.doc_id.startswith("cnyes") else "zh-hans"
        tally = per_source.setdefault(source, Counter())
        tally["segments"] += 1
        tally["clauses"] += len(clause_rules)
        tally["clauses matched"] += len(matched)
        tally["segments with a pattern"] += bool(matched)
        tally["segments all patterns"] += bool(clause_rules) and len(matched) == len(clause_rules)
        if matched:
            flags = check_translation(seg, tidy(english))[1]
            tally["pattern segments flagged"] += bool(flags)
            tally["flag term.qoq (context English)"] += any(f == "term_missing:term.qoq" for f in flags)
        rules.update(matched)
        for rule in set(matched):
            examples.setdefault(rule, []).append((seg.zh or "", tidy(english)))
    print(f"{len(segments)} Chinese segments of the dev news")
    for source, tally in sorted(per_source.items()):
        segs, clauses = tally["segments"], tally["clauses"]
        print(f"  {source}: segments {segs}, with a pattern {tally['segments with a pattern']} "
              f"({tally['segments with a pattern'] / segs:.1%}), every clause {tally['segments all patterns']} "
              f"({tally['segments all patterns'] / segs:.1%}); clauses {clauses}, matched {tally['clauses matched']} "
              f"({tally['clauses matched'] / clauses:.1%}); flagged {tally['pattern segments flagged']} "
              f"(of which 环比 in context English: {tally['flag term.qoq (context English)']})")
    print("clauses per rule: " + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))
    for rule, pairs in examples.items():
        for zh, en in pairs[:args.examples]:
            print(f"[{rule}] {zh}\n    {en}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
