"""Shared fixtures: the project's glossary and set-up stages, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.glossary import CompiledGlossary, compile_glossary
from stages.link import LinkStage
from stages.normalize import TextNormalizer
from stages.segment import SegmentStage
from stages.translators.gloss import GlossTranslator

GLOSSARIES = PROJECT_ROOT / "glossaries"
SEEDS = PROJECT_ROOT / "seeds"
SHARED = PROJECT_ROOT.parent / "shared"


def shared_path(relative: str) -> Path:
    """A file under ../shared, or a clean skip where a user's clone has none."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} not present (../shared exists only in development and CI)")
    return path


@pytest.fixture(scope="session")
def glossary() -> CompiledGlossary:
    return compile_glossary(GLOSSARIES)


@pytest.fixture(scope="session")
def normalizer() -> TextNormalizer:
    return TextNormalizer()


@pytest.fixture(scope="session")
def segmenter(glossary: CompiledGlossary) -> SegmentStage:
    stage = SegmentStage(glossary)
    stage.setup()
    return stage


@pytest.fixture(scope="session")
def linker(glossary: CompiledGlossary) -> LinkStage:
    return LinkStage(glossary)


@pytest.fixture(scope="session")
def gloss(glossary: CompiledGlossary) -> GlossTranslator:
    translator = GlossTranslator(glossary)
    translator.setup()
    return translator
