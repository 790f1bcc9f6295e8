"""Golden output of `show` (md and json), `inspect` (text and json) and the end-of-run summary, on a gloss run
of seeds/ (deterministic). How to regenerate and what is replaced before comparing: tests/views_support.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.views_support import check_golden, cli, run_seeds, stable

# A short document with a company (ticker) and an index; a Traditional one with more names.
SHOWN = ("bad-ok-2", "tw-001")


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("views") / "out"
    return out, run_seeds(out)


@pytest.mark.parametrize("doc_id", SHOWN)
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_show(seeds_run: tuple[Path, str], doc_id: str, fmt: str) -> None:
    out, _ = seeds_run
    code, text, err = cli("show", str(out), doc_id, "--format", fmt)
    assert code == 0 and err == "", err
    if fmt == "json":
        assert json.loads(text)["doc_id"] == doc_id
    check_golden(f"show_{doc_id}.{fmt}", stable(text, out))


def _stable_inspection(text: str, out: Path) -> str:
    """inspect --format json with its volatile numbers (seconds, bytes) replaced before the text rules apply."""
    data = json.loads(text)
    data["seconds"] = dict.fromkeys(data["seconds"], "N.NN")
    data["files"] = [{**f, "bytes": "SIZE"} for f in data["files"]]
    data["newsbridge_version"] = "VERSION"
    return stable(json.dumps(data, ensure_ascii=False, indent=2), out)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_inspect(seeds_run: tuple[Path, str], fmt: str) -> None:
    out, _ = seeds_run
    code, text, err = cli("inspect", str(out), "--format", fmt)
    assert code == 0 and err == "", err
    check_golden(f"inspect.{'txt' if fmt == 'text' else 'json'}",
                 _stable_inspection(text, out) if fmt == "json" else stable(text, out))


def test_run_summary(seeds_run: tuple[Path, str]) -> None:
    out, summary = seeds_run
    assert f"newsbridge inspect {out}" in summary.splitlines()[-1]
    check_golden("run_summary.txt", stable(summary, out))
