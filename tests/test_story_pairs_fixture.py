"""The hand-judged "same story" pairs (issue 19) hold locations and verdicts only: the news belongs to its
publishers, so a row that carried text must fail here rather than in review; every row must still point at the
two records it was judged on, or the precision and recall measured on it mean nothing."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bench import story_pairs as sp
from bench.output_precision import QUOTA as OUTPUT_QUOTA
from pipeline.paths import SHARED_DIR

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
MIN_PAIRS = 240  # the brief: about 60 per source


def test_fixtures_hold_no_news_text() -> None:
    paths = sorted(sp.FIXTURES.glob("*.tsv"))
    expected = [sp.fixture_path(s).name for s, split in sp.SOURCES if split != sp.BLIND2]
    expected += [sp.fixture_path(s, split=split).name for split in sp.BLINDS for s in sp.BLIND_QUOTA[split]]
    expected += [sp.fixture_path(s, split=sample).name for sample in sp.OUTPUTS for s in OUTPUT_QUOTA]
    assert [p.name for p in paths] == sorted(expected)
    for path in paths:
        assert not HAN.search(path.read_text(encoding="utf-8")), path.name


def test_every_row_is_judged_and_well_formed() -> None:
    rows = sp.read_fixture()
    assert len(rows) >= MIN_PAIRS
    splits = dict(sp.SOURCES)
    for row in rows:
        assert row.verdict in sp.VERDICTS and row.kind, row
        assert row.split in (splits[row.source], *sp.BLINDS), row
        assert sp.in_source(row.a_origin, row.source) and sp.in_source(row.b_origin, row.source), row
        assert row.key()[0] != row.key()[1], row
    assert len({row.key() for row in rows}) == len(rows)  # no pair judged twice


def test_counts_per_split() -> None:
    """Both splits are large enough to measure, and positives are not scarce (>= 40% of decided pairs; the blind2
    and blind3 samples are tested on their own below)."""
    by_split = Counter((row.split, row.verdict) for row in sp.read_fixture() if row.split not in sp.BLINDS)
    for split in (sp.FIT, sp.TEST):
        assert by_split[split, sp.SAME] + by_split[split, sp.DIFFERENT] >= MIN_PAIRS // 2 - 20, split
    same = sum(n for (_, v), n in by_split.items() if v == sp.SAME)
    decided = same + sum(n for (_, v), n in by_split.items() if v == sp.DIFFERENT)
    assert same / decided >= 0.4


def test_blind2_is_a_new_sample() -> None:
    """The blind2 files hold blind2 rows only, none of them a pair judged in the first sample, about 150 pairs
    from us_stocks and 90 from the cnyes headlines (a source with no fit/test rows), with positives to measure
    recall on."""
    first = {row.key() for source, split in sp.SOURCES if split != sp.BLIND2
             if (path := sp.fixture_path(source)).exists() for row in sp.read_rows(path)}
    blind = {source: sp.read_rows(sp.fixture_path(source, split=sp.BLIND2)) for source in sp.BLIND2_QUOTA}
    for source, rows in blind.items():
        assert len(rows) >= 0.9 * sum(sp.BLIND2_QUOTA[source].values()), source
        assert {row.split for row in rows} == {sp.BLIND2} and {row.source for row in rows} == {source}
        assert not {row.key() for row in rows} & first, source
        assert {row.generator for row in rows} == set(sp.BLIND2_QUOTA[source]), source
    assert sum(row.verdict == sp.SAME for rows in blind.values() for row in rows) >= 60
    assert not sp.fixture_path("zh-hant/cnyes_headlines").exists()  # blind2 only: never fitted to


def test_blind2_rows_load_beside_the_first_sample(tmp_path: Path) -> None:
    """read_fixture reads a source's fit/test file and its blind2 file; a split it does not know is an error."""
    source = "zh-hant/cnyes_headlines"
    row = sp.Row(source, sp.BLIND2, sp.SHARED_NAME, f"{source}_202501.csv:2", "a", f"{source}_202501.csv:3", "b",
                 sp.DIFFERENT, "same_topic")
    sp.write_rows(sp.fixture_path(source, tmp_path, sp.BLIND2), [row], "# a test\n")
    assert sp.read_fixture(tmp_path) == [row]
    assert sp.in_source(row.a_origin, source) and not sp.in_source("zh-hant/cnyes_headlines_x/y.csv:2", source)
    sp.write_rows(sp.fixture_path(source, tmp_path, sp.BLIND2), [replace(row, split="blind99")], "# a test\n")
    with pytest.raises(ValueError, match="bad verdict, split or generator"):
        sp.read_fixture(tmp_path)


@pytest.mark.parametrize("split", [sp.BLIND3, sp.BLIND4, sp.BLIND5, sp.BLIND6, sp.BLIND7, sp.BLIND8, sp.BLIND9,
                                   sp.BLIND10])
