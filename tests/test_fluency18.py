"""The gloss translator's fluency figure (issue 18): high for a sentence a pattern renders, low for one glossed
word by word, carried through the translation memory, counted in the manifest as the `fluency` check, shown in
the run summary and the report, and n/a for translators that do not measure it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.records import Document, Segment
from pipeline.registry import build_stages, parse_steps
from pipeline.stage import BuildContext
from pipeline.summary import format_summary
from pipeline.text.flags import DRAFT_FLAG, flag_kind
from pipeline.textapi import LINK_STEPS
from stages.translators.argos import ArgosTranslator, DecodeOptions
from stages.translators.base import Translation
from stages.translators.fluency import (
    DRAFT_THRESHOLD,
    FLUENCY,
    PATTERN,
    PROTECTED,
    RULE,
    SOURCE_WEIGHTS,
    Coverage,
)
from stages.translators.gloss import GlossTranslator, tidy
from stages.translators.memory import TranslationMemory
from stages.translators.verify import QualityTally, check_translation

from .conftest import SHARED, small_glossary_dir

# Sentences written for these tests (not news): a market move the patterns render whole, an earnings line the
# patterns render with a linked name, and two sentences with no pattern and no finance phrase in them.
PATTERNED = ["中际旭创股价上涨5%。", "中际旭创净利润同比增长35%。"]
WORD_BY_WORD = ["老人在公园里慢慢地散步，孩子们高兴地放风筝。", "春天来了，山上的花都开了。"]
OPTIONS = ("--translator", "gloss", "-q")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> CompiledGlossary:
    return compile_glossary(small_glossary_dir(tmp_path_factory.mktemp("glossary")))


@pytest.fixture(scope="module")
def gloss(small: CompiledGlossary) -> GlossTranslator:
    translator = GlossTranslator(small)
    translator.load()
    return translator


def linked(text: str, glossary: CompiledGlossary) -> Segment:
    """The sentence as the run sees it: normalized, segmented (one sentence) and linked."""
    docs = [Document("t", "", text)]
    for stage in build_stages(parse_steps(list(LINK_STEPS)), BuildContext(load_config(None), glossary)):
        stage.setup()
        docs = stage.process(docs)
    (seg,) = [s for s in docs[0].segments if s.src_lang == "zh"]
    return seg


@pytest.mark.parametrize("text", PATTERNED)
def test_a_patterned_sentence_is_fluent(text: str, gloss: GlossTranslator, small: CompiledGlossary) -> None:
    english, notes, fluency = gloss.translate_measured(linked(text, small))
    assert "Zhongji Xuchuang" in english and notes == ()
    assert fluency == 1.0


@pytest.mark.parametrize("text", WORD_BY_WORD)
def test_a_word_by_word_sentence_is_a_draft(text: str, gloss: GlossTranslator, small: CompiledGlossary) -> None:
    seg = linked(text, small)
    english, _, fluency = gloss.translate_measured(seg)
    assert fluency is not None and fluency < DRAFT_THRESHOLD
    # measuring does not change the English: the same range glossed with no coverage kept
    assert english == gloss.translate(seg)
    assert english == tidy(gloss._gloss_range(seg, 0, len(seg.zh or "")))


def test_names_and_numbers_are_left_out_of_the_figure() -> None:
    coverage = Coverage("腾讯涨5%，好")
    coverage.mark(0, 2, PROTECTED)
    coverage.mark(3, 5, PROTECTED)
    coverage.mark(6, 7, "cedict")
    # 涨 was never glossed word by word: a pattern rendered it; the comma is not content
    assert coverage.by_source(patterned=True) == {PROTECTED: 3, PATTERN: 1, "cedict": 1}  # % is not content
    assert coverage.figure(patterned=True) == 0.625  # (pattern 1 + CC-CEDICT sense 0.25) / 2
    only_names = Coverage("腾讯")
    only_names.mark(0, 2, PROTECTED)
    assert only_names.figure(patterned=False) == 1.0
    assert Coverage("，。").figure(patterned=False) is None


def test_each_source_weighs_as_documented() -> None:
    """Rules count three quarters, a CC-CEDICT sense a quarter, a character's sense and pinyin nothing."""
    coverage = Coverage("甲乙丙丁")
    for at, source in enumerate((RULE, "cedict", "characters", "pinyin")):
        coverage.mark(at, at + 1, source)
    assert coverage.figure(patterned=False) == round((0.75 + 0.25) / 4, 4)
    assert SOURCE_WEIGHTS[PATTERN] == SOURCE_WEIGHTS["phrase"] == SOURCE_WEIGHTS["latin"] == 1.0


