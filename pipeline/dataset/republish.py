"""A story index of schema v6 (or v5) brought to v7 when its dataset is opened: each row gains its publisher key,
read from its document's `source` and `url` in the documents table (pipeline/dedupe/publisher.py), and whether its
instant has a time of day (story_index.upgrade, one transaction: a run killed meanwhile leaves the v6 file, brought
up again on the next open). A StoryIndex opened on a v6 file without its dataset upgrades it too, from the ids alone.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.dataset.read import DatasetReader, DatasetReadError
from pipeline.dedupe.publisher import publisher_key
from pipeline.dedupe.story_index import SCHEMA, V5_SCHEMA, V6_SCHEMA, upgrade

log = logging.getLogger(__name__)


def dataset_publishers(path: Path) -> Iterator[tuple[str, str]]:
    """(doc_id, publisher key) of every document of the dataset at `path`, as of its manifest (none when it has no
    manifest yet: only an interrupted first commit's rows are in its index, and the rollback forgets them)."""
    try:
        reader = DatasetReader(path)
    except DatasetReadError:
        return
    for batch in reader.batches("documents", ["doc_id", "source", "url"]):
        for doc_id, source, url in zip(*(batch.column(i).to_pylist() for i in range(3)), strict=True):
            yield doc_id, publisher_key(doc_id, source, url)


def republish(index: Path, publishers: Callable[[], Iterable[tuple[str, str]]]) -> bool:
    """Bring a v6 or v5 index at `index` to the current schema with `publishers()` (dataset_publishers); whether
    it did (False: the index is current, or of a schema StoryIndex refuses)."""
    db = sqlite3.connect(str(index), isolation_level=None)
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None or found[0] not in (V6_SCHEMA, V5_SCHEMA):
            return False
        done = upgrade(db, publishers())
    finally:
        db.close()
    if done:
        log.info("%s: publisher and time of day stored per document (-> %s)", index, SCHEMA.split(":", 1)[0])
    return done
