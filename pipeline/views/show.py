"""`newsbridge show OUT DOC_ID`: one document, sentence by sentence (Chinese | English, title first), with its
mentions and flags, as Markdown (readable in a terminal, renders as tables) or JSON.

A Traditional source is shown in its own characters (segments' `src`; the normalized Simplified `zh` is what was
matched and translated, and stays in the JSON), times on the markets' clock (pipeline/io/timestamps.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pipeline.text.written import as_written
from pipeline.views.output import RunOutput

FORMATS = ("md", "json")
# Document columns that are text shown sentence by sentence, or bookkeeping, not fields of the document.
NOT_FIELDS = ("doc_id", "title_zh", "title_en", "body_zh", "body_en", "n_segments")
# What a mention shows; its offsets are in the JSON of segments.*, not needed to read the document.
MENTION_KEYS = ("surface", "canonical", "ticker", "type")
# Fields that hold an instant: ISO UTC in the JSON (as documents.jsonl), local time in the Markdown.
TIME_FIELDS = ("published_at",)
NONE_SHOWN = "—"


def _plain(value: Any) -> Any:
    """JSON-ready: timestamps as the ISO UTC text documents.jsonl holds (Parquet holds timestamps), meta kept as
    read."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from pipeline.io.timestamps import to_iso

        return to_iso(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _meta(value: Any) -> Any:
    """meta in one form, an object, however documents.parquet stores it: a JSON string, a map (which pyarrow
    reads as (key, value) pairs) or a struct."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return dict(value)
    return value


def load_document(output: RunOutput, doc_id: str) -> dict[str, Any]:
    """The document's fields and its sentences in order; UnknownDocument when the id is not there."""
    documents = output.rows("documents", doc_id)
    if not documents:
        raise output.unknown(doc_id)
    document = documents[0]
    segments = sorted(output.rows("segments", doc_id), key=lambda s: s["seg_id"])
    fields = {k: _plain(v) for k, v in document.items() if k not in NOT_FIELDS}
    if "meta" in fields:
        fields["meta"] = _meta(fields["meta"])
    return {
        "doc_id": doc_id,
        "title_en": document.get("title_en"),
        "fields": fields,
        "segments": [_segment(s) for s in segments],
    }


def _segment(s: dict[str, Any]) -> dict[str, Any]:
    """One sentence; a Traditional one also `original` (its own characters) and, for each mention whose place
    in it is known, `as_written` (the name as the source wrote it)."""
    written = as_written(s)
    mentions = []
    for m, w in zip(s.get("entities") or [], written.mentions, strict=True):
        shown = {k: m.get(k) for k in MENTION_KEYS}
        if written.original and w.get("start") is not None and w["surface"] != m.get("surface"):
            shown["as_written"] = w["surface"]
        mentions.append(shown)
    segment = {"seg_id": s["seg_id"], "part": s["part"], "zh": s.get("zh") if s.get("zh") is not None else s["src"]}
    if written.original:
        segment["original"] = written.text
    return {**segment, "en": s.get("en"), "src_lang": s.get("src_lang"), "translator": s.get("translator"),
            "flags": list(s.get("flags") or []), "mentions": mentions}


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    if value is None or value == "" or value == []:
        return NONE_SHOWN
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return " ".join(str(value).split()).replace("|", "\\|")


def _mention(m: dict[str, Any]) -> str:
    ticker = f" {m['ticker']}" if m.get("ticker") else ""
    return f"{m.get('as_written') or m['surface']} = {m['canonical']}{ticker} ({m['type']})"


def _field(name: str, value: Any) -> Any:
    """A field as a reader wants it: an instant on the markets' clock ("2025-03-01 10:30 UTC+08:00")."""
    if name in TIME_FIELDS and value is not None:
        from pipeline.io.timestamps import local_time

        return local_time(value) or value
    return value


def format_markdown(doc: dict[str, Any]) -> str:
    lines = [f"# {_cell(doc['doc_id'])}", ""]
    if doc.get("title_en"):
        lines += [_cell(doc["title_en"]), ""]
    lines += ["| field | value |", "|---|---|"]
    lines += [f"| {name} | {_cell(_field(name, value))} |" for name, value in doc["fields"].items()]
    lines += ["", "| # | part | Chinese | English | mentions | flags |", "|---|---|---|---|---|---|"]
    for s in doc["segments"]:
        mentions = "; ".join(_mention(m) for m in s["mentions"])
        lines.append(f"| {s['seg_id']} | {s['part']} | {_cell(s.get('original') or s['zh'])} | {_cell(s['en'])} "
                     f"| {_cell(mentions)} "
                     f"| {_cell(s['flags'])} |")
    return "\n".join(lines)


def format_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)


def show(output: RunOutput, doc_id: str, fmt: str = "md") -> str:
    doc = load_document(output, doc_id)
    return format_json(doc) if fmt == "json" else format_markdown(doc)
