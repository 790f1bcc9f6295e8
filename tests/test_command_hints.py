"""The `next:` hints name the command the user actually ran, so they run as printed: `newsbridge` when PATH finds
it, else the script path as typed (`.venv/bin/newsbridge`), `python -m pipeline` with the interpreter as typed,
or `make show …` after `make run` (where `newsbridge` is not on PATH: the old hint exited 127)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.invocation import MAKE_ENV, run_again

from .conftest import PROJECT_ROOT, SMALL_GLOSSARY

TINY = '{"id": "a1", "title": "中际旭创涨停", "body": "公司股价上涨10%。"}\n'
RUN_OPTIONS = ["--translator", "gloss", "--translation-memory", "off", "-q"]
BIN = Path(sys.executable).parent
SCRIPT = BIN / "newsbridge"
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-record corpus and a one-entry glossary for it."""
    root = tmp_path_factory.mktemp("hints")
    (root / "tiny.jsonl").write_text(TINY, encoding="utf-8")
    (root / "g").mkdir()
    (root / "g" / "small.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return root / "tiny.jsonl", root / "g"


@pytest.fixture(scope="module")
def finished(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    tiny, glossaries = corpus
    out = tmp_path_factory.mktemp("out") / "out"
    assert main(["run", str(tiny), "--out", str(out), "--glossaries", str(glossaries), *RUN_OPTIONS]) == 0
    return out


def _next_steps(text: str) -> list[str]:
    line = [line for line in text.splitlines() if line.startswith("next: ")][-1]
    return line.removeprefix("next: ").split("; ")[1:]  # after "open OUT/report.html"


# How newsbridge is started (the words before `inspect`, with `{script}` the console script as typed from the
# test's directory), what PATH holds, extra environment, and how the printed hints must start.
INVOCATIONS = [
    pytest.param(["{script}"], "empty", {}, "{script} show", id="script-path-as-typed"),
    pytest.param(["newsbridge"], "venv", {}, "newsbridge show", id="script-on-path"),
    pytest.param([sys.executable, "-m", "pipeline"], "empty", {}, f"{sys.executable} -m pipeline show",
                 id="interpreter-not-on-path"),
    pytest.param([Path(sys.executable).name, "-m", "pipeline"], "venv", {},
                 f"{Path(sys.executable).name} -m pipeline show", id="interpreter-on-path"),
    pytest.param([sys.executable, "-m", "pipeline"], "empty", {MAKE_ENV: "1"}, "make show OUT=", id="make"),
]


@pytest.mark.parametrize(("start", "path", "env", "hint"), INVOCATIONS)
def test_next_steps_name_the_command_that_was_run_and_run_as_printed(
        finished: Path, tmp_path: Path, start: list[str], path: str, env: dict[str, str], hint: str) -> None:
    if not SCRIPT.is_file():
        pytest.skip("no newsbridge console script beside the interpreter (not installed with pip)")
    script = os.path.relpath(SCRIPT, tmp_path)
    start = [word.replace("{script}", script) for word in start]
    empty = tmp_path / "empty-path"
    empty.mkdir()
    environment = {**os.environ, "PATH": str(BIN if path == "venv" else empty), **env}
    environment.pop(MAKE_ENV, None) if MAKE_ENV not in env else None
    shown = subprocess.run([*start, "inspect", str(finished)], capture_output=True, text=True, cwd=tmp_path,
                           env=environment, timeout=TIMEOUT_S)
    assert shown.returncode == 0, shown.stderr
    show, inspect = _next_steps(shown.stdout)
    assert show.startswith(hint.replace("{script}", script)), show
    assert inspect.startswith(hint.replace("{script}", script).replace("show", "inspect")), inspect
    if MAKE_ENV in env:
        assert show == f"make show OUT={finished} DOC=a1" and inspect == f"make inspect OUT={finished}"
        return  # run by test_make_run_prints_make_targets_that_run
    again = subprocess.run(shlex.split(show), capture_output=True, text=True, cwd=tmp_path, env=environment,
                           timeout=TIMEOUT_S)
    assert again.returncode == 0 and "a1" in again.stdout, again.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_prints_make_targets_that_run(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """`make run` for real (with this interpreter and a stamp that says the venv is set up), then the printed
    `make show` with the same two overrides."""
    tiny, glossaries = corpus
    stamp = tmp_path / "stamp"
    stamp.touch()  # newer than pyproject.toml: `setup` has nothing to do
    overrides = [f"PY={sys.executable}", f"STAMP={stamp}"]
    out = tmp_path / "out"
    made = subprocess.run(["make", "-s", "-C", str(PROJECT_ROOT), "run", *overrides, f"CORPUS={tiny}", f"OUT={out}",
                           f"ARGS=--glossaries {glossaries} {' '.join(RUN_OPTIONS)}"],
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert made.returncode == 0, made.stderr
    show, inspect = _next_steps(made.stdout)
    assert show == f"make show OUT={out} DOC=a1" and inspect == f"make inspect OUT={out}"
    shown = subprocess.run([*shlex.split(show), "-s", "-C", str(PROJECT_ROOT), *overrides], capture_output=True,
                           text=True, timeout=TIMEOUT_S)
    assert shown.returncode == 0 and "Zhongji Xuchuang" in shown.stdout, shown.stderr


# The command that finishes (or redoes) a run, from the command line the user typed.
RUN_AGAIN = [
    (["run", "in", "--out", "o"], "--resume", {}, "newsbridge run in --out o --resume"),
    (["run", "in", "--out", "o", "--overwrite", "--workers", "2"], "--resume", {},
     "newsbridge run in --out o --workers 2 --resume"),
    (["run", "in", "--out", "o", "--ov"], "--resume", {}, "newsbridge run in --out o --resume"),
    (["run", "in", "--out", "o", "--resume"], "--overwrite", {}, "newsbridge run in --out o --overwrite"),
    (["run", "my corpus", "--out", "o"], "--resume", {}, "newsbridge run 'my corpus' --out o --resume"),
    (["run", "seeds", "--out", "out", "--overwrite"], "--resume", {MAKE_ENV: "1", "NEWSBRIDGE_MAKE_ARGS": ""},
     "make run CORPUS=seeds OUT=out ARGS=--resume"),
    (["run", "seeds", "--out", "out", "--overwrite", "--workers", "2"], "--resume",
     {MAKE_ENV: "1", "NEWSBRIDGE_MAKE_ARGS": "--workers 2"},
     "make run CORPUS=seeds OUT=out ARGS='--workers 2 --resume'"),
    (["run", "seeds", "--out", "out", "--resume"], "--overwrite", {MAKE_ENV: "1", "NEWSBRIDGE_MAKE_ARGS": "--resume"},
     "make run CORPUS=seeds OUT=out"),
]


@pytest.mark.parametrize(("argv", "flag", "env", "expected"), RUN_AGAIN)
def test_the_run_again_command_repeats_the_command_line(argv: list[str], flag: str, env: dict[str, str],
                                                        expected: str, monkeypatch) -> None:
    monkeypatch.delenv(MAKE_ENV, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert run_again(argv, [argv[1]], argv[argv.index("--out") + 1], flag) == expected


# Every hint goes through invocation.command: (the newsbridge words, whether make started it, the command shown).
COMMANDS = [
    (["show", "out", "a1"], False, "newsbridge show out a1"),
    (["show", "out", "a1"], True, "make show OUT=out DOC=a1"),
    (["inspect", "my out"], True, "make inspect OUT='my out'"),
    (["models", "install", "zh_en"], True, "make models MODEL=zh_en"),
    (["models", "install", "PATH.argosmodel"], False, "newsbridge models install PATH.argosmodel"),
    (["cache", "clear"], True, "newsbridge cache clear"),  # no make target: the command itself
    (["report", "OUT"], False, "newsbridge report OUT"),
]


@pytest.mark.parametrize(("words", "make", "expected"), COMMANDS)
def test_every_hint_names_a_make_target_after_make_run(words: list[str], make: bool, expected: str,
                                                       monkeypatch) -> None:
    from pipeline.invocation import command

    monkeypatch.delenv(MAKE_ENV, raising=False)
    if make:
        monkeypatch.setenv(MAKE_ENV, "1")
    assert command(*words) == expected
