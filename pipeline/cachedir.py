"""Where newsbridge keeps its caches (compiled glossaries, jieba's parsed dictionary, the translation memory)."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """$NEWSBRIDGE_CACHE_DIR, else ~/.cache/newsbridge."""
    return Path(os.environ.get("NEWSBRIDGE_CACHE_DIR") or Path.home() / ".cache" / "newsbridge")
