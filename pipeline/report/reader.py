"""The report's side-by-side reader: a small, deterministic sample of documents, Chinese | English sentence by
sentence, linked names highlighted with their ticker and canonical English on hover, flags shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from pipeline.io.output_source import OutputSource, as_source
from pipeline.io.timestamps import local_time
from pipeline.text.written import as_written

# The sample: the first documents of the output, then documents with a flagged segment; both capped so the
# report of a 10,000-document run stays a few hundred kilobytes.
FIRST_DOCUMENTS = 20
FLAGGED_DOCUMENTS = 20
# A very long article shows its first sentences only.
MAX_SEGMENTS_PER_DOCUMENT = 60
# A sentence can be as long as a body (max_body_chars, one without punctuation), and a title max_title_chars: a
# cell of the page shows this many characters of it (the whole text is in the output files).
MAX_CELL_CHARS = 1_000


@dataclass
class SampleDocument:
    doc_id: str
    title_zh: str
    published_at: str | None
    segments: list[dict[str, Any]] = field(default_factory=list)
    more_segments: int = 0


def sample(out: Path | OutputSource, flagged_doc_ids: list[str]) -> list[SampleDocument]:
    """The first FIRST_DOCUMENTS documents and up to FLAGGED_DOCUMENTS flagged ones, in output order."""
    source = as_source(out)
    wanted_flagged = set(flagged_doc_ids[:FLAGGED_DOCUMENTS])
    docs: dict[str, SampleDocument] = {}
    for i, row in enumerate(source.rows("documents", columns=["doc_id", "title_zh", "published_at"])):
        doc_id = str(row.get("doc_id"))
        if i < FIRST_DOCUMENTS or doc_id in wanted_flagged:
            docs[doc_id] = SampleDocument(doc_id, str(row.get("title_zh") or ""), row.get("published_at"))
        elif len(docs) >= FIRST_DOCUMENTS + len(wanted_flagged):
            break
    if not docs:
        return []
    for seg in source.rows("segments"):
        doc = docs.get(str(seg.get("doc_id")))
        if doc is None:
            continue
        if len(doc.segments) < MAX_SEGMENTS_PER_DOCUMENT:
            doc.segments.append(seg)
        else:
            doc.more_segments += 1
    return list(docs.values())


def cut(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """`text` up to `limit` characters, an ellipsis marking a cut; offsets into the part kept stay valid (a name
    running past the cut no longer matches its surface, so it is left plain)."""
    return text if len(text) <= limit else text[:limit] + "…"


def _tip(entity: dict[str, Any]) -> str:
    ticker = entity.get("ticker")
    return f"{ticker + ' · ' if ticker else ''}{entity.get('canonical') or ''} ({entity.get('type') or '?'})"


def _mark(text: str, tip: str, entity_type: str) -> str:
    """A highlighted name whose ticker and canonical English show on hover (CSS tooltip and title)."""
    t = escape(tip)
    return (f'<span class="ent ent-{escape(entity_type)}" tabindex="0" title="{t}">{escape(text)}'
            f'<span class="tip" role="tooltip">{t}</span></span>')


def highlight_zh(text: str, entities: list[dict[str, Any]]) -> str:
    """The sentence escaped, with each entity whose offsets match its surface wrapped in a highlight."""
    out, pos = [], 0
    for entity in sorted(entities, key=lambda e: (int(e.get("start") or 0), -int(e.get("end") or 0))):
        start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
        if start < pos or end <= start or text[start:end] != entity.get("surface"):
            continue  # offsets into another form of the text, or overlapping: leave it plain
        out.append(escape(text[pos:start]))
        out.append(_mark(text[start:end], _tip(entity), str(entity.get("type") or "")))
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def highlight_en(text: str, entities: list[dict[str, Any]]) -> str:
    """The translation escaped, with the first occurrence of each entity's canonical English highlighted."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for entity in entities:
        name = entity.get("canonical")
        if not name:
            continue
        at = text.find(name)
        if at >= 0 and not any(s < at + len(name) and at < e for s, e, _ in spans):
            spans.append((at, at + len(name), entity))
    out, pos = [], 0
    for start, end, entity in sorted(spans, key=lambda s: s[0]):
        out.append(escape(text[pos:start]))
        out.append(_mark(text[start:end], _tip(entity), str(entity.get("type") or "")))
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def render_document(doc: SampleDocument, flagged: bool, open_: bool) -> str:
    """One document as a collapsible table of aligned sentences."""
    rows = []
    title = doc.title_zh
    for seg in doc.segments:
        entities = seg.get("entities") or []
        written = as_written(seg)  # a Traditional source in its own characters, names highlighted in it
        if seg.get("part") == "title":
            title = written.text
        flags = [str(f) for f in seg.get("flags") or []]
        flag_html = "".join(f'<span class="flag">{escape(f)}</span>' for f in flags)
        rows.append(
            f'<tr class="{"flagged" if flags else ""}"><td class="num">{escape(str(seg.get("seg_id")))}'
            f'<br><small>{escape(str(seg.get("part") or ""))}</small></td>'
            f'<td class="zh" lang="{"zh-Hant" if written.original else "zh"}">'
            f'{highlight_zh(cut(written.text), written.mentions)}</td>'
            f'<td class="en" lang="en">{highlight_en(cut(str(seg.get("en") or "")), entities)}{flag_html}</td></tr>')
    if doc.more_segments:
        rows.append(f'<tr><td colspan="3" class="more">… {doc.more_segments:,} more sentences '
                    f'(see <code>newsbridge show</code>)</td></tr>')
    when = local_time(doc.published_at) or doc.published_at  # on the markets' clock; unreadable text as it is
    date = f' <span class="date">{escape(str(when))}</span>' if when else ""
    badge = ' <span class="flag">flagged</span>' if flagged else ""
    return (f'<details class="doc" id="doc-{escape(doc.doc_id)}"{" open" if open_ else ""}>'
            f'<summary><code>{escape(doc.doc_id)}</code> {escape(cut(title))}{date}{badge}</summary>'
            f'<table class="reader"><thead><tr><th>#</th><th>Chinese</th><th>English</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')
