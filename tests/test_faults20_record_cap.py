"""Issue 20, the readers' bombs: a record over max_record_bytes is rejected naming its own line while it is read,
without being held, and every record after it is still read and counted; blank lines never accumulate. Memory
is measured in a child process (peak RSS over its resident size after imports) and asserted as a bound."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import pytest
import zstandard

from pipeline.cli import main
from pipeline.config import RunConfig
from pipeline.io.mapping import DEFAULT_MAX_RECORD_BYTES
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Reject
from pipeline.runner import run

from .conftest import GLOSSARIES

CAP = 4_000  # a cap lowered by setting, so a bomb of a few KB stands for one of gigabytes
MiB = 2**20
GOOD = {"title": "贵州茅台涨停", "body": "贵州茅台今日涨停，成交额放大。"}


def _write(path: Path, chunks: Iterable[bytes]) -> Path:
    """`chunks` into `path`, compressed as its suffix says, streamed: the test never holds a bomb either."""
    suffix = path.suffix
    if suffix == ".gz":
        fh = gzip.open(path, "wb", compresslevel=1)
    elif suffix == ".bz2":
        fh = bz2.open(path, "wb")
    elif suffix == ".xz":
        fh = lzma.open(path, "wb", preset=0)
    elif suffix == ".zst":
        fh = zstandard.open(path, "wb")
    else:
        fh = path.open("wb")
    with fh:
        for chunk in chunks:
            fh.write(chunk)
    return path


def _jsonl(rid: str) -> bytes:
    return (json.dumps({"id": rid, **GOOD}, ensure_ascii=False) + "\n").encode()


def _csv_row(rid: str) -> bytes:
    return f"{rid},{GOOD['title']},{GOOD['body']}\n".encode()


def _bomb_jsonl(size: int) -> Iterable[bytes]:
    yield _jsonl("a")
    yield b'{"id": "bomb", "title": "'
    for _ in range(size // MiB):
        yield b"x" * MiB
    yield b"x" * (size % MiB) + b'", "body": "y"}\n'
    yield _jsonl("c")


def _bomb_csv(size: int) -> Iterable[bytes]:
    yield b"id,title,body\n" + _csv_row("a")
    yield b"bomb,"
    for _ in range(size // MiB):
        yield b"x" * MiB
    yield b"x" * (size % MiB) + b",y\n"
    yield _csv_row("c")


BOMBS: dict[str, Callable[[int], Iterable[bytes]]] = {"jsonl": _bomb_jsonl, "csv": _bomb_csv}


@pytest.mark.parametrize("name", ["f.jsonl", "f.jsonl.gz", "f.jsonl.bz2", "f.jsonl.xz", "f.jsonl.zst",
                                  "f.csv", "f.csv.gz", "f.csv.zst"])
def test_an_overlong_line_is_rejected_on_its_line_and_the_next_record_is_read(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / name, BOMBS[name.split(".")[1]](5 * CAP))
    items = list(read_file(path, ReadOptions(max_record_bytes=CAP)))
    kinds = [(type(i).__name__, i.line if isinstance(i, Reject) else i.origin) for i in items]
    first = 2 if ".csv" in name else 1
    assert kinds == [("Document", f"{path}:{first}"), ("Reject", first + 1), ("Document", f"{path}:{first + 2}")]
    reason = items[1].reason
    assert reason.startswith(f"line over max_record_bytes ({CAP:,}):") and "bytes" in reason


def test_an_overlong_txt_file_is_rejected_and_the_other_files_read(tmp_path: Path, glossary) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("贵州茅台涨停\n贵州茅台今日涨停。\n", encoding="utf-8")
    _write(corpus / "b.txt.gz", [b"x" * CAP * 3])
    (corpus / "c.txt").write_text("宁德时代大涨\n宁德时代今日大涨。\n", encoding="utf-8")
    config = replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", max_record_bytes=CAP)
    counts = run([corpus], tmp_path / "out", config, glossary).manifest["counts"]
    assert (counts["records_in"], counts["documents_out"], counts["rejected"]) == (3, 2, 1)
    rejects = [json.loads(x) for x in (tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["input"]).name, r["line"]) for r in rejects] == [("b.txt.gz", 1)]
    assert rejects[0]["reason"].startswith(f"line over max_record_bytes ({CAP:,}): at least {CAP * 3:,} bytes")


@pytest.mark.parametrize("shard_records", [1, 500])
def test_nothing_after_the_bomb_is_lost_in_a_run(tmp_path: Path, capsys, glossary_cache, shard_records: int) -> None:
    """The issue's data loss: good, bomb, good must be records_in 3 (it was 2, the last record silently lost)."""
    path = _write(tmp_path / "f.jsonl", _bomb_jsonl(5 * CAP))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--glossaries", str(GLOSSARIES), "--translator", "gloss",
                 "--max-record-bytes", str(CAP), "--shard-records", str(shard_records), "-q"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["records_in"], counts["documents_out"], counts["rejected"]) == (3, 2, 1)
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"] + counts["dropped"]
    ids = [json.loads(x)["doc_id"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["a", "c"]
    reject = json.loads((out / "rejects.jsonl").read_text(encoding="utf-8"))
    assert (reject["line"], reject["reason"].split(":")[0]) == (2, f"line over max_record_bytes ({CAP:,})")


def test_a_quoted_csv_field_over_millions_of_lines_is_bounded_by_the_cap(tmp_path: Path) -> None:
    """A quote that never closes, over many empty lines: the row is given up at the cap and the lines after the
    quote's line are read as rows (blank ones skipped), so the record after it is read."""
    path = _write(tmp_path / "f.csv", [b"id,title,body\n", _csv_row("a"), b'b,"open,body\n', b"\n" * 200,
                                      _csv_row("c")])
    items = list(read_file(path, ReadOptions(max_record_bytes=CAP)))
    assert [(type(i).__name__, i.line if isinstance(i, Reject) else i.origin) for i in items] == [
        ("Document", f"{path}:2"), ("Reject", 3), ("Document", f"{path}:204")]
    assert items[1].reason.startswith("unterminated quote")


CHILD = r"""
import json, sys
from pathlib import Path
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Reject
import os, tempfile
with tempfile.TemporaryDirectory() as warm:  # read one small file first: the imports a first record makes
    for name, text in (("w.jsonl", '{"title": "标题"}\n'), ("w.csv", "title\n标题\n"), ("w.txt", "标题\n")):
        (Path(warm) / name).write_text(text, encoding="utf-8")
        list(read_file(Path(warm) / name, ReadOptions()))
def status(key):  # KiB
    return int(next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(key)).split()[1])
# The peak so far holds the imports' garbage: reset it (Linux: clear_refs 5 resets VmHWM), so the peak after the
# read is the read's own; without that, the peak after the read is measured from the resident size now.
try:
    Path("/proc/self/clear_refs").write_text("5")
except OSError:
    pass
base = status("VmRSS")
kinds = [("R", i.line) if isinstance(i, Reject) else ("D", i.id) for i in read_file(Path(sys.argv[1]), ReadOptions())]
peak = status("VmHWM")
print(json.dumps({"kinds": kinds, "grew_mb": (peak - base) / 1024}))
"""


def _child_read(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "bomb.csv.zst", "bomb.jsonl"])
def test_a_200_mb_line_costs_bounded_memory(tmp_path: Path, name: str) -> None:
    """200 MB in one line (over the default 64 MiB cap) compressed to a few hundred KB: the reader never holds it
    (it held the whole line, then a copy, before: 5.85 GB for 1 GB)."""
    path = _write(tmp_path / name, BOMBS[name.split(".")[1]](200 * MiB))
    result = _child_read(path)
    first = 2 if ".csv" in name else 1
    assert result["kinds"] == [["D", "a"], ["R", first + 1], ["D", "c"]]
    assert result["grew_mb"] < 300, result  # 128 MB measured: the cap (64 MiB) and one copy of it


def test_millions_of_blank_csv_lines_stream(tmp_path: Path) -> None:
    """The issue's 117 KB .csv.gz of 60M blank lines held them all (4.8 GB); 2M stand for them here."""
    blank = b"\n" * MiB
    path = _write(tmp_path / "blank.csv.gz", [b"id,title,body\n", _csv_row("a"), *[blank] * 2, _csv_row("c")])
    result = _child_read(path)
    assert result["kinds"] == [["D", "a"], ["D", "c"]]
    assert result["grew_mb"] < 50, result


def test_max_record_bytes_is_a_config_key_with_a_default() -> None:
    assert RunConfig(glossaries=GLOSSARIES).max_record_bytes == DEFAULT_MAX_RECORD_BYTES == 64 * MiB
