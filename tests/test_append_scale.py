"""bench/append_scale.py's parts that need no real run: the dataset it builds is valid (tables, both indexes naming
the same ids, a manifest Dataset.open accepts) and cached, and the steps it reads from a run's summary are the
ones the summary prints. (A real `run --append` costs ~10 s of CPU, over a test file's budget: the bench's own
run is its end-to-end check; `run --append` itself is tests/test_append19.py's.)"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bench import append_scale
from pipeline.dataset.layout import STORIES_INDEX, index_path
from pipeline.dataset.store import Dataset
from pipeline.dedupe.story_index import StoryIndex
from pipeline.summary import time_lines


def test_built_dataset_is_valid_and_names_its_ids_in_both_indexes(tmp_path: Path) -> None:
    path = append_scale.dataset_for(tmp_path, 30)
    with Dataset.open(path, create=False) as dataset:
        assert dataset.manifest["counts"]["documents"] == 30
        assert dataset.ids.count() == 30 and dataset.ids.contains(append_scale.synthetic_id(30))
    with StoryIndex(index_path(path, STORIES_INDEX)) as stories:
        assert len(stories) == 30
    with closing(sqlite3.connect(index_path(path, STORIES_INDEX))) as db:
        named = {doc_id for (doc_id,) in db.execute("SELECT doc_id FROM docs")}
    assert named == {append_scale.synthetic_id(row) for row in range(1, 31)}
    assert append_scale.dataset_for(tmp_path, 30) == path  # cached: not rebuilt


def test_the_steps_the_bench_reads_are_those_the_summary_prints() -> None:
    seconds = {"open": 0.02, "glossary": 2.5, "plan": 0.31, "merge": 0.12, "translate": 9.0, "total": 13.0,
               "commit": 0.4}
    (line, work) = time_lines({"seconds": seconds, "shards": {"count": 1, "workers": 1}})
    assert dict(append_scale.STEP.findall(line)) == {k: f"{v:.2f}" for k, v in seconds.items()
                                                     if k not in ("translate", "total")}
    assert "commit" not in work and "translate 9.00s" in work  # the dataset's steps are the runner's own
