"""Reading a finished output's JSONL files back, for the report, `inspect`, the end-of-run summary and the Python
API: one line reader, and one rule for which reject reasons are the same problem."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def json_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of an output's JSONL file, one by one, streamed. None when the file is absent (an older output
    has no flags file); a damaged line or one that holds no object is passed over, so that a view or report of
    the rest still comes out."""
    try:
        lines = Path(path).open(encoding="utf-8")
    except OSError:
        return
    with lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                yield row
