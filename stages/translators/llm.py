"""`--translator llm`: translation through an OpenAI-compatible chat-completions server (llama-server, vLLM, Ollama,
LM Studio, TGI), under the same protection and checks as argos.

Each answer is checked as every translation is (verify.check_translation: names, terms, numbers, currency, no
Chinese left). A sentence whose answer fails is asked once more, alone, with its failures named; if that fails too
(or the server gives no usable answer), the sentence gets the gloss translator's English and the notes
`fallback:gloss` and `llm_failed:<reason>` for each reason. Requests run in a bounded thread pool per process
(llm_concurrency); worker processes and Dask workers each open their own pool against the same endpoint.
"""

from __future__ import annotations

import logging
from concurrent.futures import FIRST_EXCEPTION, Future, wait
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import Document, Segment
from pipeline.stage import ServiceLost, StageError
from pipeline.text.flags import failed_kinds
from stages.translators.argos import PROTECTION_VERSION
from stages.translators.base import FALLBACK, Translation
from stages.translators.gloss import GlossTranslator
from stages.translators.llm_client import AnswerFailed, ChatClient, Endpoint, RequestPool, ServerUnavailable
from stages.translators.llm_prompt import (
    BATCH_FORMAT,
    PROMPT_VERSION,
    TEMPERATURE,
    Context,
    batch_messages,
    clean_answer,
    describe_failures,
    retry_messages,
    single_messages,
    split_batch,
)
from stages.translators.verify import check_translation, term_alternatives

log = logging.getLogger(__name__)
FAILED_NOTE = "llm_failed"  # llm_failed:<reason>: why a sentence fell back (a note, not a failed check)
RETRIED_NOTE = "llm_retried"  # llm_retried:<kinds>: the first answer failed these checks, the second passed
# Reasons a later run may not meet again (the server was busy or slow): such fallbacks are not remembered.
TRANSIENT_REASONS = ("http-429", "http-5", "timeout")


class LLMUnavailable(StageError):
    """The server cannot be used (unreachable, refuses the key, stopped answering): one line, exit 2."""


class LLMServerLost(ServiceLost):
    """The server stopped answering during the run (connection errors after every retry, or it refused the key)."""


