"""Split documents into sentences (title = segment 0), detect each sentence's language, tokenize Chinese
with a private jieba tokenizer that knows every glossary name."""

from __future__ import annotations

import logging
import re
from typing import Any

from pipeline.config import DEFAULT_MAX_SEGMENTS_PER_RECORD
from pipeline.glossary import CompiledGlossary, GlossaryRef, resolve_glossary
from pipeline.records import Document, Segment
from pipeline.stage import BuildContext, Stage, StageError
from pipeline.text.normalizer import HAN_RE, TextNormalizer

VERSION = "2"
log = logging.getLogger(__name__)
LATIN_WORD_RE = re.compile(r"[A-Za-z]+")
# A sentence ends at 。！？!? (and ……), keeping closing quotes and brackets with it.
ZH_SENTENCE_END = re.compile(r"(?:[。！？!?]+|……|\.(?=\s+[\u4e00-\u9fff]))[」』\"'”’)）]*")
# English: . ! ? followed by space and an upper-case letter, digit or opening quote; or a " - " bullet.
EN_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"(\[])|\s+-\s+(?=[A-Z])")
EN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof inc ltd co corp jr sr st vs etc no u.s u.k e.g i.e jan feb mar apr jun jul aug sep "
    "sept oct nov dec est approx fig gov dept univ".split())
# Chinese when Han characters are at least this share of (Han characters + Latin words): a Chinese
# sentence naming "ETF" or "GB200" stays Chinese; an English sentence quoting 腾讯 stays English.
ZH_SHARE = 0.5
# Frequency given to glossary names in jieba: high enough to beat any split of the name, which is what
# jieba's own suggest_freq would compute per word, at a fraction of the cost.
GLOSSARY_WORD_FREQ = 100_000
# Stands in for the characters of a line whose Traditional original cannot be aligned (never a Han character).
UNMAPPED = "\0"


def detect_lang(text: str) -> str:
    han = len(HAN_RE.findall(text))
    words = len(LATIN_WORD_RE.findall(text))
    return "zh" if han and han / (han + words) >= ZH_SHARE else "en"


def split_zh(line: str) -> list[str]:
    sentences, start = [], 0
    for m in ZH_SENTENCE_END.finditer(line):
        sentences.append(line[start:m.end()])
        start = m.end()
    sentences.append(line[start:])
    return [s.strip() for s in sentences if s.strip()]


def split_en(line: str) -> list[str]:
    sentences, start = [], 0
    for m in EN_BOUNDARY.finditer(line):
        before = line[start:m.start()].rstrip("\"')]")
        last_word = before.rsplit(" ", 1)[-1].rstrip(".").lower()
        if before.endswith(".") and (last_word in EN_ABBREVIATIONS or len(last_word) == 1):
            continue
        sentences.append(line[start:m.start()])
        start = m.end()
    sentences.append(line[start:])
    return [s.strip() for s in sentences if s.strip()]


def _aligned_as_written(normalized: str, as_written: str) -> str | None:
    """The body normalized without t2s, aligned character for character with the normalized body: OpenCC's
    t2s keeps lengths for nearly all text; a line whose length changed is masked so nothing maps into it."""
    if len(normalized) == len(as_written):
        return as_written
    lines, written = normalized.split("\n"), as_written.split("\n")
    if len(lines) != len(written):
        return None
    return "\n".join(w if len(w) == len(n) else UNMAPPED * len(n) for n, w in zip(lines, written, strict=True))


