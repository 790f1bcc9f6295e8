"""Leftovers and one-line failures (issue 20): the temporary of a file a killed run was writing never reaches
`--out` or stays in the work directory; every file newsbridge writes goes through pipeline.io.atomic (or lives in
a directory that is itself published whole); and an OSError that stops a run (permissions, a read-only file
system, too many open files, a name too long) ends in one line and an exit code, the old output untouched.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

import pipeline.io.atomic as atomic
from pipeline.cli import main
from pipeline.io.outdir import TEMP_PATTERN, RunDirectory, remove_stale_temps
from pipeline.io.ownership import carry_over
from pipeline.paths import PROJECT_ROOT

from .test_faults20_commit import committed_output, read_tree
from .test_faults20_commit import make_output as make_commit_test_output

KILLED = 137  # 128 + SIGKILL


def make_output(directory: Path, version: str) -> None:
    """A small newsbridge output with a report.html (the file whose temporaries these tests leave)."""
    make_commit_test_output(directory, version, report=True)


def killed_writing(final: Path) -> Path:
    """What kill -9 just before the rename of write_text_atomic(final) leaves: its temporary, whole, in a dead
    process's name (a forked child that writes it, then dies instead of renaming)."""
    pid = os.fork()
    if pid == 0:
        try:
            atomic.commit = lambda temp, final: os._exit(KILLED)  # the child's own copy of the module
            atomic.write_text_atomic(final, "<p>half a report</p>\n")
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == KILLED
    (temp,) = [p for p in final.parent.iterdir() if TEMP_PATTERN.match(p.name)]
    return temp


# --- temporaries of a killed run ------------------------------------------------------------------------------


@pytest.mark.parametrize("pid_now", ["dead", "reused"])
def test_resume_never_publishes_the_temporary_of_a_report_a_kill_interrupted(tmp_path: Path, pid_now: str) -> None:
    """kill -9 just before report.html was renamed into staging; --resume reuses staging and commits it. The
    temporary goes, even when its PID now belongs to a live process: only the lock holder writes in staging."""
    out = tmp_path / "out"
    with RunDirectory(out) as work:
        make_output(work.staging, "A")
        work.commit()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    old_temp = out / f".report.html.tmp-{os.getpid()}"  # an older version's leftover in --out itself
    old_temp.write_text("old\n", encoding="utf-8")
    with RunDirectory(out) as work:
        make_output(work.staging, "B")
        temp = killed_writing(work.staging / "report.html")
        if pid_now == "reused":
            temp = temp.rename(temp.with_name(f".report.html.tmp-{os.getpid()}"))
    with RunDirectory(out) as work:  # the --resume: every shard done, staging rebuilt in place, then the commit
        assert temp.exists()
        make_output(work.staging, "B")
        work.commit(keep=carry_over)
    make_output(tmp_path / "expected", "B")
    assert read_tree(out) == {**read_tree(tmp_path / "expected"), "notes.txt": "mine\n"}
    assert sorted(os.listdir(tmp_path)) == ["expected", "out"]  # no work directory left


@pytest.mark.parametrize(("held", "kept"), [(False, {"live", "not-ours"}), (True, {"not-ours"})],
                         ids=["by-pid", "under-the-lock"])
def test_stale_temporaries_in_the_work_directory(tmp_path: Path, held: bool, kept: set[str]) -> None:
    """By PID (a directory others may write in), a live process's temporary stays; under the run's lock (the
    work directory and staging, where only the holder writes), every one goes."""
    dead = killed_writing(tmp_path / "plan.json")
    names = {"dead": dead.name, "live": f".commit.json.tmp-{os.getpid()}", "not-ours": "notes.tmp-1"}
    for key, name in names.items():
        if key != "dead":
            (tmp_path / name).write_text("x", encoding="utf-8")
    remove_stale_temps(tmp_path, held=held)
    assert sorted(os.listdir(tmp_path)) == sorted(names[key] for key in kept)


def test_reset_under_the_lock_removes_every_temporary_of_the_work_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    work = RunDirectory(out)
    with work:
        work.plan.write_text("{}", encoding="utf-8")
    killed_writing(work.plan)
    (work.path / f".commit.json.tmp-{os.getpid()}").write_text("{}", encoding="utf-8")
    with work:
        work.reset()
        assert os.listdir(work.path) == ["lock"]
    assert not work.path.exists()


# --- every file through the atomic helper ---------------------------------------------------------------------

# Modules that write files without pipeline.io.atomic, and why that is safe: what they write is published whole
# by a rename of its directory (staging by the commit's swap, a shard by its DONE marker, a model by the
# install's rename) or is not a file a user keeps. Any other write must use the helper.
WRITES_ELSEWHERE = {
    "pipeline/io/atomic.py": "the helper itself",
    "pipeline/io/writers.py": "shard parts in shards/NNNNN/ (done when DONE is written, atomically) and the outputs "
                              "assembled in staging/ (published whole by RunDirectory.commit)",
    "pipeline/io/ownership.py": "links or copies the user's entries into staging/ (published whole by the commit)",
    "pipeline/io/stdin.py": "spools into a mkstemp temporary, then renames it to its content-named file",
    "pipeline/shards.py": "the progress file: a temporary renamed over it, never fsynced (a lost count costs nothing)",
    "pipeline/models/index.py": "downloads into the install's temporary directory",
    "pipeline/models/archive.py": "unpacks into the install's temporary directory, renamed into place whole",
    "pipeline/models/random_package.py": "the model's files in a TemporaryDirectory (the .argosmodel is atomic)",
    "pipeline/views/commands.py": "opens os.devnull",
    "pipeline/dataset/store.py": "links a run's staged files into runs/.RUN.tmp-PID/, renamed to runs/RUN whole "
                                 "(the Delta tables' files by pipeline/dataset/files.py; the manifest through the "
                                 "helper)",
    "pipeline/dataset/files.py": "a table's Parquet files (appended or compacted), fsynced, then named by one Delta "
                                 "commit (a file no commit names is no part of a table)",
}
# Calls that write a file: by name (methods and functions), module functions by module and name, and an open whose
# arguments hold a writing mode literal. Found with regular expressions (parsing every module took seconds); a
# comment line is skipped.
WRITE_CALL = re.compile(r"\b(?:write_text|write_bytes|to_parquet|to_csv|ParquetWriter|copyfile|copy2|copytree"
                        r"|copyfileobj|shutil\.move|json\.dump|pickle\.dump|marshal\.dump|shutil\.copy)\(")
