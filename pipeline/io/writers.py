"""Write a shard's outputs as part files, and assemble the parts of every shard into the final files.

Each shard writes its rows into its own directory (JSONL and TMX fragments as text, the three tables as
Arrow IPC); `assemble` concatenates them in shard order, so the outputs are the same bytes whatever the
worker count, engine or batch size. Parquet row groups are cut every ROW_GROUP_ROWS rows of the whole
output, never at shard or batch boundaries."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from pipeline.dedupe.reroot import COLUMN as DUPLICATE_COLUMN
from pipeline.dedupe.reroot import REWRITTEN_PARTS, Reroot
from pipeline.io import clean, partition, tmx
from pipeline.io.mapping import META_FIELDS
from pipeline.io.timestamps import parse_published_at, to_iso
from pipeline.records import Document, Mention, Reject, Segment
from pipeline.stage import OutputField, StageContractError
from pipeline.text.flags import failed_kinds

MENTION_TYPE = pa.struct([
    ("entity_id", pa.string()), ("surface", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("canonical", pa.string()), ("ticker", pa.string()), ("type", pa.string()), ("en_official", pa.string()),
])
SEGMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("seg_id", pa.int32()), ("part", pa.string()), ("src_lang", pa.string()),
    ("src", pa.string()), ("zh", pa.string()), ("en", pa.string()), ("tokens", pa.list_(pa.string())),
    ("entities", pa.list_(MENTION_TYPE)), ("translator", pa.string()), ("flags", pa.list_(pa.string())),
    ("script", pa.string()), ("locale", pa.string()), (DUPLICATE_COLUMN, pa.string()),
])
# Instants are UTC microseconds in Parquet and ISO 8601 "…Z" strings in JSONL (pipeline/io/timestamps.py).
TIMESTAMP_TYPE = pa.timestamp("us", tz="UTC")
DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("title_zh", pa.string()), ("title_en", pa.string()), ("body_zh", pa.string()),
    ("body_en", pa.string()), ("tickers", pa.list_(pa.string())), ("company_tickers", pa.list_(pa.string())),
    ("fund_tickers", pa.list_(pa.string())), ("n_segments", pa.int32()), ("source", pa.string()),
    ("url", pa.string()), ("published_at", TIMESTAMP_TYPE), ("input", pa.string()), ("meta", pa.string()),
    ("locale", pa.string()), (DUPLICATE_COLUMN, pa.string()),
])
MENTION_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("seg_id", pa.int32()), ("part", pa.string()), ("entity_id", pa.string()),
    ("ticker", pa.string()), ("canonical", pa.string()), ("surface", pa.string()), ("type", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("src_lang", pa.string()), ("published_at", TIMESTAMP_TYPE),
    ("en_official", pa.string()), (DUPLICATE_COLUMN, pa.string()),
])
# One line per segment that failed a quality check: where it is, why, and its text (see flag_row).
FLAGS_FILE = "flags.jsonl"
# Rows per Parquet row group, whatever the batch size: the same corpus gives byte-identical Parquet files
# for any `batch_size`, and readers get row groups of a useful size (memory stays bounded by this many rows).
ROW_GROUP_ROWS = 10_000
OUTPUT_FILES = ("segments.jsonl", "segments.parquet", "documents.jsonl", "documents.parquet",
                "mentions.jsonl", "mentions.parquet", "corpus.tmx", "rejects.jsonl", FLAGS_FILE)
TEXT_PARTS = ("segments.jsonl", "documents.jsonl", "mentions.jsonl", "rejects.jsonl", FLAGS_FILE, "corpus.tmx")
# Mention types whose tickers are companies' listings, and those that are funds, ETFs or the indexes they track
# (glossary `type:`; the other types carry no ticker). `tickers` keeps them all.
COMPANY_TYPES = frozenset({"company"})
FUND_TYPES = frozenset({"fund", "index"})
# The `meta` key that keeps a `published_at` no rule could read (its column is then null).
RAW_DATE_KEY = "published_at_raw"
# Within a paragraph Chinese sentences join with nothing, English ones (or a mix) with a space.
ZH_JOIN, EN_JOIN, PARAGRAPH_JOIN = "", " ", "\n"
TABLES = ("segments", "documents", "mentions")


def _json_line(row: dict[str, Any]) -> str:
    return clean.dumps(row, separators=(",", ":")) + "\n"


def _safe_row(row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The row as it will be written (cleaned by clean.json_safe only when it needs it, so JSONL and Parquet
    hold the same values) and its JSONL line."""
    try:
        text = json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text.encode("utf-8")
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        row = clean.json_safe(row)
        text = json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return row, clean.one_line(text) + "\n"


