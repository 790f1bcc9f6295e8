"""report.html of a real run on seeds/ in headless Chromium: it loads without console errors or failed
requests, fetches nothing, its charts render, a highlighted name shows its ticker on hover, and a screenshot is
written. Skipped, with the reason, where Chromium, chromedriver or selenium is missing (`make test-browser`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.report import REPORT_FILE
from tests.browser import chromium
from tests.conftest import GLOSSARIES, SEEDS

# `make test-browser` sets NEWSBRIDGE_REQUIRE_BROWSER=1: there, after installing, a missing piece is a failure.
if (_reason := chromium.missing()) is not None:
    if os.environ.get("NEWSBRIDGE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSBRIDGE_REQUIRE_BROWSER=1 but {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402

SCREENSHOT_MAX_HEIGHT = 2600


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    assert main(["run", str(SEEDS), "--out", str(out), "--glossaries", str(GLOSSARIES), "--translator", "gloss",
                 "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def page(seed_report: Path) -> Iterator[Any]:
    driver = chromium.start()
    try:
        driver.get((seed_report / REPORT_FILE).as_uri())
        yield driver
    finally:
        driver.quit()


def test_page_loads_without_console_errors_or_failed_requests(page: Any, seed_report: Path) -> None:
    assert page.title == "newsbridge run report"
    errors = [e for e in page.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    events = chromium.network_events(page)
    requested = {e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"}
    failed = [e["params"] for e in events if e["method"] == "Network.loadingFailed"]
    assert requested == {(seed_report / REPORT_FILE).as_uri()}  # the page itself, nothing else
    assert failed == []
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0


@pytest.mark.parametrize("section", ["time", "tickers", "days", "glossary"])
def test_charts_render_with_a_size(page: Any, section: str) -> None:
    svg = page.find_element(By.CSS_SELECTOR, f"#{section} svg.chart")
    box = page.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", svg)
    assert box[0] > 100 and box[1] > 20
    bars = svg.find_elements(By.CSS_SELECTOR, "rect")
    assert bars and max(b.size["width"] for b in bars) > 10


def test_hovering_a_highlighted_name_shows_its_ticker(page: Any, seed_report: Path) -> None:
    tickers = {e["ticker"] for line in (seed_report / "segments.jsonl").open(encoding="utf-8")
               for e in json.loads(line)["entities"] if e.get("ticker")}
    tip = page.find_element(By.CSS_SELECTOR, "#reader details[open] td.zh .ent-company .tip")
    assert not tip.is_displayed()
    name = chromium.hover_first_name(page)
    assert tip.is_displayed()
    shown = tip.text
    assert any(ticker in shown for ticker in tickers), shown
    assert name.get_attribute("title") == shown


def test_no_script_from_the_data_runs(page: Any) -> None:
    assert page.execute_script("return document.scripts.length") == 0


def test_screenshot_is_written(page: Any, tmp_path: Path) -> None:
    shot = chromium.screenshot(page, tmp_path / "report.png", SCREENSHOT_MAX_HEIGHT)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
