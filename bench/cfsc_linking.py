"""Entity-linking recall and precision on the real CFSC-NER test sentences (../shared), against gold
`Corporate` spans whose text is a listed company's name in the glossary.

    python bench/cfsc_linking.py [PATH_TO_cfsc_ner_test.json]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer
from stages.link import LinkStage

DEFAULT = PROJECT_ROOT.parent / "shared" / "data" / "news" / "zh-hans" / "cfsc_ner_test.json"
LISTED_TYPES = ("company",)


@dataclass
class LinkingScore:
    gold: int = 0
    gold_linked: int = 0
    linked: int = 0
    linked_on_gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.gold_linked / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.linked_on_gold / self.linked if self.linked else 1.0


def score(rows: list[dict], glossary: CompiledGlossary) -> LinkingScore:
    """Gold: Corporate spans whose normalized text is the name of a listed company in the glossary.
    Recall: such spans linked, at exactly that span, to that company's ticker. Precision: linked company
    mentions that sit exactly on a gold Corporate span with the expected ticker, among linked company
    mentions that overlap any gold Corporate span (mentions elsewhere cannot be judged from the gold)."""
    normalize = TextNormalizer()
    linker = LinkStage(glossary)
    result = LinkingScore()
    for row in rows:
        text = row["text"]
        if normalize(text) != text:
            continue  # offsets would shift; the corpus is already clean Simplified text
        gold = {}
        for label in row.get("labels", []):
            if label.get("Level 1 Aspect") != "Corporate":
                continue
            entry_id = glossary.zh_keys.get(normalize(label["text"]))
            entry = glossary.entries.get(entry_id) if entry_id else None
            if entry is None or entry.type not in LISTED_TYPES or not entry.ticker:
                continue
            gold[(label["from"], label["to"])] = entry.ticker
        corporate = [(lb["from"], lb["to"]) for lb in row.get("labels", []) if lb.get("Level 1 Aspect") == "Corporate"]
        mentions = [m for m in linker.mentions(text, "zh") if m.type in LISTED_TYPES]
        found = {(m.start, m.end): m.ticker for m in mentions}
        for span, ticker in gold.items():
            result.gold += 1
            if found.get(span) == ticker:
                result.gold_linked += 1
            else:
                result.misses.append(f"{text[span[0]:span[1]]} ({ticker}) in: {text[:60]}")
        for m in mentions:
            if not any(s < m.end and m.start < e for s, e in corporate):
                continue
            result.linked += 1
            if gold.get((m.start, m.end)) == m.ticker:
                result.linked_on_gold += 1
            else:
                result.extras.append(f"{m.surface} → {m.entity_id} in: {text[:60]}")
    return result


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"skip: {path} not present")
        return 0
    rows = json.loads(path.read_text(encoding="utf-8"))
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    result = score(rows, glossary)
    print(f"{len(rows)} sentences; gold listed-company spans {result.gold}")
    print(f"recall {result.recall:.4f} ({result.gold_linked}/{result.gold}); "
          f"precision {result.precision:.4f} ({result.linked_on_gold}/{result.linked})")
    for line in result.misses[:15]:
        print("  miss:", line)
    for line in result.extras[:15]:
        print("  extra:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
