"""Which text encoding an input file uses: a BOM, else UTF-16 recognised by its NUL bytes, else strict UTF-8 on the
head, else charset-normalizer limited to the encodings Chinese news actually comes in. `--encoding` forces one."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# How much of a file the detector looks at: enough for thousands of headlines, cheap to read.
DETECT_BYTES = 1 << 20
# Candidates for a file that is not UTF-8. GB18030 is a superset of GBK and GB2312; Big5 covers Taiwan.
CANDIDATES = ("gb18030", "big5", "utf_16", "utf_32")
# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# UTF-16 without a BOM is recognised on the file's first KB: at least this share of its characters have a NUL
# byte on one side (ASCII in UTF-16), and the other side has this many times fewer (CJK characters such as 一,
# U+4E00, have a NUL low byte).
UTF16_SAMPLE_BYTES = 1024
UTF16_MIN_NULS = 0.1
UTF16_NUL_RATIO = 4
# Encodings whose newline is not the single byte 0x0A: such a file cannot be cut into byte windows.
WIDE = ("utf-16", "utf-32")


class EncodingError(ValueError):
    """A forced encoding Python does not know."""


def canonical(name: str) -> str:
    """Python's name for an encoding (`GBK` → `gbk`, `UTF8` → `utf-8`); EncodingError when unknown."""
    try:
        return codecs.lookup(name).name
    except LookupError as e:
        raise EncodingError(f"unknown encoding {name!r} (try utf-8, gb18030, big5 or utf-16)") from e


def is_wide(encoding: str) -> bool:
    return any(encoding.startswith(w) for w in WIDE)


def _is_utf8_prefix(head: bytes) -> bool:
    """Valid UTF-8, allowing a character cut off at the end of the head."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for a head that is UTF-16 without a byte-order mark, else None. Its ASCII
    characters (JSON and CSV syntax, digits, line ends) have a NUL high byte, at odd offsets (little-endian) or even
    ones (big-endian); UTF-8 and GB18030 text has no NUL, UTF-32 has NULs at both. Read as UTF-8, such a file split
    into lines at the 0x0A bytes of its characters, every line rejected and the records over-counted."""
    sample = head[:UTF16_SAMPLE_BYTES]
    pairs = len(sample) // 2
    even, odd = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
    many, few = max(even, odd), min(even, odd)
    if pairs == 0 or many < UTF16_MIN_NULS * pairs or few * UTF16_NUL_RATIO > many:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def detect(head: bytes, forced: str | None = None) -> str:
    """The encoding of a file that starts with `head`."""
    if forced:
        return canonical(forced)
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if (wide := utf16_without_bom(head)) is not None:
        return wide
    if _is_utf8_prefix(head):
        return "utf-8"
    match = from_bytes(head, cp_isolation=list(CANDIDATES)).best()
    return canonical(match.encoding) if match is not None else "utf-8"


def hint(raw: bytes) -> str:
    """For bytes that are not UTF-8: ` (looks like GB18030; pass --encoding gb18030)`, or nothing."""
    match = from_bytes(raw, cp_isolation=list(CANDIDATES[:2])).best()
    if match is None:
        return ""
    name = canonical(match.encoding)
    return f" (looks like {name.upper()}; pass --encoding {name})"
