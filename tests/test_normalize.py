"""Normalization: golden cases (OpenCC-style table) and the laws it must keep."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stages.normalize import TextNormalizer
from tests.conftest import PROJECT_ROOT

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "normalize.tsv"


def golden_cases() -> list[tuple[str, str]]:
    rows = []
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        source, expected = line.split("\t")
        decode = lambda s: s.encode("ascii", "backslashreplace").decode("unicode_escape")  # noqa: E731
        rows.append((decode(source), decode(expected)))
    return rows


@pytest.mark.parametrize(("source", "expected"), golden_cases())
def test_golden(normalizer: TextNormalizer, source: str, expected: str) -> None:
    assert normalizer(source) == expected


def test_golden_file_is_not_empty() -> None:
    assert len(golden_cases()) >= 20


MIXED_TEXT = st.text(
    alphabet=st.sampled_from(list("中際旭創股價大涨跌的了ABCxyz0123456789０１２ＡＢ.,:;!?，。：；！？、「」“”‘’ "
                                  "()（）[]%％\u3000\u200b\u0007\n\t-")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(MIXED_TEXT)
def test_idempotent(normalizer: TextNormalizer, text: str) -> None:
    once = normalizer(text)
    assert normalizer(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_idempotent_any_unicode(normalizer: TextNormalizer, text: str) -> None:
    once = normalizer(text)
    assert normalizer(once) == once


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,3})?", fullmatch=True))
def test_numbers_survive_exactly(normalizer: TextNormalizer, number: str) -> None:
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789."})
    for text in (f"营收{number}亿元", f"营收{full_width}亿元"):
        assert re.findall(r"[\d.]+", normalizer(text)) == [number]


@settings(max_examples=200, deadline=None)
@given(MIXED_TEXT)
def test_no_invisible_or_fullwidth_ascii_left(normalizer: TextNormalizer, text: str) -> None:
    out = normalizer(text)
    assert not re.search(r"[\u200b-\u200f\ufeff\x00-\x09\x0b-\x1f\u3000]", out)
    assert not re.search(r"[\uff01-\uff5e]", out.translate({ord(c): None for c in "，：；！？"}))


def test_script_detects_traditional_records_but_not_simplified_names_with_rare_forms():
    from stages.normalize import TextNormalizer

    normalizer = TextNormalizer()
    assert normalizer.script("台積電法說會前夕 外資連3買") == "hant"
    assert normalizer.script("鴻海") == "hant"
    assert normalizer.script("乾照光电涨停") == "hans"  # 乾 survives in Simplified names
    assert normalizer.script("中际旭创暴涨逾13%创新高") == "hans"
    assert normalizer.script("NVDA up 3%") == "hans"


def test_hong_kong_variant_characters_become_simplified():
    """Hong Kong writes 衞 and 衹 where Taiwan writes 衛 and 只; both reach the glossary's Simplified names."""
    normalize = TextNormalizer()
    assert normalize("醫務衞生局") == "医务卫生局"
    assert normalize("衞生署") == normalize("衛生署") == "卫生署"
