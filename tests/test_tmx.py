"""corpus.tmx does not pollute a translation memory: gloss drafts are marked (or left out with
--tmx-translators), failed checks are listed, and a Traditional source keeps its original as zh-TW."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import ConfigError, load_config, parse_tmx_translators
from pipeline.io import tmx
from pipeline.records import Segment
from stages.segment import original_sentences
from tests.conftest import GLOSSARIES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Traditional news as a Taiwan outlet writes it (made up for the test): three sentences, one line break.
TRADITIONAL = {"id": "tw", "title": "台積電法說會釋利多，股價漲3%",
               "body": "台積電第三季營收年增41%。執行長魏哲家表示，AI需求強勁。\n輝達財報優於預期。"}
SIMPLIFIED = {"id": "cn", "title": "中际旭创涨3%", "body": "公司营收增长。市场关注需求。"}


def _units(fh_text: str) -> list[ET.Element]:
    return ET.fromstring(fh_text).findall("./body/tu")


def _props(unit: ET.Element) -> dict[str, str]:
    return {p.get("type"): p.text or "" for p in unit.findall("prop")}


def _write(seg: Segment) -> ET.Element:
    fh = io.StringIO()
    tmx.write_header(fh)
    tmx.write_unit(fh, seg)
    tmx.write_footer(fh)
    return _units(fh.getvalue())[0]


def test_header_names_the_tool_and_original_format() -> None:
    fh = io.StringIO()
    tmx.write_header(fh)
    tmx.write_footer(fh)
    header = ET.fromstring(fh.getvalue()).find("header")
    assert header.get("creationtool") == "newsbridge" and header.get("creationtoolversion")
    assert header.get("o-tmf") == tmx.ORIGINAL_FORMAT != header.get("creationtool")
    assert header.get("srclang") == "zh-CN" and header.get("segtype") == "sentence"


def test_header_carries_the_translator_signatures() -> None:
    """A memory built from the file can tell the engine and settings behind its English (escaped as XML)."""
    signatures = ["llm:qwen:url=http://127.0.0.1:8080/v1:prompt=v1:glossary=abc", "argos:x<y>&z"]
    root = ET.fromstring(tmx.header(signatures) + tmx.footer())
    assert [p.text for p in root.findall("header/prop[@type='x-translator-signature']")] == signatures
    assert ET.fromstring(tmx.header() + tmx.footer()).find("header/prop") is None


@pytest.mark.parametrize("translator, draft", [("gloss", True), ("argos:translate-zh_en-1.9", False)])
def test_gloss_units_are_marked_draft(translator: str, draft: bool) -> None:
    seg = Segment("d", 1, "body", src="涨3%", zh="涨3%", en="rose 3%", translator=translator)
    props = _props(_write(seg))
    assert props["x-translator"] == translator
    assert (props.get("x-draft") == "true") is draft
    assert "x-flags" not in props


def test_failed_checks_are_listed_but_notes_are_not() -> None:
    seg = Segment("d", 1, "body", src="比", zh="比", en="variant of 屄[bi1]", translator="gloss",
                  flags=["repaired:splice", "untranslated:屄", "dictionary_text"])
    assert _props(_write(seg))["x-flags"] == "untranslated dictionary_text"


@pytest.mark.parametrize("script, src, langs", [
    ("hant", "漲3%", ["zh-CN", "zh-TW", "en"]),
    ("hans", "涨3%", ["zh-CN", "en"]),
    ("hant", "涨3%", ["zh-CN", "en"]),  # nothing recovered (or nothing differs): no zh-TW that is not one
])
def test_traditional_original_is_a_zh_tw_variant(script: str, src: str, langs: list[str]) -> None:
    seg = Segment("d", 1, "body", src=src, zh="涨3%", en="rose 3%", translator="gloss", script=script)
    unit = _write(seg)
    assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == langs
    if "zh-TW" in langs:
        assert unit.findall("tuv/seg")[1].text == src


@pytest.mark.parametrize("normalized, written, sentences, expected", [
    ("台积电涨。辉达跌。", "台積電漲。輝達跌。", ["台积电涨。", "辉达跌。"], ["台積電漲。", "輝達跌。"]),
    # a line whose length changed cannot be aligned; the other line still is
    ("甲乙。\n丙丁。", "甲乙乙。\n丙丁。", ["甲乙。", "丙丁。"], [None, "丙丁。"]),
    # different line counts: nothing is mapped rather than something wrong
    ("甲。乙。", "甲。\n乙。", ["甲。", "乙。"], [None, None]),
    # same length but shifted punctuation is refused
    ("甲,乙。", "甲乙,。", ["甲,乙。"], [None]),
])
def test_original_sentences_align_or_refuse(normalized: str, written: str, sentences: list[str],
                                            expected: list[str | None]) -> None:
    assert original_sentences(normalized, written, sentences) == expected


def _run(tmp_path: Path, *extra: str) -> Path:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (TRADITIONAL, SIMPLIFIED)),
                      encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--glossaries", str(GLOSSARIES),
                 "--translator", "gloss", *extra]) == 0
    return out


def test_traditional_body_sentences_keep_their_original_in_the_tmx(tmp_path: Path) -> None:
    out = _run(tmp_path)
    units = _units((out / "corpus.tmx").read_text(encoding="utf-8"))
    by_lang = [{tuv.get(XML_LANG): tuv.find("seg").text for tuv in u.findall("tuv")} for u in units]
    traditional = [u for u in by_lang if "zh-TW" in u]
    originals = [TRADITIONAL["title"], "台積電第三季營收年增41%。", "執行長魏哲家表示，AI需求強勁。",
                 "輝達財報優於預期。"]
    assert [u["zh-TW"] for u in traditional] == originals
    assert traditional[1]["zh-CN"] == "台积电第三季营收年增41%。"
    assert all("zh-TW" not in u for u in by_lang if u["zh-CN"].startswith(("中际旭创", "公司", "市场")))
    assert all(_props(u).get("x-draft") == "true" for u in units)


def test_tmx_translators_leaves_gloss_out(tmp_path: Path) -> None:
    out = _run(tmp_path, "--tmx-translators", "argos,passthrough")
    assert _units((out / "corpus.tmx").read_text(encoding="utf-8")) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["tmx_units"] == 0 and manifest["config"]["tmx_translators"] == "argos,passthrough"
    assert manifest["counts"]["segments"] == 7  # the segments themselves are all still written


@pytest.mark.parametrize("value, parsed", [
    ("all", None), ("argos", frozenset({"argos"})), ("argos, passthrough", frozenset({"argos", "passthrough"})),
])
def test_tmx_translators_values(value: str, parsed: frozenset[str] | None) -> None:
    assert parse_tmx_translators(value) == parsed


@pytest.mark.parametrize("value", ["", "deepl", "argos,all"])
def test_unknown_tmx_translators_are_errors(value: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tmx_translators"):
        parse_tmx_translators(value)
    config = tmp_path / "run.yaml"
    config.write_text(f"tmx_translators: '{value}'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{config}: tmx_translators"):
        load_config(config)


def test_unknown_tmx_translator_on_the_command_line_exits_2(tmp_path: Path) -> None:
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "out"), "--tmx-translators", "deepl"]) == 2
    assert not (tmp_path / "out").exists()
