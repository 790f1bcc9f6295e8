"""How much of a gloss segment's English is prose rather than word-by-word dictionary senses.

The gloss translator's names and numbers are exact whatever its English reads like, so the checks on names,
numbers and leaks pass at 1.0 on English an analyst can barely read. This module keeps, per source character,
where the English of that character came from (a sentence pattern, a protected name or number, the finance
phrase table, a function-word rule, a CC-CEDICT sense, a character's sense, pinyin), and turns it into one
figure per segment: of the sentence's characters outside its names and numbers (which are exact by construction
and checked on their own), a weighted share by how their English was made (SOURCE_WEIGHTS: sentence patterns,
the phrase table and Latin text count whole, function-word rules three quarters, a CC-CEDICT word sense a quarter,
a character's sense, pinyin and a name found in the free text but not linked to the glossary nothing). Below
DRAFT_THRESHOLD the segment is a word-by-word draft (checked against hand judgments: bench/fluency_agreement.py,
tests/fixtures/fluency_judged/; weights and threshold chosen on the fit rows and the cls_telegraph held-out rows
only: 0.750 right there against 0.700 for the plain share of patterns, phrases and Latin; on the test rows US
stocks 0.75, RTHK 0.70, against 0.75 and 0.60 before; held out alone 0.65, never flagging 0.625. A hint about word
order, not a quality verdict).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.text.flags import DRAFT_FLAG
from pipeline.text.normalizer import HAN_RE

# Where the English of one source character came from. The gloss translator's token sources (its `sources`
# counter: phrase, rule, name, cedict, characters, pinyin, latin) plus the two that are not tokens.
PATTERN = "pattern"  # a clause rendered whole by a sentence pattern (patterns.py)
PROTECTED = "protected"  # a linked name or a number, rendered exactly
RULE = "rule"  # function words, word-order rewrites, a token with no English of its own
# How much one character's English counts as prose, by its source (a source not listed counts nothing:
# "characters", "pinyin", and "name": an unlinked name, often romanised syllable by syllable). Chosen on the fit
# rows plus the cls_telegraph held-out rows of tests/fixtures/fluency_judged (80 judged sentences) from a small
# grid (cedict 0 to 0.75, rule 0 to 1 by quarters, each with its best cut): cedict 0.25 and rule 0.75 classified
# 0.7625 right, the plain share of patterns, phrases and Latin (cedict 0, rule 0) 0.700; the neighbour cedict 0.5,
# rule 1 did 0.750. A CC-CEDICT sense is right word by word yet rarely in the order or register of prose; rules
# mostly place function words well.
SOURCE_WEIGHTS: dict[str, float] = {PATTERN: 1.0, "phrase": 1.0, "latin": 1.0, RULE: 0.75, "cedict": 0.25}
# Names and numbers are left out of the figure (a headline of three names and a percentage is not prose for
# being exact): with them counted as fluent, the figure correlated less with the judged scores on the fit half
# (Pearson 0.42 against 0.53; bench/fluency_agreement.py).
UNCOUNTED_SOURCES = frozenset({PROTECTED})
# Segments whose figure is below this are word-by-word drafts: the cut that best separates judged scores < 3
# from >= 3 on the fit and held-out rows of tests/fixtures/fluency_judged, to two decimals (0.750 right; the
# unrounded cut 0.517 gets one held-out row more, a knife edge; bench/fluency_agreement.py recomputes it and
# reports the agreement on the test rows).
DRAFT_THRESHOLD = 0.52
# The check's name (manifest quality.checks, the summary) and the Segment.attrs key the figure travels under.
FLUENCY = "fluency"
# The figure is kept to this many decimals, so a memory hit and a fresh translation carry the same value.
FLUENCY_DECIMALS = 4


def draft_flag(fluency: float) -> str:
    """draft:word-by-word:0.2105 (the figure, so a reader of the flags sees how far below the threshold)."""
    return f"{DRAFT_FLAG}:{fluency}"


def is_draft(fluency: float | None) -> bool:
    """A measured segment whose English is mostly word by word."""
    return fluency is not None and fluency < DRAFT_THRESHOLD


def counts_as_content(ch: str) -> bool:
    """Characters that carry meaning; punctuation and spaces are rendered the same way by every path."""
    return bool(HAN_RE.match(ch)) or ch.isalnum()


class Coverage:
    """Per character of one segment's Chinese, the source of its English; filled in while the gloss
    translator renders the segment (later marks win: a range glossed again is glossed the same way)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sources: list[str | None] = [None] * len(text)
        self._pending: list[str] = []  # token sources counted since the last token was placed
        self._starts: list[int] = []  # start of each token of the current free-text chunk, in self.text
        self._ends: list[int] = []
        self._placed = 0  # tokens of the current chunk already given their sources

    def mark(self, start: int, end: int, source: str) -> None:
        self.sources[start:end] = [source] * (end - start)

    def counted(self, source: str) -> None:
        """One piece of English from `source` for the token(s) being glossed now."""
        self._pending.append(source)

    def chunk(self, offset: int, text: str, tokens: Sequence[str]) -> None:
        """A free-text chunk starting at `offset` of the segment is about to be glossed as `tokens` (jieba drops
        whitespace tokens, so each is found after the previous one)."""
        self._starts, self._ends, self._placed, self._pending = [], [], 0, []
        cursor = 0
        for token in tokens:
            at = text.find(token, cursor)
            at = cursor if at < 0 else at
            self._starts.append(offset + at)
            self._ends.append(offset + at + len(token))
            cursor = at + len(token)

    def reached(self, token: int) -> None:
        """The tokens before index `token` are glossed: their characters take the sources counted since the
        last call, spread in order over them (a compound glossed as its parts counts one source per part)."""
        if token <= self._placed:
            return
        start, end = self._starts[self._placed], self._ends[token - 1]
        pending = self._pending or [RULE]
        size = end - start
        for k in range(size):
            self.sources[start + k] = pending[k * len(pending) // size]
        self._placed, self._pending = token, []

    def figure(self, patterned: bool) -> float | None:
        """Weighted share (SOURCE_WEIGHTS) of the content characters outside names and numbers: 1.0 when the
        segment is names and numbers only, None when it has no content at all. Characters never glossed word by
        word were rendered by a pattern when one applied to the segment."""
        made_of = self.by_source(patterned)
        counted = sum(n for source, n in made_of.items() if source not in UNCOUNTED_SOURCES)
        if not counted:
            return 1.0 if made_of else None
        fluent = sum(SOURCE_WEIGHTS.get(source, 0.0) * n for source, n in made_of.items()
                     if source not in UNCOUNTED_SOURCES)
        return round(fluent / counted, FLUENCY_DECIMALS)

    def by_source(self, patterned: bool) -> dict[str, int]:
        """Content characters per source: what the figure is made of (bench and tests)."""
        unmarked = PATTERN if patterned else RULE
        out: dict[str, int] = {}
        for ch, source in zip(self.text, self.sources, strict=True):
            if counts_as_content(ch):
                out[source or unmarked] = out.get(source or unmarked, 0) + 1
        return out