def original_sentences(normalized: str, as_written: str, sentences: list[str]) -> list[str | None]:
    """Each sentence of the normalized (Simplified) body as it was written, at the same offsets in the body
    normalized without t2s; None where the two disagree in anything but Han characters."""
    aligned = _aligned_as_written(normalized, as_written)
    out: list[str | None] = []
    cursor = 0
    for sentence in sentences:
        start = normalized.find(sentence, cursor)
        if aligned is None or start < 0:
            out.append(None)
            continue
        cursor = start + len(sentence)
        original = aligned[start:cursor]
        same_shape = all(a == b or (HAN_RE.match(a) and HAN_RE.match(b))
                         for a, b in zip(sentence, original, strict=True))
        out.append(original if same_shape else None)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a normalized body; each line is split by the rules of its own language."""
    out: list[str] = []
    for line in text.split("\n"):
        for sentence in split_zh(line):  # 。！？ end sentences in either language
            out.extend([sentence] if detect_lang(sentence) == "zh" else split_en(sentence))
    return out


class SegmentStage(Stage):
    """Documents → Segments with language and tokens."""

    name = "segment"
    requires = ("document.normalized",)
    assigns = ("segments", "segment.zh", "segment.tokens", "segment.src_lang", "segment.locale")

    @classmethod
    def build(cls, context: BuildContext, **options: Any) -> SegmentStage:
        if options:
            raise StageError(f"step 'segment' takes no options, got {', '.join(options)}")
        return cls(context.glossary, max_segments=context.config.max_segments_per_record)

    def __init__(self, glossary: CompiledGlossary | GlossaryRef,
                 max_segments: int = DEFAULT_MAX_SEGMENTS_PER_RECORD) -> None:
        self.glossary = glossary
        self.max_segments = max_segments
        self.tokenizer = None
        self.as_written: TextNormalizer | None = None

    def __getstate__(self) -> dict[str, object]:
        """The glossary's path and hash, not its automata (~6 MB) nor jieba's tokenizer (an RLock): setup()
        loads both again in the process that unpickles the stage."""
        return {"glossary": self.glossary.reference(), "max_segments": self.max_segments}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        from pipeline.text.jieba_base import new_tokenizer

        self.glossary = resolve_glossary(self.glossary)

        tokenizer = new_tokenizer()
        for word in self.glossary.jieba_words():
            tokenizer.add_word(word, GLOSSARY_WORD_FREQ)
        self.tokenizer = tokenizer
        self.as_written = TextNormalizer(t2s=False)

    def tokenize(self, text: str) -> list[str]:
        assert self.tokenizer is not None, "setup() first"
        return [t for t in self.tokenizer.cut(text, HMM=True) if t.strip()]

    def process(self, docs: list[Document]) -> list[Document]:
        kept = []
        for doc in docs:
            parts = [("title", doc.title)] if doc.title else []
            parts += [("body", s) for s in split_sentences(doc.body)]
            if len(parts) > self.max_segments:  # counted before tokenizing: an oversized record costs no more work
                self.reject(doc, f"{len(parts):,} segments (title and sentences), over the limit of "
                                 f"{self.max_segments:,} (max_segments_per_record in the config)")
                continue
            kept.append(doc)
            doc.segments = []
            for seg_id, (part, text) in enumerate(parts):
                lang = detect_lang(text)
                seg = Segment(doc_id=doc.id, seg_id=seg_id, part=part, src=text, src_lang=lang, script=doc.script,
                              locale=doc.locale)
                if lang == "zh":
                    seg.zh = text
                    seg.tokens = self.tokenize(text)
                else:
                    seg.en = text
                doc.segments.append(seg)
            self._attach_raw(doc)
        return kept

    def _attach_raw(self, doc: Document) -> None:
        """`src` is the text as read: the raw title for segment 0, the raw body when it is one sentence, and
        for a Traditional source each body sentence in its original characters (for the TMX's zh-TW)."""
        body = [s for s in doc.segments if s.part == "body"]
        for seg in doc.segments:
            if seg.part == "title":
                seg.src = doc.raw_title.strip()
        if len(body) == 1:
            body[0].src = doc.raw_body.strip()
        elif body and doc.script == "hant" and self.as_written is not None:
            written = self.as_written(doc.raw_body)
            for seg, original in zip(body, original_sentences(doc.body, written, [s.src for s in body]), strict=True):
                if original is None:
                    log.debug("%s:%d: Traditional original not recoverable", doc.id, seg.seg_id)
                else:
                    seg.src = original

    def signature(self) -> str:
        return (f"segment:zh=punct:en=punct+bullets:lang=han>={ZH_SHARE}:jieba+glossary"
                f"({len(self.glossary)}@{self.glossary.content_hash}):max={self.max_segments}|v{VERSION}")
