"""Which part of an input record holds which field. Chinese headers (Simplified and Traditional) map by default;
a column map (`--columns title=標題,url=連結`, config key `columns`) names any others, in every format:

- a name: a CSV header, a JSON key, a Parquet column (`body=content`);
- a dotted path into nested objects (`body=content.text`; a number in the path is a list position);
- a position, for JSON arrays (`["headline", "article"]`) and CSV files without a header row (`title=0,body=1`).

A field may be named more than once (`body=text,body=input`): the first of its columns a record has, not empty,
is read, so one map reads a folder of differently shaped files. A record's own field names (`title`, `body`, …)
come first; the map and the default headers fill the fields it does not have."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

FIELDS = ("id", "title", "body", "source", "url", "published_at")
# The fields a record must have one of, non-empty, to be a document.
TEXT_FIELDS = ("title", "body")
# Header → field. Traditional forms added where they differ; the cnyes headlines use 時間,標題,連結.
DEFAULT_HEADERS: dict[str, str] = {
    "标题": "title", "標題": "title", "题目": "title", "題目": "title",
    "正文": "body", "内容": "body", "內容": "body", "全文": "body",
    "时间": "published_at", "時間": "published_at", "日期": "published_at",
    "发布时间": "published_at", "發布時間": "published_at", "發佈時間": "published_at",
    "链接": "url", "鏈接": "url", "連結": "url", "网址": "url", "網址": "url",
    "来源": "source", "來源": "source",
    "编号": "id", "編號": "id",
}
PATH_SEPARATOR = "."
MISSING: Any = object()
Columns = tuple[tuple[str, str], ...]  # (column, field) pairs, in the order given


class ColumnMapError(ValueError):
    """A column map that cannot be used."""


def parse_columns(text: str) -> Columns:
    """`title=標題,url=連結` → (("標題", "title"), ("連結", "url")): pairs of (column, field)."""
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise ColumnMapError(f"columns: {part!r} is not FIELD=COLUMN (e.g. title=標題)")
        if field not in FIELDS:
            raise ColumnMapError(f"columns: {field!r} is not a field (use {', '.join(FIELDS)})")
        if column.startswith(PATH_SEPARATOR) or column.endswith(PATH_SEPARATOR) or ".." in column:
            raise ColumnMapError(f"columns: {column!r} is not a column name, path (content.text) or position (0)")
        if (column, field) not in pairs:
            pairs.append((column, field))
    return tuple(pairs)


def format_columns(columns: Iterable[tuple[str, str]]) -> str:
    """The `--columns` text of (column, field) pairs: the inverse of parse_columns."""
    return ",".join(f"{field}={column}" for column, field in columns)


def is_position(column: str) -> bool:
    """A list position (`0`, `12`), as opposed to a name."""
    return column.isascii() and column.isdigit()


def has_positions(columns: Columns) -> bool:
    return any(is_position(column) for column, _ in columns)


def as_mapping(record: dict[str, Any] | list[Any]) -> dict[str, Any]:
    """A list record (a JSON array, a CSV row without a header) as a mapping from positions ("0", "1", …)."""
    return record if isinstance(record, dict) else {str(i): v for i, v in enumerate(record)}


def lookup(record: dict[str, Any], column: str) -> Any:
    """The value at `column` (a key, a dotted path, a position key), or MISSING. A key that contains the
    separator itself (`a.b`) is found before the path a → b."""
    if column in record:
        return record[column]
    if PATH_SEPARATOR not in column:
        return MISSING
    value: Any = record
    for part in column.split(PATH_SEPARATOR):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and is_position(part) and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
    return value


def _present(value: Any) -> bool:
    """A value that reads as the field: not missing, null or blank text."""
    return value is not MISSING and value is not None and not (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=4096)
def _plan(names: tuple[str, ...], columns: Columns) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per field a record of these keys may fill: its candidate columns in order (the map's, then the default
    headers present). Cached: every record of a file usually has the same keys."""
    mapped = {column for column, _ in columns}
    own = {n for n in names if n in FIELDS and n not in mapped}
    plan = []
    for field in FIELDS:
        if field in own:
            continue
        candidates = [column for column, f in columns if f == field]
        candidates += [n for n in names if isinstance(n, str) and DEFAULT_HEADERS.get(n.strip()) == field
                       and n not in candidates]
        if candidates:
            plan.append((field, tuple(candidates)))
    return tuple(plan)


def _without(record: dict[str, Any], path: list[str]) -> dict[str, Any]:
    """A copy of `record` without the value at `path` (a parent left empty goes too); the input is not changed."""
    head, rest = path[0], path[1:]
    out = dict(record)
    if not rest:
        out.pop(head, None)
        return out
    child = out.get(head)
    if isinstance(child, dict):
        child = _without(child, rest)
    elif isinstance(child, list) and is_position(rest[0]) and not rest[1:]:
        child = [v for i, v in enumerate(child) if i != int(rest[0])]
    elif isinstance(child, list) and is_position(rest[0]):
        index = int(rest[0])
        inner = child[index]
        child = [*child[:index], _without(inner, rest[1:]) if isinstance(inner, dict) else inner, *child[index + 1:]]
    if child in ({}, []):
        out.pop(head, None)
    else:
        out[head] = child
    return out


def map_record(record: dict[str, Any], columns: Columns = ()) -> dict[str, Any]:
    """The record with its fields under their names (see the module rules), in the record's order: a field
    takes the place of the key it was read from. What the map read is taken out; the other keys stay as they
    are (they become the document's meta)."""
    fields: dict[str, list[tuple[str, Any]]] = {}  # top-level key → the fields read from it
    taken: set[str] = set()  # top-level keys read whole
    rest = record  # copied only when a nested value is taken out
    for field, candidates in _plan(tuple(record), columns):
        chosen = None
        for column in candidates:
            value = lookup(record, column)
            if _present(value):
                chosen = column, value
                break
            if chosen is None and value is not MISSING:
                chosen = column, value  # there but empty: read unless a later column has text
        if chosen is None:
            continue
        column, value = chosen
        if column in record:
            fields.setdefault(column, []).append((field, value))
            taken.add(column)
        else:
            path = column.split(PATH_SEPARATOR)
            fields.setdefault(path[0], []).append((field, value))
            rest = _without(rest, path)
    out: dict[str, Any] = {}
    for key in record:
        if key in fields:
            out.update(fields[key])
        if key not in taken and key in rest and key not in out:
            out[key] = rest[key]
    return out


def fields_found(record: dict[str, Any], columns: Columns = ()) -> set[str]:
    """The fields a record of this shape has a column for (empty or not): its own field names, and those the map
    or the default headers find. A CSV header is such a record with every value empty."""
    found = {n for n in record if n in FIELDS and n not in {c for c, _ in columns}}
    found.update(field for field, candidates in _plan(tuple(record), columns)
                 if any(lookup(record, c) is not MISSING for c in candidates))
    return found


def text_paths(record: dict[str, Any], depth: int = 3, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(column, text) for every string in the record, nested objects walked `depth` levels deep, so a reject can
    name the column that holds the text."""
    for key, value in record.items():
        column = f"{prefix}{key}"
        if isinstance(value, str):
            yield column, value
        elif isinstance(value, dict) and depth > 1:
            yield from text_paths(value, depth - 1, column + PATH_SEPARATOR)
