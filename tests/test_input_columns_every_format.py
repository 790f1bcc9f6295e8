"""`--columns` maps fields in every input format: names for JSON/JSONL and Parquet as for CSV, dotted paths into
nested objects, positions for JSON arrays and CSV files without a header row, and a field named more than once
(the first column a record has is read)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.io.columns import ColumnMapError, parse_columns
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document, Reject

TITLE, BODY = "示例公司发布年报", "示例公司公告称，全年营收同比增长百分之十二。"


def _jsonl(path: Path, rows: list) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _json(path: Path, rows: list) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def _csv(path: Path, rows: list) -> None:
    path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")


def _parquet(path: Path, rows: list) -> None:
    pq.write_table(pa.Table.from_pylist(rows), path)


WRITERS: dict[str, Callable[[Path, list], None]] = {"jsonl": _jsonl, "json": _json, "csv": _csv, "parquet": _parquet}

# (format, records as written, --columns): each reads as one document (TITLE, BODY) with the given meta.
CASES = [
    ("jsonl-names", "jsonl", [{"headline": TITLE, "content": BODY}], "title=headline,body=content", {}),
    ("json-names", "json", [{"headline": TITLE, "content": BODY}], "title=headline,body=content", {}),
    ("parquet-names", "parquet", [{"headline": TITLE, "content": BODY}], "title=headline,body=content", {}),
    ("csv-names", "csv", [["headline", "content"], [TITLE, BODY]], "title=headline,body=content", {}),
    ("jsonl-nested", "jsonl", [{"title": TITLE, "content": {"text": BODY, "lang": "zh"}}], "body=content.text",
     {"content": {"lang": "zh"}}),
    ("json-nested-deep", "json", [{"article": {"head": {"text": TITLE}, "main": {"text": BODY}}}],
     "title=article.head.text,body=article.main.text", {}),
    ("json-nested-list", "json", [{"title": TITLE, "paragraphs": [BODY]}], "body=paragraphs.0", {}),
    ("parquet-nested-struct", "parquet", [{"title": TITLE, "content": {"text": BODY}}], "body=content.text", {}),
    ("json-array-positions", "json", [[TITLE, BODY]], "title=0,body=1", {}),
    ("jsonl-array-positions", "jsonl", [[TITLE, BODY, "extra"]], "title=0,body=1", {"2": "extra"}),
    ("csv-no-header-positions", "csv", [["x1", TITLE, BODY]], "id=0,title=1,body=2", {}),
    ("jsonl-alternatives-first", "jsonl", [{"title": TITLE, "text": BODY}], "body=text,body=input", {}),
    ("jsonl-alternatives-second", "jsonl", [{"title": TITLE, "input": BODY}], "body=text,body=input", {}),
    ("jsonl-alternatives-blank-first", "jsonl", [{"title": TITLE, "text": " ", "input": BODY}],
     "body=text,body=input", {"text": " "}),
    ("jsonl-own-fields-win", "jsonl", [{"title": TITLE, "body": BODY, "input": "别的"}], "body=input",
     {"input": "别的"}),
]


@pytest.mark.parametrize(("fmt", "rows", "columns", "meta"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_columns_map_every_format(tmp_path: Path, fmt: str, rows: list, columns: str, meta: dict) -> None:
    path = tmp_path / f"news.{fmt}"
    WRITERS[fmt](path, rows)
    items = list(read_file(path, ReadOptions(columns=parse_columns(columns))))
    assert [type(i) for i in items] == [Document], items
    (doc,) = items
    assert (doc.title, doc.body) == (TITLE, BODY)
    assert {k: v for k, v in doc.meta.items() if k != "id_generated"} == meta


def test_positions_do_not_touch_a_csv_with_a_header(tmp_path: Path) -> None:
    """One map for a folder of JSON arrays and a headed CSV: the CSV's header still names its columns."""
    path = tmp_path / "news.csv"
    _csv(path, [["标题", "正文"], [TITLE, BODY]])
    (doc,) = read_file(path, ReadOptions(columns=parse_columns("title=0,body=1")))
    assert isinstance(doc, Document) and (doc.title, doc.body) == (TITLE, BODY)


def test_header_less_csv_keeps_its_first_line_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    _csv(path, [[TITLE, BODY], ["", ""], ["第三条", "正文三"]])
    items = list(read_file(path, ReadOptions(columns=parse_columns("title=0,body=1"))))
    assert [(type(i).__name__, i.origin if isinstance(i, Document) else i.line) for i in items] == [
        ("Document", f"{path}:1"), ("Document", f"{path}:3")]


@pytest.mark.parametrize(("text", "error"), [
    ("body", "is not FIELD=COLUMN"),
    ("headline=標題", "is not a field"),
    ("body=.text", "is not a column name"),
    ("body=content..text", "is not a column name"),
])
def test_unusable_column_maps_are_errors(text: str, error: str) -> None:
    with pytest.raises(ColumnMapError, match=error):
        parse_columns(text)


def test_a_field_named_twice_keeps_both_in_order() -> None:
    assert parse_columns("body=text, body=input,title=0") == (("text", "body"), ("input", "body"), ("0", "title"))


def test_nested_path_in_the_config_file(tmp_path: Path) -> None:
    from pipeline.config import load_config

    path = tmp_path / "run.yaml"
    path.write_text("columns: {title: '0', body: content.text}\n", encoding="utf-8")
    assert load_config(path).columns == "title=0,body=content.text"


def test_list_without_positions_is_still_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    _json(path, [[TITLE, BODY]])
    (item,) = read_file(path, ReadOptions(columns=parse_columns("body=content")))
    assert isinstance(item, Reject) and item.reason.startswith("not a JSON object (got list of 2 strings)")


def test_mapped_fields_keep_the_record_order_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    _jsonl(path, [{"tag": "年报", "link": "https://example.com/1", "headline": TITLE, "when": "2025-01-01",
                   "content": {"text": BODY, "lang": "zh"}, "extra": 1}])
    options = ReadOptions(columns=parse_columns("title=headline,body=content.text,url=link,published_at=when"))
    (doc,) = read_file(path, options)
    assert list(doc.meta.items()) == [("tag", "年报"), ("url", "https://example.com/1"),
                                      ("published_at", "2025-01-01"), ("content", {"lang": "zh"}), ("extra", 1),
                                      ("id_generated", True)]
