"""Read JSONL, CSV and plain-text corpora into Documents; every bad record becomes a Reject with its line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.records import Document, Reject

SUFFIXES = (".jsonl", ".csv", ".txt")
KNOWN_FIELDS = ("id", "title", "body")
META_FIELDS = ("source", "url", "published_at")
# Raw text kept in a reject: enough to find the record again, small enough to keep rejects.jsonl readable.
RAW_PREVIEW_CHARS = 300
# A news article is a few thousand characters; a body this large is a dump or a broken export.
DEFAULT_MAX_BODY_CHARS = 200_000


class InputError(Exception):
    """An input path that cannot be read at all (missing, unsupported type)."""


@dataclass(frozen=True)
class ReadOptions:
    max_body_chars: int = DEFAULT_MAX_BODY_CHARS


def expand_inputs(paths: Iterable[str | Path], out_dir: str | Path | None = None) -> list[Path]:
    """Files to read, in a stable order: directories expand to their supported files, sorted. Files under
    `out_dir` are left out of a directory's expansion, so a run whose --out lies inside an input directory
    never reads its own earlier outputs back."""
    files: list[Path] = []
    skip = Path(out_dir).resolve() if out_dir is not None else None
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not (skip is not None and f.resolve().is_relative_to(skip)))
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                raise InputError(f"{p}: unsupported input type {p.suffix!r} (expected .jsonl, .csv or .txt)")
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or directory")
    return files


def _preview(text: str) -> str:
    text = text.encode("utf-8", "replace").decode("utf-8", "replace") if _has_surrogates(text) else text
    return text if len(text) <= RAW_PREVIEW_CHARS else text[:RAW_PREVIEW_CHARS] + "…"


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _printable(text: str) -> str:
    """Show undecodable bytes (kept as surrogate escapes) as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _bad_utf8_reason(text: str) -> str:
    raw = text.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"invalid UTF-8 at byte {e.start}: {raw[e.start:e.start + 4]!r}"
    return "invalid UTF-8"


def record_from_mapping(obj: dict[str, Any], origin_file: str, line: int, default_id: str,
                        options: ReadOptions) -> Document | Reject:
    """Validate one mapping (a JSON object or a CSV row) into a Document, or say why not."""
    raw = json.dumps(obj, ensure_ascii=False, default=str)
    for key in ("title", "body"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(origin_file, line, f"field {key!r} must be a string, got {type(value).__name__}",
                          _preview(raw))
    title = obj.get("title") or ""
    body = obj.get("body") or ""
    if not title.strip() and not body.strip():
        return Reject(origin_file, line, "record has neither title nor body", _preview(raw))
    if len(body) > options.max_body_chars:
        return Reject(origin_file, line,
                      f"body has {len(body)} characters, over the limit of {options.max_body_chars} "
                      "(max_body_chars in the config)", _preview(raw))
    raw_id = obj.get("id")
    if isinstance(raw_id, (dict, list, bool)):
        return Reject(origin_file, line, f"field 'id' must be a string or number, got {type(raw_id).__name__}",
                      _preview(raw))
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else ""
    meta: dict[str, Any] = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS and v not in (None, "")}
    if not doc_id:
        doc_id = default_id
        meta["id_generated"] = True
    return Document(id=doc_id, title=title, body=body, meta=meta, origin=f"{origin_file}:{line}")


@dataclass(frozen=True)
class Window:
    """A part of one input file: the bytes [start, end) whose first line is `first_line` (end None: to the
    end of the file). Shards read windows, so a big file is split without reading it twice over."""

    start: int = 0
    end: int | None = None
    first_line: int = 1


WHOLE_FILE = Window()


def _window_lines(fh: BinaryIO, window: Window) -> Iterator[tuple[int, bytes]]:
    """(line number, raw line) for every line of the window."""
    fh.seek(window.start)
    position = window.start
    for line_no, raw_line in enumerate(fh, window.first_line):
        if window.end is not None and position >= window.end:
            return
        position += len(raw_line)
        yield line_no, raw_line


