"""Shards: the outputs do not depend on how the work is cut or where it runs, and --resume copes with a work
directory whose plan is missing or does not match. Runs use the seeds and the real stages (gloss translator). A
run killed with kill -9 and resumed: tests/test_kill_and_resume.py."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import RunConfig
from pipeline.io.outdir import OutputDirError
from pipeline.io.writers import OUTPUT_FILES
from pipeline.runner import RunOptions, run

from .conftest import GLOSSARIES, SEEDS, small_glossary_dir


def _config(**kw) -> RunConfig:
    return replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", **kw)


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "out"
    run([SEEDS], out, _config())
    return _outputs(out)


@pytest.mark.parametrize("kw", [
    {"shard_records": 5, "batch_size": 3},
    {"shard_records": 7, "batch_size": 1},
    {"shard_records": 4, "workers": 2},
], ids=["shards-of-5", "batch-of-1", "2-workers"])
def test_outputs_are_byte_identical_however_the_work_is_cut(tmp_path: Path, reference, kw) -> None:
    out = tmp_path / "out"
    manifest = run([SEEDS], out, _config(**kw)).manifest
    assert manifest["shards"]["count"] > 1
    assert _outputs(out) == reference


def test_dask_local_cluster_gives_the_same_outputs(tmp_path: Path, reference) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    run([SEEDS], out, _config(engine="dask", workers=2, shard_records=10))
    assert _outputs(out) == reference


def test_a_non_empty_output_directory_is_refused_unless_overwritten(tmp_path: Path, reference) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    # Not a newsbridge output: refused with or without --overwrite (tests/test_overwrite_safety.py).
    for options in (RunOptions(), RunOptions(overwrite=True)):
        with pytest.raises(OutputDirError, match="is not a newsbridge output"):
            run([SEEDS], out, _config(), options=options)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    (out / "notes.txt").unlink()
    run([SEEDS], out, _config(), options=RunOptions(overwrite=True))
    assert _outputs(out) == reference
    with pytest.raises(OutputDirError, match="not empty"):  # a newsbridge output: replaced only with --overwrite
        run([SEEDS], out, _config())
    assert not any(p.name.startswith(".out.newsbridge") for p in tmp_path.iterdir())  # the work dir is gone


def test_a_second_run_answers_every_segment_from_the_translation_memory(tmp_path: Path) -> None:
    """With the one-entry glossary: the memory is the point, and the 2 worker processes load it in milliseconds."""
    memory = tmp_path / "tm.sqlite"
    config = replace(_config(translation_memory=str(memory)), glossaries=small_glossary_dir(tmp_path / "glossary"))
    first = run([SEEDS], tmp_path / "a", replace(config, shard_records=6, workers=2))
    second = run([SEEDS], tmp_path / "b", replace(config, shard_records=9, batch_size=5))
    assert first.manifest["translation_memory"]["misses"] > 0
    assert second.manifest["translation_memory"]["misses"] == 0
    assert second.manifest["translation_memory"]["hits"] == first.manifest["translation_memory"]["hits"] + \
        first.manifest["translation_memory"]["misses"]
    assert _outputs(tmp_path / "a") == _outputs(tmp_path / "b")


def test_resume_refuses_when_the_inputs_changed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "title": f"标题{i}", "body": "正文。"},
                                         ensure_ascii=False) + "\n" for i in range(6)), encoding="utf-8")
    out = tmp_path / "out"
    work = tmp_path / ".out.newsbridge"
    work.mkdir()
    (work / "plan.json").write_text("{}", encoding="utf-8")  # an interrupted run with another plan
    with pytest.raises(OutputDirError, match="cannot resume"):
        run([corpus], out, _config(), options=RunOptions(resume=True))
    run([corpus], out, _config(), options=RunOptions(overwrite=True))
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["documents_out"] == 6


@pytest.mark.parametrize("plan", ["", "{", "[1, 2]", None], ids=["empty", "cut-short", "not-a-mapping", "missing"])
def test_resume_after_a_kill_before_the_plan_was_written_starts_over(tmp_path: Path, plan: str | None) -> None:
    """A kill -9 between creating the work directory and writing its plan: --resume starts the run afresh (no
    shard can have finished) instead of a JSONDecodeError traceback."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "title": f"标题{i}", "body": "正文。"},
                                         ensure_ascii=False) + "\n" for i in range(3)), encoding="utf-8")
    out = tmp_path / "out"
    work = tmp_path / ".out.newsbridge"
    work.mkdir()
    if plan is not None:
        (work / "plan.json").write_text(plan, encoding="utf-8")
    run([corpus], out, _config(), options=RunOptions(resume=True))
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["documents_out"] == 3
    assert not work.exists()


def test_a_rerun_reuses_stored_checks_only_for_the_same_english(tmp_path: Path) -> None:
    """Checks are stored with the translation memory and keyed by everything they read: the same sentence
    with other English (here a stored translation edited by hand) is checked again and flagged."""
    import sqlite3

    memory = tmp_path / "tm.sqlite"
    run([SEEDS], tmp_path / "a", _config(translation_memory=str(memory)))
    with sqlite3.connect(memory) as db:
        stored = db.execute("SELECT count(*) FROM checks").fetchone()[0]
        db.execute("UPDATE memory SET english = 'Nothing here.' WHERE source LIKE '%中际旭创%'")
    assert stored > 0
    second = run([SEEDS], tmp_path / "b", _config(translation_memory=str(memory))).manifest
    flagged = [json.loads(line) for line in (tmp_path / "b" / "flags.jsonl").read_text(encoding="utf-8").splitlines()]
    assert flagged and all(f["en"] == "Nothing here." for f in flagged)
    assert any(flag.startswith("term_missing:") for f in flagged for flag in f["flags"])
    assert second["quality"]["segments_flagged"] == len(flagged)
