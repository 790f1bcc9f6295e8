"""Figures and dates are read where dropped punctuation leaves a gap: two figures on either side of a "、", a title
ending in a figure and a body starting with one, never read as one number (the story text, letters only, is what
the MinHash shingles are taken from and stays as it was)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import fingerprint as fp

# Anything that is dropped from the story text, except the two marks that may stand inside one number: "." between
# digits (a decimal point) and "," before three digits (a thousands separator; test_thousands_separators_join).
SEPARATORS = st.text(alphabet=st.sampled_from(list("%、；：:/-—~·（）()【】“” \u3000\n\r\t！？!?。…")), min_size=1,
                     max_size=3)
FIGURES = st.one_of(st.integers(min_value=0, max_value=99_999).map(str),
                    st.tuples(st.integers(0, 9999), st.integers(0, 999)).map(lambda t: f"{t[0]}.{t[1]}"))
MONTH_DAYS = st.tuples(st.integers(1, 12), st.integers(1, 28))


def _values(text: str) -> list[float]:
    return fp.number_values(fp.figure_text(text)).tolist()


@settings(max_examples=30, deadline=None)
@given(first=FIGURES, gap=SEPARATORS, second=FIGURES)
def test_two_figures_never_merge(first: str, gap: str, second: str) -> None:
    assert _values(f"营收{first}{gap}{second}亿") == [float(first), float(second)]


@settings(max_examples=25, deadline=None)
@given(first=FIGURES, gap=st.one_of(st.just(""), SEPARATORS), second=FIGURES)
def test_a_title_and_its_body_never_merge(first: str, gap: str, second: str) -> None:
    print_ = fp.fingerprint(f"星河电子营收增长{first}{gap}", f"{second}家门店开业")
    assert print_.numbers.tolist() == [float(first), float(second)]
    assert print_.text == fp.story_text(f"星河电子营收增长{first}{gap}", f"{second}家门店开业")


@settings(max_examples=25, deadline=None)
@given(figure=FIGURES, gap=SEPARATORS, date=MONTH_DAYS, in_body=st.booleans())
def test_a_date_after_a_figure_is_that_date(figure: str, gap: str, date: tuple[int, int], in_body: bool) -> None:
    month, day = date
    title, body = (f"星河电子营收增长{figure}{gap}", f"{month}月{day}日公布") if in_body else \
        ("星河电子", f"营收增长{figure}{gap}{month}月{day}日公布")
    print_ = fp.fingerprint(title, body)
    assert print_.dates.tolist() == fp.date_hashes(f"{month}月{day}日").tolist()
    assert print_.numbers.tolist() == [float(figure)]


@pytest.mark.parametrize(("text", "values"), [
    ("增持182,980股", [182980.0]),
    ("营收2,870万元", [2870.0]),
    ("成交1,234,567手", [1234567.0]),
    ("报25,000.5点", [25000.5]),
    ("增长1.5%、2.3%", [1.5, 2.3]),
    ("10:30开盘", [10.0, 30.0]),
    ("5 月 26 日", [5.0, 26.0]),  # spaces beside a unit drop as before: a date still
    ("SU7 Ultra", [7.0]),
])
def test_figure_text_table(text: str, values: list[float]) -> None:
    assert _values(text) == values


def test_thousands_separators_join() -> None:
    """A comma before exactly three digits is a thousands separator, as the story text always read it."""
    assert fp.figure_text("182,980股、18.3万股") == "182980股18.3万股"
    assert fp.figure_text("182,980、18.3万股") == "182980 18.3万股"
    assert fp.figure_text("1,2,3") == "1 2 3"


def test_dates_spaced_by_their_units_are_still_dates() -> None:
    assert fp.fingerprint("星河电子", "5 月 26 日公布").dates.tolist() == fp.date_hashes("5月26日").tolist()


def test_the_title_text_keeps_its_figures_apart() -> None:
    """The normalized title gains a space only between two digits; its exact hash and head are the letters'."""
    print_ = fp.fingerprint("道指跌0.5%、1.1%后", "正文")
    assert print_.title_text == "道指跌0.5 1.1后"
    assert print_.title == fp.fingerprint("道指跌0.51.1后", "正文").title
    assert print_.head == fp.headline_head("道指跌0.51.1后")


# The MinHash, exact hashes and head of three texts before figures were read apart (fingerprint v3): the shingles
# are what containment is measured on, so they must not change with how figures are read.
SIGNATURES = [
    (("星河电子二季度营收增长7%", "8月10日，星河电子公布二季度营收1.5%、2.3%，净利润182,980股。"),
     "e68f2089a9b5003b", 39, 575016044468539485),
    (("恒生指数收涨1.2%", "恒生指数收涨1.2%，报25,000点；成交额2,870万港元。"), "5016336dfedb3d68", 22,
     5239457700387703363),
    (("美股收盘：道指跌0.5% 纳指涨1.1%", "新华社纽约5月26日电 道指跌0.5%，纳指涨1.1%，标普500指数持平。"),
     "c4bbf0ecf52d2fa1", 25, 7644325934878567126),
]


@pytest.mark.parametrize(("texts", "digest", "shingles", "head"), SIGNATURES)
def test_signatures_are_unchanged(texts: tuple[str, str], digest: str, shingles: int, head: int) -> None:
    print_ = fp.fingerprint(*texts)
    raw = print_.signature.astype("<u4").tobytes() + print_.exact + (print_.title or b"")
    assert hashlib.blake2b(raw, digest_size=8).hexdigest() == digest
    assert (print_.shingles, print_.head) == (shingles, head)


def test_the_first_fixture_reads_its_figures_apart() -> None:
    """v3 read "增长7%" + "8月10日" as the date 78月10日 and "1.5%、2.3%" as 1.52 and 3."""
    print_ = fp.fingerprint(*SIGNATURES[0][0])
    assert print_.numbers.tolist() == [7.0, 1.5, 2.3, 182980.0]
    assert np.array_equal(print_.dates, fp.date_hashes("8月10日"))
