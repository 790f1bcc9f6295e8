"""`newsbridge cache list|clear`: what is in the cache directory, each kind with its size and purpose, and
deleting kinds of it. The translation memory is kept by a bare `clear` (it is the only cache that costs
model time to rebuild) and says so."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.cachedir import CACHE_KINDS, OTHER, CacheKind, default_cache_dir, kind_of
from pipeline.invocation import command
from pipeline.views.findings import format_size

ALL = "all"
KINDS = {kind.name: kind for kind in (*CACHE_KINDS, OTHER)}


class CacheError(Exception):
    """An unknown kind was named (a usage error)."""


def _entries(root: Path) -> dict[str, list[Path]]:
    """The cache directory's top-level entries, by kind."""
    found: dict[str, list[Path]] = {name: [] for name in KINDS}
    if root.is_dir():
        for path in sorted(root.iterdir()):
            found[kind_of(path).name].append(path)
    return found


def _size(path: Path) -> int:
    if path.is_dir() and not path.is_symlink():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return path.lstat().st_size


def listing(root: Path | None = None) -> str:
    root = root or default_cache_dir()
    entries = _entries(root)
    rows = []
    for name, kind in KINDS.items():
        paths = entries[name]
        if kind is OTHER and not paths:
            continue
        size = sum(map(_size, paths))
        rows.append((name, f"{len(paths)} file(s)", format_size(size), kind.purpose))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    total = sum(_size(p) for paths in entries.values() for p in paths)
    lines = [f"cache directory {root} ({format_size(total)}; $NEWSBRIDGE_CACHE_DIR moves it)"]
    lines += [f"  {n:<{widths[0]}}  {c:>{widths[1]}}  {s:>{widths[2]}}  {p}" for n, c, s, p in rows]
    lines.append(f"clear with `{command('cache', 'clear')} [KIND…]` (no KIND: all but the translation memory)")
    return "\n".join(lines)


def _chosen(names: list[str]) -> list[CacheKind]:
    unknown = [n for n in names if n != ALL and n not in KINDS]
    if unknown:
        raise CacheError(f"unknown cache kind {unknown[0]!r}; choose from {', '.join([*KINDS, ALL])}")
    if ALL in names:
        return list(KINDS.values())
    if names:
        return [KINDS[n] for n in dict.fromkeys(names)]
    return [kind for kind in KINDS.values() if kind.rebuildable]


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clear(names: list[str], root: Path | None = None) -> str:
    """Delete the named kinds (none named: every rebuildable one) and say what was freed and what was kept."""
    root = root or default_cache_dir()
    kinds = _chosen(names)
    entries = _entries(root)
    freed_total = 0
    lines = []
    for kind in kinds:
        paths = entries[kind.name]
        freed = sum(map(_size, paths))
        for path in paths:
            _delete(path)
        freed_total += freed
        if paths:
            lines.append(f"  {kind.name}: {len(paths)} file(s), {format_size(freed)}")
    lines.insert(0, f"freed {format_size(freed_total)} in {root}" + ("" if lines else " (nothing to delete)"))
    memory = KINDS["translation-memory"]
    kept = entries[memory.name]
    if memory not in kinds and kept:
        lines.append(f"kept the translation memory ({format_size(sum(map(_size, kept)))}): "
                     f"`{command('cache', 'clear', memory.name)}` deletes it too")
    return "\n".join(lines)
