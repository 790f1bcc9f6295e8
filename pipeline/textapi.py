"""`translate` and `link` one text (or a list of texts) for a notebook, through the run's own stages:
normalize → segment → link (→ translate). The built and set-up stages are kept per (glossary directory,
translator), so only the first call pays for the glossary, jieba and a model.

Offsets: a `Link`'s `start`/`end` index the *normalized* text (Simplified characters, half-width digits and
Latin, spaces tidied), which `link()` returns as `.text` beside the links. For a text already in that form
(most Simplified news) it is the text you gave.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from pipeline.config import RunConfig
from pipeline.records import Document

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.glossary import CompiledGlossary
    from pipeline.stage import BuildContext, Stage, Stats

LINK_STEPS = ("normalize", "segment", "link")
TRANSLATE_STEPS = (*LINK_STEPS, "translate")
# Document id given to a text (it never reaches an output).
TEXT_ID = "text"
# Built stage lists kept at once: one per (glossary directory, translator settings) a notebook uses.
STAGE_CACHE_SIZE = 8
# The config keys normalize, segment and link read: their built stages are shared by every translator.
LINK_KEYS = ("glossaries", "t2s", "naming", "max_segments_per_record")


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


@dataclass(frozen=True, eq=False)
class _Keyed:
    """A RunConfig as a cache key: its values as text (a config with step options holds dicts, so it does not
    hash), compared by that text."""

    config: RunConfig
    key: str

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.key == self.key


def _keyed(config: RunConfig, keys: tuple[str, ...] | None = None) -> _Keyed:
    values = config.to_dict()
    return _Keyed(config, json.dumps({k: values[k] for k in keys or values}, sort_keys=True, default=str))


def _context(config: RunConfig) -> BuildContext:
    from pipeline.stage import BuildContext

    return BuildContext(config, _glossary(str(config.glossaries)))


@lru_cache(maxsize=STAGE_CACHE_SIZE)
def _link_stages(keyed: _Keyed) -> list[Stage]:
    """normalize, segment and link for this glossary directory and their settings, built and set up once."""
    from pipeline.registry import build_stages, parse_steps

    stages = build_stages(parse_steps(list(LINK_STEPS)), _context(keyed.config))
    for stage in stages:
        stage.setup()
    return stages


@lru_cache(maxsize=STAGE_CACHE_SIZE)
def _translate_stage(keyed: _Keyed) -> Stage:
    """The translate step for this config (its translator, memory and decoding settings; a model loads once)."""
    from pipeline.registry import resolve

    cls = resolve(TRANSLATE_STEPS[-1])
    stage = cls.build(_context(keyed.config))
    stage.setup()
    return stage


def _stages(config: RunConfig, steps: tuple[str, ...]) -> list[Stage]:
    stages = _link_stages(_keyed(config, LINK_KEYS))
    return [*stages, _translate_stage(_keyed(config))] if steps == TRANSLATE_STEPS else stages


def clear_cache() -> None:
    """Forget the built stages (after editing a glossary in the same session, for instance)."""
    _glossary.cache_clear()
    _link_stages.cache_clear()
    _translate_stage.cache_clear()


def text_config(config: RunConfig | str | Path | None = None, *, glossaries: str | Path | None = None,
                translator: str | None = None, **settings: Any) -> RunConfig:
    """The config the text API translates with: built as `run` builds its own (a RunConfig or YAML file, then
    `glossaries`, `translator` and any config key on top, each checked as a flag is), the glossary directory
    resolved so that one directory named two ways shares its built stages."""
    from pipeline.api import _config

    checked = _config(config, glossaries, translator, settings, caller="translate")
    return replace(checked, glossaries=Path(checked.glossaries).resolve())


class TextTakenOut(ValueError):
    """A step removed a text instead of passing it on (segment, past max_segments_per_record); `index` is the
    text's place in the batch."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def prepare(config: RunConfig) -> None:
    """Build and set up the stages for `config` now (the glossary, a model, a server's check), so what stops a
    translation (GlossaryError, StageError such as an unavailable translator) comes before any text is read; a
    translator refused without the glossary (Stage.preflight) comes before the glossary is compiled."""
    from pipeline.registry import resolve

    resolve(TRANSLATE_STEPS[-1]).preflight(config)
    _stages(config, TRANSLATE_STEPS)


def _documents(texts: list[str], config: RunConfig, steps: tuple[str, ...]) -> tuple[list[Document], Stats]:
    """One Document per text, all through the stages in one batch (a model translates them together); the
    translate step's stats (memory hits and misses) come back with them."""
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"expected a str (or a list of str), got {type(text).__name__}")
    docs = [Document(id=f"{TEXT_ID}-{i}", title="", body=text) for i, text in enumerate(texts)]
    stats: Stats = {}
    for stage in _stages(config, steps):
        kept = stage.process(docs)
        removed = stage.take_removed()
        if removed or len(kept) != len(docs):  # segment, past max_segments_per_record; a stage from the config
            index = int(removed[0].id.rsplit("-", 1)[1]) if removed else 0
            raise TextTakenOut(index, f"step {stage.name!r} took the text out: "
                                      f"{removed[0].reason if removed else '?'}")
        if stage.name == TRANSLATE_STEPS[-1]:
            stats = stage.stats()
        stage.reset_stats()
    return docs, stats


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


