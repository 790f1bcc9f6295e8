"""A package installed fine and damaged afterwards: `--translator auto` falls back to gloss with one warning
that names the package and the fix, `--translator argos` stops with exit 2 and one line, both before any
record is read. Runs the real CLI on two records with the one-entry glossary (the model is the point, not the
names)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, small_glossary_dir

TOP = "translate-zh_en-1_0"
# Two made-up records: enough to see that every one is translated, not rejected.
RECORDS = [{"id": "a", "title": "央行宣布降息", "body": "银行股今日上涨3%。"},
           {"id": "b", "title": "港股收盘", "body": "恒生指数收报两万点。"}]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory, warm_cache) -> Path:
    """One cache for the module, the parsed dictionaries already in it; model checks are keyed by package path."""
    return warm_cache(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def glossaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_glossary_dir(tmp_path_factory.mktemp("glossary"))


def _damage_model(path: Path) -> None:
    (path / "model" / "model.bin").write_bytes(os.urandom(4096))


def _damage_sentencepiece(path: Path) -> None:
    model = path / "sentencepiece.model"
    model.write_bytes(model.read_bytes()[:1000])


@pytest.mark.parametrize(("damage", "what"), [(_damage_model, "CTranslate2 cannot open"),
                                              (_damage_sentencepiece, "SentencePiece cannot open")])
def test_broken_installed_model(tmp_path: Path, tiny_argosmodel: Path, cache: Path, glossaries: Path, damage,
                                what: str) -> None:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "NEWSBRIDGE_CACHE_DIR": str(cache)}
    installed = _cli("models", "install", str(tiny_argosmodel), env=env)
    assert installed.returncode == 0, installed.stderr
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    damage(tmp_path / "packages" / TOP)  # in place, after a successful install (and its cached check)

    auto = _cli("run", str(corpus), "--out", str(tmp_path / "auto"), "--glossaries", str(glossaries), "-q",
                env=env)
    assert auto.returncode == 0, auto.stderr
    warnings = [line for line in auto.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, auto.stderr
    assert "translate-zh_en 1.0 cannot be used" in warnings[0] and what in warnings[0]
    assert "gloss" in warnings[0] and "-m pipeline models install zh_en`" in warnings[0]  # the command as run
    manifest = json.loads((tmp_path / "auto" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["translator"].startswith("gloss")
    rejects = tmp_path / "auto" / "rejects.jsonl"
    assert not rejects.exists() or not rejects.read_text(encoding="utf-8").strip()  # every record translated
    segments = [json.loads(line) for line in (tmp_path / "auto" / "segments.jsonl").read_text("utf-8").splitlines()]
    assert {s["translator"] for s in segments if s["src_lang"] == "zh"} == {manifest["translator"]}

    argos = _cli("run", str(corpus), "--out", str(tmp_path / "argos"), "--glossaries", str(glossaries),
                 "--translator", "argos", env=env)
    assert argos.returncode == 2 and argos.stderr.count("\n") == 1, argos.stderr
    assert argos.stderr.startswith("newsbridge: error: the installed package translate-zh_en 1.0 cannot be used")
    assert what in argos.stderr and "models install" in argos.stderr
    assert not (tmp_path / "argos").exists()
