"""A module of pipeline/ as it was at an earlier commit, imported beside today's, for a before/after figure measured
in the same run (git show of one file: it must import only modules that are still there)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def module_at(commit: str, relative_path: str, name: str, tmp: Path) -> ModuleType:
    """Import ROOT/relative_path as of `commit` under the module name `name` (its source is written into tmp)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{relative_path}"], check=True,
                            capture_output=True, text=True).stdout
    path = tmp / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
