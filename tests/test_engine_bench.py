"""The engine bench's figure functions at a tiny scale on the seeds (no Dask) and the one-entry glossary, so the
code cannot rot. Only the structure of what they return is checked, never a timing: the machine is shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import engine_bench as eb

from .conftest import small_glossary_dir

TINY_SIZES = (40, 80)
SEED_COPIES = 2


@pytest.fixture(scope="module")
def corpus() -> eb.Corpus:
    return eb.seed_corpus(copies=SEED_COPIES)


@pytest.fixture(scope="module")
def results(corpus: eb.Corpus, tmp_path_factory) -> dict:
    """Every figure but Dask's, through the same entry point as `python -m bench.engine_bench`. With the one-entry
    glossary: the figures' code paths are the same, and the runs, their worker processes and figure 4's child
    processes do not each load the project's glossary."""
    glossaries = small_glossary_dir(tmp_path_factory.mktemp("glossary"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eb, "GLOSSARIES", glossaries)
        return eb.run_bench(corpus, TINY_SIZES, tmp_path_factory.mktemp("engine-bench"), dask=False)


def test_without_the_news_the_seeds_stand_in_and_it_says_so(tmp_path: Path) -> None:
    corpus = eb.load_corpus(tmp_path / "absent")
    assert len(corpus.records) % eb.SEED_COPIES == 0
    assert "../shared not found" in corpus.source
    assert all(set(r) == {"title", "body"} for r in corpus.records)


def test_a_cycled_corpus_has_fresh_ids(corpus: eb.Corpus, tmp_path: Path) -> None:
    path = eb.write_jsonl(corpus.records, 2 * len(corpus.records) + 1, tmp_path / "c.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * len(corpus.records) + 1
    assert len({line.split('"', 4)[3] for line in lines}) == len(lines)


def test_the_workers_figure_runs_at_least_the_minimum_shards_and_matches(results: dict, corpus: eb.Corpus) -> None:
    workers = results["workers"]
    assert workers["documents"] == len(corpus.records[::eb.WORKERS_STRIDE])
    assert workers["shards"] >= eb.MIN_SHARDS
    assert workers["identical"] is True
    assert workers["seconds_1"] > 0 and workers["seconds_2"] > 0
    assert set(eb.NON_TRANSLATION) <= set(workers["stages_1"])


def test_the_jieba_figure_compares_the_non_translation_stages(results: dict) -> None:
    jieba = results["jieba"]
    assert set(jieba["per_stage"]) == set(eb.NON_TRANSLATION)
    assert jieba["texts"] > 0 and jieba["chars"] > jieba["texts"]
    assert jieba["ratio"] == pytest.approx(jieba["stage_seconds"] / jieba["jieba_seconds"])


def test_the_rss_figure_has_one_row_per_size(results: dict) -> None:
    rows = results["rss"]
    assert [r["documents"] for r in rows] == list(TINY_SIZES)
    assert all(r["peak_rss"] > 0 and r["records_per_second"] > 0 for r in rows)
    assert all(r["memory_misses"] == 0 and r["memory_hits"] > 0 for r in rows)  # figure 5's memory answers all


def test_the_memory_figure_misses_nothing_the_second_time(results: dict) -> None:
    memory = results["memory"]
    assert memory["first"]["misses"] > 0
    assert memory["second"]["misses"] == 0
    assert memory["second"]["hits"] == memory["first"]["hits"] + memory["first"]["misses"]


def test_the_markdown_names_every_figure_and_the_machine(results: dict) -> None:
    text = eb.render_markdown(results, "python -m bench.engine_bench --sizes 40,80")
    for figure in ("1.", "2.", "4.", "5."):
        assert f"| {figure}" in text
    assert "Figure 3 (Dask) was not run" in text
    assert f"{results['machine']['cores']} cores" in text


def test_differing_outputs_fail_loudly(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        out.mkdir()
        for name in eb.OUTPUT_FILES:
            (out / name).write_bytes(b"same")
    eb.require_identical(a, b, "same")
    (b / eb.OUTPUT_FILES[0]).write_bytes(b"different")
    with pytest.raises(SystemExit, match=eb.OUTPUT_FILES[0]):
        eb.require_identical(a, b, "changed")
