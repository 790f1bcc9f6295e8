"""A person or public body named in Chinese is a mention and its English name is in the output, whatever short
English a translator writes ("the Fed", "FOMC"): the link stage finds it, the translation carries the canonical
English (protected span), and the verifier counts a listed short form as the name kept."""

from __future__ import annotations

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.records import Mention, Segment
from pipeline.textapi import link, translate
from stages.translators.protect import protected_spans
from stages.translators.verify import TERM_MISSING, check_translation, term_alternatives
from tests.conftest import GLOSSARIES

# (sentence written for this test, entity, English the gloss translation must hold)
NAMED = [
    ("美联储维持利率不变。", "org.fed", "Federal Reserve"),
    ("特朗普周三发表讲话。", "person.donald_trump", "Donald Trump"),
    ("李家超今日出席论坛。", "person.john_lee_hk", "John Lee"),
    ("陈茂波公布财政预算案。", "person.paul_chan_hk", "Paul Chan"),
    ("潘功胜表示将保持流动性充裕。", "person.pan_gongsheng", "Pan Gongsheng"),
    ("商务部发布新规。", "org.mofcom", "Ministry of Commerce"),
    ("FOMC本周召开会议。", "org.fomc", "Federal Open Market Committee"),
]


@pytest.mark.parametrize(("zh", "entity", "english"), NAMED)
def test_named_people_and_bodies_are_mentions_with_their_english(zh: str, entity: str, english: str) -> None:
    assert entity in [m.entity_id for m in link(zh, glossaries=GLOSSARIES)]
    assert english in translate(zh, translator="gloss", glossaries=GLOSSARIES)


def _segment(zh: str, mention: Mention) -> Segment:
    return Segment("d", 1, "body", zh, zh=zh, entities=[mention])


FED = Mention("org.fed", "美联储", 0, 3, "Federal Reserve", None, "org")


def test_the_protected_span_is_the_canonical_english() -> None:
    assert [s.english for s in protected_spans(_segment("美联储维持利率不变。", FED))] == ["Federal Reserve"]


@pytest.mark.parametrize("english", ["The Fed kept rates unchanged.", "The Federal Reserve kept rates unchanged."])
def test_a_listed_short_form_keeps_the_name(glossary: CompiledGlossary, english: str) -> None:
    _, flags = check_translation(_segment("美联储维持利率不变。", FED), english, term_alternatives(glossary))
    assert not [f for f in flags if f.startswith(TERM_MISSING)]


def test_a_company_alias_is_still_not_enough(glossary: CompiledGlossary) -> None:
    """Company names stay exact (analytics join on them); only people, public bodies and terms have listed
    alternatives."""
    alternatives = term_alternatives(glossary)
    assert "org.fed" in alternatives and "org.fomc" in alternatives
    assert all(glossary.entries[i].type in ("term", "person", "org") for i in alternatives)
    assert not any(glossary.entries[i].type == "company" for i in alternatives)
