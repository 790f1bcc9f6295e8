"""`show` and `inspect` beyond their golden output: errors and exit codes, close ids, a Hive-partitioned layout,
the flagged-segment cap, reject-reason grouping, and the run summary's examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline.io.output_rows import reason_group
from pipeline.summary import format_summary
from pipeline.views.findings import format_size
from tests.views_support import cli, run_seeds

DOC = "tw-001"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views-unit") / "out"
    run_seeds(out)
    return out


@pytest.mark.parametrize(("reason", "group"), [
    ("duplicate id 'a-1' (first seen at x.jsonl:1)", "duplicate id '…' (first seen at FILE:N)"),
    ("duplicate id 'b' (first seen at dir/y.csv:2041)", "duplicate id '…' (first seen at FILE:N)"),
    ("invalid JSON: Expecting ',' delimiter at column 17", "invalid JSON: Expecting '…' delimiter at column N"),
    ("invalid UTF-8 at byte 30: b'\\xff\\xfe i'", "invalid UTF-8 at byte N: b'…'"),
    ("body longer than max_body_chars (200,000): 210,512 characters",
     "body longer than max_body_chars (N): N characters"),
    ("looks like GB18030; pass --encoding gb18030", "looks like GB18030; pass --encoding gb18030"),
    ("record has neither title nor body", "record has neither title nor body"),
])
def test_reject_reasons_group_without_their_variable_parts(reason: str, group: str) -> None:
    assert reason_group(reason) == group


@pytest.mark.parametrize(("size", "shown"), [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB"),
                                             (51 * 1024 ** 2, "51.0 MB")])
def test_format_size(size: int, shown: str) -> None:
    assert format_size(size) == shown


def test_unknown_id_is_one_line_with_close_ids_and_exit_1(seeds_out: Path) -> None:
    code, out, err = cli("show", str(seeds_out), "tw-01")
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "no document with id 'tw-01'" in err and "close ids: tw-001" in err


def test_not_an_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    for args in (("show", str(tmp_path), DOC), ("inspect", str(tmp_path)), ("inspect", str(tmp_path / "none"))):
        code, out, err = cli(*args)
        assert code == 2 and out == "" and err.count("\n") == 1, (args, err)
        assert err.startswith("newsbridge: error: ")


def test_show_reads_hive_partitioned_tables_alike(seeds_out: Path, tmp_path: Path) -> None:
    """A `segments.parquet` that is a directory of Hive partitions (the `--partition-by` layout) shows the same."""
    partitioned = tmp_path / "out"
    shutil.copytree(seeds_out, partitioned)
    for name in ("documents", "segments"):
        table = pq.read_table(seeds_out / f"{name}.parquet")
        (partitioned / f"{name}.parquet").unlink()
        ds.write_dataset(table, partitioned / f"{name}.parquet", format="parquet", partitioning=["part"]
                         if name == "segments" else None, partitioning_flavor="hive" if name == "segments" else None)
    assert (partitioned / "segments.parquet" / "part=body").is_dir()
    for fmt in ("md", "json"):
        expected = cli("show", str(seeds_out), DOC, "--format", fmt)
        assert cli("show", str(partitioned), DOC, "--format", fmt) == expected


def test_json_holds_every_sentence_and_mention(seeds_out: Path) -> None:
    code, text, _ = cli("show", str(seeds_out), DOC, "--format", "json")
    shown = json.loads(text)
    rows = [json.loads(line) for line in (seeds_out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [r for r in rows if r["doc_id"] == DOC]
    assert [s["seg_id"] for s in shown["segments"]] == [r["seg_id"] for r in mine]
    assert shown["segments"][0]["part"] == "title"
    assert [[m["surface"] for m in s["mentions"]] for s in shown["segments"]] == \
        [[m["surface"] for m in r["entities"]] for r in mine]
    assert [s["en"] for s in shown["segments"]] == [r["en"] for r in mine]


def _with_flags(seeds_out: Path, tmp_path: Path, n: int) -> Path:
    """The seeds output with `n` segments marked as flagged in flags.jsonl (gloss flags none of the seeds)."""
    out = tmp_path / "flagged"
    shutil.copytree(seeds_out, out)
    rows = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()][:n]
    with (out / "flags.jsonl").open("w", encoding="utf-8") as fh:
        for i, r in enumerate(rows):
            flag = "untranslated:某" if i % 2 else "term_missing:cn.600519"
            fh.write(json.dumps({"doc_id": r["doc_id"], "seg_id": r["seg_id"], "flags": [flag], "zh": r["zh"],
                                 "en": r["en"]}, ensure_ascii=False) + "\n")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["quality"].update(segments_flagged=n, flagged_by_kind={"term_missing": (n + 1) // 2,
                                                                    "untranslated": n // 2})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out


def test_inspect_caps_flagged_segments_and_counts_the_rest(seeds_out: Path, tmp_path: Path) -> None:
    out = _with_flags(seeds_out, tmp_path, 30)
    code, text, _ = cli("inspect", str(out), "--flagged", "5")
    assert code == 0
    assert "flagged segments (30: term_missing 15, untranslated 15)" in text
    assert text.count("    zh: ") == 5 and "… and 25 more in" in text
    data = json.loads(cli("inspect", str(out), "--format", "json", "--flagged", "0")[1])
    assert data["flagged"]["total"] == 30 and data["flagged"]["shown"] == [] and data["flagged"]["more"] == 30


def test_run_summary_shows_flag_examples_files_and_next_step(seeds_out: Path, tmp_path: Path) -> None:
    out = _with_flags(seeds_out, tmp_path, 4)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    lines = format_summary(manifest, out).splitlines()
    assert lines[0].startswith("FLAGGED 4 of 104 segments: term_missing 2, untranslated 2")
    assert lines[1].startswith("  bad-ok-1 #0 term_missing:cn.600519: ")
    assert lines[4] == f"  … 1 more: newsbridge inspect {out}"
    assert lines[5].startswith("REJECTED 6 of 39")
    assert any(line.startswith("  files: corpus.tmx ") for line in lines)
    assert lines[-1] == (f"next: open {out}/report.html; newsbridge show {out} bad-ok-1; "
                         f"newsbridge inspect {out}")


def test_reject_reasons_are_counted_per_group(seeds_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "rejects"
    shutil.copytree(seeds_out, out)
    rows = [{"input": "a.jsonl", "line": n, "reason": f"duplicate id 'x{n}' (first seen at a.jsonl:{n - 1})"}
            for n in (4, 9, 120)] + [{"input": "b.csv", "line": 2, "reason": "record has neither title nor body"}]
    (out / "rejects.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    data = json.loads(cli("inspect", str(out), "--format", "json")[1])
    assert [(g["reason"], g["count"], g["where"]) for g in data["rejects"]] == [
        ("duplicate id '…' (first seen at FILE:N)", 3, "a.jsonl:4"),
        ("record has neither title nor body", 1, "b.csv:2")]
    text = cli("inspect", str(out))[1]
    assert "       3  duplicate id '…' (first seen at FILE:N)\n          e.g. a.jsonl:4: duplicate id 'x4'" in text
    assert "       1  record has neither title nor body (b.csv:2)" in text


@pytest.mark.parametrize(("stored", "shown"), [
    ('{"a": 1}', {"a": 1}), ([("a", "1")], {"a": "1"}), ({"a": 1}, {"a": 1}), ("not json", "not json"), ([], {}),
])
def test_meta_is_shown_as_one_object_however_it_is_stored(stored: object, shown: object) -> None:
    from pipeline.views.show import _meta

    assert _meta(stored) == shown
