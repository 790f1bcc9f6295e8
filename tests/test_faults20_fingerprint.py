"""An input rewritten in place during a run with the same size and record count (涨 → 跌, three UTF-8 bytes each,
modification time put back): the plan holds a content fingerprint of every window it read, the shard that reads
a window again compares, and a difference stops the run with one line naming the file; --resume refuses with
the reason that line gives. No document of the old text is mixed with the new."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import os
import tracemalloc
from itertools import islice
from pathlib import Path

import pytest

import pipeline.runner as runner
from pipeline.cli import main
from pipeline.io.lines import FINGERPRINT_HASH, SKIP_CHUNK, WindowHash
from pipeline.io.readers import ReadOptions
from pipeline.shards import _content_changed, plan_shards, read_shard

from .conftest import small_glossary_dir
from .test_faults20_input_changed import REFUSAL, assert_resume_refuses

RECORDS = 6
OPTIONS = ("--shard-records", "2", "-q")
# Normalizing only: what is read is what is checked, and the run needs neither jieba nor a translator.
CONFIG = "steps: [normalize]\n"
BOMB_CHUNKS = 32
PEAK_CHUNKS = 6


def _rows(n: int = RECORDS) -> list[dict[str, str]]:
    return [{"id": f"d{i}", "title": f"腾讯上涨{i}%", "body": "腾讯今天上涨。"} for i in range(n)]


def _jsonl(rows: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def _csv(rows: list[dict[str, str]]) -> bytes:
    return ("id,title,body\n" + "".join(f"{r['id']},{r['title']},{r['body']}\n" for r in rows)).encode()


# name, bytes of the rows: split into windows (.jsonl, .csv) or read whole (compressed, a JSON array).
FORMATS = [
    ("news.jsonl", _jsonl),
    ("news.csv", _csv),
    ("news.jsonl.gz", lambda rows: gzip.compress(_jsonl(rows), mtime=0)),
    ("news.csv.bz2", lambda rows: bz2.compress(_csv(rows))),
    ("news.json", lambda rows: json.dumps(rows, ensure_ascii=False).encode()),
]


def _in_place(path: Path, data: bytes) -> None:
    """Write `data` over the file in place (the same inode, as an editor or a sync tool might) and put its
    modification time back: size and mtime say nothing changed."""
    before = path.stat()
    assert len(data) == before.st_size
    with path.open("r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _rewrite(path: Path) -> None:
    """涨 → 跌 in the text (compressed again the same way where the file is compressed)."""
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()).decode().replace("涨", "跌").encode(),
                                       mtime=0))
    elif path.suffix == ".bz2":
        path.write_bytes(bz2.compress(bz2.decompress(path.read_bytes()).decode().replace("涨", "跌").encode()))
    else:
        _in_place(path, path.read_bytes().decode().replace("涨", "跌").encode())


@pytest.mark.parametrize(("name", "encode"), FORMATS, ids=[n for n, _ in FORMATS])
def test_every_window_a_shard_reads_matches_the_plan_until_the_file_is_rewritten(name, encode, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(encode(_rows()))
    options = ReadOptions()
    plan = plan_shards([path], options, shard_records=2)
    assert all(p.fingerprint for s in plan.shards for p in s.pieces)
    for shard in plan.shards:  # read as planned: the same fingerprints, window by window
        digests = [WindowHash(p.start, p.end) for p in shard.pieces]
        assert len(list(read_shard(shard, options, digests))) == shard.records
        assert _content_changed(shard, digests) == []
    if len(plan.shards) > 1:  # a window is the bytes [start, end) of the file itself
        first = plan.shards[0].pieces[0]
        assert first.fingerprint == hashlib.new(FINGERPRINT_HASH, path.read_bytes()[:first.end]).hexdigest()
    else:  # a file read whole: the raw bytes, compressed or not
        assert plan.shards[0].pieces[0].fingerprint == hashlib.new(FINGERPRINT_HASH, path.read_bytes()).hexdigest()

    _rewrite(path)
    last = plan.shards[-1]
    digests = [WindowHash(p.start, p.end) for p in last.pieces]
    assert len(list(read_shard(last, options, digests))) == last.records  # the same count: only content tells
    assert _content_changed(last, digests) == [str(path)]


def test_a_shard_of_two_files_names_the_one_rewritten(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.csv.gz"
    first.write_bytes(_jsonl(_rows(3)))
    second.write_bytes(gzip.compress(_csv(_rows(3)), mtime=0))
    options = ReadOptions()
    (shard,) = plan_shards([first, second], options, shard_records=6).shards
    assert [p.path for p in shard.pieces] == [str(first), str(second)]
    _rewrite(second)
    digests = [WindowHash(p.start, p.end) for p in shard.pieces]
    assert len(list(read_shard(shard, options, digests))) == shard.records
    assert _content_changed(shard, digests) == [str(second)]


def test_a_shard_that_stops_early_still_hashes_its_whole_window(tmp_path: Path) -> None:
    """--limit: the last shard stops after its records; the rest of its window is hashed without being parsed."""
    path = tmp_path / "news.jsonl"
    path.write_bytes(_jsonl(_rows(3)) + b"\n\n\n" + _jsonl(_rows(3)).replace(b'"d', b'"e'))
    options = ReadOptions()
    plan = plan_shards([path], options, shard_records=2, limit=3)
    last = plan.shards[-1]
    assert last.truncated
    digests = [WindowHash(p.start, p.end) for p in last.pieces]
    assert len(list(islice(read_shard(last, options, digests), last.records))) == 1
    assert _content_changed(last, digests) == []


def test_hashing_a_window_holds_no_more_than_a_line_cap(tmp_path: Path) -> None:
    """An over-long line inside a window is hashed in SKIP_CHUNK pieces as it is skipped, never held whole."""
    path = tmp_path / "news.jsonl"
    bomb = b'{"id": "bomb", "title": "' + b"x" * (BOMB_CHUNKS * SKIP_CHUNK) + b'"}\n'
    path.write_bytes(_jsonl(_rows(2)) + bomb + _jsonl(_rows(3)).replace(b'"d', b'"e'))
    options = ReadOptions(max_record_bytes=SKIP_CHUNK)
    tracemalloc.start()
    try:
        plan = plan_shards([path], options, shard_records=2)
        middle = plan.shards[1]  # the bomb's window
        digests = [WindowHash(p.start, p.end) for p in middle.pieces]
        items = list(read_shard(middle, options, digests))
        changed = _content_changed(middle, digests)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(items) == middle.records and changed == []
    # Reading and hashing the bomb holds a few chunks (measured: 4.0 planning, 3.0 reading, with or without the
    # hash, for a bomb of 16 or 64 chunks); never the bomb.
    assert peak < PEAK_CHUNKS * SKIP_CHUNK, peak / SKIP_CHUNK


def test_an_input_rewritten_in_place_during_a_run_stops_it_with_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    glossaries = small_glossary_dir(tmp_path / "glossary")
    news = tmp_path / "news.jsonl"
    news.write_bytes(_jsonl(_rows()))
    prepare = runner._prepare_work

    def prepare_then_rewrite(*args, **kwargs):  # the plan is written: the last record changes under the run
        prepare(*args, **kwargs)
        data = news.read_bytes()
        cut = data.rindex("上涨".encode())
        _in_place(news, data[:cut] + "下跌".encode() + data[cut + len("上涨".encode()):])

    before = news.stat()
    monkeypatch.setattr(runner, "_prepare_work", prepare_then_rewrite)
    out = tmp_path / "out"
    config = tmp_path / "run.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    argv = ["run", str(news), "--out", str(out), "--glossaries", str(glossaries), "--config", str(config), *OPTIONS]
    code = main(argv)
    err = capsys.readouterr().err
    after = news.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert code == 1, err
    assert "Traceback" not in err and "InputChanged" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"newsbridge: error: an input changed during the run: {news} (shard 2 read other "
                           "content than the plan"), line
    assert line.endswith(f"--resume will refuse it: {REFUSAL}"), line
    assert not (out / "manifest.json").exists()  # no output mixing the old text and the new
    assert news.read_bytes().count("下跌".encode()) == 1  # the input itself is left as it is

    monkeypatch.setattr(runner, "_prepare_work", prepare)
    assert_resume_refuses(argv, out, capsys)
