"""After the shards: the stories whose first document a step rejected get their first written copy as their first.

With `duplicates: keep` the copies are written already and only their `duplicate_of` changes (pipeline/dedupe/
reroot.py). With `duplicates: drop` the planner had made every copy a reject without processing it: the copies of a
story whose first was rejected are read again and run through the steps, in input order, until one is kept; it is
written in a part of its own, placed after its shard's, and the other copies' reasons name it. Dropping stays a
planning decision (no copy is processed in the common case, however many a day repeats) and only a lost first
costs work: a story is never lost because its first telling was rejected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from pipeline.dataset.admission import Admission
from pipeline.dedupe.reroot import Reroot, find_new_firsts, lost_firsts
from pipeline.io.writers import OutputSchema, PartWriter
from pipeline.records import Document
from pipeline.shards import Plan, RunSpec, ShardResult, process_copies
from pipeline.stage import Stats, merge_stats

# The part beside shard NNNNN holding its copies revived as their story's first (no DONE marker: done each time).
REVIVED_SUFFIX = "-revived"


@dataclass(frozen=True)
class Repair:
    """What the merge does differently: `reroot` re-points rows, `parts` (the shards' parts and the revived ones, in
    order) are assembled, and `result` is what the repair adds to the run's counts and stats (None: nothing)."""

    reroot: Reroot
    parts: list[Path]
    result: ShardResult | None = None


def repair_stories(plan: Plan, results: Sequence[ShardResult], admission: Admission, spec: RunSpec,
                   parts: list[Path]) -> Repair | None:
    """The repair of the stories whose first document a step removed; None, having read nothing, when no step
    removed a document that a later copy names (the common case)."""
    removed = [doc_id for result in results for doc_id in result.removed]
    if not removed:
        return None
    lost = lost_firsts((first for shard in plan.shards for _, _, first in shard.retold), removed,
                       admission.replaced_ids)
    if not lost:
        return None
    copies: dict[str, list[tuple[int, tuple[str, int]]]] = {}  # each lost first's copies: (shard, origin)
    for shard in plan.shards:
        for file, line, first in shard.retold:
            if first in lost:
                copies.setdefault(first, []).append((shard.index, (file, line)))
    if spec.config.duplicates == "drop":
        repair = _revive(plan, copies, spec, parts)
    else:  # only the shards holding copies are read; each story's new first is no longer a duplicate
        reroot = find_new_firsts(lost, [parts[i] for i in sorted({i for found in copies.values() for i, _ in found})])
        repair = Repair(reroot, parts, ShardResult(-1, 0, {"duplicates": -len(reroot.firsts)}, {}))
    if admission.stories is not None:  # the story index commits what the tables hold
        admission.stories.reroot(repair.reroot.firsts)
    return repair


def _revive(plan: Plan, copies: dict[str, list[tuple[int, tuple[str, int]]]], spec: RunSpec,
            parts: list[Path]) -> Repair:
    """Each lost first's dropped copies, processed in input order until the steps keep one."""
    rank = {(file, line): n for n, (file, line, _) in enumerate(r for shard in plan.shards for r in shard.retold)}
    firsts: dict[str, str] = {}
    revived: dict[int, list[tuple[int, Document]]] = {}  # per shard: (input order, document)
    stats: dict[str, Stats] = {}
    for first, found in copies.items():
        for index, group in groupby(found, key=itemgetter(0)):
            origins = [origin for _, origin in group]
            processed = process_copies(spec, plan.shards[index], origins)
            for origin, (doc, doc_stats) in zip(origins, processed, strict=True):
                if doc is not None:
                    firsts[first] = doc.id
                    revived.setdefault(index, []).append((rank[origin], doc))
                    merge_stats(stats, doc_stats)
                    break
            if first in firsts:
                break
    counts: dict[str, int] = {}
    beside: dict[Path, Path] = {}  # a shard's part -> the part of its revived documents, assembled after it
    for index, docs in revived.items():
        directory = parts[index].with_name(parts[index].name + REVIVED_SUFFIX)
        writer = PartWriter(directory, spec.config.tmx_translator_set, OutputSchema.for_fields(spec.fields))
        try:
            writer.write_documents([doc for _, doc in sorted(docs, key=itemgetter(0))])
        finally:
            writer.close()
        merge_stats(counts, writer.counts)
        beside[parts[index]] = directory
    n = sum(len(docs) for docs in revived.values())
    counts.update(rejected=counts.get("rejected", 0) - n, dropped=-n)  # they were dropped copies
    touched = frozenset(parts[index] for found in copies.values() for index, _ in found)  # their reject rows
    reroot = Reroot(firsts, touched, frozenset(_position(doc) for docs in revived.values() for _, doc in docs))
    assembled = [p for part in parts for p in (part, beside.get(part)) if p is not None]
    return Repair(reroot, assembled, ShardResult(-1, 0, counts, stats) if n else None)


def _position(doc: Document) -> tuple[str, int]:
    """(input, line) of a document, as its reject row names it."""
    file, _, line = doc.origin.rpartition(":")
    return file, int(line)
