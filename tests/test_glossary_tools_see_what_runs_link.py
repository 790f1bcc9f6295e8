"""The glossary tools agree with the run: `glossary lookup` finds an entity by every form a run links (Traditional
aliases included) and a full ticker names one listing; `glossary suggest` (and report.html's "names no glossary
links", the same finder) never proposes a name the run links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.tools import lookup, suggest
from pipeline.report.gather import zh_texts
from pipeline.text.normalizer import TextNormalizer


def _entities(lines: list[str]) -> list[str]:
    """The entity ids lookup lists, in its order (each entity line is 'ID: type ...')."""
    return [line.split(":")[0] for line in lines if not line.startswith(" ") and ": " in line
            and "normalizes to" not in line and "not in any glossary" not in line]


LOOKUPS = [
    # (query, the entities listed, in order)
    ("上銀", ["tw.2049"]),  # Hiwin's Traditional-only alias, linked in Traditional text
    ("中鋼", ["tw.2002"]),  # China Steel's
    ("上银", ["tw.2049"]),  # the same alias typed in Simplified: found, with the note that it needs Traditional text
    ("2330.TW", ["tw.2330"]),  # a full ticker is one listing: not 002330.SZ, not 2330.HK
    ("2330.tw", ["tw.2330"]),
    ("2330.HK", ["hk.2330"]),
    ("002330.SZ", ["cn.002330"]),
    ("700.HK", ["hk.0700"]),  # leading zeros aside
    ("2330", ["hk.2330", "tw.2330", "cn.002330"]),  # a bare code lists every listing, exact codes first
    ("TSM", ["tw.2330"]),
]


@pytest.mark.parametrize(("query", "expected"), LOOKUPS)
def test_lookup_finds_what_the_run_links(glossary: CompiledGlossary, normalizer: TextNormalizer, query: str,
                                         expected: list[str]) -> None:
    lines = lookup(glossary, query, normalizer)
    assert _entities(lines) == expected, lines


def test_lookup_says_when_a_name_links_only_in_one_script(glossary: CompiledGlossary,
                                                          normalizer: TextNormalizer) -> None:
    assert "links only in Traditional-script text" in "\n".join(lookup(glossary, "上银", normalizer))


def test_lookup_says_context_only_where_the_run_asks_for_it(glossary: CompiledGlossary, link,
                                                            normalizer: TextNormalizer) -> None:
    """恒大 is Taiwan's 1325.TW only beside market context, but mainland news links China Evergrande without any:
    lookup says "market context" of the first and not of the second."""
    lines = lookup(glossary, "恒大", normalizer)
    blocks = "\n".join(lines).split("\ncompany.evergrande:")
    assert "market context" in blocks[0] and all("market context" not in b for b in blocks[1:])
    assert "company.evergrande" in [m.entity_id for m in link("恒大宣布债务重组方案", locale="cn")]


TRADITIONAL = [
    # Traditional sentences: every name the run links in them, looked up as written, finds the entity linked
    "上銀股價上漲，中鋼宣布漲價",
    "台積電與上銀合作",
    "中鋼公司公告營收成長",
]


@pytest.mark.parametrize("text", TRADITIONAL)
def test_every_name_a_run_links_is_found_by_lookup(glossary: CompiledGlossary, normalizer: TextNormalizer,
                                                   text: str) -> None:
    normalized = normalizer(text)
    assert len(normalized) == len(text) and normalizer.script(text) == "hant"
    matches = glossary.find(normalized, "zh", "hant")
    assert matches
    for match in matches:
        written = text[match.start:match.end]
        assert match.entry_id in _entities(lookup(glossary, written, normalizer)), written


SUGGEST = [
    # (texts, names that must not be suggested: the run links them there, names that still are)
    (["上銀公司公告營收成長"] * 2, ["上银"], []),
    (["中鋼公司宣布漲價"] * 2, ["中钢"], []),
    (["台積電公司與上銀公司合作"] * 2, ["上银", "公司与上银"], []),
    (["上銀集團擴產", "中鋼集團擴產"] * 2, ["上银", "中钢"], []),
    # In Simplified text 中钢集团 is Sinosteel (its zh_hans name, glossaries/companies/central_soes.yaml): the run
    # links it, so it is no suggestion; Taiwan's 中鋼 (a Traditional-only alias) is not read there.
    (["中钢集团公告"] * 2, ["中钢", "中钢集团"], []),
]


@pytest.mark.parametrize(("texts", "never", "still"), SUGGEST)
def test_suggest_never_proposes_a_name_the_run_links(glossary: CompiledGlossary, normalizer: TextNormalizer,
                                                     texts: list[str], never: list[str], still: list[str]) -> None:
    names = [s.name for s in suggest(texts, glossary, normalizer)]
    assert not set(never) & set(names), names
    assert set(still) <= set(names), names


def test_the_reports_names_no_glossary_links_skip_traditional_aliases(tmp_path: Path, glossary: CompiledGlossary,
                                                                      normalizer: TextNormalizer) -> None:
    """report.html's list reads the output's segments (normalized text and its script) through the same finder."""
    rows = [{"src_lang": "zh", "src": text, "zh": normalizer(text), "script": normalizer.script(text)}
            for text in ["上銀公司公告營收成長", "中鋼集團擴產", "上銀集團擴產", "中鋼公司宣布漲價"]]
    (tmp_path / "segments.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                             encoding="utf-8")
    names = [s.name for s in suggest(zh_texts(tmp_path), glossary, normalizer)]
    assert "上银" not in names and "中钢" not in names, names
