"""The normalize stage: rewrites each document's title and body with the shared text normalizer.

The normalizer itself lives in `pipeline.text.normalizer` (the glossary compiler uses it too, and `pipeline/`
never imports `stages/`); its names are re-exported here for existing callers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.records import Document
from pipeline.stage import BuildContext, Stage, Stats
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
        # The locale's word lists are Simplified: with t2s off, Traditional text is read through this one.
        self.simplified: TextNormalizer | None = None
        self.locales: Counter[str] = Counter()  # documents per locale, for the manifest

    def setup(self) -> None:
        self.normalizer = TextNormalizer(self.t2s)
        self.simplified = self.normalizer if self.t2s else TextNormalizer(t2s=True)

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
            texts = (doc.title, doc.body)
            if not self.t2s and doc.script == "hant" and self.simplified is not None:
                texts = (self.simplified(doc.title), self.simplified(doc.body))
            doc.locale = document_locale(texts, doc.script, doc.meta)
            self.locales[doc.locale] += 1
        return docs

    def stats(self) -> Stats:
        """Documents per locale (cn, hk, tw, other): what decided their bare 元 and regulators' names."""
        return {"locales": dict(self.locales)}

    def reset_stats(self) -> None:
        self.locales = Counter()

    def signature(self) -> str:
        return f"{TextNormalizer(self.t2s).signature()}+locale:v{LOCALE_VERSION}"
