"""The run summary's file list wraps between files, never inside a name or its size ("rejects.jsonl 1.0" on one
line and "KB" on the next)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.summary import SUMMARY_WIDTH, files_and_next_step

ENTRY = re.compile(r"([\w.]+) (\d+(?:\.\d+)? (?:B|KB|MB|GB))")


# The sizes of a real run of seeds/, where the list broke inside "rejects.jsonl 1.0 KB"; and larger ones.
SEEDS_RUN = {"corpus.tmx": 46_182, "documents.jsonl": 27_136, "documents.parquet": 20_685, "flags.jsonl": 0,
             "manifest.json": 4_915, "mentions.jsonl": 61_952, "mentions.parquet": 9_421, "rejects.jsonl": 1_024,
             "report.html": 92_672, "segments.jsonl": 86_016, "segments.parquet": 32_461}


@pytest.mark.parametrize("sizes", [
    SEEDS_RUN,
    {**SEEDS_RUN, "documents.jsonl": 123_456_789, "segments.jsonl": 10_000_000, "rejects.jsonl": 999},
])
def test_the_file_list_wraps_between_files(tmp_path: Path, sizes: dict[str, int]) -> None:
    manifest = '{"newsbridge_version": "0", "counts": {}}'
    (tmp_path / "manifest.json").write_text(manifest.ljust(sizes["manifest.json"]), encoding="utf-8")
    for name, size in sizes.items():
        if name != "manifest.json":
            with (tmp_path / name).open("wb") as file:
                file.truncate(size)  # sparse: the size the summary reads, without writing it
    lines = files_and_next_step(tmp_path)[:-1]
    assert len(lines) >= 2  # the sizes here make it wrap
    for line in lines:
        assert len(line) <= SUMMARY_WIDTH
        body = line.removeprefix("  files: ").strip().rstrip(",")
        for part in body.split(", "):
            assert ENTRY.fullmatch(part), line
