"""Bar charts as inline SVG, drawn here so the report needs no plotting library, font or network.

Each chart has a viewBox and its natural size as a maximum: CSS (page.py) lets it shrink with its box on a
narrow window, text and all, instead of running off the page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

# Sizes in CSS pixels, chosen for a page about 960 px wide.
ROW_HEIGHT = 22
LABEL_WIDTH = 260
BAR_AREA = 520
VALUE_WIDTH = 90
COLUMN_CHART_WIDTH = 900
COLUMN_CHART_HEIGHT = 240
AXIS_HEIGHT = 40  # below the plot: tick marks and day labels
PLOT_TOP = 10  # room for the top y label, centred on its grid line
PLOT_LEFT = 56  # room for the y axis' labels ("12,345") and half the first day's label
PLOT_RIGHT = 44  # room for half the last day's label
TICK = 4
FONT_SIZE = 12
# Width of one character of a tick label, in em: digits and "-" of the sans-serif fonts browsers pick are
# 0.50-0.58 em wide; 0.62 errs on the wide side so labels computed not to overlap do not overlap when drawn.
CHAR_EM = 0.62
LABEL_GAP = 10  # at least this much space between two day labels
# Day ticks fall every 1, 2, 3 days, a week, two weeks, four weeks...: the smallest step whose labels fit
# (past a year's step, every n-th day for the smallest n that fits).
NICE_DAY_STEPS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)
# The y axis has about this many intervals, at 1, 2 or 5 times a power of ten.
Y_INTERVALS = 4
BAR_COLOR = "#3b6ea8"
GRID_COLOR = "#e2e2e2"
AXIS_COLOR = "#888"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown at the end of the bar
    tip: str = ""  # shown on hover (an SVG <title>)


@dataclass(frozen=True)
class Tick:
    """A label under (or beside) an axis: its anchor position in the chart's units and its text."""

    position: float
    text: str


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """The width `text` takes when drawn, erring wide (see CHAR_EM)."""
    return len(text) * font_size * CHAR_EM


def _svg(title: str, width: int, height: int, body: str) -> str:
    """The <svg> element: natural size as width/height, scaled by CSS within its box (page.py)."""
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">{body}</svg>')


def hbar_chart(bars: list[Bar], title: str, label_width: int = LABEL_WIDTH, bar_area: int = BAR_AREA) -> str:
    """One horizontal bar per item, in the order given; empty string when there is nothing to draw."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1.0
    width = label_width + bar_area + VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 4
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW_HEIGHT + 2
        length = max(1.0, bar_area * bar.value / top) if bar.value > 0 else 0.0
        tip = f"<title>{escape(bar.tip or bar.label)}: {escape(bar.text)}</title>"
        rows.append(
            f'<g class="bar">{tip}'
            f'<text x="{label_width - 6}" y="{y + ROW_HEIGHT * 0.68:.1f}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 6}" fill="{BAR_COLOR}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + ROW_HEIGHT * 0.68:.1f}">{escape(bar.text)}</text></g>')
    return _svg(title, width, height, "".join(rows))


def nice_step(top: float, intervals: int = Y_INTERVALS) -> int:
    """A round step (1, 2 or 5 times a power of ten, at least 1) that divides 0..top into about `intervals`."""
    if top <= intervals:
        return 1
    raw = top / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(int(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= raw)


def y_ticks(top: int) -> list[int]:
    """The values labelled on the y axis: 0, step, 2·step, … up to the first multiple of step ≥ top."""
    step = nice_step(max(top, 1))
    return list(range(0, step * math.ceil(max(top, 1) / step) + 1, step))


def day_label(day: str, previous: str | None) -> str:
    """"2025-01-14" for the first label and where the year changes, "01-14" otherwise (the year is above)."""
    return day if previous is None or previous[:4] != day[:4] else day[5:]


def day_ticks(days: list[str], left: float, step: float) -> list[Tick]:
    """Labels for columns of width `step` starting at `left`: every n-th day, n the smallest of NICE_DAY_STEPS
    (then any larger n) for which each two neighbouring labels stand LABEL_GAP apart at least."""
    if not days:
        return []
    for every in [n for n in NICE_DAY_STEPS if n < len(days)]:
        ticks = _every_nth(days, left, step, every)
        if all(b.position - a.position >= (text_width(a.text) + text_width(b.text)) / 2 + LABEL_GAP
               for a, b in zip(ticks, ticks[1:], strict=False)):
            return ticks
    # Beyond the nice steps (a sparse axis of thousands of days): spaced by the widest label, which always fits.
    return _every_nth(days, left, step, max(1, math.ceil((text_width(max(days, key=len)) + LABEL_GAP) / step)))


def _every_nth(days: list[str], left: float, step: float, every: int) -> list[Tick]:
    ticks: list[Tick] = []
    previous: str | None = None
    for i in range(0, len(days), every):
        ticks.append(Tick(left + (i + 0.5) * step, day_label(days[i], previous)))
        previous = days[i]
    return ticks


def column_chart(points: list[tuple[str, int]], title: str) -> str:
    """One column per (day, count), in the given order, with a y axis of round values and as many day labels
    along the x axis as fit without overlapping."""
    if not points:
        return ""
    values = y_ticks(max(v for _, v in points))
    axis_top = values[-1] or 1
    plot_bottom = COLUMN_CHART_HEIGHT - AXIS_HEIGHT
    plot_height = plot_bottom - PLOT_TOP
    plot_width = COLUMN_CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    step = plot_width / len(points)
    grid, cols, labels = [], [], []
    for value in values:
        y = plot_bottom - plot_height * value / axis_top
        grid.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_LEFT + plot_width}" y2="{y:.1f}" '
                    f'stroke="{GRID_COLOR}"/>')
        labels.append(f'<text class="ytick" x="{PLOT_LEFT - TICK - 2}" y="{y + FONT_SIZE * 0.35:.1f}" '
                      f'text-anchor="end">{value:,}</text>')
    for i, (label, value) in enumerate(points):
        h = plot_height * value / axis_top
        cols.append(f'<rect x="{PLOT_LEFT + i * step + step * 0.1:.1f}" y="{plot_bottom - h:.1f}" '
                    f'width="{max(1.0, step * 0.8):.1f}" height="{h:.1f}" fill="{BAR_COLOR}">'
                    f"<title>{escape(label)}: {value:,}</title></rect>")
    for tick in day_ticks([day for day, _ in points], PLOT_LEFT, step):
        grid.append(f'<line x1="{tick.position:.1f}" y1="{plot_bottom}" x2="{tick.position:.1f}" '
                    f'y2="{plot_bottom + TICK}" stroke="{AXIS_COLOR}"/>')
        labels.append(f'<text class="xtick" x="{tick.position:.1f}" y="{plot_bottom + TICK + FONT_SIZE + 2}" '
                      f'text-anchor="middle">{escape(tick.text)}</text>')
    axes = (f'<line x1="{PLOT_LEFT}" y1="{PLOT_TOP}" x2="{PLOT_LEFT}" y2="{plot_bottom}" stroke="{AXIS_COLOR}"/>'
            f'<line x1="{PLOT_LEFT}" y1="{plot_bottom}" x2="{PLOT_LEFT + plot_width}" y2="{plot_bottom}" '
            f'stroke="{AXIS_COLOR}"/>')
    return _svg(title, COLUMN_CHART_WIDTH, COLUMN_CHART_HEIGHT, "".join(grid) + "".join(cols) + axes + "".join(labels))
