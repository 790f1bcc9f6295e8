"""report.html: written by every run, self-contained, its figures those of the manifest and the JSONL files,
news text escaped, and a valid page when every record was rejected. (The browser test is tests/browser/.)"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.cli import main
from pipeline.config import RunConfig
from pipeline.io.output_rows import reason_group
from pipeline.report import REPORT_FILE, write_report, write_run_report
from pipeline.report.gather import MAX_FLAG_ROWS, gather
from pipeline.report.reader import FIRST_DOCUMENTS
from pipeline.runner import run
from tests.conftest import GLOSSARIES, SEEDS

HOSTILE_TITLE = '<script>alert("title")</script>平安银行公告'
HOSTILE_BODY = '平安银行涨2%。"><img src=x onerror=alert(1)>腾讯控股跌1%。'


def _config(**kw) -> RunConfig:
    return replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", translation_memory="off", **kw)


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _page(out: Path) -> HTMLParser:
    return HTMLParser((out / REPORT_FILE).read_text(encoding="utf-8"))


def _table_rows(tree: HTMLParser, css: str) -> list[list[str]]:
    table = tree.css_first(css)
    assert table is not None, css
    return [[td.text(strip=True) for td in tr.css("td")] for tr in table.css("tbody tr")]


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory, glossary) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    run([SEEDS], out, _config(), glossary)
    return out


def test_every_run_writes_the_report(seed_out: Path) -> None:
    assert (seed_out / REPORT_FILE).is_file()
    assert not [p.name for p in seed_out.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_report_is_self_contained(seed_out: Path) -> None:
    text = (seed_out / REPORT_FILE).read_text(encoding="utf-8")
    tree = HTMLParser(text)
    links = [n.attributes.get(a) or "" for n in tree.css("[src], [href]") for a in ("src", "href")]
    assert links and all(link.startswith("#") for link in links if link), links  # in-page anchors only
    assert not re.search(r"https?://", text)
    assert not tree.css("script, link, img, iframe, object, embed")
    assert "@import" not in text and "url(" not in text
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert csp is not None and "default-src 'none'" in csp.attributes["content"]


def test_counts_in_the_report_are_the_manifest_counts(seed_out: Path) -> None:
    manifest = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    rows = dict(_table_rows(_page(seed_out), "#accounting table"))
    assert {k: int(v.replace(",", "")) for k, v in rows.items()} == {
        k: manifest["counts"][k] for k in rows}
    assert set(rows) >= {"records_in", "documents_out", "rejected", "dropped", "rejected_by_stages"}
    # the seeds hold one story twice (mf-015 retells mf-005): the report says how many distinct stories remain
    assert (rows["duplicates"], rows["distinct_stories"]) == ("1", "32")


def test_reject_reasons_are_grouped_and_counted(seed_out: Path) -> None:
    reasons = _table_rows(_page(seed_out), "#accounting .grid div:nth-child(2) table")
    rejects = _jsonl(seed_out / "rejects.jsonl")
    assert sum(int(n) for _, n in reasons) == len(rejects)
    assert "invalid UTF-8 at byte N: b'…'" in [r for r, _ in reasons]


def test_quality_checks_in_the_report_are_the_manifest_checks(seed_out: Path) -> None:
    checks = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))["quality"]["checks"]
    rows = _table_rows(_page(seed_out), "#quality table")
    assert checks and {r[0]: (int(r[1].replace(",", "")), int(r[2])) for r in rows} == {
        name: (c["checked"], c["failed"]) for name, c in checks.items()}


def test_stage_times_are_charted(seed_out: Path) -> None:
    stages = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))["stages"]
    labels = [t.text() for t in _page(seed_out).css("#time svg g.bar text:first-of-type")]
    names = [s["name"] for s in stages]
    assert names == [label for label in labels if label in names]  # in step order, among the run's phases


def test_top_tickers_are_counted_by_distinct_documents(seed_out: Path) -> None:
    docs: dict[str, set[str]] = {}
    for seg in _jsonl(seed_out / "segments.jsonl"):
        for entity in seg["entities"]:
            if entity["ticker"]:
                docs.setdefault(entity["ticker"], set()).add(seg["doc_id"])
    top = max(len(d) for d in docs.values())
    bars = _page(seed_out).css("#tickers svg g.bar")
    first_label, first_value = (t.text() for t in bars[0].css("text"))
    assert first_value == f"{top} docs"
    assert len(docs[first_label.split()[0]]) == top


def test_reader_highlights_names_with_ticker_and_canonical(seed_out: Path) -> None:
    tree = _page(seed_out)
    assert len(tree.css("#reader details.doc")) == min(FIRST_DOCUMENTS, len(_jsonl(seed_out / "documents.jsonl")))
    names = tree.css("#reader td.zh .ent")
    entity = next(e for seg in _jsonl(seed_out / "segments.jsonl") for e in seg["entities"] if e["ticker"])
    tips = {n.attributes["title"] for n in names}
    assert f"{entity['ticker']} · {entity['canonical']} ({entity['type']})" in tips


@pytest.mark.parametrize(("reason", "group"), [
    ("invalid UTF-8 at byte 30: b'\\xff\\xfe i'", "invalid UTF-8 at byte N: b'…'"),
    ("invalid UTF-8 at byte 7: b'\\x80'", "invalid UTF-8 at byte N: b'…'"),
    ("duplicate id 'a-1' (first seen at x.jsonl:1)", "duplicate id '…' (first seen at FILE:N)"),
    ("title over max_title_chars (2,000): 2,417 characters", "title over max_title_chars (N): N characters"),
    ("record has neither title nor body", "record has neither title nor body"),
])
def test_reason_groups_drop_variable_parts(reason: str, group: str) -> None:
    assert reason_group(reason) == group


def test_news_text_is_escaped(tmp_path: Path, glossary) -> None:
    corpus = _write_jsonl(tmp_path / "hostile.jsonl", [
        {"id": "x<script>1</script>", "title": HOSTILE_TITLE, "body": HOSTILE_BODY,
         "published_at": "<b>2025-03-01</b>"},
        {"id": "ok", "title": "腾讯控股涨3%", "body": "腾讯控股涨3%。"},
    ])
    out = tmp_path / "out"
    run([corpus], out, _config(), glossary)
    tree = _page(out)
    assert not tree.css("script, img, b")
    text = tree.body.text()
    assert "<script>alert(\"title\")</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert tree.css_first('details[id="doc-x<script>1</script>"]') is not None


def test_every_record_rejected_still_gives_a_valid_report(tmp_path: Path, glossary) -> None:
    corpus = _write_jsonl(tmp_path / "bad.jsonl", [{"id": "a", "title": ""}, {"id": "b", "title": 3}])
    out = tmp_path / "out"
    run([corpus], out, _config(), glossary)
    tree = _page(out)
    rows = dict(_table_rows(tree, "#accounting table"))
    assert (rows["records_in"], rows["documents_out"], rows["rejected"]) == ("2", "0", "2")
    assert "no document to show" in tree.css_first("#reader").text()
    assert "no ticker mentioned" in tree.css_first("#tickers").text()
    assert tree.css_first("html") is not None and tree.css_first("title").text() == "newsbridge run report"


def test_days_are_china_standard_time_for_raw_and_iso_dates(tmp_path: Path, glossary) -> None:
    corpus = _write_jsonl(tmp_path / "dated.jsonl", [
        {"id": "raw", "title": "平安银行涨2%", "published_at": "2025-03-01 21:02"},  # no zone: Beijing time
        {"id": "iso", "title": "平安银行跌1%", "published_at": "2025-03-01T17:30:00Z"},  # 01:30 on 2 March in Beijing
        {"id": "bad", "title": "平安银行平盘", "published_at": "not a date"},
    ])
    out = tmp_path / "out"
    run([corpus], out, _config(), glossary)
    figures = gather(out)
    assert figures.documents_dated == 2
    assert [day for day, n in figures.mentions_per_day if n] == ["2025-03-01", "2025-03-02"]


def test_flags_are_listed_capped_and_their_documents_are_in_the_reader(seed_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    segments = _jsonl(out / "segments.jsonl")
    last = segments[-1]  # a document beyond the reader's first ones, flagged as the translate stage would
    last["flags"] = [f"term_missing:名{i}" for i in range(MAX_FLAG_ROWS + 7)]
    _write_jsonl(out / "segments.jsonl", segments)
    rows = [{"doc_id": last["doc_id"], "seg_id": last["seg_id"], "flags": [flag], "zh": last["zh"],
             "en": last["en"]} for flag in last["flags"]]
    _write_jsonl(out / "flags.jsonl", rows)
    tree = HTMLParser(write_report(out).read_text(encoding="utf-8"))
    assert len(_table_rows(tree, "#quality table:nth-of-type(2)")) == MAX_FLAG_ROWS
    assert "and 7 more in flags.jsonl" in tree.css_first("#quality").text()
    flagged = tree.css_first(f'details[id="doc-{last["doc_id"]}"]')
    assert flagged is not None and flagged.css("tr.flagged .flag")


def test_report_command_rebuilds_and_refuses_a_directory_without_manifest(seed_out: Path, tmp_path: Path,
                                                                          capsys) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    (out / REPORT_FILE).unlink()
    assert main(["report", str(out), "--glossaries", str(GLOSSARIES)]) == 0
    assert (out / REPORT_FILE).is_file() and capsys.readouterr().out.strip() == str(out / REPORT_FILE)
    assert main(["report", str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err


def test_a_report_that_cannot_be_built_is_a_warning_in_a_run(tmp_path: Path, caplog) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level("WARNING", logger="pipeline.report"):
        assert write_run_report(tmp_path) is None
    assert "report.html not written (JSONDecodeError" in caplog.text
    assert not (tmp_path / REPORT_FILE).exists()
    assert main(["report", str(tmp_path)]) == 1  # the command shows the error instead
