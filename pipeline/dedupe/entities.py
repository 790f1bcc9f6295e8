"""Linked-name evidence for the story index: which glossary entities a document's title and lead name, and which
distinctive figures they give.

Two publishers' copies of one flash often name one company two ways (谷歌 / Alphabet, 格芯 / 格罗方德, 台積電 /
台积电) and word the rest differently, so their texts and titles are too far apart for the text rules; what they
share is the company and a figure (109.7亿美元, 3.3%). This module maps names to entity ids with a cheap
longest match over the compiled glossary's names (no link stage: the planner runs before the steps), and finds
the figures; pipeline/dedupe/story_index.py decides when the two together make one story.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.dedupe import fingerprint as fp
from pipeline.text.datelines import DATE, split_furniture

# Entity types whose names identify what a flash is about. Left out: terms (营收), indexes (纳指: every market
# digest names them, with figures) and organisations (美联储, 证监会: one decision, many follow-ups the same hour).
ENTITY_TYPES = frozenset({"company", "person", "fund", "product"})
# Shorter names (one Han character, "SK") are parts of other words more often than names.
MIN_NAME = 2
# A name of an entry generated from a listing file must be this long, and need no market context in the link
# stage (CompiledGlossary.context_keys): its short names are everyday words as often as names (全国 is a
# Taiwan-listed company; "国家统计局：上半年全国…" two items of one release would share it).
MIN_GENERATED_NAME = 3
# The lead: the body's first sentence (after its wire furniture), at most this many characters: a flash's text,
# a full item's opening (where it restates the flash's figure).
LEAD_CHARACTERS = 120
SENTENCE_END = re.compile(r"[。！？!?\n]")
ANY_DIGIT = re.compile(r"\d")  # any Unicode digit: full-width ones become figures after NFKC
# A distinctive figure in the evidence text (fingerprint.spaced_letters: letters and digits, a decimal point kept,
# other characters a space): a number with decimals (109.7, 3.3: a percent's sign is gone) or an integer counted
# in 万/亿 (5000亿, 3亿), with its magnitude; not glued to Latin letters (GB200, 512GB, v3.5: names, not figures).
# Integers alone (8, 10, 2026) coincide by chance: "涨超10%" is every third premarket flash. Measured: a lead of
# the body's first LEAD_CHARACTERS characters instead of its first sentence found one more judged pair and two
# false ones (docs/benchmarks.md, round 7).
FIGURE = re.compile(r"(?<![0-9a-z.])([0-9]+\.[0-9]+|[0-9]+(?=[万亿]))([万亿]*)(?![0-9a-z])")
LATIN = re.compile(r"[a-z]")
# An executive named by role in a normalized title (the Latin ones folded to lower case): "亚马逊CEO：…".
SPEAKER = re.compile(r"ceo|cfo|首席执行官|首席财务官|董事长|总裁")


def fold(text: str) -> str:
    """A glossary key as the story index's normalized text has it: NFKC, case folded, letters and digits only (the
    compiled glossary's keys are already through the project normalizer, Traditional → Simplified)."""
    return fp.NOT_LETTER.sub("", unicodedata.normalize("NFKC", text).casefold())


class EntityNames:
    """Normalized names → entity ids, looked up by longest match in normalized text (fingerprint.story_text's
    letters and digits, no spaces: "Zhongji Xuchuang" is "zhongjixuchuang")."""

    def __init__(self, names: dict[str, str], people: frozenset[str] = frozenset()) -> None:
        self._names = {name: entity for name, entity in names.items() if len(name) >= MIN_NAME}
        self.people = people  # the entity ids of persons
        self._prefixes = {name[:i] for name in self._names for i in range(1, len(name))}

    def __len__(self) -> int:
        return len(self._names)

    def entities(self, text: str) -> frozenset[str]:
        """The entities named in normalized `text`, leftmost longest, names not overlapping. A Latin name must
        not run on into other Latin letters ("meta" in "metadata")."""
        found: set[str] = set()
        i, size = 0, len(text)
        while i < size:
            best, j = 0, i + 1
            while j <= size:
                piece = text[i:j]
                if piece in self._names:
                    best = j
                if piece not in self._prefixes:
                    break
                j += 1
            if best and not (LATIN.match(text[i]) and i and LATIN.match(text[i - 1]) or
                             LATIN.match(text[best - 1]) and best < size and LATIN.match(text[best])):
                found.add(self._names[text[i:best]])
                i = best
            else:
                i += 1
        return frozenset(found)


