"""Hand-judged pairs of "the same story" from the dev news (issue 19): the sample that near-duplicate detection is
measured on. Draws a candidate pool of record pairs per source with lax generators (seeded), prints pairs for a
human judge, and loads the judged fixture (tests/fixtures/story_pairs_judged/*.tsv: locations and verdicts, no news
text) back into pairs of (title, body) resolved from ../shared. The generators are independent of any detector: they
are deliberately lax so that the pool holds hard negatives (same words, other event) as well as positives.

    python -m bench.story_pairs --pool                 (pool sizes per source and generator, nothing written)
    python -m bench.story_pairs --draw                 (writes the unjudged rows of every source's TSV; keeps
                                                        verdicts already given for the same pair)
    python -m bench.story_pairs --show cls_telegraph_2026 [--rows 0:20]   (both texts of each row, to judge)
    python -m bench.story_pairs --set cls_telegraph_2026 3=same:flash_full 4=different:unrelated ...
    python -m bench.story_pairs --draw-blind2          (the second blind sample, once: <source>.blind2.tsv;
                                                        --show/--set take --blind2 to work on those files)
    python -m bench.story_pairs --draw-blind3          (the third, likewise: <source>.blind3.tsv, --blind3;
                                                        --draw-blind N / --blind N name any blind split)
    python -m bench.story_pairs                        (counts per source, split, generator and verdict)
(NEWSBRIDGE_SHARED=DIR when ../shared is elsewhere.)
"""

from __future__ import annotations

import argparse
import bisect
import csv
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.dataset.admission import record_publisher
from pipeline.glossary.loader import entry_names, load_glossary
from pipeline.io.readers import Window, read_file, read_options
from pipeline.io.sources import describe
from pipeline.io.timestamps import local_date, parse_published
from pipeline.paths import PROJECT_GLOSSARIES, PROJECT_ROOT, SHARED_DIR
from pipeline.records import Document

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "story_pairs_judged"
FIT, TEST = "fit", "test"
# A second blind sample (issue 19, judge20), drawn once and never shown to whoever tunes the detector: its rows are
# in <source-name>.blind2.tsv beside the fit/test file, so the first sample's rows stay exactly as judged.
BLIND2 = "blind2"
# A third (issue 19, judge20b), drawn after the detector was measured on blind2, kept for the session that tunes it
# next: <source-name>.blind3.tsv, every pair judged in any earlier file left out.
BLIND3 = "blind3"
# A fourth (issue 19, judge21), drawn at the start of the third session, before any rule of it: measured once.
BLIND4 = "blind4"
# A fifth (issue 19, judge22), drawn after blind4 was measured, for the round after it: measured once.
BLIND5 = "blind5"
# A sixth (issue 19, judge24), drawn in the fourth session and measured once at its end on the final rules.
BLIND6 = "blind6"
# A seventh (issue 19, judge26), drawn in the fifth session and measured once at its end on the final rules.
BLIND7 = "blind7"
# An eighth (issue 19, judge28), drawn in the sixth session and measured once at its end; the first to hold the fit
# sources (the hot lists and the telegraph), whose recall had only been measured in-sample.
BLIND8 = "blind8"
# A ninth (issue 19, judge29), drawn in the seventh session and measured once at its end; cls and rthk drawn mostly
# from the strata that bring plausible "same" candidates (BLIND9_QUOTA).
BLIND9 = "blind9"
# A tenth (issue 19, judge30), drawn in the eighth session and measured once at its end; as blind9, sized so that a
# third to a half of the one-publisher feeds' pairs are plausible "same" candidates (BLIND10_QUOTA).
BLIND10 = "blind10"
# The blind splits, in the order they were drawn; each has its own file per source.
BLINDS = (BLIND2, BLIND3, BLIND4, BLIND5, BLIND6, BLIND7, BLIND8, BLIND9, BLIND10)
SPLITS = (FIT, TEST, *BLINDS)
# The detector's own output (issue 19, outprec20): predicted pairs drawn at random beside as many non-predicted
# decoys, judged blind; <source-name>.output.tsv, own columns, never mixed into read_fixture (bench.output_precision).
OUTPUT = "output"
# A second output sample (third session): the marks of the detector with round 5 and the vetoes, drawn after they
# were final, leaving out every pair judged in any file; <source-name>.output2.tsv, same columns.
OUTPUT2 = "output2"
# A third (round 6's marks: the sector-move and authority-response vetoes were built on output2).
OUTPUT3 = "output3"
# A fourth (round 7's marks, fourth session: entity evidence and four vetoes built on output..output3).
OUTPUT4 = "output4"
# A fifth (round 8's marks, fifth session: the learned rule 9, fingerprint v4 and round 8's vetoes; drawn after they
# were final, every pair judged in any file left out, so it holds the marks no sample judged before).
OUTPUT5 = "output5"
# A sixth (round 10's marks, seventh session: repeats on another day; rule 9 retrained on eleven splits at the
# eighth session's start; every pair judged in any file left out).
OUTPUT6 = "output6"
OUTPUTS = (OUTPUT, OUTPUT2, OUTPUT3, OUTPUT4, OUTPUT5, OUTPUT6)
# (folder under data/news, split): "fit" sources may tune the detector, "test" sources never do; a "blind2"
# source has blind2 rows only. A source that is not a folder is the files named <source>_*.csv (see
# source_pattern).
SOURCES: tuple[tuple[str, str], ...] = (
    ("zh-hans/cls_telegraph_2026", FIT),
    ("zh-hans/fin_hot_hub_2024_2026", FIT),
    ("zh-hans/us_stocks_zh_2026", TEST),
    ("zh-hant/rthk_finance_2025", TEST),
    ("zh-hant/cnyes_headlines", BLIND2),
)
COLUMNS = ("source", "split", "generator", "a_origin", "a_id", "b_origin", "b_id", "verdict", "kind")
SAME, DIFFERENT, UNSURE = "same", "different", "unsure"
VERDICTS = (SAME, DIFFERENT, UNSURE)
SEED = 19  # issue 19: the same pool on every machine

