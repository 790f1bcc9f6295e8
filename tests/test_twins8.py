"""Twins merged into one definition (round 8): the strict and the lenient JSONL reader are one function; the report,
`inspect` and the run summary group the rejects by one rule; the build and the link gate read one list of CC-CEDICT's
ordinary and proper words; the glossary package finds the project through pipeline/paths.py, not the run config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.io.jsonl import json_lines
from pipeline.io.output_rows import REJECTS_FILE, json_rows, reject_groups
from pipeline.report.gather import Figures, _rejects


@pytest.mark.parametrize(("text", "strict", "lenient"), [
    ('{"a": 1}\n[2]\n', [{"a": 1}, [2]], [{"a": 1}, [2]]),  # a clean file reads the same either way
    ('{"a": 1}\n\n{"a": 3}\n', None, [{"a": 1}, {"a": 3}]),  # a blank line
    ('{"a": 1}\n{"a": \n', None, [{"a": 1}]),  # a line cut short
])
def test_strict_and_lenient_are_one_reader(tmp_path: Path, text: str, strict: list | None, lenient: list) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(text, encoding="utf-8")
    assert list(json_lines(path, lenient=True)) == lenient
    if strict is None:
        with pytest.raises(ValueError, match=r"x\.jsonl:\d+: not a JSON line"):
            list(json_lines(path))
    else:
        assert list(json_lines(path)) == strict


def test_an_absent_file_is_empty_only_when_lenient(tmp_path: Path) -> None:
    assert list(json_lines(tmp_path / "none.jsonl", lenient=True)) == []
    with pytest.raises(FileNotFoundError):
        list(json_lines(tmp_path / "none.jsonl"))
    assert list(json_rows(tmp_path / "none.jsonl")) == []


def test_the_report_counts_the_groups_inspect_shows(tmp_path: Path) -> None:
    reasons = ["duplicate id 'a' (first seen at x.jsonl:1)", "no text in 'body'", "duplicate id 'b' (first seen at "
               "y.jsonl:7)", "no text in 'title'", "invalid JSON at column 3"]
    rows = [{"input": "in.jsonl", "line": i + 1, "reason": r} for i, r in enumerate(reasons)]
    (tmp_path / REJECTS_FILE).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    groups = reject_groups(tmp_path)
    figures = Figures(manifest={})
    _rejects(tmp_path, figures)
    assert figures.reject_reasons == [(g.pattern, g.count) for g in groups]
    assert figures.reject_reasons[:2] == [("duplicate id '…' (first seen at FILE:N)", 2), ("no text in '…'", 2)]
    assert groups[0].where == "in.jsonl:1" and figures.reject_groups == 3


def test_the_build_and_the_gate_read_one_list_of_ordinary_words() -> None:
    from pipeline.glossary.commonness import has_everyday_meaning, is_dictionary_word, is_proper_noun_word
    from pipeline.glossary.generate import everyday_words
    from pipeline.text.cedict_entries import cedict_entries, cedict_words

    ordinary, proper = cedict_words()
    assert ordinary == {e.simplified for e in cedict_entries() if not e.proper}
    assert proper == {e.simplified for e in cedict_entries() if e.proper}
    assert ordinary <= everyday_words()
    assert has_everyday_meaning("小米") and is_proper_noun_word("小米") and not is_dictionary_word("小米")
    assert is_dictionary_word("燃料电池") and "橘子" in everyday_words() and "成都" not in ordinary


def _imported_modules(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return ({a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            | {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module})


def test_the_glossary_package_finds_the_project_without_the_run_config() -> None:
    """pipeline/paths.py says where the project, its glossaries and the dev data are; the glossary package (a
    layer below the run) reads it there, not through pipeline.config, which loads the step registry."""
    import subprocess
    import sys

    from pipeline.config import default_glossaries
    from pipeline.paths import PROJECT_GLOSSARIES, PROJECT_ROOT

    offenders = [p.relative_to(PROJECT_ROOT).as_posix() for p in sorted((PROJECT_ROOT / "pipeline" / "glossary")
                 .rglob("*.py")) if "pipeline.config" in _imported_modules(p)]
    assert offenders == []
    probe = ("import sys, pipeline.glossary.generate, pipeline.glossary.sources.media_names; "
             "print('pipeline.config' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert loaded.stdout.strip() == "False"
    assert PROJECT_GLOSSARIES == PROJECT_ROOT / "glossaries" and (PROJECT_GLOSSARIES / "generated").is_dir()
    assert default_glossaries().resolve() == PROJECT_GLOSSARIES.resolve()  # run from the project: its own
