"""A bare body name with no country in its sentence, in Taiwan and Hong Kong news: the document's locale says
whether it is a local body of that name (Taiwan's 財政部, a Hong Kong story's 央行: not the mainland's) or the
mainland's (Taiwan has no 證監會 of its own); and a public body is never read as part of a fund's name."""

from __future__ import annotations

import pytest

from pipeline.records import Document

# (title written for this test, the document's source, the bare name, the entity it links to or None)
ROWS = [
    ("證監會核准兩檔新基金", "鉅亨網", "证监会", "org.csrc"),  # Taiwan news: the CSRC, Taiwan has none
    ("財政部公布上月稅收", "鉅亨網", "财政部", "org.mof_tw"),  # Taiwan's own ministry (its zh_tw name), not China's
    ("財政部在港發行人民幣國債", "明報", "财政部", "org.mof"),  # Hong Kong news: the mainland's
    ("央行維持利率不變", "明報", "央行", None),  # which central bank is not said
    ("财政部发布通知", "财联社", "财政部", "org.mof"),
]


@pytest.mark.parametrize(("title", "source", "name", "entity"), ROWS)
def test_bare_body_names_follow_the_locale(normalize, segmenter, linker, title: str, source: str, name: str,
                                           entity: str | None) -> None:
    (doc,) = linker.process(segmenter.process(normalize.process(
        [Document(id="d", title=title, body="", meta={"source": source})])))
    assert [m.entity_id for m in doc.mentions if m.surface == name] == ([entity] if entity else [])


def test_a_public_body_is_no_part_of_a_fund_name(glossary) -> None:
    text = "证监会核准两档新基金。"
    assert [m.entry_id for m in glossary.find(text, "zh", "hans", "cn")] == ["org.csrc"]