# The first six generators are disjoint: a pair found by several is credited to the first (in GENERATORS order).
# The top-up strata are subsets of their union, drawn after them; a pair is never drawn twice.
# The lax generators are split in a strong and a weak band (title_bigram_hi / title_bigram, body_contained /
# body_lead): a uniform draw from a whole lax pool is nearly all template-alike negatives (daily index moves,
# earnings announcements of other companies), and a sample without positives cannot measure recall.
TITLE_EXACT, TITLE_BIGRAM_HI, TITLE_BIGRAM = "title_exact", "title_bigram_hi", "title_bigram"
BODY_CONTAINED, BODY_LEAD, RANDOM_DAY = "body_contained", "body_lead", "random_same_day"
# A top-up stratum drawn after the others (with its own seed, so the first draw stays as judged): pairs of any lax
# pool published close together. The first draw had 21% positives (cls and rthk are nearly all recurring
# templates); close-in-time pairs are where reposts and flash/full items are.
NEAR_TIME = "near_time"
# A second top-up (near_time left the sample at 20% positives): pairs of the lax pools from two publishers or hot
# lists (the id's prefix: cls/ths/eastmoney, toutiao/eastmoney/xueqiu) published close together. Only
# us_stocks_zh_2026 and fin_hot_hub_2024_2026 have more than one; cls and rthk are one publisher each.
CROSS_SOURCE = "cross_source_near"
# The third (32% positives after the second): cross_source_near pairs whose titles are identical or overlap >= 0.8.
CROSS_TITLE = "cross_source_title"
# blind2 only: pairs published close together that share a glossary name (or an ASCII word) and are in no lax
# pool: different wording, so that recall is not measured on text-alike pairs alone.
SHARED_NAME = "shared_name_near"
# blind9 and blind10: the near_time pairs whose titles are alike or whose texts contain one another (title_exact,
# title_bigram_hi, body_contained, title_bigram; not body_lead alone). One-publisher feeds (cls, rthk) have no
# cross-source pool, and their near_time pool is mostly body_lead template pairs (daily index moves): blind8 drew
# 3 "same" of 40 cls pairs and 2 of 40 rthk pairs, too few to measure recall on.
NEAR_TITLE = "near_title"
# blind9 and blind10: body_contained pairs where neither title names a digest (早间新闻精选, 隔夜全球要闻,
# 盘前要闻一览, 《新闻联播》要闻...): in cls nearly every body_contained pair is a digest beside one of its
# items, a `different` pair by the rubric, while a flash and its full item (the telegraph's commonest "same"
# worded apart) are contained pairs too.
CONTAINED_ITEM = "contained_item"
DIGEST_WORDS = ("精选", "要闻", "一览", "新闻联播", "纪要", "早报", "晚报", "汇总", "盘点")
# The first draw's generators (the fit/test files), the pools it printed in their headers, and every generator.
FIRST_DRAW = (TITLE_EXACT, TITLE_BIGRAM_HI, BODY_CONTAINED, TITLE_BIGRAM, BODY_LEAD, RANDOM_DAY)
FIT_POOLS = (*FIRST_DRAW, NEAR_TIME, CROSS_SOURCE, CROSS_TITLE)
GENERATORS = (*FIT_POOLS, SHARED_NAME, NEAR_TITLE, CONTAINED_ITEM)
TOP_UPS = ((NEAR_TIME, 1902), (CROSS_SOURCE, 1903), (CROSS_TITLE, 1904))  # drawn in this order, own seeds
# Pairs drawn per source and generator. Random same-day pairs are nearly all negatives: few of them, to test
# precision without leaving the sample short of positives (the brief asks for >= 40% positives overall).
QUOTA = {TITLE_EXACT: 12, TITLE_BIGRAM_HI: 15, BODY_CONTAINED: 12, TITLE_BIGRAM: 8, BODY_LEAD: 8, RANDOM_DAY: 6,
         NEAR_TIME: 32, CROSS_SOURCE: 50, CROSS_TITLE: 60}
NEAR_HOURS = 2  # near_time: published at most this far apart (same day when a record has a date only)
CROSS_MINUTES = 30  # cross_source_near: likewise
TITLE_OVERLAP = 0.5  # overlap coefficient of title character bigrams (the brief's lax bar)
TITLE_OVERLAP_HI = 0.8  # the strong band of it
TITLE_DAYS = 3  # title pairs at most this many days apart
LEAD_CHARS = 80  # the body's opening compared by BODY_LEAD
LEAD_OVERLAP = 0.5
LEAD_DAYS = 1
MIN_CONTAINED = 8  # a title or body shorter than this (after normalization) is too generic to be "contained"


@dataclass(frozen=True)
class Record:
    """One record as read by the project's reader; `origin` is "file:line" with file relative to data/news."""

    id: str
    title: str
    body: str
    origin: str
    day: date | None
    time: datetime | None = None  # None when published_at gives a date only
    # published_at as the planner gives it to the story index (pipeline.dataset.admission): a date alone is that
    # day's start in the news' zone, so the story window applies to date-only feeds too (rthk, the hot lists)...
    published: datetime | None = None
    timed: bool = True  # ... and whether it has a time of day
    publisher: str = ""  # the record's publisher key, as the planner gives it (admission.record_publisher)


@dataclass(frozen=True)
class Row:
    """One fixture row: where the two records are, and the judge's verdict (empty while unjudged)."""

    source: str
    split: str
    generator: str
    a_origin: str
    a_id: str
    b_origin: str
    b_id: str
    verdict: str = ""
    kind: str = ""

    def key(self) -> tuple[str, str]:
        return (self.a_origin, self.b_origin)


@dataclass(frozen=True)
class JudgedPair:
    """A judged pair with both texts: a and b are (title, body) as the reader gives them."""

    source: str
    split: str
    generator: str
    verdict: str
    kind: str
    a: tuple[str, str]
    b: tuple[str, str]
    # Each record's `published_at` as the planner gives it to the story index (pipeline.dataset.admission)...
    a_published: datetime | None = None
    b_published: datetime | None = None
    # The records' ids
    a_id: str = "a"
    b_id: str = "b"
    # ... whether it has a time of day, and its publisher key (admission.record_publisher: source, URL host or id
    # prefix; rule 9's same_publisher)
    a_timed: bool = True
    b_timed: bool = True
    a_publisher: str = ""
    b_publisher: str = ""


class UnresolvedRecord(LookupError):
    """A fixture row names a record that is not (or no longer) in ../shared at that origin with that id."""


def news_dir(shared: Path) -> Path:
    return shared / "data" / "news"


