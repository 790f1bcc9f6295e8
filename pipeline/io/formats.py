"""Readers for whole-file formats: a JSON array (streamed record by record), Parquet (streamed by row group) and
HTML articles (title and main text with selectolax). Each is read whole by one shard."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from pipeline.io.hints import duplicate_columns_reason
from pipeline.io.htmldepth import DEEP_HTML, MAX_HTML_DEPTH, html_depth
from pipeline.io.jsonarray import json_records
from pipeline.io.lines import HEAD_CHARS, Overlong, out_of_memory_reason
from pipeline.io.mapping import DuplicateKey, ReadOptions, load_json_record, preview, record_from_mapping
from pipeline.io.sources import describe, open_binary, open_text
from pipeline.records import Document, Reject

if TYPE_CHECKING:
    from pipeline.io.readers import Window

# Rows converted to Python at a time: one Parquet batch stays small whatever the row group size.
PARQUET_BATCH_ROWS = 1024
# Elements that are not the article: menus, scripts, footers.
HTML_NOISE = "script, style, noscript, nav, header, footer, aside, form"
# Where the article is, best first; the whole <body> when none is there.
HTML_MAIN = ("article", "main", "[role=main]", "#content", ".content", "body")


class _Utf8Stream:
    """A decoded text stream read as UTF-8 bytes, a chunk at a time: a .json file in another encoding, never held
    whole."""

    def __init__(self, text: IO[str]) -> None:
        self.text, self.pending, self.started = text, b"", False

    def read(self, size: int) -> bytes:
        while len(self.pending) < size and (chunk := self.text.read(size)):
            if not self.started:
                chunk, self.started = chunk.removeprefix("\ufeff"), True
            self.pending += chunk.encode("utf-8", "replace")
        out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def unread(self, data: bytes) -> None:
        self.pending = data + self.pending

    def close(self) -> None:
        self.text.close()

    def __enter__(self) -> _Utf8Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _json_stream(path: Path, options: ReadOptions) -> tuple[BinaryIO, str | None]:
    """The file as UTF-8 bytes (after any BOM), and how its records are held: "item" for an array, "" for one
    object, None when the file starts with neither."""
    info = describe(path, options.encoding)
    if info.encoding in ("utf-8", "utf-8-sig"):
        stream = open_binary(path, info.compression)
        if stream.read(3) != codecs.BOM_UTF8:
            stream.seek(0)
        start = stream.tell()
        head = stream.read(64)
        stream.seek(start)
    else:  # the records are parsed as UTF-8 bytes: re-encode, streamed
        stream = _Utf8Stream(open_text(path, info))  # type: ignore[assignment]
        head = stream.read(64)
        stream.unread(head)  # type: ignore[attr-defined]
    return stream, {b"{": "", b"[": "item"}.get(head.lstrip()[:1])


def json_values(path: Path, options: ReadOptions) -> Iterator[object]:
    """The records of a .json file as they are (objects, lists, …), streamed; records over max_record_bytes are
    left out, and it stops at the first record that does not parse. For looking at a file's shape; read_json_array
    is the reader."""
    stream, prefix = _json_stream(path, options)
    with stream:
        if prefix is None:
            return
        try:
            for item in json_records(stream, options.max_record_bytes, array=prefix == "item"):
                if not isinstance(item, Overlong):
                    yield json.loads(item)
        except ValueError:
            return


def read_json_array(path: Path, options: ReadOptions, window: Window | None = None) -> Iterator[Document | Reject]:
    """A `.json` file: an array of records (or one object). `line` is the record's number. Each record is read
    with the max_record_bytes cap (one over it is a reject, read past without being held) and parsed on its own, so
    a broken record is rejected alone; an array cut short ends with a reject after its last whole record."""
    name = str(path)
    cap = options.max_record_bytes
    stream, prefix = _json_stream(path, options)
    with stream:
        if prefix is None:
            yield Reject(name, 1, "not a JSON array of records (a .json file holds [ {...}, ... ]; "
                         "one object per line is .jsonl)", "")
            return
        number = 0
        try:
            for number, item in enumerate(json_records(stream, cap, array=prefix == "item"), 1):
                if isinstance(item, Overlong):
                    yield Reject(name, number, item.reason(cap, "record"), preview(item.head.strip()))
                    continue
                try:
                    obj = load_json_record(item)
                except DuplicateKey as e:
                    yield Reject(name, number, str(e), preview(item[:HEAD_CHARS * 4].decode("utf-8", "replace")))
                    continue
                except (ValueError, RecursionError) as e:  # syntax, 5,000-digit integers, 10,000-deep nesting
                    yield Reject(name, number, f"invalid JSON: {type(e).__name__}: {str(e)[:200]}",
                                 preview(item[:HEAD_CHARS * 4].decode("utf-8", "replace").strip()))
                    continue
                yield _json_record(obj, name, number, path, options)
        except ValueError as e:  # the array cut short, or data after it
            yield Reject(name, number + 1, f"invalid JSON after record {number}: {e}", "")
        except MemoryError:
            yield Reject(name, number + 1, f"cannot read the file further: {out_of_memory_reason(cap)}", "")


def _json_record(obj: object, name: str, number: int, path: Path, options: ReadOptions) -> Document | Reject:
    return record_from_mapping(obj, name, number, f"{path.stem}-{number}", options)


def read_parquet(path: Path, options: ReadOptions, window: Window | None = None) -> Iterator[Document | Reject]:
    """Columns as in a CSV (title, body, … or mapped names). `line` is the row's number. A schema that names a
    column twice is one reject for the file (see duplicate_columns_reason); a row over max_record_bytes is a reject
    (see parquet_rows)."""
    import pyarrow.parquet as pq

    name = str(path)
    number = 0
    with pq.ParquetFile(path) as pf:
        if (repeated := duplicate_columns_reason(pf.schema_arrow.names, "Parquet schema")) is not None:
            yield Reject(name, 1, repeated, "")
            return
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in parquet_rows(batch, options.max_record_bytes):
                number += 1
                if isinstance(row, Overlong):
                    yield Reject(name, number, f"record over max_record_bytes ({options.max_record_bytes:,}): "
                                 f"{row.size:,} bytes in its columns; not read into a record", "")
                    continue
                yield record_from_mapping(row, name, number, f"{path.stem}-{number}", options, noun="columns")


def parquet_rows(batch: Any, cap: int) -> Iterator[dict[str, Any] | Overlong]:
    """The rows of a record batch as mappings; a batch over `cap` bytes goes row by row, and a row over `cap` (its
    Arrow size) is an Overlong, never made into Python objects. The batch itself is as large as pyarrow reads it."""
    if batch.nbytes <= cap:
        yield from batch.to_pylist()
        return
    for index in range(batch.num_rows):
        row = batch.slice(index, 1)
        yield Overlong(row.nbytes) if row.nbytes > cap else row.to_pylist()[0]


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
