"""The story index's stories-v7 columns: each row's publisher key (pipeline/dedupe/publisher.py: the record's
`source`, else its URL's host, else its id's feed prefix; rule 9 reads it) and whether its instant has a time of day;
and the in-place upgrade of a stories-v6 index (story_index.upgrade; from its dataset: pipeline/dataset/republish.py).
Invented texts; no ../shared."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.dataset.admission import Admission
from pipeline.dataset.layout import MANIFEST_FILE
from pipeline.dataset.republish import dataset_publishers, republish
from pipeline.dedupe import entities as ent
from pipeline.dedupe.publisher import publisher_key, same_publisher
from pipeline.dedupe.story_index import SCHEMA, V6_SCHEMA, StoryIndex
from pipeline.io.writers import DOCUMENT_SCHEMA, MENTION_SCHEMA, SEGMENT_SCHEMA
from pipeline.records import Document
from tests.dataset_builder import build_dataset

TITLE = "星河电子二季度营收增长7%"
BODY = "星河电子公布二季度营收同比增长7%，毛利率维持稳定。"
COPY = "星河电子公布：二季度营收同比增长7%，毛利率维持稳定，公司称。"
NAMES = ent.EntityNames({"星辰科技": "us.xingchen"})
# Two publishers' tellings of one deal, worded apart, five minutes apart (tests/test_pair_model.py: rule 9 joins
# them, rules 1-8 do not)
FIRST = ("星辰科技与云服务商签订长期供货协议", "星辰科技宣布与一家云服务商签订为期五年的供货协议。")
SECOND = ("星辰科技宣布与云厂商签署五年供货协议", "星辰科技周二表示，已与一家云厂商签署为期五年的供货合同。")
START = datetime(2026, 7, 1, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(("doc_id", "source", "url", "key"), [
    ("123", "财联社 (cls.cn) 电报", "https://api3.cls.cn/share/article/1", "财联社 (cls.cn) 电报"),
    ("123", "  Reuters   Wire ", None, "reuters wire"),
    ("123", None, "https://api3.cls.cn/share/article/1", "cls.cn"),
    ("123", "", "https://WWW.Reuters.com/markets/a", "reuters.com"),
    ("123", None, "http://finance.sina.com.cn/x.shtml", "sina.com.cn"),
    ("123", None, "https://www.hkej.com.hk/news/1", "hkej.com.hk"),
    ("123", None, "https://news.bbc.co.uk/", "bbc.co.uk"),
    ("123", None, "news.cnyes.com/news/id/5823602", "cnyes.com"),
    # the Public Suffix List's reach past country second levels: a private suffix and a city's own domain
    ("123", None, "https://newsroom.github.io/feed", "newsroom.github.io"),
    ("123", None, "https://www.city.kawasaki.jp/a", "city.kawasaki.jp"),
    ("123", None, "https://com.cn/", "com.cn"),
    ("123", None, "http://127.0.0.1:8080/a", "127.0.0.1"),
    ("cls-2370639", None, "not a url", "cls"),
    ("cls-2370639", None, None, "cls"),
    ("123", 5, None, ""),
    ("123", None, None, ""),
    ("https://example.org/a", None, None, ""),
])
def test_a_records_publisher_key(doc_id: str, source: object, url: object, key: str) -> None:
    assert publisher_key(doc_id, source, url) == key


@pytest.mark.parametrize(("a", "b", "same"), [("cls.cn", "cls.cn", True), ("cls.cn", "10jqka.com.cn", False),
                                              ("", "cls.cn", True), ("", "", True)])
def test_an_unknown_publisher_reads_as_one(a: str, b: str, same: bool) -> None:
    assert same_publisher(a, b) is same


def _second_joined(meta_a: dict[str, str], meta_b: dict[str, str]) -> bool:
    """Whether the planner joins SECOND to FIRST, numeric ids, each record with `meta`."""
    with StoryIndex(None, names=NAMES) as index:
        admission = Admission(stories=index)
        admission.decide(Document("1001", *FIRST, meta={**meta_a, "published_at": START.isoformat()}))
        later = (START + timedelta(minutes=5)).isoformat()
        return admission.decide(Document("1002", *SECOND, meta={**meta_b, "published_at": later})).duplicate_of \
            == "1001"


def test_rule_9_reads_the_publisher_from_source_or_url_when_ids_name_none() -> None:
    assert _second_joined({"source": "星辰日报"}, {"source": "云端财经"})
    assert _second_joined({"url": "https://a.example.com/1"}, {"url": "https://www.other.example.org/2"})
    # neither side known: read as one publisher's, where the model joins least (pair_features.Side.publisher)
    assert not _second_joined({}, {})


def _v6(path: Path) -> None:
    """The file as stories-v6 had it: no publisher or timed column, the v6 schema named."""
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE docs DROP COLUMN publisher")
        db.execute("ALTER TABLE docs DROP COLUMN timed")
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (V6_SCHEMA,))
    db.close()


def _rows(path: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(path) as db:
        rows = {doc_id: (publisher, timed) for doc_id, publisher, timed in
                db.execute("SELECT doc_id, publisher, timed FROM docs")}
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA
    db.close()
    return rows


def _v6_index(path: Path) -> None:
    """A v6 index of three documents: a timed one with a feed prefix, a date alone, and a URL's."""
    with StoryIndex(path) as index:
        index.match("cls-1", TITLE, BODY, published_at=datetime(2026, 3, 1, 1, 30, tzinfo=UTC))
        index.match("2", "另一条新闻", "内容完全不同的一条新闻。", published_at=datetime(2026, 2, 28, 16, tzinfo=UTC),
                    timed=False)
        index.match("3", "第三条新闻", "又一条不同的新闻。")
        index.commit(1)
    _v6(path)


