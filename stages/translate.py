"""Translate Chinese segments to English and verify names and numbers; English segments pass through."""

from __future__ import annotations

import logging

from pipeline.glossary import CompiledGlossary
from pipeline.records import Document
from pipeline.stage import Stage
from stages.translators.base import Translator
from stages.translators.verify import QualityTally, verify_segment

log = logging.getLogger(__name__)
TRANSLATORS = ("auto", "gloss", "argos")


class TranslatorUnavailable(Exception):
    """The requested translator cannot run here; the message says how to fix it."""


def argos_available() -> bool:
    """Whether an installed argostranslate zh→en package could be used (the argos path is a later step)."""
    return False


def make_translator(choice: str, glossary: CompiledGlossary) -> Translator:
    from stages.translators.gloss import GlossTranslator

    if choice not in TRANSLATORS:
        raise TranslatorUnavailable(f"unknown translator {choice!r} (choose from {', '.join(TRANSLATORS)})")
    if choice == "argos" or (choice == "auto" and argos_available()):
        raise TranslatorUnavailable(
            "no argostranslate zh→en package is installed; install one with `newsbridge models install "
            "PATH.argosmodel`, or run with --translator gloss")
    if choice == "auto":
        log.warning("no zh→en translation model installed: using the offline gloss translator "
                    "(dictionary English, exact names and numbers)")
    return GlossTranslator(glossary)


class TranslateStage(Stage):
    """Fills `en` and `translator` on every segment and tallies term success and number fidelity."""

    name = "translate"

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self.tally = QualityTally()

    def setup(self) -> None:
        self.translator.setup()

    def process(self, docs: list[Document]) -> list[Document]:
        chinese = [s for d in docs for s in d.segments if s.src_lang == "zh"]
        for seg, english in zip(chinese, self.translator.translate_batch(chinese), strict=True):
            seg.en = english
            seg.translator = self.translator.label
            verify_segment(seg, self.tally)
        for seg in (s for d in docs for s in d.segments if s.src_lang != "zh"):
            seg.translator = "passthrough"
        return docs

    def signature(self) -> str:
        return f"translate:{self.translator.signature()}"
