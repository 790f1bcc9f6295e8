"""Every folder and file of ../shared/data/news reads with at most one --columns and no reject: its SOURCE.txt
notes are skipped, and the first records of each file are documents. Read only (no translation) and a few
hundred records a file, so it stays cheap; skipped where ../shared is absent."""

from __future__ import annotations

from itertools import islice

import pytest

from pipeline.io.columns import parse_columns
from pipeline.io.readers import DOC_NOTE, ReadOptions, read_file, scan_inputs
from pipeline.io.shapes import check_inputs
from pipeline.records import Document

from .conftest import shared_path

RECORDS_PER_FILE = 200
# Each input as a user would give it, with the one --columns it needs (the table is in docs/inputs.md).
INPUTS = {
    "zh-hans": "title=0,body=1,body=input,body=text",
    "zh-hans/cls_telegraph_2026": "",
    "zh-hans/fin_hot_hub_2024_2026": "",
    "zh-hans/us_stocks_zh_2026": "",
    "zh-hant": "",
    "zh-hant/rthk_finance_2025": "",
    "zh-hans/bbt_fincuge_finna_eval_list.json": "title=0,body=1",
    "zh-hans/cfbenchmark_basic_company.jsonl": "body=input",
    "zh-hans/cfbenchmark_basic_sentiment.jsonl": "body=input",
    "zh-hans/cfsc_ner_test.json": "body=text",
    "zh-hans/cfsc_ner_val.json": "body=text",
}


@pytest.mark.parametrize(("relative", "columns"), INPUTS.items(), ids=list(INPUTS))
def test_shared_news_reads_without_rejects(relative: str, columns: str) -> None:
    root = shared_path(f"data/news/{relative}")
    scanned = scan_inputs([root])
    assert scanned.files and not any(p.name.upper().startswith("SOURCE") for p in scanned.files)
    assert all(p["error"] == DOC_NOTE for p in scanned.problems)
    options = ReadOptions(columns=parse_columns(columns))
    assert check_inputs(scanned.files, [root], options) == []  # no file whose records would all be rejected
    for path in scanned.files:
        items = list(islice(read_file(path, options), RECORDS_PER_FILE))
        rejects = [f"{i.line}: {i.reason}" for i in items if not isinstance(i, Document)]
        assert items and not rejects, f"{path}: {rejects[:3]}"