def test_a_later_blind_split_is_a_new_sample(split: str) -> None:
    """A blind split's files (blind3 ... blind10: each kept for the round after it) hold that split's rows only, drawn
    per the quota, and no pair named in any other fixture file (fit/test, the other blind splits, output samples),
    in either order. blind3 and the first output sample were drawn at the same time, each blind to the other: they
    share two rthk pairs, judged alike by their two judges; so were blind10 and output6 (three fin_hot_hub pairs, all
    judged same by both)."""
    paths = {source: sp.fixture_path(source, split=split) for source in sp.BLIND_QUOTA[split]}
    blind = {source: sp.read_rows(path) for source, path in paths.items()}
    drawn_beside = {sp.BLIND3: sp.OUTPUT, sp.BLIND10: sp.OUTPUT6}
    same_time = [sp.fixture_path(source, split=drawn_beside[split]) for source in OUTPUT_QUOTA] \
        if split in drawn_beside else []
    elsewhere = sp.judged_keys(skip=[*paths.values(), *same_time])
    for source, rows in blind.items():
        quota = sp.BLIND_QUOTA[split][source]
        assert len(rows) >= 0.9 * sum(quota.values()), source
        assert {row.split for row in rows} == {split} and {row.source for row in rows} == {source}
        assert {row.generator for row in rows} == set(quota), source
        assert not {sp.pair_key(*row.key()) for row in rows} & elsewhere, source
    assert sum(row.verdict == sp.SAME for rows in blind.values() for row in rows) >= 40
    assert [row.split for row in sp.read_fixture()].count(split) == sum(map(len, blind.values()))


def test_generators_keep_the_earlier_draws() -> None:
    """blind9's near_title and contained_item strata come after every earlier generator: the first draw's generators
    and the pools its headers print stay as they were, so `--draw` and the blind files before blind9 are unchanged."""
    assert sp.FIRST_DRAW == sp.GENERATORS[:6] and sp.GENERATORS[-2:] == (sp.NEAR_TITLE, sp.CONTAINED_ITEM)
    assert sp.FIT_POOLS == (*sp.FIRST_DRAW, sp.NEAR_TIME, sp.CROSS_SOURCE, sp.CROSS_TITLE)
    assert not {sp.NEAR_TITLE, sp.CONTAINED_ITEM} & {name for split in sp.BLINDS[:sp.BLINDS.index(sp.BLIND9)]
                                                      for quota in sp.BLIND_QUOTA[split].values() for name in quota}


def test_contained_item_leaves_digests_out() -> None:
    """blind9's contained_item stratum: a flash inside its full item is drawn, the same flash inside a digest is not
    (a digest beside its item is `different` by the rubric, and in cls it filled the body_contained pool)."""
    day, start = date(2026, 5, 20), datetime(2026, 5, 20, 9, 0)
    texts = [("甲公司发布新品", "甲公司今天发布了新一代产品，售价999元。"),
             ("甲公司新品售价999元", "甲公司今天发布了新一代产品，售价999元。另有更多细节。"),
             ("财联社5月20日早间新闻精选", "1、甲公司今天发布了新一代产品，售价999元。2、乙公司公告。")]
    records = [sp.Record(f"r{n}", title, body, f"f:{n}", day, start + timedelta(hours=3 * n))
               for n, (title, body) in enumerate(texts)]
    _, found = sp.draw_blind(records, "zh-hans/cls_telegraph_2026", sp.BLIND9, set(), frozenset())
    assert found[sp.BODY_CONTAINED] == [(0, 1), (0, 2)] and found[sp.CONTAINED_ITEM] == [(0, 1)]


def test_judged_keys_name_every_file_in_either_order(tmp_path: Path) -> None:
    """What a new blind draw leaves out: pairs of every .tsv beside it, output samples (other columns) included,
    whichever record a file names first."""
    (tmp_path / "x.output.tsv").write_text("# note\nsource\ta_origin\ta_id\tb_origin\tb_id\tpredicted\tverdict\tkind\n"
                                          "s\tf:2\tb\tf:1\ta\tyes\tsame\trepost\n", encoding="utf-8")
    row = sp.Row("s", sp.BLIND4, sp.NEAR_TIME, "f:3", "c", "f:4", "d")
    sp.write_rows(tmp_path / "x.blind4.tsv", [row], "# a test\n")
    assert sp.judged_keys(tmp_path) == {sp.pair_key("f:1", "f:2"), sp.pair_key("f:3", "f:4")}
    assert sp.pair_key("f:2", "f:1") in sp.judged_keys(tmp_path, skip=[tmp_path / "x.blind4.tsv"])


