"""An input deleted, truncated or appended to after the run planned its shards: one line naming the file and the
reason --resume will give for refusing the run, exit 1, no traceback, and the output left as it was (absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.runner as runner
from pipeline.cli import main

from .conftest import small_glossary_dir

RECORDS = 6
# What --resume answers after a run stopped by a changed input (and what the stop says it will).
REFUSAL = "the inputs changed since the interrupted run; run with --overwrite to start over"
OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "-q")


def _delete(path: Path) -> None:
    path.unlink()


def _truncate(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")


def _append(path: Path) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "late", "title": "腾讯下跌", "body": "腾讯今天下跌。"}, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("change", [_delete, _truncate, _append], ids=["deleted", "truncated", "appended"])
def test_an_input_that_changes_after_planning_ends_in_one_line(
        change, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    glossaries = small_glossary_dir(tmp_path / "glossary")
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps({"id": f"d{i}", "title": f"腾讯上涨{i}%", "body": "腾讯今天上涨。"},
                                       ensure_ascii=False) + "\n" for i in range(RECORDS)), encoding="utf-8")
    prepare = runner._prepare_work

    def prepare_then_change(*args, **kwargs):  # the plan is written: the input changes under the run
        prepare(*args, **kwargs)
        change(news)

    monkeypatch.setattr(runner, "_prepare_work", prepare_then_change)
    out = tmp_path / "out"
    argv = ["run", str(news), "--out", str(out), "--glossaries", str(glossaries), *OPTIONS]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "InputChanged" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"newsbridge: error: an input changed during the run: {news} ")
    assert lines[0].endswith(f"--resume will refuse it: {REFUSAL}")
    assert not (out / "manifest.json").exists()  # nothing half-written swapped in

    if news.exists():  # and --resume says what the line said it would
        monkeypatch.setattr(runner, "_prepare_work", prepare)
        assert_resume_refuses(argv, out, capsys)


def assert_resume_refuses(argv: list[str], out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`argv --resume` after a run stopped by a changed input: exit 2, one line giving the refusal the stop named."""
    code = main([*argv, "--resume"])
    err = capsys.readouterr().err
    assert code == 2, err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"newsbridge: error: cannot resume into {out}: the inputs"), line
    assert line.endswith(REFUSAL.removeprefix("the inputs")), line
