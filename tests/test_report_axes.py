"""The mentions-per-day chart: day labels that never overlap (thinned to fit, whatever the span), a y axis with
a few round, labelled values, and charts that scale within their box (viewBox, no fixed width in CSS)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.report.charts import CHAR_EM, FONT_SIZE, Bar, column_chart, hbar_chart
from pipeline.report.page import CSS

# A label's drawn width, estimated as the chart itself should (CHAR_EM errs wide): in the chart's units.
GAP = 4


def _days(n: int, start: str = "2025-01-01", every: int = 1) -> list[tuple[str, int]]:
    first = dt.date.fromisoformat(start)
    return [((first + dt.timedelta(days=i * every)).isoformat(), (i * 7) % 23) for i in range(n)]


DAY_LABEL = re.compile(r"(\d{4}-)?\d\d-\d\d")


def _texts(svg: str, css_class: str) -> list[tuple[float, float, str]]:
    """(x, y, text) of the chart's <text> elements of a class; for "xtick", every label that is a day."""
    tree = HTMLParser(svg)
    found = tree.css("text") if css_class == "xtick" else tree.css(f"text.{css_class}")
    return [(float(t.attributes["x"]), float(t.attributes["y"]), t.text()) for t in found
            if css_class != "xtick" or DAY_LABEL.fullmatch(t.text())]


def _width(text: str) -> float:
    return len(text) * FONT_SIZE * CHAR_EM


@pytest.mark.parametrize(("days", "start"), [
    (1, "2025-03-01"), (2, "2025-03-01"), (14, "2025-01-01"), (33, "2025-10-30"), (90, "2025-01-01"),
    (151, "2025-01-01"), (400, "2024-06-01"), (1100, "2023-01-01"),
    (5000, "1990-01-01"),  # beyond MAX_DAY_SPAN only days with mentions are drawn: thousands of columns
])
def test_day_labels_are_spaced_by_at_least_their_width(days: int, start: str) -> None:
    ticks = _texts(column_chart(_days(days, start, every=3 if days > 1100 else 1), "mentions per day"), "xtick")
    assert ticks, "no day label"
    assert ticks[0][2] == start  # the first day is labelled, in full
    for (x1, _, t1), (x2, _, t2) in zip(ticks, ticks[1:], strict=False):
        assert x2 - x1 >= (_width(t1) + _width(t2)) / 2 + GAP, (t1, t2, x2 - x1)


@pytest.mark.parametrize(("days", "labels"), [(1, 1), (10, 10), (14, 7), (33, 11), (90, 7)])
def test_day_labels_are_thinned_only_as_much_as_needed(days: int, labels: int) -> None:
    assert len(_texts(column_chart(_days(days), "mentions per day"), "xtick")) == labels


@pytest.mark.parametrize("days", [14, 33, 90, 400])
def test_day_labels_stay_inside_the_chart(days: int) -> None:
    svg = column_chart(_days(days), "mentions per day")
    width = float(HTMLParser(svg).css_first("svg").attributes["width"])
    for x, _, text in _texts(svg, "xtick"):
        assert x - _width(text) / 2 >= 0 and x + _width(text) / 2 <= width, text


def test_labels_name_the_year_once_and_again_where_it_changes() -> None:
    labels = [t for _, _, t in _texts(column_chart(_days(60, "2024-12-01"), "m"), "xtick")]
    full = [t for t in labels if re.fullmatch(r"\d{4}-\d\d-\d\d", t)]
    assert full[0] == "2024-12-01" and any(t.startswith("2025-") for t in full)
    assert all(re.fullmatch(r"(\d{4}-)?\d\d-\d\d", t) for t in labels)


@pytest.mark.parametrize(("peak", "expected"), [
    (1, ["0", "1"]),
    (3, ["0", "1", "2", "3"]),
    (9, ["0", "5", "10"]),
    (64, ["0", "20", "40", "60", "80"]),
    (100, ["0", "50", "100"]),
    (1234, ["0", "500", "1,000", "1,500"]),
])
def test_y_axis_has_round_labelled_values_up_to_the_peak(peak: int, expected: list[str]) -> None:
    svg = column_chart([("2025-03-01", 0), ("2025-03-02", peak)], "mentions per day")
    ticks = _texts(svg, "ytick")
    assert [t for _, _, t in ticks] == expected
    ys = [y for _, y, _ in ticks]
    assert ys == sorted(ys, reverse=True)  # 0 at the bottom, rising upwards
    assert "max " not in svg  # the axis says it; no loose "max N" in a corner


def test_the_tallest_column_reaches_its_value_on_the_axis() -> None:
    tree = HTMLParser(column_chart([("2025-03-01", 50), ("2025-03-02", 100)], "m"))
    top_label = tree.css("text.ytick")[-1]
    tallest = max(tree.css("rect"), key=lambda r: float(r.attributes["height"]))
    label_line = float(top_label.attributes["y"]) - FONT_SIZE * 0.35
    assert top_label.text() == "100" and abs(float(tallest.attributes["y"]) - label_line) < 1


@pytest.mark.parametrize("chart", [
    column_chart(_days(30), "mentions per day"),
    hbar_chart([Bar("300308.SZ Zhongji Xuchuang", 5, "5 docs"), Bar("NVDA Nvidia", 4, "4 docs")], "tickers"),
])
def test_charts_scale_within_their_box(chart: str) -> None:
    svg = HTMLParser(chart).css_first("svg")
    width, height = svg.attributes["width"], svg.attributes["height"]
    assert svg.attributes["viewBox"] == f"0 0 {width} {height}"
    rule = re.search(r"svg\.chart\{([^}]*)\}", CSS)
    assert rule is not None and "max-width:100%" in rule.group(1) and "height:auto" in rule.group(1)
