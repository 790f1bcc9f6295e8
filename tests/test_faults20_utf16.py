"""Issue 20: "UTF-16 without a BOM: every record rejected as invalid UTF-8 with no hint, and records
over-counted" (read as UTF-8, the file split into lines at the 0x0A bytes of characters such as 上, U+4E0A). Such a
file is recognised by the NUL bytes of its ASCII characters and read as UTF-16."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from pipeline.io.encoding import detect, utf16_without_bom
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document

# 上 (U+4E0A) holds a 0x0A byte, 一 (U+4E00) a NUL: both in every record.
ROWS = [{"id": f"r{i}", "title": f"上证指数上涨{i}", "body": "上证指数今日上涨一成。"} for i in range(40)]
JSONL = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS)
CSV = "id,title,body\r\n" + "".join(f"{r['id']},{r['title']},{r['body']}\r\n" for r in ROWS)


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    (JSONL, "utf-16-le", "utf-16-le"), (JSONL, "utf-16-be", "utf-16-be"), (CSV, "utf-16-le", "utf-16-le"),
    (JSONL, "utf-8", None), (JSONL, "gb18030", None), (JSONL, "utf-32-le", None), ("上证指数" * 300, "utf-16-le", None),
])
def test_utf16_is_recognised_by_its_nul_bytes(text: str, encoding: str, expected: str | None) -> None:
    assert utf16_without_bom(text.encode(encoding)) == expected


def test_zero_bytes_are_not_utf16() -> None:
    assert utf16_without_bom(b"\0" * 4096) is None
    assert utf16_without_bom(b"") is None


def test_a_bom_still_comes_first() -> None:
    assert detect(codecs.BOM_UTF16_LE + JSONL.encode("utf-16-le")) == "utf-16"


@pytest.mark.parametrize(("name", "text", "encoding"), [
    ("news.jsonl", JSONL, "utf-16-le"), ("news.jsonl", JSONL, "utf-16-be"), ("news.csv", CSV, "utf-16-le"),
    ("news.json", json.dumps(ROWS, ensure_ascii=False), "utf-16-le")])
def test_every_record_is_read_once(tmp_path: Path, name: str, text: str, encoding: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    items = list(read_file(path, ReadOptions()))
    assert all(isinstance(i, Document) for i in items), items[:2]
    assert [(i.id, i.title, i.body) for i in items] == [(r["id"], r["title"], r["body"]) for r in ROWS]
