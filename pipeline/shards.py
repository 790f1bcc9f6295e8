"""Split a corpus into shards and process one shard: the unit of parallel work, of resume and of progress.

A shard is a run of consecutive input records (windows of one or more files). The plan depends only on
the inputs and `shard_records`, never on the worker count, so every engine produces the same parts.
Ids must be unique across the whole corpus, which no single shard can see: the planner, which reads every
record once, decides the duplicate-id rejects and hands each shard its own.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig
from pipeline.dataset.admission import Admission
from pipeline.dedupe.reroot import story_reason
from pipeline.io.atomic import temp_path, write_text_atomic
from pipeline.io.lines import SKIP_CHUNK, Overlong, WindowHash, capped_lines
from pipeline.io.mapping import RAW_PREVIEW_CHARS, preview
from pipeline.io.outdir import shard_path
from pipeline.io.readers import ReadOptions, Window, read_file, read_options
from pipeline.io.sources import describe
from pipeline.io.writers import OutputSchema, PartWriter
from pipeline.records import Document, Reject
from pipeline.registry import StepSpec, build_stages
from pipeline.stage import BuildContext, ServiceLost, Stage, StageContractError, Stats, merge_stats

log = logging.getLogger(__name__)
DONE_MARKER = "DONE"
STATS_FILE = "stats.json"
# Records a running shard has finished, rewritten after each batch: the runner reads it for progress, since a
# worker process (local or Dask) cannot call back into it.
PROGRESS_FILE = "progress"


class InputChanged(Exception):
    """A shard read back a different number of records, or other bytes, than the plan did: an input changed."""


@dataclass(frozen=True)
class Piece:
    """A window of one input file."""

    path: str
    start: int = 0
    end: int | None = None
    first_line: int = 1
    # The content fingerprint of the window's bytes as the planner read them (of the raw file, compressed or not,
    # for a file read whole); the shard that reads the window compares its own.
    fingerprint: str | None = None

    def window(self, digest: WindowHash | None = None) -> Window:
        return Window(self.start, self.end, self.first_line, digest)


@dataclass(frozen=True)
class Shard:
    index: int
    pieces: tuple[Piece, ...]
    records: int
    duplicates: tuple[Reject, ...] = ()
    # The last shard of a run with a limit: it reads its first `records` records and stops, even in a file
    # that cannot be cut into windows (JSON arrays, Parquet, compressed files).
    truncated: bool = False
    # (file, line) of the records whose id the dataset already holds (`run --append`): counted, not processed.
    present: tuple[tuple[str, int], ...] = ()
    # (file, line, id of the story's first document) of the records that retell an earlier story.
    retold: tuple[tuple[str, int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "records": self.records, "pieces": [asdict(p) for p in self.pieces],
                "duplicates": [r.to_dict() for r in self.duplicates],
                **({"truncated": True} if self.truncated else {}),
                **({"present": [list(p) for p in self.present]} if self.present else {}),
                **({"retold": [list(r) for r in self.retold]} if self.retold else {})}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Shard:
        return cls(d["index"], tuple(Piece(**p) for p in d["pieces"]), d["records"],
                   tuple(Reject(**r) for r in d["duplicates"]), bool(d.get("truncated")),
                   tuple((f, int(n)) for f, n in d.get("present", ())),
                   tuple((f, int(n), s) for f, n, s in d.get("retold", ())))


@dataclass
class Plan:
    shards: list[Shard]
    records: int
    # Per input file: {path, format, encoding, records} (the manifest's `inputs`).
    inputs: list[dict[str, Any]] = field(default_factory=list)
    # The records asked for (None: all), and whether the inputs held more than that.
    limit: int | None = None
    more_input: bool = False


def _origin(item: Document | Reject) -> tuple[str, int]:
    if isinstance(item, Reject):
        return item.input, item.line
    file, _, line = item.origin.rpartition(":")
    return file, int(line)


def _windows(path: Path, starts: set[int], stop: int | None) -> tuple[dict[int, int], dict[int, str]]:
    """The byte offset of each window start (1-based lines `starts`, and the line `stop` where the last window
    ends, if it ends before the file does), and each window's content fingerprint keyed by its first line, in
    one pass over the file: each window runs to the next start, the last to `stop` or the end of the file."""
    offsets = {1: 0}
    digests = {1: WindowHash()}
    cuts = {x for x in (*starts, stop) if x is not None and x > 1}
    if cuts:
        last = max(cuts)
        with path.open("rb") as fh:
            reader = digests[1].wrap(fh)
            position = 0
            for line_no, raw in enumerate(capped_lines(reader, SKIP_CHUNK), 2):  # a bomb line is counted, not held
                position += raw.size if isinstance(raw, Overlong) else len(raw)
                if line_no not in cuts:  # line_no: the line after `raw`, starting at `position`
                    continue
                offsets[line_no] = position
                reader.digest.stop()
                if line_no == last:
                    break
                reader.digest = digests[line_no] = WindowHash(position)
        if last in starts and last in offsets:  # the last window: the rest of the file, hashed in chunks
            digests[last] = WindowHash(offsets[last])
    return offsets, {line: digest.hexdigest(path) for line, digest in digests.items() if line in starts or line == 1}


def plan_shards(files: list[Path], options: ReadOptions, shard_records: int, limit: int | None = None,
                admission: Admission | None = None) -> Plan:
    """Read every record once: count them, cut the corpus every `shard_records` records, and find the ids
    that repeat an earlier record's. With a `limit`, only the first `limit` records (in input order) are
    planned: the window of the file they end in stops at the next record, and files after it are not read.
    With an `admission`, each record with a new id is asked whether the dataset holds it already and whether it
    retells an earlier story (pipeline/dataset/admission.py)."""
    # Per shard: [path, first_line, end_line | None, (byte offsets, fingerprints) of the file's windows by line].
    cuts: list[list[list[Any]]] = []
    more_input = False
    counts: list[int] = []
    duplicates: list[list[Reject]] = []
    present: list[list[tuple[str, int]]] = []
    retold: list[list[tuple[str, int, str]]] = []
    seen: dict[str, str] = {}
    started: set[str] = set()
    total = 0
    inputs: list[dict[str, Any]] = []
    for path in files:
        if more_input:
            break
        name = str(path)
        try:
            info = describe(path, options.encoding)
        except Exception:  # read_file turns the same failure into a Reject
            info = None
        entry = {"path": name, "format": info.format if info else None,
                 "encoding": info.encoding if info else None, "records": 0}
        inputs.append(entry)
        # A file that cannot be cut into byte windows goes whole into one shard.
        splittable = info is not None and info.splittable
        file_pieces: list[list[Any]] = []  # this file's [path, first_line, end_line | None] in `cuts`
        for item in read_file(path, options):
            file, line = _origin(item)
            if limit is not None and total >= limit:
                more_input = True
                if splittable and cuts[-1][-1][0] == name:  # the window ends where the first one left out starts
                    cuts[-1][-1][2] = line
                elif not entry["records"]:  # a file none of whose records is read is not an input of the run
                    inputs.pop()
                break
            entry["records"] += 1
            new_file = name not in started
            if not counts or (counts[-1] >= shard_records and (splittable or new_file)):
                if cuts and cuts[-1][-1][0] == name:
                    cuts[-1][-1][2] = line
                file_pieces.append([name, 1 if new_file else line, None])
                cuts.append([file_pieces[-1]])
                counts.append(0)
                duplicates.append([])
                present.append([])
                retold.append([])
            elif cuts[-1][-1][0] != name:
                file_pieces.append([name, 1 if new_file else line, None])
                cuts[-1].append(file_pieces[-1])
            started.add(name)
            counts[-1] += 1
            total += 1
            if isinstance(item, Document):
                first_seen = seen.get(item.id)
                if first_seen is not None:
                    duplicates[-1].append(Reject(file, line, f"duplicate id {item.id!r} (first seen at {first_seen})",
                                                 preview(json.dumps({"id": item.id, "title": item.title},
                                                                     ensure_ascii=False))))
                else:
                    seen[item.id] = item.origin
                    verdict = admission.decide(item) if admission is not None else None
                    if verdict is not None and verdict.skip:
                        present[-1].append((file, line))
                    elif verdict is not None and verdict.duplicate_of is not None:
                        retold[-1].append((file, line, verdict.duplicate_of))
        if file_pieces:  # its windows are all cut: hashed now, right after its records were read
            try:  # each piece gets the byte offsets of the file's window starts and their fingerprints
                windows = (_windows(path, {first for _, first, _ in file_pieces}, file_pieces[-1][2]) if splittable
                           else ({}, {1: WindowHash().hexdigest(path)}))  # a file read whole: its raw bytes
            except OSError:  # gone or unreadable since: read_file made that a reject, and the shard will too
                windows = ({}, {})
            for piece in file_pieces:
                piece.append(windows)
    shards = []
    for index, (pieces, n, dups) in enumerate(zip(cuts, counts, duplicates, strict=True)):
        shards.append(Shard(index, tuple(
            Piece(name, offsets.get(first, 0) if first > 1 else 0, offsets.get(end) if end is not None else None,
                  first, fingerprints.get(first))
            for name, first, end, (offsets, fingerprints) in pieces), n, tuple(dups),
            truncated=more_input and index == len(cuts) - 1, present=tuple(present[index]),
            retold=tuple(retold[index])))
    return Plan(shards, total, inputs, limit, more_input)


def read_shard(shard: Shard, options: ReadOptions,
               digests: list[WindowHash] | None = None) -> Iterator[Document | Reject]:
    """The records of a shard's windows; with `digests` (one per piece), each window's bytes are hashed as read."""
    duplicates = {(r.input, r.line): r for r in shard.duplicates}
    for number, piece in enumerate(shard.pieces):
        path = Path(piece.path)
        for item in read_file(path, options, piece.window(digests[number] if digests else None)):
            if isinstance(item, Document) and (found := duplicates.get(_origin(item))) is not None:
                yield found
            else:
                yield item


def admit(items: Iterator[Document | Reject], shard: Shard, duplicates: str,
          counts: dict[str, int]) -> Iterator[Document | Reject]:
    """The shard's records as the plan decided: a record already in the dataset is counted (`already_present`)
    and passed over; one that retells a story gets `duplicate_of`, or becomes a dropped reject under
    `duplicates: drop`."""
    present = set(shard.present)
    retold = {(f, n): first for f, n, first in shard.retold}
    for item in items:
        if isinstance(item, Document):
            origin = _origin(item)
            if origin in present:
                counts["already_present"] = counts.get("already_present", 0) + 1
                continue
            if (first := retold.get(origin)) is not None:
                if duplicates == "drop":
                    counts["dropped"] = counts.get("dropped", 0) + 1
                    yield Reject(origin[0], origin[1], story_reason(first), _raw(item))
                    continue
                item.duplicate_of = first
        yield item


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to build the stages and process shards; small and picklable (the
    glossary travels as its directory and content hash, and is loaded from the disk cache)."""

    config: RunConfig
    steps: tuple[StepSpec, ...]
    glossary_hash: str
    shards_dir: str
    fields: tuple[Any, ...] = ()
    # (path, name) of spooled inputs (standard input, the API's DataFrames): rejects and documents name
    # them so, not by the spool's temporary path.
    labels: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return hashlib.sha256(repr((self.config, self.steps, self.glossary_hash)).encode()).hexdigest()


