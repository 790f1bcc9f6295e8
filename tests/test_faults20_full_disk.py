"""A full disk (ENOSPC) while a run writes: one line naming the file and the --resume that finishes the run, exit
1, no traceback, no temporary file left, the previous output unchanged, and --resume then completes with every
record accounted for. The fault is injected in the atomic writer's real commit step, called through main()."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

import pipeline.io.atomic as atomic
from pipeline.cli import main

from .conftest import small_glossary_dir

RECORDS = 6
OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "-q")


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished output, run once: each case copies it and must leave it as it was."""
    root = tmp_path_factory.mktemp("finished")
    glossaries = small_glossary_dir(root / "glossary")
    news = root / "news.jsonl"
    news.write_text("".join(json.dumps({"id": f"d{i}", "title": f"腾讯上涨{i}%", "body": "腾讯今天上涨。"},
                                       ensure_ascii=False) + "\n" for i in range(RECORDS)), encoding="utf-8")
    assert main(["run", str(news), "--out", str(root / "out"), "--glossaries", str(glossaries), *OPTIONS]) == 0
    return root


# Where the disk fills: while the plan is written (before any shard), and as a shard finishes.
@pytest.mark.parametrize("full_at", ["plan.json", "stats.json"])
def test_a_full_disk_ends_in_one_line_and_resume_finishes(
        full_at: str, finished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(finished, tmp_path, dirs_exist_ok=True)
    news, out = tmp_path / "news.jsonl", tmp_path / "out"
    argv = ["run", str(news), "--out", str(out), "--glossaries", str(tmp_path / "glossary"), *OPTIONS]
    before = (out / "manifest.json").read_bytes()
    capsys.readouterr()

    commit = atomic.commit
    failed: list[Path] = []

    def full(temp: Path, final: Path) -> None:
        if final.name == full_at and not failed:
            failed.append(final)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        commit(temp, final)

    monkeypatch.setattr(atomic, "commit", full)
    code = main([*argv, "--overwrite"])
    err = capsys.readouterr().err
    assert failed and code == 1, err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"newsbridge: error: No space left on device writing {failed[0]}: {out} is unchanged; "
                           "free some space, then finish with: "), line
    assert line.endswith("--resume"), line
    assert (out / "manifest.json").read_bytes() == before  # the old output, whole
    assert not [p for p in tmp_path.rglob(f".{full_at}.tmp-*")]  # no temporary file left behind

    monkeypatch.setattr(atomic, "commit", commit)
    assert main([*argv, "--resume"]) == 0, capsys.readouterr().err
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["records_in"] == RECORDS == counts["documents_out"] + counts["rejected"]
