"""A dataset whose story index fingerprint v3 wrote (figures read from the letters-only text, so "增长7%" + "8月10日"
was the date 78月10日) opens after an upgrade: its rows' figures, dates and titles are read again from the documents
table, it answers with them, and runs append to it (pipeline/dataset/refigure.py)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.dataset.layout import MANIFEST_FILE, STORIES_INDEX, index_path
from pipeline.dataset.read import DatasetReader
from pipeline.dataset.refigure import V3_SCHEMA, refigure
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe.story_index import HASHES_DTYPE, NUMBERS_DTYPE, SCHEMA, StoryIndex
from pipeline.io.writers import DOCUMENT_SCHEMA, MENTION_SCHEMA, SEGMENT_SCHEMA
from pipeline.text.datelines import DATE, split_furniture
from tests.dataset_builder import build_dataset
from tests.small_glossary import small_glossary_dir

TITLE = "星河电子二季度营收增长7%"
BODY = "8月10日，星河电子公布二季度营收同比增长1.5%、环比增长2.3%，毛利率维持稳定。"
# A near copy (not an exact one: the exact hash would find it whatever the figures): the same date and figures.
COPY = "8月10日，星河电子公布：二季度营收同比增长1.5%、环比增长2.3%，毛利率维持稳定，公司称。"


def _v3(title: str, body: str) -> tuple[bytes, bytes, str]:
    """numbers, dates and title_text as fingerprint v3 stored them: read from the letters-only story text."""
    letters_title, text = fp.story_parts(title, body)
    dateline = fp.story_text(split_furniture(body)[1], "")
    return (fp.number_values(DATE.sub(" ", text)).astype(NUMBERS_DTYPE).tobytes(),
            fp.date_hashes(dateline + text).astype(HASHES_DTYPE).tobytes(), letters_title)


def _make_v3(path: Path, texts: dict[str, tuple[str, str]], schema: str = V3_SCHEMA) -> None:
    with sqlite3.connect(path) as db:
        for doc_id, (title, body) in texts.items():
            db.execute("UPDATE docs SET numbers = ?, dates = ?, title_text = ? WHERE doc_id = ?",
                       (*_v3(title, body), doc_id))
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (schema,))
    db.close()


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _record(doc_id: str, body: str, hour: int) -> dict[str, str]:
    return {"id": doc_id, "title": TITLE, "body": body, "source": "test", "published_at": f"2026-12-01 {hour:02d}:00"}


def _first_run(dataset: Path, out: Path) -> None:
    """A dataset of one run holding document "a", built by hand (tests/dataset_builder.py: no run's cost), and the
    story index v3 wrote for it."""
    out.mkdir()
    row = {"doc_id": "a", "title_zh": TITLE, "body_zh": BODY, "n_segments": 2, "source": "test",
           "published_at": datetime(2026, 12, 1, 10, tzinfo=timezone.utc)}
    pq.write_table(pa.Table.from_pylist([row], schema=DOCUMENT_SCHEMA), out / "documents.parquet")
    pq.write_table(SEGMENT_SCHEMA.empty_table(), out / "segments.parquet")
    pq.write_table(MENTION_SCHEMA.empty_table(), out / "mentions.parquet")
    (out / MANIFEST_FILE).write_text(json.dumps({"counts": {"documents": 1, "records_in": 1}}), encoding="utf-8")
    build_dataset(dataset, [out])
    with StoryIndex(index_path(dataset, STORIES_INDEX)) as index:
        index.match("a", TITLE, BODY, published_at=row["published_at"])
        index.commit(1)
    _make_v3(index_path(dataset, STORIES_INDEX), {"a": (TITLE, BODY)})


def test_a_v3_dataset_opens_answers_and_appends(tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    _first_run(dataset, tmp_path / "run1")
    stories = index_path(dataset, STORIES_INDEX)
    with pytest.raises(ValueError, match="fp3"):  # as it is, this newsbridge refuses it
        StoryIndex(stories)
    pipeline.run([str(_write(tmp_path / "day2.jsonl", [_record("b", COPY, 11)]))], dataset, steps=["normalize"],
                 glossaries=small_glossary_dir(tmp_path / "glossary"), append=True, workers=1,
                 translation_memory="off")
    with sqlite3.connect(stories) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA
        title_text, dates = db.execute("SELECT title_text, dates FROM docs WHERE doc_id = 'a'").fetchone()
    db.close()
    assert (title_text, dates) == ("星河电子二季度营收增长7", fp.date_hashes("8月10日").astype(HASHES_DTYPE).tobytes())
    reader = DatasetReader(dataset)
    rows = reader.table("documents", ["doc_id", "duplicate_of"]).to_pylist()
    # v3's 78月10日 beside the copy's 8月10日 was two dates (no match); read again, one story
    assert sorted((r["doc_id"], r["duplicate_of"]) for r in rows) == [("a", None), ("b", "a")]
    assert reader.manifest["counts"]["documents"] == 2


def test_rows_whose_text_differs_are_kept_and_a_v5_file_gains_its_column(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with StoryIndex(path) as index:
        index.match("a", TITLE, BODY)
        index.match("other", "另一条新闻", "内容完全不同的一条新闻，数字3、4。")
        index.commit(1)
    _make_v3(path, {"a": (TITLE, BODY), "other": ("另一条新闻", "内容完全不同的一条新闻，数字3、4。")},
             V3_SCHEMA.replace("stories-v6:", "stories-v5:"))
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE docs DROP COLUMN evidence_text")
    db.close()
    kept = _v3("另一条新闻", "内容完全不同的一条新闻，数字3、4。")
    # "other"'s text in the table is not what was fingerprinted (its exact hash differs): its row is kept
    assert refigure(path, lambda: [("a", TITLE, BODY), ("other", "另一条新闻", "改过的内容"), ("gone", "x", "y")]) \
        == (1, 1)
    assert refigure(path, lambda: []) is None  # current now: nothing to do
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT numbers, dates, title_text FROM docs WHERE doc_id = 'other'").fetchone() == kept
        assert db.execute("SELECT count(evidence_text) FROM docs").fetchone() == (0,)
    db.close()
    with StoryIndex(path) as index:
        assert index.match("b", TITLE, COPY) == "a"
