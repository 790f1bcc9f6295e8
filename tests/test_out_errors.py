"""An unusable --out is exit 2 with one line on stderr, before any work: an existing file, a path under a file, a
read-only directory, the empty string. Through the real CLI."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import GLOSSARIES

RECORD = '{"id": "a", "title": "中际旭创涨6%", "body": ""}\n'


def _file(tmp: Path) -> str:
    (tmp / "afile").write_text("x", encoding="utf-8")
    return str(tmp / "afile")


def _under_file(tmp: Path) -> str:
    (tmp / "afile").write_text("x", encoding="utf-8")
    return str(tmp / "afile" / "out")


def _read_only_parent(tmp: Path) -> str:
    (tmp / "ro").mkdir()
    (tmp / "ro").chmod(0o555)
    return str(tmp / "ro" / "out")


def _read_only_out(tmp: Path) -> str:
    (tmp / "ro").mkdir()
    (tmp / "ro").chmod(0o555)
    return str(tmp / "ro")


def _empty(tmp: Path) -> str:
    return ""


CASES = [
    pytest.param(_file, "is an existing file", id="out-is-a-file"),
    pytest.param(_under_file, "is a file, so no directory can be made under it", id="out-under-a-file"),
    pytest.param(_read_only_parent, "is not writable", id="out-in-read-only-directory"),
    pytest.param(_read_only_out, "is not writable", id="out-is-read-only"),
    pytest.param(_empty, "names no directory", id="out-empty-string"),
]


@pytest.mark.parametrize(("make_out", "message"), CASES)
def test_unusable_out_is_exit_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], make_out: Callable[[Path], str],
                                              message: str) -> None:
    if "not writable" in message and os.geteuid() == 0:
        pytest.skip("root writes into read-only directories; the check cannot be seen as root")
    work = tmp_path / "work"
    work.mkdir()
    (work / "in.jsonl").write_text(RECORD, encoding="utf-8")
    monkeypatch.chdir(work)  # `--out ""` would mean the current directory: keep it a throwaway one
    out = make_out(work)
    before = sorted(p.name for p in work.rglob("*"))
    try:
        code = main(["run", "in.jsonl", "--out", out, "--glossaries", str(GLOSSARIES), "--translator", "gloss", "-q"])
    finally:
        for path in work.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err
    assert sorted(p.name for p in work.rglob("*")) == before  # nothing was made: refused before any work
