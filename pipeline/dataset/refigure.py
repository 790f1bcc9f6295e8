"""A story index written by fingerprint v3 brought to the current fingerprint when its dataset is opened: each row's
numbers, dates and title are read again, the fingerprint's way, from the document's text in the documents table.
The result is a stories-v6 index of the current fingerprint, which pipeline/dataset/republish.py brings to v7 next.

v3 read figures from the letters-only story text, so digits on both sides of dropped punctuation merged ("增长7%" +
"8月10日" read as the date 78月10日). Its MinHash, exact hashes, head and band keys are the current version's, so
only those three columns change; a row is re-read only when the documents table's text gives the exact hash the
row stores (the same text, letters for letters), and kept as it was otherwise (v3's figures: it matches as before).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.dataset.read import DatasetReader, DatasetReadError
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe.story_index import V6_SCHEMA, stored_figures

log = logging.getLogger(__name__)

# The schemas of an index written by fingerprint v3: stories-v6, and stories-v5 (before rule 8's evidence_text
# column, which a v5 file gains here as StoryIndex adds it to a current-fingerprint v5 file).
V3_SCHEMA = V6_SCHEMA.replace(f":fp{fp.VERSION}:", ":fp3:", 1)
V3_SCHEMAS = {V3_SCHEMA: False, V3_SCHEMA.replace("stories-v6:", "stories-v5:", 1): True}  # -> lacks evidence_text
# Documents read and updated per statement batch (memory per batch, not per table).
BATCH = 2048

Document = tuple[str, str | None, str | None]  # doc_id, title, body


def dataset_documents(path: Path) -> Iterator[Document]:
    """(doc_id, title_zh, body_zh) of every document of the dataset at `path`, as of its manifest (none when it has
    no manifest yet: only an interrupted first commit's rows are in its index, and the rollback forgets them)."""
    try:
        reader = DatasetReader(path)
    except DatasetReadError:
        return
    for batch in reader.batches("documents", ["doc_id", "title_zh", "body_zh"]):
        yield from zip(*(batch.column(i).to_pylist() for i in range(3)), strict=True)


def refigure(index: Path, documents: Callable[[], Iterable[Document]]) -> tuple[int, int] | None:
    """Bring a v3 index at `index` to V6_SCHEMA, reading `documents()` (see the module's docstring), in one
    transaction: a run killed meanwhile leaves the v3 file, brought up again on the next open. Returns (rows read
    again, rows kept as they were), or None when the index is not v3 (a current one, or one StoryIndex refuses)."""
    db = sqlite3.connect(str(index), isolation_level=None)
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None or found[0] not in V3_SCHEMAS:
            return None
        db.execute("BEGIN IMMEDIATE")
        try:
            again = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
            if again not in V3_SCHEMAS:  # another process brought it up meanwhile
                db.execute("ROLLBACK")
                return None
            if V3_SCHEMAS[again]:
                db.execute("ALTER TABLE docs ADD COLUMN evidence_text TEXT")
            done = _reread(db, documents())
            rows = db.execute("SELECT count(*) FROM docs").fetchone()[0]
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (V6_SCHEMA,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
    log.info("%s: figures of %d of %d documents read again (fingerprint v3 -> v%s)", index, done, rows,
             fp.VERSION)
    return done, rows - done


def _reread(db: sqlite3.Connection, documents: Iterable[Document]) -> int:
    """Update the rows whose document's text gives their stored exact hash; how many were."""
    done, batch = 0, []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH:
            done += _update(db, batch)
            batch = []
    return done + _update(db, batch)


def _update(db: sqlite3.Connection, documents: list[Document]) -> int:
    before = db.total_changes
    rows = []
    for doc_id, title, body in documents:
        print_ = fp.fingerprint(title or "", body or "")
        rows.append((*stored_figures(print_), doc_id, print_.exact))
    db.executemany("UPDATE docs SET numbers = ?, dates = ?, title_text = ? WHERE doc_id = ? AND exact = ?", rows)
    return db.total_changes - before
