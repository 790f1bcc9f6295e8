"""The argos path with a tiny real package: install, discovery, batched translation, protection of names and
numbers, the translation memory, and what is (not) imported. The model's English is nonsense by design;
everything around it is what is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.models.packages import ModelError, install_file, installed_packages
from pipeline.records import Mention, Segment
from stages.translators.argos import ArgosTranslator, DecodeOptions, decode_pieces
from stages.translators.gloss import GlossTranslator
from stages.translators.memory import MemoizedTranslator
from stages.translators.protect import inline_source, protected_spans
from tests.conftest import PROJECT_ROOT, SEEDS, SHARED, small_glossary_dir

HEAVY_MODULES = ("torch", "stanza", "spacy", "minisbd", "argostranslate.translate")
# Random weights never emit </s>: a short decode keeps the suite fast without changing what is tested.
FAST = DecodeOptions(max_decoding_length=12)


def _env(argos_dir: Path, cache_dir: Path) -> dict[str, str]:
    return {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_dir), "NEWSBRIDGE_CACHE_DIR": str(cache_dir)}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=300)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _segment(zh: str, linker, normalizer) -> Segment:
    text = normalizer(zh)
    return Segment(doc_id="d", seg_id=0, part="title", src_lang="zh", src=zh, zh=text,
                   entities=linker.mentions(text, "zh"))


# --- packages -------------------------------------------------------------------------------------------

def test_install_and_discovery(package) -> None:
    assert package.name == "translate-zh_en" and package.version == "1.0"
    assert package.label == "argos:translate-zh_en-1.0"
    assert (package.model_dir / "model.bin").is_file() and package.sentencepiece_model.is_file()
    # argostranslate's own discovery (what argospm uses) lists what newsbridge installed
    from argostranslate import package as argos_package

    assert [(p.from_code, p.to_code) for p in argos_package.get_installed_packages()] == [("zh", "en")]
    assert installed_packages() == [package]


def test_reinstall_replaces_the_old_copy(package, tiny_argosmodel: Path) -> None:
    again = install_file(tiny_argosmodel)
    assert again.path == package.path and len(installed_packages()) == 1


@pytest.mark.parametrize(("build", "message"), [
    (lambda z: z.writestr("x/metadata.json", "{}"), "missing model/model.bin, sentencepiece.model"),
    (lambda z: (z.writestr("a/metadata.json", "{}"), z.writestr("b/metadata.json", "{}")),
     "exactly one top-level directory, found 2"),
    (lambda z: [z.writestr(f"x/{f}", "not json") for f in ("metadata.json", "model/model.bin", "sentencepiece.model")],
     "metadata.json is not valid JSON"),
    (lambda z: [z.writestr(f"x/{f}", '{"from_code": "zh"}') for f in
                ("metadata.json", "model/model.bin", "sentencepiece.model")],
     "metadata.json must give from_code and to_code"),
    (lambda z: [z.writestr(f, "{}") for f in ("x/metadata.json", "x/../../evil", "x/model/model.bin",
                                               "x/sentencepiece.model")],
     "unsafe path in archive"),
])
def test_broken_packages_are_refused_with_the_reason(tmp_path: Path, package, build, message: str) -> None:
    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(bad, "w") as archive:
        build(archive)
    with pytest.raises(ModelError) as err:
        install_file(bad)
    assert message in str(err.value) and str(bad) in str(err.value)


def test_not_a_zip_is_refused(tmp_path: Path, package) -> None:
    bad = tmp_path / "model.argosmodel"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(ModelError, match="an .argosmodel is a zip archive"):
        install_file(bad)


# --- translation ----------------------------------------------------------------------------------------

def test_batches_keep_order_and_match_one_by_one(package) -> None:
    texts = ["中际旭创暴涨逾13%创新高", "英伟达市值突破4万亿美元", "光模块板块走强", "腾讯控股收涨2%",
             "云计算ETF汇添富大涨4.5%", "港股三大指数集体高开"] * 3
    translator = ArgosTranslator(package, "g", FAST)
    together = translator.translate_texts(texts)
    assert len(together) == len(texts) and all(together)
    assert translator.translate_texts(texts[::-1])[::-1] == together
    one_by_one = ArgosTranslator(package, "g", DecodeOptions(max_decoding_length=12, max_batch_size=1))
    assert one_by_one.translate_texts(texts) == together


def test_decode_keeps_underscores(package) -> None:
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    # argos' own decode turns every '_' into a space, which breaks tickers and placeholders
    pieces = sp.encode("股票代码300308_SZ与NVDA_US", out_type=str)
    assert "_" in "".join(pieces)
    assert decode_pieces(sp, pieces) == "股票代码300308_SZ与NVDA_US"


def test_names_and_numbers_survive_translation(package, linker, normalizer) -> None:
    segments = [_segment(t, linker, normalizer) for t in (
        "中际旭创暴涨逾13%创新高，云计算ETF汇添富(159273)大涨4.5%",
        "英伟达市值突破4万亿美元，谷歌与Meta跟涨",
        "中际旭创市值突破6000亿元，成交额超4300万元")]
    translations = ArgosTranslator(package, "g", FAST).translate_batch(segments)
    for seg, translation in zip(segments, translations, strict=True):
        assert seg.entities, seg.zh
        positions = [translation.en.find(m.canonical) for m in seg.entities]
        assert all(p >= 0 for p in positions), (translation.en, [m.canonical for m in seg.entities])
        assert positions == sorted(positions)  # spliced back in source order
        assert translation.notes == ("repaired:splice",)  # a random model never keeps them by itself
    assert "over 13%" in translations[0].en and "4.5%" in translations[0].en
    assert "US$4 trillion" in translations[1].en
    assert "600 billion yuan" in translations[2].en and "over 43 million yuan" in translations[2].en


def test_inline_source_writes_protected_english() -> None:
    seg = Segment(doc_id="d", seg_id=0, part="title", src_lang="zh", src="", zh="中际旭创暴涨逾13%",
                  entities=[Mention("cn.300308", "中际旭创", 0, 4, "Zhongji Xuchuang", "300308.SZ", "company")])
    assert inline_source(seg.zh, protected_spans(seg)) == "Zhongji Xuchuang 暴涨 over 13%"


def test_translation_memory_answers_repeats_without_the_model(package, linker, normalizer, glossary,
                                                             tmp_path: Path) -> None:
    segments = [_segment(t, linker, normalizer) for t in ("中际旭创暴涨逾13%", "光模块板块走强", "中际旭创暴涨逾13%")]
    first = MemoizedTranslator(ArgosTranslator(package, "g", FAST), tmp_path / "tm.sqlite", "g")
    first.setup()
    english = first.translate_batch(segments)
    assert (first.hits, first.misses) == (1, 2)  # the repeated sentence within the batch is translated once
    second_inner = ArgosTranslator(package, "g", FAST)
    second = MemoizedTranslator(second_inner, tmp_path / "tm.sqlite", "g")
    second.setup()
    assert second.translate_batch(segments) == english
    assert (second.hits, second.misses) == (3, 0) and second_inner._translator is None  # model never loaded
    gloss_first = MemoizedTranslator(GlossTranslator(glossary), tmp_path / "gloss.sqlite", "g")
    gloss_first.setup()
    gloss_english = gloss_first.translate_batch(segments)
    gloss_inner = GlossTranslator(glossary)
    gloss_again = MemoizedTranslator(gloss_inner, tmp_path / "gloss.sqlite", "g")
    gloss_again.setup()
    assert gloss_again.translate_batch(segments) == gloss_english
    assert gloss_inner.tokenizer is None  # dictionaries never loaded on a full hit
    other_glossary = MemoizedTranslator(ArgosTranslator(package, "h", FAST), tmp_path / "tm.sqlite", "h")
    other_glossary.setup()
    other_glossary.translate_batch(segments[:1])
    assert other_glossary.misses == 1


# --- the command line, as users run it ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def argos_cli(tiny_argosmodel: Path, tmp_path_factory: pytest.TempPathFactory, warm_cache):
    """A fresh argos directory and cache (holding only the compiled glossary); the package installed with
    `newsbridge models install FILE`."""
    root = tmp_path_factory.mktemp("argos-cli")
    env = _env(root / "packages", warm_cache(root / "cache"))
    installed = _cli("models", "install", str(tiny_argosmodel), env=env)
    assert installed.returncode == 0, installed.stderr
    assert "installed translate-zh_en 1.0 (zh→en)" in installed.stdout
    config = root / "run.yaml"
    config.write_text("max_decoding_length: 12\n", encoding="utf-8")
    return env, config, root


def test_models_list(argos_cli) -> None:
    env, _, root = argos_cli
    listed = _cli("models", "list", env=env)
    assert listed.returncode == 0
    assert "translate-zh_en  1.0  zh→en" in listed.stdout and "(used for zh→en)" in listed.stdout
    empty = _cli("models", "list", env=_env(root / "none", root / "cache"))
    assert "no translation packages installed" in empty.stdout and "models install" in empty.stdout


def test_models_install_reports_errors(tmp_path: Path, argos_cli) -> None:
    env, _, _ = argos_cli
    missing = _cli("models", "install", str(tmp_path / "nope.argosmodel"), env=env)
    assert missing.returncode == 2 and "no such file" in missing.stderr  # a missing file named on the command line


RUN_AND_REPORT_IMPORTS = """
import json, sys
from pipeline.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m in {heavy!r} or m.split(".")[0] in {heavy!r})
print(json.dumps({{"code": code, "heavy": heavy, "ctranslate2": "ctranslate2" in sys.modules}}))
"""


def _run_reporting_imports(env, *args: str) -> dict:
    script = RUN_AND_REPORT_IMPORTS.format(heavy=HEAVY_MODULES)
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_argos_run_on_seeds(argos_cli, tmp_path: Path) -> None:
    env, config, _ = argos_cli
    out = tmp_path / "out"
    report = _run_reporting_imports(env, "run", str(SEEDS), "--out", str(out), "--translator", "argos",
                                    "--config", str(config))
    assert report["code"] == 0 and report["heavy"] == [] and report["ctranslate2"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["translator"] == "argos:translate-zh_en-1.0"
    assert manifest["quality"]["term_success_rate"] == 1.0 and manifest["quality"]["number_fidelity"] == 1.0
    segments = _jsonl(out / "segments.jsonl")
    chinese = [s for s in segments if s["src_lang"] == "zh"]
    assert chinese and all(s["translator"] == "argos:translate-zh_en-1.0" for s in chinese)
    assert all(s["en"] for s in chinese)
    assert manifest["translation_memory"]["misses"] > 0
    if (SHARED / "tools" / "check_output.py").exists():
        check = subprocess.run([sys.executable, str(SHARED / "tools" / "check_output.py"), str(out)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    again = tmp_path / "again"
    report = _run_reporting_imports(env, "run", str(SEEDS), "--out", str(again), "--config", str(config))
    assert report["code"] == 0 and not report["ctranslate2"]  # auto picked argos, memory answered all
    second = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    assert second["translator"] == "argos:translate-zh_en-1.0"
    assert second["translation_memory"]["misses"] == 0
    assert second["translation_memory"]["hits"] == len(chinese)
    assert _jsonl(again / "segments.jsonl") == segments


def test_argos_without_a_package_exits_2(tmp_path: Path) -> None:
    """Refused before the glossary is compiled: a cold cache directory gets no compiled glossary (the one-entry
    glossary keeps the test cheap should that order ever change)."""
    cache = tmp_path / "cache"
    result = _cli("run", str(SEEDS), "--out", str(tmp_path / "out"), "--translator", "argos",
                  "--glossaries", str(small_glossary_dir(tmp_path / "glossary")),
                  env=_env(tmp_path / "empty", cache))
    assert result.returncode == 2
    assert "no argostranslate zh→en package is installed" in result.stderr and "models install" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not list(cache.glob("glossary-*.pickle"))
