"""The spans of a Chinese segment whose English is fixed in advance: linked names and numbers.

Every translator renders these exactly (the canonical English of a name, the converted number) and
translates only what lies between them, or checks that a model kept them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from pipeline.records import Segment
from stages.translators.numbers import SpanIndex, segment_numbers


class Protected(NamedTuple):
    start: int
    end: int
    english: str


def protected_spans(seg: Segment) -> list[Protected]:
    """Mentions render as their canonical English; numbers outside mentions by the number rules."""
    spans = [Protected(m.start, m.end, m.canonical) for m in seg.entities]
    mentions = SpanIndex((m.start, m.end) for m in seg.entities)  # numbers never overlap one another
    for expr in segment_numbers(seg):
        if not mentions.overlaps(expr.start, expr.end):
            spans.append(Protected(expr.start, expr.end, expr.english))
    return sorted(spans)


class SpanLookup:
    """A segment's protected spans, found by range in O(log n): a long sentence glossed clause by clause
    asks for each clause's own spans instead of scanning all of them every time."""

    def __init__(self, spans: list[Protected]) -> None:
        self.spans = sorted(spans)
        self.starts = [s.start for s in self.spans]
        self.max_end: list[int] = []  # max_end[i]: the furthest end among the first i + 1 spans
        furthest = -1
        for span in self.spans:
            furthest = max(furthest, span.end)
            self.max_end.append(furthest)

    def overlapping(self, start: int, end: int) -> list[Protected]:
        """The spans (in order) that share a character with [start, end)."""
        first = bisect_right(self.max_end, start)
        return [s for s in self.spans[first:bisect_left(self.starts, end)] if s.end > start]


def split_around(text: str, spans: list[Protected]) -> tuple[list[str], list[str]]:
    """The free-text chunks between protected spans (one more chunk than spans) and the spans' English."""
    chunks, renderings, pos = [], [], 0
    for start, end, english in spans:
        chunks.append(text[pos:start])
        renderings.append(english)
        pos = end
    chunks.append(text[pos:])
    return chunks, renderings


def inline_source(text: str, spans: list[Protected]) -> str:
    """The source with every protected span replaced by its English, spaced off from the Chinese around
    it: neural models copy Latin names and digits through far more reliably than they translate them."""
    chunks, renderings = split_around(text, spans)
    out = [chunks[0]]
    for english, chunk in zip(renderings, chunks[1:], strict=True):
        out.append(f" {english} ")
        out.append(chunk)
    return " ".join("".join(out).split())
