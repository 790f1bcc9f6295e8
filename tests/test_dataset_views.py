"""show, inspect, report and the Python API read a dataset (issue 19) as they read one run's output: a dataset
built by hand from two small real runs (tests/dataset_builder.py) gives the runs' own rows, in run order, read at
the versions its manifest pins; rows a writer appended after the manifest are not seen; a process that read a
dataset exits cleanly (delta-rs aborts at exit when its pyarrow readers are used)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import pipeline
from pipeline.dataset.read import DatasetReader
from pipeline.io.output_rows import json_rows
from pipeline.io.output_source import RunFiles, open_output
from pipeline.io.writers import MENTION_TYPE

from .conftest import PROJECT_ROOT, small_glossary_dir
from .dataset_builder import DUPLICATE_OF, append_table, build_dataset, with_duplicate_of
from .views_support import cli

# Our own small texts (no news sentences). Run 1 has a reject; run 2 links the glossary's one name.
RUN_1 = [
    {"id": "d1", "title": "公司营收增长", "body": "公司公告称，营收增长12.5%。", "published_at": "2024-03-01 09:30"},
    {"id": "d2", "title": "新电池发布", "body": "股价上涨3%，成交额20亿元。", "published_at": "2024-03-02 10:00"},
    {"id": "r3", "title": "", "body": ""},
]
RUN_2 = [
    {"id": "d4", "title": "中际旭创股价上涨", "body": "中际旭创收盘上涨1.2%。", "published_at": "2024-03-03 08:15"},
    {"id": "d5", "title": "中际旭创发布公告", "body": "中际旭创称，订单增长。", "published_at": "2024-03-04 11:00"},
]
ROW_TABLES = ("documents", "segments", "mentions")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("dataset-views")
    glossaries = small_glossary_dir(root / "glossary")
    outs = []
    for n, records in enumerate((RUN_1, RUN_2), 1):
        out = root / f"run{n}"
        pipeline.run(records, out, translator="gloss", glossaries=glossaries, translation_memory="off")
        outs.append(out)
    build_dataset(root / "dataset", outs)
    return {"run1": outs[0], "run2": outs[1], "dataset": root / "dataset", "root": root}


def _jsonl(out: Path, name: str) -> list[dict]:
    return list(json_rows(out / f"{name}.jsonl"))


def _as_in_parquet(row: dict) -> dict:
    """A segments.jsonl row with each entity's keys cut to the Parquet struct's (JSONL entities carry more, such as
    `reports_in`, in one run's output as well)."""
    if "entities" in row:
        keys = [f.name for f in MENTION_TYPE]
        row = {**row, "entities": [{k: e.get(k) for k in keys} for e in row["entities"]]}
    return row


@pytest.mark.parametrize("name", ROW_TABLES)
def test_rows_are_the_runs_jsonl_rows_in_run_order(built: dict[str, Path], name: str) -> None:
    expected = [{**_as_in_parquet(row), DUPLICATE_OF: None}
                for run in ("run1", "run2") for row in _jsonl(built[run], name)]
    assert expected, name
    assert list(DatasetReader(built["dataset"]).rows(name)) == expected


def test_rejects_and_flags_are_every_runs(built: dict[str, Path]) -> None:
    reader = DatasetReader(built["dataset"])
    for name in ("rejects", "flags"):
        assert list(reader.rows(name)) == _jsonl(built["run1"], name) + _jsonl(built["run2"], name)
    assert [(row["input"], row["line"]) for row in reader.rows("rejects")] == [("records", 3)]
    assert reader.run_dirs() == [built["dataset"] / "runs" / "run-00001", built["dataset"] / "runs" / "run-00002"]


def test_tables_and_batches(built: dict[str, Path]) -> None:
    reader = DatasetReader(built["dataset"])
    assert reader.table("documents", columns=["doc_id"]).column(0).to_pylist() == ["d1", "d2", "d4", "d5"]
    batches = list(reader.batches("segments", columns=["doc_id", "seg_id"]))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert sum(b.num_rows for b in batches) == reader.manifest["counts"]["segments"] == reader.count("segments")
    assert reader.schema("mentions").field(DUPLICATE_OF).type == pa.string()


def test_one_seam_for_both_kinds(built: dict[str, Path]) -> None:
    assert isinstance(open_output(built["run1"]), RunFiles)
    assert isinstance(open_output(built["dataset"]), DatasetReader)


@pytest.fixture()
def unfinished(built: dict[str, Path], tmp_path: Path) -> Path:
    """The dataset after a writer appended a document (and its flag file) but was killed before the manifest."""
    dataset = tmp_path / "dataset"
    shutil.copytree(built["dataset"], dataset)
    late = with_duplicate_of(DatasetReader(dataset).table("documents").slice(0, 1).drop_columns([DUPLICATE_OF]))
    late = late.set_column(0, "doc_id", pa.array(["late-1"]))
    append_table(dataset, "documents", late)
    return dataset


def test_rows_appended_after_the_manifest_are_invisible(unfinished: Path) -> None:
    reader = DatasetReader(unfinished)
    assert [r["doc_id"] for r in reader.rows("documents", columns=["doc_id"])] == ["d1", "d2", "d4", "d5"]
    code, out, err = cli("show", str(unfinished), "late-1")
    assert code == 1 and "no document with id 'late-1'" in err
    assert list(pipeline.read(unfinished).documents["doc_id"]) == ["d1", "d2", "d4", "d5"]


def test_show_a_dataset_document_as_in_its_run(built: dict[str, Path]) -> None:
    code, from_dataset, _ = cli("show", str(built["dataset"]), "d4", "--format", "json")
    code_run, from_run, _ = cli("show", str(built["run2"]), "d4", "--format", "json")
    assert code == code_run == 0
    doc, run_doc = json.loads(from_dataset), json.loads(from_run)
    assert doc["fields"]["duplicate_of"] is None  # the run writes the column too (null: a story of its own)
    assert doc == run_doc and doc["segments"][0]["mentions"][0]["ticker"] == "300308.SZ"
    code, markdown, _ = cli("show", str(built["dataset"]), "d1")
    assert code == 0 and markdown.startswith("# d1")


def test_inspect_json_gives_counts_and_history(built: dict[str, Path]) -> None:
    code, out, err = cli("inspect", str(built["dataset"]), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    manifest = json.loads((built["dataset"] / "manifest.json").read_text(encoding="utf-8"))
    assert data["kind"] == "dataset"
    assert data["counts"] == manifest["counts"] and data["history"] == manifest["history"]
    assert data["dataset"]["runs"] == 2 and data["dataset"]["documents"] == 4
    assert data["dataset"]["last_run"]["run_id"] == "run-00002"
    assert [(g["count"], g["where"]) for g in data["rejects"]] == [(1, "records:3")]
    flags = len(_jsonl(built["run1"], "flags")) + len(_jsonl(built["run2"], "flags"))
    assert data["flagged"]["total"] == flags
    runs_quality = [json.loads((built[r] / "manifest.json").read_text())["quality"] for r in ("run1", "run2")]
    assert data["quality"]["segments_checked"] == sum(q["segments_checked"] for q in runs_quality)
    assert {f["name"] for f in data["files"]} >= {"documents", "segments", "mentions", "runs", "manifest.json"}


def test_inspect_text_has_a_dataset_section(built: dict[str, Path]) -> None:
    code, out, _ = cli("inspect", str(built["dataset"]))
    assert code == 0
    lines = out.splitlines()
    section = lines[lines.index("Dataset") + 1:lines.index("Dataset") + 5]
    assert [line.split()[0] for line in section] == ["runs", "documents", "distinct", "last"]
    assert "run-00002 append 2026-12-02T06:00:00Z" in section[3]
    assert any(line.startswith("  run-00001  append") for line in lines)
    assert "reject reasons (1 rejects in 1 group(s))" in out


def test_report_of_a_dataset(built: dict[str, Path], tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    shutil.copytree(built["dataset"], dataset)
    code, out, err = cli("report", str(dataset))
    assert code == 0, err
    page = (dataset / "report.html").read_text(encoding="utf-8")
    assert out.strip() == str(dataset / "report.html")
    assert "newsbridge dataset report" in page and "run-00001" in page and "run-00002" in page
    assert all(doc in page for doc in ("d1", "d2", "d4", "d5"))
    assert "DOES NOT BALANCE" not in page


def test_api_reads_a_dataset_and_pins_a_run(built: dict[str, Path]) -> None:
    result = pipeline.read(built["dataset"])
    assert list(result.documents["doc_id"]) == ["d1", "d2", "d4", "d5"]
    assert result.documents[DUPLICATE_OF].isna().all()
    assert len(result.mentions) == result.counts["mentions"] and len(result.segments) == result.counts["segments"]
    assert list(result.rejects["line"]) == [3]
    assert [h["run_id"] for h in result.history] == ["run-00001", "run-00002"]
    first = pipeline.read(built["dataset"], as_of="run-00001")
    assert list(first.documents["doc_id"]) == ["d1", "d2"] and len(first.history) == 1
    assert first.mentions.empty
    run_1 = json.loads((built["run1"] / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert {k: first.counts[k] for k in ("documents", "segments", "mentions", "records_in", "rejected", "runs")} == {
        "documents": 2, "segments": run_1["segments"], "mentions": 0, "records_in": 3, "rejected": 1, "runs": 1}
    with pytest.raises(ValueError, match="no run 'run-00009'"):
        pipeline.read(built["dataset"], as_of="run-00009")
    run = pipeline.read(built["run1"])
    assert list(run.documents["doc_id"]) == ["d1", "d2"] and run.history == []
    with pytest.raises(ValueError, match="as_of is for a dataset"):
        pipeline.read(built["run1"], as_of="run-00001")


def test_a_process_reading_a_dataset_exits_cleanly(built: dict[str, Path]) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", "inspect", str(built["dataset"]), "--format", "json"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=os.environ.copy(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dataset"]["runs"] == 2 and "terminate called" not in done.stderr


def test_a_damaged_dataset_is_one_line_and_exit_1(built: dict[str, Path], tmp_path: Path) -> None:
    """The manifest pins a version the table's log no longer has (its log deleted by hand)."""
    dataset = tmp_path / "dataset"
    shutil.copytree(built["dataset"], dataset)
    shutil.rmtree(dataset / "segments" / "_delta_log")
    for args in (("show", str(dataset), "d1"), ("inspect", str(dataset)), ("report", str(dataset))):
        code, out, err = cli(*args)
        assert code == 1 and err.count("\n") == 1 and "cannot read version" in err, (args, err)
