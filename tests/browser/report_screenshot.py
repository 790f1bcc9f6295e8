"""Regenerate docs/report-seeds.png: run the pipeline on seeds/ and photograph its report.html.

    .venv/bin/python -m tests.browser.report_screenshot [PNG]    (or `make report-screenshot`)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pipeline.cli import main as newsbridge
from pipeline.paths import PROJECT_ROOT
from pipeline.report import REPORT_FILE
from tests.browser import chromium

DEFAULT_PNG = PROJECT_ROOT / "docs" / "report-seeds.png"
# Tall enough for every figure and the reader's first document; small enough to stay under 300 KB as a PNG.
MAX_HEIGHT = 3000


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_PNG
    if (reason := chromium.missing()) is not None:
        print(f"report_screenshot: {reason}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsbridge-report-") as tmp:
        out = Path(tmp) / "out"
        if newsbridge(["run", str(PROJECT_ROOT / "seeds"), "--out", str(out), "--translator", "gloss", "-q"]) != 0:
            return 1
        driver = chromium.start()
        try:
            driver.get((out / REPORT_FILE).as_uri())
            chromium.fit_window(driver, MAX_HEIGHT)
            chromium.hover_first_name(driver)  # its tooltip (ticker, canonical name) shows in the picture
            chromium.screenshot(driver, target)
        finally:
            driver.quit()
    print(f"{target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
