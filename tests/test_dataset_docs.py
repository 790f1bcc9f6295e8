"""docs/datasets.md's examples run: distinct stories per ticker per day, in DuckDB and in pandas, on a dataset made
by two real appends, count a retold story once; the daily job's re-run of a day it already appended exits 0, and an
`--append` into a directory that is no dataset is one line and exit 2; a dataset is never replaced or cleaned as
one run's output."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pipeline
from pipeline.cli import main
from pipeline.io.outdir import OutputDirError
from pipeline.io.ownership import remove_output
from tests.docs_text import examples
from tests.small_glossary import small_glossary_dir

duckdb = pytest.importorskip("duckdb", reason="duckdb is in the dev extra: pip install -e '.[dev]'")

EXAMPLES = {name: block for name, block in examples().items() if name.startswith("dataset-")}
TICKER = "300308.SZ"  # the small glossary's one company, named in every record below
STORY_A = ("中际旭创拟投资10亿元建设光模块基地",
           "中际旭创发布公告，公司拟投资10亿元建设高速光模块生产基地，预计2027年投产，达产后年产值约50亿元。")
# A portal's copy of STORY_A: its own punctuation, spacing and footer.
STORY_A_COPY = ("中际旭创：拟投资10亿元 建设光模块基地",
                "中际旭创发布公告:公司拟投资10亿元建设高速光模块生产基地;预计2027年投产,达产后年产值约50亿元。"
                "(本文来源:某某财经)")
STORY_B = ("中际旭创获北向资金增持300万股",
           "北向资金12月2日增持中际旭创300万股，持股比例升至3.2%，连续5个交易日净买入。")
STORY_B_RETOLD = ("北向资金增持中际旭创300万股",
                  "据统计，北向资金12月2日增持中际旭创300万股，持股比例升至3.2%，连续5个交易日净买入。")


def _record(doc_id: str, title: str, body: str, when: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "body": body, "source": "test", "published_at": when}


A3 = _record("a3", "中际旭创午后跌1.3%", "中际旭创午后下跌1.3%，成交额11亿元。", "2026-12-01 14:00")
DAYS = {
    "day1": [_record("a1", *STORY_A, "2026-12-01 09:00"),
             _record("a2", "中际旭创早盘涨2.1%", "中际旭创早盘上涨2.1%，成交额8亿元。", "2026-12-01 10:00"), A3],
    # a3 again (already present); b1 copies a1 the same day; b3 retells b2 within the run.
    "day2": [A3, _record("b1", *STORY_A_COPY, "2026-12-01 16:30"), _record("b2", *STORY_B, "2026-12-02 09:30"),
             _record("b3", *STORY_B_RETOLD, "2026-12-02 11:00"),
             _record("b4", "中际旭创收盘涨4.6%", "中际旭创收盘上涨4.6%，成交额19亿元。", "2026-12-02 15:00")],
}
# (ticker, day in UTC+08:00) → (stories, documents, mentions); each record names the company in title and body.
EXPECTED = {(TICKER, date(2026, 12, 1)): (3, 4, 8), (TICKER, date(2026, 12, 2)): (2, 3, 6)}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("dataset_docs")
    settings = {"translator": "gloss", "glossaries": small_glossary_dir(root / "glossary"),
                "translation_memory": "off"}
    files = {}
    for name, records in DAYS.items():
        files[name] = root / f"{name}.jsonl"
        files[name].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    dataset = root / "dataset"
    runs = [pipeline.run([str(files[name])], dataset, append=True, **settings) for name in DAYS]
    return {"dataset": dataset, "runs": runs, "files": files, "glossary": settings["glossaries"]}


def _example(name: str, dataset: Path) -> dict[str, Any]:
    block = EXAMPLES[name]
    assert block.lang == "python"
    namespace: dict[str, Any] = {}
    code = block.code.replace("dataset/", f"{dataset}/")
    exec(compile(code, block.where, "exec"), namespace)  # noqa: S102 - the documentation's own example
    return namespace


def test_the_docs_have_these_examples() -> None:
    assert set(EXAMPLES) == {"dataset-duckdb-stories", "dataset-pandas-stories"}


def test_the_two_appends_counted_what_the_docs_say(made: dict[str, Any]) -> None:
    second = made["runs"][1].manifest["counts"]
    assert (second["already_present"], second["duplicates"], second["documents_out"]) == (1, 2, 4)
    documents = pipeline.read(made["dataset"]).documents.set_index("doc_id")["duplicate_of"]
    assert documents["b1"] == "a1" and documents["b3"] == "b2" and documents.isna().sum() == 5


def test_distinct_stories_per_ticker_per_day_in_duckdb(made: dict[str, Any]) -> None:
    rows = _example("dataset-duckdb-stories", made["dataset"])["per_day"]
    assert {(ticker, day): tuple(n) for ticker, day, *n in rows} == EXPECTED


def test_distinct_stories_per_ticker_per_day_in_pandas(made: dict[str, Any]) -> None:
    stories = _example("dataset-pandas-stories", made["dataset"])["stories"]
    assert stories.to_dict() == {key: counts[0] for key, counts in EXPECTED.items()}


def test_a_daily_job_run_twice_on_one_day_exits_0(made: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """Every record already present: nothing came out, and that is no failure (the run is still recorded)."""
    code = main(["-q", "run", str(made["files"]["day1"]), "--out", str(made["dataset"]), "--append", "--resume",
                 "--glossaries", str(made["glossary"]), "--translator", "gloss", "--translation-memory", "off"])
    assert code == 0, capsys.readouterr().err
    last = pipeline.read(made["dataset"]).history[-1]["counts"]
    assert (last["already_present"], last["documents_out"]) == (3, 0)


def test_append_into_a_directory_that_is_no_dataset_is_one_line_and_exit_2(
        made: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("mine", encoding="utf-8")
    code = main(["-q", "run", str(made["files"]["day1"]), "--out", str(notes), "--append",
                 "--glossaries", str(made["glossary"]), "--translator", "gloss"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err == [f"newsbridge: error: {notes}: is not a dataset and not empty (it holds a.txt); "
                                 "give --append a new or empty directory, or an existing dataset"]
    assert (notes / "a.txt").read_text(encoding="utf-8") == "mine" and len(list(notes.iterdir())) == 1


def test_resume_with_other_inputs_than_the_killed_append_says_how_to_go_on(
        made: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """The daily job after a killed day: --resume on the next day's inputs cannot finish the killed run, and
    --overwrite (the hint of a single run) is refused with --append; the message names the two ways that work."""
    dataset = made["dataset"]
    work = dataset.parent / f".{dataset.name}.newsbridge"
    work.mkdir()
    (work / "plan.json").write_text(json.dumps({"inputs": "the killed day's"}), encoding="utf-8")
    try:
        code = main(["-q", "run", str(made["files"]["day2"]), "--out", str(dataset), "--append", "--resume",
                     "--glossaries", str(made["glossary"]), "--translator", "gloss", "--translation-memory", "off"])
        err = capsys.readouterr().err.strip()
    finally:
        shutil.rmtree(work)
    assert code == 2 and err.startswith(f"newsbridge: error: cannot resume the interrupted append into {dataset}: ")
    assert "--resume" in err and f"remove {work}" in err and "--overwrite" not in err


def test_a_dataset_is_never_replaced_or_cleaned_as_one_run_s_output(made: dict[str, Any]) -> None:
    """`make run OUT=DATASET` without --append (it passes --overwrite) and `make clean OUT=DATASET` would drop the
    manifest and keep the tables, which the next --append would take for an interrupted first commit's."""
    dataset = made["dataset"]
    before = (dataset / "manifest.json").read_bytes()
    with pytest.raises(OutputDirError, match=r"is a dataset \(add a run to it with --append\), so newsbridge will "
                                             r"not replace it"):
        pipeline.run([str(made["files"]["day1"])], dataset, overwrite=True, translator="gloss",
                     glossaries=made["glossary"])
    with pytest.raises(OutputDirError, match=r"is a dataset \(add a run to it with --append\), so it is kept"):
        remove_output(dataset)
    assert (dataset / "manifest.json").read_bytes() == before


