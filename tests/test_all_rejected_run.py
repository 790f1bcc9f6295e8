"""A run in which every record is rejected failed: exit 1 and one last line saying nothing came out and where the
reasons are, while rejects.jsonl, the manifest and the report are still written so the user can see why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main

from .conftest import SMALL_GLOSSARY

GOOD = '{"id": "a1", "title": "中际旭创涨停", "body": "公司股价上涨10%。"}\n'

# (file name, contents, exit code, records rejected)
CORPORA = [
    # (a file whose records are all of another shape, e.g. arrays, is a usage error before the run: exit 2, see
    # test_input_shape_errors.py; these records have a title field, so the run goes ahead and rejects each one)
    pytest.param("broken.jsonl", '{"id": "a1", "title": \n{"id": "a2", "title": 5}\n"just a string"\n', 1, 3,
                 id="unreadable"),
    pytest.param("empty.jsonl", '{"id": "a1"}\n{"id": "a2", "title": "", "body": ""}\n', 1, 2, id="no-text"),
    pytest.param("mixed.jsonl", GOOD + "not json\n", 0, 1, id="one-document-out"),  # a success, with a reject
]


@pytest.fixture(scope="module")
def glossaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("glossary")
    (root / "small.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return root


@pytest.mark.parametrize(("name", "text", "code", "rejected"), CORPORA)
def test_nothing_out_is_a_failure_with_the_outputs_written(tmp_path: Path, glossaries: Path, capsys, name: str,
                                                           text: str, code: int, rejected: int) -> None:
    corpus = tmp_path / name
    corpus.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--glossaries", str(glossaries), "--translator", "gloss",
                 "--translation-memory", "off", "-q"]) == code
    err = capsys.readouterr().err.strip().splitlines()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["rejected"] == rejected
    assert len((out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()) == rejected
    assert (out / "report.html").is_file()
    if code:
        assert err[-1] == (f"newsbridge: error: nothing came out: all {rejected} records were rejected; the reasons "
                           f"are in {out / 'rejects.jsonl'}")
    else:
        assert not any("nothing came out" in line for line in err)
