"""TMX 1.4b translation memory of zh→en segment pairs, written as a stream."""

from __future__ import annotations

import re
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from pipeline import __version__
from pipeline.records import Segment

# Characters XML 1.0 does not allow, even escaped.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SRC_LANG = "zh-CN"
TGT_LANG = "en"


def _text(value: str) -> str:
    return escape(XML_INVALID.sub("", value))


def write_header(fh: TextIO) -> None:
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    fh.write(f'  <header creationtool="newsbridge" creationtoolversion="{__version__}" datatype="plaintext" '
             f'segtype="sentence" adminlang="en" srclang="{SRC_LANG}" o-tmf="newsbridge"/>\n  <body>\n')


def write_unit(fh: TextIO, seg: Segment) -> None:
    """One <tu> per translated Chinese segment; its id, part and translator are kept as properties."""
    tuid = quoteattr(f"{seg.doc_id}:{seg.seg_id}")
    fh.write(f"    <tu tuid={tuid}>\n")
    fh.write(f'      <prop type="x-doc">{_text(seg.doc_id)}</prop>\n')
    fh.write(f'      <prop type="x-part">{seg.part}</prop>\n')
    fh.write(f'      <prop type="x-translator">{_text(seg.translator or "")}</prop>\n')
    fh.write(f'      <tuv xml:lang="{SRC_LANG}"><seg>{_text(seg.zh or "")}</seg></tuv>\n')
    fh.write(f'      <tuv xml:lang="{TGT_LANG}"><seg>{_text(seg.en or "")}</seg></tuv>\n')
    fh.write("    </tu>\n")


def write_footer(fh: TextIO) -> None:
    fh.write("  </body>\n</tmx>\n")
