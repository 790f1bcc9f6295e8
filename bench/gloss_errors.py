"""The gloss translator's frequent error classes on the 2025–26 dev news, counted per folder (issue 18).

A seeded sample of documents from each dev folder of ../shared/data/news is glossed. For each known error class
(a source trigger and the wrong English it used to produce) the segments showing it are counted, and the most
frequent suspicious renderings are listed: single characters glossed by their own dictionary sense (周 "make a
circuit"), the usual sign of a word the segmenter, the phrase table or the sense rules got wrong.

    python bench/gloss_errors.py [--docs N] [--seed S] [--top K] [--examples K]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.pattern_coverage import chinese_segments
from pipeline.glossary import compile_glossary
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT, SHARED_DIR
from pipeline.records import Document, Segment
from pipeline.text.normalizer import HAN_RE
from stages.translators.gloss import GlossTranslator
from stages.translators.senses import function_word

# The new dev folders of issue 18 (see each folder's SOURCE.txt).
FOLDERS = ("zh-hans/cls_telegraph_2026", "zh-hans/fin_hot_hub_2024_2026", "zh-hans/us_stocks_zh_2026",
           "zh-hant/rthk_finance_2025")
# Documents per folder and the seed of their sample: the same sample on every machine, large enough that a
# class seen in a few percent of segments shows up in tens of them.
DOCS = 300
SEED = 18


@dataclass(frozen=True)
class ErrorClass:
    """Segments whose source has `trigger` (and not `unless`) and whose English has `wrong`."""

    name: str
    trigger: re.Pattern[str]
    wrong: re.Pattern[str]
    unless: re.Pattern[str] | None = None

    def triggered(self, zh: str) -> bool:
        return bool(self.trigger.search(zh)) and not (self.unless and self.unless.search(zh))


CLASSES = (
    ErrorClass("周 as 'make a circuit' (week, weekday, Zhou)", re.compile("周"), re.compile(r"circuit")),
    ErrorClass("a word glossed from inside a longer one (内人 'my wife' in 业内人士)", re.compile("内人"),
               re.compile(r"\bwife\b")),
    ErrorClass("吉利 the carmaker as 'auspicious'", re.compile("吉利"), re.compile(r"auspicious", re.I)),
    ErrorClass("高雄 and other places as words ('high male')", re.compile("高雄"), re.compile(r"\bmale\b", re.I)),
    ErrorClass("逆回购 as 'share buyback' (reverse repo)", re.compile("逆回购"), re.compile(r"buyback|contrary", re.I)),
    ErrorClass("增持 as 'overweight' outside a broker rating", re.compile("增持"), re.compile(r"overweight", re.I),
               unless=re.compile("评级|给予|维持|首予|上调至|下调至")),
    ErrorClass("bylines and datelines as words (财联社…电, 记者, 编辑, 文|)",
               re.compile(r"财联社\d{1,2}月\d{1,2}日电|记者|编辑|责编|文\s*[|｜丨]"),
               re.compile(r"joint society|\d(?:st|nd|rd|th)? power\b|\blanguage \||\bThe edit\b", re.I)),
)


class RecordingGloss(GlossTranslator):
    """The gloss translator, noting the tokens it renders without a phrase, a rule or a dictionary word: single
    characters by a sense of their own (周 "make a circuit") and words no dictionary has, pieced together from
    their parts, characters or pinyin (财联社 "money joint society")."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.singles: Counter[tuple[str, str]] = Counter()
        self.pieced: Counter[tuple[str, str]] = Counter()
        self._depth = 0  # parts of a word are glossed by nested calls: only tokens are counted

    def _gloss_word(self, word: str, tag: str, following: str) -> str:
        self._depth += 1
        try:
            english = super()._gloss_word(word, tag, following)
        finally:
            self._depth -= 1
        if self._depth or not HAN_RE.search(word) or word in self.phrases or function_word(word) is not None:
            return english
        if len(word) == 1:
            self.singles[word, english] += 1
        elif self.cedict is not None and not self.cedict.sense(word) and not self.cedict.name(word):
            self.pieced[word, english] += 1
        return english


def sample_documents(folder: Path, count: int, seed: int) -> list[Document]:
    """`count` records of the folder's JSON Lines files, drawn with a fixed seed, as the pipeline reads them."""
    rows = [row for path in sorted(folder.glob("*.jsonl")) for row in json_lines(path)]
    picked = random.Random(seed).sample(rows, min(count, len(rows)))
    return [Document(str(row["id"]), row.get("title") or "", row.get("body") or "") for row in picked]


def count_folder(gloss: RecordingGloss, segments: list[Segment], examples: int) -> tuple[Counter[str], list[str]]:
    """Per class: segments triggered, segments wrong; and up to `examples` wrong renderings per class."""
    counts: Counter[str] = Counter()
    shown: list[str] = []
    per_class: Counter[str] = Counter()
    for seg in segments:
        zh = seg.zh or ""
        english = gloss.translate(seg)
        counts["segments"] += 1
        for cls in CLASSES:
            if cls.triggered(zh):
                counts[f"{cls.name} | triggered"] += 1
                if cls.wrong.search(english):
                    counts[cls.name] += 1
                    if per_class[cls.name] < examples:
                        per_class[cls.name] += 1
                        shown.append(f"[{cls.name[:12]}] {zh[:80]}\n      {english[:160]}")
    return counts, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DOCS, help="documents sampled per folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--top", type=int, default=25, help="most frequent single-character renderings to list")
    parser.add_argument("--examples", type=int, default=0, help="wrong renderings to print per class and folder")
    args = parser.parse_args()
    news = SHARED_DIR / "data" / "news"
    if not (news / FOLDERS[0]).exists():
        print(f"gloss errors skipped: {news} has no 2025–26 dev folders (they exist only in development)")
        return 0
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    gloss = RecordingGloss(glossary)
    gloss.load()
    total: Counter[str] = Counter()
    print(f"{args.docs} documents per folder, seed {args.seed}; per class: wrong segments / segments with the trigger")
    for folder in FOLDERS:
        segments = chinese_segments(sample_documents(news / folder, args.docs, args.seed), glossary)
        counts, shown = count_folder(gloss, segments, args.examples)
        total.update(counts)
        print(f"\n{folder}: {counts['segments']} Chinese segments")
        for cls in CLASSES:
            print(f"  {counts[cls.name]:4d} / {counts[f'{cls.name} | triggered']:4d}  {cls.name}")
        for line in shown:
            print(f"    {line}")
    print(f"\nall folders: {total['segments']} segments")
    for cls in CLASSES:
        print(f"  {total[cls.name]:4d} / {total[f'{cls.name} | triggered']:4d}  {cls.name}")
    print(f"\nmost frequent single characters glossed by their own sense ({sum(gloss.singles.values())} in all):")
    print("  " + ", ".join(f"{ch} '{en}' {n}" for (ch, en), n in gloss.singles.most_common(args.top)))
    print(f"\nmost frequent words no dictionary has, glossed from their parts ({sum(gloss.pieced.values())} in all):")
    print("  " + ", ".join(f"{word} '{en}' {n}" for (word, en), n in gloss.pieced.most_common(args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
