"""Where newsbridge keeps its caches (compiled glossaries, jieba's parsed dictionary, the translation memory,
the model checks), and which file is which kind: `newsbridge cache list|clear` reads this table."""

from __future__ import annotations

import logging
import marshal
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def default_cache_dir() -> Path:
    """$NEWSBRIDGE_CACHE_DIR, else ~/.cache/newsbridge."""
    return Path(os.environ.get("NEWSBRIDGE_CACHE_DIR") or Path.home() / ".cache" / "newsbridge")


def marshalled(cache_file: Path, build: Callable[[], T], encode: Callable[[T], object],
               decode: Callable[[object], T], what: str) -> T:
    """`build()`, kept in `cache_file` with marshal: read back with `decode` (which raises TypeError on data of
    the wrong shape) when it is there; a damaged or foreign file is built again and replaced, with a warning; a
    cache that cannot be written only means building again next time."""
    from pipeline.io.atomic import write_bytes_atomic

    try:
        return decode(marshal.loads(cache_file.read_bytes()))
    except FileNotFoundError:
        pass  # first use: build below
    except (OSError, ValueError, EOFError, TypeError) as e:
        logging.getLogger(__name__).warning("%s cache %s unusable (%s: %s): rebuilding it", what, cache_file,
                                            type(e).__name__, e)
    value = build()
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache_file, marshal.dumps(encode(value)))
    except OSError:
        pass
    return value


@dataclass(frozen=True)
class CacheKind:
    """A kind of file in the cache directory: the glob patterns its writer names files by, and why it is kept."""

    name: str
    patterns: tuple[str, ...]
    purpose: str
    # A rebuildable cache costs seconds to make again; the translation memory holds every sentence a slow
    # model translated, so `cache clear` keeps it unless asked by name.
    rebuildable: bool = True


# Writers: pipeline/glossary/compiled.py (compile_glossary), pipeline/glossary/commonness.py
# (dictionary_cache_file), pipeline/text/cedict_entries.py (entries_cache_file), pipeline/models/loading.py
# (CHECKS_FILE), stages/translate.py (memory_path).
# tests/test_views_cache.py checks that a run writes nothing this table does not name.
CACHE_KINDS = (
    CacheKind("glossary", ("glossary-*.pickle",),
              "compiled glossaries, one per glossary directory and version (a warm start reads one file)"),
    CacheKind("jieba", ("jieba-dict-*.marshal",), "jieba's dictionary, parsed once (seconds → under one)"),
    CacheKind("cedict", ("cedict-*.marshal",), "CC-CEDICT's entries, parsed once (seconds → under one)"),
    CacheKind("model-checks", ("model-checks.json",),
              "which installed argos packages were checked to load and translate (checked again when files change)"),
    CacheKind("translation-memory", ("translation-memory.sqlite", "translation-memory.sqlite-*"),
              "every sentence already translated, by translator: a second run answers from it", rebuildable=False),
)
# Files no kind names (a temporary file left by an interrupted write, a cache of an older version's name).
OTHER = CacheKind("other", (), "files no newsbridge cache names (left by an interrupted write or an older version)")


def kind_of(path: Path) -> CacheKind:
    for kind in CACHE_KINDS:
        if any(path.match(pattern) for pattern in kind.patterns):
            return kind
    return OTHER
