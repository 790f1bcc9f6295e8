"""Issue 16 item 2: names whose body depends on where the document was written (aliases zh_hk, zh_tw, zh_cn):
證監會 is the SFC in Hong Kong news and the CSRC elsewhere; 金管局 the HKMA, 金管會 Taiwan's FSC; 央行 Taiwan's
central bank in Taiwan news and the PBOC in mainland news. Sentences are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import compile_glossary
from pipeline.glossary.compiled import NameInfo
from pipeline.glossary.edits import GlossaryEditError, add_alias
from pipeline.glossary.loader import GlossaryError
from pipeline.glossary.tools import lookup
from pipeline.records import Document
from pipeline.text.locale import CN, HK, OTHER, TW

# (sentence as written, the document's locale, the Chinese name, the entity it must link to)
ROWS = [
    ("證監會今日就一宗內幕交易案發出警告。", HK, "证监会", "org.sfc_hk"),
    ("证监会发布上市公司监管新规。", CN, "证监会", "org.csrc"),
    ("證監會核准兩檔新基金。", TW, "证监会", "org.csrc"),
    ("證監會發布公告。", OTHER, "证监会", "org.csrc"),
    ("中證監宣布新措施，證監會表示歡迎。", HK, "中证监", "org.csrc"),
    ("中證監宣布新措施，證監會表示歡迎。", HK, "证监会", "org.sfc_hk"),
    ("香港证监会对一家券商作出处分。", CN, "香港证监会", "org.sfc_hk"),
    ("金管局宣布基本利率上調。", HK, "金管局", "org.hkma"),
    ("金管會宣布放寬壽險業規定。", TW, "金管会", "org.fsc_tw"),
    ("財政司司長發表預算案。", HK, "财政司司长", "org.hk_financial_secretary"),
    ("央行宣布降息半碼。", TW, "央行", "org.cbc_tw"),
    ("央行宣布降准0.5个百分点。", CN, "央行", "org.pboc"),
    ("人行宣布下調存款準備金率。", HK, "人行", "org.pboc"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), ROWS)
def test_locale_names(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    zh = normalizer(text)
    found = {zh[m.start:m.end]: m.entry_id for m in glossary.find(zh, "zh", normalizer.script(text), locale)}
    assert found.get(name) == entity


def test_a_locale_name_links_nothing_elsewhere_when_it_has_no_default(glossary) -> None:
    # 人行 is only listed for Hong Kong: mainland text keeps its old behaviour (no link without the gate's context)
    assert not [m for m in glossary.find("人行宣布下调存款准备金率。", "zh", "hans", CN) if m.entry_id == "org.pboc"]


def test_link_stage_reads_the_document_locale(normalize, segmenter, linker) -> None:
    docs = [Document(id="hk", title="證監會就本港一宗操控市場案提出檢控", body="", meta={"source": "明報"}),
            Document(id="cn", title="证监会就一宗操纵市场案作出处罚", body="", meta={"source": "财联社"})]
    out = linker.process(segmenter.process(normalize.process(docs)))
    assert [(d.locale, d.segments[0].locale) for d in out] == [(HK, HK), (CN, CN)]
    assert [m.entity_id for m in out[0].mentions if m.surface == "证监会"] == ["org.sfc_hk"]
    assert [m.entity_id for m in out[1].mentions if m.surface == "证监会"] == ["org.csrc"]


def test_locale_wins_over_script() -> None:
    info = NameInfo("a", None, False, True, True, scripts=(("hant", "b"), ("hk", "c")))
    assert info.resolve("hant", HK) == "c"
    assert info.resolve("hant", TW) == "b"
    assert info.resolve("hans", None) == "a"
    assert info.local_to(HK) and not info.local_to(TW) and not info.local_to(None)


GLOSSARY = """meta: {source: test}
entries:
  - id: org.one
    type: org
    zh: 甲监管会
    en: One Regulator
    aliases: {zh: [监管会]}
  - id: org.two
    type: org
    zh: 乙监管会
    en: Two Regulator
    aliases: {zh_hk: [监管会]}
"""


def _glossary(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "g"
    root.mkdir()
    (root / "g.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_locale_alias_may_share_another_entry_name(tmp_path: Path) -> None:
    compiled = compile_glossary(_glossary(tmp_path, GLOSSARY))
    assert [m.entry_id for m in compiled.find("监管会发布公告。", "zh", "hans", HK)] == ["org.two"]
    assert [m.entry_id for m in compiled.find("监管会发布公告。", "zh", "hans", CN)] == ["org.one"]


def test_unknown_locale_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"unknown alias language 'zh_sg' \(use zh, en, zh_hant, zh_hans, zh_hk"):
        compile_glossary(_glossary(tmp_path, GLOSSARY.replace("zh_hk:", "zh_sg:")))


def test_lookup_says_where_a_locale_name_links(glossary, normalizer) -> None:
    text = "\n".join(lookup(glossary, "證監會", normalizer))
    assert "org.sfc_hk" in text and "links only in Hong Kong documents" in text and "org.csrc" in text


def test_add_sees_locale_names(tmp_path: Path, normalizer) -> None:
    """`glossary alias` treats a zh_hk name as taken, like a script-limited one."""
    root = _glossary(tmp_path, GLOSSARY.replace("aliases: {zh: [监管会]}", "aliases: {zh: [监管]}"))
    compiled = compile_glossary(root)
    with pytest.raises(GlossaryEditError, match="org.two"):
        add_alias(compiled, normalizer, root / "g.yaml", "org.one", "监管会", root=root)
