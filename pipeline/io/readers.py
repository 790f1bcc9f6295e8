"""Read corpora into Documents; every bad record becomes a Reject with its file and line, and nothing one
record holds can raise out of a reader.

Formats by suffix: .jsonl, .csv, .txt, .json (an array of records), .parquet, .html/.htm, and .jsonl, .json,
.csv, .txt or .html compressed with .gz, .bz2, .xz or .zst. For .json and .parquet a Reject's `line` is the
record's number in the file (1-based); for .html and .txt it is 1. The encoding of a text file is detected
per file (see pipeline.io.encoding) unless forced.
"""

from __future__ import annotations

import csv
import errno
import json
import logging
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, BinaryIO

from pipeline.io.columns import TEXT_FIELDS, Columns, fields_found, has_positions
from pipeline.io.encoding import hint
from pipeline.io.hints import duplicate_columns_reason, keys_text, list_suggestion, record_suggestion
from pipeline.io.lines import HEAD_CHARS, Overlong, WindowHash, capped_lines, capped_read, out_of_memory_reason
from pipeline.io.mapping import (
    DEFAULT_MAX_BODY_CHARS,
    DEFAULT_MAX_TITLE_CHARS,
    DuplicateKey,
    ReadOptions,
    has_escapes,
    load_json_record,
    preview,
    record_from_mapping,
)
from pipeline.io.sources import COMPRESSIONS, FORMATS, InputInfo, describe, format_of, open_text
from pipeline.records import Document, Reject

__all__ = ["DEFAULT_MAX_BODY_CHARS", "DEFAULT_MAX_TITLE_CHARS", "InputError", "ReadOptions", "Window",
           "expand_inputs", "read_corpus", "read_file", "record_from_mapping", "scan_inputs"]
log = logging.getLogger(__name__)
SUFFIXES = tuple(FORMATS)
# The most bytes one character takes in any encoding read here (UTF-8, GB18030, UTF-32): a decoded line of
# fewer than max_record_bytes / this characters cannot be over the cap, and is not encoded to check it.
MAX_CHAR_BYTES = 4
CSV_DELIMITERS = ",;\t|"
# The start of a CSV file's first line the delimiter is sniffed from: csv.Sniffer's time grows with the square of
# its sample (a 180 KB header took 197 s), and a kilobyte holds dozens of column names.
SNIFF_CHARS = 1024
# A header line longer than this is no header newsbridge reads (a header of a hundred long column names is a few
# KB; the 60,000 columns, 180 KB, are a broken export or a wrong delimiter): the file is rejected.
MAX_CSV_HEADER_CHARS = 64 * 1024
# A folder's notes about its data (SOURCE.txt, README.md, LICENSE, …): documentation, not news. Matched on the
# name before its first dot, for the suffixes documentation has; a .jsonl or .csv of any name is data.
DOC_NAMES = frozenset({"README", "LICENSE", "LICENCE", "NOTICE", "SOURCE", "SOURCES", "COPYING", "AUTHORS",
                       "CHANGELOG", "CHANGES", "CONTRIBUTING", "CITATION"})
DOC_SUFFIXES = frozenset({"", ".txt", ".md", ".markdown", ".rst", ".html", ".htm"})
DOC_NOTE = ("documentation, not news (README, LICENSE, SOURCE and the like in an input folder are not read; "
            "name the file itself to read it)")


class InputError(Exception):
    """An input path that cannot be read at all (missing, unsupported type, nothing to read)."""


@dataclass(frozen=True)
class Window:
    """A part of one input file: the bytes [start, end) whose first line is `first_line` (end None: to the
    end of the file). Shards read windows, so a big file is split without reading it twice over."""

    start: int = 0
    end: int | None = None
    first_line: int = 1
    # Where the bytes of a splittable window are hashed as they are read (the shard's content fingerprint).
    digest: WindowHash | None = field(default=None, compare=False, repr=False)


WHOLE_FILE = Window()


@dataclass
class Inputs:
    """The files to read, and those found but unusable ({path, error}: each also logged as a warning)."""

    files: list[Path]
    problems: list[dict[str, Any]] = field(default_factory=list)


def _supported(path: Path) -> bool:
    return format_of(path)[0] is not None


def is_documentation(path: Path) -> bool:
    """SOURCE.txt, README.md, LICENSE, NOTICE, …: a file that describes the data beside it (see DOC_NAMES)."""
    stem, dot, rest = path.name.partition(".")
    return stem.upper() in DOC_NAMES and (dot + rest).lower() in DOC_SUFFIXES


