"""`newsbridge cache list|clear`: every file a run writes is of a named kind, a bare clear keeps the
translation memory and says so, a named kind or `all` deletes it, an unknown kind is a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cachedir import CACHE_KINDS, OTHER, default_cache_dir, kind_of
from tests.conftest import SEEDS, SMALL_GLOSSARY
from tests.views_support import cli

MEMORY = "translation-memory.sqlite"


def test_a_run_writes_only_named_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache table (pipeline/cachedir.py) names every file the writers make: nothing lands in `other`."""
    monkeypatch.setenv("NEWSBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    # A one-entry glossary: the cache files a run writes are the same kinds whatever its size, and the project's
    # glossary would be compiled anew in this empty cache (~15 s).
    small = tmp_path / "glossaries"
    small.mkdir()
    (small / "small.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    code, _, err = cli("run", str(SEEDS), "--out", str(tmp_path / "out"), "--translator", "gloss", "--glossaries",
                       str(small), "-q")
    assert code == 0, err
    files = sorted(default_cache_dir().iterdir())
    kinds = {kind_of(p).name for p in files}
    assert [p.name for p in files if kind_of(p) is OTHER] == []
    assert {"glossary", "translation-memory"} <= kinds  # jieba's dictionary is cached per process: written once


def test_the_writers_names_have_their_kinds() -> None:
    from pipeline.glossary.commonness import dictionary_cache_file
    from pipeline.models.loading import _checks_path
    from stages.translate import memory_path

    assert kind_of(dictionary_cache_file()).name == "jieba"
    assert kind_of(_checks_path()).name == "model-checks"
    assert kind_of(memory_path("default")).name == "translation-memory"
    code, text, _ = cli("cache", "list")
    assert code == 0 and str(default_cache_dir()) in text.splitlines()[0]
    for kind in CACHE_KINDS:
        assert f"  {kind.name} " in text


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory with one file of every kind (their contents do not matter to list or clear)."""
    root = tmp_path / "cache"
    root.mkdir()
    for name, size in (("glossary-abc-def-v16-c66.pickle", 3000), ("jieba-dict-0.42.1-5071852-v4.marshal", 2000),
                       ("model-checks.json", 10), (MEMORY, 4096), (f"{MEMORY}-wal", 1024),
                       (".glossary-abc.pickle.tmp-123", 5)):
        (root / name).write_bytes(b"x" * size)
    monkeypatch.setenv("NEWSBRIDGE_CACHE_DIR", str(root))
    return root


def test_list_names_each_kind_with_its_size(cache: Path) -> None:
    code, text, err = cli("cache", "list")
    assert code == 0 and err == ""
    rows = {line.split()[0]: line for line in text.splitlines()[1:-1]}
    assert "2 file(s)" in rows["translation-memory"] and "5.0 KB" in rows["translation-memory"]
    assert "2.9 KB" in rows["glossary"] and "1 file(s)" in rows["other"]


def test_bare_clear_keeps_the_translation_memory_and_says_so(cache: Path) -> None:
    code, text, _ = cli("cache", "clear")
    assert code == 0
    assert sorted(p.name for p in cache.iterdir()) == [MEMORY, f"{MEMORY}-wal"]
    lines = text.splitlines()
    assert lines[0] == f"freed 4.9 KB in {cache}"
    assert lines[-1] == ("kept the translation memory (5.0 KB): `newsbridge cache clear translation-memory` "
                         "deletes it too")

    code, text, _ = cli("cache", "clear", "translation-memory")
    assert code == 0 and list(cache.iterdir()) == [] and "kept" not in text
    assert cli("cache", "clear")[1].startswith(f"freed 0 B in {cache} (nothing to delete)")


@pytest.mark.parametrize(("kinds", "left"), [
    (["glossary"], 5), (["jieba", "model-checks"], 4), (["all"], 0), (["other"], 5),
])
def test_clear_named_kinds(cache: Path, kinds: list[str], left: int) -> None:
    code, _, _ = cli("cache", "clear", *kinds)
    assert code == 0 and len(list(cache.iterdir())) == left


def test_unknown_kind_is_a_usage_error(cache: Path) -> None:
    code, out, err = cli("cache", "clear", "glossaries")
    assert code == 2 and out == "" and "unknown cache kind 'glossaries'" in err
    assert len(list(cache.iterdir())) == 6