def source_name(source: str) -> str:
    """The fixture file's stem: the folder's last part (zh-hans/cls_telegraph_2026 -> cls_telegraph_2026)."""
    return source.rsplit("/", 1)[-1]


def _day_and_time(published_at: object) -> tuple[date | None, datetime | None, datetime | None, bool]:
    """A record's day (on the markets' clock), its time (None for a date alone), its instant as the planner
    hands it to the story index and whether that has a time of day, all from the one rule a run reads
    `published_at` by (pipeline.io.timestamps)."""
    parsed = parse_published(published_at)
    if parsed is None:
        return None, None, None, True
    day = date.fromisoformat(local_date(parsed.instant) or "")
    return day, (parsed.instant if parsed.timed else None), parsed.instant, parsed.timed


def source_pattern(shared: Path, source: str) -> str:
    """The source's files as a glob under data/news: a folder's JSONL files, or <source>_*.csv (the cnyes
    headlines are monthly CSV files side by side, not a folder)."""
    if (news_dir(shared) / source).is_dir():
        return f"{source}/*.jsonl"
    return f"{source}_*.csv"


def in_source(origin: str, source: str) -> bool:
    """Whether a row's origin (file:line) is one of the source's files."""
    file = origin.rpartition(":")[0]
    return file.startswith(source + "/") or (file.startswith(source + "_") and "/" not in file[len(source):])


def read_source(shared: Path, source: str) -> list[Record]:
    """Every record of the source's files with the reader a default run uses, in file and line order."""
    news = news_dir(shared)
    options = read_options(RunConfig(glossaries=PROJECT_GLOSSARIES))
    records = []
    for path in sorted(news.glob(source_pattern(shared, source))):
        for item in read_file(path, options):
            if isinstance(item, Document):
                file, _, line = item.origin.rpartition(":")
                origin = f"{Path(file).relative_to(news).as_posix()}:{line}"
                records.append(Record(item.id, item.title, item.body, origin,
                                      *_day_and_time(item.meta.get("published_at")), record_publisher(item)))
    return records


def normalized(text: str) -> str:
    """NFKC, letters and digits only: the trivial normalization under which two titles count as identical."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient |a & b| / min(|a|, |b|): high when one text is (nearly) inside the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def body_lead(body: str) -> str:
    """The body's opening without a leading 【headline】 (telegraph bodies repeat their title there)."""
    text = body.lstrip()
    if text.startswith("【") and "】" in text:
        text = text[text.index("】") + 1:]
    return normalized(text[:LEAD_CHARS])


Pair = tuple[int, int]  # indexes into a source's records, a < b


def title_exact(records: list[Record]) -> Iterator[Pair]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if key := normalized(r.title):
            groups[key].append(i)
    for members in groups.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                yield (i, j)


def _by_day(records: list[Record]) -> tuple[list[int], list[int]]:
    """Record indexes sorted by day (undated records left out) and their day ordinals, for window look-ups."""
    dated = sorted((r.day.toordinal(), i) for i, r in enumerate(records) if r.day is not None)
    return [i for _, i in dated], [d for d, _ in dated]


def _windowed(records: list[Record], days: int) -> Iterator[Pair]:
    """Every pair of dated records at most `days` apart."""
    order, ordinals = _by_day(records)
    for x, i in enumerate(order):
        end = bisect.bisect_right(ordinals, ordinals[x] + days)
        for j in order[x + 1:end]:
            yield (min(i, j), max(i, j))


def title_bigram(records: list[Record], low: float, high: float = 1.01) -> Iterator[Pair]:
    """Pairs whose title bigram overlap is in [low, high)."""
    grams = [bigrams(normalized(r.title)) for r in records]
    for i, j in _windowed(records, TITLE_DAYS):
        if low <= overlap(grams[i], grams[j]) < high:
            yield (i, j)


def _contained(i: int, j: int, flat: list[tuple[str, str]]) -> bool:
    """One record's title or body inside the other's body (a headline and its article; a flash in the full item)."""
    for x, y in ((i, j), (j, i)):
        title, body = flat[x]
        other_body = flat[y][1]
        if len(title) >= MIN_CONTAINED and title in other_body:
            return True
        if len(body) >= MIN_CONTAINED and body != other_body and body in other_body:
            return True
    return False


def body_contained(records: list[Record]) -> Iterator[Pair]:
    flat = [(normalized(r.title), normalized(r.body)) for r in records]
    for i, j in _windowed(records, LEAD_DAYS):
        if _contained(i, j, flat):
            yield (i, j)


def body_lead_pairs(records: list[Record]) -> Iterator[Pair]:
    leads = [bigrams(body_lead(r.body)) for r in records]
    for i, j in _windowed(records, LEAD_DAYS):
        if overlap(leads[i], leads[j]) >= LEAD_OVERLAP:
            yield (i, j)


