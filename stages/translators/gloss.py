"""The offline fallback translator: glossary names, a finance phrase table, number rules and CC-CEDICT.

Its English is word-by-word, but names and numbers are exact, which is what analytics downstream need
when no neural model is installed. Every record it produces is labelled `gloss`.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from pipeline.glossary import CompiledGlossary
from pipeline.records import Segment
from stages.translators.base import Translation
from stages.translators.cedict import Cedict
from stages.translators.patterns import render as render_patterns
from stages.translators.protect import protected_spans

VERSION = "2"
PHRASE_FILE = "finance_phrases.yaml"
# jieba frequency for phrase-table words: high enough that a listed phrase is always one token.
PHRASE_WORD_FREQ = 100_000
# Grammatical particles with no English counterpart in a word-by-word gloss.
DROPPED = frozenset("的 了 着 之 呢 吗 吧 啊 等 所".split())
PUNCTUATION = {
    "，": ",", "、": ",", "。": ".", "！": "!", "？": "?", "：": ":", "；": ";", "「": '"', "」": '"',
    "『": '"', "』": '"', "《": '"', "》": '"', "（": "(", "）": ")", "…": "...", "—": "-", "·": " ",
}
SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?:;)%])")
SPACE_AFTER_OPEN = re.compile(r"([(]) +")
REPEATED_PUNCT = re.compile(r"([,;:])(?: *[,;:])+")
SPACES = re.compile(r" {2,}")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def load_phrases() -> dict[str, str]:
    text = resources.files("stages.translators").joinpath("data", PHRASE_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {str(k): str(v) for k, v in (data.get("phrases") or {}).items() if v is not None}


class GlossTranslator:
    """Dictionary translation that needs no model."""

    label = "gloss"

    def __init__(self, glossary: CompiledGlossary) -> None:
        self.glossary = glossary
        self.phrases: dict[str, str] = {}
        self.cedict: Cedict | None = None
        self.tokenizer = None

    def setup(self) -> None:
        """Nothing heavy here: dictionaries load on the first segment that needs them, so a run answered
        entirely from the translation memory never loads them."""

    def load(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.phrases = load_phrases()
        for entry in self.glossary.entries.values():
            if entry.type == "term":  # terms also render inside longer spans the linker did not take
                for name in entry.zh_names():
                    self.phrases.setdefault(name, entry.en)
        self.cedict = Cedict()
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for phrase in self.phrases:
            if len(phrase) > 1:  # single characters stay at jieba's own frequency so words are not split
                self.tokenizer.add_word(phrase, PHRASE_WORD_FREQ)

    def translate_batch(self, segments: list[Segment]) -> list[Translation]:
        if segments and self.tokenizer is None:
            self.load()
        return [Translation(self.translate(seg)) for seg in segments]

    def translate(self, seg: Segment) -> str:
        """Sentence patterns first (fluent English for the frequent shapes), word by word otherwise."""
        rendered = render_patterns(seg, lambda start, end: self._gloss_range(seg, start, end))
        return tidy(rendered if rendered is not None else self._gloss_range(seg, 0, len(seg.zh or "")))

    def _gloss_range(self, seg: Segment, start: int, end: int) -> str:
        text = seg.zh or ""
        pieces: list[str] = []
        pos = start
        for span_start, span_end, english in protected_spans(seg):
            if start <= span_start and span_end <= end:
                pieces.extend(self._gloss_free_text(text[pos:span_start]))
                pieces.append(english)
                pos = span_end
        pieces.extend(self._gloss_free_text(text[pos:end]))
        return " ".join(p for p in pieces if p)

    def _gloss_free_text(self, text: str) -> list[str]:
        """Tokens of text outside names and numbers: phrase table first, then CC-CEDICT, then characters."""
        assert self.tokenizer is not None and self.cedict is not None, "setup() first"
        out: list[str] = []
        for token in self.tokenizer.cut(text, HMM=False):
            if not token.strip() or token in DROPPED:
                continue
            if token in self.phrases:
                out.append(self.phrases[token])
            elif token in PUNCTUATION:
                out.append(PUNCTUATION[token])
            elif not HAN.search(token):
                out.append(token)
            elif gloss := self.cedict.get(token):
                out.append(gloss)
            else:
                out.extend(self._gloss_characters(token))
        return out

    def _gloss_characters(self, token: str) -> list[str]:
        assert self.cedict is not None
        return [self.phrases[ch] if ch in self.phrases else self.cedict.get(ch) or ch
                for ch in token if ch not in DROPPED]

    def signature(self) -> str:
        return (f"gloss:phrases={len(self.phrases)}:cedict={len(self.cedict or ())}:"
                f"glossary={self.glossary.content_hash}|v{VERSION}")


def tidy(text: str) -> str:
    """Spacing and capitalization of a word-by-word gloss."""
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = SPACE_AFTER_OPEN.sub(r"\1", text)
    text = REPEATED_PUNCT.sub(r"\1", text)
    text = SPACES.sub(" ", text).strip(" ,;:")
    return text[:1].upper() + text[1:] if text else text
