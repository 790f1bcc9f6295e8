"""Batched CTranslate2 translation under newsbridge's protection of names and numbers, shared by every
translator that runs a CTranslate2 model (argos packages, `--translator ct2` model directories).

What differs between them is only how text becomes tokens and tokens text again (a `Codec`) and how the
models are found; the batching, the decode options, the threads, the inline protection and the splice
repair are here, once.

Names and numbers: each segment is first translated with its protected spans written inline in their
English (models copy Latin names and digits through). If the English then lacks any of them, the segment
is translated again around them: the free text between protected spans is translated on its own and the
exact English spliced in, in source order. Such segments carry the note `repaired:splice`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.records import Segment
from stages.translators.base import Translation
from stages.translators.protect import Protected, inline_source, protected_spans, split_around
from stages.translators.verify import check_translation

# 2: 美金 is US$ in the protected numbers (stages/translators/numbers.py)
# 3: patacas, and Hong Kong news' bare 元 of the mainland's and Macao's figures and of H-share dividends
# 4: fen (2.5分), Hong Kong cents (5仙), the PBOC's operations in Hong Kong and Taiwan news in yuan
# 5: 千 after digits is a thousand (3千元 was protected as "3"); bare 元 share prices in their trading currency
PROTECTION_VERSION = "5"
# What a chunk between two protected spans may be without needing the model: punctuation and spaces.
PUNCT_ONLY = re.compile(r"^[\s，。、；：！？,.;:!?()（）\"'“”‘’《》「」\-—~～/]*$")
CHUNK_PUNCTUATION = str.maketrans({"，": ",", "、": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?",
                                   "（": "(", "）": ")", "《": '"', "》": '"', "「": '"', "」": '"', "～": "~"})
# XML 1.0 cannot carry these (TMX output); a random or damaged model can emit them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class DecodeOptions:
    """CTranslate2 settings; the defaults are argostranslate's, batched by examples instead of tokens."""

    beam_size: int = 4
    max_batch_size: int = 16
    max_decoding_length: int = 256
    length_penalty: float = 0.2
    compute_type: str = "int8"
    # Parallel batches, one thread each (0: one per usable core). On a 2-core machine two single-threaded
    # batches of 16 ran 14-17 sentences/s where one batch of 32 on CTranslate2's default threads ran 10.
    threads: int = 0

    def describe(self) -> str:
        return (f"beam={self.beam_size}:batch={self.max_batch_size}ex:maxlen={self.max_decoding_length}:"
                f"lp={self.length_penalty}:{self.compute_type}")

    @property
    def workers(self) -> int:
        """CTranslate2's inter_threads: batches decoded at once."""
        return self.threads or usable_cores()


class Codec(Protocol):
    """Text ↔ the model's tokens, with the tokens a model family wants around them."""

    # Forced first target token(s) (a language token), stripped from the output again; None for none.
    target_prefix: list[str] | None

    def encode(self, text: str) -> list[str]: ...

    def decode(self, pieces: list[str]) -> str: ...


class CTranslate2Batched:
    """The part of a CTranslate2 translator that does not care where the model came from. A subclass sets
    `options` and implements `open()` → (codec, ctranslate2.Translator), called on the first segment that
    needs the model, so a run answered from memory never imports CTranslate2."""

    options: DecodeOptions
    _codec: Codec | None = None
    _translator: Any = None

    def open(self) -> tuple[Codec, Any]:
        raise NotImplementedError

    def load(self) -> None:
        self._codec, self._translator = self.open()

    def translate_texts(self, texts: list[str]) -> list[str]:
        """Plain sentences → English, in order, in one batched model call."""
        if not texts:
            return []
        if self._translator is None:
            self.load()
        assert self._codec is not None and self._translator is not None
        o, codec = self.options, self._codec
        tokens = [codec.encode(text) for text in texts]
        prefix = [codec.target_prefix] * len(tokens) if codec.target_prefix else None
        results = self._translator.translate_batch(
            tokens, target_prefix=prefix, max_batch_size=o.max_batch_size, batch_type="examples",
            beam_size=o.beam_size, num_hypotheses=1, length_penalty=o.length_penalty,
            max_decoding_length=o.max_decoding_length, replace_unknowns=True)
        out = []
        for result in results:
            pieces = result.hypotheses[0]
            if prefix and pieces[:len(codec.target_prefix)] == codec.target_prefix:
                pieces = pieces[len(codec.target_prefix):]
            out.append(codec.decode(pieces))
        return out

    def translate_batch(self, segments: list[Segment]) -> list[Translation]:
        spans = [protected_spans(seg) for seg in segments]
        first = self.translate_texts([inline_source(seg.zh or "", s) for seg, s in zip(segments, spans, strict=True)])
        results: list[Translation | None] = [
            Translation(en) if keeps_protected(seg, en) else None
            for seg, en in zip(segments, first, strict=True)]
        retry = [i for i, r in enumerate(results) if r is None]
        for i, english in zip(retry, self._splice([segments[i] for i in retry], [spans[i] for i in retry]),
                              strict=True):
            results[i] = Translation(english, ("repaired:splice",))
        return [r for r in results if r is not None]

    def _splice(self, segments: list[Segment], spans: list[list[Protected]]) -> list[str]:
        """Translate the free text around protected spans (all chunks of all segments in one call) and put
        the exact English of each span back in its source position."""
        split = [split_around(seg.zh or "", s) for seg, s in zip(segments, spans, strict=True)]
        wanted = sorted({c.strip() for chunks, _ in split for c in chunks if c.strip() and not PUNCT_ONLY.match(c)})
        english = dict(zip(wanted, self.translate_texts(wanted), strict=True))
        out = []
        for chunks, renderings in split:
            parts = [_chunk_english(chunks[0], english)]
            for rendering, chunk in zip(renderings, chunks[1:], strict=True):
                parts += [rendering, _chunk_english(chunk, english)]
            text = " ".join(" ".join(p for p in parts if p).split())
            out.append(re.sub(r" ([,.;:!?)%])", r"\1", text))
        return out


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def clean_english(text: str) -> str:
    """A model's decoded English on one line, without characters XML cannot carry."""
    return " ".join(CONTROL.sub("", text).split())


def decode_pieces(processor, pieces: list[str]) -> str:
    """SentencePiece's own detokenization (byte-fallback pieces become characters again). argos' decode
    also turns every '_' into a space; this does not."""
    return clean_english(processor.decode_pieces(pieces))


def _chunk_english(chunk: str, english: dict[str, str]) -> str:
    stripped = chunk.strip()
    if not stripped:
        return ""
    if PUNCT_ONLY.match(stripped):
        return stripped.translate(CHUNK_PUNCTUATION)
    return english[stripped]


def keeps_protected(seg: Segment, english: str) -> bool:
    _, losses = check_translation(seg, english)
    return not losses
