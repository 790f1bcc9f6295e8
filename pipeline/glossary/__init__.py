"""Glossaries: schema, loading with FILE:LINE validation, and the compiled matcher shared by stages."""

from pipeline.glossary.compiled import CompiledGlossary, compile_glossary
from pipeline.glossary.loader import GlossaryError, load_glossary
from pipeline.glossary.schema import Entry

__all__ = ["CompiledGlossary", "Entry", "GlossaryError", "compile_glossary", "load_glossary"]