# One process builds and sets up its stages once, then serves every shard it is given.
_WORKER_STAGES: dict[str, list[Stage]] = {}


def preload(spec: RunSpec, stages: list[Stage]) -> None:
    """Hand this process stages already built (the in-process engine reuses the runner's)."""
    _WORKER_STAGES.clear()
    _WORKER_STAGES[spec.key] = stages


def worker_stages(spec: RunSpec, seconds: dict[str, float] | None = None) -> list[Stage]:
    """This process's stages for `spec`, built and set up on first use (setup time goes into `seconds`)."""
    stages = _WORKER_STAGES.get(spec.key)
    if stages is None:
        from pipeline.glossary import compile_glossary

        glossary = compile_glossary(spec.config.glossaries)
        if glossary.content_hash != spec.glossary_hash:
            raise RuntimeError(f"glossary {spec.config.glossaries} changed during the run "
                               f"({spec.glossary_hash} → {glossary.content_hash})")
        stages = build_stages(spec.steps, BuildContext(spec.config, glossary))
        _WORKER_STAGES.clear()
        _WORKER_STAGES[spec.key] = stages
    for stage in stages:
        if not getattr(stage, "_newsbridge_ready", False):
            t0 = time.perf_counter()
            stage.setup()
            if seconds is not None:
                seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - t0
            stage._newsbridge_ready = True  # type: ignore[attr-defined]
    return stages


