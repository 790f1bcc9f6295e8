"""Inputs through whole runs: stdin, the manifest's per-input entries, exit 2 on nothing to read, and
outputs that do not depend on how files are cut into shards."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import RunConfig
from pipeline.io.writers import OUTPUT_FILES
from pipeline.runner import run

from .conftest import GLOSSARIES, PROJECT_ROOT, SEEDS, small_glossary_dir

TITLES = ["中际旭创第三季度营收增长", "宁德时代发布新电池", "贵州茅台股价上涨", "比亚迪销量创新高", "腾讯控股回购股份"]


def _config(**kw) -> RunConfig:
    return replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", **kw)


def _rows(n: int, prefix: str = "r") -> list[dict]:
    return [{"id": f"{prefix}{i}", "title": TITLES[i % len(TITLES)], "body": f"公司公告称，营收同比增长{i}%。"}
            for i in range(n)]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def _corpus(root: Path) -> Path:
    """A big UTF-8 JSONL (cut into windows), a UTF-16 JSONL and a .gz CSV (each read whole)."""
    root.mkdir()
    (root / "a.jsonl").write_text(_jsonl(_rows(40)), encoding="utf-8")
    (root / "b.jsonl").write_bytes(_jsonl(_rows(12, "u")).encode("utf-16"))
    (root / "c.csv.gz").write_bytes(gzip.compress(
        ("id,标题,正文\n" + "".join(f"c{i},{TITLES[i % 5]},正文{i}。\n" for i in range(9))).encode()))
    return root


def test_outputs_do_not_depend_on_shard_size_with_whole_read_files(tmp_path: Path, glossary) -> None:
    corpus = _corpus(tmp_path / "corpus")
    whole = run([corpus], tmp_path / "whole", _config(shard_records=1_000), glossary).manifest
    cut = run([corpus], tmp_path / "cut", _config(shard_records=7), glossary).manifest
    assert whole["shards"]["count"] == 1 and cut["shards"]["count"] > 3
    assert _outputs(tmp_path / "whole") == _outputs(tmp_path / "cut")
    assert cut["counts"]["documents_out"] == 61
    assert [(i["format"], i["encoding"], i["records"]) for i in cut["inputs"]] == [
        ("jsonl", "utf-8", 40), ("jsonl", "utf-16", 12), ("csv", "utf-8", 9)]
    assert cut["inputs"][0]["path"] == str(corpus / "a.jsonl")


def test_unusable_file_in_a_directory_is_a_manifest_entry(tmp_path: Path, caplog, glossary) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(_jsonl(_rows(2)), encoding="utf-8")
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4")
    manifest = run([corpus], tmp_path / "out", _config(), glossary).manifest
    assert manifest["inputs"][-1] == {"path": str(corpus / "scan.pdf"), "error": "unsupported input type '.pdf'"}
    assert "scan.pdf: skipped" in caplog.text


@pytest.mark.parametrize(("files", "message"), [
    ({"empty.jsonl": ""}, "no records in 1 input file"),
    ({"notes.md": "# notes"}, "no input file to read"),
])
def test_nothing_to_read_exits_2_with_one_line(tmp_path: Path, capsys, files: dict[str, str], message: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--glossaries", str(GLOSSARIES), "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(("flag", "value"), [("--encoding", "no-such-codec"), ("--columns", "headline=標題")])
def test_unusable_input_options_exit_2(tmp_path: Path, capsys, flag: str, value: str) -> None:
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "out"), flag, value]) == 2
    assert "newsbridge: error:" in capsys.readouterr().err


def test_stdin_through_the_real_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = _jsonl(_rows(3)).encode()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    glossaries = small_glossary_dir(tmp_path / "glossary")  # standard input is the point, not the names
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", "-", "--out", str(out), "--glossaries",
                           str(glossaries), "--translator", "gloss", "-q"], input=data, capture_output=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents_out"] == 3
    assert manifest["inputs"] == [{"path": "-", "format": "jsonl", "encoding": "utf-8", "records": 3}]
    assert not list(tmp_path.glob(".out.stdin-*"))  # the spool is removed after a successful run


def test_stdin_format_csv(tmp_path: Path, monkeypatch, glossary) -> None:
    import io

    data = "時間,標題,連結\n2025-01-01,台積電營收創新高,https://example.com/1\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    manifest = run(["-"], tmp_path / "out", _config(stdin_format="csv"), glossary).manifest
    assert manifest["counts"]["documents_out"] == 1 and manifest["inputs"][0]["format"] == "csv"


def test_input_keys_in_the_config(tmp_path: Path) -> None:
    from pipeline.config import ConfigError, load_config

    path = tmp_path / "run.yaml"
    path.write_text("columns: {title: 標題, url: 連結}\nencoding: BIG5\nmax_title_chars: 300\nstdin_format: csv\n",
                    encoding="utf-8")
    config = load_config(path)
    assert (config.columns, config.encoding, config.max_title_chars, config.stdin_format) == (
        "title=標題,url=連結", "BIG5", 300, "csv")
    for bad in ("columns: title\n", "encoding: klingon\n", "stdin_format: xml\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError):
            load_config(path)


def test_summary_names_skipped_files() -> None:
    from pipeline.summary import format_summary

    manifest = {"newsbridge_version": "0", "translator": None, "flags_file": "flags.jsonl",
                "inputs": [{"path": "a.jsonl", "format": "jsonl", "encoding": "utf-8", "records": 2},
                           {"path": "b.pdf", "error": "unsupported input type '.pdf'"}],
                "counts": {"records_in": 2, "documents_out": 2, "rejected": 0, "segments": 0, "mentions": 0,
                           "tmx_units": 0},
                "quality": {"segments_flagged": 0, "segments_checked": 0, "checks": {}, "flagged_by_kind": {},
                            "term_success_rate": 1.0, "number_fidelity": 1.0},
                "glossary": {"entities": 1, "content_hash": "h"}, "seconds": {"total": 1.0}}
    text = format_summary(manifest, Path("out"))
    assert "2 records in 1 file(s)" in text and "SKIPPED 1 unusable file(s)" in text
