"""Shared by the views tests: one gloss run of seeds/ per module, and the golden-file comparison.

Golden files live in tests/golden/views/. Regenerate them after an intended change with
`NEWSBRIDGE_UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_views_golden.py` and review the diff. Values that
differ between runs and machines are replaced before comparing (see VOLATILE): the output directory by `OUT`,
seconds by `N.NNs`, file sizes by `SIZE` (the summary's file list unwrapped), the version by `VERSION`, the
glossary's size and hash by `N` and `HASH`."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import PROJECT_ROOT, SEEDS

GOLDEN_DIR = PROJECT_ROOT / "tests" / "golden" / "views"
UPDATE_ENV = "NEWSBRIDGE_UPDATE_GOLDEN"
# (pattern, stand-in): what varies between runs of the same corpus. Spaces before a value go with it, so the
# columns the text form aligns on a value's width compare equal whatever the width.
VOLATILE = (
    (re.compile(r" *\d+\.\d\ds\b"), " N.NNs"),
    (re.compile(r" *\b\d+(?:\.\d)? (?:B|KB|MB|GB)\b"), " SIZE"),
    (re.compile(r"newsbridge \d+\.\d+\.\d+"), "newsbridge VERSION"),
    (re.compile(r"glossary \d+ entries \([0-9a-f]+\)"), "glossary N entries (HASH)"),
)


def run_seeds(out: Path) -> str:
    """`newsbridge run seeds --translator gloss` (deterministic) into `out`; its printed summary. Run from the
    project root with the relative path `seeds`, as `make run` does, so rejects name `seeds/...` wherever the
    clone is."""
    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(buffer):
        patch.chdir(PROJECT_ROOT)
        code = main(["run", SEEDS.relative_to(PROJECT_ROOT).as_posix(), "--out", str(out), "--translator",
                     "gloss", "-q"])
    assert code == 0, buffer.getvalue()
    return buffer.getvalue()


def cli(*args: str) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def stable(text: str, out: Path) -> str:
    # The summary wraps its file list where the sizes' widths put the breaks: compare it unwrapped.
    text = _unwrap_files(text.replace(str(out), "OUT"))
    for pattern, stand_in in VOLATILE:
        text = pattern.sub(stand_in, text)
    return text


FILES_LINE = "  files: "


def _unwrap_files(text: str) -> str:
    """The summary's `files:` line with its continuation lines joined (only that line: JSON indents alike)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and lines[-1].startswith(FILES_LINE) and line.startswith(" " * len(FILES_LINE)) and line.strip():
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/views/NAME, or write it when NEWSBRIDGE_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    text = text.rstrip("\n") + "\n"
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with {UPDATE_ENV}=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} differs from {path}; if the change is intended, regenerate with "
                              f"{UPDATE_ENV}=1 .venv/bin/pytest -q tests/test_views_golden.py and review the diff")
