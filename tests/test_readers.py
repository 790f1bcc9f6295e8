"""Readers: every record becomes a Document or a Reject with its line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.io.readers import InputError, ReadOptions, expand_inputs, read_corpus
from pipeline.records import Document, Reject


def _write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _good(id_: str, title: str = "中际旭创大涨", body: str = "市值突破6000亿元。") -> bytes:
    return json.dumps({"id": id_, "title": title, "body": body}, ensure_ascii=False).encode()


def test_bad_jsonl_records_are_rejected_with_line_and_reason(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "bad.jsonl", [
        _good("ok-1"),
        b'{"id": "broken", "title": "x"',
        b"[1, 2, 3]",
        b'{"id": "bytes", "title": "\xff\xfe bad"}',
        b'{"id": "empty", "title": "", "body": "  "}',
        _good("ok-1"),
        b'{"id": "num", "title": "t", "body": 42}',
        b"",
        _good("ok-2"),
    ])
    items = list(read_corpus([path]))
    docs = [i for i in items if isinstance(i, Document)]
    rejects = {r.line: r.reason for r in items if isinstance(r, Reject)}
    assert [d.id for d in docs] == ["ok-1", "ok-2"]
    assert rejects[2].startswith("invalid JSON")
    assert rejects[3] == "not a JSON object (got list of 3 numbers)"
    assert rejects[4].startswith("invalid UTF-8 at byte")
    assert rejects[5] == "record has neither title nor body; its keys: id, title, body — title and body are empty"
    assert rejects[6].startswith("duplicate id 'ok-1' (first seen at") and rejects[6].endswith(":1)")
    assert rejects[7] == "field 'body' must be a string, got int"
    assert len(items) == 8  # the blank line is not a record


def test_huge_body_is_rejected_not_fatal(tmp_path: Path) -> None:
    body = "中际旭创" * 500_000  # 2,000,000 characters, 6 MB of UTF-8
    path = _write_lines(tmp_path / "big.jsonl", [_good("big", body=body), _good("small")])
    items = list(read_corpus([path]))
    assert isinstance(items[0], Reject) and "over the limit" in items[0].reason
    assert len(items[0].raw) <= 301
    assert isinstance(items[1], Document)
    allowed = list(read_corpus([path], ReadOptions(max_body_chars=3_000_000)))
    assert all(isinstance(i, Document) for i in allowed)


def test_extra_keys_go_to_meta_and_missing_id_is_generated(tmp_path: Path) -> None:
    row = {"title": "标题", "body": "正文。", "source": "新浪财经", "url": "https://example.com/1",
           "published_at": "2025-11-26T03:42:00+08:00", "tags": ["CPO"]}
    path = _write_lines(tmp_path / "meta.jsonl", [json.dumps(row, ensure_ascii=False).encode()])
    (doc,) = read_corpus([path])
    assert doc.id == "meta-1"
    assert doc.meta == {"source": "新浪财经", "url": "https://example.com/1",
                        "published_at": "2025-11-26T03:42:00+08:00", "tags": ["CPO"], "id_generated": True}


def test_csv_rows_report_their_line_even_across_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_bytes("id,title,body\n"
                     'c1,标题一,"第一行\n第二行"\n'
                     "c2,,\n"
                     "c3,标题三,正文\xff\n".encode().replace("\xff".encode(), b"\xff") +
                     "c4,标题四,正文四,多余\n".encode())
    items = list(read_corpus([path]))
    assert isinstance(items[0], Document) and items[0].body == "第一行\n第二行"
    rejects = {r.line: r.reason for r in items if isinstance(r, Reject)}
    assert rejects[4] == "record has neither title nor body; its columns: id, title, body — title and body are empty"
    assert rejects[5].startswith("invalid UTF-8")
    assert rejects[6] == "row has 4 cells, header has 3"


def test_txt_file_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "flash-1.txt").write_text("中际旭创创新高\n\nZhongji Xuchuang rose 13%.\n", encoding="utf-8")
    (doc,) = read_corpus([tmp_path])
    assert (doc.id, doc.title, doc.body) == ("flash-1", "中际旭创创新高", "Zhongji Xuchuang rose 13%.")


def test_missing_and_unsupported_inputs_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([tmp_path / "nope.jsonl"])
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported input type"):
        expand_inputs([tmp_path / "x.pdf"])