def document_row(doc: Document) -> tuple[dict[str, Any], datetime | None]:
    """One row per document (its JSONL form: `published_at` as ISO text) and its `published_at` instant.

    `meta` holds every input key beyond the known ones, as a JSON object string (keys sorted), the same text in
    JSONL and Parquet; a `published_at` that no rule reads is kept there as `published_at_raw`."""
    title = next((s for s in doc.segments if s.part == "title"), None)
    raw_date = doc.meta.get("published_at")
    instant = parse_published_at(raw_date)
    extra = {k: v for k, v in doc.meta.items() if k not in META_FIELDS}
    if instant is None and raw_date is not None:
        extra[RAW_DATE_KEY] = raw_date
    body = [s for s in doc.segments if s.part == "body"]
    breaks = paragraph_breaks(doc.body, body)
    return {
        "doc_id": doc.id,
        "title_zh": title.zh if title else None,
        "title_en": title.en if title else None,
        "body_zh": join_body(body, breaks, "zh"),
        "body_en": join_body(body, breaks, "en"),
        "tickers": _tickers(doc.mentions),
        "company_tickers": _tickers(m for m in doc.mentions if m.type in COMPANY_TYPES),
        "fund_tickers": _tickers(m for m in doc.mentions if m.type in FUND_TYPES),
        "n_segments": len(doc.segments),
        "source": _str_or_none(doc.meta.get("source")),
        "url": _str_or_none(doc.meta.get("url")),
        "published_at": to_iso(instant),
        "input": doc.origin,
        "meta": clean.dumps(clean.json_safe(extra), sort_keys=True),
        "locale": doc.locale or None,
        DUPLICATE_COLUMN: doc.duplicate_of,
    }, instant


def _tickers(mentions: Iterable[Mention]) -> list[str]:
    return sorted({m.ticker for m in mentions if m.ticker})


def paragraph_breaks(body: str, segments: Sequence[Segment]) -> list[bool]:
    """For each body segment, whether a line break of the normalized body comes before it (segmentation
    splits the body into lines first, so a sentence never spans one). Found by locating each sentence in
    order; a sentence a stage rewrote is not found and gets no break."""
    breaks, cursor = [], 0
    for seg in segments:
        found = -1
        for needle in (seg.zh, seg.src, seg.en):
            if needle and (found := body.find(needle, cursor)) >= 0:
                break
        breaks.append(found >= 0 and "\n" in body[cursor:found] and bool(breaks))
        if found >= 0:
            cursor = found + len(needle or "")
    return breaks


def join_body(segments: Sequence[Segment], breaks: Sequence[bool], lang: str) -> str | None:
    """The body in one language: `zh` (an English segment gives its source text) or `en`; None without a body.
    Paragraphs join with a line break, sentences as their language writes them."""
    if not segments:
        return None
    out: list[str] = []
    previous: Segment | None = None
    for seg, new_paragraph in zip(segments, breaks, strict=True):
        text = (seg.zh if seg.zh is not None else seg.src) if lang == "zh" else seg.en
        if text is None:
            continue
        if previous is not None:
            both_zh = lang == "zh" and seg.src_lang == "zh" and previous.src_lang == "zh"
            out.append(PARAGRAPH_JOIN if new_paragraph else (ZH_JOIN if both_zh else EN_JOIN))
        out.append(text)
        previous = seg
    return "".join(out)


def mention_row(seg_row: dict[str, Any], mention: dict[str, Any], published_at: str | None) -> dict[str, Any]:
    """One row of mentions.jsonl / mentions.parquet: where the mention is, what it links to, and its document's
    `published_at` (JSONL text here; the Parquet row gets the instant) and `duplicate_of` (so that mentions count
    distinct stories with `WHERE duplicate_of IS NULL`)."""
    return {"doc_id": seg_row["doc_id"], "seg_id": seg_row["seg_id"], "part": seg_row["part"],
            "entity_id": mention["entity_id"], "ticker": mention["ticker"], "canonical": mention["canonical"],
            "surface": mention["surface"], "type": mention["type"], "start": mention["start"], "end": mention["end"],
            "src_lang": seg_row["src_lang"], "published_at": published_at, "en_official": mention.get("en_official"),
            DUPLICATE_COLUMN: seg_row.get(DUPLICATE_COLUMN)}


def flag_row(seg: Segment) -> dict[str, Any] | None:
    """The flags.jsonl line of a segment that failed a check (None when it passed them all)."""
    if not failed_kinds(seg.flags):
        return None
    return {"doc_id": seg.doc_id, "seg_id": seg.seg_id, "flags": list(seg.flags), "zh": seg.zh, "en": seg.en}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