def random_same_day(records: list[Record], rng: random.Random, count: int) -> list[Pair]:
    days: dict[date, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.day is not None:
            days[r.day].append(i)
    busy = sorted(d for d, members in days.items() if len(members) >= 2)
    pairs: set[Pair] = set()
    count = min(count, sum(len(days[d]) * (len(days[d]) - 1) // 2 for d in busy))  # a small source has fewer
    while busy and len(pairs) < count:
        i, j = rng.sample(days[rng.choice(busy)], 2)
        pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def pool(records: list[Record], rng: random.Random) -> dict[str, list[Pair]]:
    """Candidate pairs per generator; a pair is credited to the first generator (GENERATORS order) that finds it.
    Random pairs are drawn at 4x their quota, so the sample of them is itself a random draw."""
    found: dict[str, list[Pair]] = {}
    seen: set[Pair] = set()
    candidates = ((TITLE_EXACT, title_exact(records)),
                  (TITLE_BIGRAM_HI, title_bigram(records, TITLE_OVERLAP_HI)),
                  (BODY_CONTAINED, body_contained(records)),
                  (TITLE_BIGRAM, title_bigram(records, TITLE_OVERLAP, TITLE_OVERLAP_HI)),
                  (BODY_LEAD, body_lead_pairs(records)),
                  (RANDOM_DAY, random_same_day(records, rng, 4 * QUOTA[RANDOM_DAY])))
    for name, pairs in candidates:
        mine = sorted(set(pairs) - seen)
        seen.update(mine)
        found[name] = mine
    lax = [pair for name in (TITLE_EXACT, TITLE_BIGRAM_HI, BODY_CONTAINED, TITLE_BIGRAM, BODY_LEAD)
           for pair in found[name]]
    near, cross = timedelta(hours=NEAR_HOURS), timedelta(minutes=CROSS_MINUTES)
    found[NEAR_TIME] = sorted(pair for pair in lax if _near(records[pair[0]], records[pair[1]], near))
    found[CROSS_SOURCE] = sorted(pair for pair in lax if _publisher(records[pair[0]]) != _publisher(records[pair[1]])
                                 and _near(records[pair[0]], records[pair[1]], cross))
    similar_titles = set(found[TITLE_EXACT]) | set(found[TITLE_BIGRAM_HI])
    found[CROSS_TITLE] = [pair for pair in found[CROSS_SOURCE] if pair in similar_titles]
    return found


def _publisher(record: Record) -> str:
    return record.id.split("-", 1)[0]


def _near(a: Record, b: Record, within: timedelta) -> bool:
    if a.time is not None and b.time is not None:
        return abs(a.time - b.time) <= within
    return a.day is not None and a.day == b.day


def draw(records: list[Record], found: dict[str, list[Pair]], rng: random.Random, source: str,
         split: str, generators: tuple[str, ...] = FIRST_DRAW,
         rows: list[Row] | None = None, quota: dict[str, int] = QUOTA) -> list[Row]:
    """QUOTA pairs per generator (all of a smaller pool), as unjudged rows appended to `rows`; a record is in at
    most one row per generator, so one busy story does not fill the sample, and a pair is drawn once."""
    rows = list(rows or [])
    for name in generators:
        pairs = list(found[name])
        rng.shuffle(pairs)
        used: set[int] = set()
        drawn = {row.key() for row in rows}
        for i, j in pairs:
            if len([r for r in rows if r.generator == name]) >= quota[name]:
                break
            if i in used or j in used or (records[i].origin, records[j].origin) in drawn:
                continue
            used.update((i, j))
            a, b = records[i], records[j]
            rows.append(Row(source, split, name, a.origin, a.id, b.origin, b.id))
    return rows


# blind2 (issue 19, judge20) and blind3 (judge20b, seeds 3001...; rthk has 4 body_contained pairs left, all drawn):
# pairs per source and generator, drawn once (seeds 2001...) from the pools minus
# every pair already judged in any fixture file; us_stocks holds the multi-publisher positives, cnyes (Taiwan
# headlines, titles only, one publisher) measures precision on a source no rule was ever fitted to.
BLIND2_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 40, CROSS_SOURCE: 40, NEAR_TIME: 30, SHARED_NAME: 40},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 30, TITLE_BIGRAM: 20, SHARED_NAME: 40},
}
BLIND3_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 35, CROSS_SOURCE: 45, NEAR_TIME: 40, SHARED_NAME: 30},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 36, TITLE_BIGRAM_HI: 20, BODY_CONTAINED: 4, SHARED_NAME: 30},
}
# blind4 (judge21, seeds 4001...): the same generators sized to the pools left (TSV headers). cnyes is titles only
# and one publisher (no body or cross-source pair): near_time there holds one publisher's two headlines of an item;
# rthk has no body_contained pair left after blind3.
BLIND4_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 35, CROSS_SOURCE: 45, NEAR_TIME: 40, SHARED_NAME: 30},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 20, NEAR_TIME: 12, TITLE_BIGRAM: 8, SHARED_NAME: 10},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 18, TITLE_BIGRAM_HI: 10, SHARED_NAME: 12},
}
# blind5 (judge22, seeds 5001...): us_stocks larger (its pools hold the positives), cnyes and rthk for precision.
BLIND5_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 45, CROSS_SOURCE: 55, NEAR_TIME: 45, SHARED_NAME: 35},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 12, NEAR_TIME: 8, TITLE_BIGRAM: 4, SHARED_NAME: 6},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 14, TITLE_BIGRAM_HI: 8, SHARED_NAME: 8},
}
# blind6 (judge24, seeds 6001...): as blind5, sized to the pools left (TSV headers); rthk has 23 title_bigram_hi
# pairs left.
BLIND6_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 40, CROSS_SOURCE: 45, NEAR_TIME: 35, SHARED_NAME: 30},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 16, NEAR_TIME: 10, TITLE_BIGRAM: 6, SHARED_NAME: 8},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 22, TITLE_BIGRAM_HI: 14, SHARED_NAME: 14},
}
# blind7 (judge26, seeds 7001...): as blind6, sized to the pools left (TSV headers); rthk's title_bigram_hi pool is
# down to 8 (all drawn), so near_time and shared_name_near carry more of its rows.
BLIND7_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 40, CROSS_SOURCE: 45, NEAR_TIME: 35, SHARED_NAME: 30},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 16, NEAR_TIME: 10, TITLE_BIGRAM: 6, SHARED_NAME: 8},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 24, TITLE_BIGRAM_HI: 8, SHARED_NAME: 17},
}
# blind8 (judge28, seeds 8001...): the fit sources too. fin_hot_hub with the generators of the fit draw, sized to
# the pools left (2 cross_source_near pairs, no cross_source_title) so that about half the pairs are plausible "same"
# candidates (title_exact, the close-title, close-time and contained strata); cls is one publisher (no cross-source
# pool); rthk's title_bigram_hi pool was emptied by blind7.
BLIND8_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/fin_hot_hub_2024_2026": {TITLE_EXACT: 7, CROSS_SOURCE: 2, NEAR_TIME: 14, TITLE_BIGRAM_HI: 18,
                                      BODY_CONTAINED: 8, TITLE_BIGRAM: 10, SHARED_NAME: 10},
    "zh-hans/cls_telegraph_2026": {NEAR_TIME: 14, TITLE_BIGRAM_HI: 8, BODY_CONTAINED: 6, TITLE_BIGRAM: 4,
                                   SHARED_NAME: 8},
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 22, CROSS_SOURCE: 24, NEAR_TIME: 18, SHARED_NAME: 16},
    "zh-hant/rthk_finance_2025": {NEAR_TIME: 24, TITLE_BIGRAM: 4, SHARED_NAME: 12},
}
# blind9 (judge29, seeds 9001...): as blind8, sized to the pools left (TSV headers; no title_exact or cross-source
# pair is left in fin_hot_hub). For cls and rthk most of the quota goes to the strata that bring plausible "same"
# candidates: near_title (close in time and alike in title or text), title_exact, title_bigram_hi (up to
# TITLE_DAYS apart: a repost a day or two later) and body_contained; near_time and shared_name_near keep a few rows
# for the pairs worded apart. rthk has no title_bigram_hi or body_contained pair left. cls's near_title pool turned
# out to be mostly two companies' results and template flashes (0 "same" in its first 16 rows, judged before the
# quota was cut): its quota was cut to a prefix of those rows (same seeds) and contained_item added after them.
BLIND9_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/fin_hot_hub_2024_2026": {TITLE_BIGRAM_HI: 22, BODY_CONTAINED: 6, NEAR_TIME: 16, BODY_LEAD: 6,
                                      TITLE_BIGRAM: 10, SHARED_NAME: 10},
    "zh-hans/cls_telegraph_2026": {NEAR_TITLE: 10, TITLE_EXACT: 2, TITLE_BIGRAM_HI: 8, BODY_CONTAINED: 3,
                                   NEAR_TIME: 4, SHARED_NAME: 3, CONTAINED_ITEM: 15},
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 15, CROSS_SOURCE: 17, NEAR_TIME: 12, SHARED_NAME: 11},
    "zh-hant/rthk_finance_2025": {NEAR_TITLE: 16, TITLE_EXACT: 6, NEAR_TIME: 10, TITLE_BIGRAM: 3, SHARED_NAME: 5},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 10, NEAR_TIME: 7, TITLE_BIGRAM: 3, SHARED_NAME: 5},
}
# blind10 (judge30, seeds 10001...): as blind9, sized to the pools left (TSV headers), the first stratum of each
# source the one that brought blind9's "same" pairs. fin_hot_hub: title_bigram_hi (11 same of 22 in blind9) and
# body_lead (4 of 6; no body_contained pair is left); rthk: near_title (5 of 16) and near_time (3 of 10), title_exact
# kept small (0 of 6: daily templates) for a repost on another day; cls: contained_item (2 of 15, the only stratum
# that found any); us_stocks as blind9; cnyes: title_exact's 5 pairs left are reposts on any day. title_bigram and
# shared_name_near keep low-likeness rows in each source, for precision. Two strata found no "same" pair in the
# rows first drawn and judged, so their quota was cut to a prefix of those rows (same seeds) and given to the
# stratum that found them: rthk near_title 24 -> 10 (0 same of 24: index and results templates), near_time 11 -> 25;
# cls title_bigram_hi 6 -> 3 and near_title 4 -> 2 (0 of 10), contained_item 20 -> 28 (6 same of its first 20).
BLIND10_QUOTA: dict[str, dict[str, int]] = {
    "zh-hans/fin_hot_hub_2024_2026": {TITLE_BIGRAM_HI: 24, BODY_LEAD: 12, NEAR_TIME: 14, TITLE_BIGRAM: 10,
                                      SHARED_NAME: 10},
    "zh-hant/rthk_finance_2025": {NEAR_TITLE: 10, NEAR_TIME: 25, TITLE_EXACT: 2, TITLE_BIGRAM: 3, SHARED_NAME: 5},
    "zh-hans/us_stocks_zh_2026": {CROSS_TITLE: 13, CROSS_SOURCE: 14, NEAR_TIME: 10, SHARED_NAME: 8},
    "zh-hans/cls_telegraph_2026": {CONTAINED_ITEM: 28, TITLE_EXACT: 1, TITLE_BIGRAM_HI: 3, NEAR_TITLE: 2,
                                   NEAR_TIME: 2, SHARED_NAME: 2},
    "zh-hant/cnyes_headlines": {TITLE_BIGRAM_HI: 8, NEAR_TIME: 5, TITLE_EXACT: 2, TITLE_BIGRAM: 2, SHARED_NAME: 3},
}
BLIND_QUOTA = {BLIND2: BLIND2_QUOTA, BLIND3: BLIND3_QUOTA, BLIND4: BLIND4_QUOTA, BLIND5: BLIND5_QUOTA,
               BLIND6: BLIND6_QUOTA, BLIND7: BLIND7_QUOTA, BLIND8: BLIND8_QUOTA, BLIND9: BLIND9_QUOTA,
               BLIND10: BLIND10_QUOTA}
