"""Inputs in every encoding and format people have: real files written in tmp_path and read back."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from pipeline.io.readers import ReadOptions, read_corpus, scan_inputs
from pipeline.io.sources import describe
from pipeline.records import Document, Reject

from .conftest import shared_path

ROWS = [{"id": f"r{i}", "title": f"中际旭创第{i}季度营收增长", "body": f"公司公告称，营收同比增长{i}0%。"}
        for i in range(1, 4)]
TRAD_ROWS = [{"id": f"t{i}", "title": f"台積電第{i}季營收創新高", "body": f"鴻海與聯發科股價上漲{i}%。"}
             for i in range(1, 4)]


def _jsonl(rows: list[dict], newline: str = "\n") -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + newline for r in rows)


def _docs(items: list) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _read(path: Path, **kw) -> list[Document | Reject]:
    return list(read_corpus([path], ReadOptions(**kw)))


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-32", "utf-32"),
])
def test_jsonl_in_unicode_encodings_reads_every_record(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(_jsonl(ROWS).encode(encoding))
    items = _read(path)
    assert [(d.id, d.title, d.body) for d in _docs(items)] == [(r["id"], r["title"], r["body"]) for r in ROWS]
    assert len(items) == 3
    assert describe(path).encoding == expected
    # UTF-16/32 cannot be cut at 0x0A bytes: such a file is read whole by one shard.
    assert describe(path).splittable == (expected.startswith("utf-8"))


def test_gb18030_csv_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    lines = ["id,title,body"] + [f"{r['id']},{r['title']},{r['body']}" for r in ROWS * 20]
    path.write_bytes(("\r\n".join(lines[:1] + [f"g{i}," + ln.split(",", 1)[1] for i, ln in enumerate(lines[1:])])
                      + "\r\n").encode("gb18030"))
    items = _read(path)
    assert describe(path).encoding == "gb18030"
    docs = _docs(items)
    assert len(docs) == 60 and docs[0].title == ROWS[0]["title"] and docs[0].body == ROWS[0]["body"]


def test_big5_txt_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "flash.txt"
    text = "台積電第三季營收創新高\n" + "鴻海與聯發科股價上漲，外資連續買超台股。市場預期半導體需求回溫。\n" * 5
    path.write_bytes(text.encode("big5"))
    (doc,) = _read(path)
    assert describe(path).encoding == "big5"
    assert doc.title == "台積電第三季營收創新高" and doc.body.startswith("鴻海與聯發科")


def test_forced_encoding_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "short.jsonl"
    path.write_bytes(_jsonl(ROWS[:1]).encode("gb18030"))
    (doc,) = _read(path, encoding="gb18030")
    assert doc.title == ROWS[0]["title"]


def test_gb18030_bytes_in_a_utf8_file_get_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    gb_row = {"id": "gb", "title": "中际旭创第一季度营收增长公告", "body": "营收同比增长。"}
    path.write_bytes(_jsonl(ROWS * 400).encode("utf-8") + _jsonl([gb_row]).encode("gb18030"))
    items = _read(path)
    (reject,) = [i for i in items if isinstance(i, Reject) and i.line == 1201]
    assert reject.reason.startswith("invalid UTF-8 at byte") and "pass --encoding gb18030" in reject.reason


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_every_line_ending_gives_one_record_per_line(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "ends.jsonl"
    path.write_bytes(_jsonl(ROWS, newline).encode())
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["r1", "r2", "r3"]
    assert [int(d.origin.rpartition(":")[2]) for d in _docs(items)] == [1, 2, 3]


def test_cr_only_csv(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes("id,title,body\rm1,标题一,正文一\rm2,标题二,正文二\r".encode())
    assert [d.title for d in _docs(_read(path))] == ["标题一", "标题二"]


@pytest.mark.parametrize(("suffix", "compress"), [
    (".jsonl.gz", gzip.compress), (".jsonl.bz2", bz2.compress), (".jsonl.xz", lzma.compress),
    (".jsonl.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_compressed_jsonl(tmp_path: Path, suffix: str, compress) -> None:
    path = tmp_path / f"news{suffix}"
    path.write_bytes(compress(_jsonl(ROWS).encode()))
    assert [d.id for d in _docs(_read(path))] == ["r1", "r2", "r3"]
    assert not describe(path).splittable


def test_compressed_csv(tmp_path: Path) -> None:
    path = tmp_path / "news.csv.gz"
    path.write_bytes(gzip.compress("id,title,body\nz1,标题,正文\n".encode()))
    assert [(d.id, d.title) for d in _docs(_read(path))] == [("z1", "标题")]


def test_corrupt_archive_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(ROWS * 100).encode())[:300])
    items = _read(path)
    assert isinstance(items[-1], Reject) and "cannot read the file further" in items[-1].reason


def test_directory_of_only_compressed_and_json_files_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps(ROWS[:2], ensure_ascii=False).encode()))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_jsonl(ROWS[2:]).encode()))
    scanned = scan_inputs([tmp_path])
    assert [p.name for p in scanned.files] == ["a.json.gz", "b.jsonl.zst"] and not scanned.problems
    assert [d.id for d in _docs(_read(tmp_path))] == ["r1", "r2", "r3"]


def test_json_array_is_streamed_with_record_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    records = [ROWS[0], [1], {"id": "x", "title": ""}, ROWS[1], {"id": "n", "title": "t", "score": float("nan")}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["r1", "r2", "n"]
    rejects = {r.line: r.reason for r in items if isinstance(r, Reject)}
    assert rejects == {2: "not a JSON object (got list of 1 number)",
                       3: "record has neither title nor body; its keys: id, title — title is empty"}
    assert "score" not in _docs(items)[2].meta  # NaN becomes null, and a null is left out of meta


def test_truncated_json_array_keeps_the_records_before_the_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False)[:-40], encoding="utf-8")
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["r1", "r2"]
    assert isinstance(items[-1], Reject) and items[-1].line == 3 and "invalid JSON after record 2" in items[-1].reason


def test_parquet_input_with_chinese_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    table = pa.table({"编号": [r["id"] for r in ROWS], "标题": [r["title"] for r in ROWS],
                      "正文": [r["body"] for r in ROWS], "来源": ["新浪财经"] * 3})
    pq.write_table(table, path, row_group_size=2)
    docs = _docs(_read(path))
    assert [(d.id, d.title, d.body, d.meta["source"]) for d in docs] == [
        (r["id"], r["title"], r["body"], "新浪财经") for r in ROWS]


def test_html_article_title_and_main_text(tmp_path: Path) -> None:
    path = tmp_path / "article-7.html"
    path.write_text("<html><head><title>站点 - 新闻</title><script>var x = '广告';</script></head><body>"
                    "<nav>首页 财经 股票</nav><article><h1>中际旭创第三季度营收增长</h1>"
                    "<p>公司公告称，营收同比增长30%。</p><p>光模块需求强劲。</p></article>"
                    "<footer>版权所有</footer></body></html>", encoding="utf-8")
    (doc,) = _read(path)
    assert (doc.id, doc.title) == ("article-7", "中际旭创第三季度营收增长")
    assert doc.body == "公司公告称，营收同比增长30%。\n光模块需求强劲。"


def test_cnyes_style_traditional_header_maps_by_default(tmp_path: Path) -> None:
    path = tmp_path / "cnyes.csv"
    path.write_bytes("\ufeff時間,標題,連結\n2025-01-01 22:05,台積電營收創新高,https://example.com/1\n".encode())
    (doc,) = _read(path)
    assert doc.title == "台積電營收創新高"
    assert doc.meta["published_at"] == "2025-01-01 22:05" and doc.meta["url"] == "https://example.com/1"


def test_real_cnyes_file_reads_without_rejects() -> None:
    path = shared_path("data/news/zh-hant/cnyes_headlines_202501.csv")
    items = list(read_corpus([path]))
    assert items and all(isinstance(i, Document) and i.title for i in items)


def test_column_map_names_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    path.write_text("headline,text,when\n标题,正文,2025-01-02\n", encoding="utf-8")
    assert isinstance(_read(path)[0], Reject)
    (doc,) = _read(path, columns=(("headline", "title"), ("text", "body"), ("when", "published_at")))
    assert (doc.title, doc.body, doc.meta["published_at"]) == ("标题", "正文", "2025-01-02")


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "semi.csv"
    path.write_text(delimiter.join(["id", "title", "body"]) + "\n"
                    + delimiter.join(["s1", "标题, 含逗号", "正文"]) + "\n", encoding="utf-8")
    (doc,) = _read(path)
    assert (doc.id, doc.title, doc.body) == ("s1", "标题, 含逗号", "正文")


def test_csv_without_header_is_rejected_naming_columns(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text("n1,标题一,正文一\nn2,标题二,正文二\n", encoding="utf-8")
    (reject,) = _read(path)
    assert isinstance(reject, Reject) and reject.line == 1 and "--columns" in reject.reason


def test_unterminated_quote_does_not_swallow_later_rows(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,title,body\nq1,标题一,正文一\nq2,"标题二,正文二\nq3,标题三,正文三\nq4,标题四,正文四\n',
                    encoding="utf-8")
    items = _read(path)
    assert [d.id for d in _docs(items)] == ["q1", "q3", "q4"]
    assert [int(d.origin.rpartition(":")[2]) for d in _docs(items)] == [2, 4, 5]
    (reject,) = [i for i in items if isinstance(i, Reject)]
    assert reject.line == 3 and "unterminated quote" in reject.reason


def test_a_quote_closed_rows_later_by_a_broken_row_does_not_swallow_them(tmp_path: Path) -> None:
    lines = ["id,title,body"] + [f"c{i},标题{i},正文{i}" for i in range(30)]
    lines[10], lines[20] = 'c9,"标题九,正文', 'c19,"标题,"正文"x'
    path = tmp_path / "pair.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert len(_docs(items)) == 28
    assert [(r.line, r.reason.split(":")[0]) for r in items if isinstance(r, Reject)] == [
        (11, "unterminated quote"), (21, "malformed CSV row")]


def test_csv_with_broken_quotes_reads_the_same_in_shards(tmp_path: Path) -> None:
    from pipeline.shards import plan_shards, read_shard

    lines = ["id,title,body"] + [f"c{i},标题{i},正文{i}" for i in range(30)]
    lines[10], lines[20], lines[25] = 'c9,"标题九,正文', 'c19,"标题,"正文"x', 'c24,"标题,正文'
    path = tmp_path / "pair.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = _read(path)
    for size in (1, 3, 4, 7):
        plan = plan_shards([path], ReadOptions(), size)
        assert len(plan.shards) > 1
        assert [i for s in plan.shards for i in read_shard(s, ReadOptions())] == whole


def test_csv_body_over_the_old_field_limit_gets_the_body_limit_reject(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"id,title,body\nl1,标题,{'长' * 210_000}\nl2,标题二,正文\n", encoding="utf-8")
    items = _read(path)
    assert isinstance(items[0], Reject) and "max_body_chars" in items[0].reason and items[0].line == 2
    assert isinstance(items[1], Document) and items[1].origin.endswith(":3")


def test_unknown_file_in_a_directory_is_a_problem_not_a_silent_skip(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(_jsonl(ROWS), encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    scanned = scan_inputs([tmp_path])
    assert [p.name for p in scanned.files] == ["a.jsonl"]
    assert scanned.problems == [{"path": str(tmp_path / "notes.pdf"), "error": "unsupported input type '.pdf'"}]
