"""One reader of JSON Lines files for the project's own files: the data it reads for itself (the dev news under
../shared, judged fixtures) strictly, so that a record's index is its line number and a damaged line stops the tool
at its place; a finished output's files leniently (output_rows.json_rows), so that a view or report of the rest
still comes out.

Run inputs are read by pipeline/io/readers.py (windows, rejects, encodings); this is not that."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def json_lines(path: Path | str, *, lenient: bool = False) -> Iterator[Any]:
    """Each line's value, in file order (the n-th value is line n + 1); streamed. A line that is not JSON raises
    ValueError naming the file and line; `lenient` passes such a line (a blank one too) over instead, and reads a
    file that cannot be opened (absent) as empty."""
    try:
        lines = Path(path).open(encoding="utf-8")
    except OSError:
        if lenient:
            return
        raise
    with lines:
        for number, line in enumerate(lines, 1):
            try:
                yield json.loads(line)
            except ValueError as exc:
                if lenient:
                    continue
                raise ValueError(f"{path}:{number}: not a JSON line ({exc})") from exc