BLIND2_SEED = 2001
BLIND_SEED = {BLIND2: BLIND2_SEED, BLIND3: 3001, BLIND4: 4001, BLIND5: 5001, BLIND6: 6001, BLIND7: 7001,
              BLIND8: 8001, BLIND9: 9001, BLIND10: 10001}
SHARED_NAME_HOURS = 6
MIN_NAME = 3  # characters: a shorter glossary name (or ASCII word) is too common to pair records on
NAME_TYPES = ("company", "fund", "person")
ASCII_WORD = re.compile(r"[a-z]{3,}")


def glossary_names(root: Path = PROJECT_GLOSSARIES) -> frozenset[str]:
    """Every company, fund and person name of >= MIN_NAME characters in the project glossary, NFKC-casefolded."""
    names = set()
    for entry in load_glossary(root).entries:
        if entry.type in NAME_TYPES:
            for _, name in entry_names(entry, _fold):
                if len(name) >= MIN_NAME:
                    names.add(name)
    return frozenset(names)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def names_in(text: str, names: frozenset[str], longest: int) -> frozenset[str]:
    """The glossary names and ASCII words of >= MIN_NAME letters that occur in `text`."""
    folded = _fold(text)
    found = set(ASCII_WORD.findall(folded))
    for i in range(len(folded)):
        for j in range(i + MIN_NAME, min(i + longest, len(folded)) + 1):
            if folded[i:j] in names:
                found.add(folded[i:j])
    return frozenset(found)


def shared_name_near(records: list[Record], found: dict[str, list[Pair]], names: frozenset[str]) -> list[Pair]:
    """Pairs published within SHARED_NAME_HOURS that share a name (title + body) and are in no lax pool."""
    lax = {pair for name in (TITLE_EXACT, TITLE_BIGRAM_HI, BODY_CONTAINED, TITLE_BIGRAM, BODY_LEAD)
           for pair in found[name]}
    longest = max(map(len, names), default=MIN_NAME)
    held = [names_in(f"{r.title}\n{r.body}", names, longest) for r in records]
    within = timedelta(hours=SHARED_NAME_HOURS)
    return sorted({pair for pair in _windowed(records, 1) if pair not in lax and held[pair[0]] & held[pair[1]]
                   and _near(records[pair[0]], records[pair[1]], within)})


