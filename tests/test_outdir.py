"""The output directory: refusals of --out, the run lock across processes, the whole-directory commit, recovery
after kills, and stale temporaries. Real files and real processes throughout."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.io.outdir import (
    COMPLETE_MARKER,
    INTENT_NAME,
    OutputBusy,
    OutputDirError,
    RunDirectory,
    check_out_dir,
    exchange,
    is_nonempty,
    recover,
    remove_stale_temps,
)

# Seconds a child process gets to report that it is ready before the test gives up on it.
CHILD_TIMEOUT = 30


# --- check_out_dir -------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/corpus/{a.jsonl, 2024/b.jsonl}, tmp/afile."""
    (tmp_path / "corpus" / "2024").mkdir(parents=True)
    (tmp_path / "corpus" / "a.jsonl").write_text("{}\n")
    (tmp_path / "corpus" / "2024" / "b.jsonl").write_text("{}\n")
    (tmp_path / "afile").write_text("x\n")
    return tmp_path


REFUSALS = [
    # (out, inputs, words the message must hold); paths relative to the tree
    ("", ["corpus"], "names no directory"),
    ("afile", ["corpus"], "is an existing file"),
    ("afile/out", ["corpus"], "afile is a file"),
    ("afile/deeper/out", ["corpus"], "afile is a file"),
    ("corpus", ["corpus"], "is the input directory"),
    ("corpus/out", ["corpus"], "is inside the input directory"),
    ("corpus/2024/out", ["corpus"], "is inside the input directory"),
    (".", ["corpus/a.jsonl"], "names no directory"),
    ("run", ["run/a.jsonl"], "contains the input"),
    ("corpus_parent", ["corpus_parent/corpus"], "contains the input"),
    ("corpus", ["corpus/2024"], "contains the input"),
    ("corpus", ["corpus/a.jsonl"], "contains the input"),
]


@pytest.mark.parametrize(("out", "inputs", "words"), REFUSALS)
def test_check_out_dir_refuses(tree: Path, out: str, inputs: list[str], words: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    for given in inputs:
        path = tree / given
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}\n") if path.suffix else path.mkdir()
    with pytest.raises(OutputDirError) as refused:
        check_out_dir(Path(out), [Path(given) for given in inputs])
    message = str(refused.value)
    assert words in message
    assert "\n" not in message
    assert message.startswith(f"--out {Path(out)}" if out not in ("", ".") else "--out '.'")


ACCEPTED = [
    ("out", ["corpus"]),
    ("out/deeper/still", ["corpus"]),
    ("corpus_out", ["corpus"]),  # a prefix of the input's name, not inside it
    ("corpus/out", ["corpus/a.jsonl"]),  # beside an input file: only that file is read
    ("out", []),
]


