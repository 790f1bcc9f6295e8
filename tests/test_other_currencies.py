"""Currencies beyond yuan, HK$, NT$ and US$ that market news writes beside amounts (加元, 澳元, 港仙 …): each is read
with its own currency, rendered in English, and checked by currency in the translation."""

from __future__ import annotations

import pytest

from stages.translators.numbers import HKD, find_numbers, number_kept


@pytest.mark.parametrize(("zh", "english"), [
    ("加拿大拟投资300亿加元", "30 billion Canadian dollars"),
    ("项目耗资50亿澳元", "5 billion Australian dollars"),
    ("每股派息14.2港仙", "14.2 HK cents"),
    ("估值达20亿新加坡元", "2 billion Singapore dollars"),
    ("罚款1000万瑞郎", "10 million Swiss francs"),
])
def test_other_currencies_are_read_with_their_own_name(zh: str, english: str) -> None:
    assert [e.english for e in find_numbers(zh, HKD)][-1] == english


def test_an_amount_in_canadian_dollars_is_not_kept_as_us_dollars() -> None:
    (amount,) = [e for e in find_numbers("拟投资300亿加元") if e.unit]
    assert number_kept(amount, "It plans to invest 30 billion Canadian dollars.")
    assert not number_kept(amount, "It plans to invest US$30 billion.")
