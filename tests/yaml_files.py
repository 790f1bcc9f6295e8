"""Glossary YAML as the tests read it: each file parsed once per process, with libyaml's C parser where PyYAML has
it. Why: glossaries/generated/ is ~3 MB and PyYAML's pure-Python parser takes ~9 s of CPU for it; several test
files parsed the same file in test after test. The C parser feeds the same SafeConstructor, so the values are
the same; only the time differs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> object:
    """One YAML text, parsed as yaml.safe_load would."""
    return yaml.load(text, Loader=LOADER)  # noqa: S506 (a safe loader)


@cache
def _entries(path: Path, mtime_ns: int, size: int) -> tuple[dict, ...]:
    return tuple(parse_yaml(path.read_text(encoding="utf-8"))["entries"])


def yaml_entries(path: Path) -> tuple[dict, ...]:
    """A glossary file's entries, shared by every caller in this process (read them, never change them); a file
    rewritten since is parsed again."""
    path = Path(path).resolve()
    stat = path.stat()
    return _entries(path, stat.st_mtime_ns, stat.st_size)
