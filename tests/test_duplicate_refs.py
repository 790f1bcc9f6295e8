"""A `duplicate_of` always names a document of the output: when a step rejects the document that started a story
(decided at planning, before any step ran), its first written copy starts the story instead, in documents,
segments and mentions (Parquet and JSONL), the counts and the dataset's story index, with `duplicates: keep` and
`drop`, in a single run and an append."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.dataset.admission import Admission
from pipeline.dataset.layout import STORIES_INDEX, index_path
from pipeline.dedupe.reroot import Reroot, lost_firsts, story_reason
from pipeline.shards import Plan, ShardResult
from pipeline.story_repair import repair_stories
from tests.small_glossary import small_glossary_dir

TITLE = "中际旭创拟投资10亿元建设光模块基地"
BODY = "中际旭创发布公告，公司拟投资10亿元建设高速光模块生产基地，预计2027年投产，达产后年产值约50亿元。"
# Two sentences more than the copies: over the segment step's limit below, so that step rejects the first telling
# (a real reject, after planning has made the story's copies point at it).
LONG_BODY = BODY + "公司表示项目进展顺利。董事会已审议通过。"
MAX_SEGMENTS = 3  # title + 1 sentence passes; title + 3 sentences is rejected


def _record(doc_id: str, body: str, hour: int, title: str = TITLE) -> dict[str, str]:
    return {"id": doc_id, "title": title, "body": body, "source": "test", "published_at": f"2026-12-01 {hour:02d}:00"}


# r and r2 tell the story at length (both rejected), c and d are its copies; "other" is a story of its own.
RECORDS = [_record("r", LONG_BODY, 8), _record("r2", LONG_BODY, 9), _record("c", BODY, 10),
           _record("other", "中际旭创股价12月1日收盘上涨3.21%，成交额8765万元。", 11, "中际旭创收涨3.21%"),
           _record("d", BODY, 12)]


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _run(inputs: Path | list[dict[str, str]], out: Path, glossary: Path, duplicates: str, append: bool):
    # Two records a shard: the story's new first (c) is in another shard than its rejected first (r). No translate
    # step: what is tested happens before and after the steps, and loading a translator would cost seconds.
    data = inputs if isinstance(inputs, list) else [str(inputs)]
    return pipeline.run(data, out, steps=["normalize", "segment", "link"], glossaries=glossary,
                        max_segments_per_record=MAX_SEGMENTS, duplicates=duplicates, shard_records=2, append=append)


def _jsonl(directory: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (directory / name).read_text(encoding="utf-8").splitlines()]


def _rows(frame: pd.DataFrame) -> list[tuple[str, str | None]]:
    """(doc_id, duplicate_of) of every row, null as None."""
    return [(row.doc_id, None if pd.isna(row.duplicate_of) else row.duplicate_of) for row in frame.itertuples()]


def _refs(frame: pd.DataFrame) -> dict[str, str | None]:
    return dict(_rows(frame))


@pytest.mark.parametrize("append", [False, True], ids=["single", "append"])
@pytest.mark.parametrize(("duplicates", "documents", "duplicate_of"), [
    ("keep", ["c", "other", "d"], {"c": None, "other": None, "d": "c"}),
    ("drop", ["c", "other"], {"c": None, "other": None}),
])
def test_a_story_whose_first_is_rejected_starts_at_its_first_written_copy(
        tmp_path, duplicates, documents, duplicate_of, append) -> None:
    glossary = small_glossary_dir(tmp_path / "glossary")
    out = tmp_path / "out"
    # A single run reads the records from memory (a spool the outputs name "records"), an append from a file.
    result = _run(_write(tmp_path / "day.jsonl", RECORDS) if append else RECORDS, out, glossary, duplicates, append)
    counts = result.manifest["counts"]

    assert sorted(result.documents["doc_id"]) == sorted(documents)
    assert _refs(result.documents) == duplicate_of
    for frame in (result.segments, result.mentions):  # each row carries its document's duplicate_of
        assert set(frame.doc_id) == set(documents)
        assert {d: first for d, first in _rows(frame)} == {d: duplicate_of[d] for d in frame.doc_id}
    files = next((out / "runs").iterdir()) if append else out
    for name in ("documents.jsonl", "segments.jsonl", "mentions.jsonl"):
        assert {row["doc_id"]: row["duplicate_of"] for row in _jsonl(files, name)} == {
            d: duplicate_of[d] for d in {row["doc_id"] for row in _jsonl(files, name)}}
    assert (counts["documents_out"], counts["duplicates"], counts["distinct_stories"]) == (
        len(documents), len(documents) - 2, 2)
    rejects = {row["line"]: row["reason"] for row in _jsonl(files, "rejects.jsonl")}
    assert sorted(rejects) == ([1, 2] if duplicates == "keep" else [1, 2, 5])
    assert rejects[1].startswith("segment: 4 segments")
    if duplicates == "keep":
        assert rejects[2].startswith("segment: 4 segments")
    else:  # the other copies are dropped as retelling the new first, not the rejected r
        assert (rejects[2], rejects[5]) == (story_reason("c"), story_reason("c"))
        assert (counts["dropped"], counts["rejected"]) == (2, 3)
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"]
    if append:
        assert (result.manifest["dataset"]["counts"]["duplicates"],
                result.manifest["dataset"]["counts"]["distinct_stories"]) == (len(documents) - 2, 2)
        with sqlite3.connect(index_path(out, STORIES_INDEX)) as db:
            stories = dict(db.execute("SELECT doc_id, story_id FROM docs"))
        assert stories == {d: (first or d) for d, first in duplicate_of.items()}
        # The next day's copy is matched to the story's new first, not to the rejected r.
        later = _run(_write(tmp_path / "day2.jsonl", [_record("e", BODY, 14)]), out, glossary, duplicates, True)
        if duplicates == "keep":
            assert _refs(later.documents) == {**duplicate_of, "e": "c"}
        else:
            assert _refs(later.documents) == duplicate_of
            last = sorted((out / "runs").iterdir())[-1]
            assert [row["reason"] for row in _jsonl(last, "rejects.jsonl")] == [story_reason("c")]


@pytest.mark.parametrize(("firsts", "removed", "kept", "lost"), [
    (["r", "r"], [], [], set()),  # nothing rejected: nothing to repair
    (["r"], ["x"], [], set()),  # a rejected document no copy names
    (["r", "s"], ["r", "x"], [], {"r"}),
    (["r"], ["r"], ["r"], set()),  # --update: the dataset keeps the old r, which copies may name
])
def test_lost_firsts(firsts, removed, kept, lost) -> None:
    assert lost_firsts(firsts, removed, kept) == lost


@pytest.mark.parametrize(("doc_id", "first", "expected"), [
    ("c", "r", None),  # the new first starts the story
    ("d", "r", "c"),
    ("e", "s", "s"),  # another story's first was written
    ("f", None, None),
])
def test_reroot_repoints(doc_id, first, expected) -> None:
    assert Reroot({"r": "c"}, frozenset()).duplicate_of(doc_id, first) == expected


def test_nothing_is_read_when_no_step_removed_a_document(tmp_path) -> None:
    """The common case costs nothing: the repair answers from the shards' results, without a part to read."""
    results = [ShardResult(0, 5, {}, {}, removed=[])]
    assert repair_stories(Plan([], 5), results, Admission(), None, [tmp_path / "absent"]) is None  # type: ignore[arg-type]


def test_an_update_a_step_rejects_leaves_the_old_document_as_its_story_first(tmp_path) -> None:
    """--update of r with a version the segment step rejects: the dataset keeps the old r, so a copy in the same run
    still names r, and the story index keeps r's row of the first run."""
    glossary = small_glossary_dir(tmp_path / "glossary")
    out = tmp_path / "dataset"
    _run(_write(tmp_path / "day1.jsonl", [_record("r", BODY, 8)]), out, glossary, "keep", append=True)
    # The new r is over the segment limit; c, a copy of it a sentence shorter, is not.
    update = [_record("r", LONG_BODY, 9), _record("c", BODY + "公司表示项目进展顺利。", 10)]
    result = pipeline.run([str(_write(tmp_path / "day2.jsonl", update))], out, steps=["normalize", "segment", "link"],
                          glossaries=glossary, max_segments_per_record=MAX_SEGMENTS, update=True)

    assert result.manifest["counts"]["updated"] == 0
    assert _refs(result.documents) == {"r": None, "c": "r"}
    with sqlite3.connect(index_path(out, STORIES_INDEX)) as db:
        assert sorted(db.execute("SELECT doc_id, story_id, run FROM docs")) == [("c", "r", 2), ("r", "r", 1)]
