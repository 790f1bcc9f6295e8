"""Headless Debian Chromium driven by selenium and Debian's chromedriver: no browser download, no network."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Headless, and nothing that talks to the network on its own (updates, sync, safe browsing lists).
ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")
WINDOW_WIDTH = 1100
WINDOW_HEIGHT = 900


def missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[browser]', or `make test-browser`)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.is_file() and shutil.which(path.name) is None:
            return f"{path} not found (Debian: apt-get install chromium chromium-driver, or `make test-browser`)"
    return None


def _found(path: Path) -> str:
    return str(path) if path.is_file() else str(shutil.which(path.name))


def start(width: int = WINDOW_WIDTH, height: int = WINDOW_HEIGHT) -> Any:
    """A headless Chromium that records its console and network events (read them with events())."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _found(CHROMIUM)
    for arg in ARGS:
        options.add_argument(arg)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # Both paths given: selenium's driver manager is never asked to find (or fetch) a browser or driver.
    return webdriver.Chrome(options=options, service=Service(executable_path=_found(CHROMEDRIVER)))


def network_events(driver: Any) -> list[dict[str, Any]]:
    """The DevTools Network.* events since the last call: what the page asked for and what failed."""
    events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    return [e for e in events if e.get("method", "").startswith("Network.")]


def fit_window(driver: Any, max_height: int) -> None:
    """A window as tall as the page (at most max_height), scrolled to the top: what a screenshot shows."""
    height = min(max_height, int(driver.execute_script("return document.documentElement.scrollHeight")))
    driver.set_window_size(WINDOW_WIDTH, height)
    driver.execute_script("window.scrollTo(0, 0)")


def screenshot(driver: Any, path: Path, max_height: int | None = None) -> Path:
    """The window as a PNG; with max_height, first fitted to the page from its top."""
    if max_height is not None:
        fit_window(driver, max_height)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path


def hover_first_name(driver: Any) -> Any:
    """Move the mouse onto the first highlighted company name of the reader's open documents; return it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    name = driver.find_element(By.CSS_SELECTOR, "#reader details[open] td.zh .ent-company")
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'});", name)  # no scroll when in view
    ActionChains(driver).move_to_element(name).perform()
    return name
