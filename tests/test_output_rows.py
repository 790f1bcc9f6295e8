"""Reading an output's JSONL files back (report, inspect, summary, API): one reader, one reason grouping."""

from __future__ import annotations

from pathlib import Path

from pipeline.io.output_rows import json_rows, reason_group


def test_rows_stream_past_damage_and_absence(tmp_path: Path) -> None:
    path = tmp_path / "rejects.jsonl"
    path.write_text('{"id": "a", "reason": "r"}\n\n{"id": "b", "rea\n[1, 2]\n{"id": "c"}\n', encoding="utf-8")
    assert [row["id"] for row in json_rows(path)] == ["a", "c"], "a cut line and a non-object are passed over"
    assert list(json_rows(tmp_path / "flags.jsonl")) == [], "an older output without the file reads as empty"


def test_one_problem_is_one_group_whatever_its_values() -> None:
    first = reason_group("duplicate id 'a-1' (first seen at x.jsonl:1)")
    assert first == reason_group("duplicate id 'zz' (first seen at dir/y.csv:2041)")
    assert reason_group("not valid UTF-8 (looks like GB18030)") == "not valid UTF-8 (looks like GB18030)"
