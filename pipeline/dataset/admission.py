"""What the planner decides for each record before any shard runs, in input order: whether the dataset already
holds its id (skipped and counted as `already_present`, or replaced under --update) and whether it tells a story
an earlier document told (`duplicate_of`, pipeline/dedupe).

Decided once, in the one process that reads every record (pipeline/shards.plan_shards), because no shard sees the
others' records; the decisions travel in the plan, so --resume redoes exactly the same ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pipeline.dedupe.publisher import publisher_key
from pipeline.io.timestamps import parse_published
from pipeline.records import Document


class IdLookup(Protocol):
    def contains(self, doc_id: str) -> bool: ...


class StoryMatcher(Protocol):
    def match(self, doc_id: str, title: str | None, body: str | None, published_at: datetime | None = None, *,
              timed: bool | None = None, publisher: str | None = None) -> str | None: ...

    def drop(self, doc_ids: Iterable[str]) -> None: ...

    def reroot(self, firsts: dict[str, str]) -> None: ...


@dataclass(frozen=True)
class Verdict:
    """A record's fate: `skip` (its id is in the dataset already), else kept with `duplicate_of` (None: a new story)."""

    skip: bool = False
    duplicate_of: str | None = None


@dataclass
class Admission:
    """The planner's questions to the dataset's id index and to the story index, and what they answered: the ids
    this run adds (`new_ids`) and replaces (`replaced_ids`), which the dataset's commit records."""

    ids: IdLookup | None = None
    stories: StoryMatcher | None = None
    update: bool = False
    new_ids: list[str] = field(default_factory=list)
    replaced_ids: list[str] = field(default_factory=list)

    def decide(self, doc: Document) -> Verdict:
        if self.ids is not None and self.ids.contains(doc.id):
            if not self.update:
                return Verdict(skip=True)
            self.replaced_ids.append(doc.id)
            if self.stories is not None:  # the corrected article replaces the old one as a story too
                self.stories.drop([doc.id])
        else:
            self.new_ids.append(doc.id)
        if self.stories is None:
            return Verdict()
        # A near copy days apart is a recurring item, not the same story: the index compares publication instants,
        # and whether each has a time of day (a date alone is no instant to be minutes apart from).
        published = parse_published(doc.meta.get("published_at"))
        return Verdict(duplicate_of=self.stories.match(
            doc.id, doc.title, doc.body, published_at=None if published is None else published.instant,
            timed=published is None or published.timed, publisher=record_publisher(doc)))


def record_publisher(doc: Document) -> str:
    """A record's publisher key for the story index (pipeline/dedupe/publisher.py): its `source`, else its URL's
    host, else its id's feed prefix, else "" (unknown)."""
    return publisher_key(doc.id, doc.meta.get("source"), doc.meta.get("url"))