@dataclass
class ShardResult:
    index: int
    records: int
    counts: dict[str, int]
    stats: dict[str, Stats]
    seconds: dict[str, float] = field(default_factory=dict)
    # Ids of the documents a step removed (rejected, dropped, or failed): a story's first document among them
    # leaves its later copies pointing at nothing, which the runner repairs (pipeline/story_repair.py).
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def shard_dir(spec: RunSpec, index: int) -> Path:
    return shard_path(Path(spec.shards_dir), index)


def load_result(directory: Path) -> ShardResult | None:
    """The result a finished shard left behind; None when it did not finish."""
    if not (directory / DONE_MARKER).exists():
        return None
    return ShardResult(**json.loads((directory / STATS_FILE).read_text(encoding="utf-8")))


def count_done(shards_dir: Path) -> int:
    """How many shards under a run's shards/ are finished (have their DONE marker)."""
    return sum(1 for _ in Path(shards_dir).glob(f"*/{DONE_MARKER}"))


def records_done(directory: Path) -> int:
    """Records a running shard has finished so far (0 before its first batch, or if the file is being replaced)."""
    try:
        return int((directory / PROGRESS_FILE).read_text(encoding="ascii") or 0)
    except (OSError, ValueError):
        return 0


def _write_progress(directory: Path, records: int) -> None:
    """Replace the progress file whole (a reader never sees half a number); no fsync: a lost count costs nothing."""
    temp = temp_path(directory / PROGRESS_FILE)
    temp.write_text(str(records), encoding="ascii")
    os.replace(temp, directory / PROGRESS_FILE)


