"""Number rules: Chinese magnitudes to English, and the fidelity check that uses them."""

from __future__ import annotations

import pytest

from stages.translators.numbers import find_numbers, format_value, number_kept


@pytest.mark.parametrize(("zh", "english"), [
    ("市值突破6000亿元", "600 billion yuan"),
    ("成交额4300万元", "43 million yuan"),
    ("余额1.8万亿元", "1.8 trillion yuan"),
    ("暴涨逾13%", "over 13%"),
    ("营收2477.95亿元", "247.795 billion yuan"),
    ("营收39.82亿美元", "3.982 billion US dollars"),
    ("持股5万股", "50,000 shares"),
    ("募资1亿港元", "100 million Hong Kong dollars"),
    ("上涨2个百分点", "2 percentage points"),
    ("2025年11月26日", "November 26, 2025"),
    ("11月26日", "November 26"),
    ("2026年", "2026"),
    ("近7个月", "nearly 7 months"),
    ("税前盈余冲破1兆元", "1 trillion yuan"),
    ("代码159273", "159273"),
    ("营收新台币9899亿元", "989.9 billion New Taiwan dollars"),
])
def test_renders(zh: str, english: str) -> None:
    assert [e.english for e in find_numbers(zh)][-1] == english


@pytest.mark.parametrize(("value", "text"), [(600_000_000_000, "600 billion"), (43_000_000, "43 million"),
                                             (50_000, "50,000"), (1500, "1500"), (0, "0")])
def test_format_value(value: int, text: str) -> None:
    from decimal import Decimal

    assert format_value(Decimal(value)) == text


def test_model_names_are_not_amounts() -> None:
    assert [e.english for e in find_numbers("GB200")] == ["200"]


@pytest.mark.parametrize(("zh", "english", "kept"), [
    ("市值6000亿元", "market value of 600 billion yuan", True),
    ("市值6000亿元", "market value of 60 billion yuan", False),
    ("市值6000亿元", "market value of 600 billion", False),  # the currency was lost
    ("成交额4300万元", "turnover of 43 million yuan", True),
    ("上涨4.5%", "rose 4.5 percent", True),
    ("上涨4.5%", "rose 14.5%", False),
    ("上涨4.5%", "rose 4.55%", False),
    ("上涨15%", "rose 1.5%", False),
    ("代码159273", "code 159,273", True),
    ("2025年11月26日", "on November 26, 2025", True),
    ("2025年11月26日", "on November 2025", False),
])
def test_number_kept(zh: str, english: str, kept: bool) -> None:
    (expr,) = find_numbers(zh)
    assert number_kept(expr, english) is kept
