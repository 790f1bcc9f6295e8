"""Which input column holds which field. Chinese headers (Simplified and Traditional) map by default, a
column map (`--columns title=標題,url=連結`, config key `columns`) names any others."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

FIELDS = ("id", "title", "body", "source", "url", "published_at")
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


class ColumnMapError(ValueError):
    """A column map that cannot be used."""


def parse_columns(text: str) -> tuple[tuple[str, str], ...]:
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
        pairs.append((column, field))
    return tuple(pairs)


def map_names(names: Iterable[str], columns: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """Field names for the given column names: the column map first, then the default Chinese headers; a
    name that is already a field, or that a field already took, stays as it is."""
    return list(_map_names(tuple(names), columns))


@lru_cache(maxsize=4096)
def _map_names(names: tuple[str, ...], columns: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Cached: every record of a file has the same keys."""
    chosen = dict(columns)
    taken = {n for n in names if n in FIELDS and n not in chosen}
    out = []
    for name in names:
        key = name.strip() if isinstance(name, str) else name
        target = chosen.get(key) or DEFAULT_HEADERS.get(key)
        if target is not None and target not in taken:
            taken.add(target)
            out.append(target)
        else:
            out.append(name)
    return tuple(out)
