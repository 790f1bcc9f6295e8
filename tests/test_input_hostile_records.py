"""No single record can stop a reader: deep nesting, huge integers, lone surrogates, NaN, long titles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.io.readers import ReadOptions, read_corpus
from pipeline.records import Document, Reject

from .conftest import GLOSSARIES

GOOD = '{"id": "ok", "title": "中际旭创大涨", "body": "市值突破6000亿元。"}'
HOSTILE = {
    "deep": '{"id": "deep", "title": "t", "x": ' + "[" * 10_000 + "]" * 10_000 + "}",
    "bigint": '{"id": "big", "title": "t", "n": ' + "9" * 5_000 + "}",
    "deep-under-limit": '{"id": "d9", "title": "t", "x": ' + "[" * 900 + "]" * 900 + "}",
}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_record_is_a_reject_and_the_next_record_is_read(tmp_path: Path, kind: str) -> None:
    items = list(read_corpus([_write(tmp_path / "h.jsonl", [HOSTILE[kind], GOOD])]))
    assert len(items) == 2
    assert isinstance(items[1], Document) and items[1].id == "ok"
    if kind != "deep-under-limit":  # 900 deep parses: a Document or a reject, never an exception
        assert isinstance(items[0], Reject) and items[0].line == 1 and items[0].reason.startswith("invalid JSON")


def test_lone_surrogates_are_replaced_and_flagged(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.jsonl", ['{"id": "s", "title": "中\\ud800际", "body": "正文", "source": "\\udfff"}'])
    (doc,) = read_corpus([path])
    assert (doc.title, doc.meta["source"]) == ("中\ufffd际", "\ufffd")
    assert doc.meta["repaired"] == ["lone surrogate in title", "lone surrogate in source"]
    json.dumps(doc.meta, ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_nan_and_infinity_in_meta_become_null(tmp_path: Path) -> None:
    line = '{"id": "n", "title": "t", "score": NaN, "w": -Infinity, "v": [1.5, Infinity]}'
    path = _write(tmp_path / "n.jsonl", [line])
    (doc,) = read_corpus([path])
    assert "score" not in doc.meta and "w" not in doc.meta and doc.meta["v"] == [1.5, None]
    json.loads(json.dumps(doc.meta, allow_nan=False))


def test_title_over_the_limit_is_rejected_naming_it(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.jsonl", [json.dumps({"id": "long", "title": "长" * 2_001}), GOOD])
    items = list(read_corpus([path]))
    assert isinstance(items[0], Reject) and "max_title_chars" in items[0].reason and "2000" in items[0].reason
    assert isinstance(items[1], Document)
    assert all(isinstance(i, Document) for i in read_corpus([path], ReadOptions(max_title_chars=5_000)))


def test_glossary_suggest_reads_hostile_records_without_crashing(tmp_path: Path, capsys, glossary) -> None:
    path = _write(tmp_path / "h.jsonl", [HOSTILE["deep"], HOSTILE["bigint"],
                                         '{"id": "s", "title": "\\ud800", "body": "x"}', GOOD])
    assert main(["glossary", "--glossaries", str(GLOSSARIES), "suggest", str(path)]) == 0
    assert "suggestion(s)" in capsys.readouterr().err