def draw_blind(records: list[Record], source: str, split: str, judged: set[frozenset[str]],
               names: frozenset[str]) -> tuple[list[Row], dict[str, list[Pair]]]:
    """A blind split's rows of a source (unjudged) and the pools they were drawn from, minus pairs judged before
    (one seed per generator: BLIND_SEED[split], +1, ...)."""
    found = pool(records, random.Random(SEED))
    found[SHARED_NAME] = shared_name_near(records, found, names)
    quota = BLIND_QUOTA[split][source]
    if NEAR_TITLE in quota:
        alike = {pair for name in (TITLE_EXACT, TITLE_BIGRAM_HI, BODY_CONTAINED, TITLE_BIGRAM) for pair in found[name]}
        found[NEAR_TITLE] = [pair for pair in found[NEAR_TIME] if pair in alike]
    if CONTAINED_ITEM in quota:
        found[CONTAINED_ITEM] = [(i, j) for i, j in found[BODY_CONTAINED]
                                 if not any(word in records[k].title for k in (i, j) for word in DIGEST_WORDS)]
    found = {name: [p for p in pairs if pair_key(records[p[0]].origin, records[p[1]].origin) not in judged]
             for name, pairs in found.items()}
    rows: list[Row] = []
    for n, name in enumerate(quota):
        rows = draw(records, found, random.Random(BLIND_SEED[split] + n), source, split, (name,), rows, quota)
    return rows, found


def draw_blind2(records: list[Record], source: str, judged: set[frozenset[str]],
                names: frozenset[str]) -> tuple[list[Row], dict[str, list[Pair]]]:
    """The blind2 rows of a source, as drawn by judge20."""
    return draw_blind(records, source, BLIND2, judged, names)


def fixture_path(source: str, directory: Path = FIXTURES, split: str = "") -> Path:
    """The fit/test file of a source, or with a blind split (BLINDS) its <source-name>.<split>.tsv."""
    suffix = f".{split}.tsv" if split in (*BLINDS, *OUTPUTS) else ".tsv"
    return directory / f"{source_name(source)}{suffix}"


def read_rows(path: Path) -> list[Row]:
    """A fixture file's rows ('#' lines are its header comment). A malformed row fails with file:line."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t")
    header = next(reader, None)
    if tuple(header or ()) != COLUMNS:
        raise ValueError(f"{path}: header is {header}, expected {list(COLUMNS)}")
    for (n, _), cells in zip(lines[1:], reader, strict=True):
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{n}: {len(cells)} columns, expected {len(COLUMNS)}")
        row = Row(*cells)
        if row.verdict not in (*VERDICTS, "") or row.split not in SPLITS or row.generator not in GENERATORS:
            raise ValueError(f"{path}:{n}: bad verdict, split or generator in {cells}")
        rows.append(row)
    return rows


def read_fixture(directory: Path = FIXTURES) -> list[Row]:
    """Every row: each source's fit/test file, then its blind files (blind2 ... blind7)."""
    return [row for source, _ in SOURCES for split in ("", *BLINDS)
            if (path := fixture_path(source, directory, split)).exists() for row in read_rows(path)]


OUTPUT_COLUMNS = ("source", "a_origin", "a_id", "b_origin", "b_id", "predicted", "verdict", "kind")
OUTPUT_NOTE = """\
# Pairs the detector output (issue 19, bench/output_precision.py) from {source}, sample {sample}: every record
# through one in-memory StoryIndex in input order (the planner's pass); `predicted` yes = (duplicate_of, document)
# drawn at random (seed {seed}), no = a decoy of the lax pools within 48 h the detector did not predict. Shuffled
# together and judged blind against RUBRIC.md. No news text: origins are "file:line" under data/news.
"""


@dataclass(frozen=True)
class OutputRow:
    """One row of an output sample: a pair, whether the detector predicted it, and the blind verdict."""

    source: str
    a_origin: str
    a_id: str
    b_origin: str
    b_id: str
    predicted: str  # "yes" | "no"
    verdict: str = ""
    kind: str = ""


def read_output_rows(source: str, directory: Path = FIXTURES, sample: str = OUTPUT) -> list[OutputRow]:
    """A source's output sample ([] when it has none); a malformed row fails with file:line."""
    path = fixture_path(source, directory, sample)
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t")
    if tuple(next(reader, None) or ()) != OUTPUT_COLUMNS:
        raise ValueError(f"{path}: header is not {list(OUTPUT_COLUMNS)}")
    for (n, _), cells in zip(lines[1:], reader, strict=True):
        if len(cells) != len(OUTPUT_COLUMNS):
            raise ValueError(f"{path}:{n}: {len(cells)} columns, expected {len(OUTPUT_COLUMNS)}")
        row = OutputRow(*cells)
        if row.predicted not in ("yes", "no") or row.verdict not in (*VERDICTS, ""):
            raise ValueError(f"{path}:{n}: bad predicted or verdict in {cells}")
        rows.append(row)
    return rows


def write_output_rows(source: str, rows: list[OutputRow], seed: int, directory: Path = FIXTURES,
                      sample: str = OUTPUT) -> None:
    path = fixture_path(source, directory, sample)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(OUTPUT_NOTE.format(source=source, seed=seed, sample=sample))
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        for row in rows:
            writer.writerow([getattr(row, c) for c in OUTPUT_COLUMNS])
    tmp.replace(path)


def output_pairs(source: str, shared: Path = SHARED_DIR, directory: Path = FIXTURES,
                 sample: str = OUTPUT) -> list[tuple[OutputRow, Document, Document]]:
    """A source's output rows with both records read from `shared`; UnresolvedRecord when one has moved."""
    resolver = Resolver(shared)
    return [(row, resolver.record(row.a_origin, row.a_id), resolver.record(row.b_origin, row.b_id))
            for row in read_output_rows(source, directory, sample)]


