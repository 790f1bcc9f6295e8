"""A full name followed by a word that a rare dictionary compound runs across (北京银行|行长: 银行行长, frequency 3)
still links; a frequent one still splits it. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.commonness import is_word_at


@pytest.mark.parametrize(("text", "name", "kept"), [
    ("北京银行行长表示将扩大存款来源", "北京银行", True),  # 银行行长 is rare: the bank and its president
    ("平安银行行长在发布会上回应", "平安银行", True),
    ("理想汽车盘前大涨", "理想汽车", True),  # 车盘 (3): no evidence, as before
    ("这家三星级酒店客满", "三星", False),  # 三星级 is frequent: the rating, not Samsung
])
def test_rare_words_across_a_names_end(text: str, name: str, kept: bool) -> None:
    start = text.index(name)
    assert is_word_at(text, start, start + len(name)) is kept


@pytest.mark.parametrize(("text", "ticker"), [
    ("北京银行行长表示将扩大低成本存款来源", "601169.SH"),
    ("平安银行行长在发布会上回应息差问题", "000001.SZ"),
])
def test_a_bank_before_its_presidents_title_links(link, text: str, ticker: str) -> None:
    assert ticker in [m.ticker for m in link(text)]
