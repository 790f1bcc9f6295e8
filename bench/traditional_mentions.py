"""Mention counts per ticker in one month of real Traditional-Chinese headlines (../shared, cnyes).

    python bench/traditional_mentions.py [CSV]   (default: 2025-03)
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer
from stages.link import LinkStage

# The headlines are written in Traditional characters: Taiwan-only aliases apply (超微 is AMD there).
TRADITIONAL = "hant"
DEFAULT = PROJECT_ROOT.parent / "shared" / "data" / "news" / "zh-hant" / "cnyes_headlines_202503.csv"


def mention_counts(path: Path, glossary: CompiledGlossary) -> tuple[int, Counter[str]]:
    normalize = TextNormalizer()
    linker = LinkStage(glossary)
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for m in linker.mentions(normalize(row["標題"]), "zh", TRADITIONAL):
            if m.ticker:
                counts[f"{m.ticker} {m.canonical}"] += 1
    return len(rows), counts


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"skip: {path} not present")
        return 0
    n, counts = mention_counts(path, compile_glossary(PROJECT_ROOT / "glossaries"))
    print(f"{path.name}: {n} headlines, {sum(counts.values())} mentions with a ticker, {len(counts)} tickers")
    for name, count in counts.most_common(25):
        print(f"  {count:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
