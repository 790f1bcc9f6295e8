"""The figures of a finished output directory, read from its manifest and JSONL files (not Parquet, whose
layout may be partitioned), for the run report; of a dataset, from its tables at the manifest's versions and its
runs' side files (pipeline/io/output_source.py), which costs a pass over the whole dataset."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io.outdir import manifest_json
from pipeline.io.output_rows import reject_groups
from pipeline.io.output_source import OutputSource, as_source, is_dataset_source
from pipeline.text.written import as_written

# Figures are lists for a page, not data dumps: the longest lists are cut here, with a count of the rest.
TOP_REJECT_REASONS = 10
TOP_TICKERS = 20
MAX_FLAG_ROWS = 50
MAX_SUGGESTIONS = 15
# Mentions per day are drawn as a continuous daily axis up to this many days (about three years); a longer span is
# binned into weeks, months, years or decades, the first unit that needs at most this many columns, so the chart
# stays this size whatever the corpus (20,000 distinct days drew 20,011 bars, 2 MB, before).
MAX_DAY_SPAN = 1100
# An entity type is a glossary's word, so its list is capped like the others.
TOP_ENTITY_TYPES = 12
# The name finder (jieba's part-of-speech tagger with its HMM) reads about 7,000 characters a second here, so the
# suggestions look at the first this many characters of Chinese text: about 2 s (half of it loading the tagger).
SUGGEST_MAX_CHARS = 10_000
SUGGEST_MIN_COUNT = 2
# The run's phases around its steps, in the order a run goes through them (pipeline/runner.py): the glossary
# is compiled and the inputs planned, then each batch is read, passes the steps in order and is written, and
# the shards' parts are merged. The manifest's `seconds` holds them by name, its `stages` the steps in order.
PHASES_BEFORE_STEPS = ("glossary", "plan", "read")
PHASES_AFTER_STEPS = ("write", "merge")
# More than this share of the records rejected is a warning at the top of the report.
MOST_REJECTED = 0.5
@dataclass
class TickerCount:
    ticker: str
    canonical: str
    entity_type: str
    documents: int


@dataclass(frozen=True)
class PhaseTime:
    name: str
    seconds: float
    signature: str = ""  # a step's signature; empty for the run's own phases


def run_order_times(manifest: dict[str, Any]) -> list[PhaseTime]:
    """Seconds per phase and step in the order the run went through them (never sorted by time or name)."""
    seconds = manifest.get("seconds") or {}
    steps = [PhaseTime(str(s.get("name")), float(s.get("seconds") or 0), str(s.get("signature") or ""))
             for s in manifest.get("stages") or []]

    def phases(names: tuple[str, ...]) -> list[PhaseTime]:
        return [PhaseTime(name, float(seconds[name])) for name in names if seconds.get(name) is not None]

    return phases(PHASES_BEFORE_STEPS) + steps + phases(PHASES_AFTER_STEPS)


@dataclass(frozen=True)
class Outcome:
    """What came out of the run, for the warning at the top of the report."""

    records_in: int
    documents_out: int
    rejected: int

    @property
    def rejected_share(self) -> float:
        return self.rejected / self.records_in if self.records_in else 0.0

    def warning(self) -> str | None:
        """A plain sentence when nothing came out or most records were rejected; None for a healthy run."""
        if self.records_in == 0:
            return "Nothing came out: no input record was read."
        if self.documents_out == 0:
            why = (f"all {self.records_in:,} input records were rejected" if self.rejected == self.records_in
                   else f"{self.rejected:,} of {self.records_in:,} input records were rejected")
            return f"Nothing came out: 0 documents; {why}."
        if self.rejected_share > MOST_REJECTED:
            return (f"Most records were rejected: {self.rejected:,} of {self.records_in:,} "
                    f"({self.rejected_share:.0%}); only {self.documents_out:,} documents came out.")
        return None


def outcome(manifest: dict[str, Any]) -> Outcome:
    counts = manifest.get("counts") or {}
    return Outcome(int(counts.get("records_in") or 0), int(counts.get("documents_out") or 0),
                   int(counts.get("rejected") or 0))


@dataclass
class Figures:
    """Everything the report shows except the reader's sample of documents."""

    manifest: dict[str, Any]
    reject_reasons: list[tuple[str, int]] = field(default_factory=list)
    reject_groups: int = 0
    flag_rows: list[dict[str, Any]] = field(default_factory=list)
    flags_total: int = 0
    flag_doc_ids: list[str] = field(default_factory=list)
    tickers: list[TickerCount] = field(default_factory=list)
    tickers_total: int = 0
    mentions_per_day: list[tuple[str, int]] = field(default_factory=list)
    day_bin: str = "day"  # what one column of mentions_per_day counts: day, week, month, year or decade
    documents_dated: int = 0
    documents_total: int = 0
    segments_total: int = 0
    segments_linked: int = 0
    entity_types: list[tuple[str, int]] = field(default_factory=list)
    suggestions: list[tuple[str, int]] = field(default_factory=list)
    # A dataset's own manifest (its counts and run history); None for one run's output.
    dataset: dict[str, Any] | None = None