def scan_inputs(paths: Iterable[str | Path], out_dir: str | Path | None = None) -> Inputs:
    """Files to read, in a stable order: directories expand to their files, sorted, leaving out hidden
    ones (a name starting with a dot, or inside such a directory). Documentation in a directory (SOURCE.txt,
    README.md, LICENSE: see is_documentation) is noted and skipped like an unsupported file. A file named on the
    command line must be of a supported type (InputError otherwise); a file inside a directory that is not,
    or any file that cannot be opened, is a warning and a problem entry, never a silent skip. Files under
    `out_dir` are left out of a directory's expansion, so a run never reads its own earlier outputs back."""
    found = Inputs([])
    skip = Path(out_dir).resolve() if out_dir is not None else None

    def problem(path: Path, error: str) -> None:
        log.warning("%s: skipped: %s", shown_path(path), error)
        found.problems.append({"path": shown_path(path), "error": error})

    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if not f.is_dir()
                            and not (skip is not None and _inside(f, skip))):
                if any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue  # hidden files and directories (.git, .DS_Store, a run's stdin spool)
                if (odd := not_a_file_reason(f)) is not None:
                    problem(f, odd)
                elif not _utf8_name(f):
                    problem(f, NOT_UTF8_NAME)
                elif is_documentation(f):
                    problem(f, DOC_NOTE)
                elif not _supported(f):
                    problem(f, f"unsupported input type {''.join(f.suffixes)!r}")
                elif not os.access(f, os.R_OK):
                    problem(f, "not readable (permission denied)")
                else:
                    found.files.append(f)
        elif p.is_file():
            if not _utf8_name(p):
                raise InputError(f"{shown_path(p)}: {NOT_UTF8_NAME}")
            if not _supported(p):
                raise InputError(f"{p}: unsupported input type {''.join(p.suffixes) or p.name!r} (expected "
                                 f"{', '.join(SUFFIXES)}, optionally compressed with {', '.join(COMPRESSIONS)})")
            if not os.access(p, os.R_OK):
                problem(p, "not readable (permission denied)")
            else:
                found.files.append(p)
        else:
            raise InputError(f"{shown_path(p)}: {not_a_file_reason(p) or 'no such file or directory'}")
    return found


# Outputs (manifest, documents, Parquet) are UTF-8 and name each input, so a name that is not cannot be read.
NOT_UTF8_NAME = "its name is not valid UTF-8; rename it to read it"


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, kept as surrogate escapes
        return False
    return True


def shown_path(path: Path) -> str:
    """The path as printable (and UTF-8 encodable) text: bytes of a name that is not UTF-8 as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _inside(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().is_relative_to(directory)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def not_a_file_reason(path: Path) -> str | None:
    """Why `path`, which is neither a regular file nor a directory, cannot be read; None when it is missing."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if not path.is_symlink():
            return None
        if error.errno == errno.ELOOP:
            return "a symlink loop"
        return f"dangling link (to {shown_path(Path(os.readlink(path)))})"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "special")
    return f"not a regular file ({kind})"


def expand_inputs(paths: Iterable[str | Path], out_dir: str | Path | None = None) -> list[Path]:
    """The readable files of scan_inputs."""
    return scan_inputs(paths, out_dir).files


def _bad_bytes_reason(text: str, encoding: str) -> str:
    raw = text.encode(encoding, "surrogateescape")
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as e:
        where = f"invalid {encoding.upper()} at byte {e.start}: {raw[e.start:e.start + 4]!r}"
        return where + (hint(raw) if encoding.startswith("utf-8") else "")
    return f"invalid {encoding.upper()}"


def _printable(text: str, encoding: str) -> str:
    """Show undecodable bytes (kept as surrogate escapes) as U+FFFD."""
    return text.encode(encoding, "surrogateescape").decode(encoding, "replace")


def _window_lines(fh: BinaryIO, window: Window, cap: int) -> Iterator[tuple[int, bytes | Overlong]]:
    """(line number, raw line, or Overlong for one over `cap` bytes) for every line of the window."""
    fh.seek(window.start)
    position = window.start
    for line_no, raw_line in enumerate(capped_lines(fh, cap), window.first_line):
        if window.end is not None and position >= window.end:
            return
        position += raw_line.size if isinstance(raw_line, Overlong) else len(raw_line)
        yield line_no, raw_line