OPEN_CALL = re.compile(r"\b(?:open|fdopen)\(")
WRITE_MODE = re.compile(r"[\"'][rbt]*[wax+][rbt+]*[\"']")


def _arguments(source: str, start: int) -> str:
    """The text of a call's arguments, from just after its "(" to the matching ")"."""
    depth = 1
    for index in range(start, len(source)):
        depth += {"(": 1, ")": -1}.get(source[index], 0)
        if depth == 0:
            return source[start:index]
    return source[start:]


def raw_writes(source: str) -> list[int]:
    """Lines of calls that write a file other than through the atomic helper."""
    found = {m.start() for m in WRITE_CALL.finditer(source)}
    found |= {m.start() for m in OPEN_CALL.finditer(source) if WRITE_MODE.search(_arguments(source, m.end()))}
    lines = source.splitlines()
    numbers = (source.count("\n", 0, offset) + 1 for offset in found)
    return sorted(n for n in numbers if not lines[n - 1].lstrip().startswith("#"))


def test_every_file_newsbridge_writes_goes_through_the_atomic_helper() -> None:
    offenders = {}
    for root in ("pipeline", "stages"):
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            relative = path.relative_to(PROJECT_ROOT).as_posix()
            if relative not in WRITES_ELSEWHERE and (lines := raw_writes(path.read_text(encoding="utf-8"))):
                offenders[relative] = lines
    assert not offenders, f"write these through pipeline.io.atomic (or say why not in WRITES_ELSEWHERE): {offenders}"
    assert all((PROJECT_ROOT / relative).is_file() for relative in WRITES_ELSEWHERE)


# --- an OSError that stops a run: one line --------------------------------------------------------------------

OPTIONS = ("--translator", "gloss", "--translation-memory", "off", "-q")


@pytest.fixture
def finished(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """An input and an existing output beside it, with what the output holds."""
    news, out = committed_output(tmp_path, report=True)
    return news, out, read_tree(out)


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    return line


# (errno, the words of the line, the exit code): injected where a run first touches the disk, its lock file.
SYSTEM_ERRORS = [
    (errno.EACCES, "Permission denied (EACCES): {lock}; fix the permissions, then finish with: ", 1),
    (errno.EROFS, "Read-only file system (EROFS): {lock}; use a writable file system", 1),
    (errno.EMFILE, "Too many open files (EMFILE): {lock}; raise the open-file limit (ulimit -n)", 1),
    (errno.EIO, "Input/output error (EIO): {lock}; fix that, then finish with: ", 1),
    (errno.ENAMETOOLONG, "{lock}: file name too long; use a shorter name", 2),
]


@pytest.mark.parametrize(("code", "words", "status"), SYSTEM_ERRORS,
                         ids=[errno.errorcode[code] for code, *_ in SYSTEM_ERRORS])
def test_a_system_error_ends_in_one_line_and_the_output_stays(
        code: int, words: str, status: int, finished: tuple[Path, Path, dict[str, str]],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    news, out, before = finished
    lock = RunDirectory(out).lock_path

    def refused(self: RunDirectory) -> None:
        raise OSError(code, os.strerror(code), str(lock))

    monkeypatch.setattr(RunDirectory, "acquire", refused)
    assert main(["run", str(news), "--out", str(out), "--overwrite", *OPTIONS]) == status
    line = one_line(capsys)
    assert line.startswith("newsbridge: error: " + words.format(lock=lock)), line
    assert line.endswith("--resume") == (status == 1), line
    assert read_tree(out) == before
    assert sorted(os.listdir(out.parent)) == ["news.jsonl", "out"]


@pytest.mark.parametrize("which", ["--out", "input"])
def test_a_name_too_long_is_a_usage_error_in_one_line(which: str, finished: tuple[Path, Path, dict[str, str]],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    news, out, before = finished
    long_name = "x" * 300
    if which == "--out":
        argv = ["run", str(news), "--out", str(out.parent / long_name), *OPTIONS]
        words = "its name is too long"
    else:
        argv = ["run", str(out.parent / f"{long_name}.jsonl"), "--out", str(out), "--overwrite", *OPTIONS]
        words = "file name too long; use a shorter name"
    assert main(argv) == 2
    assert words in one_line(capsys)
    assert read_tree(out) == before
    assert sorted(os.listdir(out.parent)) == ["news.jsonl", "out"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_out_is_refused_in_one_line(finished: tuple[Path, Path, dict[str, str]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    news, out, before = finished
    out.chmod(0o555)
    try:
        assert main(["run", str(news), "--out", str(out), "--overwrite", *OPTIONS]) == 2
    finally:
        out.chmod(0o755)
    assert "is not writable" in one_line(capsys)
    assert read_tree(out) == before
