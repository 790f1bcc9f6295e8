"""A process reads a glossary cache file once: a later run in the same process (text API, notebook, the suite's
in-process runs) gets the object already read while the file still holds the same bytes, and a file that changed
is read (and checked) again."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.glossary import compile_glossary
from pipeline.glossary import compiled as compiled_module
from tests.conftest import SMALL_GLOSSARY


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    root = tmp_path / "glossaries"
    root.mkdir()
    (root / "g.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return root


def _no_unpickling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(blob: bytes) -> object:
        raise AssertionError("unpickled again")

    monkeypatch.setattr(compiled_module.pickle, "loads", refuse)


def test_a_second_compile_in_the_process_reuses_what_it_built(small: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first = compile_glossary(small, cache_dir=tmp_path / "cache")
    _no_unpickling(monkeypatch)
    again = compile_glossary(small, cache_dir=tmp_path / "cache")
    assert again is first and again.root == small
    assert again.find("中际旭创涨停", "zh")[0].entry_id == "cn.300308"


def test_a_file_read_once_is_not_unpickled_again(small: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    compile_glossary(small, cache_dir=tmp_path / "cache")
    compiled_module._UNPICKLED.clear()  # as in a new process: only the file is left
    read = compile_glossary(small, cache_dir=tmp_path / "cache")
    _no_unpickling(monkeypatch)
    assert compile_glossary(small, cache_dir=tmp_path / "cache") is read


def test_a_changed_file_is_read_and_checked_again(small: Path, tmp_path: Path, caplog) -> None:
    cache_dir = tmp_path / "cache"
    first = compile_glossary(small, cache_dir=cache_dir)
    (cache_file,) = cache_dir.glob("glossary-*.pickle")
    data = bytearray(cache_file.read_bytes())
    data[-10] ^= 1  # same size, same header line: only the checksum tells
    cache_file.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="pipeline.glossary.compiled"):
        rebuilt = compile_glossary(small, cache_dir=cache_dir)
    assert rebuilt is not first and len(rebuilt) == 1
    assert any("is damaged (checksum)" in r.getMessage() for r in caplog.records)


def test_an_edited_glossary_is_compiled_anew(small: Path, tmp_path: Path) -> None:
    first = compile_glossary(small, cache_dir=tmp_path / "cache")
    (small / "g.yaml").write_text(SMALL_GLOSSARY.replace("Zhongji Xuchuang", "Innolight"), encoding="utf-8")
    edited = compile_glossary(small, cache_dir=tmp_path / "cache")
    assert edited is not first and edited.entries["cn.300308"].en == "Innolight"


def test_the_process_keeps_at_most_a_few(tmp_path: Path) -> None:
    for i in range(compiled_module.SHARED_GLOSSARIES + 2):
        root = tmp_path / f"g{i}"
        root.mkdir()
        (root / "g.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
        compile_glossary(root, cache_dir=tmp_path / "cache")
    assert len(compiled_module._UNPICKLED) <= compiled_module.SHARED_GLOSSARIES


def test_the_same_files_named_another_way_are_not_compiled_again(small: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative and an absolute name of one directory share the compile (seconds instead of tens), and each
    caller's FILE:LINE names the files as it named the directory."""
    cache_dir = tmp_path / "cache"
    absolute = compile_glossary(small, cache_dir=cache_dir)
    monkeypatch.chdir(tmp_path)

    def refuse(*args: object) -> object:
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled_module, "load_glossary", refuse)
    relative = compile_glossary(Path("glossaries"), cache_dir=cache_dir)
    assert relative is not absolute and relative.root == Path("glossaries")
    assert relative.entries["cn.300308"].where == "glossaries/g.yaml:3"
    assert absolute.entries["cn.300308"].where == f"{small}/g.yaml:3"
    assert relative.glossary.files == [Path("glossaries/g.yaml")]
    assert relative.find("中际旭创涨停", "zh")[0].entry_id == "cn.300308"
    assert len(list(cache_dir.glob("glossary-*.pickle"))) == 2  # the next start under either name reads its own
