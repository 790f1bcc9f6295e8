"""Readers for whole-file formats: a JSON array (streamed with ijson), Parquet (streamed by row group) and
HTML articles (title and main text with selectolax). Each is read whole by one shard."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pipeline.io.hints import duplicate_columns_reason
from pipeline.io.htmldepth import DEEP_HTML, MAX_HTML_DEPTH, html_depth
from pipeline.io.lines import HEAD_CHARS, Overlong, out_of_memory_reason
from pipeline.io.mapping import ReadOptions, preview, record_from_mapping
from pipeline.io.sources import describe, open_binary, open_text
from pipeline.records import Document, Reject

if TYPE_CHECKING:
    from pipeline.io.readers import Window

# A .json file ijson cannot stream (NaN, Infinity) is parsed whole with the json module up to this size.
JSON_FALLBACK_BYTES = 64 << 20
# Rows converted to Python at a time: one Parquet batch stays small whatever the row group size.
PARQUET_BATCH_ROWS = 1024
# Elements that are not the article: menus, scripts, footers.
HTML_NOISE = "script, style, noscript, nav, header, footer, aside, form"
# Where the article is, best first; the whole <body> when none is there.
HTML_MAIN = ("article", "main", "[role=main]", "#content", ".content", "body")


def _json_stream(path: Path, options: ReadOptions) -> tuple[BinaryIO, str | None]:
    """The file as UTF-8 bytes (after any BOM) for ijson, and the ijson prefix of its records: "item" for an
    array, "" for one object, None when the file starts with neither."""
    info = describe(path, options.encoding)
    if info.encoding in ("utf-8", "utf-8-sig"):
        stream = open_binary(path, info.compression)
        if stream.read(3) != codecs.BOM_UTF8:
            stream.seek(0)
    else:  # ijson parses UTF-8 bytes: re-encode
        with open_text(path, info) as fh:
            stream = io.BytesIO(fh.read().removeprefix("\ufeff").encode("utf-8", "replace"))
    start = stream.tell()
    first = stream.read(64).lstrip()[:1]
    if stream.seekable():
        stream.seek(start)
    return stream, {b"{": "", b"[": "item"}.get(first)


def json_values(path: Path, options: ReadOptions) -> Iterator[object]:
    """The records of a .json file as they are (objects, lists, …), streamed; stops at the first syntax error.
    For looking at a file's shape; read_json_array is the reader."""
    import ijson

    stream, prefix = _json_stream(path, options)
    with stream:
        if prefix is not None:
            yield from ijson.items(stream, prefix, use_float=True)


def read_json_array(path: Path, options: ReadOptions, window: Window | None = None) -> Iterator[Document | Reject]:
    """A `.json` file: an array of records (or one object). `line` is the record's number."""
    import ijson

    name = str(path)
    info = describe(path, options.encoding)
    stream, prefix = _json_stream(path, options)
    with stream:
        if prefix is None:
            yield Reject(name, 1, "not a JSON array of records (a .json file holds [ {...}, ... ]; "
                         "one object per line is .jsonl)", "")
            return
        number = 0
        try:
            for number, obj in enumerate(ijson.items(stream, prefix, use_float=True), 1):
                yield _json_record(obj, name, number, path, options)
        except MemoryError:  # not a syntax error: parsing the file again whole would not help
            yield Reject(name, number + 1,
                         f"cannot read the file further: {out_of_memory_reason(options.max_record_bytes)}", "")
            return
        except Exception as e:
            error = f"{type(e).__name__}: {str(e)[:200]}"
        else:
            return
    # ijson stops at what the json module reads (NaN, Infinity): a file of moderate size is parsed again
    # whole, and the records after the last one streamed follow. A real syntax error ends the array: what
    # came before stands.
    try:
        if path.stat().st_size > JSON_FALLBACK_BYTES:
            raise ValueError("too large to parse whole")
        with open_text(path, info) as fh:
            whole = json.loads(fh.read().removeprefix("\ufeff"))
    except Exception:
        yield Reject(name, number + 1, f"invalid JSON after record {number}: {error}", "")
        return
    rest = (whole if isinstance(whole, list) else [whole])[number:]
    for index, obj in enumerate(rest, number + 1):
        yield _json_record(obj, name, index, path, options)


def _json_record(obj: object, name: str, number: int, path: Path, options: ReadOptions) -> Document | Reject:
    return record_from_mapping(obj, name, number, f"{path.stem}-{number}", options)


def read_parquet(path: Path, options: ReadOptions, window: Window | None = None) -> Iterator[Document | Reject]:
    """Columns as in a CSV (title, body, … or mapped names). `line` is the row's number. A schema that names a
    column twice is one reject for the file (see duplicate_columns_reason)."""
    import pyarrow.parquet as pq

    name = str(path)
    number = 0
    with pq.ParquetFile(path) as pf:
        if (repeated := duplicate_columns_reason(pf.schema_arrow.names, "Parquet schema")) is not None:
            yield Reject(name, 1, repeated, "")
            return
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield record_from_mapping(row, name, number, f"{path.stem}-{number}", options, noun="columns")


def read_html(path: Path, options: ReadOptions, window: Window | None = None) -> Iterator[Document | Reject]:
    """One article per file: the title from <h1> (else <title>), the body from the paragraphs of the main
    element (article, main, …), one per line. A file over max_record_bytes, or nested deeper than MAX_HTML_DEPTH
    (counted in one pass before parsing: see pipeline.io.htmldepth), is rejected without being parsed."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    from pipeline.io.readers import overlong_reject, whole_text

    name = str(path)
    info = describe(path, options.encoding)
    with open_text(path, info) as fh:
        text = whole_text(fh, info, options.max_record_bytes)
    if isinstance(text, Overlong):
        yield overlong_reject(name, 1, text, options.max_record_bytes)
        return
    if html_depth(text) > MAX_HTML_DEPTH:
        yield Reject(name, 1, DEEP_HTML, preview(text[:HEAD_CHARS].strip()))
        return
    tree = HTMLParser(text.encode("utf-8", "replace").decode("utf-8"))
    del text
    for node in tree.css(HTML_NOISE):
        node.decompose()
    heading = tree.css_first("h1") or tree.css_first("title")
    title = heading.text(strip=True) if heading is not None else ""
    main = next((n for sel in HTML_MAIN if (n := tree.css_first(sel)) is not None), None)
    body = ""
    if main is not None:
        paragraphs = [p.text(separator="", strip=True) for p in main.css("p")]
        body = "\n".join(p for p in paragraphs if p) or main.text(separator="\n", strip=True)
        if title and body.startswith(title):
            body = body[len(title):].lstrip()
    stem = path.name.split(".")[0]
    yield record_from_mapping({"id": stem, "title": title, "body": body}, name, 1, stem, options)
