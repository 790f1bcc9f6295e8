"""Write the run's outputs as streams into temporary files, renamed into place only when the run ends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.io import tmx
from pipeline.io.atomic import commit, temp_path, write_text_atomic
from pipeline.records import Document, Reject, Segment
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


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


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
        self.pending: list[dict[str, Any]] = []
        self.writer = pq.ParquetWriter(path, schema)

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.pending.extend(rows)
        while len(self.pending) >= self.rows_per_group:
            group, self.pending = self.pending[:self.rows_per_group], self.pending[self.rows_per_group:]
            self.writer.write_table(pa.Table.from_pylist(group, schema=self.schema))

    def close(self) -> None:
        if self.pending:
            self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.schema))
            self.pending = []
        self.writer.close()


class OutputWriter:
    """Streams rows into temporary files; `commit()` renames them all into `out_dir` at the end."""

    def __init__(self, out_dir: Path, tmx_translators: frozenset[str] | None = None) -> None:
        """`tmx_translators`: the translator families whose segments go into corpus.tmx (None: all)."""
        self.out_dir = out_dir
        self.tmx_translators = tmx_translators
        out_dir.mkdir(parents=True, exist_ok=True)
        self.temps = {name: temp_path(out_dir / name) for name in OUTPUT_FILES}
        self._segments_jsonl = self.temps["segments.jsonl"].open("w", encoding="utf-8")
        self._documents_jsonl = self.temps["documents.jsonl"].open("w", encoding="utf-8")
        self._rejects = self.temps["rejects.jsonl"].open("w", encoding="utf-8")
        self._flags = self.temps[FLAGS_FILE].open("w", encoding="utf-8")
        self._tmx = self.temps["corpus.tmx"].open("w", encoding="utf-8")
        tmx.write_header(self._tmx)
        self._segments_pq = RowGroupWriter(self.temps["segments.parquet"], SEGMENT_SCHEMA)
        self._documents_pq = RowGroupWriter(self.temps["documents.parquet"], DOCUMENT_SCHEMA)
        self._mentions_pq = RowGroupWriter(self.temps["mentions.parquet"], MENTION_SCHEMA)
        self.counts = {"documents_out": 0, "rejected": 0, "segments": 0, "mentions": 0, "tmx_units": 0}

    def write_documents(self, docs: list[Document]) -> None:
        segment_rows, document_rows, mention_rows = [], [], []
        for doc in docs:
            row = document_row(doc)
            self._documents_jsonl.write(_json_line(row))
            document_rows.append({**row, "meta": json.dumps(row["meta"], ensure_ascii=False, sort_keys=True)})
            for seg in doc.segments:
                seg_row = seg.to_dict()
                self._segments_jsonl.write(_json_line(seg_row))
                segment_rows.append(seg_row)
                if seg.src_lang == "zh" and self._in_tmx(seg):
                    tmx.write_unit(self._tmx, seg)
                    self.counts["tmx_units"] += 1
                if (flagged := flag_row(seg)) is not None:
                    self._flags.write(_json_line(flagged))
                for m in seg.entities:
                    mention_rows.append({"doc_id": doc.id, "seg_id": seg.seg_id, "entity_id": m.entity_id,
                                         "ticker": m.ticker, "canonical": m.canonical, "surface": m.surface,
                                         "type": m.type, "start": m.start, "end": m.end,
                                         "src_lang": seg.src_lang})
        if not docs:
            return
        self._segments_pq.add(segment_rows)
        self._documents_pq.add(document_rows)
        self._mentions_pq.add(mention_rows)
        self.counts["documents_out"] += len(docs)
        self.counts["segments"] += len(segment_rows)
        self.counts["mentions"] += len(mention_rows)

    def _in_tmx(self, seg: Segment) -> bool:
        return self.tmx_translators is None or tmx.translator_family(seg.translator) in self.tmx_translators

    def write_reject(self, reject: Reject) -> None:
        self._rejects.write(_json_line(reject.to_dict()))
        self.counts["rejected"] += 1

    def _close_all(self) -> None:
        for fh in (self._segments_jsonl, self._documents_jsonl, self._rejects, self._flags):
            fh.close()
        if not self._tmx.closed:
            tmx.write_footer(self._tmx)
            self._tmx.close()
        for writer in (self._segments_pq, self._documents_pq, self._mentions_pq):
            writer.close()

    def commit(self, manifest: dict[str, Any]) -> None:
        """Rename every output into place; the manifest goes last, so its presence means a complete run."""
        self._close_all()
        (self.out_dir / "manifest.json").unlink(missing_ok=True)
        for name, temp in self.temps.items():
            commit(temp, self.out_dir / name)
        write_text_atomic(self.out_dir / "manifest.json",
                          json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n")

    def abort(self) -> None:
        """Leave no half-written file behind."""
        try:
            self._close_all()
        finally:
            for temp in self.temps.values():
                temp.unlink(missing_ok=True)
