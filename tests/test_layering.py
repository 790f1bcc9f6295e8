"""`pipeline/` is the engine and sits below `stages/`: no module under it may import `stages`, at the top or
deferred inside a function (a deferred import hides a package cycle rather than removing it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline.paths import PROJECT_ROOT

PIPELINE = PROJECT_ROOT / "pipeline"
FORBIDDEN = "stages"
# Modules allowed to import stages/: none (the runner finds stages through pipeline.registry).
ALLOWED: frozenset[str] = frozenset()
# Calls that import a module named by a string.
DYNAMIC_IMPORTS = frozenset({"import_module", "__import__"})


def _forbidden(module: str | None) -> bool:
    return module is not None and (module == FORBIDDEN or module.startswith(FORBIDDEN + "."))


def stages_imports(source: str, filename: str = "<module>") -> list[str]:
    """Every import of `stages` in a module's source, anywhere in it, as 'LINE: what'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _forbidden(node.module):
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            target = node.args[0].value
            if name in DYNAMIC_IMPORTS and isinstance(target, str) and _forbidden(target):
                found.append(f"{node.lineno}: {name}({target!r})")
    return found


def _modules() -> list[Path]:
    return sorted(PIPELINE.rglob("*.py"))


def test_pipeline_never_imports_stages() -> None:
    offenders = {}
    for path in _modules():
        relative = path.relative_to(PROJECT_ROOT).as_posix()
        if relative in ALLOWED:
            continue
        if found := stages_imports(path.read_text(encoding="utf-8"), relative):
            offenders[relative] = found
    assert not offenders, f"pipeline/ must not import stages/: {offenders}"


def test_allow_list_names_real_modules() -> None:
    """A stale entry would silently allow a future module of that name."""
    assert all((PROJECT_ROOT / relative).is_file() for relative in ALLOWED)


def test_every_pipeline_module_is_checked() -> None:
    checked = {p.relative_to(PROJECT_ROOT).as_posix() for p in _modules()}
    assert {"pipeline/glossary/compiled.py", "pipeline/io/writers.py", "pipeline/text/normalizer.py"} <= checked


@pytest.mark.parametrize(("source", "expected"), [
    ("import stages\n", ["1: import stages"]),
    ("import os, stages.link as link\n", ["1: import stages.link"]),
    ("from stages.normalize import TextNormalizer\n", ["1: from stages.normalize import ..."]),
    ("def f():\n    from stages.translate import TranslateStage\n", ["2: from stages.translate import ..."]),
    ("import importlib\nimportlib.import_module('stages.segment')\n", ["2: import_module('stages.segment')"]),
    ("__import__('stages')\n", ["1: __import__('stages')"]),
    # not stages/: other packages whose name merely starts the same way, relative imports, pipeline.stage
    ("import stagesx\nfrom pipeline.stage import Stage\nfrom .stages import x\n", []),
])
def test_checker_finds_every_form(source: str, expected: list[str]) -> None:
    assert stages_imports(source) == expected
