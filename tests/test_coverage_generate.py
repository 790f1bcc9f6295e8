"""The generator's coverage steps on entries written here: same-name joins across markets, symbol changes, ETF
names with the manager at the end, and new listings from publisher tags."""

from __future__ import annotations

from pathlib import Path

from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.fund_names import MANAGER_FORM, add_market_fund_names, market_fund_names
from pipeline.glossary.sources.merges import apply_symbol_changes, join_same_names
from pipeline.glossary.sources.tagged import marked, tag_ticker, tagged_listings


def _company(id_: str, zh: str, ticker: str, **kw) -> GeneratedEntry:
    return GeneratedEntry(id=id_, type="company", zh=zh, en="", ticker=ticker, **kw)


def test_same_full_name_joins_across_markets() -> None:
    home = _company("cn.1", "一号神药", "688001.SH", tickers=["6001.HK"])
    kept = join_same_names([home], [_company("us.YHSY", "一号神药", "YHSY"), _company("us.QS", "强生", "QS")])
    assert [e.id for e in kept] == ["us.QS"]  # a two-character name is too often two companies
    assert home.tickers == ["6001.HK", "YHSY"]


def test_symbol_change_keeps_the_old_symbol_as_former() -> None:
    entry = _company("cn.688235", "百济神州", "688235.SH", tickers=["6160.HK", "BGNE"])
    apply_symbol_changes([entry])
    assert entry.tickers == ["6160.HK", "ONC"] and "BGNE" in entry.former_tickers


def _fund(zh: str, english: str, code: str) -> GeneratedEntry:
    return GeneratedEntry(id=f"fund.{code}", type="fund", zh=zh, en="", ticker=f"{code}.SH", english_names=[english])


def test_fund_names_with_index_and_manager() -> None:
    assert market_fund_names(_fund("50ETF", "CHINAAMC SSE 50 ETF", "510050")) == ["上证50ETF华夏"]
    assert market_fund_names(_fund("HS300ETF", "E FUND CSI 300 ETF", "510310")) == ["沪深300ETF易方达"]
    assert market_fund_names(_fund("A500ETF南方", "CS CSI A500 ETF", "159352")) == ["中证A500ETF南方", "A500ETF南方"]
    assert market_fund_names(_fund("医疗ETF", "HWABAO WP HEALTHCARE ETF", "512170")) == []  # no index known


def test_a_fund_keeps_its_own_short_name() -> None:
    mine = _fund("沪深300ETF嘉实", "CSI300ETF", "159919")
    other = _fund("嘉实300", "HARVEST CSI 300 ETF", "510330")
    add_market_fund_names([mine, other])
    assert "沪深300ETF嘉实" not in other.aliases_zh


def test_manager_form_is_one_fund() -> None:
    assert MANAGER_FORM.match("上证50ETF华夏") and not MANAGER_FORM.match("上证50ETF")


def test_tagged_codes_and_markers() -> None:
    assert tag_ticker("sh688331") == "688331.SH" and tag_ticker("920725.BJ") == "920725.BJ"
    assert tag_ticker("sz399006") is None  # an index
    assert marked("XD长飞光") and marked("N长进") and not marked("长飞光纤")


def test_tagged_listings_add_only_unknown_codes_and_names(tmp_path: Path) -> None:
    tsv = tmp_path / "tags.tsv"
    tsv.write_text("# test\nticker\tname\tfirst_seen\titems\n688999.SH\t新星材料\t2026-05-20\t3\n"
                   "600001.SH\t老牌钢铁\t2026-05-20\t2\n688998.SH\t老牌钢铁\t2026-05-21\t1\n", encoding="utf-8")
    known = [_company("cn.600001", "老牌钢铁", "600001.SH")]
    new = tagged_listings(known, [], lambda s: s, tsv)
    assert [(e.ticker, e.zh, e.official_short_names) for e in new] == [("688999.SH", "新星材料", True)]
