"""A Traditional source is shown as written: `newsbridge show`, the report's reader and its flagged table show
the original characters (segments' `src`; the normalized Simplified `zh` is for matching), names highlighted at
offsets carried over from `zh`, and times on the markets' clock (UTC+08:00, pipeline/io/timestamps.py).
The outputs themselves are unchanged: mention offsets still index `zh`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.config import RunConfig
from pipeline.io.timestamps import local_time
from pipeline.report import REPORT_FILE, write_report
from pipeline.runner import run
from pipeline.text.written import as_written, carry_span, char_map
from tests.conftest import GLOSSARIES
from tests.views_support import cli

# Written here for these tests. tw-b's title has two spaces that normalization folds to one, so its original
# is one character longer than its `zh` and the offsets must be carried over, not copied.
CORPUS = [
    {"id": "tw-a", "title": "台積電股價漲3%", "body": "台積電第三季營收創新高。鴻海股價下跌1%。",
     "published_at": "2025-03-01T02:30:00Z"},
    {"id": "tw-b", "title": "聯發科  發表新晶片，台積電代工", "body": "聯發科宣布新晶片由台積電代工。",
     "published_at": "2025-03-01 23:10"},
    {"id": "cn-a", "title": "平安银行涨2%", "body": "平安银行公布年报。", "published_at": "2025-03-02"},
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, glossary) -> Path:
    root = tmp_path_factory.mktemp("traditional")
    corpus = root / "tw.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in CORPUS), encoding="utf-8")
    config = replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", translation_memory="off")
    run([corpus], root / "out", config, glossary)
    return root / "out"


def _segments(out: Path, doc_id: str) -> list[dict]:
    rows = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["doc_id"] == doc_id]


# --- the view of one segment row -------------------------------------------------------------------------

def _seg(zh: str, src: str, script: str, names: list[str]) -> dict:
    return {"zh": zh, "src": src, "script": script, "src_lang": "zh",
            "entities": [{"surface": n, "start": zh.index(n), "end": zh.index(n) + len(n), "canonical": n,
                          "ticker": None, "type": "company"} for n in names]}


@pytest.mark.parametrize(("seg", "text", "original", "surfaces"), [
    # same length: offsets carry over as they are
    (_seg("台积电股价涨3%", "台積電股價漲3%", "hant", ["台积电"]), "台積電股價漲3%", True, ["台積電"]),
    # the original has a space more (folded by normalization): the name after it moves by one
    (_seg("联发科 发表，台积电代工", "聯發科  發表，台積電代工", "hant", ["联发科", "台积电"]),
     "聯發科  發表，台積電代工", True, ["聯發科", "台積電"]),
    # five spaces folded to one right before a name (a Hong Kong headline's layout)
    (_seg("港股高开258点 长和升近一成半", "港股高開258點     長和升近一成半", "hant", ["长和"]),
     "港股高開258點     長和升近一成半", True, ["長和"]),
    # a zero-width space inside the name, dropped by normalization
    (_seg("鸿海与台积电涨", "鴻海與台\u200b積電漲", "hant", ["台积电"]),
     "鴻海與台\u200b積電漲", True, ["台\u200b積電"]),
    # full-width digits folded to ASCII keep lengths
    (_seg("鸿海跌1%", "鴻海跌１％", "hant", ["鸿海"]), "鴻海跌１％", True, ["鴻海"]),
    # Simplified source: zh is shown, nothing moves
    (_seg("平安银行涨2%", "平安银行涨2%", "hans", ["平安银行"]), "平安银行涨2%", False, ["平安银行"]),
    # a Traditional record whose original was not recoverable (src == zh): zh is shown
    (_seg("台积电涨", "台积电涨", "hant", ["台积电"]), "台积电涨", False, ["台积电"]),
])
def test_as_written_shows_the_original_with_mentions_in_it(seg: dict, text: str, original: bool,
                                                           surfaces: list[str]) -> None:
    written = as_written(seg)
    assert (written.text, written.original) == (text, original)
    assert [m["surface"] for m in written.mentions] == surfaces
    assert all(written.text[m["start"]:m["end"]] == m["surface"] for m in written.mentions)
    assert [m["start"] for m in seg["entities"]] == [seg["zh"].index(n) for n in [e["canonical"]
                                                                                  for e in seg["entities"]]]


def test_an_english_sentence_shows_its_source() -> None:
    written = as_written({"zh": None, "src": "Nvidia rose 3%.", "en": "Nvidia rose 3%.", "script": "hant",
                          "src_lang": "en", "entities": []})
    assert (written.text, written.original) == ("Nvidia rose 3%.", False)


@pytest.mark.parametrize(("normalized", "source", "span", "expected"), [
    ("abc", "abc", (0, 2), (0, 2)),
    ("a b", "a  b", (2, 3), (3, 4)),
    ("台积电", "台積電", (0, 3), (0, 3)),
    ("ab", "xyz", (0, 2), None),  # nothing corresponds: no place, never a wrong one
])
def test_spans_carry_over_or_are_dropped(normalized: str, source: str, span: tuple[int, int],
                                         expected: tuple[int, int] | None) -> None:
    assert carry_span(char_map(normalized, source), *span) == expected


@pytest.mark.parametrize(("value", "shown"), [
    ("2025-03-01T02:30:00Z", "2025-03-01 10:30 UTC+08:00"),
    ("2025-03-01T17:30:00Z", "2025-03-02 01:30 UTC+08:00"),
    ("2025-03-01T02:30:15Z", "2025-03-01 10:30:15 UTC+08:00"),
    ("2025-03-01 10:30", "2025-03-01 10:30 UTC+08:00"),  # no zone: already the markets' clock
    ("not a date", None),
    (None, None),
])
def test_local_time_is_the_markets_clock(value: str | None, shown: str | None) -> None:
    assert local_time(value) == shown


# --- show, the reader and the flagged table on a real run -------------------------------------------------

def test_outputs_keep_zh_and_mention_offsets_into_it(out: Path) -> None:
    for seg in _segments(out, "tw-b"):
        assert seg["script"] == "hant"
        for m in seg["entities"]:
            assert seg["zh"][m["start"]:m["end"]] == m["surface"]


@pytest.mark.parametrize(("doc_id", "expected", "absent"), [
    ("tw-a", ["| 0 | title | 台積電股價漲3% |", "台積電第三季營收創新高。", "台積電 = TSMC 2330.TW (company)",
              "| published_at | 2025-03-01 10:30 UTC+08:00 |"], ["台积电", "T02:30:00Z"]),
    ("tw-b", ["聯發科 發表新晶片，台積電代工", "台積電 = TSMC 2330.TW (company)",  # a Markdown cell is one line
              "| published_at | 2025-03-01 23:10 UTC+08:00 |"], ["台积电"]),
    ("cn-a", ["| 0 | title | 平安银行涨2% |", "| published_at | 2025-03-02 00:00 UTC+08:00 |"], []),
])
def test_show_markdown_is_as_written(out: Path, doc_id: str, expected: list[str], absent: list[str]) -> None:
    code, text, err = cli("show", str(out), doc_id)
    assert code == 0, err
    for piece in expected:
        assert piece in text, piece
    for piece in absent:
        assert piece not in text, piece


def test_show_json_keeps_zh_and_adds_the_original(out: Path) -> None:
    code, text, _ = cli("show", str(out), "tw-a", "--format", "json")
    segments = json.loads(text)["segments"]
    assert code == 0
    assert [s["original"] for s in segments] == ["台積電股價漲3%", "台積電第三季營收創新高。", "鴻海股價下跌1%。"]
    assert segments[0]["zh"] == "台积电股价涨3%"
    assert segments[0]["mentions"][0]["surface"] == "台积电" and segments[0]["mentions"][0]["as_written"] == "台積電"
    code, text, _ = cli("show", str(out), "cn-a", "--format", "json")
    assert all("original" not in s for s in json.loads(text)["segments"])


def _doc(tree: HTMLParser, doc_id: str):
    doc = tree.css_first(f'details[id="doc-{doc_id}"]')
    assert doc is not None
    return doc


@pytest.mark.parametrize(("doc_id", "title", "sentence", "names", "date"), [
    ("tw-a", "台積電股價漲3%", "台積電第三季營收創新高。", ["台積電"], "2025-03-01 10:30 UTC+08:00"),
    ("tw-b", "聯發科  發表新晶片，台積電代工", "聯發科宣布新晶片由台積電代工。", ["聯發科", "台積電"],
     "2025-03-01 23:10 UTC+08:00"),
    ("cn-a", "平安银行涨2%", "平安银行公布年报。", ["平安银行"], "2025-03-02 00:00 UTC+08:00"),
])
def test_reader_shows_the_original_with_names_highlighted(out: Path, doc_id: str, title: str, sentence: str,
                                                          names: list[str], date: str) -> None:
    tree = HTMLParser((out / REPORT_FILE).read_text(encoding="utf-8"))
    for tip in tree.css(".ent .tip"):  # the hover text beside each name
        tip.decompose()
    doc = _doc(tree, doc_id)
    summary = doc.css_first("summary")
    assert title in summary.text() and summary.css_first(".date").text() == date
    cells = [td.text(deep=True) for td in doc.css("td.zh")]
    assert any(cell.startswith(sentence) for cell in cells), cells
    highlighted = [n.text(deep=False) for n in doc.css("td.zh .ent")]
    assert set(names) <= set(highlighted), highlighted


def test_flagged_table_shows_the_original(out: Path, tmp_path: Path, glossary) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    seg = _segments(copy, "tw-a")[1]
    row = {"doc_id": "tw-a", "seg_id": seg["seg_id"], "flags": ["untranslated"], "zh": seg["zh"], "en": seg["en"]}
    (copy / "flags.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    tree = HTMLParser(write_report(copy, glossary).read_text(encoding="utf-8"))
    table = tree.css_first("#quality table.flagged")
    assert table is not None
    cells = [td.text() for td in table.css("tbody td")]
    assert "台積電第三季營收創新高。" in cells and seg["zh"] not in cells
