"""The shape of the inputs, checked before a run writes anything: does every column the map names exist, and can
the files be read as news at all?

A user's instruction that cannot be right, or inputs of which nothing can come out, stop the run (InputError:
exit 2, one line, no output directory). A problem of one file among others in a folder does not: a folder of
many files keeps going, the file's records are rejected with the reason and the fix, and a warning names it.

- A `--columns` column that no input has (a typo, `body=contents` for `content`) stops the run, naming the
  columns that exist (pandas' `usecols` does the same). A folder is looked at as a whole: a column one file has
  is not an error for the files that lack it (one map reads differently shaped files).
- A file with no title or body column (after the map and the default headers; a CSV header, or JSON records
  that are lists or have other keys) stops the run when the user named that file, or when no input has one; in
  a folder beside readable files it is a warning and its records are rejects.

Files are sampled, not read: the first PEEK_RECORDS records of each, and further only while a column or a
title/body has not been found yet (so a typo costs one read of the inputs, an ordinary run a few records).
"""

from __future__ import annotations

import csv
import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline.io.columns import MISSING, TEXT_FIELDS, as_mapping, fields_found, format_columns, lookup
from pipeline.io.formats import json_values, parquet_rows
from pipeline.io.hints import accepts, keys_text, no_text_reason, not_object_reason
from pipeline.io.lines import Overlong
from pipeline.io.mapping import ReadOptions
from pipeline.io.readers import WHOLE_FILE, InputError, csv_has_header, csv_layout, header_reason, text_lines
from pipeline.io.sources import InputInfo, describe

# Records looked at per file when everything is found in them.
PEEK_RECORDS = 20
# Formats whose records always have a title and a body (the reader makes them).
WHOLE_FILE_FORMATS = ("txt", "html")


@dataclass
class _Shape:
    """What the records of one file looked at so far hold."""

    path: Path
    info: InputInfo
    # A CSV file's column names and delimiter, sniffed once for every look at the file.
    layout: tuple[list[str], str] | None = None
    first: Any = MISSING  # the first record, as read
    header: list[str] | None = None  # a CSV file's header row, when it has one
    keys: dict[str, None] = field(default_factory=dict)  # top-level keys in first-seen order
    text: bool = False  # a record with a title or body column was seen

    @property
    def known(self) -> bool:
        """Something was read: a header or a record (a file of broken lines shows nothing)."""
        return self.first is not MISSING or self.header is not None

    def reason(self, columns: tuple[tuple[str, str], ...]) -> str:
        """Why this file reads no record, with the --columns that would read it."""
        if self.header is not None:
            first_row = list(self.first.values()) if isinstance(self.first, dict) else []
            return header_reason(self.header, first_row, columns)
        if accepts(self.first, columns):
            return no_text_reason(self.first, columns)
        return not_object_reason(self.first)


def raw_records(shape: _Shape, options: ReadOptions) -> Iterator[Any]:
    """A file's records as they are (objects, lists, CSV rows keyed by the header, or lists for a file without
    one), unchecked; lines or parts that do not parse are left out (the reader rejects them). JSONL lines are
    split by the reader's own line reader, so the sample sees the lines the run will read."""
    path, info = shape.path, shape.info
    if info.format in WHOLE_FILE_FORMATS:
        yield {"id": path.stem, "title": "", "body": ""}
    elif info.format == "jsonl":
        for _, line in text_lines(path, info, WHOLE_FILE, options.max_record_bytes):
            if isinstance(line, Overlong):  # rejected by the reader
                continue
            try:
                yield json.loads(line)
            except ValueError:  # a blank line, invalid JSON: not a record to look at
                continue
    elif info.format == "json":
        yield from json_values(path, options)
    elif info.format == "csv" and shape.layout is not None:
        header, delimiter = shape.layout
        lines = text_lines(path, info, WHOLE_FILE, options.max_record_bytes)
        # An over-long line (rejected by the reader) reads as an empty row.
        rows = csv.reader(("\n" if isinstance(line, Overlong) else line for _, line in lines), delimiter=delimiter)
        if shape.header is not None:
            next(rows, None)
        for cells in rows:
            yield {**dict.fromkeys(header, ""), **dict(zip(header, cells, strict=False))} if shape.header else cells
    elif info.format == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as pf:
            for batch in pf.iter_batches(batch_size=PEEK_RECORDS):
                yield from (row for row in parquet_rows(batch, options.max_record_bytes)
                            if not isinstance(row, Overlong))  # rejected by the reader