HEADER_NOTE = """\
# Hand-judged pairs of "same story" (issue 19, branch judge19) from {source}, split {split}; drawn by
# `python -m bench.story_pairs --draw` (seeds 19, then 1902-1904 for the top-up strata) and judged by reading both
# texts against RUBRIC.md. No news text: a_origin/b_origin are "file:line" under data/news, a_id/b_id the ids.
# The sample is stratified, not uniform: read figures per generator. Candidate pool sizes (pairs) per generator:
# {pool}
"""


BLIND_NOTE = """\
# Hand-judged pairs of "same story" (issue 19, branch {branch}) from {source}, split {split}: a {nth} blind sample,
# drawn once by `python -m bench.story_pairs --draw-blind {n}` (seeds {seed}...) from the pools below minus every pair
# judged in another fixture file, and judged by reading both texts against RUBRIC.md. No news text:
# a_origin/b_origin are "file:line" under data/news, a_id/b_id the ids. Stratified: read figures per generator.
# Candidate pool sizes (pairs not judged before) per generator:
# {pool}
"""


def header(source: str, split: str, found: dict[str, list[Pair]]) -> str:
    if split in BLINDS:
        pool = ", ".join(f"{name} {len(found[name])}" for name in GENERATORS if name in found)
        branch, nth = {BLIND2: ("judge20", "second"), BLIND3: ("judge20b", "third"),
                       BLIND4: ("judge21", "fourth"),
                       BLIND5: ("judge22", "fifth"), BLIND6: ("judge24", "sixth"),
                       BLIND7: ("judge26", "seventh"), BLIND8: ("judge28", "eighth"),
                       BLIND9: ("judge29", "ninth"), BLIND10: ("judge30", "tenth")}[split]
        return BLIND_NOTE.format(branch=branch, source=source, split=split, nth=nth, n=split[len("blind"):],
                                 seed=BLIND_SEED[split],
                                 pool=pool)
    pool = ", ".join(f"{name} {len(found[name])}" for name in FIT_POOLS)
    return HEADER_NOTE.format(source=source, split=split, pool=pool)


def read_header(path: Path) -> str:
    with path.open(encoding="utf-8") as fh:
        return "".join(line for line in fh if line.startswith("#"))


def write_rows(path: Path, rows: list[Row], note: str) -> None:
    """The rows under `note` (the '#' header), written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(note)
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([getattr(row, c) for c in COLUMNS])
    tmp.replace(path)


class Resolver:
    """Records by origin: what turns a fixture row back into its two texts. A record of a line file (JSONL) is
    read as a window of its one line, through the run's own reader, as a shard reads its part of a file: the
    judged rows name ~4,000 of the ~70,000 records in their files, and mapping every record cost ~8 s of CPU per
    resolve. Other files (CSV, whose rows may span lines) are read whole, once."""

    def __init__(self, shared: Path) -> None:
        self.news = news_dir(shared)
        self.options = read_options(RunConfig(glossaries=PROJECT_GLOSSARIES))
        self.files: dict[str, dict[str, Document]] = {}  # whole files read, by origin
        self.line_starts: dict[str, list[int]] = {}  # byte offset of every line of a line file, and its end
        self.records: dict[str, Document | None] = {}  # records read by their line's window, by origin

    def record(self, origin: str, record_id: str) -> Document:
        file, _, line = origin.rpartition(":")
        path = self.news / file
        if file not in self.files and file not in self.line_starts:
            if not path.is_file():
                raise UnresolvedRecord(f"{origin}: no file {path}")
            if describe(path, self.options.encoding).splittable:
                self.line_starts[file] = _line_starts(path)
            else:
                self.files[file] = {f"{file}:{item.origin.rpartition(':')[2]}": item
                                    for item in read_file(path, self.options) if isinstance(item, Document)}
        if file in self.files:
            doc = self.files[file].get(origin)
        else:
            if origin not in self.records:
                self.records[origin] = self._one_line(path, self.line_starts[file], int(line))
            doc = self.records[origin]
        if doc is None or doc.id != record_id:
            found = "no record" if doc is None else f"record {doc.id!r}"
            raise UnresolvedRecord(f"{origin}: expected record {record_id!r}, found {found} "
                                   f"(in {self.news}: has the data changed?)")
        return doc

    def _one_line(self, path: Path, starts: list[int], line: int) -> Document | None:
        """The record of line `line` (1-based), read by the run's reader from a window of that line alone."""
        if not 1 <= line < len(starts):
            return None
        window = Window(start=starts[line - 1], end=starts[line], first_line=line)
        return next((item for item in read_file(path, self.options, window) if isinstance(item, Document)), None)


def _line_starts(path: Path) -> list[int]:
    """The byte offset where each line of `path` starts (lines end at LF, as the reader splits a line file), then
    the file's size."""
    data = path.read_bytes()
    starts = [0]
    position = data.find(b"\n")
    while position != -1:
        starts.append(position + 1)
        position = data.find(b"\n", position + 1)
    if starts[-1] != len(data):
        starts.append(len(data))
    return starts


def judged_pairs(shared: Path = SHARED_DIR, directory: Path = FIXTURES) -> list[JudgedPair]:
    """Every fixture row with both texts read from `shared`; UnresolvedRecord when a record is not where the row
    says."""
    resolver = Resolver(shared)
    pairs = []
    for row in read_fixture(directory):
        a, b = resolver.record(row.a_origin, row.a_id), resolver.record(row.b_origin, row.b_id)
        _, _, a_published, a_timed = _day_and_time(a.meta.get("published_at"))
        _, _, b_published, b_timed = _day_and_time(b.meta.get("published_at"))
        pairs.append(JudgedPair(row.source, row.split, row.generator, row.verdict, row.kind,
                                (a.title, a.body), (b.title, b.body), a_published, b_published, row.a_id, row.b_id,
                                a_timed, b_timed, record_publisher(a), record_publisher(b)))
    return pairs


def pair_key(a_origin: str, b_origin: str) -> frozenset[str]:
    """A pair's identity whatever the order of its two records (the output samples name the first copy first)."""
    return frozenset((a_origin, b_origin))


def judged_keys(directory: Path = FIXTURES, skip: Iterable[Path] = ()) -> set[frozenset[str]]:
    """Every pair named in any fixture file of `directory` (fit/test, blind*, the detector's output samples
    <source>.output.tsv, whatever their columns) but the `skip` files: what a new blind sample must leave out."""
    keys = set()
    skipped = set(skip)
    for path in sorted(directory.glob("*.tsv")):
        if path in skipped:
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            lines = (line for line in fh if line.strip() and not line.startswith("#"))
            keys.update(pair_key(cells["a_origin"], cells["b_origin"])
                        for cells in csv.DictReader(lines, delimiter="\t"))
    return keys


