"""The strict line reader of the project's own data files: a record's index is its line, a bad line names itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.io.jsonl import json_lines


def test_values_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1}\n[2]\n"three"\n', encoding="utf-8")
    assert list(json_lines(path)) == [{"id": 1}, [2], "three"]


@pytest.mark.parametrize("bad", ["", "{not json}"])
def test_a_bad_line_names_the_file_and_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(f'{{"id": 1}}\n{bad}\n{{"id": 3}}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.jsonl:2: not a JSON line"):
        list(json_lines(path))
