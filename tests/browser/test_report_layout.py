"""report.html's layout in headless Chromium at 1400 and 700 px: nothing runs off the page sideways (except
inside a box that scrolls), the chart labels do not overlap, the flagged table keeps its text readable, the
warning shows at the top, and a screenshot of each width is written (NEWSBRIDGE_SCREENSHOTS=DIR keeps them).

The pages: a run on seeds/ with flagged rows added (the gloss run flags nothing there), among them a Traditional
sentence; the same output with its counts set to a run that rejected most records; and the same documents
dated over a year and a half (a long day axis)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.report import REPORT_FILE, write_report
from tests.browser import chromium
from tests.conftest import GLOSSARIES, SEEDS

if (_reason := chromium.missing()) is not None:
    if os.environ.get("NEWSBRIDGE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSBRIDGE_REQUIRE_BROWSER=1 but {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402

WIDTHS = (1400, 700)
HEIGHT = 900
SCREENSHOT_MAX_HEIGHT = 4000
# A flagged text cell narrower than this is the "text squeezed to strips" the layout must prevent.
MIN_TEXT_CELL = 150
# Sub-pixel rounding between layout boxes.
SLACK = 0.5
LONG_SPAN_DAYS = 540
DAY_LABEL = re.compile(r"(\d{4}-)?\d\d-\d\d")
FLAGS = ("untranslated", "term_missing:台積電", "numbers:9899亿元→989.9 billion", "dictionary_text")

# Every element whose box reaches past the viewport's sides, unless an ancestor that scrolls sideways (and
# itself fits) clips it; hidden elements have empty boxes and are skipped.
OVERFLOWING = """
const width = document.documentElement.clientWidth, slack = arguments[0], out = [];
function clipped(el) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') {
      const r = p.getBoundingClientRect();
      return r.left >= -slack && r.right <= width + slack;
    }
  }
  return false;
}
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if ((r.right > width + slack || r.left < -slack) && !clipped(el))
    out.push(el.tagName + (el.id ? '#' + el.id : '') + '.' + el.getAttribute('class') + ' ' +
             Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + width);
}
return out;
"""
BOXES = """
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent];
});
"""


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_outputs(tmp_path_factory.mktemp("layout"))


def make_outputs(root: Path) -> dict[str, Path]:
    """The two pages under `root` (see the module docstring)."""
    seeds = root / "seeds"
    assert main(["run", str(SEEDS), "--out", str(seeds), "--glossaries", str(GLOSSARIES), "--translator", "gloss",
                 "-q"]) == 0
    segments = [s for s in _jsonl(seeds / "segments.jsonl") if s["zh"]]
    traditional = [s for s in segments if s["script"] == "hant"][:2]
    picked = traditional + [s for s in segments if len(s["zh"]) > 30][:6]
    rows = [{"doc_id": s["doc_id"] + "-with-a-long-identifier-0123456789", "seg_id": s["seg_id"],
             "flags": list(FLAGS[: 1 + i % len(FLAGS)]), "zh": s["zh"], "en": s["en"]} for i, s in enumerate(picked)]
    rows += [{"doc_id": s["doc_id"], "seg_id": s["seg_id"], "flags": ["untranslated"], "zh": s["zh"], "en": s["en"]}
             for s in traditional]
    (seeds / "flags.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                       encoding="utf-8")
    write_report(seeds)
    rejected = root / "rejected"
    shutil.copytree(seeds, rejected)
    manifest = json.loads((rejected / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    counts["rejected"] = 268 + counts["rejected"]
    counts["records_in"] = counts["documents_out"] + counts["rejected"]
    (rejected / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    write_report(rejected)
    long = root / "long"  # the same documents spread over a year and a half: many more days than labels
    shutil.copytree(seeds, long)
    documents = _jsonl(long / "documents.jsonl")
    for i, doc in enumerate(documents):
        doc["published_at"] = (dt.datetime(2024, 1, 1, 2, tzinfo=dt.timezone.utc)
                               + dt.timedelta(days=LONG_SPAN_DAYS * i // len(documents))).isoformat()
    (long / "documents.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents),
                                          encoding="utf-8")
    write_report(long)
    return {"seeds": seeds, "rejected": rejected, "long": long}


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    browser = chromium.start(WIDTHS[0], HEIGHT)
    try:
        yield browser
    finally:
        browser.quit()


def _open(driver: Any, out: Path, width: int) -> Any:
    driver.set_window_size(width, HEIGHT)
    driver.get((out / REPORT_FILE).as_uri())
    assert driver.execute_script("return document.documentElement.clientWidth") <= width
    return driver


def _boxes(driver: Any, css: str) -> list[tuple[float, float, float, float, str]]:
    return [tuple(b) for b in driver.execute_script(BOXES, css)]


@pytest.mark.parametrize("page", ["seeds", "rejected", "long"])
@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_runs_off_the_page_sideways(driver: Any, outputs: dict[str, Path], page: str, width: int) -> None:
    _open(driver, outputs[page], width)
    assert driver.execute_script(OVERFLOWING, SLACK) == []
    scroll = driver.execute_script("return [document.documentElement.scrollWidth, "
                                   "document.documentElement.clientWidth]")
    assert scroll[0] <= scroll[1], scroll  # no sideways scrolling of the page itself


@pytest.mark.parametrize("page", ["seeds", "long"])
@pytest.mark.parametrize("width", WIDTHS)
def test_day_labels_do_not_overlap(driver: Any, outputs: dict[str, Path], page: str, width: int) -> None:
    _open(driver, outputs[page], width)
    texts = _boxes(driver, "#days svg text")
    labels = [t for t in texts if DAY_LABEL.fullmatch(t[4])]
    assert len(labels) >= 3
    for a, b in zip(labels, labels[1:], strict=False):
        assert a[2] <= b[0], (a[4], b[4], a[2], b[0])  # the next label starts after this one ends
    values = [t for t in texts if re.fullmatch(r"[\d,]+", t[4])]
    assert len(values) >= 2 and values[0][4] == "0"
    for a, b in zip(values, values[1:], strict=False):
        assert b[3] <= a[1], (a[4], b[4])  # each higher value is drawn above the one below


@pytest.mark.parametrize("section", ["time", "tickers", "glossary"])
@pytest.mark.parametrize("width", WIDTHS)
def test_bar_labels_do_not_overlap_and_stay_in_view(driver: Any, outputs: dict[str, Path], section: str,
                                                    width: int) -> None:
    _open(driver, outputs["seeds"], width)
    labels = _boxes(driver, f"#{section} svg g.bar text:first-of-type")
    assert labels
    for a, b in zip(labels, labels[1:], strict=False):
        assert a[3] <= b[1] + 1, (a[4], b[4])  # rows do not run into each other
    view = driver.execute_script("return document.documentElement.clientWidth")
    for box in _boxes(driver, f"#{section} svg g.bar text"):
        assert box[0] >= 0 and box[2] <= view, box


@pytest.mark.parametrize("width", WIDTHS)
def test_flagged_table_keeps_its_text_readable(driver: Any, outputs: dict[str, Path], width: int) -> None:
    _open(driver, outputs["seeds"], width)
    cells = driver.find_elements(By.CSS_SELECTOR, "#quality table.flagged tbody td:nth-child(n+4)")
    assert cells
    assert min(c.size["width"] for c in cells) >= MIN_TEXT_CELL
    shown = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#quality table.flagged td[lang=zh-Hant]")]
    assert shown  # the Traditional sentences are shown as written


@pytest.mark.parametrize("width", WIDTHS)
def test_warning_is_visible_at_the_top(driver: Any, outputs: dict[str, Path], width: int) -> None:
    _open(driver, outputs["rejected"], width)
    warning = driver.find_element(By.CSS_SELECTOR, ".warning")
    assert warning.is_displayed()
    assert "Most records were rejected" in warning.text
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];",
                                warning)
    assert 0 <= box[0] and box[1] <= HEIGHT  # on the first screen, without scrolling
    _open(driver, outputs["seeds"], width)
    assert driver.find_elements(By.CSS_SELECTOR, ".warning") == []


@pytest.mark.parametrize("page", ["seeds", "rejected"])
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(driver: Any, outputs: dict[str, Path], page: str, width: int, tmp_path: Path) -> None:
    _open(driver, outputs[page], width)
    keep = os.environ.get("NEWSBRIDGE_SCREENSHOTS")
    target = (Path(keep) if keep else tmp_path) / f"report-{page}-{width}.png"
    height = min(SCREENSHOT_MAX_HEIGHT, int(driver.execute_script("return document.documentElement.scrollHeight")))
    driver.set_window_size(width, height)
    shot = chromium.screenshot(driver, target)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
