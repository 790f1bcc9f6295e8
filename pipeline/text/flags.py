"""The vocabulary of segment flags: which kinds mean a quality check failed. The translate stage's checks write
the flags; the writers (flags.jsonl, the TMX's `x-flags`) read them, so the vocabulary sits below both."""

from __future__ import annotations

# Flag kinds that mean a check failed (anything else in `flags` is a translator's note, such as a repair).
UNTRANSLATED = "untranslated"
DICTIONARY_TEXT = "dictionary_text"
TERM_MISSING = "term_missing"
NUMBER_MISMATCH = "number_mismatch"
FAILURE_KINDS = (DICTIONARY_TEXT, UNTRANSLATED, TERM_MISSING, NUMBER_MISMATCH)
# A note, not a failure: the English is a word-by-word draft (the gloss translator's fluency figure is below its
# threshold, stages/translators/fluency.py). Nothing is lost, so it does not make a segment `flagged`.
DRAFT = "draft"
DRAFT_FLAG = f"{DRAFT}:word-by-word"


def flag_kind(flag: str) -> str:
    """A flag's kind: the part before its first ":" (`untranslated:腾讯` is an `untranslated` flag)."""
    return flag.split(":", 1)[0]


def failed_kinds(flags: list[str]) -> list[str]:
    """The check-failure kinds among a segment's flags, each once."""
    return list(dict.fromkeys(k for k in map(flag_kind, flags) if k in FAILURE_KINDS))