def read_jsonl(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    name = str(path)
    with path.open("rb") as fh:
        for line_no, raw_line in _window_lines(fh, window):
            text = raw_line.decode("utf-8", "surrogateescape")
            if line_no == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            if _has_surrogates(text):
                yield Reject(name, line_no, _bad_utf8_reason(text), _preview(_printable(text.strip())))
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield Reject(name, line_no, f"invalid JSON: {e.msg} at column {e.colno}", _preview(text.strip()))
                continue
            if not isinstance(obj, dict):
                yield Reject(name, line_no, f"not a JSON object (got {type(obj).__name__})",
                             _preview(text.strip()))
                continue
            yield record_from_mapping(obj, name, line_no, f"{path.stem}-{line_no}", options)


def _read_window(path: Path, window: Window) -> bytes:
    with path.open("rb") as fh:
        fh.seek(window.start)
        return fh.read() if window.end is None else fh.read(window.end - window.start)


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (its first record)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    text = head.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    return next(csv.reader(io.StringIO(text, newline="")), [])


def read_csv(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    """A window that does not start the file continues after the header (its rows start at record
    boundaries: the shard planner cuts only there)."""
    name = str(path)
    text = _read_window(path, window).decode("utf-8", "surrogateescape")
    if window.start == 0:
        text = text.removeprefix("\ufeff")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        if "title" not in fields and "body" not in fields:
            yield Reject(name, 1, f"CSV header has neither 'title' nor 'body' column: {fields}",
                         _preview(text[:200]))
            return
        row_start, base = 2, 0
    else:
        fields = csv_header(path)
        reader = csv.DictReader(io.StringIO(text, newline=""), fieldnames=fields)
        row_start, base = window.first_line, window.first_line - 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield Reject(name, row_start, f"malformed CSV row: {e}", "")
            row_start = base + reader.line_num + 1
            continue
        line_no, row_start = row_start, base + reader.line_num + 1
        values = list(row.values())
        if None in row:  # more cells than header columns
            yield Reject(name, line_no, f"row has {len(fields) + len(row[None])} cells, header has {len(fields)}",
                         _preview(json.dumps(values, ensure_ascii=False, default=str)))
            continue
        flat = "".join(v for v in values if isinstance(v, str))
        if _has_surrogates(flat):
            yield Reject(name, line_no, _bad_utf8_reason(flat), _preview(_printable(flat)))
            continue
        if not any((v or "").strip() for v in values):
            continue
        mapping = {k: v for k, v in row.items() if k}
        yield record_from_mapping(mapping, name, line_no, f"{path.stem}-{line_no}", options)


def read_txt(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    """A text file is one record (first line the title), so it is always read whole."""
    name = str(path)
    text = path.read_bytes().decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    if _has_surrogates(text):
        bad_line = next(i for i, ln in enumerate(text.splitlines(), 1) if _has_surrogates(ln))
        yield Reject(name, bad_line, _bad_utf8_reason(text), _preview(_printable(text)))
        return
    title, _, body = text.strip("\n").partition("\n")
    yield record_from_mapping({"id": path.stem, "title": title.strip(), "body": body.strip()}, name, 1,
                              path.stem, options)


READERS = {".jsonl": read_jsonl, ".csv": read_csv, ".txt": read_txt}


def read_corpus(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Document | Reject]:
    """Every record of every input, in order; duplicate ids after the first are rejected."""
    options = options or ReadOptions()
    seen: dict[str, str] = {}
    for path in expand_inputs(paths):
        for item in READERS[path.suffix.lower()](path, options):
            if isinstance(item, Document):
                first = seen.get(item.id)
                if first is not None:
                    file, _, line = item.origin.rpartition(":")
                    yield Reject(file, int(line), f"duplicate id {item.id!r} (first seen at {first})",
                                 _preview(json.dumps({"id": item.id, "title": item.title}, ensure_ascii=False)))
                    continue
                seen[item.id] = item.origin
            yield item
