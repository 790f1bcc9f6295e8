"""Issue 20, the readers' faults in one real run (one run for the lot: each reader's own tests are in-process, in
test_faults20_html, _csv_header, _duplicate_columns, _utf16 and _json_records): every fault is a reject naming its
file and record, every other record is read, no traceback, and the manifest's counts add up."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.io.htmldepth import DEEP_HTML

from .conftest import small_glossary_dir

CAP = 100_000  # --max-record-bytes: a record bomb of 500 KB stands for one of gigabytes
GOOD = {"title": "贵州茅台涨停", "body": "贵州茅台今日涨停，成交额放大。"}


def _record(rid: str, body: str = GOOD["body"]) -> dict[str, str]:
    return {"id": rid, "title": GOOD["title"], "body": body}


def _corpus(news: Path) -> None:
    news.mkdir()
    (news / "a.jsonl").write_text(json.dumps(_record("a"), ensure_ascii=False) + "\n", encoding="utf-8")
    with gzip.open(news / "bomb.html.gz", "wb") as fh:
        fh.write(b"<html><body>" + b"<div>" * 15_000 + b"</body></html>")  # 75 KB, under CAP
    (news / "good.html").write_text(f"<html><body><article><h1>{GOOD['title']}</h1><p>{GOOD['body']}</p></article>"
                                    "</body></html>", encoding="utf-8")
    (news / "wide.csv").write_text("title,body," + "x," * 40_000 + "\n茅台,茅台涨停\n", encoding="utf-8")
    (news / "dup.csv").write_text("id,title,title,body\nd1,甲,乙,正文\n", encoding="utf-8")
    pq.write_table(pa.table([pa.array(["p1"]), pa.array(["甲"]), pa.array(["乙"])], names=["id", "body", "body"]),
                   news / "dup.parquet")
    (news / "u16.jsonl").write_bytes("".join(json.dumps(_record(f"u{i}"), ensure_ascii=False) + "\n"
                                             for i in range(3)).encode("utf-16-le"))
    big = [_record("j1"), _record("j2", "x" * 5 * CAP), _record("j3")]
    (news / "big.json").write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([_record("q1"), _record("q2", "x" * 5 * CAP), _record("q3")]),
                   news / "big.parquet")


def test_every_reader_fault_is_a_reject_and_the_rest_is_read(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news"
    _corpus(news)
    out = tmp_path / "out"
    code = main(["run", str(news), "--out", str(out), "--glossaries", str(small_glossary_dir(tmp_path / "g")),
                 "--translator", "gloss", "--translation-memory", "off", "--max-record-bytes", str(CAP), "-q"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert (counts["records_in"], counts["documents_out"], counts["rejected"]) == (15, 9, 6)
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"] + counts["dropped"]
    docs = [json.loads(x)["doc_id"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(docs) == ["a", "good", "j1", "j3", "q1", "q3", "u0", "u1", "u2"]
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(r["input"]).name, r["line"], r["reason"].split(":")[0]) for r in rejects) == [
        ("big.json", 2, f"record over max_record_bytes ({CAP:,})"),
        ("big.parquet", 2, f"record over max_record_bytes ({CAP:,})"),
        ("bomb.html.gz", 1, DEEP_HTML.split(":")[0]),
        ("dup.csv", 1, "CSV header names a column more than once"),
        ("dup.parquet", 1, "Parquet schema names a column more than once"),
        ("wide.csv", 1, "CSV header of 80,011 characters and 40,003 columns, over 65,536 characters")]
    encodings = {Path(i["path"]).name: i.get("encoding") for i in manifest["inputs"]}
    assert encodings["u16.jsonl"] == "utf-16-le"
