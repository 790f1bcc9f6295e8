"""In-memory records (a pandas DataFrame, or an iterable of dicts) as a JSONL file, so the API's data goes
through the same readers, shards, `--resume` and rejects as a file given on the command line.

The spool is written once beside the output directory, in `.<out name>.input-<sha256 prefix>/<label>.jsonl`,
named by its content: a `resume=True` run given the same data finds the same file (and plan). Records without
an id get the reader's default id `<label>-<line>` (`dataframe-3` for the DataFrame's third row). The spool is
deleted after a successful run and kept after a failed one that may be resumed, like standard input's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.io.stdin import spool_by_content

SPOOL_INFIX = ".input-"
DIGEST_CHARS = 16
# Names the manifest, rejects.jsonl and documents' `input` give to spooled data instead of the spool's path.
DATAFRAME_LABEL = "dataframe"
RECORDS_LABEL = "records"
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_dataframe(data: Any) -> bool:
    """A pandas DataFrame, recognised without importing pandas (so `import pipeline` stays light)."""
    return type(data).__name__ == "DataFrame" and type(data).__module__.split(".")[0] == "pandas"


def _missing(value: Any) -> bool:
    """None, NaN or NaT: a DataFrame cell that a record without the key would have."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT (and their numpy kinds) differ from themselves
    except (TypeError, ValueError):  # arrays and other values without a truth value
        return False


def _jsonable(value: Any) -> Any:
    """`default=` for json.dumps: timestamps as ISO 8601, numpy scalars and arrays as Python values."""
    if _missing(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def frame_rows(frame: Any) -> Iterator[dict[str, Any]]:
    """The rows of a DataFrame as records; a missing cell (NaN, None, NaT) leaves its key out, as a JSON
    record without that field would (the index is not data and is left out)."""
    columns = [str(c) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        yield {k: v for k, v in zip(columns, row, strict=True) if not _missing(v)}


def _line(record: Any) -> str:
    """One JSONL line. A value that is not a mapping is written as it is, so the reader rejects it with
    the same reason as in a file ("not a JSON object")."""
    value = dict(record) if isinstance(record, Mapping) else record
    try:
        text = json.dumps(value, ensure_ascii=False, default=_jsonable)
    except (ValueError, TypeError, RecursionError) as e:  # circular or too deep: rejected by the reader
        return json.dumps(f"unserializable record: {type(e).__name__}: {e}")
    # A lone surrogate cannot be written as UTF-8: escaped, the reader repairs it as it would in a file.
    return json.dumps(value, default=_jsonable) if _SURROGATE.search(text) else text


def spool_records(records: Iterable[Any], out_dir: Path, label: str) -> Path:
    """Write the records to `<out parent>/.<out name>.input-<digest>/<label>.jsonl` and return its path."""
    lines = ((_line(record) + "\n").encode("utf-8") for record in records)
    return spool_by_content(out_dir, SPOOL_INFIX, lines,
                            lambda out, digest: out.parent / f".{out.name}{SPOOL_INFIX}{digest[:DIGEST_CHARS]}"
                                                / f"{label}.jsonl",
                            seed=label.encode())


def remove_spooled(path: Path) -> None:
    """Delete a spool and its folder."""
    path = Path(path)
    path.unlink(missing_ok=True)
    if path.parent.name.startswith(".") and SPOOL_INFIX in path.parent.name:
        shutil.rmtree(path.parent, ignore_errors=True)
