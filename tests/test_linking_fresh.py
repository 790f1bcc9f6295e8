"""Issue 16's hand-judged held-out fixture (tests/fixtures/linking_judged/fresh/): every row is well formed, and
today's linker is scored against it on the real news in ../shared (skipped cleanly where that is absent).

The floors hold on the branch that made the fixture (main before the issue-16 linker work); the lead raises them
toward the issue's goals as that work is merged. A fixture file without a floor here is only checked for form."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from bench.fresh_eval import (
    FRESH_DIR,
    FRESH_SEED,
    ISO_CURRENCY,
    ROUND_DIRS,
    TYPES,
    FreshScore,
    fixture_files,
    judged_segment,
    load_rows,
    name_form,
    score_files,
)
from bench.linking_eval import (
    NAME_PREFIX,
    NEWS,
    TICKER_RE,
    Pipeline,
    key_alternatives,
    read_records,
    record_origins,
)
from pipeline.glossary import CompiledGlossary
from pipeline.records import Document
from stages.translators.numbers import CURRENCIES

# round directory/file name → (recall, identity precision, currency right): a little under what main scores
# (issue 16's fourth round; records run with their source and url, as `newsbridge run` reads them). Before issue 16's
# linker work main scored round 1's toutiao 0.492 / 0.970 / 1.0, eastmoney 0.767 / 0.992 / 1.0, xueqiu
# 0.831 / 1.0 / 1.0, rthk 0.285 / 0.942 / 0.429. Round 2 (fresh2/, a blind draw judged before round 3's rules
# were written) scored 0.794 recall and 0.988 precision overall on main before round 3; round 3 (fresh3/, judged
# before round 4's rules) 0.828 and 0.967 on main before round 4; round 4 (fresh4/, judged before round 5's rules)
# 0.890 and 0.980 on main before round 5; round 5 (fresh5/, judged before round 6's rules were merged) 0.867 and
# 0.982 on main before round 6, 0.874 and 0.982 with round 6 merged; round 6 (fresh6/, judged before round 7's
# rules were merged) 0.900 and 0.990 on main before round 7, 0.903 and 0.990 with round 7 merged; round 7 (fresh7/,
# a second blind draw judged after round 7's merge, before any rule was written from it) 0.854 and 0.977 on main
# before round 7, 0.857 and 0.977 with it; round 8 (fresh8/, judged before round 8's rules were merged) 0.906 and
# 0.986 on main before round 8, 0.920 and 0.981 with round 8 merged (0.986 after the lead's post-scoring fixes); round
# 9 (fresh9/, a second blind draw judged after round 8's merge, before any rule was written from it) 0.887 and 0.986.
FLOORS = {
    "fresh/toutiao_finance_hot.jsonl": (0.89, 0.96, 0.95),  # main: 0.923, 0.979, 1.0
    "fresh/eastmoney_hot_topics.jsonl": (0.91, 0.98, 0.95),  # main: 0.937, 1.0, 1.0
    "fresh/xueqiu_hot_topics.jsonl": (0.92, 0.97, 0.95),  # main: 0.949, 1.0, 1.0
    "fresh/rthk_finance_2025.jsonl": (0.90, 0.95, 0.90),  # main: 0.930, 0.972, 0.929
    "fresh2/toutiao_finance_hot.jsonl": (0.80, 0.97, 0.95),  # main: 0.830, 1.0, 1.0
    "fresh2/eastmoney_hot_topics.jsonl": (0.88, 0.96, 0.95),  # main: 0.914, 0.987, 1.0
    "fresh2/xueqiu_hot_topics.jsonl": (0.92, 0.97, 0.95),  # main: 0.958, 1.0, 1.0
    "fresh2/rthk_finance_2025.jsonl": (0.89, 0.96, 0.88),  # main: 0.918, 0.981, 0.921
    "fresh3/toutiao_finance_hot.jsonl": (0.84, 0.93, 0.95),  # main: 0.867, 0.951, 1.0
    "fresh3/eastmoney_hot_topics.jsonl": (0.86, 0.97, 0.95),  # main: 0.887, 1.0, 1.0
    "fresh3/xueqiu_hot_topics.jsonl": (0.83, 0.97, 0.95),  # main: 0.860, 1.0, 1.0
    "fresh3/rthk_finance_2025.jsonl": (0.89, 0.97, 0.88),  # main: 0.917, 1.0, 0.912
    "fresh4/toutiao_finance_hot.jsonl": (0.82, 0.97, 0.93),  # main: 0.846, 1.0, 0.960
    "fresh4/eastmoney_hot_topics.jsonl": (0.92, 0.94, 0.95),  # main: 0.951, 0.971, 1.0
    "fresh4/xueqiu_hot_topics.jsonl": (0.89, 0.97, 0.95),  # main: 0.917, 1.0, (no amounts)
    "fresh4/rthk_finance_2025.jsonl": (0.87, 0.94, 0.88),  # main: 0.897, 0.968, 0.909
    "fresh5/toutiao_finance_hot.jsonl": (0.80, 0.93, 0.95),  # main: 0.830, 0.959, 1.0
    "fresh5/eastmoney_hot_topics.jsonl": (0.88, 0.97, 0.92),  # main: 0.912, 1.0, 0.952
    "fresh5/xueqiu_hot_topics.jsonl": (0.87, 0.94, 0.95),  # main: 0.902, 0.974, 1.0
    "fresh5/rthk_finance_2025.jsonl": (0.85, 0.96, 0.94),  # main: 0.879, 0.987, 0.970
    "fresh6/toutiao_finance_hot.jsonl": (0.87, 0.97, 0.95),  # main: 0.901, 1.0, 1.0
    "fresh6/eastmoney_hot_topics.jsonl": (0.91, 0.96, 0.95),  # main: 0.943, 0.988, 1.0
    "fresh6/xueqiu_hot_topics.jsonl": (0.87, 0.97, 0.95),  # main: 0.905, 1.0, 1.0
    "fresh6/rthk_finance_2025.jsonl": (0.85, 0.95, 0.95),  # main: 0.882, 0.982, 1.0
    "fresh7/toutiao_finance_hot.jsonl": (0.81, 0.93, 0.95),  # main: 0.848, 0.964, 1.0
    "fresh7/eastmoney_hot_topics.jsonl": (0.82, 0.92, 0.95),  # main: 0.855, 0.951, 1.0
    "fresh7/xueqiu_hot_topics.jsonl": (0.90, 0.97, 0.95),  # main: 0.935, 1.0, 1.0
    "fresh7/rthk_finance_2025.jsonl": (0.81, 0.96, 0.95),  # main: 0.841, 0.988, 1.0
    "fresh8/toutiao_finance_hot.jsonl": (0.86, 0.96, 0.95),  # main: 0.892, 0.991, 1.0
    "fresh8/eastmoney_hot_topics.jsonl": (0.88, 0.96, 0.95),  # main: 0.916, 0.989, 1.0
    "fresh8/xueqiu_hot_topics.jsonl": (0.91, 0.95, 0.95),  # main: 0.946, 0.982, 1.0
    "fresh8/rthk_finance_2025.jsonl": (0.90, 0.95, 0.95),  # main: 0.935, 0.982, 1.0
    "fresh9/toutiao_finance_hot.jsonl": (0.75, 0.94, 0.95),  # main: 0.780, 0.965, 1.0
    "fresh9/eastmoney_hot_topics.jsonl": (0.91, 0.95, 0.95),  # main: 0.946, 0.986, 1.0
    "fresh9/xueqiu_hot_topics.jsonl": (0.78, 0.97, 0.95),  # main: 0.809, 1.0, 1.0 (0.5 blind: an HK-only share price)
    "fresh9/rthk_finance_2025.jsonl": (0.92, 0.96, 0.95),  # main: 0.951, 0.994, 1.0
}
MAX_SURFACE_CHARS = 30
ROW_FIELDS = {"source", "record", "part", "start", "end", "gold", "amounts"}
GOLD_FIELDS = {"start", "end", "surface", "type", "key", "en"}
ALSO_FIELDS = {"start", "end", "surface", "key"}


def _rows(directory: Path = FRESH_DIR) -> list[tuple[str, dict]]:
    return [(path.name, row) for path in fixture_files(directory) for row in load_rows(path)]


def _needs_news() -> None:
    if not NEWS.exists():
        pytest.skip(f"{NEWS} not present (../shared exists only in development and CI)")


# Every round's rows are checked for form, and every floored file exists.
@pytest.mark.parametrize("round_name", sorted(ROUND_DIRS))
def test_fixture_rows_are_well_formed_without_the_news(round_name: str) -> None:
    directory = ROUND_DIRS[round_name]
    rows = _rows(directory)
    floored = {name.split("/")[1] for name in FLOORS if name.split("/")[0] == directory.name}
    assert {name for name, _ in rows} >= floored, "every floored source has its fixture file"
    places = [(r["source"], r["record"], r["part"], r["start"]) for _, r in rows]
    assert len(places) == len(set(places)), "a segment is judged once"
    currencies = set(ISO_CURRENCY.values()) | {"CAD", "AUD", "SGD", "CHF", "MOP"}
    for name, r in rows:
        where = f"{name}#{r['record']}"
        assert ROW_FIELDS <= set(r) <= ROW_FIELDS | {"also"}, where
        assert r["source"].endswith("/" + name) and r["part"] in ("title", "body"), where
        assert 0 <= r["start"] < r["end"], where
        spans = sorted((g["start"], g["end"]) for g in r["gold"])
        assert all(r["start"] <= s < e <= r["end"] for s, e in spans), where
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), f"overlapping gold in {where}"
        for g in r["gold"]:
            assert set(g) == GOLD_FIELDS and g["type"] in TYPES, where
            assert g["end"] - g["start"] == len(g["surface"]) <= MAX_SURFACE_CHARS, where
            for alt in key_alternatives(g["key"]):
                assert (alt.startswith(NAME_PREFIX) and len(alt) > len(NAME_PREFIX)) or TICKER_RE.match(alt), alt
            assert g["en"] and all(name_form(e) for e in g["en"]), where
        for a in r["amounts"]:
            assert r["start"] <= a["start"] < a["end"] <= r["end"], where
            assert a["currency"] in currencies, f"{where}: amount without a known currency"
        for a in r.get("also", []):  # links judged right though recall does not ask for them
            assert set(a) == ALSO_FIELDS and r["start"] <= a["start"] < a["end"] <= r["end"], where
            assert a["end"] - a["start"] == len(a["surface"]) and a["key"].startswith(NAME_PREFIX), where


class _RunOnce(Pipeline):
    """The real stages, each record run once for all the tests of this file (the scorer only reads documents)."""

    def __init__(self, glossary: CompiledGlossary) -> None:
        super().__init__(glossary)
        self._done: dict[tuple[str, str], Document] = {}

    def run(self, title: str, body: str, doc_id: str = "judged", meta: dict | None = None) -> Document:
        key = (title, body, tuple(sorted((meta or {}).items())))
        if key not in self._done:
            self._done[key] = super().run(title, body, doc_id, meta)
        return self._done[key]


@pytest.fixture(scope="module")
def pipeline(request: pytest.FixtureRequest) -> Pipeline:
    _needs_news()  # before the glossary is built: a skip costs nothing
    return _RunOnce(request.getfixturevalue("glossary"))


def test_no_record_is_judged_in_two_rounds() -> None:
    """Each later draw continues the seed-16 order past the records judged before (a blind draw, not a re-read)."""
    seen: dict[tuple[str, int], str] = {}
    for round_name, directory in sorted(ROUND_DIRS.items()):
        for _, r in _rows(directory):
            earlier = seen.setdefault((r["source"], r["record"]), round_name)
            assert earlier == round_name, f"{r['source']}#{r['record']} judged in rounds {earlier} and {round_name}"


@pytest.mark.parametrize("round_name", sorted(ROUND_DIRS))
def test_fixture_offsets_sit_on_segments_and_surfaces(pipeline: Pipeline, round_name: str) -> None:
    """Each row is one segment as the segment stage splits it, and each surface is the normalized slice."""
    for name, r in _rows(ROUND_DIRS[round_name]):
        # With the record's source and url, as the scorer runs it: one run per record serves both.
        doc = pipeline.run(*read_records(r["source"])[r["record"]], meta=record_origins(r["source"])[r["record"]])
        text = doc.title if r["part"] == "title" else doc.body
        seg = judged_segment(doc, r)
        assert len(seg.zh or "") == r["end"] - r["start"], f"{name}#{r['record']}"
        for g in [*r["gold"], *r.get("also", [])]:
            assert text[g["start"]:g["end"]] == g["surface"], f"{name}#{r['record']} {g['surface']}"
        for a in r["amounts"]:
            # 分 (fen) and 仙 (HK cents, 每股5仙) are amounts of money the reader has
            # no currency word for yet (港仙 is in CURRENCIES).
            money_words = (*CURRENCIES, "分", "仙")
            assert any(w in text[a["start"]:a["end"]] for w in money_words), f"{name}#{r['record']}: no currency word"


@pytest.fixture(scope="module")
def scores(request: pytest.FixtureRequest, pipeline: Pipeline) -> dict[str, FreshScore]:
    glossary: CompiledGlossary = request.getfixturevalue("glossary")
    return score_files(_every_round_file(), glossary, pipeline)


def _every_round_file() -> list[Path]:
    return [path for directory in ROUND_DIRS.values() for path in fixture_files(directory)]


def test_scoring_counts_every_judged_mention(scores: dict[str, FreshScore]) -> None:
    for path in _every_round_file():
        rows, s = load_rows(path), scores[f"{path.parent.name}/{path.name}"]
        assert s.segments == len(rows)
        assert s.links.gold == sum(len(r["gold"]) for r in rows) == len(s.misses) + s.links.found
        assert len(s.false_positives) == s.links.linked - s.links.correct
        assert s.currency.total == sum(len(r["amounts"]) for r in rows)
        assert s.links.gold == sum(s.by_type[t].gold for t in TYPES)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floors_hold(scores: dict[str, FreshScore], name: str) -> None:
    recall, precision, currency = FLOORS[name]
    s = scores[name]
    assert s.links.recall >= recall, "\n".join(s.misses)
    assert s.links.precision >= precision, "\n".join(s.false_positives)
    assert s.currency.rate >= currency, "\n".join(s.wrong_currencies)


def test_the_draw_is_issue_16s_seed() -> None:
    assert FRESH_SEED == 16
