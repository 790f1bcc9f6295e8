"""Ctrl-C and SIGTERM during `newsbridge run`, sent as real signals to a real run: one line saying how many shards
are done and the exact --resume command (which then finishes the run), exit 128 + the signal, no traceback, no
worker process left, and a last progress line that does not say "done". `--resume` on a finished output says so
and redoes nothing."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.shards import DONE_MARKER, records_done

from .conftest import SEEDS, SMALL_GLOSSARY

INTERRUPTED = re.compile(r"^newsbridge: interrupted: (\d+) of (\d+) shards done, kept in (\S+); finish with: (.+)$")
# How long a run on the seeds may take to reach its first finished shard on a slow, busy machine.
START_TIMEOUT_S = 180.0
RUN_TIMEOUT_S = 300.0
# Options every run here shares: small shards so there is work left when the first one is done.
RUN_OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "--shard-records", "2", "--batch-size", "1")


@pytest.fixture(scope="module")
def small_glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("glossary")
    (root / "small.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return root


def _start(out: Path, glossaries: Path, *extra: str) -> subprocess.Popen:
    # A session of its own: the process group is what a terminal's Ctrl-C reaches, and what must be empty after.
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(SEEDS), "--out", str(out), "--glossaries",
                             str(glossaries), *RUN_OPTIONS, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _done(work: Path) -> int:
    return len(list(work.glob(f"shards/*/{DONE_MARKER}")))


def _signal_after_first_shard(proc: subprocess.Popen, work: Path, signum: int, group: bool, times: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while _done(work) < 1:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"the run ended or stalled before its first shard: {proc.stderr.read()}")
        time.sleep(0.005)
    for again in range(times):
        if again:
            time.sleep(AGAIN_AFTER_S)  # an impatient user: again while the workers are being stopped
        (os.killpg if group else os.kill)(proc.pid, signum)


def _live_processes(group: int) -> list[str]:
    """Processes of the process group that are not zombies (an exited child the container's init never reaps)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            live.append(stat.parent.name)
    return live


def _wait_gone(group: int) -> list[str]:
    """The group's live processes once they are gone, or after a few seconds (a worker the kernel is still
    tearing down)."""
    for _ in range(100):
        if not (live := _live_processes(group)):
            return []
        time.sleep(0.05)
    return live


# (engine options, signal, sent to the whole process group as a terminal's Ctrl-C is or to the run's pid only,
# whether to run the printed --resume command: once is enough, it is built the same way for every engine;
# how many times the signal is sent)
STOPS = [
    pytest.param(("--workers", "2"), signal.SIGINT, True, False, 1, id="pool-ctrl-c"),
    pytest.param(("--workers", "2"), signal.SIGINT, True, False, 2, id="pool-ctrl-c-twice"),
    pytest.param(("--workers", "2"), signal.SIGTERM, False, False, 1, id="pool-sigterm"),
    pytest.param(("--workers", "1"), signal.SIGTERM, False, True, 1, id="in-process-sigterm"),
    pytest.param(("--engine", "dask", "--workers", "2"), signal.SIGINT, True, False, 1, id="dask-ctrl-c"),
]
# The pause before a second signal.
AGAIN_AFTER_S = 0.2


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize(("engine", "signum", "group", "resume", "times"), STOPS)
def test_a_signal_stops_the_run_in_one_line_with_the_resume_command(
        tmp_path: Path, small_glossary: Path, engine: tuple[str, ...], signum: int, group: bool,
        resume: bool, times: int) -> None:
    if "dask" in engine:
        pytest.importorskip("distributed")
    out, work = tmp_path / "out", tmp_path / ".out.newsbridge"
    proc = _start(out, small_glossary, *engine)
    _signal_after_first_shard(proc, work, signum, group, times)
    _, err = proc.communicate(timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and "Error" not in err, err
    lines = err.strip().splitlines()
    stopped = INTERRUPTED.match(lines[-1])
    assert stopped, err
    done, total = int(stopped.group(1)), int(stopped.group(2))
    assert 1 <= done == _done(work) < total, err  # what it says is what is kept
    assert Path(stopped.group(3)) == work.resolve()
    progress = [line for line in lines if re.match(r"newsbridge: \d+/\d+ records", line)]
    assert progress and "stopped after" in progress[-1] and "done" not in progress[-1], err
    assert not _wait_gone(proc.pid), "worker processes outlived the run"
    assert not (out / "manifest.json").exists()
    # Shards that ran in worker processes counted their records for the progress display as they went.
    in_process = engine == ("--workers", "1")
    for shard in work.glob(f"shards/*/{DONE_MARKER}"):
        stats = json.loads((shard.parent / "stats.json").read_text(encoding="utf-8"))
        assert records_done(shard.parent) == (0 if in_process else stats["records"])

    command = shlex.split(stopped.group(4))
    assert command[-1] == "--resume" and command[command.index("--out") + 1] == str(out)
    if not resume:
        return
    finished = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    assert finished.returncode == 0, finished.stderr
    assert f"resuming: {done} of {total} shards were already done" in finished.stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["records_in"] == 39
    assert not work.exists()


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, small_glossary: Path) -> tuple[Path, Path]:
    """A finished output of a one-record corpus (the run in this process), and that corpus."""
    root = tmp_path_factory.mktemp("finished")
    tiny = root / "tiny.jsonl"
    tiny.write_text('{"id": "a1", "title": "中际旭创涨停", "body": "公司股价上涨10%。"}\n', encoding="utf-8")
    assert main(["run", str(tiny), "--out", str(root / "out"), "--glossaries", str(small_glossary), "-q",
                 *RUN_OPTIONS]) == 0
    return tiny, root / "out"


# Extra options on the resume of a finished output: where shards would run does not matter.
FINISHED_TOO = [
    pytest.param(("--resume",), id="resume"),
    pytest.param(("--resume", "--workers", "2"), id="resume-other-engine"),
    pytest.param(("--res",), id="resume-abbreviated"),
]


@pytest.mark.parametrize("extra", FINISHED_TOO)
def test_resume_on_a_finished_output_says_so_and_redoes_nothing(finished: tuple[Path, Path], small_glossary: Path,
                                                                 extra: tuple[str, ...], capsys) -> None:
    tiny, out = finished
    manifest = (out / "manifest.json").read_bytes()
    code = main(["run", str(tiny), "--out", str(out), "--glossaries", str(small_glossary), *RUN_OPTIONS, *extra])
    said = capsys.readouterr().out
    assert code == 0
    assert said.count("\n") == 1 and "is already finished (documents 1, rejected 0): nothing to resume" in said
    rerun = shlex.split(said.split("to run it again: ", 1)[1])
    assert rerun[-1] == "--overwrite" and not any(word.startswith("--res") for word in rerun)
    assert (out / "manifest.json").read_bytes() == manifest  # not run again
