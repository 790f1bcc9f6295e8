"""A-share company news, round 4: the marked forms of short names (*ST/ST/退市 risk warnings, N/C first trading
days) derived for every listing, new listings' names from the text that cites their code, price-move words
after a short name, and a short name opening its own 股份有限公司 legal name. Names and sentences are made up
here, or real listings' names in sentences written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.listing_forms import add_marked_forms, day_stem, kept_characters
from pipeline.glossary.sources.tagged import completed_name, extract, names_before_codes, tagged_names


def _company(id_: str, zh: str, ticker: str, **kw) -> GeneratedEntry:
    return GeneratedEntry(id=id_, type="company", zh=zh, en="", ticker=ticker, **kw)


@pytest.mark.parametrize("name, kept", [
    ("星河网安", ["星河", "星网"]),  # first two, or first and third (宝塔实业 → 宝实)
    ("金山股份", ["金山"]),  # a legal-form ending is never kept half
    ("云帆集团", ["云帆"]),
    ("金鸿顺", ["金鸿顺", "金鸿"]),  # three characters: all, or the first two
    ("柳岸", ["柳岸"]),
    ("长河光电科技", []),  # no exchange short name is this long
])
def test_kept_characters(name: str, kept: list[str]) -> None:
    assert kept_characters(name) == kept


@pytest.mark.parametrize("name, stem", [("云帆航天", "云帆"), ("维通", "维通"), ("青山绿", "青山绿")])
def test_day_stem(name: str, stem: str) -> None:
    assert day_stem(name) == stem


def test_marked_forms_for_every_listing_and_first_days_for_new_ones() -> None:
    old = _company("cn.600901", "星河网安", "600901.SH")
    new = _company("cn.688901", "云帆航天", "688901.SH")
    twin_a = _company("cn.000901", "长河光电", "000901.SZ")  # 长河 is both's first two characters
    twin_b = _company("cn.000902", "长河电力", "000902.SZ")
    tagged = _company("cn.000903", "青山绿水", "000903.SZ", aliases_zh=["*ST青山"])  # from the tags
    hk = _company("hk.0901", "星河国际", "0901.HK")  # not an A share: no marked forms
    other = _company("cn.300901", "海天", "300901.SZ")
    owner = _company("us.XYZ", "ST海天", "XYZ")  # a name another entity holds stays its
    added = add_marked_forms([old, new, twin_a, twin_b, tagged, hk, other], [owner], {"cn.688901"})
    assert old.aliases_zh == ["*ST星河", "*ST星网", "ST星河", "ST星网", "退市星河", "退市星网"]
    assert "N云帆" in new.aliases_zh and "C云帆" in new.aliases_zh and "ST云帆" in new.aliases_zh
    assert not any(a.startswith(("N", "C")) for a in old.aliases_zh)  # past its first days
    assert not any("长河" in a for a in twin_a.aliases_zh + twin_b.aliases_zh)  # shared: neither
    assert "ST长光" in twin_a.aliases_zh and "ST长电" in twin_b.aliases_zh
    assert tagged.aliases_zh.count("*ST青山") == 1 and "ST青山" in tagged.aliases_zh
    assert hk.aliases_zh == [] and "ST海天" not in other.aliases_zh and "*ST海天" in other.aliases_zh
    assert added == sum(len(e.aliases_zh) for e in [old, new, twin_a, twin_b, other]) + len(tagged.aliases_zh) - 1


@pytest.mark.parametrize("text, pairs", [
    ("今日有2只新股申购，为北交所的云帆航天（920901）、科创板的星河光子（688901）。",
     [("920901.BJ", "云帆航天"), ("688901.SH", "星河光子")]),
    ("青山绿水(000903.SZ)午后涨停", [("000903.SZ", "青山绿水")]),
    ("全球芯片LOF（501225）溢价", []),  # a fund's code
    ("公司控股股东青山绿水集团（000903）增持", []),  # a run too long to be a short name
])
def test_names_before_codes(text: str, pairs: list[tuple[str, str]]) -> None:
    assert names_before_codes(text) == pairs


def test_completed_name_from_the_marked_characters() -> None:
    texts = ["云帆航天今日申购", "N云帆涨超200%", "云帆涨幅扩大", "云帆航天首日"]
    assert completed_name("N云帆", texts, {"航天", "科技"}) == "云帆航天"
    assert completed_name("N维通利", texts, {"航天"}) == "维通利"  # three characters: the whole name
    assert completed_name("C星河", texts, {"航天"}) is None


def test_extract_names_new_listings_from_text(tmp_path: Path) -> None:
    folder = tmp_path / "zh-hans" / "cls_telegraph_2026"
    folder.mkdir(parents=True)
    rows = [
        {"title": "投资日历",
         "body": "新股上市，为科创板的云帆航天（688901）；新股申购，为北交所的星河智能（920902）。",
         "published_at": "2026-05-18T08:00:00+08:00"},
        {"title": "N云帆涨超200%", "body": "N云帆盘中涨幅扩大。", "published_at": "2026-05-18T10:00:00+08:00",
         "tagged_stocks": [{"name": "N云帆", "code": "sh688901"}]},
        {"title": "星河网安涨停", "body": "", "published_at": "2026-05-19T10:00:00+08:00",
         "tagged_stocks": [{"name": "星河网安", "code": "sh600901"}]},
    ]
    (folder / "cls_telegraph_2026-05.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    got = {r["ticker"]: (r["name"], r["items"]) for r in extract(tmp_path)}
    assert got["688901.SH"] == ("云帆航天", "1")  # tagged only as N云帆: named from the text
    assert got["920902.BJ"] == ("星河智能", "0")  # not yet trading: written only
    assert got["600901.SH"] == ("星河网安", "1")


def test_written_only_rows_add_no_alias(tmp_path: Path) -> None:
    tsv = tmp_path / "tags.tsv"
    tsv.write_text("# t\nticker\tname\tfirst_seen\titems\tother_names\n"
                   "600901.SH\t星河智能\t2026-05-20\t0\t\n", encoding="utf-8")
    entry = _company("cn.600901", "星河网安", "600901.SH")
    assert tagged_names([entry], lambda s: s, lambda n: False, tsv) == 0 and entry.aliases_zh == []


# (sentence written for the test, the name that must link, its ticker); real listings, made-up sentences.
LINKED = [
    ("中央商场冲高后回落，成交额放大", "中央商场", "600280.SH"),  # a price move right after a phrase-like name
    ("五粮液前十大股东出现变化", "五粮液", "000858.SZ"),
    ("贵州茅台高开后翻绿", "贵州茅台", "600519.SH"),
    ("立讯精密工业股份有限公司发布公告称", "立讯精密", "002475.SZ"),  # its own legal name
    ("老百姓大药房连锁股份有限公司披露年报", "老百姓", "603883.SH"),
    ("*ST国华收到问询函", "*ST国华", "000004.SZ"),  # a risk warning the tags gave
    ("ST宝实今日跌停", "ST宝实", "000595.SZ"),
    ("N惠科午后涨幅扩大", "N惠科", "001399.SZ"),  # first day of a listing named from the text
    ("C天海早盘走强", "C天海", "001365.SZ"),
]


@pytest.mark.parametrize("sentence, name, ticker", LINKED)
def test_links(glossary, sentence: str, name: str, ticker: str) -> None:
    found = {(sentence[m.start:m.end], glossary.entries[m.entry_id].ticker)
             for m in glossary.find(sentence, "zh", "hans")}
    assert (name, ticker) in found


# Sentences where no listing may be linked by these rules.
NOT_LINKED = [
    ("比亚迪汽车工业有限公司在深圳成立", "比亚迪"),  # a subsidiary is a 有限公司, not the listing's legal name
    ("碳化硅SiC衬底价格下跌", "C衬底"),  # a Latin letter before the C: no first-days form
    ("机器人板块冲高回落", "机器人"),  # a sector, not the company 机器人
]


@pytest.mark.parametrize("sentence, name", NOT_LINKED)
def test_not_linked(glossary, sentence: str, name: str) -> None:
    found = {(sentence[m.start:m.end], glossary.entries[m.entry_id].type)
             for m in glossary.find(sentence, "zh", "hans")}
    assert (name, "company") not in found


def test_first_days_tickers(tmp_path: Path) -> None:
    from pipeline.glossary.sources.tagged import first_days_tickers

    tsv = tmp_path / "tags.tsv"
    tsv.write_text("# t\nticker\tname\tfirst_seen\titems\tother_names\n"
                   "688901.SH\t云帆航天\t2026-05-20\t3\tN云帆\n"  # tagged in its first days
                   "920902.BJ\t星河智能\t2026-05-20\t0\t\n"  # named before its code, not yet trading
                   "600901.SH\t星河网安\t2026-05-20\t5\t*ST星河\n", encoding="utf-8")  # an older listing
    assert first_days_tickers(tsv) == {"688901.SH", "920902.BJ"}
