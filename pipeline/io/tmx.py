"""TMX 1.4b translation memory of zh→en segment pairs, written as a stream.

Every unit says which translator wrote its English (`x-translator`); the offline gloss translator's word-by-word
English is marked `x-draft` so a translation memory can keep it apart from reviewed or neural output, and the
failed quality checks of a segment are listed in `x-flags`. A Traditional source keeps its original sentence as
a `zh-TW` variant beside the normalized Simplified one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from pipeline import __version__
from pipeline.io.clean import xml_text
from pipeline.records import Segment
from pipeline.text.flags import failed_kinds

SRC_LANG = "zh-CN"
TRADITIONAL_LANG = "zh-TW"
TGT_LANG = "en"
# TMX 1.4b §3.1: o-tmf names the format the memory was generated from, here newsbridge's segment records.
ORIGINAL_FORMAT = "newsbridge-segments"
# Translator families whose English is a draft for post-editing, not a translation to reuse as is.
DRAFT_TRANSLATORS = frozenset({"gloss"})


def _text(value: str) -> str:
    """Element content: only characters XML 1.0 allows (see clean.xml_text), escaped."""
    return escape(xml_text(value))


def _attr(value: str) -> str:
    """A quoted attribute value, cleaned like element content."""
    return quoteattr(xml_text(value))


def header(translator_signatures: Sequence[str] = ()) -> str:
    """The TMX header; with the signatures of the run's translators (model or endpoint, its settings, prompt or
    protection version and glossary hash: what the translation memory keys on), one `x-translator-signature`
    property each, so a memory built from this file can tell which engine and settings wrote its English."""
    attributes = (f'creationtool="newsbridge" creationtoolversion="{__version__}" datatype="plaintext" '
                  f'segtype="sentence" adminlang="en" srclang="{SRC_LANG}" o-tmf="{ORIGINAL_FORMAT}"')
    props = "".join(f'    <prop type="x-translator-signature">{_text(s)}</prop>\n' for s in translator_signatures)
    element = f"  <header {attributes}>\n{props}  </header>\n" if props else f"  <header {attributes}/>\n"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n{element}  <body>\n'


def write_header(fh: TextIO) -> None:
    fh.write(header())


def translator_family(label: str | None) -> str:
    """"argos:translate-zh_en-1.9" → "argos"; "gloss" → "gloss"."""
    return (label or "").split(":", 1)[0]


def traditional_original(seg: Segment) -> str | None:
    """The sentence as written in Traditional characters, when the segment came from a Traditional source
    and segmentation could recover it (`src` differs from the normalized `zh`)."""
    if seg.script != "hant" or not seg.src or seg.src == seg.zh:
        return None
    return seg.src


def write_unit(fh: TextIO, seg: Segment) -> None:
    """One <tu> per translated Chinese segment; its id, part, translator, draft status and failed checks are
    kept as properties."""
    tuid = _attr(f"{seg.doc_id}:{seg.seg_id}")
    fh.write(f"    <tu tuid={tuid}>\n")
    fh.write(f'      <prop type="x-doc">{_text(seg.doc_id)}</prop>\n')
    fh.write(f'      <prop type="x-part">{_text(seg.part)}</prop>\n')
    fh.write(f'      <prop type="x-translator">{_text(seg.translator or "")}</prop>\n')
    if translator_family(seg.translator) in DRAFT_TRANSLATORS:
        fh.write('      <prop type="x-draft">true</prop>\n')
    if failed := failed_kinds(seg.flags):
        fh.write(f'      <prop type="x-flags">{_text(" ".join(failed))}</prop>\n')
    fh.write(f'      <tuv xml:lang="{SRC_LANG}"><seg>{_text(seg.zh or "")}</seg></tuv>\n')
    if (original := traditional_original(seg)) is not None:
        fh.write(f'      <tuv xml:lang="{TRADITIONAL_LANG}"><seg>{_text(original)}</seg></tuv>\n')
    fh.write(f'      <tuv xml:lang="{TGT_LANG}"><seg>{_text(seg.en or "")}</seg></tuv>\n')
    fh.write("    </tu>\n")


def footer() -> str:
    return "  </body>\n</tmx>\n"


def write_footer(fh: TextIO) -> None:
    fh.write(footer())
