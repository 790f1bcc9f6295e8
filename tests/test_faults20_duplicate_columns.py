"""Issue 20: "Parquet or CSV with two columns named `title`: the second silently wins, the first column's values
are dropped without a word". A header or schema that names a column twice is one reject for the file, naming the
column; unnamed CSV columns (empty header cells) may repeat. The same loss in JSON (an object naming a key twice)
is a reject of that record."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document, Reject


def _parquet(path: Path, names: list[str]) -> Path:
    columns = [pa.array([f"{n}{i}" for i in range(3)]) for n in names]
    pq.write_table(pa.table(columns, names=names), path)
    return path


def _csv(path: Path, names: list[str]) -> Path:
    rows = [",".join(names)] + [",".join(f"{n}{i}" for n in names) for i in range(3)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


WRITERS = {"csv": _csv, "parquet": _parquet}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize(("names", "shown"), [
    (["title", "title", "body"], "'title' (2 times)"),
    (["id", "title", "body", "body", "body"], "'body' (3 times)"),
    (["标题", "正文", "标题"], "'标题' (2 times)"),
    (["title", "body", "tag", "tag"], "'tag' (2 times)"),
])
def test_a_column_named_twice_is_one_reject_naming_it(tmp_path: Path, fmt: str, names: list[str],
                                                      shown: str) -> None:
    path = WRITERS[fmt](tmp_path / f"dup.{fmt}", names)
    [item] = read_file(path, ReadOptions())
    assert isinstance(item, Reject) and (item.input, item.line) == (str(path), 1)
    assert item.reason.startswith(f"{'CSV header' if fmt == 'csv' else 'Parquet schema'} names a column more "
                                  f"than once: {shown};")
    assert "rename the columns" in item.reason


def test_unnamed_csv_columns_may_repeat(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("title,,body,\n茅台涨停,x,茅台今日涨停,y\n", encoding="utf-8")
    [item] = read_file(path, ReadOptions())
    assert isinstance(item, Document) and (item.title, item.body) == ("茅台涨停", "茅台今日涨停")


@pytest.mark.parametrize("name", ["f.jsonl", "f.json"])
@pytest.mark.parametrize("twice", ['"title": "甲", "title": "乙"', '"meta": {"k": 1, "k": 2}, "title": "甲"'])
def test_a_json_key_named_twice_rejects_its_record(tmp_path: Path, name: str, twice: str) -> None:
    records = ['{"id": "a", "title": "茅台涨停"}', f'{{"id": "b", {twice}}}', '{"id": "c", "title": "茅台涨停"}']
    path = tmp_path / name
    path.write_text("\n".join(records) + "\n" if name.endswith(".jsonl") else f"[{', '.join(records)}]",
                    encoding="utf-8")
    items = list(read_file(path, ReadOptions()))
    assert [(type(i).__name__, i.line if isinstance(i, Reject) else i.id) for i in items] == [
        ("Document", "a"), ("Reject", 2), ("Document", "c")]
    key = "title" if "title" in twice.split(",")[1] else "k"
    assert items[1].reason.startswith(f"a JSON object in the record names the key {key!r} more than once")
