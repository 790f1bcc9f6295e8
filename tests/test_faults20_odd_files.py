"""Inputs that are not regular files, or whose name is not UTF-8: named on the command line, one line with the
reason and exit 2, no traceback; inside a directory, skipped with a one-line warning each and listed with the
reason in the manifest's inputs, while the directory's good file is read whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.cli import main

from .conftest import small_glossary_dir

RECORDS = 3
OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "-q")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("nowhere")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


ODD = [  # (how it is made, the reason given)
    (_loop, "a symlink loop"),
    (_dangling, "dangling link (to nowhere)"),
    (_fifo, "not a regular file (a FIFO)"),
    (_zero, "not a regular file (a device)"),
]


@pytest.fixture
def glossaries(tmp_path: Path) -> Path:
    return small_glossary_dir(tmp_path / "glossary")


@pytest.mark.parametrize(("make", "reason"), ODD, ids=[r for _, r in ODD])
def test_named_on_the_command_line(make, reason: str, glossaries: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "news.jsonl"
    make(odd)
    code = main(["run", str(odd), "--out", str(tmp_path / "out"), "--glossaries", str(glossaries), *OPTIONS])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.strip().splitlines()[0] == f"newsbridge: error: {odd}: {reason}"
    assert "Traceback" not in err


def test_a_name_that_is_not_utf8_on_the_command_line(glossaries: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.jsonl"))
    odd.write_text('{"title": "腾讯上涨", "body": "腾讯今天上涨。"}\n', encoding="utf-8")
    code = main(["run", str(odd), "--out", str(tmp_path / "out"), "--glossaries", str(glossaries), *OPTIONS])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.strip().splitlines()[0] == (f"newsbridge: error: {tmp_path}/bad\\xff.jsonl: its name is not valid "
                                           "UTF-8; rename it to read it")


def test_in_a_directory_each_is_skipped_with_a_warning(glossaries: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       caplog: pytest.LogCaptureFixture) -> None:
    news = tmp_path / "news"
    news.mkdir()
    rows = [{"id": f"d{i}", "title": f"腾讯上涨{i}%", "body": "腾讯今天上涨。"} for i in range(RECORDS)]
    (news / "good.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    expected = {}
    for make, reason in ODD:
        odd = news / f"{make.__name__.strip('_')}.jsonl"
        make(odd)
        expected[str(odd)] = reason
    bad_name = Path(os.fsdecode(bytes(news) + b"/bad\xff.jsonl"))
    bad_name.write_text('{"title": "腾讯上涨", "body": "腾讯今天上涨。"}\n', encoding="utf-8")
    expected[f"{news}/bad\\xff.jsonl"] = "its name is not valid UTF-8; rename it to read it"

    out = tmp_path / "out"
    code = main(["run", str(news), "--out", str(out), "--glossaries", str(glossaries), *OPTIONS])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    warnings = [r.getMessage() for r in caplog.records if ": skipped: " in r.getMessage()]
    assert sorted(warnings) == sorted(f"{path}: skipped: {reason}" for path, reason in expected.items())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {i["path"]: i["error"] for i in manifest["inputs"] if "error" in i} == expected
    counts = manifest["counts"]
    assert counts["records_in"] == RECORDS == counts["documents_out"] + counts["rejected"]