def gather(out: Path | OutputSource) -> Figures:
    """Read the output directory once (segments streamed) and compute every figure of the report."""
    source = as_source(out)
    if is_dataset_source(source):
        figures = Figures(manifest=dataset_run_manifest(source), dataset=source.manifest)
    else:
        figures = Figures(manifest=manifest_json(source.path))
    _rejects(source, figures)
    _flags(source, figures)
    doc_days = _documents(source, figures)
    _segments(source, figures, doc_days)
    return figures


def dataset_run_manifest(source: OutputSource) -> dict[str, Any]:
    """What the report's run sections read of a dataset, in a run manifest's shape: the last run's manifest
    (translator, glossary, times), the quality checks summed over every run, and the dataset's counts under a
    run's names (documents_out: the documents in the dataset)."""
    from pipeline.dataset.read import summed_quality

    last: dict[str, Any] = {}
    for last in source.run_manifests():  # noqa: B007 - the last one is wanted
        pass
    counts = dict(source.manifest.get("counts") or {})
    counts["documents_out"] = counts.get("documents", 0)
    history = source.manifest.get("history") or []
    inputs = [i for h in history if isinstance(h, dict) for i in h.get("inputs") or []]
    return {**last, "newsbridge_version": source.manifest.get("newsbridge_version"), "counts": counts,
            "inputs": inputs, "quality": summed_quality(source.run_manifests())}


def _rejects(source: OutputSource, figures: Figures) -> None:
    groups = reject_groups(source)
    figures.reject_reasons = [(g.pattern, g.count) for g in groups[:TOP_REJECT_REASONS]]
    figures.reject_groups = len(groups)


def _flags(source: OutputSource, figures: Figures) -> None:
    seen: dict[str, None] = {}
    for row in source.rows("flags"):
        figures.flags_total += 1
        seen.setdefault(str(row.get("doc_id")))
        if len(figures.flag_rows) < MAX_FLAG_ROWS:
            figures.flag_rows.append(row)
    figures.flag_doc_ids = list(seen)


def _documents(source: OutputSource, figures: Figures) -> dict[str, str]:
    """Each dated document's day in China Standard Time, by the outputs' own rule (pipeline/io/timestamps.py):
    documents.jsonl holds ISO 8601 UTC text, and an older or hand-made file's raw strings parse the same way."""
    from pipeline.io.timestamps import local_date, parse_published_at

    dated: dict[str, str] = {}
    for row in source.rows("documents", columns=["doc_id", "published_at"]):
        figures.documents_total += 1
        if row.get("published_at") and (day := local_date(parse_published_at(str(row["published_at"]).strip()))):
            dated[str(row["doc_id"])] = day
    figures.documents_dated = len(dated)
    return dated


