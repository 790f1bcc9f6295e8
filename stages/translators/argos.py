"""Neural zh→en translation with an installed argostranslate package, loaded directly.

`argostranslate.translate` is never imported: it pulls stanza, spaCy and torch, splits sentences with a
model it downloads, and runs `translate_batch` per paragraph with token-based batches of 32, so a long
sentence runs alone. Here the package's CTranslate2 model and SentencePiece model are loaded as they are,
and every segment of a batch of documents goes to the model in one `translate_batch` call (sentences are
already split by the segment stage). Batching, protection and the splice repair are ct2_core's, shared with
`--translator ct2`.
"""

from __future__ import annotations

import logging
from typing import Any

from pipeline.models.packages import TranslationPackage
from stages.translators.ct2_core import (  # noqa: F401 - re-exported: tests, bench and older callers import them here
    CONTROL,
    PROTECTION_VERSION,
    Codec,
    CTranslate2Batched,
    DecodeOptions,
    decode_pieces,
    keeps_protected,
    usable_cores,
)

log = logging.getLogger(__name__)


class SentencePieceCodec:
    """An argos package's one SentencePiece model: pieces as encoded, no end-of-sentence token (what argos
    feeds its models), and the package's `target_prefix` when it has one."""

    def __init__(self, processor: Any, target_prefix: str = "") -> None:
        self.processor = processor
        self.target_prefix = [target_prefix] if target_prefix else None

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return decode_pieces(self.processor, pieces)


class ArgosTranslator(CTranslate2Batched):
    """Batched translation through an installed argos package's CTranslate2 and SentencePiece models."""

    def __init__(self, package: TranslationPackage, glossary_hash: str, options: DecodeOptions | None = None) -> None:
        self.package = package
        self.glossary_hash = glossary_hash
        self.options = options or DecodeOptions()
        self.label = package.label
        self._translator = None
        self._codec = None

    def __getstate__(self) -> dict[str, object]:
        """The package's location and the decoding options; the CTranslate2 and SentencePiece models load
        again, on first use, where the translator is unpickled."""
        return {"package": self.package, "glossary_hash": self.glossary_hash, "options": self.options}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        """The model loads on the first segment that needs it, so a run answered from memory skips it."""

    def open(self) -> tuple[Codec, Any]:
        """Open the models the way `models install` checked them (pipeline.models.loading)."""
        from pipeline.models.loading import open_models

        processor, translator = open_models(self.package, self.options.compute_type,
                                            inter_threads=self.options.workers, intra_threads=1)
        return SentencePieceCodec(processor, self.package.target_prefix), translator

    def signature(self) -> str:
        return f"{self.label}:{self.options.describe()}:protect=v{PROTECTION_VERSION}:glossary={self.glossary_hash}"
