"""Write a shard's outputs as part files, and assemble the parts of every shard into the final files.

Each shard writes its rows into its own directory (JSONL and TMX fragments as text, the three tables as
Arrow IPC); `assemble` concatenates them in shard order, so the outputs are the same bytes whatever the
worker count, engine or batch size. Parquet row groups are cut every ROW_GROUP_ROWS rows of the whole
output, never at shard or batch boundaries."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from pipeline.io import clean, tmx
from pipeline.records import Document, Reject, Segment
from pipeline.stage import OutputField, StageContractError
from pipeline.text.flags import failed_kinds

MENTION_TYPE = pa.struct([
    ("entity_id", pa.string()), ("surface", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("canonical", pa.string()), ("ticker", pa.string()), ("type", pa.string()),
])
SEGMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("seg_id", pa.int32()), ("part", pa.string()), ("src_lang", pa.string()),
    ("src", pa.string()), ("zh", pa.string()), ("en", pa.string()), ("tokens", pa.list_(pa.string())),
    ("entities", pa.list_(MENTION_TYPE)), ("translator", pa.string()), ("flags", pa.list_(pa.string())),
    ("script", pa.string()),
])
DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("title_zh", pa.string()), ("title_en", pa.string()),
    ("tickers", pa.list_(pa.string())), ("n_segments", pa.int32()), ("source", pa.string()),
    ("url", pa.string()), ("published_at", pa.string()), ("input", pa.string()), ("meta", pa.string()),
])
MENTION_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("seg_id", pa.int32()), ("entity_id", pa.string()), ("ticker", pa.string()),
    ("canonical", pa.string()), ("surface", pa.string()), ("type", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("src_lang", pa.string()),
])
# One line per segment that failed a quality check: where it is, why, and its text (see flag_row).
FLAGS_FILE = "flags.jsonl"
# Rows per Parquet row group, whatever the batch size: the same corpus gives byte-identical Parquet files
# for any `batch_size`, and readers get row groups of a useful size (memory stays bounded by this many rows).
ROW_GROUP_ROWS = 10_000
OUTPUT_FILES = ("segments.jsonl", "segments.parquet", "documents.jsonl", "documents.parquet",
                "mentions.parquet", "corpus.tmx", "rejects.jsonl", FLAGS_FILE)
TEXT_PARTS = ("segments.jsonl", "documents.jsonl", "rejects.jsonl", FLAGS_FILE, "corpus.tmx")
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


def document_row(doc: Document) -> dict[str, Any]:
    """One row per document; `meta` holds every input key beyond the known ones."""
    title = next((s for s in doc.segments if s.part == "title"), None)
    tickers = sorted({m.ticker for m in doc.mentions if m.ticker})
    extra = {k: v for k, v in doc.meta.items() if k not in ("source", "url", "published_at")}
    return {
        "doc_id": doc.id,
        "title_zh": title.zh if title else None,
        "title_en": title.en if title else None,
        "tickers": tickers,
        "n_segments": len(doc.segments),
        "source": _str_or_none(doc.meta.get("source")),
        "url": _str_or_none(doc.meta.get("url")),
        "published_at": _str_or_none(doc.meta.get("published_at")),
        "input": doc.origin,
        "meta": extra,
    }


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
        self.counts = {"documents_out": 0, "rejected": 0, "segments": 0, "mentions": 0, "tmx_units": 0}

    def write_documents(self, docs: list[Document]) -> None:
        segment_rows, document_rows, mention_rows = [], [], []
        for doc in docs:
            row, line = _safe_row(_with_attrs(document_row(doc), doc.attrs, self.schema.document_fields))
            self.text["documents.jsonl"].write(line)
            document_rows.append({**row, "meta": clean.dumps(row["meta"], sort_keys=True)})
            for seg in doc.segments:
                seg_row, line = _safe_row(_with_attrs(seg.to_dict(), seg.attrs, self.schema.segment_fields))
                self.text["segments.jsonl"].write(line)
                segment_rows.append(seg_row)
                if seg.src_lang == "zh" and self._in_tmx(seg):
                    tmx.write_unit(self.text["corpus.tmx"], seg)
                    self.counts["tmx_units"] += 1
                if (flagged := flag_row(seg)) is not None:
                    self.text[FLAGS_FILE].write(_json_line(flagged))
                # From the written row, so a mention's surface is cleaned exactly as the segment's zh was.
                for m in seg_row["entities"]:
                    mention_rows.append({"doc_id": seg_row["doc_id"], "seg_id": seg_row["seg_id"],
                                         "entity_id": m["entity_id"], "ticker": m["ticker"],
                                         "canonical": m["canonical"], "surface": m["surface"], "type": m["type"],
                                         "start": m["start"], "end": m["end"], "src_lang": seg_row["src_lang"]})
        if not docs:
            return
        for name, rows in (("segments", segment_rows), ("documents", document_rows), ("mentions", mention_rows)):
            if rows:
                self.tables[name].write_table(self._table(name, rows))
        self.counts["documents_out"] += len(docs)
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


def assemble(target: Path, part_dirs: Sequence[Path], schema: OutputSchema | None = None) -> None:
    """Write the final output files into `target` from the shards' parts, in shard order."""
    schema = schema or OutputSchema()
    target.mkdir(parents=True, exist_ok=True)
    for name in TEXT_PARTS:
        with (target / name).open("wb") as out:
            if name == "corpus.tmx":
                out.write(tmx.header().encode("utf-8"))
            for part in part_dirs:
                with (part / name).open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
            if name == "corpus.tmx":
                out.write(tmx.footer().encode("utf-8"))
    for name in TABLES:
        writer = RowGroupWriter(target / f"{name}.parquet", schema.table(name))
        try:
            for part in part_dirs:
                with ipc.open_file(str(part / f"{name}.arrow")) as reader:
                    writer.add_table(reader.read_all())
        finally:
            writer.close()