def _decoded_size(text: str, info: InputInfo, cap: int) -> Overlong | None:
    """An Overlong for a decoded line whose encoded size is over `cap` though its characters are not."""
    if len(text) * MAX_CHAR_BYTES <= cap:
        return None
    size = len(text.encode(info.line_codec, "surrogateescape"))
    return Overlong(size, text[:HEAD_CHARS]) if size > cap else None


def text_lines(path: Path, info: InputInfo, window: Window, cap: int) -> Iterator[tuple[int, str | Overlong]]:
    """(line number, decoded line): byte lines of a window for a splittable file, else the decoded stream
    (CR, LF and CRLF all end a line). A line over `cap` bytes comes as an Overlong, read past without being
    held, and the lines after it are read as usual."""
    if info.splittable:
        with path.open("rb") as raw_fh:
            fh = window.digest.wrap(raw_fh) if window.digest is not None else raw_fh
            for line_no, raw in _window_lines(fh, window, cap):
                if isinstance(raw, Overlong):
                    yield line_no, raw
                    continue
                text = raw.decode(info.line_codec, "surrogateescape")
                yield line_no, text.removeprefix("\ufeff") if line_no == 1 else text
        return
    with open_text(path, info) as fh:
        for line_no, text in enumerate(capped_lines(fh, cap), 1):
            if not isinstance(text, Overlong):
                text = _decoded_size(text, info, cap) or text
            yield line_no, text.removeprefix("\ufeff") if line_no == 1 and isinstance(text, str) else text


def whole_text(fh: IO[str], info: InputInfo, cap: int) -> str | Overlong:
    """A whole-file record's text, or an Overlong when it is over `cap` bytes (read past without being held)."""
    text = capped_read(fh, cap)
    return text if isinstance(text, Overlong) else _decoded_size(text, info, cap) or text


def overlong_reject(name: str, line_no: int, line: Overlong, cap: int) -> Reject:
    return Reject(name, line_no, line.reason(cap), preview(line.head.strip()))


def read_jsonl(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    name = str(path)
    info = describe(path, options.encoding)
    for line_no, text in text_lines(path, info, window, options.max_record_bytes):
        if isinstance(text, Overlong):
            yield overlong_reject(name, line_no, text, options.max_record_bytes)
            continue
        if not text.strip():
            continue
        if has_escapes(text):
            yield Reject(name, line_no, _bad_bytes_reason(text, info.line_codec),
                         preview(_printable(text.strip(), info.line_codec)))
            continue
        try:
            obj = load_json_record(text)
        except json.JSONDecodeError as e:
            yield Reject(name, line_no, f"invalid JSON: {e.msg} at column {e.colno}", preview(text.strip()))
            continue
        except DuplicateKey as e:
            yield Reject(name, line_no, str(e), preview(text.strip()))
            continue
        except (ValueError, RecursionError, OverflowError) as e:  # 5,000-digit integers, 10,000-deep nesting
            yield Reject(name, line_no, f"invalid JSON: {type(e).__name__}: {str(e)[:200]}", preview(text.strip()))
            continue
        except MemoryError:
            yield Reject(name, line_no, out_of_memory_reason(options.max_record_bytes), preview(text[:HEAD_CHARS]))
            continue
        yield record_from_mapping(obj, name, line_no, f"{path.stem}-{line_no}", options)


def csv_layout(path: Path, info: InputInfo, cap: int) -> tuple[list[str], str]:
    """The header's column names and the delimiter (sniffed among , ; tab | on the first SNIFF_CHARS characters)
    of a CSV file (from at most `cap` characters of its first line: a longer one is rejected by read_csv)."""
    with open_text(path, info) as fh:
        first = fh.readline(cap).removeprefix("\ufeff")
    delimiter = _sniffed(first[:SNIFF_CHARS])
    csv.field_size_limit(cap)
    return next(csv.reader([first], delimiter=delimiter), []), delimiter


@lru_cache(maxsize=1024)
def _sniffed(sample: str) -> str:
    """The delimiter of a CSV file starting with `sample`: sniffed once per file in a process, however many of its
    windows are read (the samples held are at most SNIFF_CHARS long)."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


class _RowTooLong(Exception):
    """The lines of one CSV row (a quoted field running over lines) came to more than max_record_bytes."""


# What one buffered line costs besides its characters (a tuple and a str object): counted, so a quoted field
# over millions of empty lines is as bounded as one long line.
LINE_OVERHEAD = 100


def _csv_rows(lines: Iterable[tuple[int, str | Overlong]], delimiter: str, cap: int
              ) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line, cells or None, reason) per CSV record of `lines` ((line number, text) pairs). A quote that is
    never closed, or that runs over lines into a malformed row, is a reject at the line where it opened, and
    the lines after that one are read again: a broken quote cannot swallow the rows after it. Only the lines
    of the row being read are held (at most `cap` bytes of them), never the file's."""
    csv.field_size_limit(cap)
    source = iter(lines)
    replay: deque[tuple[int, str | Overlong]] = deque()  # lines to read again after a broken quote
    row_lines: list[tuple[int, str | Overlong]] = []  # the lines of the row being read

    def feed() -> Iterator[str]:
        held = 0
        while True:
            item = replay.popleft() if replay else next(source, None)
            if item is None:
                return
            row_lines.append(item)
            text = item[1]
            if len(row_lines) == 1:  # a new row
                held = 0
            held += LINE_OVERHEAD + (0 if isinstance(text, Overlong) else len(text))
            if held > cap and len(row_lines) > 1:
                raise _RowTooLong
            yield "\n" if isinstance(text, Overlong) else text

    while True:
        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        restart = False
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, _RowTooLong) as e:
                line = row_lines[0][0]
                # A quote never closed, or one that ran over lines into a malformed row: the same reason either
                # way (a shard's window may end before the file does), and the lines after it are read again.
                if isinstance(e, _RowTooLong) or "unexpected end of data" in str(e) or len(row_lines) > 1:
                    yield line, None, (f"unterminated quote: the quoted field opened on line {line} does not "
                                       "close cleanly; the lines after it are read as rows")
                    replay.extendleft(reversed(row_lines[1:]))
                    row_lines.clear()
                    restart = True
                    break
                yield line, None, f"malformed CSV row: {e}"
                row_lines.clear()
                continue
            overlong = next(((n, t) for n, t in row_lines if isinstance(t, Overlong)), None)
            if overlong is not None:
                yield overlong[0], None, overlong[1].reason(cap)
            else:
                yield row_lines[0][0], row, ""
            row_lines.clear()
        if not restart:
            return


