"""Set-up stages pickle small (options plus the glossary's path and hash) and, once set up again where they
are unpickled, give the same results: what shipping a stage list to a process pool or a Dask worker needs."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from pathlib import Path
from typing import Any

import pytest

from pipeline.glossary import CompiledGlossary, GlossaryChanged, GlossaryRef, compile_glossary
from pipeline.io.readers import read_corpus
from pipeline.paths import PROJECT_ROOT
from pipeline.records import Document, Segment
from pipeline.stage import Stage
from pipeline.text.normalizer import TextNormalizer
from stages.link import LinkStage
from stages.normalize import NormalizeStage
from stages.segment import SegmentStage
from stages.translate import TranslateStage
from stages.translators.gloss import GlossTranslator
from stages.translators.memory import MemoizedTranslator

SEEDS = PROJECT_ROOT / "seeds"
# A pickled stage must be small enough to send with every task; the compiled glossary alone is ~6 MB.
MAX_PICKLE_BYTES = 100_000
# Seed files whose documents exercise every stage: Traditional text (t2s, zh-TW originals), a market flash.
SEED_FILES = ("traditional.jsonl", "market_flash.jsonl")
STAGE_NAMES = ("normalize", "segment", "link", "translate")
# The tiny random model decodes a few short segments quickly.
ARGOS_SEGMENTS, ARGOS_MAX_LENGTH = 4, 12


def _seed_documents() -> list[Document]:
    return [d for d in read_corpus([SEEDS / name for name in SEED_FILES]) if isinstance(d, Document)]


def _snapshot(docs: list[Document]) -> list[tuple[Any, ...]]:
    """Everything a stage writes on a document, comparable with ==."""
    return [(d.id, d.title, d.body, d.script, [s.to_dict() for s in d.segments]) for d in docs]


def _make_stages(glossary: CompiledGlossary, memory: Path | None = None) -> list[Stage]:
    translator = GlossTranslator(glossary)
    if memory is not None:
        translator = MemoizedTranslator(translator, memory, glossary.content_hash)
    return [NormalizeStage(), SegmentStage(glossary), LinkStage(glossary), TranslateStage(translator, glossary)]


def _run(stages: list[Stage], docs: list[Document]) -> list[Document]:
    for stage in stages:
        docs = stage.process(docs)
    return docs


def _process_in_worker(stages: list[Stage], docs: list[Document]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Runs in a spawned process: set the unpickled stages up, process, report signatures and results."""
    for stage in stages:
        stage.setup()
    return [s.signature() for s in stages], _snapshot(_run(stages, docs))


def _round_trip(obj: Any) -> Any:
    blob = pickle.dumps(obj)
    assert len(blob) < MAX_PICKLE_BYTES, f"{type(obj).__name__} pickles to {len(blob):,} bytes"
    return pickle.loads(blob)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found = _seed_documents()
    assert len(found) >= len(SEED_FILES)
    return found


@pytest.fixture(scope="module")
def chain(glossary: CompiledGlossary, docs: list[Document]) -> tuple[list[Stage], list[list[Document]]]:
    """The set-up stages (gloss translation, no memory) and what each one sees in a run."""
    stages = _make_stages(glossary)
    inputs = [copy.deepcopy(docs)]
    for stage in stages:
        stage.setup()
        inputs.append(stage.process(copy.deepcopy(inputs[-1])))
    return stages, inputs


@pytest.mark.parametrize("index", range(len(STAGE_NAMES)), ids=STAGE_NAMES)
def test_set_up_stage_round_trips(chain: tuple[list[Stage], list[list[Document]]], index: int) -> None:
    stages, inputs = chain
    stage = stages[index]
    assert stage.name == STAGE_NAMES[index]
    expected = _snapshot(inputs[index + 1])
    clone = _round_trip(stage)
    assert clone.signature() == stage.signature()  # before setup(): the reference answers for the glossary
    clone.setup()
    assert _snapshot(clone.process(copy.deepcopy(inputs[index]))) == expected
    assert clone.signature() == stage.signature()


def _zh_segments(chain: tuple[list[Stage], list[list[Document]]]) -> list[Segment]:
    """Linked Chinese segments as the translate stage receives them."""
    _, inputs = chain
    return [copy.deepcopy(s) for d in inputs[3] for s in d.segments if s.src_lang == "zh"]


