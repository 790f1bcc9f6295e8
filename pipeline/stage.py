"""The stage contract: what a transform declares, what it may do to records, and what it reports.

A stage is built from its options (`build`), loads heavy resources once per worker (`setup`), transforms
batches of documents (`process`), and may take documents out of the run only through `reject` or `drop`,
so the accounting always adds up. It declares the record attributes it `requires` and `assigns`; the
pipeline checks the order when it is built, before any work. Extra output columns are declared in
`fields` and written from `Document.attrs` / `Segment.attrs` without touching the writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pipeline.records import Document

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.config import RunConfig
    from pipeline.glossary import CompiledGlossary

# What a freshly read document carries before any stage ran.
READER_ASSIGNS = frozenset({"document.title", "document.body", "document.meta"})
Stats = dict[str, Any]


class StageError(Exception):
    """A stage that cannot be built as configured (unknown option, missing resource): a one-line message."""


class ServiceLost(StageError):
    """A service a stage works through went away during the run (an llm server that stopped answering): every
    later record would fail the same way, so the run stops with this one line and keeps its finished shards."""


class StageContractError(RuntimeError):
    """A stage broke the contract (lost documents, wrote a value its declared field cannot hold): a bug in
    the stage, so the run stops rather than rejecting every record."""


@dataclass(frozen=True)
class OutputField:
    """An extra column a stage adds: `level` "segment" or "document", read from that record's `attrs`."""

    level: str
    name: str
    type: pa.DataType


@dataclass
class Removal:
    """A document a stage took out of the run: rejected (bad input) or dropped (by design, e.g. a duplicate)."""

    doc: Document
    reason: str
    dropped: bool


@dataclass
class BuildContext:
    """What a stage may draw on when it is built: the run's config and its (lazily compiled) glossary."""

    config: RunConfig
    _glossary: CompiledGlossary | None = field(default=None, repr=False)

    @property
    def glossary(self) -> CompiledGlossary:
        if self._glossary is None:
            from pipeline.glossary import compile_glossary

            self._glossary = compile_glossary(self.config.glossaries)
        return self._glossary


def merge_stats(total: Stats, part: Stats) -> Stats:
    """Add `part` into `total`: numbers are summed, mappings merged key by key, anything else kept from
    the first value seen. Stats of shards merge in any order to the same result."""
    for key, value in part.items():
        if isinstance(value, dict):
            merge_stats(total.setdefault(key, {}), value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value
        else:
            total.setdefault(key, value)
    return total


class Stage:
    """Base class for transforms. `__init__` stores options only; `setup()` loads heavy resources once
    per worker. Subclasses set `name` (or are registered under one), `requires` and `assigns`."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    fields: ClassVar[tuple[OutputField, ...]] = ()

    @classmethod
    def preflight(cls, config: RunConfig, **options: Any) -> None:
        """Refuse what can be refused without the glossary (a translator with no usable model): a run asks every
        step before it compiles the glossary (seconds), so such a refusal comes at once. The default refuses
        nothing; `build` still checks everything."""

    @classmethod
    def build(cls, context: BuildContext, **options: Any) -> Stage:
        """Construct the stage from its `steps:` options. The default passes the options to `__init__`;
        stages that need the glossary or the run config override this."""
        try:
            return cls(**options)
        except TypeError as e:
            raise StageError(f"step {cls.name!r}: {e}") from e

    def setup(self) -> None:
        """Load dictionaries, automata and models; called once per worker before the first batch."""

    def process(self, docs: list[Document]) -> list[Document]:
        raise NotImplementedError

    def signature(self) -> str:
        """Exactly what this stage is: name, options and resource hashes."""
        return self.name

    # --- taking documents out of the run -------------------------------------------------------------
    def reject(self, doc: Document, reason: str) -> None:
        """Take `doc` out of the run as a reject (it goes to rejects.jsonl with this reason)."""
        self.removed().append(Removal(doc, reason, dropped=False))

    def drop(self, doc: Document, reason: str) -> None:
        """Take `doc` out of the run on purpose (counted as dropped; listed in rejects.jsonl with the reason)."""
        self.removed().append(Removal(doc, reason, dropped=True))

    def removed(self) -> list[Removal]:
        """Documents taken out since the runner last collected them."""
        if "_removed" not in self.__dict__:
            self._removed: list[Removal] = []
        return self._removed

    def take_removed(self) -> list[Removal]:
        taken, self._removed = self.removed(), []
        return taken

    # --- statistics ----------------------------------------------------------------------------------
    def stats(self) -> Stats:
        """Counts since the last `reset_stats()`: nested dicts of numbers, merged across shards by summing."""
        return {}

    def reset_stats(self) -> None:
        """Start counting afresh (called before each shard)."""

    def manifest_sections(self, stats: Stats) -> dict[str, Any]:
        """Top-level manifest sections derived from this stage's merged stats (e.g. translate's `quality`)."""
        return {}
