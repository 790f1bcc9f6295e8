"""One record (a JSON object or array, a CSV or Parquet row) into a Document, or a Reject that says why not.

Rules for values no output can hold: a lone surrogate (a `"\\ud800"` escape in JSON) is replaced by U+FFFD
and the Document's `meta.repaired` names where (`"lone surrogate in title"`); NaN and ±Infinity become null;
other non-JSON values (dates, bytes, decimals) become strings or floats. A record nested too deep to walk,
or any other failure on one record, is a Reject, never an exception."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from pipeline.io.columns import as_mapping, map_record
from pipeline.io.hints import accepts, no_text_reason, not_object_reason
from pipeline.io.lines import out_of_memory_reason
from pipeline.records import Document, Reject

KNOWN_FIELDS = ("id", "title", "body")
META_FIELDS = ("source", "url", "published_at")
# Raw text kept in a reject: enough to find the record again, small enough to keep rejects.jsonl readable.
RAW_PREVIEW_CHARS = 300
# A news article is a few thousand characters; a body this large is a dump or a broken export.
DEFAULT_MAX_BODY_CHARS = 200_000
# A headline is under 100 characters; 2,000 leaves room for odd exports and stops pathological titles.
DEFAULT_MAX_TITLE_CHARS = 2_000
# One line of a JSONL/CSV file, or one .txt file, larger than this is rejected while it is read, without being
# held: far above any record max_body_chars lets through (200,000 characters are at most 800 KB of UTF-8), low
# enough that a one-line bomb cannot exhaust memory.
DEFAULT_MAX_RECORD_BYTES = 64 * 2**20
# An id is written again on every segment, mention and TMX unit of its record, so its length multiplies the
# output. The longest id in ../shared/data/news is 32 characters; 1,000 leaves room for URLs used as ids.
DEFAULT_MAX_ID_CHARS = 1_000
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class ReadOptions:
    max_body_chars: int = DEFAULT_MAX_BODY_CHARS
    max_title_chars: int = DEFAULT_MAX_TITLE_CHARS
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    max_id_chars: int = DEFAULT_MAX_ID_CHARS
    encoding: str | None = None  # forced for every input; None = detect per file
    columns: tuple[tuple[str, str], ...] = ()  # (column, field) pairs, see pipeline.io.columns


class DuplicateKey(ValueError):
    """A JSON object that names a key twice: the json module keeps the last value and drops the others."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) < len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise DuplicateKey(f"a JSON object in the record names the key {key!r} more than once: the record is not "
                           "read, since all but one of its values would be dropped without a word")
    return record


def load_json_record(text: str | bytes) -> Any:
    """One input record parsed from JSON; DuplicateKey (a ValueError) for an object that names a key twice."""
    return json.loads(text, object_pairs_hook=_unique_keys)


_ESCAPE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_escapes(text: str) -> bool:
    """Undecodable input bytes, kept as surrogate escapes (U+DC80..U+DCFF)."""
    return _ESCAPE.search(text) is not None


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def preview(text: str) -> str:
    if _has_surrogates(text):
        text = _SURROGATE.sub(REPLACEMENT, text)
    return text if len(text) <= RAW_PREVIEW_CHARS else text[:RAW_PREVIEW_CHARS] + "…"


def _clean(value: Any, where: str, repaired: list[str]) -> Any:
    """A JSON-safe copy of `value` (see the module rules); recursion depth is the record's nesting."""
    if isinstance(value, str):
        if _has_surrogates(value):
            repaired.append(f"lone surrogate in {where}")
            return _SURROGATE.sub(REPLACEMENT, value)
        return value
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, dict):
        return {_clean(str(k), where, repaired): _clean(v, f"{where}.{k}", repaired) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v, where, repaired) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return _clean(value.decode("utf-8", "replace"), where, repaired)
    return _clean(str(value), where, repaired)


def _raw(obj: Any) -> str:
    try:
        return preview(json.dumps(obj, ensure_ascii=False, default=str))
    except (ValueError, RecursionError, TypeError):
        return preview(repr(obj)[:RAW_PREVIEW_CHARS * 2])


def record_from_mapping(obj: Any, origin_file: str, line: int, default_id: str,
                        options: ReadOptions, noun: str = "keys") -> Document | Reject:
    """Validate one record (a mapping, or a list read by the column map's positions) into a Document, or say
    why not (`noun` is what the reject calls the record's parts: keys, columns); nothing raised escapes."""
    try:
        return _from_mapping(obj, origin_file, line, default_id, options, noun)
    except MemoryError:
        return Reject(origin_file, line, out_of_memory_reason(options.max_record_bytes), "")
    except Exception as e:  # RecursionError on deep nesting, anything a hostile value triggers
        return Reject(origin_file, line, f"unreadable record: {type(e).__name__}: {str(e)[:200]}", _raw(obj))


def _from_mapping(record: Any, origin_file: str, line: int, default_id: str,
                  options: ReadOptions, noun: str) -> Document | Reject:
    if not accepts(record, options.columns):
        return Reject(origin_file, line, not_object_reason(record), _raw(record))
    obj = map_record(as_mapping(record), options.columns)
    for key in ("title", "body"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(origin_file, line, f"field {key!r} must be a string, got {type(value).__name__}",
                          _raw(obj))
    title = obj.get("title") or ""
    body = obj.get("body") or ""
    if not title.strip() and not body.strip():
        return Reject(origin_file, line, no_text_reason(record, options.columns, noun), _raw(record))
    if len(title) > options.max_title_chars:
        return Reject(origin_file, line, f"title has {len(title)} characters, over the limit of "
                      f"{options.max_title_chars} (max_title_chars in the config)", _raw(obj))
    if len(body) > options.max_body_chars:
        return Reject(origin_file, line,
                      f"body has {len(body)} characters, over the limit of {options.max_body_chars} "
                      "(max_body_chars in the config)", _raw(obj))
    raw_id = obj.get("id")
    if isinstance(raw_id, (dict, list, bool)):
        return Reject(origin_file, line, f"field 'id' must be a string or number, got {type(raw_id).__name__}",
                      _raw(obj))
    given_id = str(raw_id).strip() if raw_id is not None else ""
    if len(given_id) > options.max_id_chars:
        return Reject(origin_file, line, f"id has {len(given_id):,} characters, over the limit of "
                      f"{options.max_id_chars:,} (max_id_chars in the config)", _raw(obj))
    repaired: list[str] = []
    obj = _clean(obj, "record", repaired)
    repaired = [r.replace("record.", "", 1) for r in repaired]
    title, body, raw_id = obj.get("title") or "", obj.get("body") or "", obj.get("id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else ""
    meta: dict[str, Any] = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS and v not in (None, "")}
    if not doc_id:
        doc_id = default_id
        meta["id_generated"] = True
    if repaired:
        meta["repaired"] = list(dict.fromkeys(repaired))
    return Document(id=doc_id, title=title, body=body, meta=meta, origin=f"{origin_file}:{line}")
