"""Read the YAML people write (glossaries, the run config) so that it costs no more than its size and every problem
is a line and a reason: the safe constructor, anchors refused before anything expands, nesting bounded, a value
Python cannot hold and a repeated key reported where they are written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: same safe constructor, several times faster, and it refuses
# nesting deeper than 1,000 levels ("exceeded maximum nesting depth") where the pure-Python parser recurses.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# An anchor is written with '&', an alias with '*': a file holding neither needs no event scan.
ANCHOR_MARKS = ("&", "*")
# Bytes per read of a capped file: small enough that the buffer is no cost of its own (a parse's few kB are
# measured), large enough that a 1.6 MB glossary takes a few dozen reads.
READ_CHUNK_BYTES = 2**16
# Levels of nesting a glossary or config may have: a glossary needs 5 (entries, an entry, aliases, a list), a
# config's stage options a few more.
MAX_DEPTH = 100
# Said of a document nested deeper than the parser (or Python's stack) takes, where no line is known.
TOO_DEEP = "invalid YAML: nested too deeply"


class YAMLProblem(Exception):
    """Why a YAML file cannot be read, and the line (1-based) where; 0 when the problem is the whole file's."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"{line}: {reason}")
        self.line = line
        self.reason = reason


class SafeYAMLLoader(SAFE_LOADER):
    """The safe loader, with a value Python cannot hold (a 5,000-digit number, month 13) reported at its
    line like a syntax error instead of escaping as a ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, OverflowError, TypeError) as e:
            raise yaml.constructor.ConstructorError(None, None, f"cannot read this value ({e})",
                                                    node.start_mark) from e


def node_line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def read_yaml_text(path: Path, max_bytes: int | None = None) -> str:
    """The file as text (a UTF-8 byte-order mark is allowed); YAMLProblem when it is not UTF-8 or is larger than
    `max_bytes` (line 0: the whole file; never read past the limit), OSError (for the caller to word) when it
    cannot be read."""
    if max_bytes is None:
        data = path.read_bytes()
    else:
        chunks: list[bytes] = []
        size = 0
        with path.open("rb") as f:  # in chunks: read(max_bytes + 1) would allocate all of it up front
            while chunk := f.read(READ_CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:
                    raise YAMLProblem(0, f"larger than {max_bytes:,} bytes")
                chunks.append(chunk)
        data = b"".join(chunks)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise YAMLProblem(line, f"not UTF-8 ({e.reason} at byte {e.start}); save the file as UTF-8") from None


def _anchor_line(loader: yaml.BaseLoader) -> int | None:
    """Line of the first anchor or alias, read from the parser's events before anything is composed: an
    alias makes a node shared, and a few nested ones (billion laughs) expand to gigabytes when the value is
    walked or printed."""
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return event.start_mark.line + 1
    return None


def _yaml_problem(e: yaml.YAMLError, text: str) -> tuple[int, str]:
    """Line and reason of a YAML error, with the fix for the usual one (a tab in the indentation)."""
    if isinstance(e, yaml.reader.ReaderError):
        return text[:e.position].count("\n") + 1, f"character U+{e.character:04X} is not allowed in YAML" \
            if isinstance(e.character, int) else str(e.reason)
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        reason = e.problem or e.context or "syntax error"
        if e.problem and e.context and e.context.startswith("expected"):  # "expected a single document, but…"
            reason = f"{e.context}, {e.problem}"
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]:
            reason += " (a tab: indent with spaces)"
        return line, reason
    return 1, str(e)


def compose(text: str, anchor_message: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree and value ((None, None) for an empty document); YAMLProblem when it is not
    acceptable YAML, `anchor_message` its reason for an anchor or alias."""
    has_anchor_marks = any(mark in text for mark in ANCHOR_MARKS)
    loader = SafeYAMLLoader(text)
    try:
        if has_anchor_marks and (line := _anchor_line(loader)) is not None:
            raise YAMLProblem(line, anchor_message)
        if has_anchor_marks:  # the events are consumed: parse again to compose
            loader.dispose()
            loader = SafeYAMLLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, None
        return node, loader.construct_document(node)
    except yaml.YAMLError as e:
        line, reason = _yaml_problem(e, text)
        raise YAMLProblem(line, f"invalid YAML: {reason}") from None
    except RecursionError:  # the pure-Python parser (PyYAML without libyaml) has no nesting limit of its own
        raise YAMLProblem(1, TOO_DEEP) from None
    finally:
        loader.dispose()


def structure_problems(node: yaml.Node, file: str) -> list[str]:
    """`FILE:LINE` errors for keys repeated in one mapping (YAML loaders keep the last value silently, so a second
    `ticker:` in an entry would replace the first unnoticed) and for a value nested deeper than MAX_DEPTH (libyaml
    parses 1,000 levels, but what reads the value next may recurse: ruamel for `glossary fmt`, json and pickle for
    a config's stage options)."""
    found: list[tuple[int, str]] = []
    stack = [(node, 1)]
    too_deep: yaml.Node | None = None
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            too_deep = too_deep or current
            continue
        if isinstance(current, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in current.value:
                name = (key.tag, str(key.value)) if isinstance(key, yaml.ScalarNode) else None
                if name is not None and name in first:
                    found.append((node_line(key), f"{file}:{node_line(key)}: duplicate key {name[1]!r} (first at "
                                                  f"line {first[name]}); keep one"))
                elif name is not None:
                    first[name] = node_line(key)
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)
    if too_deep is not None:
        found.append((node_line(too_deep), f"{file}:{node_line(too_deep)}: nested deeper than {MAX_DEPTH} levels"))
    return [message for _, message in sorted(found)]
