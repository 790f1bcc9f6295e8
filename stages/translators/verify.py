"""Check a translation against its source (every linked name's canonical English, every number) and against
what a reader sees (stages/translators/checks.py), and tally the results for the manifest."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.glossary import CompiledGlossary
from pipeline.records import Mention, Segment
from pipeline.text.flags import DRAFT
from stages.translators.checks import (
    DICTIONARY_TEXT,
    NUMBER_MISMATCH,
    TERM_MISSING,
    UNTRANSLATED,
    english_flags,
    failed_kinds,
    flag_kind,
)
from stages.translators.fluency import DRAFT_THRESHOLD, FLUENCY, FLUENCY_DECIMALS, draft_flag, is_draft
from stages.translators.numbers import EnglishNumbers, SpanIndex, segment_numbers

# Rates are rounded down to this many decimals, so a single failure never shows as 1.0.
RATE_DECIMALS = 6
TERMS, NUMBERS = "terms", "numbers"
# Every check, in the order the manifest and the summary list them, with the flag its failure leaves.
# fluency: segments whose translator measured it (gloss), failed when the English is a word-by-word draft;
# a note on the prose, not a loss, so a draft is not among the segments `flagged` (pipeline/text/flags.py).
CHECK_FLAGS = {TERMS: TERM_MISSING, NUMBERS: NUMBER_MISMATCH, UNTRANSLATED: UNTRANSLATED,
               DICTIONARY_TEXT: DICTIONARY_TEXT, FLUENCY: DRAFT}
# The fluency figures are summed in these units (integers, so shards add up the same in any order).
FLUENCY_SCALE = 10 ** FLUENCY_DECIMALS


def floor_rate(passed: int, checked: int, decimals: int = RATE_DECIMALS) -> float | None:
    """passed/checked rounded down (a failure is never rounded away); None when nothing was checked."""
    if not checked:
        return None
    scale = 10 ** decimals
    return (passed * scale // checked) / scale


@dataclass
class CheckCount:
    """How many items one check looked at and how many failed it."""

    checked: int = 0
    failed: int = 0

    @property
    def passed(self) -> int:
        return self.checked - self.failed

    @property
    def rate(self) -> float | None:
        return floor_rate(self.passed, self.checked)

    def to_dict(self) -> dict[str, int | float | None]:
        return {"checked": self.checked, "failed": self.failed, "rate": self.rate}


def _new_checks() -> dict[str, CheckCount]:
    return {name: CheckCount() for name in CHECK_FLAGS}


@dataclass
class QualityTally:
    """Counts behind the manifest's `quality` (mergeable across batches): per check, items checked and
    failed (terms: linked names; numbers: number expressions; untranslated and dictionary_text: segments),
    and segments flagged per failure kind."""

    checks: dict[str, CheckCount] = field(default_factory=_new_checks)
    segments_checked: int = 0
    segments_flagged: int = 0
    flagged_by_kind: Counter[str] = field(default_factory=Counter)
    fluency_points: int = 0  # the measured segments' fluency figures, summed in 1/FLUENCY_SCALE

    def merge(self, other: QualityTally) -> None:
        for name, count in other.checks.items():
            mine = self.checks.setdefault(name, CheckCount())
            mine.checked += count.checked
            mine.failed += count.failed
        self.segments_checked += other.segments_checked
        self.segments_flagged += other.segments_flagged
        self.flagged_by_kind.update(other.flagged_by_kind)
        self.fluency_points += other.fluency_points

    @property
    def mentions(self) -> int:
        return self.checks[TERMS].checked

    @property
    def mentions_ok(self) -> int:
        return self.checks[TERMS].passed

    @property
    def numbers(self) -> int:
        return self.checks[NUMBERS].checked

    @property
    def numbers_ok(self) -> int:
        return self.checks[NUMBERS].passed

    @property
    def term_success_rate(self) -> float | None:
        return self.checks[TERMS].rate

    @property
    def number_fidelity(self) -> float | None:
        return self.checks[NUMBERS].rate

    @property
    def fluency_mean(self) -> float | None:
        """The mean fluency figure of the measured segments; None when no translator measured any."""
        measured = self.checks[FLUENCY].checked
        return round(self.fluency_points / FLUENCY_SCALE / measured, FLUENCY_DECIMALS) if measured else None

    def counts(self) -> dict[str, Any]:
        """The raw counts, which sum across shards (rates are derived: see to_dict)."""
        return {
            "segments_checked": self.segments_checked,
            "segments_flagged": self.segments_flagged,
            "flagged_by_kind": dict(self.flagged_by_kind),
            "checks": {name: {"checked": c.checked, "failed": c.failed} for name, c in self.checks.items()},
            "fluency_points": self.fluency_points,
        }

    @classmethod
    def from_counts(cls, counts: Mapping[str, Any]) -> QualityTally:
        tally = cls()
        for name, c in (counts.get("checks") or {}).items():
            tally.checks[name] = CheckCount(c.get("checked", 0), c.get("failed", 0))
        tally.segments_checked = counts.get("segments_checked", 0)
        tally.segments_flagged = counts.get("segments_flagged", 0)
        tally.flagged_by_kind = Counter(counts.get("flagged_by_kind") or {})
        tally.fluency_points = counts.get("fluency_points", 0)
        return tally

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments_checked": self.segments_checked,
            "segments_flagged": self.segments_flagged,
            "flagged_by_kind": dict(sorted(self.flagged_by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
            "checks": {name: count.to_dict() for name, count in self.checks.items()},
            "fluency_mean": self.fluency_mean,
            "draft_threshold": DRAFT_THRESHOLD if self.fluency_mean is not None else None,
        }


# Term id → the other English the glossary lists for it (aliases.en): 环比 is quarter-on-quarter, month-on-month
# or week-on-week by the period the text names, and each is the term kept, not lost.
Alternatives = Mapping[str, Sequence[str]]


def term_alternatives(glossary: CompiledGlossary | None) -> dict[str, tuple[str, ...]]:
    """The aliases.en of every glossary term, person and public body ("the Fed", "FOMC"): a translator's short
    form keeps the name (company aliases stay unaccepted: a company's canonical name is what analytics
    downstream join on)."""
    if glossary is None:
        return {}
    return {e.id: tuple(e.aliases_en) for e in glossary.entries.values()
            if e.aliases_en and (e.type == "term" or e.is_person_or_public_body)}


def term_kept(m: Mention, folded: str, alternatives: Alternatives) -> bool:
    """The mention's canonical English, or one of its term's listed alternatives, is in the (casefolded)
    English."""
    return any(name.casefold() in folded for name in (m.canonical, *alternatives.get(m.entity_id, ())))


def check_translation(seg: Segment, english: str,
                      alternatives: Alternatives | None = None) -> tuple[QualityTally, list[str]]:
    """Every linked name's canonical English (case-insensitive; a term may show one of its listed
    alternatives), every number with its unit converted, and what the English shows a reader (Chinese
    characters, dictionary apparatus): this segment's counts, and a flag for each loss. A segment whose
    translator measured its fluency (seg.attrs) is counted too, and flagged when it is a word-by-word draft."""
    folded = english.casefold()
    counts, flags = QualityTally(), []
    terms, numbers = counts.checks[TERMS], counts.checks[NUMBERS]
    kept: dict[str, bool] = {}  # by entity id: a name repeated in a long sentence is searched for once
    for m in seg.entities:
        terms.checked += 1
        key = f"{m.entity_id}\x00{m.canonical}"
        if key not in kept:
            kept[key] = term_kept(m, folded, alternatives or {})
        if not kept[key]:
            terms.failed += 1
            flags.append(f"{TERM_MISSING}:{m.entity_id}")
    inside_mentions = SpanIndex((m.start, m.end) for m in seg.entities)
    found = EnglishNumbers(english)
    for expr in segment_numbers(seg):
        if not expr.required or inside_mentions.covers(expr.start, expr.end):
            continue  # names such as 沪深300 are checked as names
        numbers.checked += 1
        if not found.keeps(expr):
            numbers.failed += 1
            # the digits are there but beside another currency: say which one the amount is in
            detail = f":in {expr.unit}" if found.wrong_currency(expr) else ""
            flags.append(f"{NUMBER_MISMATCH}:{expr.surface}{detail}")
    shown = english_flags(english)
    for name in (UNTRANSLATED, DICTIONARY_TEXT):
        counts.checks[name].checked += 1
        counts.checks[name].failed += int(any(flag_kind(f) == name for f in shown))
    flags += shown
    if (fluency := seg.attrs.get(FLUENCY)) is not None:
        counts.checks[FLUENCY].checked = 1
        counts.fluency_points = round(fluency * FLUENCY_SCALE)
        if is_draft(fluency):
            counts.checks[FLUENCY].failed = 1
            flags.append(draft_flag(fluency))
    counts.segments_checked = 1
    kinds = failed_kinds(flags)
    counts.segments_flagged = int(bool(kinds))
    counts.flagged_by_kind.update(kinds)
    return counts, flags


@cache
def verifier_signature() -> str:
    """The verification code itself (this module, the English checks, the number reader, the flag
    vocabulary): stored verification results are reused only by the same code."""
    from pipeline.text import flags
    from stages.translators import checks, numbers

    digest = hashlib.sha256()
    for module in (sys.modules[__name__], checks, numbers, flags):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def alternatives_digest(alternatives: Alternatives) -> str:
    return hashlib.sha256(json.dumps(sorted((k, list(v)) for k, v in alternatives.items()),
                                     ensure_ascii=False).encode()).hexdigest()[:16]


def verification_key(seg: Segment, alternatives_hash: str) -> str:
    """Everything check_translation reads: the sentence, its English, its script, locale and mentions."""
    material = [verifier_signature(), alternatives_hash, seg.zh, seg.en, seg.script,
                [m.to_dict() for m in seg.entities]]
    if seg.locale:  # keys of records made before locales existed stay as they were
        material.append(seg.locale)
    if (fluency := seg.attrs.get(FLUENCY)) is not None:  # and those of translators that do not measure it
        material.append(fluency)
    return hashlib.sha256(json.dumps(material, ensure_ascii=False).encode()).hexdigest()


def verify_segment(seg: Segment, tally: QualityTally, alternatives: Alternatives | None = None) -> None:
    """Flag what the English lost, so a wrong segment is marked, never silently wrong. Notes the
    translator left in `flags` (such as a repair) stay."""
    counts, flags = check_translation(seg, seg.en or "", alternatives)
    tally.merge(counts)
    seg.flags = [*seg.flags, *flags]
