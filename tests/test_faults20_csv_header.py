"""Issue 20, the CSV header bomb: a 2-line CSV whose header is 180 KB (`"a,` × 60,000) took 197 s, since
csv.Sniffer's time grows with the square of its sample and it ran again for every shard window. The delimiter is
sniffed from the first SNIFF_CHARS characters, once per file, and a header line over MAX_CSV_HEADER_CHARS is one
clear reject for the file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.io import readers
from pipeline.io.readers import MAX_CSV_HEADER_CHARS, SNIFF_CHARS, ReadOptions, Window, read_file
from pipeline.records import Document, Reject

ROWS = "id,title,body\na,贵州茅台涨停,贵州茅台今日涨停。\nb,宁德时代大涨,宁德时代今日大涨。\n"


@pytest.fixture
def sniffed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every sample csv.Sniffer is given (from an empty cache of sniffed samples)."""
    readers._sniffed.cache_clear()
    samples: list[int] = []
    real = csv.Sniffer.sniff

    def sniff(self: csv.Sniffer, sample: str, delimiters: str | None = None) -> type[csv.Dialect]:
        samples.append(len(sample))
        return real(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", sniff)
    return samples


def test_the_issues_180_kb_header_is_one_reject(tmp_path: Path, sniffed: list[int]) -> None:
    path = tmp_path / "wide.csv"
    path.write_text('"a,' * 60_000 + "\n1,2\n", encoding="utf-8")
    [item] = read_file(path, ReadOptions())
    assert isinstance(item, Reject) and (item.input, item.line) == (str(path), 1)
    assert item.reason.startswith("CSV header of 180,000 characters")
    assert f"over {MAX_CSV_HEADER_CHARS:,} characters" in item.reason
    assert sniffed == [SNIFF_CHARS]


@pytest.mark.parametrize(("header", "delimiter"), [("id,title,body", ","), ("id;title;body", ";"),
                                                   ("id\ttitle\tbody", "\t"), ("id|title|body", "|")])
def test_a_wide_header_under_the_cap_is_sniffed_from_its_start(tmp_path: Path, sniffed: list[int], header: str,
                                                              delimiter: str) -> None:
    """4,000 extra columns (about 40 KB): the sample stays SNIFF_CHARS long and the delimiter is still found."""
    extra = delimiter.join(f"extra{i}" for i in range(4_000))
    path = tmp_path / "wide.csv"
    path.write_text(f"{header}{delimiter}{extra}\n" + ROWS.split("\n", 1)[1].replace(",", delimiter),
                    encoding="utf-8")
    items = list(read_file(path, ReadOptions()))
    assert [(type(i).__name__, getattr(i, "id", None)) for i in items] == [("Document", "a"), ("Document", "b")]
    assert sniffed == [SNIFF_CHARS]


def test_the_delimiter_is_sniffed_once_per_file_not_per_window(tmp_path: Path, sniffed: list[int]) -> None:
    path = tmp_path / "news.csv"
    path.write_text(ROWS, encoding="utf-8")
    second = len(ROWS.encode().split(b"\n", 2)[0]) + len(ROWS.encode().split(b"\n", 2)[1]) + 2
    windows = [Window(0, second, 1), Window(second, None, 3)]
    items = [i for w in windows for i in read_file(path, ReadOptions(), w)]
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "b"]
    assert len(sniffed) == 1
