"""A plain warning at the top of report.html when nothing came out or most records were rejected, saying the
share and pointing to the reject reasons; the accounting line is no longer green then."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.config import RunConfig
from pipeline.report import REPORT_FILE
from pipeline.report.gather import Figures
from pipeline.report.page import render
from pipeline.runner import run
from tests.conftest import GLOSSARIES


def _page(records_in: int, documents_out: int, rejected: int, reasons: bool = True) -> HTMLParser:
    figures = Figures(manifest={"counts": {"records_in": records_in, "documents_out": documents_out,
                                           "rejected": rejected}},
                      reject_reasons=[("record has neither title nor body", rejected)] if reasons and rejected else [])
    return HTMLParser(render(figures, []))


@pytest.mark.parametrize(("records_in", "out", "rejected", "expected"), [
    (273, 0, 273, "Nothing came out: 0 documents; all 273 input records were rejected."),
    (2, 0, 2, "Nothing came out: 0 documents; all 2 input records were rejected."),
    (0, 0, 0, "Nothing came out: no input record was read."),
    (300, 27, 273, "Most records were rejected: 273 of 300 (91%); only 27 documents came out."),
    (10, 4, 6, "Most records were rejected: 6 of 10 (60%); only 4 documents came out."),
])
def test_warning_says_what_came_out_and_the_share(records_in: int, out: int, rejected: int, expected: str) -> None:
    tree = _page(records_in, out, rejected)
    warning = tree.css_first(".warning")
    assert warning is not None
    assert expected in warning.text()
    if rejected:
        link = warning.css_first("a")
        assert link is not None and link.attributes["href"] == "#reject-reasons"
        assert tree.css_first("#reject-reasons") is not None  # the link lands on the reasons
    # the warning comes before every section, right under the title
    body = tree.body.html
    assert body.index('class="warning"') < body.index("<nav>") < body.index('id="accounting"')


@pytest.mark.parametrize(("records_in", "out", "rejected"), [
    (39, 33, 6),   # seeds/: a few bad records
    (10, 5, 5),    # half is not most
    (10, 10, 0),
])
def test_no_warning_for_a_run_where_most_records_came_out(records_in: int, out: int, rejected: int) -> None:
    tree = _page(records_in, out, rejected)
    assert tree.css_first(".warning") is None
    assert tree.css_first("#accounting p.ok") is not None


@pytest.mark.parametrize(("records_in", "out", "rejected"), [(273, 0, 273), (300, 27, 273)])
def test_the_accounting_line_is_not_green_when_most_records_were_rejected(records_in: int, out: int,
                                                                           rejected: int) -> None:
    tree = _page(records_in, out, rejected)
    line = next(p for p in tree.css("#accounting p") if p.text().startswith("records in"))
    assert "ok" not in (line.attributes.get("class") or "").split()


def test_an_all_rejected_run_warns_in_its_report(tmp_path: Path, glossary) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in
                              [{"id": "a", "title": ""}, {"id": "b", "title": 3}, {"id": "c"}]), encoding="utf-8")
    out = tmp_path / "out"
    config = replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", translation_memory="off")
    run([corpus], out, config, glossary)
    tree = HTMLParser((out / REPORT_FILE).read_text(encoding="utf-8"))
    warning = tree.css_first(".warning")
    assert warning is not None and "all 3 input records were rejected" in warning.text()
    assert warning.attributes.get("role") == "alert"