def test_blind_files_are_named_per_split(tmp_path: Path) -> None:
    """Each blind split has its own file beside the fit/test file; read_fixture reads them all, in split order."""
    source = "zh-hant/rthk_finance_2025"
    assert sp.fixture_path(source, tmp_path, sp.BLIND3) == tmp_path / "rthk_finance_2025.blind3.tsv"
    assert sp.fixture_path(source, tmp_path, sp.BLIND2) == tmp_path / "rthk_finance_2025.blind2.tsv"
    assert sp.fixture_path(source, tmp_path) == tmp_path / "rthk_finance_2025.tsv"
    rows = {split: sp.Row(source, split, sp.NEAR_TIME, f"{source}/x.jsonl:{n}", "a", f"{source}/x.jsonl:9", "b",
                          sp.DIFFERENT, "recurring_template") for n, split in enumerate((sp.TEST, *sp.BLINDS), 1)}
    for split, row in rows.items():
        sp.write_rows(sp.fixture_path(source, tmp_path, "" if split == sp.TEST else split), [row], "# a test\n")
    assert sp.read_fixture(tmp_path) == list(rows.values())


@pytest.mark.skipif(not sp.news_dir(SHARED_DIR).is_dir(), reason="no ../shared dev news (NEWSBRIDGE_SHARED)")
def test_a_blind_sample_is_drawn_once() -> None:
    """--draw-blind3 refuses to run while a blind3 file exists (it checks before reading any news)."""
    for argv in (["--draw-blind3"], ["--draw-blind", "3"], ["--draw-blind2"], ["--draw-blind", "4"],
                 ["--draw-blind", "5"], ["--draw-blind", "6"], ["--draw-blind", "7"], ["--draw-blind", "8"],
                 ["--draw-blind", "9"], ["--draw-blind", "10"]):
        with pytest.raises(SystemExit, match="drawn once"):
            sp.main(argv)
    with pytest.raises(SystemExit, match="no split 'blind11'"):
        sp.main(["--draw-blind", "11"])


@pytest.mark.skipif(not sp.news_dir(SHARED_DIR).is_dir(), reason="no ../shared dev news (NEWSBRIDGE_SHARED)")
def test_every_row_resolves_to_two_records() -> None:
    pairs = sp.judged_pairs(SHARED_DIR)
    assert len(pairs) == len(sp.read_fixture())
    assert Counter(pair.split for pair in pairs) == Counter(row.split for row in sp.read_fixture())
    for pair in pairs:  # two hot lists may carry the very same title: a and b need not differ
        assert any(pair.a) and any(pair.b), pair


def test_a_moved_record_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "news" / "zh-hans" / "cls_telegraph_2026"
    folder.mkdir(parents=True)
    (folder / "x.jsonl").write_text('{"id": "n1", "title": "t1"}\n{"id": "n2", "title": "t2"}\n', encoding="utf-8")
    rows = [sp.Row("zh-hans/cls_telegraph_2026", sp.FIT, sp.TITLE_EXACT, "zh-hans/cls_telegraph_2026/x.jsonl:1",
                   "n1", "zh-hans/cls_telegraph_2026/x.jsonl:2", "n3", sp.SAME, "repost")]
    sp.write_rows(sp.fixture_path("zh-hans/cls_telegraph_2026", tmp_path), rows, "# a test\n")
    with pytest.raises(sp.UnresolvedRecord, match=r"x\.jsonl:2: expected record 'n3', found record 'n2'"):
        sp.judged_pairs(tmp_path, tmp_path)


def test_output_samples_are_judged_and_resolve() -> None:
    """The detector-output samples (bench/output_precision.py): per source its quota of predicted pairs and as many
    decoys, every row judged, none read by read_fixture; with ../shared, every row names two records."""
    for source, (predicted, decoys) in OUTPUT_QUOTA.items():
        rows = sp.read_output_rows(source)
        assert Counter(row.predicted for row in rows) == {"yes": predicted, "no": decoys}, source
        assert all(row.verdict in sp.VERDICTS and row.kind and row.source == source for row in rows), source
        assert len({(row.a_origin, row.b_origin) for row in rows}) == len(rows)
    assert not any(row.split in sp.OUTPUTS for row in sp.read_fixture())
    # output2 and later: a round's marks not judged before (rthk had none left), decoys to the quota
    from bench.output_precision import SAMPLES

    later = [(name, source, quota) for name in sp.OUTPUTS[1:] for source, quota in SAMPLES[name][0].items()]
    for sample, source, (predicted, decoys) in later:
        rows = sp.read_output_rows(source, sample=sample)
        counts = Counter(row.predicted for row in rows)
        assert counts["yes"] <= predicted and counts["no"] == decoys, source
        assert all(row.verdict in sp.VERDICTS and row.kind and row.source == source for row in rows), source
    if sp.news_dir(SHARED_DIR).is_dir():
        assert len(sp.output_pairs("zh-hant/rthk_finance_2025", SHARED_DIR)) == sum(OUTPUT_QUOTA[
            "zh-hant/rthk_finance_2025"])