class RowGroupWriter:
    """A Parquet file written in row groups of exactly ROW_GROUP_ROWS rows (the last one shorter)."""

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = ROW_GROUP_ROWS) -> None:
        self.schema = schema
        self.rows_per_group = rows_per_group
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.writer = pq.ParquetWriter(path, schema)

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.add_table(pa.Table.from_pylist(rows, schema=self.schema))

    def add_table(self, table: pa.Table) -> None:
        if table.num_rows:
            self.pending.append(table)
            self.pending_rows += table.num_rows
        while self.pending_rows >= self.rows_per_group:
            merged = pa.concat_tables(self.pending)
            self.writer.write_table(merged.slice(0, self.rows_per_group).combine_chunks())
            rest = merged.slice(self.rows_per_group)
            self.pending, self.pending_rows = ([rest] if rest.num_rows else []), rest.num_rows

    def close(self) -> None:
        if self.pending_rows:
            self.writer.write_table(pa.concat_tables(self.pending).combine_chunks())
            self.pending, self.pending_rows = [], 0
        self.writer.close()


@dataclass(frozen=True)
class OutputSchema:
    """The three tables' schemas: the built-in columns plus the fields the run's stages declare."""

    segment_fields: tuple[OutputField, ...] = ()
    document_fields: tuple[OutputField, ...] = ()

    @classmethod
    def for_fields(cls, fields: Iterable[OutputField]) -> OutputSchema:
        fields = tuple(fields)
        return cls(tuple(f for f in fields if f.level == "segment"), tuple(f for f in fields if f.level == "document"))

    def table(self, name: str) -> pa.Schema:
        if name == "segments":
            return _extend(SEGMENT_SCHEMA, self.segment_fields)
        if name == "documents":
            return _extend(DOCUMENT_SCHEMA, self.document_fields)
        return MENTION_SCHEMA


def schema_text(schema: pa.Schema) -> str:
    """One `name: type` line per column, nested types written out in full (str(schema) cuts long ones): the
    form docs/output.md shows, so a test can tell when the two drift apart."""
    return "\n".join(f"{f.name}: {f.type}" for f in schema)


def _extend(schema: pa.Schema, extra: Sequence[OutputField]) -> pa.Schema:
    for f in extra:
        schema = schema.append(pa.field(f.name, f.type))
    return schema


def _with_attrs(row: dict[str, Any], attrs: dict[str, Any], extra: Sequence[OutputField]) -> dict[str, Any]:
    for f in extra:
        row[f.name] = attrs.get(f.name)
    return row


class PartWriter:
    """One shard's outputs, written into its directory as it goes (see the module docstring)."""

    def __init__(self, directory: Path, tmx_translators: frozenset[str] | None = None,
                 schema: OutputSchema | None = None) -> None:
        """`tmx_translators`: the translator families whose segments go into corpus.tmx (None: all)."""
        self.directory = directory
        self.tmx_translators = tmx_translators
        self.schema = schema or OutputSchema()
        directory.mkdir(parents=True, exist_ok=True)
        self.text: dict[str, TextIO] = {name: (directory / name).open("w", encoding="utf-8") for name in TEXT_PARTS}
        self.tables = {name: ipc.new_file(str(directory / f"{name}.arrow"), self.schema.table(name))
                       for name in TABLES}
        self.counts = {"documents_out": 0, "rejected": 0, "segments": 0, "mentions": 0, "tmx_units": 0,
                       "unparsed_dates": 0, "duplicates": 0}

    def write_documents(self, docs: list[Document]) -> None:
        segment_rows, document_rows, mention_rows = [], [], []
        for doc in docs:
            doc_row, instant = document_row(doc)
            row, line = _safe_row(_with_attrs(doc_row, doc.attrs, self.schema.document_fields))
            self.text["documents.jsonl"].write(line)
            document_rows.append({**row, "published_at": instant})
            if instant is None and doc.meta.get("published_at") is not None:
                self.counts["unparsed_dates"] += 1
            for seg in doc.segments:
                seg_dict = {**seg.to_dict(), DUPLICATE_COLUMN: doc.duplicate_of}
                seg_row, line = _safe_row(_with_attrs(seg_dict, seg.attrs, self.schema.segment_fields))
                self.text["segments.jsonl"].write(line)
                segment_rows.append(seg_row)
                if seg.src_lang == "zh" and self._in_tmx(seg):
                    tmx.write_unit(self.text["corpus.tmx"], seg)
                    self.counts["tmx_units"] += 1
                if (flagged := flag_row(seg)) is not None:
                    self.text[FLAGS_FILE].write(_json_line(flagged))
                # From the written row, so a mention's surface is cleaned exactly as the segment's zh was.
                for m in seg_row["entities"]:
                    mention = mention_row(seg_row, m, row["published_at"])
                    self.text["mentions.jsonl"].write(_json_line(mention))
                    mention_rows.append({**mention, "published_at": instant})
        if not docs:
            return
        for name, rows in (("segments", segment_rows), ("documents", document_rows), ("mentions", mention_rows)):
            if rows:
                self.tables[name].write_table(self._table(name, rows))
        self.counts["documents_out"] += len(docs)
        self.counts["duplicates"] += sum(1 for doc in docs if doc.duplicate_of is not None)
        self.counts["segments"] += len(segment_rows)
        self.counts["mentions"] += len(mention_rows)

    def _table(self, name: str, rows: list[dict[str, Any]]) -> pa.Table:
        try:
            return pa.Table.from_pylist(rows, schema=self.schema.table(name))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            declared = self.schema.segment_fields if name == "segments" else self.schema.document_fields
            columns = ", ".join(f"{f.name}: {f.type}" for f in declared) or "none"
            raise StageContractError(f"cannot write {name}.parquet: {e} (fields declared by the steps: {columns}; "
                                     "a stage's attrs must hold values of its declared types, or None)") from e

    def _in_tmx(self, seg: Segment) -> bool:
        return self.tmx_translators is None or tmx.translator_family(seg.translator) in self.tmx_translators

    def write_reject(self, reject: Reject) -> None:
        self.text["rejects.jsonl"].write(_json_line(reject.to_dict()))
        self.counts["rejected"] += 1

    def close(self) -> None:
        for fh in self.text.values():
            fh.close()
        for writer in self.tables.values():
            writer.close()


