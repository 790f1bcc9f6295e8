"""Inputs that cannot be read as asked stop the run before anything is written (exit 2, one line naming what
exists and the fix); one odd file in a folder of readable ones does not: its records are rejects with the
reason, and a warning names it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import RunConfig
from pipeline.io.columns import parse_columns
from pipeline.io.readers import InputError, ReadOptions, scan_inputs
from pipeline.io.shapes import check_inputs
from pipeline.runner import run

from .conftest import GLOSSARIES

TITLE, BODY = "示例公司发布年报", "示例公司公告称，全年营收同比增长百分之十二。"
GOOD = json.dumps({"id": "g1", "title": TITLE, "body": BODY}, ensure_ascii=False) + "\n"
# name → content of the files a case writes
FILES = {
    "content.csv": f"id,title,content\na1,{TITLE},{BODY}\n",
    "odd.csv": f"when,headline,text\n2025-01-01,{TITLE},{BODY}\n",
    "header_only.csv": "when,headline,text\n",
    "instruct.jsonl": json.dumps({"input": BODY, "instruction": "请分析", "response": "示例"},
                                 ensure_ascii=False) + "\n",
    "pairs.json": json.dumps([[TITLE, BODY]], ensure_ascii=False),
    "good.jsonl": GOOD,
    "late_key.jsonl": GOOD * 25 + json.dumps({"id": "z", "title": TITLE, "summary": BODY}, ensure_ascii=False) + "\n",
    "broken.jsonl": "{not json\n",
}

# (files in the folder, what is named on the command line: "folder" or file names, --columns, error or None)
CASES = [
    ("typo-in-column", ["content.csv"], ["content.csv"], "body=contents",
     "--columns body=contents: no input has a column 'contents' (did you mean 'content'?); "
     "the columns are: id, title, content"),
    ("typo-in-nested-path", ["good.jsonl"], ["good.jsonl"], "body=content.txt",
     "no input has a column 'content.txt'"),
    ("position-past-the-end", ["pairs.json"], ["pairs.json"], "title=0,body=2", "no input has a column '2'"),
    ("csv-header-maps-nothing", ["odd.csv"], ["odd.csv"], "",
     "odd.csv: CSV header names no title or body column; its columns: when, headline, text — try --columns body=text"),
    ("csv-header-only", ["header_only.csv"], ["header_only.csv"], "", "CSV header names no title or body column"),
    ("named-jsonl-without-text", ["good.jsonl", "instruct.jsonl"], ["good.jsonl", "instruct.jsonl"], "",
     "instruct.jsonl: record has neither title nor body; its keys: input, instruction, response — "
     "try --columns body=input"),
    ("named-json-arrays", ["pairs.json"], ["pairs.json"], "",
     "pairs.json: not a JSON object (got list of 2 strings) — map positions with --columns title=0,body=1"),
    ("folder-of-only-unreadable-files", ["odd.csv", "instruct.jsonl"], "folder", "",
     "instruct.jsonl: record has neither title nor body"),
    # Not errors: the column is in another file of the folder; a key that appears late is found; an odd file
    # beside readable ones; a file that does not parse is the reader's to reject.
    ("column-in-one-file-of-a-folder", ["good.jsonl", "instruct.jsonl"], "folder", "body=input", None),
    ("key-after-the-first-records", ["late_key.jsonl"], ["late_key.jsonl"], "body=summary", None),
    ("odd-file-in-a-folder", ["good.jsonl", "odd.csv", "pairs.json"], "folder", "", None),
    ("unparsable-file", ["good.jsonl", "broken.jsonl"], ["good.jsonl", "broken.jsonl"], "", None),
    ("every-map-column-found", ["pairs.json", "instruct.jsonl", "good.jsonl"], "folder",
     "title=0,body=1,body=input", None),
]


def _folder(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in names:
        (folder / name).write_text(FILES[name], encoding="utf-8")
    return folder


def _named(folder: Path, named: str | list[str]) -> list[str]:
    return [str(folder)] if named == "folder" else [str(folder / n) for n in named]


@pytest.mark.parametrize(("names", "named", "columns", "error"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_inputs(tmp_path: Path, names: list[str], named, columns: str, error: str | None) -> None:
    folder = _folder(tmp_path, names)
    inputs = _named(folder, named)
    files = scan_inputs(inputs).files
    options = ReadOptions(columns=parse_columns(columns))
    if error is None:
        check_inputs(files, inputs, options)
    else:
        with pytest.raises(InputError) as caught:
            check_inputs(files, inputs, options)
        assert error in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("names", "named", "columns", "error"),
                         [c[1:] for c in CASES if c[4] is not None], ids=[c[0] for c in CASES if c[4] is not None])
def test_run_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, capsys, names, named, columns, error) -> None:
    folder = _folder(tmp_path, names)
    out = tmp_path / "out"
    args = ["run", *_named(folder, named), "--out", str(out), "--glossaries", str(GLOSSARIES), "-q"]
    assert main(args + (["--columns", columns] if columns else [])) == 2
    err = capsys.readouterr().err
    assert error in err and err.count("\n") == 1 and err.startswith("newsbridge: error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news"]  # no output directory, no lock, no spool


def test_odd_file_in_a_folder_is_rejects_and_a_warning(tmp_path: Path, caplog, glossary) -> None:
    folder = _folder(tmp_path, ["good.jsonl", "instruct.jsonl", "odd.csv"])
    config = replace(RunConfig(glossaries=GLOSSARIES), translator="gloss")
    manifest = run([folder], tmp_path / "out", config, glossary).manifest
    assert manifest["counts"] == {**manifest["counts"], "records_in": 3, "documents_out": 1, "rejected": 2}
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == [
        "record has neither title nor body; its keys: input, instruction, response — try --columns body=input",
        "CSV header names no title or body column; its columns: when, headline, text — try --columns body=text"]
    warned = [r.getMessage() for r in caplog.records if "every record will be rejected" in r.getMessage()]
    assert [w.split(":")[0] for w in warned] == [str(folder / "instruct.jsonl"), str(folder / "odd.csv")]
