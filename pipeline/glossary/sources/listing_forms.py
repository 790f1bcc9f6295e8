"""The forms an exchange gives an A share's short name while its trading status is marked, derived from the
short name itself so that they hold for any listing, not only those a publisher tagged so.

- **Risk warnings and delisting** (*ST, ST, 退市): the marker takes the place of characters, so a four-character
  name keeps two of them, mostly its first two (国华网安 → *ST国华), else its first and third (宝塔实业 → *ST宝实,
  兰州黄河 → *ST兰黄); a three-character name keeps all three (金鸿顺 → ST金鸿顺) or its first two (威尔泰 →
  *ST威尔). Counted on the May–June 2026 财联社 tags whose code the 2021 list names (54 of 73 four-character names
  keep their first two characters, 19 their first and third; 6 of 14 three-character names keep all, 3 the first
  two, the rest were renamed).
- **First trading days** (N on the first day, C on the next four): N or C + the name's first two characters
  (N惠科 for 惠科股份, C天海 for 天海电子), or the whole name of three characters or fewer (N维通利). Only for
  listings the 2021 list lacks (Stock Connect's newer members, `tagged.tagged_listings`): an older listing is
  past its first days.

A form two listings would share names neither (mark_ambiguity drops it); a form a listing already has from the
tags (a risk warning seen in the news) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.glossary.marks import MARKED, risk_forms
from pipeline.glossary.naming import base_name
from pipeline.glossary.sources.common import GeneratedEntry

A_SHARE_SUFFIXES = (".SH", ".SZ", ".BJ")
DAY_MARKERS = ("N", "C")
HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
LEGAL_FORM_ENDINGS = ("股份", "集团", "控股")


def kept_characters(name: str) -> list[str]:
    """What a risk-warning marker leaves of a short name: 国华网安 → [国华, 国网]; 金鸿顺 → [金鸿顺, 金鸿]; 万科 →
    [万科]."""
    if len(name) == 4:  # (a legal-form ending is never kept half: 金科股份 is *ST金科, not *ST金股)
        return [name[:2]] if name.endswith(LEGAL_FORM_ENDINGS) else [name[:2], name[0] + name[2]]
    if len(name) == 3:
        return [name, name[:2]]
    return [name] if len(name) == 2 else []


def day_stem(name: str) -> str:
    """What a first-days marker leaves: the first two characters of a four-character name, else the whole."""
    return name[:2] if len(name) == 4 else name


def short_names(entry: GeneratedEntry) -> list[str]:
    """The listing's plain short names (no marker, no share class): its name and its Chinese aliases."""
    names = [base_name(n) for n in [entry.zh, *entry.aliases_zh] if not MARKED.match(n)]
    return [n for n in dict.fromkeys(names) if HAN_NAME.match(n)]


def is_a_share(entry: GeneratedEntry) -> bool:
    return entry.type == "company" and entry.ticker.endswith(A_SHARE_SUFFIXES)


def add_marked_forms(stocks: list[GeneratedEntry], others: Iterable[GeneratedEntry],
                     new_listings: set[str]) -> int:
    """Add the risk-warning forms to every A-share company and the first-days forms to the new listings
    (`new_listings`: their ids); a form two listings derive, or any entity already holds, is added to none.
    Returns how many were added."""
    taken = {n for e in [*stocks, *others] for n in [e.zh, *e.aliases_zh]}
    derived: dict[str, set[str]] = {}
    by_id = {e.id: e for e in stocks}
    for e in stocks:
        if not is_a_share(e):
            continue
        for name in short_names(e):
            forms = [form for kept in kept_characters(name) for form in risk_forms(kept)]
            if e.id in new_listings:
                forms += [m + day_stem(name) for m in DAY_MARKERS]
            for form in forms:
                derived.setdefault(form, set()).add(e.id)
    added = 0
    for form, ids in sorted(derived.items()):
        if len(ids) != 1 or form in taken:
            continue
        by_id[next(iter(ids))].aliases_zh.append(form)
        added += 1
    return added
