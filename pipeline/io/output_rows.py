"""Reading a finished output's JSONL files back, for the report, `inspect`, the end-of-run summary and the Python
API: the JSONL reader in its lenient form (pipeline/io/jsonl.py), one rule for which reject reasons are the same
problem, and one grouping of the rejects by it (streamed: memory per group, not per line)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.io.jsonl import json_lines

if TYPE_CHECKING:
    from pipeline.io.output_source import OutputSource

REJECTS_FILE = "rejects.jsonl"
# The parts of a reason that vary from record to record, each with what stands in for it, so that
# "duplicate id 'a' (first seen at x.jsonl:1)" and "... 'b' (... y.jsonl:7)" are one group. Order matters:
# quoted values and byte literals first (they may hold digits), then file:line places, then bare numbers.
VARIABLE_PARTS = (
    (re.compile(r"""b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*\""""), "b'…'"),
    (re.compile(r"'(?:[^'\\]|\\.)*'"), "'…'"),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), '"…"'),
    (re.compile(r"\S+:\d+\b"), "FILE:N"),
    # Not inside a name such as UTF-8 or GB18030: those are the same in every reason.
    (re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*\b"), "N"),
)


def reason_group(reason: str) -> str:
    """A reject reason with its variable parts (values, places, numbers) replaced: the key it is counted under."""
    for pattern, stand_in in VARIABLE_PARTS:
        reason = pattern.sub(stand_in, reason)
    return reason


@dataclass
class ReasonGroup:
    """Rejects that share a reason up to its variable parts; the first one's reason and place as an example."""

    pattern: str
    count: int
    example: str
    where: str

    @property
    def shown(self) -> str:
        """The reason as read when it stands alone, its pattern when it stands for several."""
        return self.example if self.count == 1 else self.pattern


def reject_groups(out: Path | OutputSource) -> list[ReasonGroup]:
    """rejects.jsonl (of one run, or of every run of a dataset) grouped by reason, the largest group first (ties:
    first seen first). The report, `inspect` and the end-of-run summary all count from this one grouping."""
    from pipeline.io.output_source import as_source

    groups: dict[str, ReasonGroup] = {}
    for row in as_source(out).rows("rejects"):
        reason = str(row.get("reason", ""))
        key = reason_group(reason)
        if key in groups:
            groups[key].count += 1
        else:
            where = f"{row.get('input', '?')}" + (f":{row['line']}" if row.get("line") is not None else "")
            groups[key] = ReasonGroup(key, 1, reason, where)
    return sorted(groups.values(), key=lambda g: -g.count)


def json_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of an output's JSONL file, one by one, streamed. None when the file is absent (an older output
    has no flags file); a damaged line or one that holds no object is passed over, so that a view or report of
    the rest still comes out."""
    return (row for row in json_lines(path, lenient=True) if isinstance(row, dict))
