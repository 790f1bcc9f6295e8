"""A long list of FILE:LINE: warnings summarised for a terminal: a count per kind and the first few of each,
so `glossary check` shows what kinds of problem there are without scrolling through hundreds of lines."""

from __future__ import annotations

import re
from collections import Counter

# Examples shown per kind; enough to see what the kind means and where to start.
EXAMPLES_PER_KIND = 3
# Up to this many warnings are listed as they are: a summary only pays once the list outgrows a screen's part.
LIST_UP_TO = 10
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)")
_WORD = re.compile(r"[a-z][a-z-]*[,:;]?")
_LOCATION = re.compile(r"^[^\s:]+(?::\d+)?: (?:warning: )?")
GAP = "…"


def warning_kind(warning: str) -> str:
    """The message without its location, with names, ids and tickers as …: 'name … is shared by …: not linked'."""
    words = []
    for word in _QUOTED.sub(f" {GAP} ", _LOCATION.sub("", warning, count=1)).split():
        word = word if _WORD.fullmatch(word) else GAP + (word[-1] if word[-1] in ",:;" else "")
        if not (word.startswith(GAP) and words and words[-1].startswith(GAP)):
            words.append(word)
        elif word != GAP:
            words[-1] = word
    return " ".join(words) or "other"


def summarise(warnings: list[str], examples: int = EXAMPLES_PER_KIND) -> list[str]:
    """One line per kind (most frequent first) with its count, then its first `examples` warnings indented; a
    short list (LIST_UP_TO) as it is."""
    if len(warnings) <= LIST_UP_TO:
        return list(warnings)
    kinds = Counter(warning_kind(w) for w in warnings)
    lines: list[str] = []
    for kind, count in kinds.most_common():
        lines.append(f"{count} warning(s): {kind}")
        lines.extend("  " + w for w in [w for w in warnings if warning_kind(w) == kind][:examples])
        if count > examples:
            lines.append(f"  … and {count - examples} more")
    return lines
