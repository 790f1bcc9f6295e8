"""Synthetic staged runs for the dataset's tests and its scale bench: the run's Parquet schemas with a
`duplicate_of` column, rows made column by column (fast enough for a million documents), no news text."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dataset.store import DUPLICATE_COLUMN
from pipeline.io.writers import DOCUMENT_SCHEMA, MENTION_SCHEMA, MENTION_TYPE, ROW_GROUP_ROWS, SEGMENT_SCHEMA

# The run's schemas, which end in the `duplicate_of` column a dataset's tables need.
SCHEMAS = {"documents": DOCUMENT_SCHEMA, "segments": SEGMENT_SCHEMA, "mentions": MENTION_SCHEMA}
assert all(schema.names[-1] == DUPLICATE_COLUMN for schema in SCHEMAS.values())
# The tests' and the pre-filled datasets' light documents; the bench's day uses DayShape.realistic().
SEGMENTS_PER_DOC = 3
MENTIONS_PER_DOC = 2
# A fixed instant: the same rows whatever day the bench runs.
PUBLISHED_AT = 1_780_000_000_000_000


def doc_ids(prefix: str, start: int, count: int) -> list[str]:
    return [f"{prefix}{n:09d}" for n in range(start, start + count)]


def _repeat(values: list[str], times: int) -> list[str]:
    return [value for value in values for _ in range(times)]


def _lists(values: pa.Array, rows: int, per_row: int, type_: pa.DataType) -> pa.Array:
    """`rows` lists of `per_row` items each, cut from `values`."""
    offsets = pa.array([i * per_row for i in range(rows + 1)], pa.int32())
    return pa.ListArray.from_arrays(offsets, values, type=pa.list_(type_))


def tables(ids: list[str], *, tag: str = "", duplicate_every: int = 0, segments: int = SEGMENTS_PER_DOC,
           mentions: int = MENTIONS_PER_DOC, pad: int = 0) -> dict[str, pa.Table]:
    """Documents, segments and mentions of the documents `ids` (`tag` marks their text, so a replaced row tells
    itself apart; every `duplicate_every`th document names the one before it in `duplicate_of`): `segments`
    segments and `mentions` mentions per document, each text `pad` characters longer than its id."""
    n = len(ids)
    duplicate = [ids[i - 1] if duplicate_every and i and i % duplicate_every == 0 else None for i in range(n)]
    filler = "x" * pad
    text = [f"title {tag}{doc_id}{filler}" for doc_id in ids]
    tickers = _lists(pa.array(["300308.SZ"] * n, pa.string()), n, 1, pa.string())
    documents = pa.table({
        "doc_id": ids, "title_zh": text, "title_en": text, "body_zh": text, "body_en": text,
        "tickers": tickers, "company_tickers": tickers, "fund_tickers": _lists(pa.array([], pa.string()), n, 0,
                                                                              pa.string()),
        "n_segments": pa.array([segments] * n, pa.int32()), "source": ["synthetic"] * n, "url": [None] * n,
        "published_at": pa.array([PUBLISHED_AT] * n, pa.timestamp("us", tz="UTC")), "input": ["day.jsonl"] * n,
        "meta": ["{}"] * n, "locale": ["zh-CN"] * n, DUPLICATE_COLUMN: duplicate,
    }, schema=SCHEMAS["documents"])
    s = n * segments
    seg_docs = _repeat(ids, segments)
    seg_text = _repeat(text, segments)
    entity = pa.StructArray.from_arrays(
        [pa.array(values * s, field.type) for values, field in zip(
            (["cn.300308"], ["中际旭创"], [0], [4], ["中际旭创"], ["300308.SZ"], ["company"], ["Zhongji Xuchuang"]),
            MENTION_TYPE, strict=True)], fields=list(MENTION_TYPE))
    segment_table = pa.table({
        "doc_id": seg_docs, "seg_id": pa.array([i % segments for i in range(s)], pa.int32()),
        "part": ["body"] * s, "src_lang": ["zh"] * s, "src": seg_text, "zh": seg_text, "en": seg_text,
        "tokens": _lists(pa.array(["中际旭创"] * s, pa.string()), s, 1, pa.string()),
        "entities": _lists(entity, s, 1, MENTION_TYPE), "translator": ["gloss"] * s,
        "flags": _lists(pa.array([], pa.string()), s, 0, pa.string()), "script": ["hans"] * s,
        "locale": ["zh-CN"] * s, DUPLICATE_COLUMN: _repeat(duplicate, segments),
    }, schema=SCHEMAS["segments"])
    m = n * mentions
    mention_table = pa.table({
        "doc_id": _repeat(ids, mentions), "seg_id": pa.array([i % mentions for i in range(m)], pa.int32()),
        "part": ["body"] * m, "entity_id": ["cn.300308"] * m, "ticker": ["300308.SZ"] * m,
        "canonical": ["中际旭创"] * m, "surface": ["中际旭创"] * m, "type": ["company"] * m,
        "start": pa.array([0] * m, pa.int32()), "end": pa.array([4] * m, pa.int32()), "src_lang": ["zh"] * m,
        "published_at": pa.array([PUBLISHED_AT] * m, pa.timestamp("us", tz="UTC")),
        "en_official": ["Zhongji Xuchuang"] * m, DUPLICATE_COLUMN: _repeat(duplicate, mentions),
    }, schema=SCHEMAS["mentions"])
    return {"documents": documents, "segments": segment_table, "mentions": mention_table}


def stage_run(staging: Path, ids: list[str], *, tag: str = "", duplicate_every: int = 0, **shape: int) -> dict:
    """A staged run directory as the runner leaves it for the dataset's commit (`shape`: see tables); returns
    its manifest."""
    staging.mkdir(parents=True, exist_ok=True)
    made = tables(ids, tag=tag, duplicate_every=duplicate_every, **shape)
    for name, table in made.items():
        pq.write_table(table, staging / f"{name}.parquet", row_group_size=ROW_GROUP_ROWS)  # as the runner
        (staging / f"{name}.jsonl").write_text("".join(json.dumps({"doc_id": d}) + "\n" for d in ids),
                                               encoding="utf-8")
    for name in ("corpus.tmx", "flags.jsonl", "rejects.jsonl", "report.html"):
        (staging / name).write_text("", encoding="utf-8")
    duplicates = made["documents"].column(DUPLICATE_COLUMN).null_count
    manifest = {
        "newsbridge_version": "synthetic", "inputs": [{"path": "day.jsonl", "records": len(ids)}],
        "counts": {"records_in": len(ids), "documents_out": len(ids), "rejected": 0, "segments": made["segments"]
                   .num_rows, "mentions": made["mentions"].num_rows, "tmx_units": made["segments"].num_rows,
                   "already_present": 0, "updated": 0, "duplicates": len(ids) - duplicates},
        "translator": "gloss", "stages": [{"name": "translate", "signature": "translate:gloss|synthetic"}],
        "glossary": {"content_hash": "sha256:synthetic", "entities": 1},
    }
    (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest
