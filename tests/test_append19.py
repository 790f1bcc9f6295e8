"""`run --append` end to end: three appends of overlapping days make the same tables as one run over the union,
ids stay unique and the overlap is counted as `already_present`; `--update` replaces; a retold story gets
`duplicate_of` across runs; an append killed with SIGKILL leaves the dataset as it was and `--resume` finishes it."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import pyarrow as pa
import pytest

import pipeline
from pipeline.cli import main
from pipeline.config import ConfigError
from pipeline.dataset.layout import read_manifest
from pipeline.dataset.read import DatasetReader
from pipeline.io.outdir import RunDirectory
from pipeline.io.writers import TABLES
from tests.llm_server import ServerState, llm_server, wait_for_requests
from tests.small_glossary import small_glossary_dir

START_TIMEOUT_S = 60
STORY = ("中际旭创拟投资10亿元建设光模块基地",
         "中际旭创发布公告，公司拟投资10亿元建设高速光模块生产基地，预计2027年投产，达产后年产值约50亿元。")
# The same announcement as a portal republishes it: its own punctuation, spacing and footer.
STORY_RETOLD = ("中际旭创：拟投资10亿元 建设光模块基地",
                "中际旭创发布公告:公司拟投资10亿元建设高速光模块生产基地;预计2027年投产,达产后年产值约50亿元。"
                "(本文来源:某某财经)")


def _record(doc_id: str, day: int, body: str | None = None, title: str | None = None) -> dict[str, str]:
    """A flash of its own: its numbers differ from every other record's (the same numbers would be the same story)."""
    n = zlib.crc32(doc_id.encode()) % 9000 + 1000
    return {"id": doc_id, "title": title or f"中际旭创{day}日成交{n}手",
            "body": body or f"中际旭创股价在12月{day}日收盘变动{n / 100:.2f}%，成交额{n}万元。",
            "source": "test", "published_at": f"2026-12-0{day} 10:00"}


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def days(tmp_path: Path) -> tuple[list[Path], Path]:
    """Three days of news; each day repeats some records of the day before, and day 3 retells a story of day 1's
    file, published twelve hours later (a copy days apart is a recurring item, not the same story)."""
    day1 = [_record(f"a{i}", 1) for i in range(5)] + [
        {**_record("a-story", 1, STORY[1], STORY[0]), "published_at": "2026-12-02 20:00"}]
    day2 = [_record("a3", 1), _record("a4", 1)] + [_record(f"b{i}", 2) for i in range(4)]
    day3 = [_record("b2", 2), _record("b3", 2)] + [_record(f"c{i}", 3) for i in range(3)] + [
        {**_record("c-retold", 3, STORY_RETOLD[1], STORY_RETOLD[0]), "published_at": "2026-12-03 08:00"}]
    files = [_write(tmp_path / f"day{n}.jsonl", records) for n, records in enumerate((day1, day2, day3), 1)]
    return files, small_glossary_dir(tmp_path / "glossary")


def _settings(glossary: Path) -> dict[str, object]:
    return {"translator": "gloss", "glossaries": glossary, "translation_memory": "off"}


def _sorted(table: pa.Table, name: str) -> list[dict[str, object]]:
    keys = {"documents": ("doc_id",), "segments": ("doc_id", "seg_id"),
            "mentions": ("doc_id", "seg_id", "start", "entity_id")}[name]
    return sorted(table.to_pylist(), key=lambda row: tuple(str(row[k]) for k in keys))


def test_three_overlapping_appends_equal_one_run_over_the_union(days, tmp_path) -> None:
    files, glossary = days
    dataset = tmp_path / "dataset"
    runs = [pipeline.run([str(f)], dataset, append=True, **_settings(glossary)) for f in files]
    union = pipeline.run([str(f) for f in files], tmp_path / "union", **_settings(glossary))

    assert [r.manifest["counts"]["already_present"] for r in runs] == [0, 2, 2]
    assert {"open", "plan", "commit"} <= set(runs[-1].manifest["seconds"]) & set(runs[-1].seconds)
    reader = DatasetReader(dataset)
    for name in TABLES:
        appended = _sorted(reader.table(name), name)
        once = _sorted(pa.parquet.read_table(tmp_path / "union" / f"{name}.parquet"), name)
        assert appended == once, name
    ids = reader.table("documents", columns=["doc_id"]).column(0).to_pylist()
    assert len(ids) == len(set(ids)) == union.manifest["counts"]["documents_out"] == 14
    manifest = read_manifest(dataset)
    assert [h["counts"]["already_present"] for h in manifest["history"]] == [0, 2, 2]
    assert manifest["counts"]["documents"] == 14 and manifest["counts"]["already_present"] == 4
    retold = {row["doc_id"]: row["duplicate_of"] for row in reader.table("documents").to_pylist()}
    assert retold["c-retold"] == "a-story" and retold["a-story"] is None
    assert manifest["counts"]["distinct_stories"] == 13
    mentions = reader.table("mentions").to_pylist()
    assert {m["duplicate_of"] for m in mentions if m["doc_id"] == "c-retold"} == {"a-story"}


def test_appending_the_same_day_again_adds_nothing(days, tmp_path) -> None:
    files, glossary = days
    dataset = tmp_path / "dataset"
    pipeline.run([str(files[0])], dataset, append=True, **_settings(glossary))
    again = pipeline.run([str(files[0])], dataset, append=True, **_settings(glossary))
    counts = again.manifest["counts"]
    assert counts["already_present"] == counts["records_in"] == 6 and counts["documents_out"] == 0
    assert DatasetReader(dataset).table("documents").num_rows == 6


def test_update_replaces_a_corrected_article_keeping_one_row_per_id(days, tmp_path) -> None:
    files, glossary = days
    dataset = tmp_path / "dataset"
    pipeline.run([str(files[0])], dataset, append=True, **_settings(glossary))
    corrected = _write(tmp_path / "fix.jsonl", [_record("a1", 1, "更正：中际旭创股价在12月1日收盘上涨7%。")])
    result = pipeline.run([str(corrected)], dataset, update=True, **_settings(glossary))
    assert result.manifest["counts"]["already_present"] == 0
    rows = [r for r in DatasetReader(dataset).table("documents").to_pylist() if r["doc_id"] == "a1"]
    assert len(rows) == 1 and rows[0]["body_zh"].startswith("更正")
    segments = [r for r in DatasetReader(dataset).table("segments").to_pylist() if r["doc_id"] == "a1"]
    assert all("12月1日收盘变动" not in (s["zh"] or "") for s in segments)
    assert read_manifest(dataset)["history"][-1]["mode"] == "update"


def test_an_append_killed_mid_run_leaves_the_dataset_as_it_was_and_resume_finishes_it(days, tmp_path) -> None:
    files, glossary = days
    dataset = tmp_path / "dataset"
    pipeline.run([str(files[0])], dataset, append=True, **_settings(glossary))
    before = read_manifest(dataset)
    rows_before = {name: _sorted(DatasetReader(dataset).table(name), name) for name in TABLES}
    state = ServerState(delay=60.0)  # the model never answers in the test's time: the run waits in translation
    with llm_server(state) as server:
        command = [sys.executable, "-m", "pipeline", "-q", "run", str(files[1]), "--out", str(dataset),
                   "--append", "--glossaries", str(glossary), "--translator", "llm", "--llm-url", server.url,
                   "--translation-memory", "off"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        wait_for_requests(state, proc, 1, START_TIMEOUT_S, "the append never asked the server")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=START_TIMEOUT_S)
        assert read_manifest(dataset) == before
        assert {name: _sorted(DatasetReader(dataset).table(name), name) for name in TABLES} == rows_before
        state.delay = 0.0
        done = pipeline.run([str(files[1])], dataset, append=True, resume=True, glossaries=glossary,
                            translator="llm", llm_url=server.url, translation_memory="off")
    assert done.manifest["counts"]["documents_out"] == 4
    after = read_manifest(dataset)
    assert len(after["history"]) == 2 and after["history"][-1]["counts"]["already_present"] == 2
    ids = DatasetReader(dataset).table("documents", columns=["doc_id"]).column(0).to_pylist()
    assert sorted(ids) == sorted({*(f"a{i}" for i in range(5)), "a-story", *(f"b{i}" for i in range(4))})


def test_a_resume_after_the_append_landed_redoes_nothing(days, tmp_path, capsys) -> None:
    """Killed after the dataset's manifest was written but before the run's work was removed: --resume sees, by the
    plan's hash in the history, that the run is in the dataset, removes the work and appends nothing again."""
    files, glossary = days
    dataset = tmp_path / "dataset"
    pipeline.run([str(files[0])], dataset, append=True, **_settings(glossary))
    work = RunDirectory(dataset)
    work.path.mkdir()
    work.plan.write_text('{"the": "plan"}', encoding="utf-8")
    manifest = read_manifest(dataset)
    manifest["history"][-1]["plan_sha256"] = hashlib.sha256(b'{"the": "plan"}').hexdigest()
    (dataset / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code = main(["-q", "run", str(files[1]), "--out", str(dataset), "--append", "--resume", "--glossaries",
                 str(glossary), "--translator", "gloss", "--translation-memory", "off"])
    assert code == 0 and "had been appended already (as run-00001)" in capsys.readouterr().out
    assert not work.path.exists() and len(read_manifest(dataset)["history"]) == 1


def test_a_dataset_is_not_partitioned(days, tmp_path) -> None:
    files, glossary = days
    with pytest.raises(ConfigError, match="does not apply to a dataset"):
        pipeline.run([str(files[0])], tmp_path / "dataset", append=True, partition_by="date", **_settings(glossary))
    assert not (tmp_path / "dataset").exists()


def test_the_planner_links_names_with_the_runs_glossary(tmp_path) -> None:
    """Rule 8 in a real run (pipeline/dedupe/entities.py): the planner's story index gets the run's glossary, whose
    one entry is named in Chinese by the flash and in English by the item, both giving 36.29亿; the texts and
    titles are too far apart for the text rules. Appended to a dataset, the item points at the flash."""
    glossary = small_glossary_dir(tmp_path / "glossary")
    flash = {"id": "flash", "title": "中际旭创第二季度营收36.29亿元 同比增长48%", "body": "",
             "source": "test", "published_at": "2026-12-01 10:00"}
    item = {"id": "item", "title": "Zhongji Xuchuang二季度收入为36.29亿元，高于市场预期",
            "body": "Zhongji Xuchuang周二公布，二季度收入为36.29亿元，高于市场预期的34.85亿元。",
            "source": "test", "published_at": "2026-12-01 10:12"}
    pipeline.run([str(_write(tmp_path / "day.jsonl", [flash, item]))], tmp_path / "dataset", append=True,
                 **_settings(glossary))
    rows = {r["doc_id"]: r["duplicate_of"] for r in DatasetReader(tmp_path / "dataset").table("documents").to_pylist()}
    assert rows == {"flash": None, "item": "flash"}
