"""What a process pays once, not per run: datasketch's package imports scipy.integrate (~0.5 s of CPU), so it is
imported where a story is first hashed (pipeline/dedupe/fingerprint.py), not with the runner: the shard workers of
`newsbridge run --workers N` (spawned, they import the runner again) never hash a story and no longer pay it.
OpenCC's converters (s2t: ~0.11 s to build) and the gloss translator's parsed phrase file (~0.13 s) are made once
per process and shared by every run's steps."""

from __future__ import annotations

import subprocess
import sys

from pipeline.paths import PROJECT_ROOT
from pipeline.text.normalizer import TextNormalizer
from stages.translators.gloss import load_phrases


def test_the_runner_and_the_cli_import_no_datasketch() -> None:
    probe = ("import sys, pipeline.cli, pipeline.runner, pipeline.shards; "
             "print(sorted({'datasketch', 'scipy'} & set(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert loaded.stdout.strip() == "[]"


def test_normalizers_share_their_converters() -> None:
    first, second = TextNormalizer(), TextNormalizer(t2s=False)
    assert first("臺積電") == second("台积电") == "台积电" and first.script("臺積電") == "hant"
    assert second.script("台积电") == "hans"
    assert first._opencc() is second._opencc() and first._s2t is second._s2t is not None


def test_each_load_of_the_phrases_is_a_dict_of_its_own() -> None:
    """The translator adds the glossary's terms to what it loads: that must never reach the next translator."""
    phrases = load_phrases()
    phrases["测试短语"] = "test phrase"
    assert "测试短语" not in load_phrases() and load_phrases() == load_phrases()
    assert load_phrases("senses") and load_phrases("senses") is not load_phrases("senses")