def csv_has_header(header: list[str], columns: Columns) -> bool:
    """Whether a CSV file's first row is its header: it is unless it names neither a title nor a body column
    and the column map reads positions (`title=0,body=1`), which is how a file without a header row is read."""
    return bool(fields_found(dict.fromkeys(header, ""), columns) & set(TEXT_FIELDS)) or not has_positions(columns)


def header_reason(header: list[str], first_row: list[str], columns: Columns) -> str:
    """Why a CSV header reads no record, with the --columns that would: by name from the first row's longest
    cell, and by position in case the first row is no header."""
    by_name = record_suggestion(dict(zip(header, first_row, strict=False)), columns)
    by_position = list_suggestion(header)
    fix = (f"try --columns {by_name}" if by_name else "name them with --columns title=NAME,body=NAME") + (
        f" (or, if the file has no header row, --columns {by_position})" if by_position else "")
    return f"CSV header names no title or body column; its columns: {keys_text(dict.fromkeys(header))} — {fix}"


def read_csv(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    """A window that does not start the file continues after the header (its rows start at record
    boundaries: the shard planner cuts only there). A header that names a column twice, or one with neither a
    title nor a body column (after the column map and the default Chinese headers), rejects the whole file,
    unless the map reads positions: then the file has no header row and every row is a record (see
    csv_has_header). Rows stream: only the one being read is held."""
    name = str(path)
    cap = options.max_record_bytes
    info = describe(path, options.encoding)
    header, delimiter = csv_layout(path, info, cap)
    headed = csv_has_header(header, options.columns)
    lines = text_lines(path, info, window, cap)
    if window.start == 0 and headed:
        first = next(lines, (1, ""))[1]
        if isinstance(first, Overlong):
            yield Reject(name, 1, f"CSV header {first.reason(cap)}", preview(first.head))
            return
        if (size := len(first.rstrip("\r\n"))) > MAX_CSV_HEADER_CHARS:
            yield Reject(name, 1, f"CSV header of {size:,} characters and {len(header):,} columns, over "
                         f"{MAX_CSV_HEADER_CHARS:,} characters: not a header newsbridge reads (check that the first "
                         "line is the header and the delimiter is one of , ; tab |)", preview(first))
            return
        if (repeated := duplicate_columns_reason(header, "CSV header")) is not None:
            yield Reject(name, 1, repeated, preview(first))
            return
        if not fields_found(dict.fromkeys(header, ""), options.columns) & set(TEXT_FIELDS):
            first_row = next((cells for _, cells, _ in _csv_rows(islice(lines, 1), delimiter, cap) if cells), [])
            yield Reject(name, 1, header_reason(header, first_row, options.columns), preview(first))
            return
    for line_no, cells, reason in _csv_rows(lines, delimiter, cap):
        if cells is None:
            yield Reject(name, line_no, reason, "")
            continue
        if headed and len(cells) > len(header):
            yield Reject(name, line_no, f"row has {len(cells)} cells, header has {len(header)}",
                         preview(json.dumps(cells, ensure_ascii=False)))
            continue
        flat = "".join(cells)
        if has_escapes(flat):
            yield Reject(name, line_no, _bad_bytes_reason(flat, info.line_codec),
                         preview(_printable(flat, info.line_codec)))
            continue
        if not any(v.strip() for v in cells):
            continue
        record: dict[str, str] | list[str] = (
            {k: v for k, v in zip(header, cells, strict=False) if k} if headed else cells)
        yield record_from_mapping(record, name, line_no, f"{path.stem}-{line_no}", options, noun="columns")


def read_txt(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    """A text file is one record (first line the title), so it is always read whole; one over max_record_bytes
    is rejected after reading at most that much of it."""
    name = str(path)
    cap = options.max_record_bytes
    info = describe(path, options.encoding)
    with open_text(path, info) as fh:
        text = whole_text(fh, info, cap)
    if isinstance(text, Overlong):
        yield overlong_reject(name, 1, text, cap)
        return
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if has_escapes(text):
        bad_line = next(i for i, ln in enumerate(text.split("\n"), 1) if has_escapes(ln))
        yield Reject(name, bad_line, _bad_bytes_reason(text, info.line_codec),
                     preview(_printable(text, info.line_codec)))
        return
    title, _, body = text.strip("\n").partition("\n")
    yield record_from_mapping({"id": path.stem.removesuffix(".txt"), "title": title.strip(), "body": body.strip()},
                              name, 1, path.stem, options)


def _structured() -> dict[str, Reader]:
    from pipeline.io.formats import read_html, read_json_array, read_parquet

    return {"json": read_json_array, "parquet": read_parquet, "html": read_html}


Reader = Callable[[Path, ReadOptions, Window], Iterator[Document | Reject]]
READERS: dict[str, Reader] = {"jsonl": read_jsonl, "csv": read_csv, "txt": read_txt}


def read_file(path: Path, options: ReadOptions, window: Window = WHOLE_FILE) -> Iterator[Document | Reject]:
    """The records of one file (or window), whatever its format. A failure of the file itself (a corrupt
    archive, a read error, an encoding the forced name cannot decode) ends the file with one Reject at the
    line reached (the one after the last record read); the records before it stand."""
    name = str(path)
    line = window.first_line  # where the failure is: the window's first line until a record is read
    try:
        fmt = describe(path, options.encoding).format
        reader = READERS.get(fmt) or _structured()[fmt]
        for item in reader(path, options, window):
            line = (item.line if isinstance(item, Reject) else int(item.origin.rpartition(":")[2])) + 1
            yield item
    except Exception as e:
        cause = (out_of_memory_reason(options.max_record_bytes) if isinstance(e, MemoryError)
                 else f"{type(e).__name__}: {str(e)[:200]}")
        yield Reject(name, line, f"cannot read the file further: {cause}", "")


def read_corpus(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Document | Reject]:
    """Every record of every input, in order; duplicate ids after the first are rejected."""
    options = options or ReadOptions()
    seen: dict[str, str] = {}
    for path in expand_inputs(paths):
        for item in read_file(path, options):
            if isinstance(item, Document):
                first = seen.get(item.id)
                if first is not None:
                    file, _, line = item.origin.rpartition(":")
                    yield Reject(file, int(line), f"duplicate id {item.id!r} (first seen at {first})",
                                 preview(json.dumps({"id": item.id, "title": item.title}, ensure_ascii=False)))
                    continue
                seen[item.id] = item.origin
            yield item


def read_options(config: Any) -> ReadOptions:
    """ReadOptions from a RunConfig (duck-typed: the config module imports this one)."""
    from pipeline.io.columns import parse_columns
    from pipeline.io.encoding import canonical

    return ReadOptions(max_body_chars=config.max_body_chars, max_title_chars=config.max_title_chars,
                       max_record_bytes=config.max_record_bytes, max_id_chars=config.max_id_chars,
                       encoding=canonical(config.encoding) if config.encoding else None,
                       columns=parse_columns(config.columns or ""))

