"""The words of a reject or error about a record's shape: what the record is, which keys it has, and the
`--columns` that would read it. Shared by the readers (per record) and the input check (per file), so the hint a
user gets is the same wherever the problem shows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.io.columns import (
    DEFAULT_HEADERS,
    FIELDS,
    TEXT_FIELDS,
    Columns,
    format_columns,
    has_positions,
    text_paths,
)

# Keys named in a message; a record with more ends the list with "…".
MAX_KEYS_SHOWN = 12
NO_TEXT = "record has neither title nor body"
NOT_OBJECT = "not a JSON object"
JSON_TYPES = {dict: "object", list: "list", str: "string", int: "number", float: "number", bool: "boolean",
              type(None): "null"}


def type_name(value: Any) -> str:
    """The JSON name of a value's type (a CSV cell is a string)."""
    return JSON_TYPES.get(type(value), type(value).__name__)


def describe_list(items: list[Any]) -> str:
    """"list of 2 strings", "list of 3 numbers", "list of 4 items" (mixed), "empty list"."""
    if not items:
        return "empty list"
    kinds = {type_name(v) for v in items}
    kind = kinds.pop() if len(kinds) == 1 else "item"
    return f"list of {len(items)} {kind}{'' if len(items) == 1 else 's'}"


def is_prose(text: str) -> bool:
    """Text a title or body could be: words with spaces, or Chinese; not a date, URL, id or number, which are
    often as long as a headline."""
    text = text.strip()
    return bool(text) and (not text.isascii() or any(c.isspace() for c in text))


def list_suggestion(items: list[Any]) -> str:
    """The position map for a list record: the longest string is the body (the later one on a tie), the
    longest of the others the title (the earlier one on a tie)."""
    texts = [(i, v) for i, v in enumerate(items) if isinstance(v, str) and is_prose(v)]
    if not texts:
        return ""
    body = max(texts, key=lambda t: (len(t[1]), t[0]))[0]
    rest = [t for t in texts if t[0] != body]
    title = max(rest, key=lambda t: (len(t[1]), -t[0]))[0] if rest else None
    return format_columns([*([(str(title), "title")] if title is not None else []), (str(body), "body")])


def record_suggestion(record: dict[str, Any], columns: Columns = ()) -> str:
    """`body=KEY` for the key (or nested path) that holds the record's longest text, or "" when none does. Keys
    that are other fields (id, url, …), by name, header or map, are not proposed."""
    other = {c for c, f in columns if f not in TEXT_FIELDS}
    texts = [(c, v) for c, v in text_paths(record) if is_prose(v) and c not in other
             and c not in FIELDS and DEFAULT_HEADERS.get(c.strip()) in (None, *TEXT_FIELDS)]
    if not texts:
        return ""
    return format_columns([(max(texts, key=lambda t: len(t[1]))[0], "body")])


def keys_text(record: dict[str, Any]) -> str:
    keys = [str(k) for k in record]
    return ", ".join(keys[:MAX_KEYS_SHOWN]) + (", …" if len(keys) > MAX_KEYS_SHOWN else "")


def no_text_reason(record: dict[str, Any] | list[Any], columns: Columns = (), noun: str = "keys") -> str:
    """Why a record is no document, with what it holds: "record has neither title nor body; its keys: id,
    input, output — try --columns body=input"."""
    if isinstance(record, list):
        suggestion = list_suggestion(record)
        held = f"it is a {describe_list(record)}"
    else:
        suggestion = record_suggestion(record, columns)
        held = f"its {noun}: {keys_text(record)}" if record else f"it has no {noun}"
    empty = [f for f in TEXT_FIELDS if isinstance(record, dict) and f in record]
    advice = (f"try --columns {suggestion}" if suggestion
              else f"{' and '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty" if empty else "none holds text")
    return f"{NO_TEXT}; {held} — {advice}"


def not_object_reason(value: Any) -> str:
    """A JSON value that is no record: a list gets the position map that would read it."""
    if isinstance(value, list):
        suggestion = list_suggestion(value)
        return f"{NOT_OBJECT} (got {describe_list(value)})" + (
            f" — map positions with --columns {suggestion}" if suggestion else "")
    return f"{NOT_OBJECT} (got {type_name(value)})"


def accepts(value: Any, columns: Columns) -> bool:
    """A JSON value the readers map: an object, or a list when the map names positions."""
    return isinstance(value, dict) or (isinstance(value, list) and has_positions(columns))



def duplicate_columns_reason(names: list[str], what: str) -> str | None:
    """Why a file whose header or schema (`what`) names a column twice is not read, or None when none repeats. A
    record keeps one value per name, so reading it would drop the other column's values without a word. Unnamed
    columns (an empty header cell) are never read and may repeat."""
    counts = Counter(name for name in names if name)
    repeated = {name: n for name, n in counts.items() if n > 1}
    if not repeated:
        return None
    shown = ", ".join(f"{name!r} ({n} times)" for name, n in list(repeated.items())[:MAX_KEYS_SHOWN])
    return (f"{what} names a column more than once: {shown}{', …' if len(repeated) > MAX_KEYS_SHOWN else ''}; "
            "the file is not read, since a record keeps one value per name and the others would be dropped "
            "without a word: rename the columns so each name is used once")
