"""`translate` and `link` one text (or a list of texts) for a notebook, through the run's own stages:
normalize → segment → link (→ translate). The built and set-up stages are kept per (glossary directory,
translator), so only the first call pays for the glossary, jieba and a model.

Offsets: a `Link`'s `start`/`end` index the *normalized* text (Simplified characters, half-width digits and
Latin, spaces tidied), which `link()` returns as `.text` beside the links. For a text already in that form
(most Simplified news) it is the text you gave.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from pipeline.records import Document

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.glossary import CompiledGlossary
    from pipeline.stage import BuildContext, Stage

LINK_STEPS = ("normalize", "segment", "link")
TRANSLATE_STEPS = (*LINK_STEPS, "translate")
# Document id given to a text (it never reaches an output).
TEXT_ID = "text"
# Built stage lists kept at once: one per (glossary directory, translator) a notebook uses.
STAGE_CACHE_SIZE = 8


@dataclass(frozen=True)
class Link:
    """One linked name: `text[start:end] == surface`, where `text` is the normalized text (see `Links`)."""

    surface: str
    start: int
    end: int
    canonical: str
    ticker: str | None
    type: str
    entity_id: str


class Links(list):
    """The `Link`s found in one text, in order, with `.text`: the normalized text their offsets index.
    `pd.DataFrame(links)` or `links.to_frame()` shows them as a table."""

    def __init__(self, links: list[Link], text: str) -> None:
        super().__init__(links)
        self.text = text

    def to_frame(self) -> pd.DataFrame:
        """The links as a DataFrame (columns surface, start, end, canonical, ticker, type, entity_id)."""
        import pandas as pd

        columns = [f for f in Link.__dataclass_fields__]
        return pd.DataFrame([asdict(link) for link in self], columns=columns)


@lru_cache(maxsize=STAGE_CACHE_SIZE)
def _glossary(glossaries: str) -> CompiledGlossary:
    """Compiled (or loaded from its disk cache) once, shared by the link stages and every translator."""
    from pipeline.glossary import compile_glossary

    return compile_glossary(Path(glossaries))


def _context(glossaries: str, translator: str | None) -> BuildContext:
    from dataclasses import replace

    from pipeline.config import load_config
    from pipeline.stage import BuildContext

    config = replace(load_config(None), glossaries=Path(glossaries),
                     **({"translator": translator} if translator is not None else {}))
    return BuildContext(config, _glossary(glossaries))


@lru_cache(maxsize=STAGE_CACHE_SIZE)
def _link_stages(glossaries: str) -> list[Stage]:
    """normalize, segment and link for this (resolved) glossary directory, built and set up once."""
    from pipeline.registry import build_stages, parse_steps

    stages = build_stages(parse_steps(list(LINK_STEPS)), _context(glossaries, None))
    for stage in stages:
        stage.setup()
    return stages


@lru_cache(maxsize=STAGE_CACHE_SIZE)
def _translate_stage(glossaries: str, translator: str | None) -> Stage:
    """The translate step for this glossary directory and translator (a model loads once)."""
    from pipeline.registry import resolve

    cls = resolve(TRANSLATE_STEPS[-1])
    stage = cls.build(_context(glossaries, translator))
    stage.setup()
    return stage


def _stages(glossaries: str, translator: str | None, steps: tuple[str, ...]) -> list[Stage]:
    stages = _link_stages(glossaries)
    return [*stages, _translate_stage(glossaries, translator)] if steps == TRANSLATE_STEPS else stages


def clear_cache() -> None:
    """Forget the built stages (after editing a glossary in the same session, for instance)."""
    _glossary.cache_clear()
    _link_stages.cache_clear()
    _translate_stage.cache_clear()


def _glossary_dir(glossaries: str | Path | None) -> str:
    from pipeline.config import default_glossaries

    return str(Path(glossaries or default_glossaries()).resolve())


def _process(text: str, glossaries: str | Path | None, translator: str | None,
             steps: tuple[str, ...]) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"expected a str (or a list of str), got {type(text).__name__}")
    doc = Document(id=TEXT_ID, title="", body=text)
    for stage in _stages(_glossary_dir(glossaries), translator, steps):
        docs = stage.process([doc])
        removed = stage.take_removed()
        if removed or not docs:  # segment, past max_segments_per_record; a stage from the config
            raise ValueError(f"step {stage.name!r} took the text out: {removed[0].reason if removed else '?'}")
        stage.reset_stats()
    return doc


def _placed(doc: Document) -> list[tuple[int, Any]]:
    """(offset in the normalized body, segment) for each sentence, found in order."""
    placed, cursor = [], 0
    for seg in doc.segments:
        sentence = seg.zh if seg.src_lang == "zh" else seg.en
        start = doc.body.find(sentence or "", cursor)
        if start < 0:  # segmentation strips spaces only, so a sentence is always found; be safe anyway
            start = cursor
        placed.append((start, seg))
        cursor = start + len(sentence or "")
    return placed


def _translate_one(text: str, glossaries: str | Path | None, translator: str | None) -> str:
    if not text.strip():
        return ""
    doc = _process(text, glossaries, translator, TRANSLATE_STEPS)
    out: list[str] = []
    previous_end = 0
    for start, seg in _placed(doc):
        if out:  # sentences of one line join with a space, lines with a line break
            out.append("\n" if "\n" in doc.body[previous_end:start] else " ")
        out.append(seg.en or "")
        previous_end = start + len(seg.zh if seg.src_lang == "zh" else seg.en or "")
    return "".join(out)


def _link_one(text: str, glossaries: str | Path | None) -> Links:
    if not text.strip():
        return Links([], text)
    doc = _process(text, glossaries, None, LINK_STEPS)
    found = [Link(m.surface, start + m.start, start + m.end, m.canonical, m.ticker, m.type, m.entity_id)
             for start, seg in _placed(doc) for m in seg.entities]
    return Links(found, doc.body)


@overload
def translate(text: str, *, translator: str | None = ..., glossaries: str | Path | None = ...) -> str: ...
@overload
def translate(text: list[str], *, translator: str | None = ...,
              glossaries: str | Path | None = ...) -> list[str]: ...


def translate(text: str | list[str], *, translator: str | None = None,
              glossaries: str | Path | None = None) -> str | list[str]:
    """Translate Chinese text to English as a run would (names from the glossary, numbers checked).

    Args:
        text: one text, or a list of texts (each translated on its own).
        translator: "auto" (an installed argos model, else the offline gloss translator), "gloss" or
            "argos"; default "auto".
        glossaries: the glossary directory (default: ./glossaries or the project's).

    Returns:
        The English: sentences of one line joined by a space, lines by a line break (a list for a list).

    Example:
        >>> import pipeline
        >>> pipeline.translate("中际旭创股价上涨10%。", translator="gloss")  # doctest: +SKIP
        'Zhongji Xuchuang (300308.SZ) shares rose 10%.'
    """
    if isinstance(text, list):
        return [_translate_one(t, glossaries, translator) for t in text]
    return _translate_one(text, glossaries, translator)


@overload
def link(text: str, *, glossaries: str | Path | None = ...) -> Links: ...
@overload
def link(text: list[str], *, glossaries: str | Path | None = ...) -> list[Links]: ...


def link(text: str | list[str], *, glossaries: str | Path | None = None) -> Links | list[Links]:
    """Find the glossary names in a text: company, fund, index, product and person names with their
    canonical English name and ticker.

    Args:
        text: one text, or a list of texts.
        glossaries: the glossary directory (default: ./glossaries or the project's).

    Returns:
        `Links`: a list of `Link(surface, start, end, canonical, ticker, type, entity_id)` in text order,
        with `.text`, the normalized text the offsets index, and `.to_frame()` (a list of Links for a list).

    Example:
        >>> import pipeline
        >>> links = pipeline.link("中际旭创股价上涨。")
        >>> [(m.surface, m.ticker) for m in links]  # doctest: +SKIP
        [('中际旭创', '300308.SZ')]
    """
    if isinstance(text, list):
        return [_link_one(t, glossaries) for t in text]
    return _link_one(text, glossaries)
