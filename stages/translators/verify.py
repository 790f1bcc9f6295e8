"""Check a translation against its source: every linked name's canonical English and every number."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.records import Segment
from stages.translators.numbers import number_kept, segment_numbers


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


def check_translation(seg: Segment, english: str) -> tuple[QualityTally, list[str]]:
    """Every linked name's canonical English (case-insensitive) and every number with its unit converted:
    this segment's counts, and a flag for each loss."""
    folded = english.casefold()
    counts, flags = QualityTally(), []
    for m in seg.entities:
        counts.mentions += 1
        if m.canonical.casefold() in folded:
            counts.mentions_ok += 1
        else:
            flags.append(f"term_missing:{m.entity_id}")
    inside_mentions = [(m.start, m.end) for m in seg.entities]
    for expr in segment_numbers(seg):
        if not expr.required or any(s <= expr.start and expr.end <= e for s, e in inside_mentions):
            continue  # names such as 沪深300 are checked as names
        counts.numbers += 1
        if number_kept(expr, english):
            counts.numbers_ok += 1
        else:
            flags.append(f"number_mismatch:{expr.surface}")
    counts.segments_flagged = int(bool(flags))
    return counts, flags


def verify_segment(seg: Segment, tally: QualityTally) -> None:
    """Flag what the English lost, so a wrong segment is marked, never silently wrong. Notes the
    translator left in `flags` (such as a repair) stay."""
    counts, flags = check_translation(seg, seg.en or "")
    tally.merge(counts)
    seg.flags = [*seg.flags, *flags]
