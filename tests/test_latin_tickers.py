"""US tickers written in Latin letters in Chinese text link their company only with evidence and never as a
common acronym (issue 16, round 5, category 4; pipeline/glossary/latin_tickers.py). Sentences written here."""

from __future__ import annotations

import pytest

from pipeline.glossary.latin_tickers import acronyms

LINKS = [
    ("GME盘前大涨20%，AMC跟涨。", {"GME": "us.GME", "AMC": "us.AMC"}),
    ("$TSLA 盘后下跌3%。", {"TSLA": "us.TSLA"}),
    ("美股盘前，RGTI、QBTS、IONQ等量子计算概念股走强。", {"RGTI": "us.RGTI", "QBTS": "us.QBTS", "IONQ": "us.IONQ"}),
    ("CVS股价盘前下跌10%。", {"CVS": "us.CVS"}),
    ("游戏驿站GME宣布回购股票。", {"游戏驿站": "us.GME"}),
]

NO_TICKER = [
    "NVDA芯片需求旺盛。",  # no evidence: no $, no Chinese name, no US-market words, no stock words right after
    "公司将推出AI芯片，GPU需求旺盛，美股盘前走强。",  # acronyms
    "英伟达(NVDA)股价创新高，美股盘前。",  # the name's code
    "华纳兄弟探索公司(WBD.O)的贷款规模增加，美股盘前。",
    "挚文集团(Nasdaq:MOMO)公布财报，美股盘后上涨。",
    "SpaceX将在纳斯达克上市，股票代码为SPCX。",
    "该公司将于下月在纳斯达克上市，以“SPCX”为代码。",
    "2倍做多INTC ETF下跌18%，美股盘前。",
    "RBC策略师称美股能够承受加息。",  # Royal Bank of Canada, not RBC Bearings
    "GE航空发动机交付量增加，美股盘前。",  # two letters need a $ or the company's name
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_ticker_with_evidence_links(link, sentence: str, expected: dict[str, str]) -> None:
    found = {m.surface: m.entity_id for m in link(sentence) if m.type == "company"}
    assert found == expected


@pytest.mark.parametrize("sentence", NO_TICKER)
def test_no_ticker_mention(link, sentence: str) -> None:
    assert not [m for m in link(sentence) if m.surface.isascii() and m.surface.isupper() and m.type == "company"]


def test_data_derived_acronyms_are_read() -> None:
    assert {"AI", "GPU", "LU", "ARM"} <= acronyms()
