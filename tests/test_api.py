"""The Python API: pipeline.run on a DataFrame, records or paths gives what the command line gives on the
same data; rejects, --limit, a temporary output, translate/link on one text, setting errors, a light import,
and the documentation's Python API examples (docs/api.md), executed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.cli import main
from pipeline.config import ConfigError
from pipeline.io.spool import frame_rows, spool_records
from pipeline.records import Document
from pipeline.stage import Stage, StageContractError
from pipeline.summary import format_summary

from .conftest import GLOSSARIES, PROJECT_ROOT
from .docs_text import Block, examples

# Our own small texts (no news sentences): names the glossary links, numbers the checks verify.
RECORDS = [
    {"id": "a1", "title": "中际旭创第三季度营收增长", "body": "中际旭创公告称，营收同比增长12.5%。腾讯控股回购股份。",
     "source": "test", "url": "https://example.com/a1", "published_at": "2024-03-01 09:30"},
    {"id": "a2", "title": "宁德时代发布新电池", "body": "宁德时代股价上涨3%，成交额20亿元。", "source": "test",
     "url": "https://example.com/a2", "published_at": "2024-03-02 10:00"},
    {"id": "a3", "title": "", "body": "", "source": "test", "url": "https://example.com/a3",
     "published_at": "2024-03-02 11:00"},  # neither title nor body: a reject
    {"id": "a4", "title": "贵州茅台股价上涨", "body": "贵州茅台收盘上涨1.2%。比亚迪销量创新高。", "source": "test",
     "url": "https://example.com/a4", "published_at": "2024-03-03 08:15"},
]
SETTINGS = {"translator": "gloss", "glossaries": GLOSSARIES}


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _without_input(path: Path) -> list[dict]:
    """documents.jsonl rows without `input`, which names the file (or "dataframe") a record came from."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [{k: v for k, v in row.items() if k != "input"} for row in rows]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same four records through the real command line and through pipeline.run three ways."""
    root = tmp_path_factory.mktemp("api")
    corpus = root / "corpus.jsonl"
    corpus.write_text(_jsonl(RECORDS), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(root / "cli"),
                           "--glossaries", str(GLOSSARIES), "--translator", "gloss", "-q"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    pipeline.run(pd.DataFrame(RECORDS), root / "frame", **SETTINGS)
    pipeline.run(RECORDS, root / "records", **SETTINGS)
    pipeline.run(corpus, root / "path", **SETTINGS)
    return {name: root / name for name in ("cli", "frame", "records", "path")}


@pytest.mark.parametrize("way", ["frame", "records", "path"])
def test_run_gives_the_command_lines_outputs(runs: dict[str, Path], way: str) -> None:
    for name in ("segments.jsonl", "flags.jsonl"):
        assert (runs[way] / name).read_bytes() == (runs["cli"] / name).read_bytes(), name
    assert _without_input(runs[way] / "documents.jsonl") == _without_input(runs["cli"] / "documents.jsonl")
    manifest = json.loads((runs[way] / "manifest.json").read_text(encoding="utf-8"))
    cli = json.loads((runs["cli"] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == cli["counts"] == {**cli["counts"], "records_in": 4, "rejected": 1}


@pytest.mark.parametrize(("way", "name"), [("frame", "dataframe"), ("records", "records")])
def test_in_memory_data_is_named_as_given_not_by_its_spool(runs: dict[str, Path], way: str, name: str) -> None:
    manifest = json.loads((runs[way] / "manifest.json").read_text(encoding="utf-8"))
    assert [i["path"] for i in manifest["inputs"]] == [name]
    inputs = [json.loads(line)["input"] for line in (runs[way] / "documents.jsonl").read_text().splitlines()]
    assert inputs == [f"{name}:1", f"{name}:2", f"{name}:4"]
    reject = json.loads((runs[way] / "rejects.jsonl").read_text(encoding="utf-8"))
    assert (reject["input"], reject["line"]) == (name, 3)
    assert reject["reason"].startswith("record has neither title nor body; its keys: id, title, body")
    assert not list(runs[way].parent.glob(f".{way}.input-*"))  # the spool is removed after the run


def test_result_tables_are_dataframes_read_on_first_access(tmp_path: Path) -> None:
    rows = [dict(r) for r in RECORDS]
    rows[1]["title"] = 12345  # not a string: rejected, as in a JSONL file
    frame = pd.DataFrame(rows)
    result = pipeline.run(frame, tmp_path / "out", **SETTINGS)
    assert result._tables == {}
    assert list(result.documents["doc_id"]) == ["a1", "a4"]
    assert set(result.segments["doc_id"]) == {"a1", "a4"}
    assert {"300308.SZ", "0700.HK"} <= set(result.mentions["ticker"].dropna())
    assert list(result.rejects["line"]) == [2, 3]
    assert result.rejects["reason"].iloc[0] == "field 'title' must be a string, got int"
    assert result.counts["records_in"] == 4 and result.manifest["translator"] == "gloss"
    assert "documents_out=2" in repr(result) and "rejected=2" in repr(result)
    assert result.report_path is None or result.report_path.name == "report.html"


def test_no_rejects_is_an_empty_table(tmp_path: Path) -> None:
    result = pipeline.run(RECORDS[:1], tmp_path / "out", **SETTINGS)
    assert result.rejects.empty and list(result.rejects.columns) == ["input", "line", "reason", "raw"]


def test_out_none_is_a_temporary_directory_the_result_removes(tmp_path: Path) -> None:
    result = pipeline.run(RECORDS, **SETTINGS)
    out = result.out
    assert (out / "manifest.json").is_file() and "temporary" in repr(result)
    documents = result.documents
    result.cleanup()
    assert not out.parent.exists() and len(documents) == 3
    with pipeline.run(RECORDS[:2], **SETTINGS) as result:
        out = result.out
        assert out.is_dir()
    assert not out.parent.exists()
    result = pipeline.run(RECORDS[:2], **SETTINGS)
    out = result.out
    del result
    gc.collect()
    assert not out.parent.exists()


def test_chosen_out_is_kept(tmp_path: Path) -> None:
    result = pipeline.run(RECORDS[:2], tmp_path / "out", **SETTINGS)
    result.cleanup()
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_limit_reads_the_first_records_across_inputs(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.jsonl").write_text(_jsonl(RECORDS[:2]), encoding="utf-8")
    (tmp_path / "in" / "2.json").write_text(json.dumps(RECORDS[2:], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "in" / "3.jsonl").write_text(_jsonl([{**RECORDS[0], "id": "z"}]), encoding="utf-8")
    result = pipeline.run(tmp_path / "in", tmp_path / "out", limit=3, shard_records=2, **SETTINGS)
    counts, manifest = result.counts, result.manifest
    assert counts["records_in"] == 3 == counts["documents_out"] + counts["rejected"]
    assert manifest["limit"] == {"records": 3, "more_input": True}
    # 2.json is an array (read whole, not cut): its first record only; 3.jsonl is not read at all
    assert [(Path(i["path"]).name, i["records"]) for i in manifest["inputs"]] == [("1.jsonl", 2), ("2.json", 1)]
    assert list(result.documents["doc_id"]) == ["a1", "a2"] and list(result.rejects["line"]) == [1]
    everything = pipeline.run(tmp_path / "in", tmp_path / "all", limit=10, **SETTINGS).manifest
    assert everything["limit"] == {"records": 10, "more_input": False}
    assert everything["counts"]["records_in"] == 5
    assert pipeline.run(RECORDS, tmp_path / "none", **SETTINGS).manifest["limit"] is None


def test_limit_cuts_a_jsonl_window_and_resume_sees_a_changed_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_jsonl([{**RECORDS[0], "id": f"r{i}"} for i in range(7)]), encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--glossaries", str(GLOSSARIES),
                 "--translator", "gloss", "--limit", "5", "--shard-records", "2", "-q"]) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["records_in"] == 5 and manifest["shards"]["count"] == 3
    docs = [json.loads(line)["doc_id"] for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert docs == ["r0", "r1", "r2", "r3", "r4"]
    assert "LIMITED to the first 5 record(s) (--limit); the inputs hold more" in format_summary(manifest, tmp_path)


def test_limit_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "x.jsonl", "--out", str(tmp_path / "out"), "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err
    with pytest.raises(ValueError, match="limit"):
        pipeline.run(RECORDS, tmp_path / "out", limit=0)


def test_unknown_setting_names_the_allowed_keys(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"unknown setting\(s\) wokers;.*translation_memory.*, workers,"):
        pipeline.run(RECORDS, tmp_path / "out", wokers=2)
    with pytest.raises(ConfigError, match="setting workers must be an integer >= 1"):
        pipeline.run(RECORDS, tmp_path / "out", workers="2")
    with pytest.raises(ConfigError, match="tmx_translators"):
        pipeline.run(RECORDS, tmp_path / "out", tmx_translators="deepl")
    with pytest.raises(TypeError, match="single dict"):
        pipeline.run(RECORDS[0], tmp_path / "out")
    assert not (tmp_path / "out").exists() and not list(tmp_path.iterdir())


def test_cli_errors_keep_their_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.jsonl").write_text(_jsonl(RECORDS[:1]), encoding="utf-8")
    args = ["run", str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "out"), "-q"]
    assert main([*args, "--scheduler", "tcp://h:1"]) == 2
    assert "(--scheduler) needs engine: dask (--engine dask)" in capsys.readouterr().err
    assert main([*args, "--columns", "title"]) == 2
    assert main(["run", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out"), "-q"]) == 2


def test_spool_writes_dataframe_cells_as_a_file_would_hold_them(tmp_path: Path) -> None:
    import numpy as np

    frame = pd.DataFrame({"id": [1, 2], "title": ["标题", None], "body": ["正文", "正文二"],
                          "published_at": [pd.Timestamp("2024-03-01 09:30"), pd.NaT],
                          "score": [np.float64(0.5), np.nan]})
    path = spool_records(frame_rows(frame), tmp_path / "out", "dataframe")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": 1, "title": "标题", "body": "正文", "published_at": "2024-03-01T09:30:00", "score": 0.5},
                    {"id": 2, "body": "正文二"}]
    assert path.parent.name.startswith(".out.input-") and path.name == "dataframe.jsonl"
    assert spool_records(frame_rows(frame), tmp_path / "out", "dataframe") == path  # named by content
    lone = spool_records([{"title": "a\ud800b"}, ["not", "a", "record"]], tmp_path / "out", "records")
    assert lone.read_text(encoding="utf-8").splitlines() == ['{"title": "a\\ud800b"}', '["not", "a", "record"]']


# --- translate and link ------------------------------------------------------------------------------------
TEXT = "中际旭创公告称，营收同比增长12.5%。"


def test_translate_one_text_with_a_name_and_a_number() -> None:
    english = pipeline.translate(TEXT, translator="gloss", glossaries=GLOSSARIES)
    assert "Zhongji Xuchuang" in english and "12.5%" in english
    two = pipeline.translate([TEXT, "宁德时代股价上涨3%。\n比亚迪销量创新高。"], translator="gloss",
                             glossaries=GLOSSARIES)
    assert two[0] == english and "CATL" in two[1] and "3%" in two[1] and two[1].count("\n") == 1
    assert pipeline.translate("  ", translator="gloss") == ""


def test_link_offsets_index_the_normalized_text() -> None:
    links = pipeline.link(TEXT, glossaries=GLOSSARIES)
    first = links[0]
    assert (first.surface, first.canonical, first.ticker, first.type) == (
        "中际旭创", "Zhongji Xuchuang", "300308.SZ", "company")
    assert links.text == TEXT and TEXT[first.start:first.end] == "中际旭创"
    traditional = pipeline.link("據報導，中際旭創股價上漲。 騰訊控股也漲了", glossaries=GLOSSARIES)
    assert [m.ticker for m in traditional if m.ticker] == ["300308.SZ", "0700.HK"]
    assert all(traditional.text[m.start:m.end] == m.surface for m in traditional)
    frame = traditional.to_frame()
    assert list(frame.columns) == ["surface", "start", "end", "canonical", "ticker", "type", "entity_id"]
    assert list(frame["ticker"].dropna()) == ["300308.SZ", "0700.HK"] and len(frame) == len(traditional)
    assert [len(x) for x in pipeline.link([TEXT, "没有名字。"], glossaries=GLOSSARIES)] == [len(links), 0]


def test_stages_are_built_once_per_glossary_and_translator() -> None:
    from pipeline import textapi

    pipeline.link(TEXT, glossaries=GLOSSARIES)
    built = textapi._link_stages.cache_info().misses
    pipeline.link("宁德时代", glossaries=GLOSSARIES)
    pipeline.translate(TEXT, translator="gloss", glossaries=GLOSSARIES)
    pipeline.translate(TEXT, translator="gloss", glossaries=GLOSSARIES)
    assert textapi._link_stages.cache_info().misses == built
    assert textapi._translate_stage.cache_info().hits >= 1


def test_import_pipeline_is_light() -> None:
    code = ("import sys, pipeline; heavy = ('pandas', 'jieba', 'argostranslate', 'pyarrow', 'yaml', 'opencc'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy)); "
            "print(callable(pipeline.run), 'run' in dir(pipeline))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert done.stdout.splitlines() == ["[]", "True True"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        pipeline.nothing  # noqa: B018


# --- the documentation's examples (docs/api.md) ------------------------------------------------------------


def api_examples() -> list[Block]:
    """The `<!-- example: api-* -->` blocks, wherever the documentation has them, in order."""
    return [block for name, block in examples().items() if name.startswith("api-")]


def test_the_docs_have_the_api_examples() -> None:
    assert {"api-run", "api-text"} <= {block.name for block in api_examples()}


def test_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every marked block, in order, in one namespace (as in a notebook), in an empty directory."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in api_examples():
        exec(compile(block.code, block.where, "exec"), namespace)  # noqa: S102
    result = namespace["result"]
    assert result.counts["documents_out"] == 2 and list(result.rejects["line"]) == [3]  # type: ignore[attr-defined]
    assert namespace["top"].index[0] == ("300308.SZ", "Zhongji Xuchuang")  # type: ignore[attr-defined]
    assert "Zhongji Xuchuang" in namespace["english"] and "12.5%" in namespace["english"]  # type: ignore[operator]
    result.cleanup()  # type: ignore[attr-defined]


def test_standard_input_is_named_dash_in_rejects_and_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    data = _jsonl(RECORDS).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = pipeline.run("-", tmp_path / "out", **SETTINGS)
    assert list(result.rejects["input"]) == ["-"] and list(result.documents["input"]) == ["-:1", "-:2", "-:4"]
    assert not list(tmp_path.glob(".out.stdin-*"))


class Tripwire(Stage):
    """Loses document a4 (a stage bug: the run stops) while its marker file exists."""

    name = "tripwire"
    requires = ("segments",)

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def process(self, docs: list[Document]) -> list[Document]:
        return [d for d in docs if d.id != "a4"] if Path(self.marker).exists() else docs


def test_a_failed_dataframe_run_keeps_its_spool_and_resumes(tmp_path: Path, runs: dict[str, Path]) -> None:
    marker = tmp_path / "marker"
    marker.touch()
    steps = ["normalize", "segment", "link", "translate", {f"{__name__}:Tripwire": {"marker": str(marker)}}]
    frame, out = pd.DataFrame(RECORDS), tmp_path / "out"
    with pytest.raises(StageContractError, match="tripwire"):
        pipeline.run(frame, out, steps=steps, shard_records=1, **SETTINGS)
    assert len(list(tmp_path.glob(".out.input-*/dataframe.jsonl"))) == 1  # kept for the resume
    marker.unlink()
    result = pipeline.run(frame, out, steps=steps, shard_records=1, resume=True, **SETTINGS)
    assert (out / "segments.jsonl").read_bytes() == (runs["frame"] / "segments.jsonl").read_bytes()
    assert result.counts["records_in"] == 4 and not list(tmp_path.glob(".out.input-*"))
