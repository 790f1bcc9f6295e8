"""Translate Chinese segments to English and verify names and numbers; English segments pass through."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pipeline.cachedir import default_cache_dir
from pipeline.config import TRANSLATORS, RunConfig
from pipeline.glossary import CompiledGlossary
from pipeline.logs import NOTICE
from pipeline.records import Document, Segment
from pipeline.stage import BuildContext, Stage, StageError, Stats
from stages.translators.base import Translator, translator_label
from stages.translators.fluency import FLUENCY
from stages.translators.verify import (
    QualityTally,
    alternatives_digest,
    check_translation,
    term_alternatives,
    verification_key,
    verify_segment,
)

if TYPE_CHECKING:
    from pipeline.models.ct2_dir import ModelDir
    from pipeline.models.packages import TranslationPackage
    from stages.translators.ct2_core import DecodeOptions

log = logging.getLogger(__name__)


class TranslatorUnavailable(StageError):
    """The requested translator cannot run here; the message says how to fix it."""


def installed_zh_en():
    """The installed argostranslate zh→en package newsbridge would use, or None."""
    from pipeline.models.packages import ModelError, find_package

    try:
        return find_package("zh", "en")
    except ModelError as e:
        log.warning("%s", e)
        return None


def _loadable(package: TranslationPackage, choice: str) -> TranslationPackage | None:
    """The package if it loads (checked once per package and change, see pipeline.models.loading); else
    `argos` stops with the reason and `auto` warns once and returns None, falling back to gloss."""
    from pipeline.models.loading import check_installed
    from pipeline.models.packages import ModelError

    try:
        check_installed(package)
    except ModelError as e:
        from pipeline.invocation import command

        fix = (f"reinstall it with `{command('models', 'install', 'zh_en')}` or "
               f"`{command('models', 'install', 'PATH.argosmodel')}`, or delete {package.path}")
        if choice == "argos":
            raise TranslatorUnavailable(f"the installed package {package.name} {package.version} cannot be used: "
                                        f"{e}; {fix}") from e
        log.warning("the installed package %s %s cannot be used (%s): translating with the offline gloss "
                    "translator instead; to fix, %s", package.name, package.version, e, fix)
        return None
    return package


def ct2_translator(model_dir: str | None, glossary_hash: str, options: DecodeOptions) -> Translator:
    """`--translator ct2` (and `auto` with a model_dir, see _uses_ct2): the model checked, then opened."""
    from stages.translators.ct2 import Ct2Translator

    model = usable_ct2_model(model_dir)
    log.info("translating with %s (%s)", model.label, model.path)
    return Ct2Translator(model, glossary_hash, options)


def usable_ct2_model(model_dir: str | None) -> ModelDir:
    """The model directory, checked and probed once per change; TranslatorUnavailable says what is wrong."""
    from pipeline.models.ct2_dir import inspect_model_dir
    from pipeline.models.errors import ModelError
    from stages.translators.ct2 import check_usable

    try:
        model = inspect_model_dir(model_dir)
        check_usable(model)
    except ModelError as e:
        raise TranslatorUnavailable(str(e)) from e
    return model


def memory_path(setting: str) -> Path | None:
    if setting == "off":
        return None
    if setting == "default":
        return default_cache_dir() / "translation-memory.sqlite"
    return Path(setting)


def check_translator(config: RunConfig) -> None:
    """make_translator's refusals that need no glossary: an unknown translator, `argos` without a package that
    loads, `ct2` (or `auto` with a model_dir) without a usable model. A run asks before it compiles the glossary
    (seconds), so the refusal comes at once; `auto` falling back to gloss is no refusal and is left to
    make_translator, which warns once."""
    choice = _choice(config)
    if _uses_ct2(config):
        usable_ct2_model(config.model_dir)
    elif choice == "argos":
        installed = installed_zh_en()
        if installed is None:
            _no_argos_package()
        _loadable(installed, choice)


def _choice(config: RunConfig) -> str:
    if config.translator not in TRANSLATORS:
        raise TranslatorUnavailable(f"unknown translator {config.translator!r} (choose from {', '.join(TRANSLATORS)})")
    return config.translator


def _uses_ct2(config: RunConfig) -> bool:
    """`ct2`, or `auto` with a model_dir: the user named a model, so one that cannot be used stops the run."""
    return config.translator == "ct2" or (config.translator == "auto" and bool(config.model_dir))


def _no_argos_package() -> NoReturn:
    from pipeline.models.packages import install_hint

    raise TranslatorUnavailable(f"no argostranslate zh→en package is installed; {install_hint()}, "
                                "or run with --translator gloss")


def make_translator(config: RunConfig, glossary: CompiledGlossary) -> Translator:
    """The translator a run asked for, wrapped in the translation memory unless it is off."""
    from stages.translators.argos import ArgosTranslator, DecodeOptions
    from stages.translators.gloss import GlossTranslator
    from stages.translators.memory import MemoizedTranslator

    choice = _choice(config)
    if choice == "llm":  # never chosen by auto: it needs a server the user runs
        translator: Translator = llm_translator(config, glossary)
        path = memory_path(config.translation_memory)
        return translator if path is None else MemoizedTranslator(translator, path, glossary.content_hash)
    options = DecodeOptions(beam_size=config.beam_size, max_batch_size=config.translate_batch_size,
                            max_decoding_length=config.max_decoding_length,
                            compute_type=config.compute_type, threads=config.threads)
    use_ct2 = _uses_ct2(config)
    installed = installed_zh_en() if choice in ("auto", "argos") and not use_ct2 else None
    package = _loadable(installed, choice) if installed is not None else None
    if use_ct2:
        translator = ct2_translator(config.model_dir, glossary.content_hash, options)
    elif package is not None:
        translator = ArgosTranslator(package, glossary.content_hash, options)
        log.info("translating with %s", package.label)
    elif choice == "argos":
        _no_argos_package()
    else:
        # A notice, not a warning (auto falling back is documented behaviour): -q silences it, and worker
        # processes, whose logging is not configured, drop it, so a run with many workers shows it once.
        if choice == "auto" and installed is None:  # a broken package has warned already
            log.log(NOTICE, "no zh→en translation model installed: using the offline gloss translator "
                        "(dictionary English, exact names and numbers)")
        translator = GlossTranslator(glossary)
    path = memory_path(config.translation_memory)
    return translator if path is None else MemoizedTranslator(translator, path, glossary.content_hash)


def llm_translator(config: RunConfig, glossary: CompiledGlossary) -> Translator:
    """The llm translator, once its server answered (else one line naming the URL, before the run starts)."""
    from stages.translators.gloss import GlossTranslator
    from stages.translators.llm import LLMOptions, LLMTranslator, resolve_model

    options = LLMOptions(url=config.llm_url, model=config.llm_model, concurrency=config.llm_concurrency,
                         timeout=config.llm_timeout, batch=config.llm_batch)
    translator = LLMTranslator(resolve_model(options), GlossTranslator(glossary), glossary.content_hash)
    log.info("translating with %s at %s", translator.label, options.shown_url)
    return translator


def _step_config(config: RunConfig, options: dict[str, object]) -> RunConfig:
    """The run's config with this step's own options (any of its translator keys) on top."""
    from dataclasses import fields, replace

    unknown = sorted(set(options) - {f.name for f in fields(config)})
    if unknown:
        raise StageError(f"step 'translate': unknown option(s) {', '.join(unknown)}")
    return replace(config, **options) if options else config


class TranslateStage(Stage):
    """Fills `en` and `translator` on every segment and tallies term success and number fidelity."""

    name = "translate"
    requires = ("segments",)
    assigns = ("segment.en", "segment.flags", "segment.translator")

    @classmethod
    def preflight(cls, config: RunConfig, **options: object) -> None:
        """The translator's refusals that need no glossary (check_translator), before the run compiles it."""
        check_translator(_step_config(config, options))

    @classmethod
    def build(cls, context: BuildContext, **options: object) -> TranslateStage:
        """Options: any of the config's translator keys (translator, beam_size, …) for this step only."""
        return cls(make_translator(_step_config(context.config, options), context.glossary), context.glossary)

    def __init__(self, translator: Translator, glossary: CompiledGlossary | None = None) -> None:
        self.translator = translator
        self.tally = QualityTally()
        # The verifier accepts a term's listed English alternatives (环比: month-on-month as well).
        self.alternatives = term_alternatives(glossary or getattr(translator, "glossary", None))

    def __getstate__(self) -> dict[str, object]:
        """The translator (which pickles its own options) and the term alternatives (a few kB); the tally
        starts again, as in a newly constructed stage."""
        return {"translator": self.translator, "alternatives": self.alternatives}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.translator = state["translator"]
        self.alternatives = state["alternatives"]
        self.tally = QualityTally()

    def setup(self) -> None:
        self.translator.setup()

    def process(self, docs: list[Document]) -> list[Document]:
        chinese = [s for d in docs for s in d.segments if s.src_lang == "zh"]
        if (see := getattr(self.translator, "see_documents", None)) is not None:
            see(docs)  # a translator that prompts with context (llm) reads titles and neighbours from here
        for seg, translation in zip(chinese, self.translator.translate_batch(chinese), strict=True):
            seg.en = translation.en
            seg.flags = list(translation.notes)
            seg.translator = translator_label(translation, self.translator.label)
            if translation.fluency is not None:
                seg.attrs[FLUENCY] = translation.fluency
        self._verify(chinese)
        for seg in (s for d in docs for s in d.segments if s.src_lang != "zh"):
            seg.translator = "passthrough"
        return docs

    def _verify(self, segments: list[Segment]) -> None:
        """Check every translation; with a translation memory, checks of the same English for the same
        sentence and mentions are answered from it (a re-run spends its time on nothing else)."""
        memory = getattr(self.translator, "memory", None)
        if memory is None:
            for seg in segments:
                verify_segment(seg, self.tally, self.alternatives)
            return
        digest = alternatives_digest(self.alternatives)
        keys = [verification_key(seg, digest) for seg in segments]
        known = memory.lookup_checks(keys)
        fresh: dict[str, tuple[list[str], dict]] = {}
        for seg, key in zip(segments, keys, strict=True):
            if key in known:
                flags, counts = known[key]
                self.tally.merge(QualityTally.from_counts(counts))
            else:
                tally, flags = check_translation(seg, seg.en or "", self.alternatives)
                self.tally.merge(tally)
                fresh[key] = (flags, tally.counts())
            seg.flags = [*seg.flags, *flags]
        if fresh:
            memory.store_checks(fresh)

    def signature(self) -> str:
        return f"translate:{self.translator.signature()}"

    def reset_stats(self) -> None:
        self.tally = QualityTally()
        if hasattr(self.translator, "hits"):
            self.translator.hits = self.translator.misses = 0

    def stats(self) -> Stats:
        memory = {"hits": getattr(self.translator, "hits", 0), "misses": getattr(self.translator, "misses", 0),
                  "unavailable": int(getattr(self.translator, "memory_path", None) is not None
                                     and getattr(self.translator, "memory", None) is None)}
        return {**self.tally.counts(), "memory": memory}

    def manifest_sections(self, stats: Stats) -> dict[str, object]:
        """The manifest's quality figures, translator and translation-memory use, from the merged stats."""
        tally = QualityTally.from_counts(stats)
        memory = stats.get("memory") or {}
        path = getattr(self.translator, "memory_path", None)
        return {
            "quality": {
                "term_success_rate": _contract_rate(tally.term_success_rate),
                "number_fidelity": _contract_rate(tally.number_fidelity),
                "mentions_checked": tally.mentions,
                "mentions_ok": tally.mentions_ok,
                "numbers_checked": tally.numbers,
                "numbers_ok": tally.numbers_ok,
                **tally.to_dict(),
            },
            "translator": self.translator.label,
            "translator_signature": self.translator.signature(),
            "translation_memory": {"path": str(path), "hits": memory.get("hits", 0),
                                   "misses": memory.get("misses", 0), "enabled": not memory.get("unavailable")}
            if path is not None else {"enabled": False},
        }


def _contract_rate(rate: float | None) -> float:
    """The output contract checker needs numbers: with nothing checked a rate reads 1.0 here, while
    checks.<name>.rate is null (and the summary says n/a)."""
    return 1.0 if rate is None else rate