def _batches(items: Iterator[Document | Reject], size: int) -> Iterator[list[Document | Reject]]:
    while batch := list(islice(items, size)):
        yield batch


def _run_stages(stages: list[Stage], docs: list[Document], seconds: dict[str, float],
                rejects: list[Reject], counts: dict[str, int]) -> list[Document]:
    for stage in stages:
        started = time.perf_counter()
        given = {id(d) for d in docs}
        docs = stage.process(docs)
        seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - started
        removed = stage.take_removed()
        kept = {id(d) for d in docs}
        taken = {id(r.doc) for r in removed}
        if kept | taken != given or kept & taken or not kept <= given:
            raise StageContractError(f"stage {stage.name!r} returned {len(docs)} and removed {len(removed)} of "
                               f"{len(given)} documents: a stage takes documents out only with reject() or drop()")
        for removal in removed:
            file, _, line = removal.doc.origin.rpartition(":")
            rejects.append(Reject(file, int(line), f"{stage.name}: {removal.reason}", _raw(removal.doc)))
            key = "dropped" if removal.dropped else "rejected_by_stages"
            counts[key] = counts.get(key, 0) + 1
    return docs


def _raw(doc: Document) -> str:
    return (doc.raw_title + "\n" + doc.raw_body)[:RAW_PREVIEW_CHARS]


def _process_isolating_failures(stages: list[Stage], docs: list[Document], seconds: dict[str, float],
                                rejects: list[Reject], counts: dict[str, int]) -> list[Document]:
    """Run a batch; if it fails, rerun its documents one by one so one bad record cannot sink the rest."""
    batch_rejects: list[Reject] = []
    batch_counts: dict[str, int] = {}
    # Stages rewrite documents in place (normalize converts Traditional text): a retry must start from the
    # documents as read, or it would normalize them twice and lose what the first pass saw.
    pristine = copy.deepcopy(docs)
    try:
        survivors = _run_stages(stages, docs, seconds, batch_rejects, batch_counts)
    except (StageContractError, ServiceLost):
        raise
    except Exception:
        log.exception("a batch failed; retrying its %d documents one at a time", len(docs))
        docs = pristine
        for stage in stages:
            stage.take_removed()
    else:
        rejects.extend(batch_rejects)
        merge_stats(counts, batch_counts)
        return survivors
    survivors = []
    for doc in docs:
        one_rejects: list[Reject] = []
        one_counts: dict[str, int] = {}
        try:
            survivors.extend(_run_stages(stages, [doc], seconds, one_rejects, one_counts))
        except (StageContractError, ServiceLost):
            raise
        except Exception as e:  # the record is rejected with the reason, the run goes on
            for stage in stages:
                stage.take_removed()
            file, _, line = doc.origin.rpartition(":")
            rejects.append(Reject(file, int(line), f"internal error while processing: {type(e).__name__}: {e}",
                                  _raw(doc)))
            continue
        rejects.extend(one_rejects)
        merge_stats(counts, one_counts)
    return survivors


def process_copies(spec: RunSpec, shard: Shard, origins: Sequence[tuple[str, int]]
                   ) -> Iterator[tuple[Document | None, dict[str, Stats]]]:
    """The records of `shard` at `origins` (copies of a story that `duplicates: drop` passed over), read again and
    run through the steps one at a time in that order, each with what the steps kept (None: rejected) and the
    steps' stats for it. Lazy, so a caller stops at the first one kept: this is how a story whose first document
    a step rejected gets a first after all (pipeline/story_repair.py), in the lead process, after the shards."""
    stages = worker_stages(spec)
    wanted = set(origins)
    found: dict[tuple[str, int], Document] = {}
    for item in read_shard(shard, read_options(spec.config)):
        if isinstance(item, Document) and _origin(item) in wanted:
            found[_origin(item)] = item
            if len(found) == len(wanted):
                break
    labels = dict(spec.labels)
    for origin in origins:
        doc = found.get(origin)
        if doc is None:  # the input changed since the plan: the record is not there to be processed
            yield None, {}
            continue
        for stage in stages:
            stage.reset_stats()
        kept = _process_isolating_failures(stages, [doc], {}, [], {})
        yield (_relabel_document(kept[0], labels) if kept else None), {stage.name: stage.stats() for stage in stages}


