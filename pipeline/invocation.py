"""How the user started newsbridge, so that a message telling them a command to type names one that runs here.

`newsbridge` is on PATH only in an activated virtualenv or a global install; after `make run` or a plain
`pip install -e .` into .venv it is `.venv/bin/newsbridge` or `python -m pipeline`, and a hint that says
`newsbridge show …` ends in "command not found" (exit 127). So hints repeat what was typed: the script path as
typed, the interpreter as typed (its bare name when PATH finds it), or `make …` when `make run` started the run
(the Makefile says so in MAKE_ENV and hands over its ARGS in MAKE_ARGS_ENV).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

PROG = "newsbridge"
# Every command's exit codes (docs/cli.md): done; the work failed; the command line or its config is wrong.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PACKAGE = "pipeline"
# Set by the Makefile's run, show and inspect targets: hints then name make targets.
MAKE_ENV = "NEWSBRIDGE_MAKE"
# The Makefile's ARGS (extra `newsbridge run` options), so a resume hint can repeat them.
MAKE_ARGS_ENV = "NEWSBRIDGE_MAKE_ARGS"
# Commands the Makefile has a target for: their leading words → the target and the make variable each argument
# after those words goes to.
MAKE_TARGETS: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {
    ("show",): ("show", ("OUT", "DOC")),
    ("inspect",): ("inspect", ("OUT",)),
    ("models", "install"): ("models", ("MODEL",)),
}
RESUME = "--resume"
OVERWRITE = "--overwrite"
# The shortest abbreviations argparse accepts for them (shorter ones are ambiguous, e.g. --o: --out too).
OVERWRITE_MIN = "--ov"
RESUME_MIN = "--r"


def via_make() -> bool:
    return bool(os.environ.get(MAKE_ENV))


def _on_path(typed: str, actual: str) -> bool:
    """True when PATH finds the bare name `typed` and it is the program that is running."""
    found = shutil.which(typed)
    return found is not None and os.path.realpath(found) == os.path.realpath(actual)


def _as_typed(path: str) -> str:
    """A program path as the user would type it: its bare name when PATH finds that same program."""
    name = Path(path).name
    return name if os.sep in path and _on_path(name, path) else path


def _interpreter() -> str:
    """The Python interpreter as typed (sys.orig_argv keeps it), else the one running."""
    typed = (getattr(sys, "orig_argv", None) or [""])[0]
    if typed and (os.sep in typed or _on_path(typed, sys.executable)):
        return _as_typed(typed)
    return sys.executable


def prefix() -> list[str]:
    """The words that start newsbridge the way this process was started."""
    argv0 = sys.argv[0] if sys.argv else ""
    script = Path(argv0)
    if script.name == "__main__.py" and script.parent.name == PACKAGE:
        return [_interpreter(), "-m", PACKAGE]
    if script.name == PROG:
        return [_as_typed(argv0)]
    return [PROG]  # called from Python (tests, a notebook): the documented name


def command(*words: str | Path) -> str:
    """The newsbridge command `words` (e.g. "show", out, doc_id) as the user can type it here; a make target
    after `make run` when the Makefile has one."""
    parts = [str(w) for w in words]
    for lead, (target, names) in MAKE_TARGETS.items() if via_make() else ():
        if tuple(parts[:len(lead)]) == lead and len(parts) - len(lead) <= len(names):
            values = parts[len(lead):]
            assignments = [f"{name}={shlex.quote(value)}" for name, value in zip(names, values, strict=False)]
            return " ".join(["make", target, *assignments])
    return shlex.join([*prefix(), *parts])


def _is_existing_flag(token: str) -> bool:
    """--overwrite or --resume, or an abbreviation argparse takes for one of them."""
    return (token.startswith(OVERWRITE_MIN) and OVERWRITE.startswith(token)) or \
        (token.startswith(RESUME_MIN) and RESUME.startswith(token))


def run_again(argv: Sequence[str], inputs: Sequence[str | Path], out: str | Path, flag: str = RESUME) -> str:
    """The user's own `run` command line (`argv`, after the program) with `flag` (--resume or --overwrite) in
    place of either. After `make run`: make run with the same CORPUS, OUT and ARGS, --resume in ARGS for a
    resume (the Makefile then leaves out the --overwrite it passes otherwise)."""
    if via_make():
        args = [a for a in shlex.split(os.environ.get(MAKE_ARGS_ENV, "")) if not _is_existing_flag(a)]
        if flag == RESUME:
            args.append(RESUME)
        corpus = " ".join(str(i) for i in inputs)
        return (f"make run CORPUS={shlex.quote(corpus)} OUT={shlex.quote(str(out))}"
                + (f" ARGS={shlex.quote(' '.join(args))}" if args else ""))
    return shlex.join([*prefix(), *(a for a in argv if not _is_existing_flag(a)), flag])


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """An error as every command prints it, one line on standard error; returns the exit code to end with."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code