@pytest.mark.parametrize(("out", "inputs"), ACCEPTED)
def test_check_out_dir_accepts(tree: Path, out: str, inputs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    check_out_dir(Path(out), [Path(given) for given in inputs])


def test_check_out_dir_follows_symlinks_to_the_input(tree: Path) -> None:
    (tree / "link").symlink_to(tree / "corpus")
    with pytest.raises(OutputDirError, match="is inside the input directory"):
        check_out_dir(tree / "link" / "out", [tree / "corpus"])


def test_check_out_dir_refuses_an_unwritable_parent(tmp_path: Path) -> None:
    # /proc/sys is read-only even for root (the kernel refuses the write, not a permission bit).
    if os.access("/proc/sys", os.W_OK) or not os.path.isdir("/proc/sys"):
        pytest.skip("no read-only /proc/sys here")
    with pytest.raises(OutputDirError, match="/proc/sys is not writable"):
        check_out_dir(Path("/proc/sys/newsbridge-out"), [tmp_path])


def test_check_out_dir_refuses_a_mount_point(tmp_path: Path) -> None:
    mount = Path("/proc")
    if not os.path.ismount(mount):
        pytest.skip("no /proc mount here")
    with pytest.raises(OutputDirError, match="is a mount point"):
        check_out_dir(mount, [tmp_path])


def test_a_symlinked_out_swaps_the_directory_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with RunDirectory(tmp_path / "link") as work:
        build_staging(work, "A")
        work.commit()
    assert (tmp_path / "link").is_symlink()
    assert read_tree(tmp_path / "link") == expected_tree("A")
    assert sorted(os.listdir(tmp_path)) == ["link", "real"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits")
def test_check_out_dir_refuses_a_read_only_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(OutputDirError, match="is not writable"):
            check_out_dir(locked / "out", [])
    finally:
        locked.chmod(0o755)


def test_is_nonempty(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not is_nonempty(out)
    out.mkdir()
    assert not is_nonempty(out)
    (out / ".hidden").write_text("")
    assert is_nonempty(out)


# --- the lock --------------------------------------------------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from pipeline.io.outdir import RunDirectory
    work = RunDirectory(Path(sys.argv[1]))
    work.acquire()
    print("locked", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def spawn() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start Python children; every one still alive at the end is killed."""
    children: list[subprocess.Popen[str]] = []

    def start(source: str, *args: str) -> subprocess.Popen[str]:
        child = subprocess.Popen([sys.executable, "-c", source, *args], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def wait_for(child: subprocess.Popen[str], word: str) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.split()[:1] != [word]:
        child.kill()
        _, errors = child.communicate(timeout=CHILD_TIMEOUT)
        pytest.fail(f"child said {line!r}, expected {word!r}; stderr:\n{errors}")


def test_second_process_is_refused_and_told_the_holders_pid(tmp_path: Path, spawn: Callable[..., subprocess.Popen[str]]
                                                             ) -> None:
    out = tmp_path / "out"
    holder = spawn(HOLDER, str(out))
    wait_for(holder, "locked")
    with pytest.raises(OutputBusy, match=rf"another newsbridge run \(pid {holder.pid}\) is writing to .*out"):
        RunDirectory(out).acquire()
    holder.kill()  # SIGKILL: no clean-up in the holder, the kernel drops the lock
    holder.wait()
    with RunDirectory(out) as work:
        assert work.held
        assert (work.path / "lock").read_text().strip() == str(os.getpid())
    assert not work.held


def test_one_process_cannot_hold_one_out_twice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with RunDirectory(out):
        with pytest.raises(OutputBusy, match=f"pid {os.getpid()}"):
            RunDirectory(out).acquire()
    with RunDirectory(out):  # released on leaving the block
        pass


def test_reset_keeps_the_lock(tmp_path: Path, spawn: Callable[..., subprocess.Popen[str]]) -> None:
    out = tmp_path / "out"
    with RunDirectory(out) as work:
        work.shard_dir(3).joinpath("part.jsonl").write_text("{}\n")
        work.plan.write_text("{}\n")
        work.staging.mkdir()
        assert work.exists()
        assert work.shard_dir(12) == work.shards / "00012"
        work.reset()
        assert not work.exists()
        assert not work.shards.exists() and not work.staging.exists()
        checker = spawn(HOLDER, str(out))
        checker.stdin.close()  # type: ignore[union-attr]
        assert checker.wait(timeout=CHILD_TIMEOUT) == 1
        assert "OutputBusy" in checker.stderr.read()  # type: ignore[union-attr]


# --- commit ----------------------------------------------------------------------------------------------------


def build_staging(work: RunDirectory, version: str, files: int = 3) -> None:
    work.staging.mkdir(parents=True)
    (work.staging / "sub").mkdir()
    for index in range(files):
        (work.staging / f"part-{index}.txt").write_text(f"{version}{index}\n")
    (work.staging / "sub" / "nested.txt").write_text(f"{version}\n")
    (work.staging / COMPLETE_MARKER).write_text(json.dumps({"version": version, "files": files}))


def read_tree(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text() for path in sorted(root.rglob("*")) if path.is_file()}


def expected_tree(version: str, files: int = 3) -> dict[str, str]:
    tree = {f"part-{index}.txt": f"{version}{index}\n" for index in range(files)}
    tree["sub/nested.txt"] = f"{version}\n"
    tree[COMPLETE_MARKER] = json.dumps({"version": version, "files": files})
    return tree


@pytest.mark.parametrize("use_exchange", [True, False], ids=["exchange", "two-renames"])
def test_commit_into_a_new_out(tmp_path: Path, use_exchange: bool) -> None:
    out = tmp_path / "deeper" / "out"
    with RunDirectory(out) as work:
        build_staging(work, "A")
        work.shard_dir(0)
        work.plan.write_text("{}\n")
        work.commit(use_exchange=use_exchange)
    assert read_tree(out) == expected_tree("A")
    assert not work.path.exists()


@pytest.mark.parametrize("use_exchange", [True, False], ids=["exchange", "two-renames"])
def test_commit_replaces_an_old_out_whole(tmp_path: Path, use_exchange: bool) -> None:
    out = tmp_path / "out"
    with RunDirectory(out) as work:
        build_staging(work, "A", files=5)
        work.commit(use_exchange=use_exchange)
    (out / ".a.tmp-1").write_text("left by someone")
    with RunDirectory(out) as work:
        build_staging(work, "B", files=2)
        work.commit(use_exchange=use_exchange)
        # The next run may lock as soon as the commit is done, even before this one releases; that release
        # must not take the next run's lock away.
        following = RunDirectory(out)
        following.acquire()
    with pytest.raises(OutputBusy, match=f"pid {os.getpid()}"):
        RunDirectory(out).acquire()
    following.release()
    assert read_tree(out) == expected_tree("B", files=2)
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_commit_needs_a_complete_staging_and_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    work = RunDirectory(out)
    with pytest.raises(RuntimeError, match="needs the lock"):
        work.commit()
    with work:
        work.staging.mkdir(parents=True)
        (work.staging / "part-0.txt").write_text("A0\n")
        with pytest.raises(OutputDirError, match=f"has no {COMPLETE_MARKER}"):
            work.commit()
    assert not out.exists()


def test_exchange_swaps_two_directories(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "one").write_text("1")
    (second / "two").write_text("2")
    if not exchange(first, second):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available on this system")
    assert os.listdir(first) == ["two"] and os.listdir(second) == ["one"]


# --- recover ---------------------------------------------------------------------------------------------------


def half_committed(tmp_path: Path, renames: int) -> tuple[Path, RunDirectory]:
    """The disk as a kill during the fallback commit leaves it: old output A, staging B, and `renames` of the two
    renames done. Built with the same calls commit() makes, stopped where the kill would stop them."""
    out = tmp_path / "out"
    with RunDirectory(out) as work:
        build_staging(work, "A")
        work.commit()
    work = RunDirectory(out)
    work.acquire()
    build_staging(work, "B")
    info = os.lstat(work.staging)
    (work.path / INTENT_NAME).write_text(json.dumps({"staging": [info.st_dev, info.st_ino]}))
    work.plan.write_text("{}\n")
    if renames >= 1:
        os.rename(out, work.previous)
    if renames >= 2:
        os.rename(work.staging, out)
    work.release()  # the kill: the kernel drops the lock
    return out, work


def test_recover_finishes_a_commit_killed_between_its_renames(tmp_path: Path) -> None:
    out, work = half_committed(tmp_path, renames=1)
    assert not out.exists()
    recover(out)
    assert read_tree(out) == expected_tree("B")
    assert not work.path.exists()


def test_recover_cleans_up_after_a_commit_killed_after_its_swap(tmp_path: Path) -> None:
    out, work = half_committed(tmp_path, renames=2)
    recover(out)
    assert read_tree(out) == expected_tree("B")
    assert not work.path.exists()


def test_recover_keeps_the_old_output_and_the_resumable_work_of_a_commit_killed_before_its_swap(tmp_path: Path
                                                                                               ) -> None:
    out, work = half_committed(tmp_path, renames=0)
    recover(out)
    assert read_tree(out) == expected_tree("A")
    assert work.exists() and (work.staging / COMPLETE_MARKER).is_file()
    assert not (work.path / INTENT_NAME).exists()


def test_recover_restores_a_previous_output_left_without_a_record(tmp_path: Path) -> None:
    out, work = half_committed(tmp_path, renames=1)
    (work.path / INTENT_NAME).unlink()
    recover(out)
    assert read_tree(out) == expected_tree("A")


def test_recover_leaves_a_live_runs_work_alone(tmp_path: Path, spawn: Callable[..., subprocess.Popen[str]]) -> None:
    out, work = half_committed(tmp_path, renames=1)
    holder = spawn(HOLDER, str(out))
    wait_for(holder, "locked")
    recover(out)
    assert not out.exists() and work.previous.is_dir()


def test_recover_without_a_work_directory_does_nothing(tmp_path: Path) -> None:
    recover(tmp_path / "out")
    assert os.listdir(tmp_path) == []


# --- kill -9 at random moments --------------------------------------------------------------------------------

COMMITTER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from pipeline.io.outdir import COMPLETE_MARKER, RunDirectory
    out, use_exchange, files = Path(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3])
    print("ready", flush=True)
    round = 0
    while True:
        version = "AB"[round % 2]
        with RunDirectory(out) as work:
            work.reset()
            (work.staging / "sub").mkdir(parents=True)
            for index in range(files):
                (work.staging / f"part-{index}.txt").write_text(f"{version}{index}\\n")
            (work.staging / "sub" / "nested.txt").write_text(f"{version}\\n")
            (work.staging / COMPLETE_MARKER).write_text(json.dumps({"version": version, "files": files}))
            work.commit(use_exchange=use_exchange)
        print("committed", version, flush=True)
        round += 1
""")
KILLS = 20
KILL_SEED = 20261126
CRASH_FILES = 8
# Longest pause before the kill; a round (build, fsync, swap, delete) takes a few milliseconds to a few tens.
MAX_KILL_DELAY = 0.12


@pytest.mark.parametrize("use_exchange", [True, False], ids=["exchange", "two-renames"])
def test_kill_at_random_moments_leaves_a_complete_output(tmp_path: Path, use_exchange: bool,
                                                         spawn: Callable[..., subprocess.Popen[str]]) -> None:
    out = tmp_path / "out"
    rng = random.Random(KILL_SEED)
    whole = {version: expected_tree(version, CRASH_FILES) for version in "AB"}
    mid_commit = 0
    for kill in range(KILLS):
        child = spawn(COMMITTER, str(out), "1" if use_exchange else "0", str(CRASH_FILES))
        wait_for(child, "ready")
        if kill == 0:
            wait_for(child, "committed")
        # Wake up some random moment into the child's loop, then kill it without warning.
        try:
            child.wait(timeout=rng.uniform(0, MAX_KILL_DELAY))
        except subprocess.TimeoutExpired:
            pass
        assert child.poll() is None, child.stderr.read()  # type: ignore[union-attr]
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        mid_commit += (RunDirectory(out).path / INTENT_NAME).exists()
        recover(out)
        found = read_tree(out)
        assert found in whole.values(), f"kill {kill}: out holds {sorted(found)} {set(found.values())}"
        with RunDirectory(out):  # the dead child's lock is gone
            pass
    # Not asserted (timing decides it), but the point of the test: some kills fell inside a swap.
    print(f"{mid_commit} of {KILLS} kills fell inside commit()")


# --- stale temporaries ---------------------------------------------------------------------------------------


def test_remove_stale_temps_keeps_live_writers(tmp_path: Path, spawn: Callable[..., subprocess.Popen[str]]) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead_pid = int(dead.stdout)
    live = spawn(HOLDER, str(tmp_path / "elsewhere"))
    wait_for(live, "locked")
    names = {
        f".a.jsonl.tmp-{dead_pid}": False,
        f".b.parquet.tmp-{live.pid}": True,
        f".c.tmx.tmp-{os.getpid()}": True,
        ".d.tmp-notapid": True,
        "a.jsonl": True,
        f"e.tmp-{dead_pid}": True,  # not hidden: not one of ours
    }
    for name in names:
        (tmp_path / name).write_text("partial")
    (tmp_path / f".dir.tmp-{dead_pid}").mkdir()
    removed = remove_stale_temps(tmp_path)
    assert removed == [tmp_path / name for name, kept in names.items() if not kept]
    assert sorted(os.listdir(tmp_path)) == sorted([name for name, kept in names.items() if kept]
                                                  + [f".dir.tmp-{dead_pid}", ".elsewhere.newsbridge"])