def assemble(target: Path, part_dirs: Sequence[Path], schema: OutputSchema | None = None,
             partition_by: str | None = None, translator_signatures: Sequence[str] = (),
             reroot: Reroot | None = None) -> None:
    """Write the final output files into `target` from the shards' parts, in shard order; with `partition_by`
    ("date") each Parquet table is a directory of Hive partitions (pipeline/io/partition.py). With `reroot`, the
    rows of its parts that name a rejected first document in `duplicate_of` name the story's new first instead
    (pipeline/dedupe/reroot.py); every other part is copied as it is."""
    schema = schema or OutputSchema()
    target.mkdir(parents=True, exist_ok=True)
    for name in TEXT_PARTS:
        with (target / name).open("wb") as out:
            if name == "corpus.tmx":
                out.write(tmx.header(translator_signatures).encode("utf-8"))
            for part in part_dirs:
                if reroot is not None and part in reroot.parts and name in REWRITTEN_PARTS:
                    with (part / name).open(encoding="utf-8") as lines:
                        out.writelines(reroot.line(name, line).encode("utf-8") for line in lines)
                    continue
                with (part / name).open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
            if name == "corpus.tmx":
                out.write(tmx.footer().encode("utf-8"))
    if partition_by is None:
        for name in TABLES:
            path = target / f"{name}.parquet"
            if path.is_file():  # a new file, never the old one rewritten: a dataset's table may hold it as a link
                path.unlink()  # (dataset.files.link_file; a --resume after a rolled-back append assembles again)
            writer = RowGroupWriter(path, schema.table(name))
            try:
                for table in _read_parts(part_dirs, name, reroot):
                    writer.add_table(table)
            finally:
                writer.close()
        return
    partition.check_partition_by(partition_by)
    days = partition.days_by_doc(_read_parts(part_dirs, "documents"))
    for name in TABLES:
        partition.write_partitioned(target / f"{name}.parquet", partial(_read_parts, part_dirs, name, reroot), days,
                                    partial(RowGroupWriter, schema=schema.table(name)))


def missing_parts(directory: Path) -> list[str]:
    """The parts a PartWriter writes that `directory` does not hold (a finished shard of an older version, whose
    clean-up a kill interrupted, can be half deleted)."""
    names = [*TEXT_PARTS, *(f"{name}.arrow" for name in TABLES)]
    return [name for name in names if not (directory / name).is_file()]


def _read_parts(part_dirs: Sequence[Path], name: str, reroot: Reroot | None = None) -> Iterator[pa.Table]:
    """One table's rows, shard by shard, in shard order (re-pointed by `reroot` in its parts)."""
    for part in part_dirs:
        with ipc.open_file(str(part / f"{name}.arrow")) as reader:
            table = reader.read_all()
        yield reroot.table(table) if reroot is not None and part in reroot.parts else table
