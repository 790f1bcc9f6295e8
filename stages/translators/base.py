"""What every translator offers the translate stage."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from pipeline.records import Segment


class Translation(NamedTuple):
    """One segment's English, notes on how it was obtained (written to the segment's `flags`), and, from a
    translator that can tell, the share of it rendered as prose rather than word by word (fluency.py)."""

    en: str
    notes: tuple[str, ...] = ()
    fluency: float | None = None


# A note `fallback:<label>`: this segment's English is that translator's, not the run's (llm falling back to gloss);
# the segment's `translator` field says so, and the TMX treats it as that translator's.
FALLBACK = "fallback"


def translator_label(translation: Translation, default: str) -> str:
    """The label of the translator whose English this is."""
    for note in translation.notes:
        kind, _, label = note.partition(":")
        if kind == FALLBACK and label:
            return label
    return default


class Translator(Protocol):
    """Translates Chinese segments (with their linked mentions) to English, many at a time."""

    label: str  # written into every record's `translator` field

    def setup(self) -> None: ...

    def translate_batch(self, segments: list[Segment]) -> list[Translation]: ...

    def signature(self) -> str: ...
