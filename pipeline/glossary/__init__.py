"""Glossaries: schema, loading with FILE:LINE validation, and the compiled matcher shared by stages."""

from pipeline.glossary.compiled import (
    CompiledGlossary,
    GlossaryChanged,
    GlossaryRef,
    compile_glossary,
    resolve_glossary,
)
from pipeline.glossary.loader import GlossaryError, load_glossary
from pipeline.glossary.schema import Entry

__all__ = ["CompiledGlossary", "Entry", "GlossaryChanged", "GlossaryError", "GlossaryRef", "compile_glossary",
           "load_glossary", "resolve_glossary"]