def _look(shape: _Shape, records: Iterable[Any], columns: tuple[tuple[str, str], ...], missing: set[str]) -> None:
    """Note what `records` hold in `shape`, and take the map's columns they have out of `missing`; stops once the
    file has shown a title or body column and no column is missing."""
    for record in records:
        if shape.first is MISSING:
            shape.first = record
        if not accepts(record, columns):
            continue
        mapping = as_mapping(record)
        shape.keys.update(dict.fromkeys(map(str, mapping)))
        shape.text = shape.text or bool(fields_found(mapping, columns) & set(TEXT_FIELDS))
        missing.difference_update([c for c in missing if lookup(mapping, c) is not MISSING])
        if shape.text and not missing:
            return


def _read_shape(shape: _Shape, options: ReadOptions, missing: set[str], peek: int | None) -> None:
    """Look at the file's first `peek` records (all with None), and on to its end while it has shown no title
    or body column: a file is called unreadable only when none of its records has one."""
    records = raw_records(shape, options)
    try:
        _look(shape, islice(records, peek), options.columns, missing)
        if shape.known and not shape.text:
            _look(shape, records, options.columns, missing)
    finally:
        records.close()


def _shape(path: Path, options: ReadOptions, missing: set[str]) -> _Shape:
    info = describe(path, options.encoding)
    shape = _Shape(path, info)
    if info.format == "csv":
        shape.layout = csv_layout(path, info, options.max_record_bytes)
        header = shape.layout[0]
        if csv_has_header(header, options.columns):
            shape.header = header
            _look(shape, [dict.fromkeys(header, "")], options.columns, missing)
            shape.first = MISSING  # the header is no record: the first row is
    return shape


def _unknown_column(column: str, field_name: str, shapes: list[_Shape]) -> str:
    keys = list(dict.fromkeys(k for s in shapes for k in s.keys))
    close = difflib.get_close_matches(column, keys, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (f"--columns {format_columns([(column, field_name)])}: no input has a column {column!r}{hint}; "
            f"the columns are: {keys_text(dict.fromkeys(keys)) or 'none'}")


def check_inputs(files: list[Path], named: Iterable[str | Path], options: ReadOptions,
                 labels: dict[Path, str] | None = None) -> list[str]:
    """InputError when the inputs cannot be read as asked (see the module rules); otherwise the warnings for
    files in a folder whose records will all be rejected (empty when there is none). `named` are the paths
    given (files named there are the user's own choice), `labels` the names messages give spooled files
    (standard input's "-"). A file that cannot be opened or parsed is left to the reader, which rejects it."""
    labels = labels or {}
    columns = options.columns
    missing = {c for c, _ in columns}
    shapes: list[_Shape] = []
    for path in files:
        try:
            shape = _shape(path, options, missing)
            _read_shape(shape, options, missing, PEEK_RECORDS)
        except Exception:
            continue
        shapes.append(shape)
    for shape in shapes:  # columns no sample had: read on until each is found or every file is read
        if not missing:
            break
        try:
            _read_shape(shape, options, missing, None)
        except Exception:
            continue
    if missing:
        column, field_name = next((c, f) for c, f in columns if c in missing)
        raise InputError(_unknown_column(column, field_name, shapes))
    named_files = {Path(p).resolve() for p in named if Path(p).is_file()}
    unreadable = [s for s in shapes if s.known and not s.text]
    readable = any(s.text for s in shapes)
    for shape in unreadable:
        if shape.path.resolve() in named_files or not readable:
            more = len(unreadable) - 1
            raise InputError(f"{labels.get(shape.path, shape.path)}: {shape.reason(columns)}"
                             + (f" (and {more} more file(s) like it)" if more and not readable else ""))
    return [f"{labels.get(s.path, s.path)}: every record will be rejected: {s.reason(columns)}" for s in unreadable]
