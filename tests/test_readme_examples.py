"""The documentation's output examples are executable (README.md, docs/output.md, docs/recipes.md: wherever a block
is marked, see tests/docs_text.py): its schemas are the code's, and its pandas and DuckDB recipes, run on a fresh
run of seeds/, give what an independent count of the JSONL files gives."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.config import RunConfig
from pipeline.glossary import CompiledGlossary
from pipeline.io.writers import TABLES, OutputSchema, schema_text
from pipeline.runner import run

from .conftest import GLOSSARIES, SEEDS
from .docs_text import examples, schemas

duckdb = pytest.importorskip("duckdb", reason="duckdb is in the dev extra: pip install -e '.[dev]'")

EXAMPLES = examples()
# UTC+08:00, written here independently of pipeline/io/timestamps.py.
MARKET_TZ = timezone(timedelta(hours=8))
DAY = "2025-11-26"  # a day of seeds/market_flash.jsonl


def test_the_docs_show_every_table_schema_as_the_code_has_it() -> None:
    shown = schemas()
    assert shown == {name: schema_text(OutputSchema().table(name)) for name in TABLES}


def test_every_example_has_a_test() -> None:
    """The api-* blocks (docs/api.md) run in tests/test_api.py, the dataset-* ones (docs/datasets.md) in
    tests/test_dataset_docs.py; every other one runs here."""
    assert {name for name in EXAMPLES if not name.startswith(("api-", "dataset-"))} == {
        "pandas-documents", "pandas-jsonl", "pandas-partitions", "duckdb-partitions", "pandas-top-tickers",
        "duckdb-per-day", "duckdb-co-mentions", "duckdb-meta", "pandas-articles"}


def _run(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary, **kw: Any) -> Path:
    out = tmp_path_factory.mktemp("readme") / "out"
    run([SEEDS], out, replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", **kw), glossary)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary) -> Path:
    return _run(tmp_path_factory, glossary)


@pytest.fixture(scope="module")
def parted(tmp_path_factory: pytest.TempPathFactory, glossary: CompiledGlossary) -> Path:
    return _run(tmp_path_factory, glossary, partition_by="date")


def _code(name: str, out: Path) -> tuple[str, str]:
    block = EXAMPLES[name]
    return block.lang, block.code.replace("out/", f"{out}/")


def python_example(name: str, out: Path) -> dict[str, Any]:
    lang, code = _code(name, out)
    assert lang == "python"
    namespace: dict[str, Any] = {}
    exec(compile(code, EXAMPLES[name].where, "exec"), namespace)  # noqa: S102 - the documentation's own example
    return namespace


def sql_example(name: str, out: Path) -> list[tuple]:
    lang, code = _code(name, out)
    assert lang == "sql"
    return duckdb.connect().sql(code).fetchall()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _mentions_with_day(out: Path) -> list[tuple[str, str | None, str | None]]:
    """(doc_id, ticker, local day) of every mention, counted from segments.jsonl and documents.jsonl."""
    days = {}
    for doc in _jsonl(out / "documents.jsonl"):
        when = doc["published_at"]
        days[doc["doc_id"]] = (datetime.fromisoformat(when).astimezone(MARKET_TZ).date().isoformat()
                               if when else None)
    return [(s["doc_id"], m["ticker"], days[s["doc_id"]])
            for s in _jsonl(out / "segments.jsonl") for m in s["entities"]]


def test_first_look_at_the_documents(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's pandas example prints every document's id and English title."""
    docs = python_example("pandas-documents", out)["docs"]
    printed = capsys.readouterr().out
    assert sorted(docs["doc_id"]) == sorted(d["doc_id"] for d in _jsonl(out / "documents.jsonl"))
    assert "company_tickers" in printed and docs["doc_id"].iloc[0] in printed


def test_top_tickers_count_distinct_documents(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = python_example("pandas-top-tickers", out)["top"]
    docs_by_ticker = defaultdict(set)
    for doc_id, ticker, _ in _mentions_with_day(out):
        if ticker:
            docs_by_ticker[ticker].add(doc_id)
    expected = {t: len(d) for t, d in docs_by_ticker.items()}
    assert len(top) == 10 and top.to_dict() == {t: expected[t] for t in top.index}
    assert max(n for t, n in expected.items() if t not in top.index) <= top.min()
    assert top.index[0] in capsys.readouterr().out


def test_mentions_per_ticker_per_day(out: Path) -> None:
    rows = sql_example("duckdb-per-day", out)
    expected = Counter((ticker, day) for _, ticker, day in _mentions_with_day(out) if ticker and day)
    assert {(t, d.isoformat()): n for t, d, n in rows} == expected
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)


def test_co_mentions(out: Path) -> None:
    rows = sql_example("duckdb-co-mentions", out)
    pairs = Counter(pair for doc in _jsonl(out / "documents.jsonl") for pair in combinations(doc["tickers"], 2))
    expected = sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda r: (-r[2], r[0], r[1]))[:10]
    assert rows == expected and rows[0][2] > 1


def test_meta_field(out: Path) -> None:
    rows = sql_example("duckdb-meta", out)
    expected = sorted((d["doc_id"], json.loads(d["meta"]).get("tags")) for d in _jsonl(out / "documents.jsonl")
                      if d["meta"] != "{}")
    assert [(doc_id, json.loads(tags) if tags else None) for doc_id, tags in rows] == expected
    assert any(tags for _, tags in expected)


def test_articles_of_one_day(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    python_example("pandas-articles", out)
    printed = capsys.readouterr().out
    of_day = {doc_id for doc_id, _, day in _mentions_with_day(out) if day == DAY}
    docs = {d["doc_id"]: d for d in _jsonl(out / "documents.jsonl")}
    assert of_day and all(docs[d]["body_en"] in printed for d in of_day)
    assert printed.count("\n\n") == sum(1 for d in docs.values() if d["published_at"] and datetime.fromisoformat(
        d["published_at"]).astimezone(MARKET_TZ).date().isoformat() == DAY)


def test_jsonl_reads_as_the_parquet_does(out: Path) -> None:
    ns = python_example("pandas-jsonl", out)
    docs, same = ns["docs"], ns["same"]
    assert docs["doc_id"].tolist() == same["doc_id"].tolist()
    assert docs["published_at"].astype("datetime64[us, UTC]").equals(same["published_at"])
    assert docs["published_at"].notna().any()


def test_partitioned_layout_reads_back(out: Path, parted: Path) -> None:
    ns = python_example("pandas-partitions", parted)
    whole = pd.read_parquet(out / "documents.parquet")
    assert sorted(ns["docs"]["doc_id"]) == sorted(whole["doc_id"])
    one_day = ns["one_day"]
    assert len(one_day) == sum(1 for _, _, day in _mentions_with_day(out) if day == DAY) > 0
    assert set(one_day["date"].astype(str)) == {DAY}


def test_partitions_in_duckdb(out: Path, parted: Path) -> None:
    rows = sql_example("duckdb-partitions", parted)
    expected = Counter(day or "unknown" for _, _, day in _mentions_with_day(out))
    assert dict(rows) == expected and "unknown" in expected