def _relabel_reject(reject: Reject, labels: dict[str, str]) -> Reject:
    """A reject from a spooled input names the input as the user gave it ("-", "dataframe")."""
    if not labels:
        return reject
    reason = reject.reason
    for path, name in labels.items():  # "duplicate id 'x' (first seen at SPOOL:3)"
        reason = reason.replace(f"{path}:", f"{name}:")
    return replace(reject, input=labels.get(reject.input, reject.input), reason=reason)


def _relabel_document(doc: Document, labels: dict[str, str]) -> Document:
    """A document's `input` (file:line) names a spooled input as the user gave it."""
    file, _, line = doc.origin.rpartition(":")
    if file in labels:
        doc.origin = f"{labels[file]}:{line}"
    return doc


def _content_changed(shard: Shard, digests: list[WindowHash]) -> list[str]:
    """The files of the shard whose windows it read as other bytes than the planner did (the fingerprints differ)."""
    changed: dict[str, None] = {}
    for piece, digest in zip(shard.pieces, digests, strict=True):
        if piece.fingerprint is None:  # a plan from before fingerprints, or a window the planner did not reach
            continue
        try:
            read = digest.hexdigest(Path(piece.path))
        except OSError:  # gone since it was read
            read = None
        if read != piece.fingerprint:
            changed[piece.path] = None
    return list(changed)


def process_shard(spec: RunSpec, shard: Shard,
                  on_batch: Callable[[int], None] | None = None) -> ShardResult:
    """Process one shard into its directory: parts, then stats.json, then the DONE marker (so a shard
    with a marker is complete). A shard directory left by a killed worker is simply rewritten."""
    seconds: dict[str, float] = {"read": 0.0, "write": 0.0}
    stages = worker_stages(spec, seconds)
    for stage in stages:
        stage.reset_stats()
    config = spec.config
    directory = shard_dir(spec, shard.index)
    (directory / DONE_MARKER).unlink(missing_ok=True)
    writer = PartWriter(directory, config.tmx_translator_set, OutputSchema.for_fields(spec.fields))
    counts: dict[str, int] = {}
    removed: list[str] = []
    records = 0
    files = [p.path for p in shard.pieces]
    digests = [WindowHash(p.start, p.end) for p in shard.pieces]
    items = read_shard(shard, read_options(config), digests)
    if shard.truncated:
        items = islice(items, shard.records)
    items = admit(items, shard, config.duplicates, counts)
    labels = dict(spec.labels)
    try:
        while True:
            t0 = time.perf_counter()
            batch = next(_batches(items, config.batch_size), None)
            seconds["read"] += time.perf_counter() - t0
            if batch is None:
                break
            records += len(batch)
            rejects = [r for r in batch if isinstance(r, Reject)]
            given = [d for d in batch if isinstance(d, Document)]
            docs = _process_isolating_failures(stages, given, seconds, rejects, counts)
            if len(docs) < len(given):  # ids are unique in a shard: the planner made repeated ids rejects
                kept = {d.id for d in docs}
                removed += [d.id for d in given if d.id not in kept]
            t0 = time.perf_counter()
            for reject in sorted(rejects, key=lambda r: (files.index(r.input) if r.input in files else 0, r.line)):
                writer.write_reject(_relabel_reject(reject, labels))
            writer.write_documents([_relabel_document(d, labels) for d in docs])
            seconds["write"] += time.perf_counter() - t0
            if on_batch is not None:
                on_batch(len(batch))
            else:
                _write_progress(directory, records)
    finally:
        writer.close()
    records += counts.get("already_present", 0)  # read and accounted for, though never processed
    if records != shard.records:
        raise InputChanged(f"an input changed during the run: {', '.join(dict.fromkeys(files))} (shard "
                           f"{shard.index} read {records} records where the plan counted {shard.records})")
    if changed := _content_changed(shard, digests):
        raise InputChanged(f"an input changed during the run: {', '.join(changed)} (shard {shard.index} read other "
                           "content than the plan: same records, different bytes)")
    result = ShardResult(shard.index, records, {**writer.counts, **counts},
                         {stage.name: stage.stats() for stage in stages}, seconds, removed)
    write_text_atomic(directory / STATS_FILE, json.dumps(result.to_dict(), ensure_ascii=False))
    write_text_atomic(directory / DONE_MARKER, "")
    return result

