"""A segment's sentence as the record wrote it, for people to read: a Traditional source shows its `src` (the
original characters), and each mention's offsets, which index the normalized Simplified `zh` used for matching,
are carried over onto it. Nothing is rewritten in the outputs; this is a view of a segment row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

TRADITIONAL = "hant"


@dataclass(frozen=True)
class Written:
    """The text to show, whether it is the original (not `zh`), and the mentions with offsets into `text`.
    A mention whose span cannot be placed in the original keeps its surface and gets null offsets."""

    text: str
    original: bool
    mentions: list[dict[str, Any]] = field(default_factory=list)


def char_map(normalized: str, source: str) -> list[int | None]:
    """For each character of `normalized`, its index in `source`, or None where the two do not correspond
    one to one. OpenCC's t2s and the width folding keep lengths, so nearly every sentence maps whole; where
    normalization removed or joined characters (spaces, a citation, a phrase t2s rewrote), the equal stretches
    around it still map."""
    if len(normalized) == len(source):
        return list(range(len(normalized)))
    mapping: list[int | None] = [None] * len(normalized)
    matcher = SequenceMatcher(None, normalized, source, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
        elif op == "replace":  # spaces folded or invisible characters dropped: pair the visible ones in order
            ours = [i for i in range(i1, i2) if _visible(normalized[i])]
            theirs = [j for j in range(j1, j2) if _visible(source[j])]
            if len(ours) == len(theirs):
                for i, j in zip(ours, theirs, strict=True):
                    mapping[i] = j
    return mapping


def _visible(ch: str) -> bool:
    """Not a space, nor a character normalization removes (zero-width, format, control)."""
    return not ch.isspace() and ch.isprintable()


def carry_span(mapping: Sequence[int | None], start: int, end: int) -> tuple[int, int] | None:
    """[start, end) of the normalized text in the source, when both ends map and keep their order."""
    if not 0 <= start < end <= len(mapping):
        return None
    first, last = mapping[start], mapping[end - 1]
    if first is None or last is None or last < first:
        return None
    return first, last + 1


def as_written(segment: Mapping[str, Any]) -> Written:
    """What to show for a segment row (segments.jsonl / segments.parquet): the original text of a Traditional
    Chinese sentence, else `zh` (or `src` for an English one), with its mentions."""
    zh, src = segment.get("zh"), segment.get("src")
    mentions = [dict(m) for m in segment.get("entities") or []]
    if segment.get("script") != TRADITIONAL or not zh or not src or src == zh:
        return Written(zh if zh is not None else str(src or ""), False, mentions)
    mapping = char_map(zh, src)
    for m in mentions:
        span = carry_span(mapping, int(m.get("start") or 0), int(m.get("end") or 0))
        if span is None:
            m["start"] = m["end"] = None
        else:
            m["start"], m["end"] = span
            m["surface"] = src[span[0]:span[1]]
    return Written(src, True, mentions)