@dataclass(frozen=True)
class LLMOptions:
    """What to ask and how hard: these pickle, a client and a pool are made where they run."""

    url: str
    model: str = ""
    concurrency: int = 4
    timeout: float = 120.0
    batch: int = 1

    @property
    def shown_url(self) -> str:
        """The URL without anything after the path (a query could hold a token)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path.rstrip('/')}"

    def describe(self) -> str:
        batching = f"batch={self.batch}:{BATCH_FORMAT}" if self.batch > 1 else "batch=1"
        return f"url={self.shown_url}:prompt=v{PROMPT_VERSION}:t={TEMPERATURE}:{batching}"


def endpoint_of(options: LLMOptions) -> Endpoint:
    """The options' endpoint; LLMUnavailable for a URL that cannot be one (credentials in it are refused: the key
    belongs in the environment, where it is never written down)."""
    parts = urlsplit(options.url)
    # the URL is written to the manifest's config: a credential or token in it would be too
    if parts.username or parts.password or parts.query or parts.fragment:
        raise LLMUnavailable("llm_url must not hold credentials or a query: put the key in $NEWSBRIDGE_LLM_API_KEY")
    try:
        return Endpoint(options.url, float(options.timeout))
    except ValueError as e:
        raise LLMUnavailable(str(e)) from None


def resolve_model(options: LLMOptions) -> LLMOptions:
    """Probe the server (GET /models): LLMUnavailable with one line naming the URL when it cannot be reached; the
    options with the model named, the one the server lists when none was asked for."""
    client = ChatClient(endpoint_of(options))
    try:
        listed = client.probe()
    except ServerUnavailable as e:
        raise LLMUnavailable(str(e)) from None
    if options.model:
        return options
    if len(listed) == 1:
        return replace(options, model=listed[0])
    if not listed:
        raise LLMUnavailable(f"the llm server at {options.shown_url} lists no model: name one with --llm-model")
    raise LLMUnavailable(f"the llm server at {options.shown_url} serves {len(listed)} models "
                         f"({', '.join(listed[:5])}{', …' if len(listed) > 5 else ''}): choose one with --llm-model")


class LLMTranslator:
    """Concurrent requests to one chat-completions endpoint, each answer verified, failures retried once and then
    translated by gloss."""

    def __init__(self, options: LLMOptions, fallback: GlossTranslator, glossary_hash: str) -> None:
        self.options = options
        self.fallback = fallback
        self.glossary_hash = glossary_hash
        self.label = f"llm:{options.model}"
        self.alternatives: dict[str, tuple[str, ...]] = {}
        self.context: dict[tuple[str, int], Context] = {}
        self._client: ChatClient | None = None
        self._pool: RequestPool | None = None

    def __getstate__(self) -> dict[str, object]:
        """Options and the fallback (its glossary's reference): the client and thread pool are made again."""
        return {"options": self.options, "fallback": self.fallback, "glossary_hash": self.glossary_hash}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        self.fallback.setup()
        self.alternatives = term_alternatives(getattr(self.fallback, "glossary", None))

    def see_documents(self, docs: list[Document]) -> None:
        """The documents of the coming batch: each sentence's title and neighbours go into its prompt (the memory
        wrapper hands on only the sentences it lacks, so the context comes this way)."""
        self.context = {}
        for doc in docs:
            body = [s for s in doc.segments if s.part != "title"]
            title = next((s.zh or s.src for s in doc.segments if s.part == "title"), doc.title)
            for i, seg in enumerate(body):
                self.context[(seg.doc_id, seg.seg_id)] = Context(
                    title=title or "", before=(body[i - 1].zh or "") if i else "",
                    after=(body[i + 1].zh or "") if i + 1 < len(body) else "")
            for seg in doc.segments:
                if seg.part == "title":
                    first = body[0].zh if body else ""
                    self.context[(seg.doc_id, seg.seg_id)] = Context(after=first or "")

    def remember(self, translation: Translation) -> bool:
        """Whether the translation memory may keep this: not a fallback forced by a busy or slow server."""
        return not any(note.startswith(f"{FAILED_NOTE}:{reason}") for note in translation.notes
                       for reason in TRANSIENT_REASONS)

    # --- translating ---------------------------------------------------------------------------------------

    def translate_batch(self, segments: list[Segment]) -> list[Translation]:
        if not segments:
            return []
        if self._client is None:
            self._client = ChatClient(endpoint_of(self.options))
        # a pool per batch: its threads end with it, so a process that makes many runs keeps no idle threads
        pool = self._pool = RequestPool(self.options.concurrency)
        groups = self._groups(segments)
        try:
            futures: list[Future] = [pool.submit(self._translate_group, g) for g in groups]
            wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if future.done() and isinstance(future.exception(), ServerUnavailable):
                    raise LLMServerLost(str(future.exception()))
            answers = [a for future in futures for a in future.result()]
        except BaseException:  # Ctrl-C, or the server gone: stop every request now, not after its timeout
            self.close()
            raise
        finally:
            pool.shutdown()
            self._pool = None
        by_segment = dict(zip((id(s) for g in groups for s in g), answers, strict=True))
        results = [by_segment[id(s)] for s in segments]
        return self._fall_back(segments, results)

    def _groups(self, segments: list[Segment]) -> list[list[Segment]]:
        """Runs of consecutive segments of one document, at most `batch` long (one prompt's context)."""
        groups: list[list[Segment]] = []
        for seg in segments:
            last = groups[-1] if groups else None
            if (last and len(last) < self.options.batch and last[-1].doc_id == seg.doc_id):
                last.append(seg)
            else:
                groups.append([seg])
        return groups

    def _context(self, seg: Segment) -> Context:
        return self.context.get((seg.doc_id, seg.seg_id), Context())

    def _translate_group(self, group: list[Segment]) -> list[Translation | list[str]]:
        """Each segment's verified Translation, or the reasons it failed (a list of notes)."""
        if len(group) == 1:
            return [self._translate_one(group[0])]
        first = self._context(group[0])
        context = Context(title=first.title, before=first.before, after=self._context(group[-1]).after)
        try:
            answer = self._ask(batch_messages(group, context))
            english = split_batch(answer, len(group))
        except AnswerFailed:
            english = None
        if english is None:  # no answer, or one that cannot be split: each sentence on its own
            return [self._translate_one(seg) for seg in group]
        return [self._accept_or_retry(seg, en) for seg, en in zip(group, english, strict=True)]

    def _translate_one(self, seg: Segment) -> Translation | list[str]:
        messages = single_messages(seg, self._context(seg))
        try:
            english = clean_answer(self._ask(messages))
        except AnswerFailed as first:
            try:  # no usable answer: ask once more as it was
                english = clean_answer(self._ask(messages))
            except AnswerFailed as second:
                return [f"{FAILED_NOTE}:{first.reason}", f"{FAILED_NOTE}:{second.reason}"]
            return self._verified(seg, english, [])  # the retry is spent
        return self._accept_or_retry(seg, english, messages)

    def _accept_or_retry(self, seg: Segment, english: str,
                         messages: list[dict[str, str]] | None = None) -> Translation | list[str]:
        flags = self._failures(seg, english)
        if not flags:
            return Translation(english)
        messages = messages or single_messages(seg, self._context(seg))
        try:
            again = clean_answer(self._ask(retry_messages(messages, english, describe_failures(seg, flags))))
        except AnswerFailed as e:
            return [f"{FAILED_NOTE}:{flag}" for flag in flags] + [f"{FAILED_NOTE}:{e.reason}"]
        return self._verified(seg, again, [f"{RETRIED_NOTE}:{','.join(failed_kinds(flags))}"])

    def _verified(self, seg: Segment, english: str, notes: list[str]) -> Translation | list[str]:
        flags = self._failures(seg, english)
        if flags:
            return [f"{FAILED_NOTE}:{flag}" for flag in flags]
        return Translation(english, tuple(notes))

    def _failures(self, seg: Segment, english: str) -> list[str]:
        if not english:
            return ["empty"]
        _, flags = check_translation(seg, english, self.alternatives)
        return [f for f in flags if failed_kinds([f])]

    def _ask(self, messages: list[dict[str, str]]) -> str:
        assert self._client is not None
        payload = {"model": self.options.model, "messages": messages, "temperature": TEMPERATURE, "stream": False}
        return self._client.complete(payload)

    def _fall_back(self, segments: list[Segment], results: list[Translation | list[str]]) -> list[Translation]:
        """The gloss translator's English, in one batch, for the sentences the server did not translate."""
        failed = [i for i, r in enumerate(results) if not isinstance(r, Translation)]
        if failed:
            glossed = self.fallback.translate_batch([segments[i] for i in failed])
            for i, gloss in zip(failed, glossed, strict=True):
                reasons = results[i]
                assert isinstance(reasons, list)
                # gloss's own Translation, fluency figure included, so the draft is measured as any gloss English
                results[i] = gloss._replace(notes=(*gloss.notes, f"{FALLBACK}:{self.fallback.label}",
                                                   *dict.fromkeys(reasons)))
        return [r for r in results if isinstance(r, Translation)]

    def close(self) -> None:
        """Close open connections and drop queued requests (Ctrl-C, a server gone); a later batch starts anew with
        a new client."""
        if self._client is not None:
            self._client.abort()
        if self._pool is not None:
            self._pool.shutdown()
        self._client, self._pool = None, None

    def signature(self) -> str:
        return (f"{self.label}:{self.options.describe()}:protect=v{PROTECTION_VERSION}:"
                f"glossary={self.glossary_hash}")