def _english(doc: Document) -> str:
    """Sentences of one line joined with a space, lines with a line break."""
    out: list[str] = []
    previous_end = 0
    for start, seg in _placed(doc):
        if out:
            out.append("\n" if "\n" in doc.body[previous_end:start] else " ")
        out.append(seg.en or "")
        previous_end = start + len(seg.zh if seg.src_lang == "zh" else seg.en or "")
    return "".join(out)


def _links(doc: Document) -> Links:
    found = [Link(m.surface, start + m.start, start + m.end, m.canonical, m.ticker, m.type, m.entity_id)
             for start, seg in _placed(doc) for m in seg.entities]
    return Links(found, doc.body)


@dataclass(frozen=True)
class Translated:
    """One text's English with what a run records beside it: the flags of its sentences (verification
    failures, a fallback, …), the translators that wrote it, and the names linked in it."""

    en: str
    flags: tuple[str, ...]
    translators: tuple[str, ...]
    links: Links


@dataclass(frozen=True)
class TranslatedBatch:
    """Texts translated together, in order, and how many of their Chinese sentences the translation memory
    answered (hits) or the translator did (misses)."""

    texts: list[Translated]
    memory_hits: int
    memory_misses: int


def translate_texts(texts: list[str], config: RunConfig) -> TranslatedBatch:
    """Translate `texts` in one batch with `config` (see `text_config`); a blank text gives empty English."""
    busy = [i for i, text in enumerate(texts) if not isinstance(text, str) or text.strip()]
    docs, stats = _documents([texts[i] for i in busy], config, TRANSLATE_STEPS) if busy else ([], {})
    by_index = dict(zip(busy, docs, strict=True))
    out = []
    for i, text in enumerate(texts):
        doc = by_index.get(i)
        if doc is None:
            out.append(Translated("", (), (), Links([], text)))
            continue
        flags = tuple(dict.fromkeys(f for seg in doc.segments for f in seg.flags))
        translators = tuple(dict.fromkeys(seg.translator for seg in doc.segments if seg.translator))
        out.append(Translated(_english(doc), flags, translators, _links(doc)))
    memory = stats.get("memory") or {}
    return TranslatedBatch(out, memory.get("hits", 0), memory.get("misses", 0))


def _link_texts(texts: list[str], config: RunConfig) -> list[Links]:
    busy = [i for i, text in enumerate(texts) if not isinstance(text, str) or text.strip()]
    docs, _ = _documents([texts[i] for i in busy], config, LINK_STEPS) if busy else ([], {})
    by_index = dict(zip(busy, docs, strict=True))
    return [_links(by_index[i]) if i in by_index else Links([], text) for i, text in enumerate(texts)]


@overload
def translate(text: str, *, translator: str | None = ..., glossaries: str | Path | None = ...,
              config: RunConfig | str | Path | None = ..., **settings: Any) -> str: ...
@overload
def translate(text: list[str], *, translator: str | None = ..., glossaries: str | Path | None = ...,
              config: RunConfig | str | Path | None = ..., **settings: Any) -> list[str]: ...


def translate(text: str | list[str], *, translator: str | None = None, glossaries: str | Path | None = None,
              config: RunConfig | str | Path | None = None, **settings: Any) -> str | list[str]:
    """Translate Chinese text to English as a run would (names from the glossary, numbers checked, through
    the translation memory).

    Args:
        text: one text, or a list of texts (each translated on its own, all in one batch).
        translator: "auto" (an installed argos model, else the offline gloss translator), "gloss", "argos"
            or another of the config's translators; default "auto".
        glossaries: the glossary directory (default: ./glossaries or the project's).
        config: a YAML config file or a RunConfig, as `run` takes; the arguments here override it.
        **settings: any config key, as `run` takes them, e.g. `translation_memory="off"`, `beam_size=2`.

    Returns:
        The English: sentences of one line joined by a space, lines by a line break (a list for a list).

    Example:
        >>> import pipeline
        >>> pipeline.translate("中际旭创股价上涨10%。", translator="gloss")  # doctest: +SKIP
        'Zhongji Xuchuang (300308.SZ) shares rose 10%.'
    """
    run_config = text_config(config, glossaries=glossaries, translator=translator, **settings)
    texts = translate_texts(text if isinstance(text, list) else [text], run_config).texts
    return [t.en for t in texts] if isinstance(text, list) else texts[0].en


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
    config = text_config(glossaries=glossaries)
    found = _link_texts(text if isinstance(text, list) else [text], config)
    return found if isinstance(text, list) else found[0]