def _segments(source: OutputSource, figures: Figures, doc_days: dict[str, str]) -> None:
    ticker_docs: dict[str, set[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    per_day: Counter[str] = Counter()
    types: Counter[str] = Counter()
    flagged = {(str(r.get("doc_id")), r.get("seg_id")): r for r in figures.flag_rows}
    for seg in source.rows("segments"):
        figures.segments_total += 1
        if flagged and (row := flagged.get((str(seg.get("doc_id")), seg.get("seg_id")))) is not None:
            written = as_written(seg)  # flags.jsonl holds the normalized zh; a reader wants the original
            if written.original:
                row["original"] = written.text
        entities = seg.get("entities") or []
        if entities:
            figures.segments_linked += 1
        doc = str(seg.get("doc_id"))
        for entity in entities:
            types[str(entity.get("type"))] += 1
            if doc in doc_days:
                per_day[doc_days[doc]] += 1
            ticker = entity.get("ticker")
            if ticker:
                ticker_docs.setdefault(ticker, set()).add(doc)
                names.setdefault(ticker, (str(entity.get("canonical") or ""), str(entity.get("type") or "")))
    ranked = sorted(ticker_docs.items(), key=lambda item: (-len(item[1]), item[0]))
    figures.tickers = [TickerCount(t, *names[t], len(d)) for t, d in ranked[:TOP_TICKERS]]
    figures.tickers_total = len(ticker_docs)
    figures.mentions_per_day, figures.day_bin = binned_days(per_day)
    figures.entity_types = types.most_common(TOP_ENTITY_TYPES)


# The units of the mentions chart, finest first: (name, a day's bin number, a bin number's label). Weeks start on
# Monday (ordinal 1, 0001-01-01, is one); decades are enough for any span of years 1-9999 (1,000 columns).
DAY_BINS: tuple[tuple[str, Callable[[dt.date], int], Callable[[int], str]], ...] = (
    ("day", lambda d: d.toordinal(), lambda k: dt.date.fromordinal(k).isoformat()),
    ("week", lambda d: (d.toordinal() - 1) // 7, lambda k: dt.date.fromordinal(k * 7 + 1).isoformat()),
    ("month", lambda d: d.year * 12 + d.month - 1, lambda k: f"{k // 12:04d}-{k % 12 + 1:02d}"),
    ("year", lambda d: d.year, lambda k: f"{k:04d}"),
    ("decade", lambda d: d.year // 10, lambda k: f"{k * 10:04d}s"),
)


def binned_days(per_day: Counter[str]) -> tuple[list[tuple[str, int]], str]:
    """(label, mentions) for every bin from the first dated day's to the last's, empty bins included as 0 (an even
    time axis), in the finest unit of DAY_BINS that needs at most MAX_DAY_SPAN columns; and that unit's name."""
    if not per_day:
        return [], DAY_BINS[0][0]
    days = {dt.date.fromisoformat(day): n for day, n in per_day.items()}
    earliest, latest = min(days), max(days)
    name, key, label = next((unit for unit in DAY_BINS if unit[1](latest) - unit[1](earliest) < MAX_DAY_SPAN),
                            DAY_BINS[-1])
    first, last = key(earliest), key(latest)
    counts: Counter[int] = Counter()
    for day, n in days.items():
        counts[key(day)] += n
    return [(label(k), counts.get(k, 0)) for k in range(first, last + 1)], name


def zh_texts(out: Path | OutputSource, max_chars: int = SUGGEST_MAX_CHARS) -> Iterator[tuple[str, str | None]]:
    """The Chinese segments of the output with the script they were written in, up to max_chars in all (the
    suggestions' input: a name linked only in Traditional text is no suggestion there)."""
    used = 0
    for seg in as_source(out).rows("segments", columns=["src_lang", "zh", "script"]):
        if seg.get("src_lang") != "zh" or not seg.get("zh"):
            continue
        used += len(seg["zh"])
        if used > max_chars:
            return
        yield seg["zh"], seg.get("script")
