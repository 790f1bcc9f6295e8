"""The test session's shared cache: the project's compiled glossary (under both names a run gives it), jieba's
parsed dictionary and CC-CEDICT's parsed entries, built ONCE per `pytest` by a child the controller starts before
xdist's workers exist. Each worker compiled them itself before (~15 s of CPU each, 60-80 s of wall time on a
loaded 2-core machine), and nothing is cached in a clean clone. The workers copy the files into their own sandbox
cache (tests/conftest.py) before the first test that starts after the builder is done, or, waiting for it,
when a test first needs the glossary; the cold compile stays tested in
tests/test_glossary_hardening.py (test_warm_cache_is_read_without_a_warning: compiled cold, then read), on a
glossary of its own.

Run as `python -m tests.session_cache DIR` (from the project root): builds into DIR, then writes DIR/DONE_NAME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipeline.cachedir import CACHE_KINDS
from pipeline.paths import PROJECT_ROOT

# Set by the controller for its workers (they inherit its environment): the shared directory.
ENV = "NEWSBRIDGE_TEST_SESSION_CACHE"
# Written last by the builder, whatever happened: a worker waits for it, never for a half-written cache.
DONE_NAME = "DONE"
# The files a run's warm start reads: the patterns of these cache kinds (pipeline/cachedir.py CACHE_KINDS).
WARM_START_KINDS = ("glossary", "jieba", "cedict")
PATTERNS = tuple(pattern for kind in CACHE_KINDS if kind.name in WARM_START_KINDS for pattern in kind.patterns)
# How long a worker waits for the builder before compiling by itself: far above a compile on a loaded machine,
# so only a builder that died or hung is given up on.
WAIT_SECONDS = 900.0


def start(folder: Path) -> subprocess.Popen[bytes]:
    """The builder, started in the background: the workers start and collect meanwhile."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSBRIDGE_CACHE_DIR": str(folder)}
    return subprocess.Popen([sys.executable, "-m", "tests.session_cache", str(folder)], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def seed(target: Path, wait: bool = True) -> bool:
    """Copy the shared files into `target` (a process's own cache directory) once the builder is done (waiting for
    it, or not when `wait` is false); files already there are kept. False when there is no shared cache ready (the
    caller then compiles or parses by itself)."""
    shared = os.environ.get(ENV)
    if not shared:
        return False
    folder = Path(shared)
    deadline = time.monotonic() + (WAIT_SECONDS if wait else 0.0)
    while not (folder / DONE_NAME).exists():
        if time.monotonic() >= deadline or not folder.is_dir():
            return False
        time.sleep(0.2)
    target.mkdir(parents=True, exist_ok=True)
    for pattern in PATTERNS:
        for source in sorted(folder.glob(pattern)):
            if not (target / source.name).exists():  # atomically: a child of this worker may be reading the cache
                partial = target / f".{source.name}.seeding"
                shutil.copyfile(source, partial)
                os.replace(partial, target / source.name)
    return True


def build(folder: Path) -> None:
    """What the `glossary` and `glossary_cache` fixtures of a worker would otherwise compile and parse."""
    from pipeline.config import PROJECT_GLOSSARIES, default_glossaries
    from pipeline.glossary import compile_glossary
    from pipeline.text.cedict_entries import cedict_entries

    try:
        compile_glossary(PROJECT_GLOSSARIES)  # the absolute name (the `glossary` fixture)
        compile_glossary(default_glossaries())  # `glossaries`, as the CLI finds it from the project root
        cedict_entries()
    finally:
        (folder / DONE_NAME).write_text("done\n", encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
