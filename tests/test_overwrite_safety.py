"""--overwrite (and --resume) replace only a newsbridge output, and only newsbridge's own files in it: any other
directory is refused with one line and exit 2, and a user's files inside a real output survive the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.cli import EXIT_USAGE, main
from pipeline.config import RunConfig
from pipeline.glossary import CompiledGlossary
from pipeline.io.outdir import COMPLETE_MARKER, RunDirectory
from pipeline.io.ownership import OWN_NAMES, carry_over
from pipeline.registry import parse_steps
from pipeline.runner import RunOptions, run

from .conftest import GLOSSARIES

RECORDS = [{"id": f"d{i}", "title": f"贵州茅台第{i}季度营收增长", "body": f"贵州茅台营收增长{i}0%。"} for i in range(3)]
NEWSBRIDGE_MANIFEST = {"newsbridge_version": "0.1.0", "counts": {"records_in": 0}}


def _corpus(directory: Path) -> Path:
    path = directory / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def _config(**changes: object) -> RunConfig:
    """In this process, and only the normalize step: which files an output holds does not depend on the steps."""
    return replace(RunConfig(glossaries=GLOSSARIES), steps=parse_steps(["normalize"]), translation_memory="off",
                   workers=1, **changes)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root (not following symlinks): file bytes, a symlink's target, or 'dir'."""
    found: dict[str, str] = {}
    for current, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(current, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[key] = "dir"
            elif not path.is_file():
                found[key] = "special"  # a FIFO: never opened (it would block)
            else:
                found[key] = path.read_bytes().decode("utf-8", "replace")
    return found


# --- refused: a directory that is not a newsbridge output -------------------------------------------------------


def _notes(out: Path) -> None:
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n")


def _hidden_only(out: Path) -> None:
    out.mkdir()
    (out / ".DS_Store").write_text("x")


def _other_tools_manifest(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps({"name": "my web app", "version": "1.0", "icons": []}))
    (out / "index.html").write_text("<html></html>")


def _manifest_not_json(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text("name: not json\n")


def _manifest_is_a_list(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps(["newsbridge_version", "counts"]))


def _manifest_is_a_directory(out: Path) -> None:
    (out / COMPLETE_MARKER).mkdir(parents=True)
    (out / COMPLETE_MARKER / "data.txt").write_text("kept")


def _manifest_is_a_symlink(out: Path) -> None:
    """A link to a real newsbridge manifest elsewhere does not make a folder of notes an output."""
    elsewhere = out.parent / "elsewhere.json"
    elsewhere.write_text(json.dumps(NEWSBRIDGE_MANIFEST))
    _notes(out)
    (out / COMPLETE_MARKER).symlink_to(elsewhere)


def _killed_leftover(out: Path) -> None:
    """Output files without the manifest (which a run writes last): not a complete output, nothing proves whose."""
    out.mkdir()
    (out / "segments.jsonl").write_text('{"segment_id": "d0#0"}\n')
    (out / "documents.jsonl").write_text("")


def _symlink_to_notes(out: Path) -> None:
    real = out.parent / "real-notes"
    _notes(real)
    out.symlink_to(real)


def _own_name_is_a_user_directory(out: Path) -> None:
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps(NEWSBRIDGE_MANIFEST))
    (out / "segments.jsonl").mkdir()
    (out / "segments.jsonl" / "mine.txt").write_text("kept")


def _stray_file_in_a_table_directory(out: Path) -> None:
    (out / "documents.parquet" / "date=2025-01-01").mkdir(parents=True)
    (out / COMPLETE_MARKER).write_text(json.dumps(NEWSBRIDGE_MANIFEST))
    (out / "documents.parquet" / "date=2025-01-01" / "part-0.parquet").write_bytes(b"PAR1")
    (out / "documents.parquet" / "README.txt").write_text("my notes on the table")


REFUSED: list[tuple[str, Callable[[Path], None], str, str]] = [
    # (id, how the directory is made, flag, words the one-line message holds)
    ("notes", _notes, "--overwrite", "holds no manifest.json"),
    ("notes-resume", _notes, "--resume", "holds no manifest.json"),
    ("notes-no-flag", _notes, "", "holds no manifest.json"),  # not told to use --overwrite, which would refuse
    ("hidden-file-only", _hidden_only, "--overwrite", "holds no manifest.json"),
    ("other-tools-manifest", _other_tools_manifest, "--overwrite", "was not written by newsbridge"),
    ("manifest-not-json", _manifest_not_json, "--overwrite", "is not a JSON manifest"),
    ("manifest-a-list", _manifest_is_a_list, "--overwrite", "was not written by newsbridge"),
    ("manifest-a-directory", _manifest_is_a_directory, "--overwrite", "is not a regular file"),
    ("manifest-a-symlink", _manifest_is_a_symlink, "--overwrite", "is not a regular file"),
    ("killed-run-leftover", _killed_leftover, "--overwrite", "holds no manifest.json"),
    ("symlinked-out", _symlink_to_notes, "--overwrite", "holds no manifest.json"),
    ("own-name-user-directory", _own_name_is_a_user_directory, "--overwrite", "is not a file newsbridge writes"),
    ("stray-in-table-directory", _stray_file_in_a_table_directory, "--overwrite", "is not a file newsbridge writes"),
]


@pytest.mark.parametrize(("make", "flag", "words"), [row[1:] for row in REFUSED], ids=[row[0] for row in REFUSED])
def test_a_directory_newsbridge_did_not_write_is_refused_and_kept(tmp_path: Path, make: Callable[[Path], None],
                                                                   flag: str, words: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    corpus = _corpus(tmp_path)
    make(out)
    before = snapshot(tmp_path)
    code = main(["run", str(corpus), "--out", str(out), *([flag] if flag else []), "--glossaries", str(GLOSSARIES),
                 "--translator", "gloss", "-q"])
    message = capsys.readouterr().err.strip()
    assert code == EXIT_USAGE
    assert "\n" not in message and words in message and str(out) in message, message
    assert "--overwrite" not in message
    assert snapshot(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == sorted(p for p in before if "/" not in p)  # no work directory left


def test_the_refusal_is_one_line_and_exit_2_through_the_installed_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _notes(out)
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(_corpus(tmp_path)), "--out", str(out),
                           "--overwrite", "--glossaries", str(GLOSSARIES), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "is not a newsbridge output" in done.stderr and str(out) in done.stderr
    assert (out / "notes.txt").read_text() == "my notes\n"


# --- accepted: a real newsbridge output keeps the user's entries ---------------------------------------------------

DEAD_PID = 2**22 + 1  # above Linux's pid_max default: never a running process
USER_ENTRIES: dict[str, Callable[[Path], None]] = {
    "notes.txt": lambda out: (out / "notes.txt").write_text("my notes\n"),
    ".hidden": lambda out: (out / ".hidden").write_text("dotfile\n"),
    "analysis": lambda out: ((out / "analysis" / "deep").mkdir(parents=True),
                             (out / "analysis" / "deep" / "chart.csv").write_text("a,b\n1,2\n"),
                             (out / "analysis" / "link").symlink_to("deep/chart.csv")),
    "elsewhere": lambda out: (out / "elsewhere").symlink_to(out.parent / "outside.txt"),
    "dangling": lambda out: (out / "dangling").symlink_to(out.parent / "missing"),
    "glossary.tbx": lambda out: (out / "glossary.tbx").write_text("<martif/>\n"),  # EXPORT=out/glossary.tbx
    ".notes.txt.tmp-1": lambda out: (out / ".notes.txt.tmp-1").write_text("someone's temporary\n"),
    "pipe": lambda out: os.mkfifo(out / "pipe"),  # kept without being opened (an open would block the run)
    "pipes": lambda out: ((out / "pipes").mkdir(), os.mkfifo(out / "pipes" / "inner")),
}


@pytest.fixture(scope="module")
def replaced(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary) -> dict[str, object]:
    """A partitioned run into an empty directory, the user's entries added, then a plain run with --overwrite."""
    root = tmp_path_factory.mktemp("overwrite")
    corpus = _corpus(root)
    (root / "outside.txt").write_text("outside\n")
    out = root / "out"
    out.mkdir()  # an empty directory is fine
    run([corpus], out, _config(partition_by="date"), glossary, RunOptions(overwrite=True))
    first = set(os.listdir(out))
    for make in USER_ENTRIES.values():
        make(out)
    (out / f".report.html.tmp-{DEAD_PID}").write_text("a dead run's temporary")
    before = snapshot(out)
    inodes = {name: os.lstat(out / name).st_ino for name in USER_ENTRIES}
    manifest = run([corpus], out, _config(), glossary, RunOptions(overwrite=True)).manifest
    return {"root": root, "out": out, "first": first, "before": before, "inodes": inodes, "manifest": manifest}


@pytest.mark.parametrize("name", list(USER_ENTRIES))
def test_a_user_entry_survives_an_overwrite(replaced: dict[str, object], name: str) -> None:
    out, before = replaced["out"], replaced["before"]
    assert isinstance(out, Path) and isinstance(before, dict)
    after = snapshot(out)
    kept = {key: value for key, value in before.items() if key == name or key.startswith(name + "/")}
    assert kept and {key: after.get(key) for key in kept} == kept


def test_user_files_are_the_same_files_not_copies(replaced: dict[str, object]) -> None:
    out, inodes = replaced["out"], replaced["inodes"]
    assert isinstance(out, Path) and isinstance(inodes, dict)
    assert (out / "analysis" / "deep" / "chart.csv").stat().st_nlink == 1  # the old output's link is gone
    assert os.lstat(out / "notes.txt").st_ino == inodes["notes.txt"]


def test_newsbridge_files_are_replaced_and_its_dead_temporaries_removed(replaced: dict[str, object]) -> None:
    out, first = replaced["out"], replaced["first"]
    assert isinstance(out, Path) and isinstance(first, set)
    assert (out / "documents.parquet").is_file()  # the partitioned table directory was replaced by a file
    assert not (out / f".report.html.tmp-{DEAD_PID}").exists()
    assert json.loads((out / COMPLETE_MARKER).read_text())["counts"]["records_in"] == len(RECORDS)
    assert sorted(os.listdir(out)) == sorted(OWN_NAMES | set(USER_ENTRIES))
    assert first <= OWN_NAMES  # everything a run writes is known as newsbridge's (else it would be carried over)
    root = replaced["root"]
    assert isinstance(root, Path)
    assert sorted(os.listdir(root)) == ["corpus.jsonl", "out", "outside.txt"]  # no work directory left


def test_a_carry_over_left_by_an_attempt_that_stopped_before_its_commit_is_redone(tmp_path: Path) -> None:
    """--resume after a kill between carry_over and commit: staging already holds links, some now stale."""
    out = tmp_path / "out"
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps(NEWSBRIDGE_MANIFEST))
    (out / "notes.txt").write_text("v1\n")
    with RunDirectory(out) as work:
        work.staging.mkdir(parents=True)
        (work.staging / COMPLETE_MARKER).write_text(json.dumps(NEWSBRIDGE_MANIFEST))
        carry_over(work.out, work.staging)
        (out / "notes.txt").unlink()  # the user edits between the attempts: a new file, a new name
        (out / "notes.txt").write_text("v2\n")
        (out / "later.txt").write_text("later\n")
        assert sorted(p.name for p in carry_over(work.out, work.staging)) == ["later.txt", "notes.txt"]
        work.commit()
    assert (out / "notes.txt").read_text() == "v2\n" and (out / "later.txt").read_text() == "later\n"
    assert sorted(os.listdir(out)) == sorted([COMPLETE_MARKER, "later.txt", "notes.txt"])


def test_an_empty_or_missing_out_is_not_refused(tmp_path: Path) -> None:
    from pipeline.io.ownership import check_replaceable

    (tmp_path / "empty").mkdir()
    check_replaceable(tmp_path / "empty")
    check_replaceable(tmp_path / "missing")


MOUNTS = [
    # where, inside a newsbridge output, a filesystem is mounted
    "data",  # a folder of the user's
    "analysis/deep",  # deeper inside one
    "documents.parquet",  # a name newsbridge writes (a partitioned table)
]


@pytest.mark.parametrize("where", MOUNTS)
def test_a_mount_point_inside_the_output_is_refused_not_walked_into(tmp_path: Path, where: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Deleting the old output would walk into a mounted filesystem and delete its files."""
    out = tmp_path / "out"
    out.mkdir()
    (out / COMPLETE_MARKER).write_text(json.dumps(NEWSBRIDGE_MANIFEST))
    mount = out / where
    mount.mkdir(parents=True)
    if subprocess.run(["mount", "-t", "tmpfs", "newsbridge-test", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        (mount / "date=2025-01-01").mkdir()
        (mount / "date=2025-01-01" / "part-0.parquet").write_bytes(b"PAR1")
        code = main(["run", str(_corpus(tmp_path)), "--out", str(out), "--overwrite", "--glossaries", str(GLOSSARIES),
                     "-q"])
        message = capsys.readouterr().err
        assert code == EXIT_USAGE and f"{mount} is a mount point" in message and message.count("\n") == 1
        assert (mount / "date=2025-01-01" / "part-0.parquet").read_bytes() == b"PAR1"
    finally:
        _unmount_under(tmp_path)


def _unmount_under(root: Path) -> None:
    """Unmount this test's tmpfs wherever it ended up (a regression would have moved it with the old output)."""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        points = [line.split()[1] for line in mounts if line.split()[0] == "newsbridge-test"]
    for point in points:
        if point.startswith(str(root)):
            subprocess.run(["umount", point], check=True)
