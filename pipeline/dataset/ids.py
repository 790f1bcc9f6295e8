"""Every document id of a dataset, on disk (SQLite), so that `already_present` costs one point query per record.

Each id carries the number of the run that added it: an append killed before the dataset's manifest was written
is undone by forgetting the ids of the runs the manifest does not name (`forget_after`, on every open of the
dataset). The ids live in a B-tree on disk, never in a Python set, so memory stays flat however many documents the
dataset holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from types import TracebackType

# Ids handed to one executemany call: bounds the Python list built per call, not the transaction (one per run).
INSERT_CHUNK = 10_000
# The table is keyed on the id (WITHOUT ROWID: the B-tree is the primary key). The run index lets every open's
# forget_after find the ids of runs after the manifest's last without reading every id (a scan was 1M ids' worth
# of time on each append to a million-document dataset: bench/id_index_scale.py); runs only grow, so a run's
# entries are added at its end. A dataset made before it gets it on its next open (once, ~n log n).
SCHEMA = "CREATE TABLE IF NOT EXISTS ids (doc_id TEXT PRIMARY KEY NOT NULL, run INTEGER NOT NULL) WITHOUT ROWID"
RUN_INDEX = "CREATE INDEX IF NOT EXISTS ids_run ON ids (run)"


def _chunks(values: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


class IdIndex:
    """The ids of a dataset's documents, each tagged with the run that added it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are opened explicitly, so one run's ids go in one transaction.
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute(SCHEMA)
        self._db.execute(RUN_INDEX)

    def __repr__(self) -> str:
        return f"IdIndex({self.path})"

    def contains(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM ids WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def add_many(self, ids: Iterable[str], run: int) -> int:
        """Add `ids` as run `run`'s, all or none; ids already present keep the run that first added them.
        Returns how many were new."""
        added = 0
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for chunk in _chunks(ids, INSERT_CHUNK):
                before = self._db.total_changes
                self._db.executemany("INSERT OR IGNORE INTO ids (doc_id, run) VALUES (?, ?)",
                                     ((doc_id, run) for doc_id in chunk))
                added += self._db.total_changes - before
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return added

    def forget_after(self, run: int) -> int:
        """Remove the ids that runs after `run` added (an append the dataset's manifest never recorded), found
        through the run index: the time is that of the ids removed (none on an ordinary open), not of the dataset.
        Returns how many went."""
        before = self._db.total_changes
        self._db.execute("DELETE FROM ids INDEXED BY ids_run WHERE run > ?", (run,))
        return self._db.total_changes - before

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM ids").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IdIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
