"""What may be written: the rules that keep every output file parseable whatever a record or a stage holds.

UTF-8 cannot encode a lone surrogate, strict JSON has no NaN or Infinity, XML 1.0 forbids most control
characters and U+FFFE/U+FFFF even escaped, and Python's int→str refuses more than 4,300 digits. The writers
pass their rows through here, so one odd value becomes a visible replacement instead of an unparsable file or
a stopped run."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# Every UTF-16 surrogate code point: alone (or as a pair split over two code points) it is not a character, and
# UTF-8 encoders refuse it. Each becomes one U+FFFD, so offsets into the text stay valid.
SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# Characters XML 1.0 (§2.2 Char) does not allow, even escaped; surrogates are handled above.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# `meta` deeper than this is cut: json.dumps recurses once per level and stops near Python's recursion
# limit (1,000); no real article metadata is nested more than a handful of levels.
MAX_DEPTH = 64
TOO_DEEP = f"<nested deeper than {MAX_DEPTH} levels>"


def clean_text(text: str) -> str:
    """`text` with every surrogate code point replaced by U+FFFD (the same length, so offsets hold)."""
    return SURROGATE.sub(REPLACEMENT, text)


def xml_text(text: str) -> str:
    """`text` as XML 1.0 can carry it: surrogates → U+FFFD, forbidden control characters removed."""
    return XML_INVALID.sub("", clean_text(text))


def _int(value: int) -> int | str:
    """Integers stay exact JSON numbers (strict JSON has no size limit), except those Python will not write in
    decimal (more digits than sys.get_int_max_str_digits()): those become hexadecimal text, which has no limit."""
    try:
        str(value)
    except ValueError:
        return hex(value)
    return value


def json_safe(value: Any, depth: int = 0) -> Any:
    """A copy of `value` that strict JSON, UTF-8 and Arrow can all hold: text cleaned, NaN/±Infinity → None,
    integers too long for decimal → hex text, bytes decoded (invalid bytes → U+FFFD), containers deeper than MAX_DEPTH
    cut, anything else → its str()."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, bytes | bytearray | memoryview):
        return clean_text(bytes(value).decode("utf-8", "replace"))
    if depth >= MAX_DEPTH and isinstance(value, Mapping | list | tuple | set | frozenset):
        return TOO_DEEP
    if isinstance(value, Mapping):
        return {_key(k): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [json_safe(v, depth + 1) for v in items]
    try:
        return clean_text(str(value))
    except Exception:  # noqa: BLE001 - a str() that raises is still one value, not a reason to stop the run
        return f"<unprintable {type(value).__name__}>"


def _key(key: Any) -> str:
    safe = json_safe(key, MAX_DEPTH)
    return safe if isinstance(safe, str) else json.dumps(safe)


# Line separators that JSON allows raw inside strings but that str.splitlines, JavaScript before ES2019 and
# some JSONL tools break lines at: written escaped, so one record is always one line.
LINE_SEPARATORS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SEPARATOR_TABLE = str.maketrans(LINE_SEPARATORS)


def one_line(json_text: str) -> str:
    """`json_text` with U+0085, U+2028 and U+2029 escaped (they can only occur inside its strings)."""
    return json_text.translate(_SEPARATOR_TABLE) if not json_text.isascii() else json_text


def dumps(value: Any, **options: Any) -> str:
    """Strict JSON text of `value` on one line (no NaN, encodable as UTF-8): as json.dumps when the value is already
    clean (the common case costs one encode), else of json_safe(value)."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
        text.encode("utf-8")
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        text = json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False, **options)
    return one_line(text)
