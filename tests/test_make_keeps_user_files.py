"""`make clean` removes only a newsbridge output's own files (it used to `rm -rf $(OUT)`, a user's files with it)
and refuses a directory that is not a newsbridge output; `make glossary-export` writes outside `$(OUT)` (an
`out/` holding only the export is not a newsbridge output, so `make run` refused it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import RunConfig
from pipeline.glossary import CompiledGlossary
from pipeline.io.outdir import COMPLETE_MARKER, OutputDirError
from pipeline.io.ownership import remove_output
from pipeline.registry import parse_steps
from pipeline.runner import RunOptions, run

from .conftest import GLOSSARIES, PROJECT_ROOT

MAKEFILE = PROJECT_ROOT / "Makefile"
RECORDS = [{"id": f"d{i}", "title": f"贵州茅台第{i}季度营收增长", "body": f"贵州茅台营收增长{i}0%。"} for i in range(2)]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary) -> Path:
    """A real (partitioned) newsbridge output of a two-record corpus, normalize step only; tests copy it."""
    root = tmp_path_factory.mktemp("clean")
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    config = replace(RunConfig(glossaries=GLOSSARIES), steps=parse_steps(["normalize"]), translation_memory="off",
                     workers=1, partition_by="date")
    run([corpus], root / "out", config, glossary, RunOptions())
    return root / "out"


def _tree(root: Path) -> dict[str, str]:
    """Every entry under root, not following symlinks: file text, a symlink's target, or 'dir'."""
    found = {}
    for current, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(current, name)
            found[str(path.relative_to(root))] = ("-> " + os.readlink(path) if path.is_symlink()
                                                  else "dir" if path.is_dir() else path.read_text("utf-8", "replace"))
    return found


def _notes(out: Path) -> None:
    (out / "notes.txt").write_text("my notes\n")


def _folder(out: Path) -> None:
    (out / "analysis").mkdir()
    (out / "analysis" / "chart.csv").write_text("a,b\n")


def _links_and_dotfile(out: Path) -> None:
    (out / ".hidden").write_text("dotfile\n")
    (out / "latest").symlink_to("documents.jsonl")


KEPT: list[tuple[str, Callable[[Path], None] | None, set[str]]] = [
    # (id, what the user adds to a newsbridge output, what is left after remove_output)
    ("only-newsbridge-files", None, set()),
    ("a-note", _notes, {"notes.txt"}),
    ("a-folder", _folder, {"analysis", "analysis/chart.csv"}),
    ("a-dotfile-and-a-symlink", _links_and_dotfile, {".hidden", "latest"}),
]


@pytest.mark.parametrize(("add", "left"), [row[1:] for row in KEPT], ids=[row[0] for row in KEPT])
def test_remove_output_deletes_newsbridge_files_and_keeps_the_users(tmp_path: Path, output: Path,
                                                                    add: Callable[[Path], None] | None,
                                                                    left: set[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(output, out, symlinks=True)
    assert (out / "documents.parquet").is_dir()  # a partitioned table goes too
    if add:
        add(out)
    before = _tree(out)
    remove_output(out)
    if left:
        assert _tree(out) == {key: before[key] for key in left}
    else:
        assert not out.exists()  # nothing of the user's: the directory goes too
    assert os.listdir(tmp_path) == (["out"] if left else [])  # no work directory left beside it


def _other_tools_manifest(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps({"name": "my web app", "icons": []}))


def _output_files_without_manifest(out: Path) -> None:
    out.mkdir()
    (out / "documents.jsonl").write_text("mine\n")


def _own_name_is_a_user_directory(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps({"newsbridge_version": "0.1.0", "counts": {}}))
    (out / "segments.jsonl").mkdir()
    (out / "segments.jsonl" / "mine.txt").write_text("kept")


def _a_file(out: Path) -> None:
    out.write_text("not a directory\n")


REFUSED: list[tuple[str, Callable[[Path], None], str]] = [
    # (id, how the directory is made, words of the one-line refusal)
    ("notes", lambda out: (out.mkdir(), _notes(out)), "holds no manifest.json"),
    ("other-tools-manifest", _other_tools_manifest, "was not written by newsbridge"),
    ("output-files-without-manifest", _output_files_without_manifest, "holds no manifest.json"),
    ("own-name-user-directory", _own_name_is_a_user_directory, "is not a file newsbridge writes"),
    ("a-file", _a_file, "is not a directory"),
]


@pytest.mark.parametrize(("make", "words"), [row[1:] for row in REFUSED], ids=[row[0] for row in REFUSED])
def test_remove_output_refuses_what_newsbridge_did_not_write(tmp_path: Path, make: Callable[[Path], None],
                                                             words: str) -> None:
    out = tmp_path / "out"
    make(out)
    before = _tree(tmp_path)
    with pytest.raises(OutputDirError, match=words) as refused:
        remove_output(out)
    assert "\n" not in str(refused.value) and str(out) in str(refused.value)
    assert _tree(tmp_path) == before


def test_an_empty_or_missing_out_is_removed_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert remove_output(tmp_path / "empty") == [] and not (tmp_path / "empty").exists()
    assert remove_output(tmp_path / "missing") == []


def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The project's Makefile run in `cwd` with this interpreter as the venv's python, so relative paths (out/,
    exports/) land in `cwd`; a fresh STAMP newer than its prerequisites stands for a finished `make setup`."""
    for name in ("pyproject.toml", "requirements-argos.txt", "requirements-glossary.txt"):
        (cwd / name).write_text("")
        os.utime(cwd / name, (1, 1))
    (cwd / "stamp").write_text("")
    return subprocess.run(["make", "--no-print-directory", "-f", str(MAKEFILE), *args, f"PY={sys.executable}",
                           f"STAMP={cwd / 'stamp'}", f"GLOSSARIES={GLOSSARIES}"],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_make_clean_keeps_a_user_file_in_out(tmp_path: Path, output: Path) -> None:
    shutil.copytree(output, tmp_path / "out", symlinks=True)
    _notes(tmp_path / "out")
    done = _make(tmp_path, "clean")
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path / "out")) == ["notes.txt"]
    assert (tmp_path / "out" / "notes.txt").read_text() == "my notes\n"


def test_make_clean_refuses_a_directory_that_is_not_a_newsbridge_output(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    _notes(tmp_path / "out")
    done = _make(tmp_path, "clean")
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("newsbridge: error:")]
    assert len(errors) == 1 and "is not a newsbridge output" in errors[0], done.stderr
    assert (tmp_path / "out" / "notes.txt").read_text() == "my notes\n"


def test_make_glossary_export_writes_outside_out(tmp_path: Path) -> None:
    done = _make(tmp_path, "glossary-export", "FORMAT=csv")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "exports" / "glossary.csv").read_text("utf-8").startswith("id,type,zh,en")
    assert not (tmp_path / "out").exists()  # so `make run` still gets a new output directory
