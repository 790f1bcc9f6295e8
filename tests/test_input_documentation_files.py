"""SOURCE.txt, README, LICENSE, NOTICE … in an input folder describe the data: they are skipped with a note,
never read as news (two SOURCE.txt files once became documents and collided on the id SOURCE). A file named
on the command line is read whatever its name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.io.readers import DOC_NOTE, read_corpus, scan_inputs
from pipeline.records import Document

NEWS = json.dumps({"id": "n1", "title": "示例公司发布年报", "body": "示例公司公告称，营收增长。"}, ensure_ascii=False)


@pytest.mark.parametrize(("name", "documentation"), [
    ("SOURCE.txt", True),
    ("source.txt", True),
    ("README", True),
    ("README.md", True),
    ("readme.txt", True),
    ("README.rst", True),
    ("LICENSE", True),
    ("LICENSE.txt", True),
    ("LICENCE.md", True),
    ("NOTICE", True),
    ("NOTICE.txt", True),
    ("COPYING", True),
    ("CITATION.md", True),
    ("sub/SOURCE.txt", True),
    ("SOURCE.jsonl", False),  # data, whatever its name
    ("readme.csv", False),
    ("notice_2024-05.txt", False),  # an article about a notice
    ("sources.txt.gz", False),
    ("flash-1.txt", False),
])
def test_documentation_in_a_folder_is_skipped_with_a_note(tmp_path: Path, caplog, name: str,
                                                          documentation: bool) -> None:
    path = tmp_path / "news" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEWS + "\n" if path.suffix in (".jsonl", ".csv") else "示例标题\n正文。\n", encoding="utf-8")
    scanned = scan_inputs([tmp_path / "news"])
    skipped = {p["path"]: p["error"] for p in scanned.problems}
    if documentation:
        assert path not in scanned.files and skipped == {str(path): DOC_NOTE}
        assert f"{path}: skipped: documentation, not news" in caplog.text
    else:
        assert DOC_NOTE not in skipped.values()


def test_two_source_files_no_longer_collide(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "SOURCE.txt").write_text("Where this data comes from\nlicence: none stated\n",
                                                      encoding="utf-8")
        (tmp_path / folder / "news.jsonl").write_text(NEWS.replace("n1", f"n-{folder}") + "\n", encoding="utf-8")
    items = list(read_corpus([tmp_path]))
    assert [(type(i).__name__, getattr(i, "id", None)) for i in items] == [("Document", "n-a"), ("Document", "n-b")]


def test_a_named_documentation_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "SOURCE.txt"
    path.write_text("示例标题\n正文。\n", encoding="utf-8")
    assert scan_inputs([path]).files == [path]
    (doc,) = read_corpus([path])
    assert isinstance(doc, Document) and doc.id == "SOURCE"
