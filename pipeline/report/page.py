"""The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. Every value
that comes from the data is escaped (news text is untrusted)."""

from __future__ import annotations

from html import escape
from typing import Any

from pipeline.io.timestamps import LOCAL_ZONE_LABEL
from pipeline.report.charts import Bar, column_chart, hbar_chart
from pipeline.report.gather import MAX_FLAG_ROWS, Figures, outcome, run_order_times
from pipeline.report.reader import SampleDocument, cut, render_document
from pipeline.text.flags import DRAFT_FLAG

# How many reader documents start open; the rest are one click away.
OPEN_DOCUMENTS = 3
# Characters of a chart label that fit charts.LABEL_WIDTH at 12 px.
MAX_LABEL_CHARS = 34
# The entity-type chart sits beside the suggestions: short labels, shorter bars.
SMALL_LABEL_WIDTH, SMALL_BAR_AREA = 80, 300
# Column widths of the flagged table (doc, seg, flag, Chinese, English): the two texts get most of the room.
FLAGGED_COLUMNS = ("15%", "6%", "19%", "30%", "30%")
FLAGGED_CSS = "".join(f"table.flagged th:nth-child({i}){{width:{w}}}" for i, w in enumerate(FLAGGED_COLUMNS, 1))

# Responsive: charts shrink with their box (svg.chart), tables wider than the window scroll inside their own box
# (.scroll) instead of widening the page, long unbroken words (ids, URLs) wrap, and the flagged table keeps
# its text columns readable (a minimum width, scrolled) instead of squeezing them to strips.
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1000px;padding:16px;
color:#222;background:#fff}
.warning{border:2px solid #b3261e;background:#fdecea;color:#5f1410;padding:8px 12px;border-radius:4px;margin:12px 0;
font-size:15px}.warning a{color:#5f1410;font-weight:600}
.scroll{max-width:100%;overflow-x:auto}
table.flagged{width:100%;min-width:640px;table-layout:fixed}
.grid>div{min-width:0;max-width:100%}
table.flagged td,table.reader td{overflow-wrap:anywhere}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted,small{color:#666}.ok{color:#2a7a2a}.bad{color:#b3261e;font-weight:600}.warn{color:#8a5300}
svg.chart{display:block;margin:6px 0;font-size:12px;max-width:100%;height:auto}svg.chart text{fill:#222}
nav a{margin-right:10px}
.doc{border:1px solid #ddd;border-radius:4px;margin:6px 0;padding:4px 8px}.doc summary{cursor:pointer}
table.reader{width:100%;table-layout:fixed}table.reader td.num{width:48px}table.reader th:first-child{width:48px}
tr.flagged td{background:#fff4f2}.doc summary .date{color:#666;font-size:12px;margin-left:4px;white-space:nowrap}
.flag{display:inline-block;margin-left:6px;padding:0 5px;border-radius:3px;background:#b3261e;color:#fff;font-size:11px}
.ent{position:relative;background:#fff1b8;border-bottom:2px solid #d4a500;cursor:help}
.ent-company{background:#e3f0ff;border-color:#3b6ea8}.ent-fund,.ent-index{background:#e8f6e8;border-color:#2a7a2a}
.ent-person{background:#f6e8f6;border-color:#8a3c8a}
.ent .tip{display:none;position:absolute;left:0;top:100%;z-index:2;white-space:nowrap;background:#222;color:#fff;
padding:2px 6px;border-radius:3px;font-size:12px;overflow-wrap:normal}
.ent:hover .tip,.ent:focus .tip{display:block}
.grid{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start}
"""


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else escape(str(value))


def _table(head: list[str], rows: list[list[str]], css_class: str = "") -> str:
    """A table of already-escaped cells."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(rows_cell for rows_cell in row) + "</tr>" for row in rows)
    klass = f' class="{css_class}"' if css_class else ""
    return f"<table{klass}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: Any, numeric: bool = False) -> str:
    return f'<td class="n">{_n(value)}</td>' if numeric else f"<td>{escape(str(value))}</td>"


def _accounting(f: Figures) -> str:
    c = f.manifest.get("counts", {})
    rejected, dropped, by_stages = c.get("rejected", 0), c.get("dropped", 0), c.get("rejected_by_stages", 0)
    balanced = c.get("records_in") == c.get("documents_out", 0) + rejected
    stories = ("duplicates", "distinct_stories") if c.get("duplicates") else ()  # retellings (duplicate_of), if any
    rows = [[_td(k), _td(c.get(k, 0), True)] for k in
            ("records_in", "documents_out", *stories, "rejected", "dropped", "rejected_by_stages", "segments",
             "mentions", "tmx_units")]
    state = "bad" if not balanced else "warn" if outcome(f.manifest).warning() else "ok"
    check = (f'<p class="{state}">records in {_n(c.get("records_in", 0))} = documents out '
             f'{_n(c.get("documents_out", 0))} + rejected {_n(rejected)} (of which dropped by a step {_n(dropped)}, '
             f'rejected by a step {_n(by_stages)}, rejected on reading {_n(rejected - dropped - by_stages)})'
             f'{"" if balanced else ": DOES NOT BALANCE"}</p>')
    reasons = ""
    if f.reject_reasons:
        rest = f.reject_groups - len(f.reject_reasons)
        reasons = ('<strong id="reject-reasons">Top reject reasons</strong><div class="scroll">'
                   + _table(["reason (variable parts as N, …)", "records"],
                            [[_td(r), _td(n, True)] for r, n in f.reject_reasons]) + "</div>"
                   + (f'<p class="muted">and {rest:,} more kinds of reason in rejects.jsonl</p>' if rest else ""))
    return f'<div class="grid"><div>{_table(["count", "value"], rows)}</div><div>{reasons}</div></div>{check}'


def _timing(f: Figures) -> str:
    bars = [Bar(t.name, t.seconds, f"{t.seconds:.2f} s", t.signature) for t in run_order_times(f.manifest)]
    total = (f.manifest.get("seconds") or {}).get("total")
    return (hbar_chart(bars, "seconds per stage and phase, in run order")
            + '<p class="muted">in the order the run went through them: glossary, planning, then per batch '
              "reading, each step, writing; then merging the shards</p>"
            + (f'<p class="muted">total {float(total):.2f} s (stage times are summed over shards and workers)</p>'
               if total is not None else ""))


def _rate(check: dict[str, Any]) -> str:
    """A check's success rate, or a dash when it checked nothing (the manifest's rate is then null)."""
    rate = check.get("rate")
    if rate is None:
        return '<td class="n muted">—</td>'
    return f'<td class="n {"bad" if check.get("failed") else "ok"}">{float(rate):.5f}</td>'


def _drafts(q: dict[str, Any]) -> str:
    """How many segments are word-by-word drafts (the gloss measures its fluency; other translators do not)."""
    fluency = (q.get("checks") or {}).get("fluency") or {}
    if not fluency.get("checked"):
        return ""
    mean = q.get("fluency_mean")
    return (f'<p class="{"bad" if fluency.get("failed") else "ok"}">{_n(fluency.get("failed", 0))} of '
            f'{_n(fluency["checked"])} segments are word-by-word drafts (flag <code>{DRAFT_FLAG}</code>'
            + (f"; mean fluency {float(mean):.2f}" if mean is not None else "") + ")</p>")


def _quality(f: Figures) -> str:
    q = f.manifest.get("quality") or {}
    checks = q.get("checks") or {}
    rows = [[_td(name), _td(v.get("checked", 0), True), _td(v.get("failed", 0), True), _rate(v)]
            for name, v in checks.items()]
    summary = (f'<p>translator <code>{escape(str(f.manifest.get("translator")))}</code>; '
               f'{_n(q.get("segments_flagged", 0))} of {_n(q.get("segments_checked", 0))} segments flagged</p>'
               + _drafts(q))
    table = _table(["check", "checked", "failed", "rate"], rows) if rows else '<p class="muted">no check ran</p>'
    if not f.flags_total:
        return summary + table + '<p class="ok">no segment flagged</p>'
    flag_rows = [[_td(r.get("doc_id")), _td(r.get("seg_id"), True),
                  "<td>" + "".join(f'<span class="flag">{escape(str(x))}</span>' for x in r.get("flags") or [])
                  + "</td>", _zh_cell(r), f'<td lang="en">{escape(cut(str(r.get("en") or "")))}</td>']
                 for r in f.flag_rows]
    rest = f.flags_total - len(f.flag_rows)
    flagged = _table(["doc", "seg", "flag", "Chinese", "English"], flag_rows, "flagged")
    return (summary + f'<div class="scroll">{table}<h3>Flagged segments</h3>{flagged}</div>'
            + (f'<p class="muted">and {rest:,} more in flags.jsonl (the first {MAX_FLAG_ROWS} are shown)</p>'
               if rest else ""))


def _zh_cell(row: dict[str, Any]) -> str:
    """The flagged sentence as written (a Traditional source's own characters; the normalized Simplified that
    was checked is its tooltip)."""
    zh = cut(str(row.get("zh") or ""))
    original = row.get("original")
    if original:
        return f'<td lang="zh-Hant" title="normalized: {escape(zh)}">{escape(cut(str(original)))}</td>'
    return f'<td lang="zh">{escape(zh)}</td>'


def _short(label: str) -> str:
    """A chart label cut to fit the label column (the full text is in the bar's tooltip)."""
    return label if len(label) <= MAX_LABEL_CHARS else label[:MAX_LABEL_CHARS - 1] + "…"


def _tickers(f: Figures) -> str:
    if not f.tickers:
        return '<p class="muted">no ticker mentioned</p>'
    bars = [Bar(_short(f"{t.ticker}  {t.canonical}"), t.documents,
                f"{t.documents:,} doc{'' if t.documents == 1 else 's'}", f"{t.ticker} {t.canonical} ({t.entity_type})")
            for t in f.tickers]
    return (hbar_chart(bars, "most-mentioned tickers by documents")
            + f'<p class="muted">top {len(f.tickers)} of {f.tickers_total:,} tickers, counted by distinct '
              "documents</p>")


def _per_day(f: Figures) -> str:
    if not f.mentions_per_day:
        return (f'<p class="muted">no document carries a usable date ({f.documents_dated:,} of '
                f'{f.documents_total:,} dated)</p>')
    unit = f.day_bin
    binned = "" if unit == "day" else (f"; too many days for a column each, so one column per {unit}"
                                        + (" (from Monday)" if unit == "week" else ""))
    return (column_chart(f.mentions_per_day, f"mentions per {unit}")
            + f'<p class="muted">{len(f.mentions_per_day):,} {unit}s ({f.mentions_per_day[0][0]} to '
              f'{f.mentions_per_day[-1][0]}){binned}, days in China Standard Time ({LOCAL_ZONE_LABEL}); '
              f'{f.documents_dated:,} of {f.documents_total:,} documents dated</p>')


def _glossary(f: Figures) -> str:
    g = f.manifest.get("glossary") or {}
    share = f.segments_linked / f.segments_total if f.segments_total else 0.0
    head = (f'<p>glossary <code>{escape(str(g.get("dir")))}</code>: {_n(g.get("entities", 0))} entities, '
            f'{_n(g.get("names", 0))} names (hash <code>{escape(str(g.get("content_hash")))}</code>)</p>'
            f"<p>segments with a linked name: {f.segments_linked:,} of {f.segments_total:,} ({share:.1%}); "
            f"without: {f.segments_total - f.segments_linked:,}</p>")
    types = hbar_chart([Bar(t, n, f"{n:,}") for t, n in f.entity_types], "mentions by entity type",
                       label_width=SMALL_LABEL_WIDTH, bar_area=SMALL_BAR_AREA)
    if f.suggestions:
        sugg = ("<strong>Names no glossary links (suggestions)</strong>"
                + _table(["name", "seen"],
                         [[f'<td lang="zh">{escape(n)}</td>', _td(c, True)] for n, c in f.suggestions])
                + '<p class="muted">company-like names in the Chinese text; add them with '
                  "<code>newsbridge glossary add</code> (or <code>glossary suggest</code> for a YAML patch)</p>")
    else:
        sugg = '<p class="muted">no unknown company-like name seen twice</p>'
    return f'{head}<div class="grid"><div>{types}</div><div>{sugg}</div></div>'


def _warning(f: Figures) -> str:
    """A plain box at the top when nothing came out or most records were rejected, pointing to the reasons."""
    text = outcome(f.manifest).warning()
    if text is None:
        return ""
    where = ('See <a href="#reject-reasons">the reject reasons</a>; rejects.jsonl holds every rejected record '
             "with its reason." if f.reject_reasons else "rejects.jsonl holds every rejected record with its reason.")
    return f'<div class="warning" id="warning" role="alert"><strong>Warning:</strong> {escape(text)} {where}</div>'


def render(f: Figures, docs: list[SampleDocument]) -> str:
    """The whole page."""
    m = f.manifest
    flagged = set(f.flag_doc_ids)
    reader = "".join(render_document(d, d.doc_id in flagged, i < OPEN_DOCUMENTS) for i, d in enumerate(docs))
    if f.dataset is not None:
        from pipeline.report.dataset_section import dataset_section

        first = ("accounting", "Dataset and its runs", dataset_section(f.dataset))
        time = ("time", "Time per stage (last run)", _timing(f))
    else:
        first = ("accounting", "Counts and accounting", _accounting(f))
        time = ("time", "Time per stage", _timing(f))
    kind = "run" if f.dataset is None else "dataset"
    sections = [
        first,
        time,
        ("quality", "Quality", _quality(f)),
        ("tickers", "Most-mentioned tickers", _tickers(f)),
        ("days", "Mentions per day", _per_day(f)),
        ("glossary", "Glossary coverage", _glossary(f)),
        ("reader", "Reader",
         (f'<p class="muted">{len(docs)} of {f.documents_total:,} documents: the first ones and those with a '
          "flagged segment. Hover a highlighted name for its ticker and canonical English.</p>" + reader)
         if docs else '<p class="muted">no document to show</p>'),
    ]
    nav = "".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
    warning = _warning(f)
    body = "".join(f'<section id="{key}"><h2>{escape(title)}</h2>{html}</section>' for key, title, html in sections)
    inputs = m.get("inputs") or []
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">"
        f"<title>newsbridge {kind} report</title><style>{CSS}{FLAGGED_CSS}</style></head><body>"
        f"<h1>newsbridge {kind} report</h1><p class=\"muted\">newsbridge {escape(str(m.get('newsbridge_version')))}, "
        f"{len(inputs):,} input file(s), translator {escape(str(m.get('translator')))}</p>"
        f"{warning}<nav>{nav}</nav>{body}</body></html>\n")
