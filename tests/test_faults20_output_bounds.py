"""Issue 20, output out of proportion to the input: one record with a 10 KB id and 50,000 short sentences (610 KB)
wrote 2.0 GB (the id repeated on every segment, mention and TMX unit). An id over `max_id_chars` is rejected as it is
read, a record over `max_segments_per_record` at segmenting, before any linking or translation; both are rejects
with the limit named, and the counts add up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_MAX_SEGMENTS_PER_RECORD, RunConfig
from pipeline.io.mapping import DEFAULT_MAX_ID_CHARS, ReadOptions, record_from_mapping
from pipeline.records import Document, Reject
from stages.segment import SegmentStage

from .conftest import GLOSSARIES, small_glossary_dir

GOOD = {"title": "中际旭创涨停", "body": "中际旭创今日涨停。"}
# The issue's record: a 10 KB id and 50,000 sentences of two characters (610 KB of JSONL).
BOMB_ID = "x" * 10_000
BOMB_BODY = "涨。" * 50_000


@pytest.mark.parametrize(("record_id", "limit", "reason"), [
    ("a" * 10, 10, None),
    ("a" * 11, 10, "id has 11 characters, over the limit of 10 (max_id_chars in the config)"),
    (BOMB_ID, DEFAULT_MAX_ID_CHARS, "id has 10,000 characters, over the limit of 1,000 (max_id_chars in the config)"),
    (12345678901, 10, "id has 11 characters, over the limit of 10 (max_id_chars in the config)"),
    (f"  {'a' * 10}  ", 10, None),  # the id as kept: stripped
])
def test_an_id_over_max_id_chars_is_a_reject_naming_the_limit(record_id, limit: int, reason: str | None) -> None:
    item = record_from_mapping({"id": record_id, **GOOD}, "f.jsonl", 3, "f-3", ReadOptions(max_id_chars=limit))
    if reason is None:
        assert isinstance(item, Document) and item.id == "a" * 10
    else:
        assert isinstance(item, Reject) and (item.line, item.reason) == (3, reason)
        assert len(item.raw) < 400  # the reject shows a preview, not the id again


@pytest.mark.parametrize(("body", "limit", "rejected"), [
    ("涨。跌。", 3, False),  # title + 2 sentences = 3: at the limit
    ("涨。跌。平。", 3, True),
    (BOMB_BODY, DEFAULT_MAX_SEGMENTS_PER_RECORD, True),
])
def test_a_record_over_max_segments_is_rejected_before_any_tokenizing(body: str, limit: int, rejected: bool) -> None:
    # No setup(): the stage has no tokenizer, so it can only get through an over-limit record by not tokenizing it.
    stage = SegmentStage(None, max_segments=limit)  # type: ignore[arg-type]
    doc = Document(id="d", title="标题", body=body)
    if not rejected:
        with pytest.raises(AssertionError, match="setup"):
            stage.process([doc])
        return
    assert stage.process([doc]) == []
    [removal] = stage.take_removed()
    segments = 1 + body.count("。")
    assert removal.doc is doc and not removal.dropped
    assert removal.reason == (f"{segments:,} segments (title and sentences), over the limit of {limit:,} "
                              "(max_segments_per_record in the config)")


def test_the_limits_are_config_keys_with_defaults_far_above_real_news() -> None:
    config = RunConfig(glossaries=GLOSSARIES)
    # ../shared/data/news: the longest id is 32 characters, the longest record 100 segments.
    assert (config.max_id_chars, config.max_segments_per_record) == (1_000, 5_000)
    stage = SegmentStage.__new__(SegmentStage)
    stage.__setstate__({"glossary": None, "max_segments": 7})  # the limit survives pickling to a worker
    assert stage.max_segments == 7


# The child's own peak is VmHWM (per address space). Not getrusage's ru_maxrss: Linux carries the maximum over an
# exec, and a child started by vfork takes its parent's peak with it (a pytest worker's 1.7 GB, not the run's).
CHILD = r"""
import json, sys
from pathlib import Path
from pipeline.cli import main
code = main(sys.argv[1:])
hwm = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM"))
print(json.dumps({"code": code, "peak_mb": int(hwm.split()[1]) / 1024}))
"""


def test_the_issues_record_is_rejected_and_the_output_stays_small(tmp_path: Path) -> None:
    """The issue's 610 KB record (2.0 GB of output before) beside one with a short id and the same body, and a
    good record: two rejects naming their limit, the good document written, kilobytes of output, bounded memory."""
    news = tmp_path / "news.jsonl"
    rows = [{"id": BOMB_ID, "title": "标题", "body": BOMB_BODY}, {"id": "many", "title": "标题", "body": BOMB_BODY},
            {"id": "good", **GOOD}]
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["run", str(news), "--out", str(out), "--glossaries", str(small_glossary_dir(tmp_path / "glossary")),
            "--translator", "gloss", "--translation-memory", "off", "-q"]
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 1, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0
    # 542 MB measured, the same as a run of the good record alone (the limits held: nothing of the bomb is built).
    assert result["peak_mb"] < 1_000, result
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["records_in"], counts["documents_out"], counts["rejected"]) == (3, 1, 2)
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"] + counts["dropped"]
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (1, "id has 10,000 characters, over the limit of 1,000 (max_id_chars in the config)"),
        (2, "segment: 50,001 segments (title and sentences), over the limit of 5,000 (max_segments_per_record in "
            "the config)")]
    docs = [json.loads(x)["doc_id"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs == ["good"]
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert written < 200_000, written  # about 50 KB (report.html the most); 2.0 GB before
