"""Issue 20, `.json` arrays and Parquet: a single record larger than max_record_bytes is a reject naming its index.
A .json record is read past without being held (the stream parser used before built every record whole, so one
4 GB record cost its size in memory), and the records after it are read: records are cut from the stream by their
brackets and strings (pipeline.io.jsonarray) and each is parsed on its own, so a broken record is rejected alone.
A Parquet row over the cap is not made into Python objects."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.io import jsonarray
from pipeline.io.jsonarray import json_records
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document, Reject

CAP = 4_000
MiB = 2**20
GOOD = {"title": "贵州茅台涨停", "body": "贵州茅台今日涨停，成交额放大。"}
# Brackets, commas, quotes and backslashes inside strings; empty and nested values; a top-level string and number.
TRICKY = [{"s": 'a\\"b]}[{,\\\\', "u": "上\u2028\"", "e": [], "o": {}}, [], {}, "str,]", 1.5, None, [[[]]], "\\",
          {"k": '\\\\"'}, {"id": "x", **GOOD}]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, MiB])
def test_records_are_cut_right_across_any_buffer_boundary(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(jsonarray, "CHUNK", chunk)
    for text in (json.dumps(TRICKY, ensure_ascii=False), json.dumps(TRICKY, indent=2)):
        assert [json.loads(b) for b in json_records(io.BytesIO(text.encode()), MiB)] == TRICKY
    one = json.dumps(TRICKY[0])
    assert [json.loads(b) for b in json_records(io.BytesIO(one.encode()), MiB, array=False)] == [TRICKY[0]]
    assert list(json_records(io.BytesIO(b" [ ] "), MiB)) == []


def _record(rid: str, title: str = GOOD["title"]) -> str:
    return json.dumps({"id": rid, "title": title, "body": GOOD["body"]}, ensure_ascii=False)


def _kinds(items: list[Document | Reject]) -> list[tuple]:
    return [("D", i.id) if isinstance(i, Document) else ("R", i.line, i.reason.split(":")[0]) for i in items]


@pytest.mark.parametrize("name", ["f.json", "f.json.gz"])
def test_a_record_over_the_cap_is_rejected_by_its_index_and_the_next_read(tmp_path: Path, name: str) -> None:
    text = f"[{_record('a')}, {_record('bomb', 'x' * 5 * CAP)}, {_record('c')}]"
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    items = list(read_file(path, ReadOptions(max_record_bytes=CAP)))
    assert _kinds(items) == [("D", "a"), ("R", 2, f"record over max_record_bytes ({CAP:,})"), ("D", "c")]
    assert f"{len(_record('bomb', 'x' * 5 * CAP).encode()) + 1:,} bytes" in items[1].reason  # and its space


def test_a_parquet_row_over_the_cap_is_rejected_by_its_index(tmp_path: Path) -> None:
    path = tmp_path / "f.parquet"
    bodies = [GOOD["body"], "x" * 5 * CAP, GOOD["body"], GOOD["body"]]
    pq.write_table(pa.table({"id": list("abcd"), "title": [GOOD["title"]] * 4, "body": bodies}), path)
    items = list(read_file(path, ReadOptions(max_record_bytes=CAP)))
    assert _kinds(items) == [("D", "a"), ("R", 2, f"record over max_record_bytes ({CAP:,})"), ("D", "c"), ("D", "d")]
    assert items[1].reason.endswith("bytes in its columns; not read into a record")
    assert [i.id for i in read_file(path, ReadOptions()) if isinstance(i, Document)] == list("abcd")


def test_one_object_over_the_cap_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(_record("bomb", "x" * 5 * CAP), encoding="utf-8")
    assert _kinds(list(read_file(path, ReadOptions(max_record_bytes=CAP)))) == [
        ("R", 1, f"record over max_record_bytes ({CAP:,})")]


@pytest.mark.parametrize(("text", "expected"), [
    (f'[{_record("a")}, {{"id": "b", "title": tru}}, {_record("c")}]',
     [("D", "a"), ("R", 2, "invalid JSON"), ("D", "c")]),
    (f'[{_record("a")}, {_record("b")}] [{_record("c")}]',
     [("D", "a"), ("D", "b"), ("R", 3, "invalid JSON after record 2")]),
    (f'[{_record("a")}, {_record("b")}, {{"id": "c", "ti',
     [("D", "a"), ("D", "b"), ("R", 3, "invalid JSON after record 2")]),
    (f'[{_record("a")}, {{"id": "n", "title": "t", "score": NaN}}]', [("D", "a"), ("D", "n")]),
])
def test_broken_arrays(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    path = tmp_path / "f.json"
    path.write_text(text, encoding="utf-8")
    assert _kinds(list(read_file(path, ReadOptions()))) == expected


def test_a_json_array_in_gb18030_is_re_encoded_streamed(tmp_path: Path) -> None:
    path = tmp_path / "gb.json"
    path.write_bytes(f"[{_record('a')}, {_record('b')}]".encode("gb18030"))
    assert _kinds(list(read_file(path, ReadOptions(encoding="gb18030")))) == [("D", "a"), ("D", "b")]


CHILD = r"""
import json, sys
from pathlib import Path
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Reject
list(read_file(Path(sys.argv[2]), ReadOptions()))  # the imports a first record makes
def status(key):  # KiB
    return int(next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(key)).split()[1])
try:
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the resident size now (Linux)
except OSError:
    pass
base = status("VmRSS")
items = read_file(Path(sys.argv[1]), ReadOptions())
kinds = [[i.line, i.reason.split(":")[0]] if isinstance(i, Reject) else i.id for i in items]
print(json.dumps({"kinds": kinds, "grew_mb": (status("VmHWM") - base) / 1024}))
"""


def test_a_200_mb_record_costs_bounded_memory(tmp_path: Path) -> None:
    """200 MB in one record (over the default 64 MiB cap), a few hundred KB compressed: never held."""
    path = tmp_path / "bomb.json.gz"
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(f"[{_record('a')}, ".encode() + b'{"id": "bomb", "title": "')
        for _ in range(200):
            fh.write(b"x" * MiB)
        fh.write(f'"}}, {_record("c")}]'.encode())
    warm = tmp_path / "warm.json"
    warm.write_text(f"[{_record('w')}]", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    assert result["kinds"] == ["a", [2, "record over max_record_bytes (67,108,864)"], "c"]
    assert result["grew_mb"] < 100, result  # 68 MB measured: the cap (64 MiB) of the record, held until given up
