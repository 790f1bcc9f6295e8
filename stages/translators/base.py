"""What every translator offers the translate stage."""

from __future__ import annotations

from typing import Protocol

from pipeline.records import Segment


class Translator(Protocol):
    """Translates Chinese segments (with their linked mentions) to English, many at a time."""

    label: str  # written into every record's `translator` field

    def setup(self) -> None: ...

    def translate_batch(self, segments: list[Segment]) -> list[str]: ...

    def signature(self) -> str: ...
