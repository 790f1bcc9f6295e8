"""A record that is no document says what it holds and the `--columns` that would read it."""

from __future__ import annotations

import pytest

from pipeline.io.columns import parse_columns
from pipeline.io.readers import ReadOptions, record_from_mapping
from pipeline.records import Reject

HEAD, TEXT = "示例公司发布年报", "示例公司公告称，全年营收同比增长百分之十二。"

CASES = [
    ("text-under-input", {"id": "x", "input": TEXT, "output": "正面"}, "",
     "record has neither title nor body; its keys: id, input, output — try --columns body=input"),
    ("text-under-text", {"text": TEXT, "labels": [{"text": "示例公司"}]}, "",
     "record has neither title nor body; its keys: text, labels — try --columns body=text"),
    ("nested-text", {"id": "x", "content": {"text": TEXT, "lang": "zh"}}, "",
     "record has neither title nor body; its keys: id, content — try --columns body=content.text"),
    ("longest-text-wins", {"prompt": "请分析这篇新闻", "news": TEXT}, "",
     "record has neither title nor body; its keys: prompt, news — try --columns body=news"),
    ("dates-and-urls-are-not-text", {"when": "2025-01-01T09:30:00+08:00", "link": "https://example.com/a/b/c"}, "",
     "record has neither title nor body; its keys: when, link — none holds text"),
    ("fields-are-not-proposed", {"id": "x", "title": "", "body": " ", "source": "示例来源"}, "",
     "record has neither title nor body; its keys: id, title, body, source — title and body are empty"),
    ("empty-object", {}, "", "record has neither title nor body; it has no keys — none holds text"),
    ("map-misses-this-record", {"input": TEXT}, "body=text",
     "record has neither title nor body; its keys: input — try --columns body=input"),
    ("array-of-two-strings", [HEAD, TEXT], "",
     "not a JSON object (got list of 2 strings) — map positions with --columns title=0,body=1"),
    ("array-body-first", [TEXT, HEAD, "2025-01-01"], "",
     "not a JSON object (got list of 3 strings) — map positions with --columns title=1,body=0"),
    ("array-of-one-string", [TEXT], "",
     "not a JSON object (got list of 1 string) — map positions with --columns body=0"),
    ("array-of-numbers", [1, 2, 3], "", "not a JSON object (got list of 3 numbers)"),
    ("mixed-array", [1, TEXT], "", "not a JSON object (got list of 2 items) — map positions with --columns body=1"),
    ("empty-array", [], "", "not a JSON object (got empty list)"),
    ("string", "新闻", "", "not a JSON object (got string)"),
    ("array-too-short-for-the-map", [HEAD], "title=1,body=2",
     "record has neither title nor body; it is a list of 1 string — try --columns body=0"),
]


@pytest.mark.parametrize(("record", "columns", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reject_reason_names_keys_and_the_columns_that_would_read_it(record, columns: str, reason: str) -> None:
    item = record_from_mapping(record, "f.jsonl", 1, "f-1", ReadOptions(columns=parse_columns(columns)))
    assert isinstance(item, Reject) and item.reason == reason


@pytest.mark.parametrize("record", [c[1] for c in CASES if c[2] == "" and "try --columns" in c[3]
                                    or "map positions" in c[3]])
def test_the_suggested_columns_read_the_record(record) -> None:
    """The hint is a working command: the same record with the suggested map is a document."""
    reason = record_from_mapping(record, "f.jsonl", 1, "f-1", ReadOptions()).reason
    suggested = reason.rpartition("--columns ")[2]
    item = record_from_mapping(record, "f.jsonl", 1, "f-1", ReadOptions(columns=parse_columns(suggested)))
    assert not isinstance(item, Reject), item.reason