def names_of(glossary) -> EntityNames:
    """The EntityNames of a compiled glossary (pipeline.glossary.CompiledGlossary), one per process and glossary
    content: building folds ~80,000 names (~0.2 s)."""
    return _names_of(glossary.content_hash, glossary)


@lru_cache(maxsize=2)
def _names_of(content_hash: str, glossary) -> EntityNames:
    keys = [*glossary.zh_keys.items(), *(item for keys in glossary.script_keys.values() for item in keys.items()),
            *((name, entity) for name, entity in glossary.en_keys.items()
              if not glossary.entries[entity].generated)]
    names: dict[str, str] = {}
    people = frozenset(entity for entity, entry in glossary.entries.items() if entry.type == "person")
    for name, entity in keys:
        entry = glossary.entries[entity]
        if entry.type in ENTITY_TYPES and not (entry.generated and (len(name) < MIN_GENERATED_NAME or
                                                                    name in glossary.context_keys)):
            names.setdefault(fold(name), entity)
    return EntityNames(names, people)


def evidence_text(title: str, body: str) -> str:
    """What the story index keeps of a document for this rule: its title and its lead (the body's first sentence
    without its wire furniture, at most LEAD_CHARACTERS), each fingerprint.spaced_letters, on two lines; "" when
    neither has a digit (no figure, so no evidence)."""
    text = split_furniture(body or "")[0].lstrip()
    end = SENTENCE_END.search(text, 0, LEAD_CHARACTERS)
    lead = text[:end.start() if end else LEAD_CHARACTERS]
    if not ANY_DIGIT.search(title) and not ANY_DIGIT.search(lead):
        return ""  # no figure, no evidence: the normalizing (OpenCC) is spared
    return f"{fp.spaced_letters(title)}\n{fp.spaced_letters(lead)}"


@dataclass(frozen=True)
class Evidence:
    """What a document's title and lead name (entity ids) and state (FIGURE: (magnitude, value) pairs)."""

    entities: frozenset[str]  # named in the title or the lead
    figures: tuple[tuple[str, float], ...]
    # the values of the title's own figures: each must be among the other document's numbers (story_index)
    title_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # named in the title: the shared entity must be one of them on one side at least (a spokesman quoted in the
    # leads of two items of one release is not what they are about)
    title_entities: frozenset[str] = frozenset()
    # the title is someone's remark: it names a person or an executive (SPEAKER); beside a title that is none, it
    # is a remark on the other's news ("英伟达宣布…5000亿美元" / "黄仁勋：5000亿美元…资金来自第三方"), another story
    remark: bool = False

    def __bool__(self) -> bool:
        return bool(self.entities) and bool(self.figures)


NONE = Evidence(frozenset(), ())


def figures(text: str) -> tuple[tuple[str, float], ...]:
    """The distinctive figures (FIGURE) of spaced normalized text, dates left out."""
    return tuple(sorted({(magnitude, float(value)) for value, magnitude in FIGURE.findall(DATE.sub(" ", text))}))


def evidence(names: EntityNames | None, text: str) -> Evidence:
    """The Evidence of an evidence_text (NONE without names, or without a figure)."""
    if names is None:
        return NONE
    found = figures(text)
    if not found:
        return NONE
    title, _, lead = text.partition("\n")
    in_title = names.entities(title.replace(" ", ""))
    return Evidence(in_title | names.entities(lead.replace(" ", "")), found,
                    np.array([value for _, value in figures(title)]), in_title,
                    bool(in_title & names.people) or SPEAKER.search(title) is not None)


def figures_agree(a: tuple[tuple[str, float], ...], b: tuple[tuple[str, float], ...]) -> bool:
    """Whether a figure of `a` is one of `b`'s, with the same magnitude, written alike or rounded (4.5 / 4.47;
    fingerprint.numbers_contained)."""
    for magnitude, value in a:
        others = [v for m, v in b if m == magnitude]
        if others and fp.numbers_contained(np.array([value]), np.array(others)) == 1.0:
            return True
    return False
