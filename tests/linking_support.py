"""Helpers the linking table tests share: what a glossary finds in one sentence, by name."""

from __future__ import annotations

from pipeline.glossary import CompiledGlossary
from pipeline.text.normalizer import TextNormalizer


def names_found(glossary: CompiledGlossary, normalizer: TextNormalizer, text: str, locale: str,
                fold: bool = False) -> dict[str, str]:
    """Each name the glossary finds in the normalized sentence (casefolded with `fold`) → its entry id, with the
    sentence's own script and the given locale, as the link stage asks."""
    zh = normalizer(text)
    found = glossary.find(zh, "zh", normalizer.script(text), locale)
    return {(zh[m.start:m.end].casefold() if fold else zh[m.start:m.end]): m.entry_id for m in found}
