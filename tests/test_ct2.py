"""`--translator ct2` with tiny random-weight CTranslate2 model directories of each family, built here as the
converters lay them out (Marian/OPUS-MT with source.spm + target.spm, NLLB-200 with a Hugging Face tokenizer.json,
M2M-100 with sentencepiece.bpe.model), run through the real loading code. The English is nonsense by design;
the tokens around it, the protection, the memory and the refusals are what is checked."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.models.ct2_dir import M2M100, MARIAN, NLLB, detect_family, inspect_model_dir
from pipeline.models.errors import ModelError
from pipeline.models.random_package import ModelShape, build_model_dir
from pipeline.records import Mention, Segment
from stages.translators.argos import ArgosTranslator
from stages.translators.ct2 import Ct2Translator, open_codec
from stages.translators.ct2_core import CONTROL, DecodeOptions
from stages.translators.memory import MemoizedTranslator
from tests.conftest import PROJECT_ROOT, SEEDS, training_lines
from tests.small_glossary import small_glossary_dir

# Random weights never emit </s>: a short decode keeps the file fast without changing what is tested.
FAST = DecodeOptions(max_decoding_length=12)
TINY = ModelShape(encoder_layers=1, decoder_layers=1, d_model=32, heads=2, ffn=64, vocab_size=600)
NAME = Mention("cn.300308", "中际旭创", 0, 4, "Zhongji Xuchuang", "300308.SZ", "company")
SENTENCES = ("中际旭创暴涨逾13%创新高", "英伟达市值突破4万亿美元", "光模块板块走强")
# (family, tokenizer files the directory gets)
LAYOUTS = {"marian": ("marian", "spm"), "nllb": ("nllb", "json"), "m2m100": ("m2m100", "spm")}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ct2-models")
    lines = training_lines()
    return {name: build_model_dir(lines, root / name, family, tokenizer=tok, shape=TINY)
            for name, (family, tok) in LAYOUTS.items()}


def _segments() -> list[Segment]:
    return [Segment(doc_id="d", seg_id=i, part="body", src_lang="zh", src=zh, zh=zh,
                    entities=[NAME] if zh.startswith(NAME.surface) else [])
            for i, zh in enumerate(SENTENCES)]


# --- the directory: files, family, identity ------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "family"), [
    (["▁a", "</s>"], ["▁a", "</s>"], MARIAN),
    (["▁a", "zho_Hans", "eng_Latn", "fra_Latn"], ["▁a", "zho_Hans", "eng_Latn", "fra_Latn"], NLLB),
    (["▁a", "__zh__", "__en__", "__fr__"], ["▁a", "__zh__", "__en__", "__fr__"], M2M100),
    (["▁a", "eng_Latn"], ["▁a", "eng_Latn"], MARIAN),  # one such token does not make a multilingual model
])
def test_family_from_the_vocabulary(source: list[str], target: list[str], family) -> None:
    assert detect_family(source, target, Path("m")) == family


@pytest.mark.parametrize(("vocabulary", "missing"), [
    (["deu_Latn", "eng_Latn", "fra_Latn"], "zho_Hans"),
    (["__de__", "__zh__", "__fr__"], "__en__"),
])
def test_a_multilingual_model_without_zh_or_en_is_refused(vocabulary: list[str], missing: str) -> None:
    with pytest.raises(ModelError, match=f"without {missing} in its vocabulary: not a zh→en model"):
        detect_family(vocabulary, vocabulary, Path("m"))


def test_layouts_are_recognised(models: dict[str, Path]) -> None:
    found = {name: inspect_model_dir(path) for name, path in models.items()}
    assert {n: (m.family.name, [f.name for f in m.tokenizer]) for n, m in found.items()} == {
        "marian": ("marian", ["source.spm", "target.spm"]), "nllb": ("nllb", ["tokenizer.json"]),
        "m2m100": ("m2m100", ["sentencepiece.bpe.model"])}
    assert found["nllb"].label == "ct2:nllb:nllb"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: shutil.rmtree(d), "no such directory"),
    (lambda d: (d / "model.bin").unlink(), "no model.bin"),
    (lambda d: (d / "shared_vocabulary.json").unlink(), "no vocabulary"),
    (lambda d: [(d / f).unlink() for f in ("source.spm", "target.spm")], "no tokenizer found"),
    (lambda d: (d / "shared_vocabulary.json").write_text("{", encoding="utf-8"), "cannot be read as a vocabulary"),
])
def test_unusable_directories_say_what_is_missing(models: dict[str, Path], tmp_path: Path, damage,
                                                  message: str) -> None:
    copy = Path(shutil.copytree(models["marian"], tmp_path / "m"))
    damage(copy)
    with pytest.raises(ModelError, match=message):
        inspect_model_dir(copy)


def test_config_keys(tmp_path: Path) -> None:
    """model_dir in a config file is relative to the file, like glossaries; ct2 is a TMX translator family."""
    from pipeline.config import check_value, parse_tmx_translators

    assert check_value("model_dir", "models/opus", base=tmp_path) == str(tmp_path / "models/opus")
    assert check_value("model_dir", "models/opus") == "models/opus"
    assert parse_tmx_translators("ct2,passthrough") == {"ct2", "passthrough"}


def test_no_model_dir_names_the_flag() -> None:
    with pytest.raises(ModelError, match="--translator ct2 needs a CTranslate2 model directory: give it with "
                                         "--model-dir DIR"):
        inspect_model_dir(None)


def test_identity_follows_the_model_not_its_place(models: dict[str, Path], tmp_path: Path) -> None:
    original = inspect_model_dir(models["marian"]).identity
    copy = Path(shutil.copytree(models["marian"], tmp_path / "elsewhere", copy_function=shutil.copyfile))
    assert inspect_model_dir(copy).identity == original  # new place, new mtimes: same model, same memory
    with (copy / "model.bin").open("r+b") as fh:
        fh.seek(-8, os.SEEK_END)
        fh.write(b"\x01" * 8)
    assert inspect_model_dir(copy).identity != original


# --- tokens around the text, as the HF tokenizers place them ---------------------------------------------------

def test_source_and_target_tokens_per_family(models: dict[str, Path]) -> None:
    codecs = {name: open_codec(inspect_model_dir(path)) for name, path in models.items()}
    tokens = {name: codec.encode("中际旭创涨停") for name, codec in codecs.items()}
    assert tokens["marian"][-1] == "</s>" and "zho_Hans" not in tokens["marian"]  # MarianTokenizer: tokens </s>
    assert tokens["nllb"][0] == "zho_Hans" and tokens["nllb"][-1] == "</s>"  # NllbTokenizer (non-legacy)
    assert tokens["m2m100"][0] == "__zh__" and tokens["m2m100"][-1] == "</s>"  # M2M100Tokenizer
    assert tokens["marian"][:-1] == tokens["m2m100"][1:-1]  # the same SentencePiece pieces inside
    assert (codecs["marian"].target_prefix, codecs["nllb"].target_prefix, codecs["m2m100"].target_prefix) == (
        None, ["eng_Latn"], ["__en__"])
    # decoding drops the family's tokens and joins the pieces back into text
    assert codecs["nllb"].decode(["eng_Latn", "▁Zhongji", "▁up", "</s>"]) == "Zhongji up"
    assert codecs["m2m100"].decode(["__en__", "▁", "中", "际", "</s>"]) == "中际"
    # a source piece the target SentencePiece does not know (copied over an <unk>) keeps no word mark
    assert codecs["marian"].decode(["▁NVDA_US", "▁", "涨"]) == "NVDA_US 涨"


def test_add_source_eos_in_the_config_leaves_the_end_token_to_ctranslate2(models: dict[str, Path],
                                                                          tmp_path: Path) -> None:
    copy = Path(shutil.copytree(models["marian"], tmp_path / "m"))
    config = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    (copy / "config.json").write_text(json.dumps({**config, "add_source_eos": True}), encoding="utf-8")
    assert open_codec(inspect_model_dir(copy)).encode("涨停")[-1] != "</s>"


# --- translation: batching, protection, memory -------------------------------------------------------------

@pytest.mark.parametrize("name", list(LAYOUTS))
def test_each_family_translates_with_names_and_numbers_kept(models: dict[str, Path], name: str) -> None:
    translator = Ct2Translator(inspect_model_dir(models[name]), "g", FAST)
    translations = translator.translate_batch(_segments())
    assert len(translations) == len(SENTENCES) and all(t.en for t in translations)
    first = translations[0]
    assert first.notes == ("repaired:splice",)  # a random model never keeps them by itself
    assert first.en.index("Zhongji Xuchuang") < first.en.index("over 13%")
    assert "US$4 trillion" in translations[1].en
    # batched English is the English of one sentence at a time
    one_by_one = Ct2Translator(inspect_model_dir(models[name]), "g", DecodeOptions(max_decoding_length=12,
                                                                                  max_batch_size=1))
    assert one_by_one.translate_texts(list(SENTENCES)) == translator.translate_texts(list(SENTENCES))


def test_memory_answers_a_second_run_without_the_model(models: dict[str, Path], tmp_path: Path) -> None:
    model = inspect_model_dir(models["nllb"])
    first = MemoizedTranslator(Ct2Translator(model, "g", FAST), tmp_path / "tm.sqlite", "g")
    first.setup()
    english = first.translate_batch(_segments())
    inner = Ct2Translator(model, "g", FAST)
    second = MemoizedTranslator(inner, tmp_path / "tm.sqlite", "g")
    second.setup()
    assert second.translate_batch(_segments()) == english
    assert (second.hits, second.misses) == (len(SENTENCES), 0) and inner._translator is None
    # another model, or other decoding options: other keys
    other = MemoizedTranslator(Ct2Translator(inspect_model_dir(models["m2m100"]), "g", FAST), tmp_path / "tm.sqlite",
                               "g")
    other.setup()
    other.translate_batch(_segments()[:1])
    assert other.misses == 1


def test_signature_names_model_identity_and_options(models: dict[str, Path]) -> None:
    model = inspect_model_dir(models["marian"])
    assert Ct2Translator(model, "g", FAST).signature() == (
        f"ct2:marian:{model.identity}:beam=4:batch=16ex:maxlen=12:lp=0.2:int8:protect=v5:glossary=g")
    assert Ct2Translator(model, "g", DecodeOptions(beam_size=2)).signature() != Ct2Translator(model, "g").signature()


def test_pickles_without_its_models(models: dict[str, Path]) -> None:
    translator = Ct2Translator(inspect_model_dir(models["m2m100"]), "g", FAST)
    expected = translator.translate_batch(_segments())
    clone = pickle.loads(pickle.dumps(translator))
    assert clone._translator is None and clone.signature() == translator.signature()
    assert clone.translate_batch(_segments()) == expected


# --- argos shares the implementation, and its English and keys did not move ------------------------------------

def test_argos_english_and_signature_are_unchanged(package) -> None:
    """What ArgosTranslator gave before it shared ct2_core: its package's pieces without </s>, the package's
    target prefix, SentencePiece's decoding less the characters XML cannot carry (a random model can emit
    them); and the same signature (users' translation memories)."""
    import ctranslate2
    import sentencepiece

    translator = ArgosTranslator(package, "g", FAST)
    assert translator.signature() == ("argos:translate-zh_en-1.0:beam=4:batch=16ex:maxlen=12:lp=0.2:int8:"
                                      "protect=v5:glossary=g")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    model = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8")
    results = model.translate_batch([sp.encode(t, out_type=str) for t in SENTENCES], beam_size=4,
                                    length_penalty=0.2, max_decoding_length=12, replace_unknowns=True)
    assert translator.translate_texts(list(SENTENCES)) == [
        " ".join(CONTROL.sub("", sp.decode_pieces(r.hypotheses[0])).split()) for r in results]


# --- the command line ----------------------------------------------------------------------------------------

def test_run_with_ct2_end_to_end_then_refusals(models: dict[str, Path], tmp_path: Path, capsys) -> None:
    """One real `newsbridge run --translator ct2 --model-dir DIR` on seeds/; the refusals in-process."""
    from pipeline.cli import main

    glossaries = small_glossary_dir(tmp_path / "glossaries")
    out = tmp_path / "out"
    # This worker's cache directory (its parsed dictionaries; the model check is keyed by the model's path), a
    # translation memory of the test's own.
    run = subprocess.run([sys.executable, "-m", "pipeline", "run", str(SEEDS), "--out", str(out), "-q",
                          "--translator", "ct2", "--model-dir", str(models["marian"]), "--glossaries",
                          str(glossaries), "--max-decoding-length", "8", "--translation-memory",
                          str(tmp_path / "tm.sqlite")],
                         capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    identity = inspect_model_dir(models["marian"]).identity
    assert manifest["translator"] == "ct2:marian:marian"
    assert manifest["translator_signature"].startswith(f"ct2:marian:{identity}:beam=4:")
    assert manifest["config"]["model_dir"] == str(models["marian"])
    chinese = [s for s in map(json.loads, (out / "segments.jsonl").read_text(encoding="utf-8").splitlines())
               if s["src_lang"] == "zh"]
    assert chinese and all(s["translator"] == "ct2:marian:marian" and s["en"] for s in chinese)
    assert 'x-translator">ct2:marian:marian<' in (out / "corpus.tmx").read_text(encoding="utf-8")
    # the same verification as argos: the glossary name and every number kept (spliced in where the model lost them)
    assert manifest["quality"]["term_success_rate"] == 1.0 and manifest["quality"]["number_fidelity"] == 1.0
    assert any("repaired:splice" in s["flags"] for s in chinese)

    # without a model directory: a config error, before any input is read
    code = main(["run", str(SEEDS), "--out", str(tmp_path / "refused"), "--translator", "ct2", "--glossaries",
                 str(glossaries), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "translator ct2 (--translator ct2) needs model_dir (--model-dir DIR)" in err
    assert not (tmp_path / "refused").exists()


@pytest.mark.parametrize(("translator", "model_dir", "message"), [
    ("ct2", "nope", "model_dir {tmp}/nope: no such directory"),
    ("auto", "glossaries", "{tmp}/glossaries: no model.bin"),  # auto with a model_dir uses it, or stops
])
def test_an_unusable_model_dir_stops_the_run(tmp_path: Path, translator: str, model_dir: str,
                                             message: str) -> None:
    """The step's TranslatorUnavailable, which the command line prints as one line with exit 2 (as for argos)."""
    from pipeline.config import RunConfig
    from pipeline.glossary import compile_glossary
    from stages.translate import TranslatorUnavailable, make_translator

    glossaries = small_glossary_dir(tmp_path / "glossaries")
    config = RunConfig(glossaries=glossaries, translator=translator, model_dir=str(tmp_path / model_dir))
    with pytest.raises(TranslatorUnavailable) as err:
        make_translator(config, compile_glossary(glossaries))
    assert str(err.value).startswith(message.format(tmp=tmp_path))
