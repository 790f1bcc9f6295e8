"""The status markers an exchange writes before an A share's short name, defined once for every source that
derives, reads or strips a marked name (naming.base_name, sources/listing_forms.py, sources/core_names.py,
sources/tagged.py, bench/tagged_miss_causes.py).

- Risk warnings: ST and *ST (国华网安 trades as *ST国华). A company moves between the two within months, so a
  name seen with one is given the other too.
- The delisting period: 退市 + the stem (退市观典).
- Older share-reform forms, stripped but never derived: S, SST, S*ST (S*ST中华).
"""

from __future__ import annotations

import re

HAN_AFTER = r"(?=[\u4e00-\u9fff])"
# In the order sources write the pair (ST嘉澳, *ST嘉澳).
RISK_WARNINGS = ("ST", "*ST")
DELISTING = "退市"
RISK_MARKERS = (*RISK_WARNINGS, DELISTING)
SHARE_REFORM = ("S*ST", "SST", "S")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# A name under risk warning (*ST闻泰, ST中装), and one under any risk marker (退市观典 too).
RISK_WARNING_MARK = re.compile(f"^(?:{_alternation(RISK_WARNINGS)}){HAN_AFTER}")
RISK_MARK = re.compile(f"^(?:{_alternation(RISK_MARKERS)})")
# What base_name strips: a risk warning or a share-reform marker before the Chinese name.
STATUS_PREFIX = re.compile(f"^(?:{_alternation((*RISK_WARNINGS, *SHARE_REFORM))}){HAN_AFTER}")
# A name that is already marked (not a plain short name to derive forms from): risk, delisting, share reform.
MARKED = re.compile(f"^(?:{_alternation((*RISK_MARKERS, 'S'))})")


def risk_forms(stem: str, markers: tuple[str, ...] = RISK_MARKERS) -> list[str]:
    """国华 → [ST国华, *ST国华, 退市国华]: the marked forms of a stem, in `markers`' order."""
    return [marker + stem for marker in markers]


def warning_forms(name: str) -> list[str]:
    """*ST闻泰 → [*ST闻泰, ST闻泰]; ST中装 → [ST中装, *ST中装]: a name under risk warning and its other warning
    form; any other name stays alone."""
    m = RISK_WARNING_MARK.match(name)
    if not m:
        return [name]
    return [name, *(form for form in risk_forms(name[m.end():], RISK_WARNINGS) if form != name)]
