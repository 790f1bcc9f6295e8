"""Check a translation against its source: every linked name's canonical English and every number."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.records import Segment
from stages.translators.numbers import find_numbers, number_kept


@dataclass
class QualityTally:
    """Counts behind the manifest's term_success_rate and number_fidelity (mergeable across batches)."""

    mentions: int = 0
    mentions_ok: int = 0
    numbers: int = 0
    numbers_ok: int = 0
    segments_flagged: int = 0

    def merge(self, other: QualityTally) -> None:
        self.mentions += other.mentions
        self.mentions_ok += other.mentions_ok
        self.numbers += other.numbers
        self.numbers_ok += other.numbers_ok
        self.segments_flagged += other.segments_flagged

    @property
    def term_success_rate(self) -> float:
        return round(self.mentions_ok / self.mentions, 6) if self.mentions else 1.0

    @property
    def number_fidelity(self) -> float:
        return round(self.numbers_ok / self.numbers, 6) if self.numbers else 1.0


@dataclass
class Check:
    """What one English rendering kept of its segment's names and numbers."""

    mentions: int = 0
    mentions_ok: int = 0
    numbers: int = 0
    numbers_ok: int = 0
    flags: list[str] = field(default_factory=list)


def check_translation(seg: Segment, english: str) -> Check:
    """Every linked name's canonical English (case-insensitive) and every number with its unit converted."""
    folded = english.casefold()
    check = Check()
    for m in seg.entities:
        check.mentions += 1
        if m.canonical.casefold() in folded:
            check.mentions_ok += 1
        else:
            check.flags.append(f"term_missing:{m.entity_id}")
    inside_mentions = [(m.start, m.end) for m in seg.entities]
    for expr in find_numbers(seg.zh or ""):
        if not expr.required or any(s <= expr.start and expr.end <= e for s, e in inside_mentions):
            continue  # names such as 沪深300 are checked as names
        check.numbers += 1
        if number_kept(expr, english):
            check.numbers_ok += 1
        else:
            check.flags.append(f"number_mismatch:{expr.surface}")
    return check


def verify_segment(seg: Segment, tally: QualityTally) -> None:
    """Flag what the English lost, so a wrong segment is marked, never silently wrong. Notes the
    translator left in `flags` (such as a repair) stay."""
    check = check_translation(seg, seg.en or "")
    tally.mentions += check.mentions
    tally.mentions_ok += check.mentions_ok
    tally.numbers += check.numbers
    tally.numbers_ok += check.numbers_ok
    seg.flags = [*seg.flags, *check.flags]
    if check.flags:
        tally.segments_flagged += 1