BROKEN_LINE = '{"id": "bad-1", "title": "缺少右括号"'
ANOTHER_BROKEN_LINE = '{"id": "bad-2", "body": 42}'


def test_a_day_with_a_bad_record_run_twice_exits_0_and_a_new_bad_record_still_fails(
        made: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The id index cannot skip a record that never became a document, so the same day again reads its bad lines
    again: a run that adds nothing and rejects only what an earlier run rejected exits 0 (pipeline/dataset/
    rejects.py); a bad record the dataset has not seen still fails a run that wrote nothing. (A dataset of its own:
    the module's runs warmed this process's steps.)"""
    day, dataset = tmp_path / "day.jsonl", tmp_path / "dataset"
    day.write_text(made["files"]["day1"].read_text(encoding="utf-8") + BROKEN_LINE + "\n", encoding="utf-8")

    def append() -> int:
        return main(["-q", "run", str(day), "--out", str(dataset), "--append", "--resume", "--glossaries",
                     str(made["glossary"]), "--translator", "gloss", "--translation-memory", "off"])

    assert append() == 0
    assert append() == 0, capsys.readouterr().err  # nothing new: the same bad line
    with day.open("a", encoding="utf-8") as more:
        more.write(ANOTHER_BROKEN_LINE + "\n")
    assert append() == 1  # a bad record no run rejected before, and nothing came out
    assert "nothing came out: all 2 new records were rejected" in capsys.readouterr().err
    counts = [h["counts"] for h in pipeline.read(dataset).history]
    assert [(c["documents_out"], c["already_present"], c["rejected"]) for c in counts] == \
        [(3, 0, 1), (0, 3, 1), (0, 3, 2)]
