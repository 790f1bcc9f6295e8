"""The normalize stage: rewrites each document's title and body with the shared text normalizer.

The normalizer itself lives in `pipeline.text.normalizer` (the glossary compiler uses it too, and `pipeline/`
never imports `stages/`); its names are re-exported here for existing callers.
"""

from __future__ import annotations

from typing import Any

from pipeline.records import Document
from pipeline.stage import BuildContext, Stage
from pipeline.text.locale import VERSION as LOCALE_VERSION
from pipeline.text.locale import document_locale
from pipeline.text.normalizer import HAN, HAN_RE, TextNormalizer

__all__ = ["HAN", "HAN_RE", "NormalizeStage", "TextNormalizer"]


class NormalizeStage(Stage):
    """Rewrites each document's title and body to normalized Simplified text (raw text is kept), and reads the
    document's script and locale (mainland, Hong Kong, Taiwan: pipeline/text/locale.py)."""

    name = "normalize"
    requires = ("document.title", "document.body")
    assigns = ("document.normalized", "document.script", "document.locale")

    @classmethod
    def build(cls, context: BuildContext, **options: Any) -> NormalizeStage:
        """Option `t2s` (default: the config's) turns Traditional → Simplified conversion on or off."""
        return super().build(context, **{"t2s": context.config.t2s, **options})  # type: ignore[return-value]

    def __init__(self, t2s: bool = True) -> None:
        self.t2s = t2s
        self.normalizer: TextNormalizer | None = None

    def setup(self) -> None:
        self.normalizer = TextNormalizer(self.t2s)

    def __getstate__(self) -> dict[str, object]:
        """Options only: unpickled, the stage is as constructed and setup() builds the normalizer again."""
        return {"t2s": self.t2s}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def process(self, docs: list[Document]) -> list[Document]:
        assert self.normalizer is not None, "setup() first"
        for doc in docs:
            doc.script = self.normalizer.script(f"{doc.title}\n{doc.body}")
            doc.title = self.normalizer(doc.title)
            doc.body = self.normalizer(doc.body)
            doc.locale = document_locale((doc.title, doc.body), doc.script, doc.meta)
        return docs

    def signature(self) -> str:
        return f"{TextNormalizer(self.t2s).signature()}+locale:v{LOCALE_VERSION}"
