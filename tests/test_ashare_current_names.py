"""A-share companies by the names news writes now: short names changed since the 2021 list (renames, *ST/ST
risk warnings) from the publisher's tags, and a listing's current name kept when a curated entry written
before the rename overrides it. Names and sentences are made up here."""

from __future__ import annotations

from pathlib import Path

from pipeline.glossary import CompiledGlossary, load_glossary
from pipeline.glossary.marks import warning_forms
from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.tagged import tagged_names
from pipeline.text.normalizer import TextNormalizer

TSV = ("# test\nticker\tname\tfirst_seen\titems\tother_names\n"
       "600901.SH\t*ST星河\t2026-05-20\t4\t\n"  # risk warning since the list: both forms
       "300901.SZ\t长河光电\t2026-05-21\t3\t长河科技\n"  # renamed; the old name is the list's
       "000901.SZ\t青山股份\t2026-05-22\t2\t\n"  # another company's name: left to it
       "000902.SZ\t新产业\t2026-05-22\t2\t\n"  # an everyday word: not an alias
       "688901.SH\tN云帆\t2026-05-22\t1\t\n")  # a first-day form: never a name


def _company(id_: str, zh: str, ticker: str, **kw) -> GeneratedEntry:
    return GeneratedEntry(id=id_, type="company", zh=zh, en="", ticker=ticker, **kw)


def test_risk_forms_give_both_warnings() -> None:
    assert warning_forms("*ST星河") == ["*ST星河", "ST星河"]
    assert warning_forms("ST星河") == ["ST星河", "*ST星河"]
    assert warning_forms("星河科技") == ["星河科技"]


def test_tagged_current_names_join_their_code(tmp_path: Path) -> None:
    tsv = tmp_path / "tags.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    entries = [_company("cn.600901", "星河科技", "600901.SH"), _company("cn.300901", "长河科技", "300901.SZ"),
               _company("cn.000901", "绿水股份", "000901.SZ"), _company("cn.000903", "青山股份", "000903.SZ"),
               _company("cn.000902", "新产业生物", "000902.SZ"), _company("cn.688901", "云帆航天", "688901.SH")]
    added = tagged_names(entries, lambda s: s, lambda name: name == "新产业", tsv)
    aliases = {e.id: e.aliases_zh for e in entries}
    assert aliases["cn.600901"] == ["*ST星河", "ST星河"]
    assert aliases["cn.300901"] == ["长河光电"]
    assert aliases["cn.000901"] == [] and aliases["cn.000903"] == []
    assert aliases["cn.000902"] == [] and aliases["cn.688901"] == []
    assert added == 3


GENERATED = """meta: {source: test, generated: true}
entries:
  - id: cn.300902
    type: company
    zh: 远帆光电
    en: Yuanfan Optoelectronics
    ticker: 300902.SZ
    aliases:
      zh: [远帆科技, 远帆]
    ambiguous: [远帆]
  - id: hk.0902
    type: company
    zh: 远帆国际控股
    en: Yuanfan International
    ticker: 0902.HK
    aliases:
      zh: [远帆国际控股有限公司]
"""
CURATED = """meta: {source: test}
entries:
  - id: cn.300902
    type: company
    zh: 远帆科技
    en: Yuanfan Technology
    ticker: 300902.SZ
  - id: hk.0902
    type: company
    zh: 远帆国际
    en: Yuanfan International
    ticker: 0902.HK
"""


def _glossary(tmp_path: Path) -> CompiledGlossary:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "a.yaml").write_text(GENERATED, encoding="utf-8")
    (tmp_path / "curated.yaml").write_text(CURATED, encoding="utf-8")
    return CompiledGlossary(load_glossary(tmp_path), TextNormalizer())


def test_curated_entry_keeps_the_listing_current_name(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path)
    entry = glossary.entries["cn.300902"]
    assert entry.zh == "远帆科技" and "远帆光电" in entry.aliases_zh
    assert "远帆" not in entry.aliases_zh  # a name that needs context in the listing stays out
    assert "远帆国际控股有限公司" not in glossary.entries["hk.0902"].aliases_zh  # A shares only


def test_current_names_link_in_sentences(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path)
    found = glossary.find("远帆光电午后涨停，远帆科技此前公告拟回购", "zh", "hans")
    assert [(m.entry_id, m.start, m.end) for m in found] == [("cn.300902", 0, 4), ("cn.300902", 9, 13)]


def test_a_share_own_two_character_name_is_no_abbreviation() -> None:
    from pipeline.glossary.generate import mark_ambiguity

    own = _company("cn.000901", "柳岸", "000901.SZ")  # the exchange's short name
    with_bare = _company("cn.000902", "星河股份", "000902.SZ", aliases_zh=["星河"])  # a bare ST form: abbreviation
    vendor = _company("us.XYZ", "柳岸", "XYZ")  # a vendor's name in another market stays an abbreviation
    mark_ambiguity([own, with_bare], {}, frozenset())
    mark_ambiguity([vendor], {}, frozenset())
    assert (own.ambiguous, with_bare.ambiguous, vendor.ambiguous) == (False, True, True)


def test_renames_announced_in_news_belong_to_the_item_code() -> None:
    from pipeline.glossary.sources.tagged import announced_names

    row = {"title": "星河科技：撤销退市风险警示", "body": "公司股票简称由“*ST星河”变更为“星河科技”。",
           "tagged_stocks": [{"name": "*ST星河", "code": "sh600901"}]}
    assert announced_names(row) == [("600901.SH", "*ST星河"), ("600901.SH", "星河科技")]
    untagged = {"title": "", "body": "长河光电(300901)公告，证券简称自7月1日起变更为“长河科技”。"}
    assert announced_names(untagged) == [("300901.SZ", "长河科技")]
    two = {"title": "", "body": "甲(300901)与乙(600901)公告，简称变更为“丙丁”。"}
    assert announced_names(two) == []  # which listing is renamed is not clear
