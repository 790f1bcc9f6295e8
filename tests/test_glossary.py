"""Glossary loading: the project's files are valid, and each kind of mistake is named with FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary, GlossaryError, compile_glossary, load_glossary
from tests.conftest import GLOSSARIES

HEADER = "meta: {source: test}\nentries:\n"
GOOD = """  - id: cn.300308
    type: company
    zh: 中际旭创
    en: Zhongji Xuchuang
    ticker: 300308.SZ
"""


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "g.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path)
    return [p.replace(str(tmp_path / "g.yaml"), "g.yaml") for p in info.value.problems]


@pytest.mark.parametrize(("body", "expected"), [
    ("  - id: cn.300308\n    type: company\n    zh: [中际旭创\n", "g.yaml:6: invalid YAML: "),
    (GOOD + "    colour: blue\n", "g.yaml:8: unknown key 'colour'"),
    (GOOD.replace("300308.SZ", "300308.SH"), "g.yaml:7: ticker '300308.SH' does not match the SH format"),
    (GOOD.replace("300308.SZ", "700.HK"), "g.yaml:7: ticker '700.HK' does not match the HK format"),
    (GOOD.replace("type: company", "type: firm"), "g.yaml:4: type 'firm' is not one of"),
    (GOOD.replace("    en: Zhongji Xuchuang\n", ""), "g.yaml:3: missing or empty 'en'"),
    (GOOD + GOOD, "g.yaml:8: duplicate id cn.300308 (first at g.yaml:3)"),
    (GOOD + GOOD.replace("cn.300308", "cn.300502").replace("300308", "300502"),
     "g.yaml:8: alias '中际旭创' of cn.300502 already maps to cn.300308 (g.yaml:3)"),
    (GOOD + "    aliases: {zh: 旭创, fr: [x]}\n", "g.yaml:8: unknown alias language 'fr'"),
])
def test_each_error_names_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    problems = _problems(tmp_path, HEADER + body)
    assert any(p.startswith(expected) for p in problems), problems


def test_traditional_alias_collides_with_simplified_name(tmp_path: Path) -> None:
    body = GOOD + GOOD.replace("cn.300308", "cn.300502").replace("300308", "300502").replace(
        "中际旭创", "中際旭創")
    expected = "alias '中际旭创' of cn.300502 already maps to cn.300308"
    assert any(expected in p for p in _problems(tmp_path, HEADER + body))


def test_curated_entry_overrides_generated(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "a.yaml").write_text(HEADER + GOOD.replace("Zhongji Xuchuang", "Zhongjixuchuang"),
                                                   encoding="utf-8")
    (tmp_path / "curated.yaml").write_text(HEADER + GOOD, encoding="utf-8")
    entries = load_glossary(tmp_path).by_id()
    assert entries["cn.300308"].en == "Zhongji Xuchuang"


def test_project_glossary_is_valid_and_large_enough(glossary: CompiledGlossary) -> None:
    by_type: dict[str, int] = {}
    for entry in glossary.entries.values():
        by_type[entry.type] = by_type.get(entry.type, 0) + 1
    assert sum(n for t, n in by_type.items() if t != "term") >= 150
    assert by_type.get("term", 0) >= 30


@pytest.mark.parametrize(("name", "canonical", "ticker"), [
    ("中际旭创", "Zhongji Xuchuang", "300308.SZ"),
    ("新易盛", None, "300502.SZ"),
    ("光库科技", "Guangku Technology", "300620.SZ"),
    ("天孚通信", "Tianfu Communication", "300394.SZ"),
    ("英伟达", "Nvidia", "NVDA"),
    ("谷歌", "Google", "GOOGL"),
    ("阿里巴巴", "Alibaba", "9988.HK"),
    ("腾讯", "Tencent", "0700.HK"),
    ("云计算ETF汇添富", None, "159273.SZ"),
    ("TPU", None, None),
    ("GB200", None, None),
])
def test_seed_document_names_are_covered(glossary: CompiledGlossary, name: str, canonical: str | None,
                                         ticker: str | None) -> None:
    (match,) = glossary.find(name, "zh")
    entry = glossary.entries[match.entry_id]
    assert (match.start, match.end) == (0, len(name))
    if canonical:
        assert entry.en == canonical
    assert entry.ticker == ticker


def test_project_glossary_compiles_from_directory() -> None:
    assert len(compile_glossary(GLOSSARIES)) > 0


def test_generated_everyday_english_name_links_only_in_chinese(tmp_path: Path) -> None:
    """A Taiwan listing whose English short name is 'Billion' must not link every 'billion' in English text;
    a curated single-word name (Apple) is a judged brand and keeps linking."""
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "tw.yaml").write_text(
        "meta: {generated: true}\nentries:\n  - id: tw.3027\n    type: company\n    zh: 盛达\n    en: Billion\n"
        "    ticker: 3027.TW\n", encoding="utf-8")
    (tmp_path / "us.yaml").write_text(
        "meta: {}\nentries:\n  - id: us.AAPL\n    type: company\n    zh: 苹果\n    en: Apple\n    ticker: AAPL\n",
        encoding="utf-8")
    compiled = compile_glossary(tmp_path, use_cache=False)
    found = compiled.find("Apple's market value rose by 20 billion dollars.", "en")
    assert [m.entry_id for m in found] == ["us.AAPL"]
    assert [m.entry_id for m in compiled.find("盛达股价涨停", "zh")] == ["tw.3027"]


def test_generated_company_named_by_digits_is_not_linked_in_numbers(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "tw.yaml").write_text(
        "meta: {generated: true}\nentries:\n  - id: tw.3130\n    type: company\n    zh: '104'\n"
        "    en: 104 Corp\n    ticker: 3130.TW\n", encoding="utf-8")
    compiled = compile_glossary(tmp_path, use_cache=False)
    assert compiled.find("对非洲出口104.7亿美元", "zh") == []
