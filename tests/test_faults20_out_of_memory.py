"""Issue 20: "under ulimit -v 6G the MemoryError reject names no cause / names the wrong line". A record whose
reading runs out of memory (max_record_bytes set above what the machine can hold) is a reject at that record's
line saying so, with the setting that would avoid it; in a JSONL file the records after it are still read."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.io.readers as readers
from pipeline.io import formats, mapping
from pipeline.io.lines import out_of_memory_reason
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document, Reject

CAP = 2**30
OOM = out_of_memory_reason(CAP)
GOOD = {"title": "贵州茅台涨停", "body": "贵州茅台今日涨停。"}


def _kinds(items: list[Document | Reject]) -> list[tuple[str, object]]:
    return [("D", i.id) if isinstance(i, Document) else ("R", i.line, i.reason) for i in items]


def _jsonl(path: Path, ids: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, **GOOD}, ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    return path


def test_a_record_out_of_memory_in_json_is_its_own_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(tmp_path / "f.jsonl", ["a", "b", "c"])
    real = json.loads
    monkeypatch.setattr(readers.json, "loads", lambda text, **kw: (_ for _ in ()).throw(MemoryError())
                        if '"b"' in text else real(text, **kw))
    assert _kinds(list(read_file(path, ReadOptions(max_record_bytes=CAP)))) == [("D", "a"), ("R", 2, OOM), ("D", "c")]


def test_a_record_out_of_memory_in_mapping_is_its_own_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(tmp_path / "f.jsonl", ["a", "b", "c"])
    real = mapping.map_record
    monkeypatch.setattr(mapping, "map_record", lambda record, columns=(): (_ for _ in ()).throw(MemoryError())
                        if record.get("id") == "b" else real(record, columns))
    assert _kinds(list(read_file(path, ReadOptions(max_record_bytes=CAP)))) == [("D", "a"), ("R", 2, OOM), ("D", "c")]


def test_a_json_array_out_of_memory_ends_the_file_at_that_record(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps([{"id": i, **GOOD} for i in "abc"], ensure_ascii=False), encoding="utf-8")

    def records(*args, **kwargs):
        yield json.dumps({"id": "a", **GOOD}).encode()
        raise MemoryError

    monkeypatch.setattr(formats, "json_records", records)
    assert _kinds(list(read_file(path, ReadOptions(max_record_bytes=CAP)))) == [
        ("D", "a"), ("R", 2, f"cannot read the file further: {OOM}")]


CHILD = r"""
import json, resource, sys
from pathlib import Path
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Reject
list(read_file(Path(sys.argv[2]), ReadOptions()))  # the imports a first record makes
size = int(next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmSize")).split()[1])
limit = (size + 150 * 1024) * 1024  # 150 MB of address space more than the reader has: the 400 MB line cannot fit
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
items = list(read_file(Path(sys.argv[1]), ReadOptions(max_record_bytes=2**30)))
print(json.dumps([[i.line, i.reason] if isinstance(i, Reject) else i.id for i in items]))
"""


def test_under_a_memory_limit_the_reject_names_the_line_and_the_cause(tmp_path: Path) -> None:
    """The issue's case for real: a 400 MB line (a 400 KB .gz) under an address-space limit, the cap above it."""
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write((json.dumps({"id": "a", **GOOD}, ensure_ascii=False) + "\n").encode())
        fh.write(b'{"id": "bomb", "title": "')
        for _ in range(400):
            fh.write(b"x" * 2**20)
        fh.write(b'"}\n' + (json.dumps({"id": "c", **GOOD}, ensure_ascii=False) + "\n").encode())
    warm = _jsonl(tmp_path / "warm.jsonl", ["w"])
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)], capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    result = json.loads(done.stdout)
    assert result[0] == "a"
    assert result[1] == [2, f"cannot read the file further: {OOM}"] or result[1:] == [[2, OOM], "c"], result
