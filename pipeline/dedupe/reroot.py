"""A story whose first document a step rejected starts at its first copy that was written.

Stories are decided at planning, in input order, before any step has run; a step may then reject the document
that started a story, and its later copies would name, in `duplicate_of`, a document no output holds (and the
story would have no row of its own: a distinct-story count would lose it). After the shards, the first written
copy (in input order) becomes the story's first (`duplicate_of` null) and the later copies name it instead.

Nothing is read when no step removed a story's first document (the common case): `lost_firsts` answers from what
the plan and the shards' results already hold."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from pipeline.io import clean

# The column naming the first document of the story a duplicate repeats (null for a first telling): its one name,
# used by the writers' schemas (pipeline/io/writers.py) and the dataset store.
COLUMN = "duplicate_of"
# The JSONL parts whose rows carry `duplicate_of` (each as its table's Parquet rows do)...
JSONL_PARTS = ("documents.jsonl", "segments.jsonl", "mentions.jsonl")
# ...and the one whose `duplicates: drop` rows name the story's first document in their reason.
REJECTS_PART = "rejects.jsonl"
REWRITTEN_PARTS = (*JSONL_PARTS, REJECTS_PART)


def story_reason(first: str) -> str:
    """The reason of a copy that `duplicates: drop` made a reject: it names the story's first document."""
    return f"duplicate story: retells document {first!r}"


def lost_firsts(firsts: Iterable[str], removed: Iterable[str], kept: Iterable[str] = ()) -> set[str]:
    """The stories' first documents (`firsts`: what the plan's copies name) that a step removed (`removed`), less
    those whose id the output still holds (`kept`: a document of the dataset that an --update record would have
    replaced, had a step not rejected the new one)."""
    return (set(removed) & set(firsts)) - set(kept)


@dataclass(frozen=True)
class Reroot:
    """Each lost first (key) and the copy that starts its story now (value), and the part directories holding
    rows that name a lost first (only those are rewritten)."""

    firsts: dict[str, str]
    parts: frozenset[Path]
    # (input, line) of the copies `duplicates: drop` had made rejects and that are now their story's first: their
    # reject rows go (the document is written in a part of its own, pipeline/story_repair.py).
    revived: frozenset[tuple[str, int]] = frozenset()

    def table(self, table: pa.Table) -> pa.Table:
        """The table (any of documents, segments, mentions: each has doc_id and duplicate_of) re-pointed."""
        ids = table.column("doc_id").to_pylist()
        refs = table.column(COLUMN).to_pylist()
        column = pa.array([self.duplicate_of(d, r) for d, r in zip(ids, refs, strict=True)], pa.string())
        return table.set_column(table.schema.get_field_index(COLUMN), COLUMN, column)

    def line(self, name: str, line: str) -> str:
        """A JSONL row of part `name` re-pointed ("" for a reject row of a revived copy); the same bytes the part
        writer would have written (pipeline/io/writers.py)."""
        row = json.loads(line)
        if name == REJECTS_PART:
            if (row.get("input"), row.get("line")) in self.revived:
                return ""
            if (reason := self._reasons.get(row.get("reason"))) is None:
                return line
            row["reason"] = reason
        elif row.get(COLUMN) in self.firsts:
            row[COLUMN] = self.duplicate_of(row["doc_id"], row[COLUMN])
        else:
            return line
        return clean.dumps(row, separators=(",", ":")) + "\n"

    @cached_property
    def _reasons(self) -> dict[str, str]:
        """A dropped copy's reason naming a lost first, and the one naming the story's new first."""
        return {story_reason(old): story_reason(new) for old, new in self.firsts.items()}

    def duplicate_of(self, doc_id: str, first: str | None) -> str | None:
        """The `duplicate_of` of a row of document `doc_id` that named `first`."""
        new = self.firsts.get(first) if first is not None else None
        if new is None:
            return first
        return None if new == doc_id else new


def find_new_firsts(lost: set[str], part_dirs: Sequence[Path]) -> Reroot:
    """Where each lost first's story starts now: its first copy in the written documents, in part (input) order.
    Looks at two columns of each part's documents, memory-mapped; called only when `lost` is not empty."""
    firsts: dict[str, str] = {}
    parts: set[Path] = set()
    for part in part_dirs:
        with pa.memory_map(str(part / "documents.arrow")) as source:
            table = ipc.open_file(source).read_all().select(["doc_id", COLUMN])
        hits = table.filter(pc.is_in(table.column(COLUMN), value_set=pa.array(sorted(lost), pa.string())))
        if not hits.num_rows:
            continue
        parts.add(part)
        for doc_id, first in zip(hits.column("doc_id").to_pylist(), hits.column(COLUMN).to_pylist(), strict=True):
            firsts.setdefault(first, doc_id)
    return Reroot(firsts, frozenset(parts))
