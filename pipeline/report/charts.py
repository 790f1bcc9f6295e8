"""Bar charts as inline SVG, drawn here so the report needs no plotting library, font or network."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Sizes in CSS pixels, chosen for a page about 960 px wide.
ROW_HEIGHT = 22
LABEL_WIDTH = 260
BAR_AREA = 520
VALUE_WIDTH = 90
COLUMN_CHART_WIDTH = 900
COLUMN_CHART_HEIGHT = 220
AXIS_HEIGHT = 40
PLOT_LEFT = 40  # room for the first day's label, centred under its column
# At most this many day labels under a column chart, so they never overlap.
MAX_AXIS_LABELS = 12
BAR_COLOR = "#3b6ea8"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown at the end of the bar
    tip: str = ""  # shown on hover (an SVG <title>)


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
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(rows)}</svg>')


def column_chart(points: list[tuple[str, int]], title: str) -> str:
    """One column per (label, count), in the given order (days), with a few labels along the axis."""
    if not points:
        return ""
    top = max(v for _, v in points) or 1
    plot_height = COLUMN_CHART_HEIGHT - AXIS_HEIGHT
    step = (COLUMN_CHART_WIDTH - 2 * PLOT_LEFT) / len(points)
    every = max(1, -(-len(points) // MAX_AXIS_LABELS))
    cols, labels = [], []
    for i, (label, value) in enumerate(points):
        h = plot_height * value / top
        x = PLOT_LEFT + i * step
        cols.append(f'<rect x="{x + step * 0.1:.1f}" y="{plot_height - h:.1f}" width="{max(1.0, step * 0.8):.1f}" '
                    f'height="{h:.1f}" fill="{BAR_COLOR}"><title>{escape(label)}: {value:,}</title></rect>')
        if i % every == 0:
            labels.append(f'<text x="{x + step / 2:.1f}" y="{plot_height + 16}" text-anchor="middle">'
                          f'{escape(label)}</text>')
    axis = f'<line x1="0" y1="{plot_height}" x2="{COLUMN_CHART_WIDTH}" y2="{plot_height}" stroke="#888"/>'
    peak = f'<text x="2" y="12">max {top:,}</text>'
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{COLUMN_CHART_WIDTH}" '
            f'height="{COLUMN_CHART_HEIGHT}" viewBox="0 0 {COLUMN_CHART_WIDTH} {COLUMN_CHART_HEIGHT}" '
            f'>{"".join(cols)}{axis}{"".join(labels)}{peak}</svg>')
