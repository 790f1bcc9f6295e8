"""Data files the project reads for itself (the dev news under ../shared, judged fixtures): one JSON value a line,
read strictly, so that a record's index is its line number and a damaged line stops the tool at its place.

Run inputs are read by pipeline/io/readers.py (windows, rejects, encodings) and a finished output's files by
output_rows.json_rows (a damaged line passed over); this is neither."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def json_lines(path: Path | str) -> Iterator[Any]:
    """Each line's value, in file order (the n-th value is line n + 1); streamed. A line that is not JSON raises
    ValueError naming the file and line."""
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a JSON line ({exc})") from exc