def test_a_v6_index_is_upgraded_on_open_and_keeps_answering(tmp_path: Path) -> None:
    path = tmp_path / "stories.sqlite"
    _v6_index(path)
    with StoryIndex(path) as index:
        assert index.match("copy", TITLE, COPY, published_at=datetime(2026, 3, 1, 2, tzinfo=UTC)) == "cls-1"
        index.commit(2)
    # the row at 00:00:00 UTC+08:00 was a date alone; without a dataset the publishers come from the ids
    assert _rows(path) == {"cls-1": ("cls", 1), "2": ("", 0), "3": ("", 1), "copy": ("", 1)}


def test_the_upgrade_reads_the_dataset_and_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "stories.sqlite"
    _v6_index(path)

    def failing():
        yield "2", "example.com"
        raise OSError("the documents table could not be read")

    with pytest.raises(OSError):
        republish(path, failing)
    with sqlite3.connect(path) as db:  # as it was: v6, no new column
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == V6_SCHEMA
        assert "publisher" not in {c for _, c, *_ in db.execute("PRAGMA table_info(docs)")}
    db.close()
    assert republish(path, lambda: [("2", "example.com"), ("3", ""), ("gone", "x.org")])
    assert not republish(path, lambda: [])  # current now: nothing to do
    assert _rows(path) == {"cls-1": ("cls", 1), "2": ("example.com", 0), "3": ("", 1)}


def test_dataset_publishers_reads_source_and_url(tmp_path: Path) -> None:
    out = tmp_path / "run1"
    out.mkdir()
    rows = [{"doc_id": "1", "title_zh": TITLE, "n_segments": 1, "source": "星辰日报"},
            {"doc_id": "2", "title_zh": TITLE, "n_segments": 1, "url": "https://www.example.com/a"},
            {"doc_id": "cls-3", "title_zh": TITLE, "n_segments": 1}]
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA), out / "documents.parquet")
    pq.write_table(SEGMENT_SCHEMA.empty_table(), out / "segments.parquet")
    pq.write_table(MENTION_SCHEMA.empty_table(), out / "mentions.parquet")
    (out / MANIFEST_FILE).write_text(json.dumps({"counts": {"documents": 3, "records_in": 3}}), encoding="utf-8")
    build_dataset(tmp_path / "dataset", [out])
    assert list(dataset_publishers(tmp_path / "dataset")) == [("1", "星辰日报"), ("2", "example.com"), ("cls-3", "cls")]
    assert list(dataset_publishers(tmp_path / "none")) == []
