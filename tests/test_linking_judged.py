"""The hand-judged linking sample (tests/fixtures/linking_judged/): the fixture is well-formed, and today's
linker is scored against it on the real news in ../shared (skipped cleanly where that is absent)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest

from bench.linking_eval import (
    HEADLINES_FILE,
    NAME_PREFIX,
    NEWS,
    SEGMENTS_FILE,
    TICKER_RE,
    Judged,
    Pipeline,
    Score,
    cfsc_listed_recall,
    key_alternatives,
    key_matches,
    load_fixture,
    same_mention,
    score,
    source_group,
)
from pipeline.glossary import CompiledGlossary

MIN_JUDGED_LINKED = 400
HEADLINES = 100
SOURCES = {"CFSC", "CFBenchmark", "FinNA", "cnyes"}
# A surface is a name, never a sentence.
MAX_SURFACE_CHARS = 30
# Issue 7, "Done means".
PRECISION_GOAL = 0.98
TRADITIONAL_RECALL_GOAL = 0.90
CFSC_RECALL_GOAL = 0.99


def _all_judged() -> list[Judged]:
    return load_fixture(SEGMENTS_FILE) + load_fixture(HEADLINES_FILE)


def _needs_news() -> None:
    if not NEWS.exists():
        pytest.skip(f"{NEWS} not present (../shared exists only in development and CI)")


def test_fixture_is_well_formed_without_the_news() -> None:
    segments, headlines = load_fixture(SEGMENTS_FILE), load_fixture(HEADLINES_FILE)
    verdicts = Counter(source_group(j.source) for j in segments for _ in j.verdicts)
    assert sum(verdicts.values()) >= MIN_JUDGED_LINKED
    assert set(verdicts) == SOURCES, "linked mentions from every source"
    assert len(headlines) == HEADLINES
    assert all(source_group(h.source) == "cnyes" and h.part == "title" for h in headlines)
    places = [(j.source, j.record, j.part, j.start) for j in _all_judged()]
    assert len(places) == len(set(places)), "a segment is judged once"
    for j in _all_judged():
        assert 0 <= j.start < j.end and j.part in ("title", "body")
        spans = sorted((g["start"], g["end"]) for g in j.gold)
        assert all(j.start <= s < e <= j.end for s, e in spans)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), f"overlapping gold in {j.source}#{j.record}"
        for g in j.gold:
            assert g["end"] - g["start"] == len(g["surface"]) <= MAX_SURFACE_CHARS
            for alt in key_alternatives(g["key"]):
                assert (alt.startswith(NAME_PREFIX) and len(alt) > len(NAME_PREFIX)) or TICKER_RE.match(alt), alt
        for v in j.verdicts:
            assert v["verdict"] == "correct" or (v["verdict"].startswith("wrong: ") and len(v["verdict"]) > 10)
            # A mention judged correct is in the gold, with its span.
            if v["verdict"] == "correct":
                assert (v["start"], v["end"]) in spans


def test_scoring_rules() -> None:
    """A legal form after the name is the same mention; a truncated name is not; keys match any alternative."""
    text = "中国铁建股份有限公司与摩根士丹利、贸联-KY"
    assert same_mention(text, (0, 4), (0, 4)) and same_mention(text, (0, 10), (0, 4))
    assert same_mention(text, (17, 19), (17, 22))
    assert not same_mention(text, (11, 15), (11, 16)), "摩根士丹 is not 摩根士丹利"
    assert not same_mention(text, (1, 4), (0, 4))
    marked = "*ST锦港与国泰君安证券"
    assert same_mention(marked, (0, 5), (3, 5)), "a trading-status marker is outside the judged span"
    assert same_mention(marked, (6, 10), (6, 12)), "国泰君安 is 国泰君安证券"
    assert not same_mention(marked, (2, 5), (3, 5)), "a stray letter is no marker"
    star = "寒武纪-U与寒武纪"
    assert same_mention(star, (0, 5), (0, 3)), "the STAR market's -U is outside the judged span, as -KY is"
    assert not same_mention(star, (0, 4), (0, 3)), "a bare hyphen is no marker"
    assert key_matches("601186.SH|1186.HK", {"1186.HK"}) and not key_matches("601186.SH", {"1186.HK"})
    assert key_matches("name:Federal Reserve", {"name:federal reserve"})


def test_fixture_offsets_sit_on_the_surfaces_in_the_normalized_news(glossary: CompiledGlossary) -> None:
    _needs_news()
    from bench.linking_eval import read_records
    from stages.normalize import TextNormalizer

    normalize = TextNormalizer()
    for j in _all_judged():
        title, body = read_records(j.source)[j.record]
        text = normalize(title if j.part == "title" else body)
        assert j.end <= len(text), f"{j.source}#{j.record}"
        for m in [*j.gold, *j.verdicts]:
            assert text[m["start"]:m["end"]] == m["surface"], f"{j.source}#{j.record} {m['surface']}"


@pytest.fixture(scope="module")
def scores(glossary: CompiledGlossary) -> tuple[Score, Score]:
    _needs_news()
    pipeline = Pipeline(glossary)
    return (score(load_fixture(SEGMENTS_FILE), glossary, pipeline),
            score(load_fixture(HEADLINES_FILE), glossary, pipeline))


def test_scoring_counts_every_judged_mention(scores: tuple[Score, Score]) -> None:
    """Not a goal: the scorer sees the whole fixture, whatever the linker does."""
    segments, headlines = scores
    gold = sum(len(j.gold) for j in load_fixture(SEGMENTS_FILE))
    assert segments.overall.gold == gold and len(segments.misses) == gold - segments.overall.found
    assert headlines.overall.gold == sum(len(j.gold) for j in load_fixture(HEADLINES_FILE))
    assert len(segments.false_positives) == segments.overall.linked - segments.overall.correct


def test_precision_goal(scores: tuple[Score, Score]) -> None:
    segments, headlines = scores
    correct = segments.overall.correct + headlines.overall.correct
    linked = segments.overall.linked + headlines.overall.linked
    assert correct / linked >= PRECISION_GOAL, "\n".join(segments.false_positives + headlines.false_positives)


def test_traditional_headline_recall_goal(scores: tuple[Score, Score]) -> None:
    _, headlines = scores
    assert headlines.listed.recall >= TRADITIONAL_RECALL_GOAL, "\n".join(headlines.misses)


def test_cfsc_listed_company_recall_stays(glossary: CompiledGlossary) -> None:
    """Already met today; the precision work must keep it (CFSC's own gold Corporate spans)."""
    _needs_news()
    linked, gold = cfsc_listed_recall(glossary)
    assert gold and linked / gold >= CFSC_RECALL_GOAL

