"""Faults at every step of the commit and its clean-up (issue 20): each rename, exchange, fsync, unlink and rmdir
that RunDirectory.commit() makes, and every file deletion inside its rmtree, in turn either kills the committing
process (a forked child that dies with os._exit at that step, like kill -9: no finally, no clean-up) or fails
with an OSError (in-process). Afterwards `out` is the old output or the new one, whole, never a mixture; a commit
that died after its swap is finished by `newsbridge run --resume` (exit 0, one line: already finished) and one
that died before it by committing again (what --resume ends with); then nothing is left beside `out` and the
user's file in it survives. Built on hand-made outputs, so no run pays for loading a glossary.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import pipeline.io.outdir as outdir
from pipeline.cli import main
from pipeline.config import RunConfig
from pipeline.io.outdir import COMPLETE_MARKER, RunDirectory, recover, shard_path
from pipeline.io.ownership import carry_over
from pipeline.io.writers import PartWriter
from pipeline.runner import RunOptions, _finished, run
from pipeline.shards import DONE_MARKER, STATS_FILE, ShardResult

# The exit status of the committing child when the injected kill hits it (137: 128 + SIGKILL, as a shell shows a
# process killed by kill -9).
KILLED = 137
# Calls of os that change what is on disk during a commit, each a step a kill or a failure can hit.
OS_STEPS = ("rename", "replace", "fsync", "unlink", "rmdir")
# More steps than any commit of the outputs below makes: the loop ends at the first commit that completes.
MAX_STEPS = 400
SHARDS = 1
SHARD_FILES = ("corpus.tmx", "DONE")
USER_FILE = "notes.txt"  # a user's file in `out`: every commit must keep it


def make_output(directory: Path, version: str, *, report: bool = False) -> None:
    """A newsbridge output as the runner leaves it (manifest written last), small: version is "A" or "B";
    `report`: with a report.html."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "documents.jsonl").write_text(json.dumps({"id": f"d-{version}"}) + "\n", encoding="utf-8")
    if report:
        (directory / "report.html").write_text(f"<p>{version}</p>\n", encoding="utf-8")
    manifest = {"newsbridge_version": version, "counts": {"records_in": 1, "documents_out": 1, "rejected": 0}}
    (directory / COMPLETE_MARKER).write_text(json.dumps(manifest), encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden ones too) and its text."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def expected(version: str, tmp_path: Path) -> dict[str, str]:
    make_output(tmp_path / f"expected-{version}", version)
    tree = read_tree(tmp_path / f"expected-{version}")
    return {**tree, USER_FILE: "mine\n"}