def test_the_memory_keeps_the_figure(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store({"甲": Translation("A", ("repaired:splice",), 0.25), "乙": Translation("B")}, "sig", "g")
    found = memory.lookup(["甲", "乙"], "sig", "g")
    assert found == {"甲": Translation("A", ("repaired:splice",), 0.25), "乙": Translation("B", (), None)}
    memory.close()


def test_the_check_counts_measured_segments_only() -> None:
    seg = Segment("d", 0, "body", "x", zh="x", en="x")
    tally, flags = check_translation(seg, "x")
    assert tally.checks[FLUENCY].checked == 0 and not flags  # argos, a model, passthrough: n/a
    assert tally.to_dict()["checks"][FLUENCY]["rate"] is None and tally.fluency_mean is None
    seg.attrs[FLUENCY] = 0.2
    draft, flags = check_translation(seg, "x")
    assert flags == [f"{DRAFT_FLAG}:0.2"] and flag_kind(flags[0]) == "draft"
    assert draft.segments_flagged == 0  # a note on the prose, not a loss
    seg.attrs[FLUENCY] = 0.9
    fine, flags = check_translation(seg, "x")
    assert not flags
    total = QualityTally()
    for part in (draft, fine):
        total.merge(QualityTally.from_counts(part.counts()))
    quality = total.to_dict()
    assert quality["checks"][FLUENCY] == {"checked": 2, "failed": 1, "rate": 0.5}
    assert quality["fluency_mean"] == 0.55 and quality["draft_threshold"] == DRAFT_THRESHOLD


def test_the_run_counts_shows_and_reports_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news.jsonl"
    rows = [{"id": "p", "title": PATTERNED[0], "body": PATTERNED[1]},
            {"id": "w", "title": "", "body": WORD_BY_WORD[0]},
            {"id": "e", "title": "", "body": "An English sentence passes through."}]
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(news), "--out", str(out), "--glossaries", str(small_glossary_dir(tmp_path / "g")),
                 "--translation-memory", str(tmp_path / "tm.sqlite"), *OPTIONS])
    assert code == 0, capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    quality = manifest["quality"]
    assert quality["checks"][FLUENCY] == {"checked": 3, "failed": 1, "rate": 0.666666}
    assert quality["segments_flagged"] == 0 and quality["draft_threshold"] == DRAFT_THRESHOLD
    segments = {(s["doc_id"], s["seg_id"]): s for s in map(json.loads, (out / "segments.jsonl").read_text(
        encoding="utf-8").splitlines())}
    assert [f for s in segments.values() for f in s["flags"] if f.startswith(DRAFT_FLAG)] != []
    assert all(not s["flags"] for key, s in segments.items() if key[0] != "w")
    summary = format_summary(manifest, out)
    assert f"DRAFT 1 of 3 segments read word by word (fluency < {DRAFT_THRESHOLD}, mean " in summary
    assert "not word by word 0.66666 (2/3, 1 failed)" in summary
    assert "1 of 3 segments are word-by-word drafts" in (out / "report.html").read_text(encoding="utf-8")
    if (SHARED / "tools" / "check_output.py").is_file():  # the shared output contract accepts it
        import subprocess
        import sys

        checked = subprocess.run([sys.executable, str(SHARED / "tools" / "check_output.py"), str(out)],
                                 capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_argos_does_not_measure_it(package, small: CompiledGlossary) -> None:
    seg = linked(WORD_BY_WORD[1], small)
    (translation,) = ArgosTranslator(package, "g", DecodeOptions(max_decoding_length=12)).translate_batch([seg])
    assert translation.fluency is None


def test_a_summary_without_measured_segments_says_n_a() -> None:
    quality = QualityTally().to_dict()
    from pipeline.summary import draft_lines, format_rate

    assert draft_lines(quality) == [] and format_rate(quality["checks"][FLUENCY]) == "n/a (0 checked)"
