"""A run killed with kill -9 at any point (before its first shard, between shards, with its outputs staged) is
not clobbered by a plain rerun and resumes to the outputs of an uninterrupted run, without redoing the shards it
had finished. Real `newsbridge run` children on the seeds with the one-entry glossary (what is checked is the
shard bookkeeping, the same for any glossary; tests/test_shards_and_resume.py keeps the full glossary for the
byte-identical cuts), compared with the same run done in this process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import RunConfig
from pipeline.io.writers import OUTPUT_FILES
from pipeline.runner import run
from pipeline.shards import DONE_MARKER

from .conftest import SEEDS, small_glossary_dir


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture(scope="module")
def glossaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_glossary_dir(tmp_path_factory.mktemp("glossary"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, glossaries: Path) -> dict[str, bytes]:
    """The outputs of the run the children make, uninterrupted and in this process."""
    out = tmp_path_factory.mktemp("reference") / "out"
    run([SEEDS], out, replace(RunConfig(glossaries=glossaries), translator="gloss"))
    return _outputs(out)


def _start(out: Path, glossaries: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(SEEDS), "--out", str(out),
                             "--glossaries", str(glossaries), "--translator", "gloss", "--shard-records", "2",
                             "-q", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 120.0) -> bool:
    """kill -9 the run once `ready()` holds; False if the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    proc.kill()
    raise AssertionError("the run neither finished nor reached the kill point")


# Before the first shard (plan written), between shards, and with every shard done and the outputs staged.
@pytest.mark.parametrize("kill_after_shards", [0, 3, "staging"])
def test_kill_9_then_resume_gives_the_uninterrupted_outputs(tmp_path: Path, glossaries: Path, reference,
                                                             kill_after_shards) -> None:
    out = tmp_path / "out"
    work = tmp_path / ".out.newsbridge"

    def ready() -> bool:
        if kill_after_shards == "staging":
            return (work / "staging" / "corpus.tmx").exists()
        return len(list(work.glob(f"shards/*/{DONE_MARKER}"))) >= kill_after_shards and (work / "plan.json").exists()

    killed = _kill_when(_start(out, glossaries), ready)
    if killed:
        assert not (out / "manifest.json").exists()  # nothing half-committed
        again = _start(out, glossaries)
        assert again.wait(120) == 2 and "--resume" in again.stderr.read()  # an unfinished run is not clobbered
    resumed = _start(out, glossaries, "--resume")
    code, err = resumed.wait(120), resumed.stderr.read()
    assert code == 0, err
    assert _outputs(out) == reference
    if killed and kill_after_shards != 0:
        done = re.search(r"resuming: (\d+) of (\d+) shards were already done", err)
        minimum = int(done.group(2)) if kill_after_shards == "staging" else kill_after_shards
        assert done and int(done.group(1)) >= minimum, err  # finished shards were not redone
    assert not work.exists()