def counts(rows: Iterable[Row]) -> str:
    """Pairs per source and generator, by verdict; then per split and in all (positives share without unsure)."""
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        name = source_name(row.source) + (f".{row.split}" if row.split in BLINDS else "")  # never mixed with fit/test
        for key in ((name, row.generator), (name, "all"),
                    (f"split {row.split}", "all"), ("all", "all")):
            table[key][row.verdict or "unjudged"] += 1
    lines = [f"{'source':28} {'generator':16} {'pairs':>5} {'same':>5} {'diff':>5} {'unsure':>6} {'unjudged':>8} "
             f"{'same%':>6}"]
    for (source, generator), c in table.items():
        decided = c[SAME] + c[DIFFERENT]
        share = f"{c[SAME] / decided:6.0%}" if decided else "     -"
        lines.append(f"{source:28} {generator:16} {sum(c.values()):5} {c[SAME]:5} {c[DIFFERENT]:5} {c[UNSURE]:6} "
                     f"{c['unjudged']:8} {share}")
    return "\n".join(lines)


def _show(shared: Path, source: str, rows: list[Row], first: int, last: int) -> None:
    resolver = Resolver(shared)
    for n, row in enumerate(rows[first:last], first):
        print(f"=== {n} {row.generator} {row.verdict or '?'} {row.kind}")
        for origin, record_id in ((row.a_origin, row.a_id), (row.b_origin, row.b_id)):
            doc = resolver.record(origin, record_id)
            print(f"  [{record_id} {doc.meta.get('published_at', '')}] {doc.title}")
            if doc.body:
                print(f"      {doc.body[:400]}")


def _full_source(name: str) -> tuple[str, str]:
    for source, split in SOURCES:
        if source_name(source) == name or source == name:
            return source, split
    raise SystemExit(f"unknown source {name!r}; one of {[source_name(s) for s, _ in SOURCES]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", action="store_true", help="pool sizes per source and generator")
    parser.add_argument("--draw", action="store_true", help="write the unjudged rows (keeps given verdicts)")
    parser.add_argument("--show", metavar="SOURCE", help="print both texts of each row (to judge; not in the tree)")
    parser.add_argument("--rows", default="0:1000", help="with --show: FIRST:LAST row numbers")
    parser.add_argument("--set", nargs="+", metavar="ARG", help="SOURCE N=verdict:kind ...: record verdicts")
    parser.add_argument("--draw-blind2", dest="draw_blind", action="store_const", const=2,
                        help="write the blind2 files (unjudged; refuses to overwrite one)")
    parser.add_argument("--draw-blind3", dest="draw_blind", action="store_const", const=3,
                        help="write the blind3 files (likewise)")
    parser.add_argument("--draw-blind", dest="draw_blind", type=int, metavar="N", help="write the blindN files")
    parser.add_argument("--blind2", dest="blind", action="store_const", const=2,
                        help="with --show/--set: the source's blind2 file")
    parser.add_argument("--blind3", dest="blind", action="store_const", const=3, help="likewise, blind3")
    parser.add_argument("--blind", type=int, metavar="N", help="likewise, the blindN file")
    args = parser.parse_args(argv)
    kind = f"blind{args.blind}" if args.blind else ""
    if kind and kind not in BLINDS:
        raise SystemExit(f"no split {kind!r}; one of {BLINDS}")
    if not (news_dir(SHARED_DIR)).is_dir():
        print(f"no dev news at {news_dir(SHARED_DIR)} (set NEWSBRIDGE_SHARED)", file=sys.stderr)
        return 1
    if args.draw_blind:
        split = f"blind{args.draw_blind}"
        if split not in BLINDS:
            raise SystemExit(f"no split {split!r}; one of {BLINDS}")
        judged = judged_keys()  # every file's (output samples too): a blind sample holds no pair seen before
        paths = {source: fixture_path(source, split=split) for source in BLIND_QUOTA[split]}
        if existing := [str(path) for path in paths.values() if path.exists()]:
            raise SystemExit(f"{', '.join(existing)} exists: the {split} sample is drawn once")
        names = glossary_names()
        for source, path in paths.items():
            records = read_source(SHARED_DIR, source)
            rows, found = draw_blind(records, source, split, judged, names)
            print(source, len(records), "records;", ", ".join(f"{k} {len(v)}" for k, v in found.items()))
            write_rows(path, rows, header(source, split, found))
        return 0
    if args.pool or args.draw:
        for source, split in SOURCES:
            if split == BLIND2:
                continue
            rng = random.Random(SEED)
            records = read_source(SHARED_DIR, source)
            found = pool(records, rng)
            print(source, len(records), "records;", ", ".join(f"{k} {len(v)}" for k, v in found.items()))
            if args.draw:
                path = fixture_path(source)
                given = {row.key(): row for row in read_rows(path)} if path.exists() else {}
                rows = draw(records, found, rng, source, split)
                for name, seed in TOP_UPS:
                    rows = draw(records, found, random.Random(seed), source, split, (name,), rows)
                rows = [given.get(row.key(), row) for row in rows]
                write_rows(path, rows, header(source, split, found))
        return 0
    if args.show:
        source, _ = _full_source(args.show)
        first, _, last = args.rows.partition(":")
        _show(SHARED_DIR, source, read_rows(fixture_path(source, split=kind)), int(first), int(last or 1000))
        return 0
    if args.set:
        source, _ = _full_source(args.set[0])
        path = fixture_path(source, split=kind)
        rows = read_rows(path)
        for item in args.set[1:]:
            n, _, judged = item.partition("=")
            verdict, _, kind = judged.partition(":")
            if verdict not in VERDICTS:
                raise SystemExit(f"{item}: verdict must be one of {VERDICTS}")
            row = rows[int(n)]
            rows[int(n)] = Row(row.source, row.split, row.generator, row.a_origin, row.a_id, row.b_origin,
                               row.b_id, verdict, kind)
        write_rows(path, rows, read_header(path))
        return 0
    print(counts(read_fixture()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