def committed_output(root: Path, *, report: bool = False) -> tuple[Path, Path]:
    """An input of one record and, committed from it, output A in `out`. Returns both paths."""
    news = root / "news.jsonl"
    news.write_text(json.dumps({"id": "d", "title": "腾讯上涨", "body": "腾讯今天上涨。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = root / "out"
    with RunDirectory(out) as work:
        make_output(work.staging, "A", report=report)
        work.commit()
    return news, out


def prepare(root: Path) -> tuple[Path, Path, tuple[int, int]]:
    """Old output A in `out` (with the user's file), and a finished run's work beside it: plan, done shards and
    staging holding output B. Returns the input, `out` and B's (st_dev, st_ino)."""
    news, out = committed_output(root)
    (out / USER_FILE).write_text("mine\n", encoding="utf-8")
    with RunDirectory(out) as work:
        work.plan.write_text("{}\n", encoding="utf-8")
        for index in range(SHARDS):
            shard = shard_path(work.shards, index)
            shard.mkdir(parents=True)
            for name in SHARD_FILES:
                (shard / name).write_text(f"{index}\n", encoding="utf-8")
        make_output(work.staging, "B")
        info = os.lstat(work.staging)
    return news, out, (info.st_dev, info.st_ino)


@contextmanager
def fault_at(step: int, fault: Callable[[str], None]) -> Iterator[list[str]]:
    """Count the steps of a commit; at step number `step`, call fault(name of the step) instead of doing it."""
    done: list[str] = []
    originals = {name: getattr(os, name) for name in OS_STEPS}
    original_exchange = outdir.exchange

    def counted(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            done.append(name)
            if len(done) == step:
                fault(name)
            return function(*args, **kwargs)
        return call

    with pytest.MonkeyPatch.context() as patch:
        for name, function in originals.items():
            patch.setattr(os, name, counted(name, function))
        patch.setattr(outdir, "exchange", counted("exchange", original_exchange))
        yield done


def kill(_name: str) -> None:
    os._exit(KILLED)


def fail(name: str) -> None:
    raise OSError(errno.EIO, f"injected failure of {name}")


def commit_with_kill(out: Path, step: int, use_exchange: bool) -> bool:
    """Commit in a forked child that dies at `step`; True if the child was killed (False: the commit completed)."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            work = RunDirectory(out)
            work.acquire()
            with fault_at(step, kill):
                work.commit(use_exchange=use_exchange, keep=carry_over)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, KILLED), f"step {step}: the committing child failed (exit {code})"
    return code == KILLED


def commit_with_failure(out: Path, step: int, use_exchange: bool) -> bool:
    """Commit in this process with step `step` failing; True if the failure hit a step (before or after the swap)."""
    with RunDirectory(out) as work, fault_at(step, fail) as done:
        try:
            work.commit(use_exchange=use_exchange, keep=carry_over)
        except OSError as error:
            assert "injected failure" in str(error)
    return len(done) >= step


def resume(news: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()  # what the faulty commit logged is not the resume's to say
    code = main(["run", str(news), "--out", str(out), "--resume", "--translator", "gloss",
                 "--translation-memory", "off"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("use_exchange", [True, False], ids=["exchange", "two-renames"])
@pytest.mark.parametrize("inject", [commit_with_kill, commit_with_failure], ids=["kill-9", "oserror"])
def test_a_fault_at_any_step_of_the_commit_is_finished_by_the_next_run(
        inject: Callable[[Path, int, bool], bool], use_exchange: bool, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Each fsync stays a step a fault can hit, but does nothing: durability across a power cut is not what a kill
    # shows, and the real calls were most of this test's time.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    whole = {version: expected(version, tmp_path) for version in "AB"}
    after_swap = before_swap = 0
    for step in range(1, MAX_STEPS):
        root = tmp_path / f"step-{step}"
        root.mkdir()
        news, out, new_output = prepare(root)
        if not inject(out, step, use_exchange):
            break  # the commit no longer reaches `step`: every step has had its fault
        if not os.path.lexists(out) or outdir._identity(out) == new_output:
            # Swapped (or between the two renames): --resume finishes the clean-up and has nothing to redo (the
            # runner, as `newsbridge run --resume` calls it; the command's line is shown by the test below).
            after_swap += 1
            assert run([news], out, RunConfig(glossaries=root),
                       options=RunOptions(resume=True)).already_finished, f"step {step}"
        else:
            # Before the swap: the old output stands whole, and the run's finished work waits for --resume,
            # whose last act is this commit.
            before_swap += 1
            recover(out)
            assert read_tree(out) == whole["A"], f"step {step}"
            work = RunDirectory(out)
            assert work.exists() and (work.staging / COMPLETE_MARKER).is_file(), f"step {step}"
            with work:
                work.commit(use_exchange=use_exchange, keep=carry_over)
        assert read_tree(out) == whole["B"], f"step {step}"
        assert sorted(os.listdir(root)) == ["news.jsonl", "out"], f"step {step}: left {os.listdir(root)}"
    else:
        pytest.fail(f"the commit still had steps after {MAX_STEPS}")
    # The faults fell on both sides of the swap (the clean-up's deletions, one file at a time, among them).
    print(f"{before_swap} faults before the swap, {after_swap} after")
    assert before_swap >= 5 and after_swap >= 10, (before_swap, after_swap)


def test_a_kill_halfway_through_deleting_a_shard_leaves_no_plan_for_resume_to_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: killed while the clean-up deleted the shards (one of a shard's files gone, its DONE
    still there), every --resume used to read that shard and stop with a FileNotFoundError traceback."""
    news, out, _new_output = prepare(tmp_path)
    work = RunDirectory(out)
    shard = shard_path(work.shards, 0)
    files = len(os.listdir(shard))
    original_unlink = os.unlink

    def unlink(path: object, *args: object, **kwargs: object) -> None:
        original_unlink(path, *args, **kwargs)  # type: ignore[arg-type]
        if shard.is_dir() and len(os.listdir(shard)) == files - 1:
            os._exit(KILLED)

    pid = os.fork()
    if pid == 0:
        try:
            work.acquire()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(os, "unlink", unlink)
                work.commit(keep=carry_over)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == KILLED
    assert len(os.listdir(shard)) == files - 1  # half a shard
    code, said, err = resume(news, out, capsys)
    assert code == 0 and err == "" and "is already finished" in said, err
    assert not work.path.exists()
    assert read_tree(out) == expected("B", tmp_path)


@pytest.mark.parametrize("lost", [None, "corpus.tmx", "documents.arrow", STATS_FILE])
def test_a_finished_shard_that_lost_a_file_is_done_again(tmp_path: Path, lost: str | None) -> None:
    """What an older version's clean-up, killed halfway through the shards, left for --resume: DONE, but a part or
    stats.json deleted. Such a shard is redone instead of stopping every --resume with a FileNotFoundError."""
    directory = tmp_path / "00000"
    PartWriter(directory).close()
    result = ShardResult(index=0, records=0, counts={}, stats={})
    (directory / STATS_FILE).write_text(json.dumps(result.to_dict()), encoding="utf-8")
    (directory / DONE_MARKER).write_text("", encoding="utf-8")
    if lost is not None:
        (directory / lost).unlink()
    assert _finished(directory) == (result if lost is None else None)