def test_translation_memory_reopens_after_unpickling(chain, glossary: CompiledGlossary, tmp_path: Path) -> None:
    segments = _zh_segments(chain)
    loaded = chain[0][3].translator  # the chain's gloss translator, dictionaries loaded
    memo = MemoizedTranslator(loaded, tmp_path / "tm.sqlite", glossary.content_hash)
    memo.setup()
    expected = memo.translate_batch(segments)
    clone = _round_trip(memo)
    assert clone.memory is None and (clone.hits, clone.misses) == (0, 0)
    clone.setup()
    assert clone.translate_batch(segments) == expected
    assert (clone.hits, clone.misses) == (len(segments), 0)  # answered from the same SQLite file


def test_argos_translator_round_trips_after_loading(chain, package) -> None:
    from stages.translators.argos import ArgosTranslator, DecodeOptions

    segments = _zh_segments(chain)[:ARGOS_SEGMENTS]
    translator = ArgosTranslator(package, "g", DecodeOptions(max_decoding_length=ARGOS_MAX_LENGTH))
    translator.setup()
    expected = translator.translate_batch(segments)
    assert translator._translator is not None  # the CTranslate2 model is loaded, and is not what pickles
    clone = _round_trip(translator)
    clone.setup()
    assert clone.translate_batch(segments) == expected
    assert clone.signature() == translator.signature()


def test_unpickled_glossary_stage_needs_setup(glossary: CompiledGlossary) -> None:
    clone = pickle.loads(pickle.dumps(LinkStage(glossary)))
    assert isinstance(clone.glossary, GlossaryRef)
    with pytest.raises(AssertionError, match="setup"):
        clone.mentions("腾讯控股", "zh")
    clone.setup()
    assert [m.entity_id for m in clone.mentions("腾讯控股股价上涨", "zh")] == \
        [m.entity_id for m in LinkStage(glossary).mentions("腾讯控股股价上涨", "zh")] != []


def test_stages_share_one_glossary_after_unpickling(glossary: CompiledGlossary) -> None:
    segment, link = pickle.loads(pickle.dumps([SegmentStage(glossary), LinkStage(glossary)]))
    link.setup()
    segment.glossary = segment.glossary.load()
    assert segment.glossary is link.glossary  # one compiled glossary per process, not one per stage


def test_normalizer_pickles_after_use() -> None:
    normalizer = TextNormalizer()
    text = "臺積電營收１３．５％"
    expected = normalizer(text), normalizer.script(text)
    clone = pickle.loads(pickle.dumps(normalizer))
    assert (clone(text), clone.script(text)) == expected
    assert len(pickle.dumps(normalizer)) < 1_000


TINY_GLOSSARY = """\
meta: {source: "test", license: "CC0-1.0", updated: 2026-11-26}
entries:
  - id: company.tencent
    type: company
    zh: 腾讯
    en: Tencent
"""


def test_changed_glossary_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "glossaries"
    root.mkdir()
    (root / "companies.yaml").write_text(TINY_GLOSSARY, encoding="utf-8")
    blob = pickle.dumps(LinkStage(compile_glossary(root, cache_dir=tmp_path / "cache")))
    (root / "companies.yaml").write_text(TINY_GLOSSARY.replace("Tencent", "Tencent Holdings"), encoding="utf-8")
    with pytest.raises(GlossaryChanged, match="changed"):
        pickle.loads(blob).setup()


def test_glossary_built_by_hand_cannot_be_shipped(glossary: CompiledGlossary) -> None:
    from pipeline.glossary import GlossaryError

    by_hand = copy.copy(glossary)
    by_hand.root = None
    with pytest.raises(GlossaryError, match="compile_glossary"):
        pickle.dumps(LinkStage(by_hand))


def test_spawned_process_gives_in_process_results(chain, glossary: CompiledGlossary, tmp_path: Path) -> None:
    """Set-up stages (a translation memory open, OpenCC and jieba loaded) go to a real process pool (spawn:
    nothing inherited but the pickles) and run the whole chain on the seed documents there."""
    stages, inputs = chain
    memory = MemoizedTranslator(GlossTranslator(glossary), tmp_path / "worker.sqlite", glossary.content_hash)
    shipped = [*stages[:3], TranslateStage(memory, glossary)]
    for stage in shipped:
        stage.setup()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        signatures, got = pool.apply(_process_in_worker, (shipped, copy.deepcopy(inputs[0])))
    assert signatures == [s.signature() for s in stages]
    assert got == _snapshot(inputs[-1])
    assert any(seg["tokens"] and seg["entities"] and seg["en"] for _, _, _, _, segs in got for seg in segs)
