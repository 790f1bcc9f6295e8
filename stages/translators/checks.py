"""Checks on a segment's English alone: Chinese characters left in it, and dictionary apparatus (CC-CEDICT's
meta-definitions, pinyin, encyclopaedic glosses) that a word-by-word gloss can leak. A reader must never see
either, so each is flagged on the segment and counted in the manifest."""

from __future__ import annotations

import re

from pipeline.text.flags import (  # re-exported: the translators and tests name them from here
    DICTIONARY_TEXT,
    FAILURE_KINDS,
    NUMBER_MISMATCH,
    TERM_MISSING,
    UNTRANSLATED,
    failed_kinds,
    flag_kind,
)
from pipeline.text.normalizer import HAN

__all__ = ["DICTIONARY_TEXT", "FAILURE_KINDS", "NUMBER_MISMATCH", "TERM_MISSING", "UNTRANSLATED",
           "dictionary_apparatus", "english_flags", "failed_kinds", "flag_kind", "untranslated_chars"]

HAN_RUN = re.compile(f"[{HAN}]+")
# How much of an untranslated run the flag quotes: enough to find it, short enough for a flag.
UNTRANSLATED_FLAG_CHARS = 20

# CC-CEDICT's own vocabulary for describing an entry rather than translating it (see the format notes at
# the head of cedict_ts.u8: "variant of", "CL:", "abbr. for", "(bound form)", "(Tw)", pinyin in brackets).
# Each pattern is narrow enough that ordinary news English does not match it ("used in production" is
# English; "used in 比丘[bi3 qiu1]" is a dictionary entry).
_PINYIN_SYLLABLE = r"[A-Za-z][a-z]*:?[a-z]*[1-5]"  # bi1, Si4, lu:4
DICTIONARY_APPARATUS = re.compile(
    "|".join([
        r"\b(?:old |erhua |archaic |japanese |unofficial )?variant of\b",
        r"\b(?:Chinese )?surname\b",
        r"\babbr\.",
        r"\bclassifier for\b",
        r"\bCL:",
        rf"\bused in (?:[{HAN}]|names\b|transliteration\b|compounds?\b)",
        r"\bsee also\b",
        rf"\bsee (?=[{HAN}])",
        r"\bpr\. \[",
        r"\balso (?:written|pr\.)",
        r"\((?:Tw|bound form|old|archaic|literary|dialect|coll\.|slang|loanword|onom\.|Cantonese|Buddhism|"
        r"Taiwan pr\.|math\.|chemistry|abbr)\)",
        rf"\[{_PINYIN_SYLLABLE}(?: {_PINYIN_SYLLABLE})*\]",
        # CC-CEDICT's register notes; a bare "vulgar" can be the right English (低俗 content)
        r"\beuphemistic (?:variant|term|word|way)\b",
        r"\((?:vulgar|euphemism|euphemistic|derog\.?|coll\.|figurative)\)",
        r"\bimperial examinations?\b",
        r"\bcapital of [A-Z][a-z]+ province\b",
        r"\bsub-?provincial city\b",
        # "prefecture-level city in Hunan" is an encyclopaedic gloss; 地级市 alone is "prefecture-level city"
        r"\b(?:prefecture|county)[- ]level (?:city|county|division) (?:in|of) (?-i:[A-Z])",
        # "Zhejiang province in east China" is CC-CEDICT's gloss of 浙江; human news says "in Northeast China"
        r"\bprovince in (?:north|south|east|west|central|northeast|northwest|southeast|southwest) China\b",
    ]),
    re.IGNORECASE,
)
def untranslated_chars(english: str) -> str:
    """The Chinese runs left in the English, each once, in order of appearance ("" when there is none)."""
    runs = list(dict.fromkeys(HAN_RUN.findall(english)))
    return ",".join(runs)


# Strict mode, for text that is a dictionary definition or a word-by-word gloss of one rather than a sentence:
# there "used in" is always CC-CEDICT's note on where a character occurs.
STRICT_APPARATUS = re.compile(r"\bused in\b", re.IGNORECASE)


def dictionary_apparatus(english: str, strict: bool = False) -> str | None:
    """The first piece of dictionary apparatus in the English, or None. `strict` also counts the patterns that
    ordinary English may contain but a definition never does ("used in")."""
    found = DICTIONARY_APPARATUS.search(english) or (STRICT_APPARATUS.search(english) if strict else None)
    return found.group(0) if found else None


def english_flags(english: str) -> list[str]:
    """`untranslated:<characters>` and `dictionary_text` for what the English shows a reader."""
    flags = []
    if chars := untranslated_chars(english):
        flags.append(f"{UNTRANSLATED}:{chars[:UNTRANSLATED_FLAG_CHARS]}")
    if dictionary_apparatus(english):
        flags.append(DICTIONARY_TEXT)
    return flags
