"""documents / mentions as analysts read them: full bodies, one timestamp rule, meta alike in both formats,
mentions.jsonl, tickers by type, and `--partition-by date` (through the real runner, on texts built here)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.config import ConfigError, RunConfig, load_config
from pipeline.glossary import CompiledGlossary
from pipeline.io.partition import UNDATED
from pipeline.io.writers import TABLES, OutputSchema, PartWriter, assemble, join_body, paragraph_breaks
from pipeline.records import Segment
from pipeline.runner import run

from .conftest import GLOSSARIES

RECORDS = [
    {"id": "p1", "title": "中际旭创涨6%", "body": "中际旭创今日上涨6%。成交额放大。\n新易盛跟涨4%。",
     "published_at": "2025年3月1日 10:30", "author": "张三", "tags": ["CPO"]},
    {"id": "p2", "title": "光模块走强", "body": "Zhongji Innolight rose 6%. Eoptolink gained 4%.",
     "published_at": "2025-03-01T23:30:00Z"},
    {"id": "p3", "title": "光伏ETF嘉实上涨", "body": "光伏ETF嘉实上涨2%，中际旭创涨1%。", "published_at": "上周五"},
    {"id": "0004", "title": "新易盛公告", "body": "新易盛发布公告。"},
]


def _config(**kw: object) -> RunConfig:
    return replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", **kw)


def _run(tmp_path: Path, glossary: CompiledGlossary, name: str, **kw: object) -> Path:
    source = tmp_path / "in.jsonl"
    if not source.exists():
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    out = tmp_path / name
    run([source], out, _config(**kw), glossary)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary) -> Path:
    return _run(tmp_path_factory.mktemp("docs"), glossary, "out")


def _docs(out: Path) -> dict[str, dict]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["doc_id"]: d for d in map(json.loads, lines)}


def test_body_keeps_paragraphs_and_joins_sentences_as_their_language_does(out: Path) -> None:
    docs = _docs(out)
    assert docs["p1"]["body_zh"] == "中际旭创今日上涨6%。成交额放大。\n新易盛跟涨4%。"
    english = docs["p1"]["body_en"].split("\n")
    assert len(english) == 2 and "Zhongji Xuchuang" in english[0] and english[0].count(". ") == 1
    # An English body is its own source text in body_zh, and sentences join with one space.
    assert docs["p2"]["body_zh"] == docs["p2"]["body_en"] == "Zhongji Innolight rose 6%. Eoptolink gained 4%."
    assert docs["p2"]["title_zh"] == "光模块走强"


def test_published_at_follows_the_rule_and_keeps_what_it_cannot_read(out: Path) -> None:
    docs = _docs(out)
    assert docs["p1"]["published_at"] == "2025-03-01T02:30:00Z"  # no offset: UTC+08:00
    assert docs["p2"]["published_at"] == "2025-03-01T23:30:00Z"
    assert docs["p3"]["published_at"] is None
    assert json.loads(docs["p3"]["meta"]) == {"published_at_raw": "上周五"}
    assert docs["0004"]["published_at"] is None and docs["0004"]["meta"] == "{}"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["unparsed_dates"] == 1
    assert manifest["partition_by"] is None


def test_meta_is_the_same_json_string_in_both_formats(out: Path) -> None:
    in_parquet = {r["doc_id"]: r["meta"] for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert in_parquet == {k: d["meta"] for k, d in _docs(out).items()}
    assert json.loads(in_parquet["p1"]) == {"author": "张三", "tags": ["CPO"]}


def test_tickers_are_split_by_type(out: Path) -> None:
    p3 = _docs(out)["p3"]
    assert p3["company_tickers"] == ["300308.SZ"]
    assert p3["fund_tickers"] == ["159123.SZ"]
    assert p3["tickers"] == sorted(p3["company_tickers"] + p3["fund_tickers"])


def test_mentions_carry_part_and_their_documents_published_at(out: Path) -> None:
    lines = (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    mentions = [json.loads(line) for line in lines]
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(mentions) == sum(len(s["entities"]) for s in segments) > 0
    parts = {(s["doc_id"], s["seg_id"]): s["part"] for s in segments}
    dates = {k: d["published_at"] for k, d in _docs(out).items()}
    for m in mentions:
        assert m["part"] == parts[(m["doc_id"], m["seg_id"])]
        assert m["published_at"] == dates[m["doc_id"]]
    assert {m["part"] for m in mentions} == {"title", "body"}


def read_jsonl_as_documented(path: Path) -> pd.DataFrame:
    """docs/output.md's recipe (pandas-jsonl): strings stay strings (dtype=False), published_at parsed as UTC."""
    frame = pd.read_json(path, lines=True, dtype=False)
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (arrays in Parquet) as lists, integers as int64, instants as UTC microseconds, a column with no
    value as None (JSON cannot tell an empty string column from an empty number column)."""
    frame = frame.copy()
    for column in frame.columns:
        if column != "published_at" and frame[column].isna().all():
            frame[column] = pd.Series([None] * len(frame), dtype=object, index=frame.index)
        elif frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: list(v) if hasattr(v, "__len__") and not isinstance(v, str)
                                              else v)
        elif pd.api.types.is_integer_dtype(frame[column]):
            frame[column] = frame[column].astype("int64")
    frame["published_at"] = frame["published_at"].astype("datetime64[us, UTC]")
    return frame


@pytest.mark.parametrize("table", ["documents", "mentions"])
def test_jsonl_and_parquet_give_equal_dataframes(out: Path, table: str) -> None:
    from_jsonl = _comparable(read_jsonl_as_documented(out / f"{table}.jsonl"))
    from_parquet = _comparable(pd.read_parquet(out / f"{table}.parquet"))
    assert from_jsonl.published_at.notna().any()
    pd.testing.assert_frame_equal(from_jsonl, from_parquet)


def test_partitions_by_local_day(tmp_path: Path, glossary: CompiledGlossary) -> None:
    out = _run(tmp_path, glossary, "whole")
    parted = _run(tmp_path, glossary, "parted", partition_by="date")
    assert json.loads((parted / "manifest.json").read_text(encoding="utf-8"))["partition_by"] == "date"
    days = sorted(p.name for p in (parted / "documents.parquet").iterdir())
    # p2 was published at 23:30 UTC on 1 March: 2 March in UTC+08:00.
    assert days == ["date=2025-03-01", "date=2025-03-02", f"date={UNDATED}"]
    for table in ("documents", "segments", "mentions"):
        whole = pd.read_parquet(out / f"{table}.parquet")
        from_parts = pd.read_parquet(parted / f"{table}.parquet")
        assert sorted(from_parts.columns) == sorted([*whole.columns, "date"])
        key = {"documents": ["doc_id"], "segments": ["doc_id", "seg_id"],
               "mentions": ["doc_id", "seg_id", "start"]}[table]
        left = whole.sort_values(key).reset_index(drop=True).to_json(date_format="iso")
        right = from_parts.drop(columns="date").sort_values(key).reset_index(drop=True).to_json(date_format="iso")
        assert left == right, table
    by_doc = pd.read_parquet(parted / "segments.parquet").groupby("doc_id", observed=True)["date"].first()
    assert by_doc["p2"] == "2025-03-02" and by_doc["p3"] == UNDATED


def test_partitioned_bytes_do_not_depend_on_shards(tmp_path: Path, glossary: CompiledGlossary) -> None:
    one = _run(tmp_path, glossary, "one", partition_by="date")
    many = _run(tmp_path, glossary, "many", partition_by="date", shard_records=1, batch_size=1)
    files = sorted(p.relative_to(one) for p in one.rglob("*.parquet") if p.is_file())
    assert files == sorted(p.relative_to(many) for p in many.rglob("*.parquet") if p.is_file())
    assert len(files) >= 3 * 3 - 1  # three tables, three days (no mention falls on some day at most)
    for rel in files:
        assert (one / rel).read_bytes() == (many / rel).read_bytes(), rel


def _seg(seg_id: int, text: str, en: str | None, lang: str = "zh") -> Segment:
    return Segment(doc_id="d", seg_id=seg_id, part="body", src=text, src_lang=lang,
                   zh=text if lang == "zh" else None, en=en)


@pytest.mark.parametrize(("body", "segments", "body_zh", "body_en"), [
    ("甲涨。乙跌。", [_seg(1, "甲涨。", "A rose."), _seg(2, "乙跌。", "B fell.")], "甲涨。乙跌。", "A rose. B fell."),
    ("甲涨。\n\n乙跌。", [_seg(1, "甲涨。", "A rose."), _seg(2, "乙跌。", "B fell.")], "甲涨。\n乙跌。",
     "A rose.\nB fell."),
    ("甲涨。A fell.", [_seg(1, "甲涨。", "A rose."), _seg(2, "A fell.", "A fell.", "en")], "甲涨。 A fell.",
     "A rose. A fell."),
    ("甲涨。乙跌。", [_seg(1, "甲涨。", None), _seg(2, "乙跌。", "B fell.")], "甲涨。乙跌。", "B fell."),
    ("", [], None, None),
])
def test_join_body(body: str, segments: list[Segment], body_zh: str | None, body_en: str | None) -> None:
    breaks = paragraph_breaks(body, segments)
    assert (join_body(segments, breaks, "zh"), join_body(segments, breaks, "en")) == (body_zh, body_en)


def test_tables_without_rows_still_read_when_partitioned(tmp_path: Path) -> None:
    part = tmp_path / "part"
    PartWriter(part).close()
    assemble(tmp_path / "out", [part], partition_by="date")
    for table in TABLES:
        frame = pd.read_parquet(tmp_path / "out" / f"{table}.parquet")
        assert len(frame) == 0 and list(frame.columns) == OutputSchema().table(table).names


def test_an_unknown_partition_key_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("partition_by: week\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="partition_by must be one of date"):
        load_config(config)
    config.write_text("partition_by: date\n", encoding="utf-8")
    assert load_config(config).partition_by == "date"
    assert main(["run", "in.jsonl", "--out", str(tmp_path / "out"), "--partition-by", "week"]) == 2
