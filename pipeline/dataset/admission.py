"""What the planner decides for each record before any shard runs, in input order: whether the dataset already
holds its id (skipped and counted as `already_present`, or replaced under --update) and whether it tells a story
an earlier document told (`duplicate_of`, pipeline/dedupe).

Decided once, in the one process that reads every record (pipeline/shards.plan_shards), because no shard sees the
others' records; the decisions travel in the plan, so --resume redoes exactly the same ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from pipeline.dedupe.vetoes import date_only
from pipeline.io.timestamps import Published, parse_published
from pipeline.records import Document

# The story index keeps a publication as whole Unix seconds and reads 00:00:00 UTC+08:00 as a date without a time of
# day (vetoes.date_only; its rows, old datasets' included, hold no other mark). A record with a time of day on that
# very second is handed over this much later, far below the index's windows (minutes to hours wide).
MIDNIGHT_NUDGE = timedelta(seconds=1)


class IdLookup(Protocol):
    def contains(self, doc_id: str) -> bool: ...


class StoryMatcher(Protocol):
    def match(self, doc_id: str, title: str | None, body: str | None,
              published_at: datetime | None = None) -> str | None: ...

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
        # A near copy days apart is a recurring item, not the same story: the index compares publication instants.
        published = story_instant(parse_published(doc.meta.get("published_at")))
        return Verdict(duplicate_of=self.stories.match(doc.id, doc.title, doc.body, published_at=published))


def story_instant(published: Published | None) -> datetime | None:
    """The instant the story index is given for a record: its own, except that a record stamped at exactly
    00:00:00 UTC+08:00 (a midnight flash) is given MIDNIGHT_NUDGE later, so that the index's date-only rules (no
    other-day copies, no linked-name reach) apply to dates alone and not to it."""
    if published is None:
        return None
    if published.timed and date_only(int(published.instant.timestamp())):
        return published.instant + MIDNIGHT_NUDGE
    return published.instant
