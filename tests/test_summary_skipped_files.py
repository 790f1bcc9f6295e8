"""The summary's first line tells documentation skipped in an input folder (SOURCE.txt, README.md: left out by
design, see pipeline/io/readers.py) apart from files that could not be used: "SKIPPED 1 unusable file(s)" for a
folder's SOURCE.txt read as if something had gone wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.io.readers import DOC_NOTE
from pipeline.summary import format_summary

READ = {"path": "news/a.jsonl", "format": "jsonl", "encoding": "utf-8", "records": 2}


def _doc(path: str) -> dict[str, Any]:
    return {"path": path, "error": DOC_NOTE}


PDF = {"path": "news/b.pdf", "error": "unsupported input type '.pdf'"}
LOCKED = {"path": "news/c.jsonl", "error": "not readable (permission denied)"}

SKIPPED = [
    ([READ], ""),
    ([READ, _doc("news/SOURCE.txt")], "; skipped 1 documentation file(s) (SOURCE.txt)"),
    ([_doc("news/a/SOURCE.txt"), READ, _doc("news/b/SOURCE.txt"), _doc("news/README.md")],
     "; skipped 3 documentation file(s) (SOURCE.txt, README.md)"),
    ([_doc("d/README"), _doc("d/LICENSE"), _doc("d/NOTICE"), _doc("d/COPYING")],
     "; skipped 4 documentation file(s) (README, LICENSE, NOTICE, …)"),
    ([READ, PDF], "; SKIPPED 1 unusable file(s), see the manifest's inputs"),
    ([READ, _doc("news/SOURCE.txt"), PDF, LOCKED],
     "; skipped 1 documentation file(s) (SOURCE.txt); SKIPPED 2 unusable file(s), see the manifest's inputs"),
]




def _manifest(inputs: list[dict[str, Any]]) -> dict[str, Any]:
    """A manifest of 2 records read, with `inputs` (the fields format_summary reads)."""
    return {"newsbridge_version": "0", "translator": None, "flags_file": "flags.jsonl", "inputs": inputs,
            "counts": {"records_in": 2, "documents_out": 2, "rejected": 0, "segments": 0, "mentions": 0,
                       "tmx_units": 0},
            "quality": {"segments_flagged": 0, "segments_checked": 0, "checks": {}, "flagged_by_kind": {}},
            "glossary": {"entities": 1, "content_hash": "h"}, "seconds": {"total": 1.0}}


@pytest.mark.parametrize(("inputs", "expected"), SKIPPED)
def test_documentation_is_named_apart_from_unusable_files(inputs: list[dict[str, Any]], expected: str) -> None:
    first = format_summary(_manifest(inputs), Path("out")).splitlines()[0]
    read = sum("records" in i for i in inputs)
    assert first == f"newsbridge 0: 2 records in {read} file(s) → out" + expected
