"""`newsbridge models remove`: by argospm name, language pair or directory name; a damaged package can be
removed too; an unknown name is one line listing what is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.views_support import cli


@pytest.fixture
def installed(packages: Path, tiny_argosmodel: Path) -> Path:
    code, out, err = cli("models", "install", str(tiny_argosmodel))
    assert code == 0, err
    (path,) = packages.iterdir()
    return path


@pytest.mark.parametrize("name", ["zh_en", "translate-zh_en", "translate-zh_en-1_0"])
def test_remove_by_any_of_its_names(installed: Path, name: str) -> None:
    code, out, err = cli("models", "remove", name)
    assert code == 0 and err == ""
    assert out == f"removed translate-zh_en 1.0 ({installed})\n"
    assert not installed.exists()
    assert "no translation packages installed" in cli("models", "list")[1]


def test_unknown_name_lists_the_installed_ones(installed: Path) -> None:
    code, out, err = cli("models", "remove", "de_en")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err == (f"newsbridge: error: no installed package named 'de_en'; installed: translate-zh_en 1.0 "
                   f"({installed})\n")
    assert installed.exists()


def test_a_damaged_package_can_be_removed(installed: Path) -> None:
    shutil.rmtree(installed / "model")  # models list no longer shows it: remove still finds it
    (installed / "metadata.json").write_text("{not json", encoding="utf-8")
    code, out, _ = cli("models", "remove", installed.name)
    assert code == 0 and not installed.exists()
    assert out == f"removed {installed.name} (unreadable metadata.json) ({installed})\n"
