"""Quality figures that cannot lie: the per-segment English checks, the tally's counts and rates, the
manifest, flags.jsonl and the run summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.records import Mention, Segment
from pipeline.summary import format_rate, format_summary
from stages.translators.checks import dictionary_apparatus, english_flags, failed_kinds, untranslated_chars
from stages.translators.verify import CheckCount, QualityTally, check_translation, floor_rate
from tests.conftest import GLOSSARIES, shared_path


@pytest.mark.parametrize("english, apparatus", [
    # CC-CEDICT's meta-definitions, as the gloss translator leaked them on real news (issue 8)
    ("growth rate euphemistic variant of 屄[bi1] first half", "euphemistic variant"),
    ("old variant of 恆|恒[heng2]", "old variant of"),
    ("surname Zhang", "surname"),
    ("abbr. for Taiwan", "abbr."),
    ("classifier for books", "classifier for"),
    ("a car (CL:輛|辆[liang4])", "CL:"),
    ("used in 比丘[bi3 qiu1]", "used in 比"),
    ("see also 不像話|不像话[bu4 xiang4 hua4]", "see also"),
    ("see 成都[Cheng2 du1]", "see "),
    ("to weigh (Tw)", "(Tw)"),
    ("group (bound form)", "(bound form)"),
    ("Beijing [Bei3 jing1]", "[Bei3 jing1]"),
    ("lu:4 sound [lu:4]", "[lu:4]"),
    ("grades in which successful candidates in the imperial examinations were placed", "imperial examinations"),
    ("subprovincial city and capital of Sichuan province 四川 in southwest China", "subprovincial city"),
    ("prefecture-level city in Hunan", "prefecture-level city in H"),
    ("Zhejiang province in east China", "province in east China"),
])
def test_dictionary_apparatus_is_found(english: str, apparatus: str) -> None:
    assert dictionary_apparatus(english) == apparatus
    assert "dictionary_text" in english_flags(english)


@pytest.mark.parametrize("english", [
    "Zhongji Xuchuang surged over 13% to a record high",
    "The equipment is used in production lines across Sichuan province",
    "Revenue rose 41% year on year to NT$989.9 billion in Q3 [Q3 2025]",
    "Shares of the provincial capital's bank closed up 0.4%",
    "Morgan Stanley sees upside; see the table below",
    "CATL (300750.SZ) said on Tuesday",
    "a new round of revitalization of the industrial base in Northeast China",
    "5G covers every prefecture-level city in the country",  # 地级市 is a term, not a gloss
    "videos with insulting, vulgar and defamatory words",
])
def test_news_english_is_not_dictionary_text(english: str) -> None:
    assert dictionary_apparatus(english) is None
    assert english_flags(english) == []


@pytest.mark.parametrize("english, chars", [
    ("you thigh 台股 rose", "台股"),
    ("growth 屄 rate 屄 and 比", "屄,比"),
    ("rare 𠀀 extension B", "𠀀"),  # the Han range is the one stages/normalize.py defines, extensions included
    ("no Chinese here, only ASCII and ￥", ""),
])
def test_untranslated_characters_are_quoted(english: str, chars: str) -> None:
    assert untranslated_chars(english) == chars
    assert (f"untranslated:{chars}" in english_flags(english)) == bool(chars)


def _segment(zh: str, entities: list[Mention] | None = None) -> Segment:
    return Segment(doc_id="d", seg_id=1, part="body", src=zh, zh=zh, entities=entities or [])


def test_check_translation_counts_every_check() -> None:
    mention = Mention("cn.300308", "中际旭创", 0, 4, "Zhongji Xuchuang", "300308.SZ", "company")
    seg = _segment("中际旭创涨3%", [mention])
    counts, flags = check_translation(seg, "Zhongji Xuchuang rose 3%")
    assert flags == []
    assert {n: (c.checked, c.failed) for n, c in counts.checks.items()} == {
        "terms": (1, 0), "numbers": (1, 0), "untranslated": (1, 0), "dictionary_text": (1, 0), "fluency": (0, 0)}
    assert (counts.segments_checked, counts.segments_flagged) == (1, 0)

    counts, flags = check_translation(seg, "Middle border surname rose 涨 [zhang4]")
    assert flags == ["term_missing:cn.300308", "number_mismatch:3%", "untranslated:涨", "dictionary_text"]
    assert {n: c.failed for n, c in counts.checks.items()} == {
        "terms": 1, "numbers": 1, "untranslated": 1, "dictionary_text": 1, "fluency": 0}
    assert counts.segments_flagged == 1
    assert dict(counts.flagged_by_kind) == {"term_missing": 1, "number_mismatch": 1, "untranslated": 1,
                                            "dictionary_text": 1}


def test_translator_notes_are_not_failures() -> None:
    assert failed_kinds(["repaired:splice"]) == []
    assert failed_kinds(["draft:word-by-word:0.2"]) == []  # the English is a draft, nothing was lost
    assert failed_kinds(["repaired:splice", "untranslated:比", "untranslated:台"]) == ["untranslated"]


@pytest.mark.parametrize("passed, checked, rate", [
    (56932, 56936, 0.999929),  # 0.99992975… rounded down, never up
    (999_999, 1_000_000, 0.999999),
    (9_999_999, 10_000_000, 0.999999),  # one failure in ten million is still not 1.0
    (5, 5, 1.0),
    (0, 3, 0.0),
    (0, 0, None),
])
def test_rates_are_floored_and_null_when_nothing_was_checked(passed: int, checked: int, rate: float | None) -> None:
    assert floor_rate(passed, checked) == rate


@pytest.mark.parametrize("checked, failed, shown", [
    (56936, 4, "0.99992 (56932/56936, 4 failed)"),
    (1_000_000, 1, "0.99999 (999999/1000000, 1 failed)"),
    (108, 0, "1.00000 (108/108)"),
    (0, 0, "n/a (0 checked)"),
])
def test_summary_rates_never_round_failures_away(checked: int, failed: int, shown: str) -> None:
    assert format_rate(CheckCount(checked, failed).to_dict()) == shown


def test_tally_merges_batches() -> None:
    total = QualityTally()
    for english in ("Zhongji Xuchuang rose 3%", "surname rose 3%"):
        mention = Mention("cn.300308", "中际旭创", 0, 4, "Zhongji Xuchuang", "300308.SZ", "company")
        counts, _ = check_translation(_segment("中际旭创涨3%", [mention]), english)
        total.merge(counts)
    assert (total.mentions, total.mentions_ok, total.numbers, total.numbers_ok) == (2, 1, 2, 2)
    assert total.term_success_rate == 0.5 and total.number_fidelity == 1.0
    assert total.to_dict()["checks"]["dictionary_text"] == {"checked": 2, "failed": 1, "rate": 0.5}
    assert total.to_dict()["flagged_by_kind"] == {"dictionary_text": 1, "term_missing": 1}


def _run(tmp_path: Path, rows: list[dict], *extra: str) -> Path:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--glossaries", str(GLOSSARIES),
                 "--translator", "gloss", *extra]) == 0
    return out


def test_english_only_run_reports_nothing_checked_as_null(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = _run(tmp_path, [{"id": "e1", "title": "Nvidia rose 3%", "body": "Shares of Apple fell."}])
    quality = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["quality"]
    assert quality["segments_checked"] == 0
    assert all(c == {"checked": 0, "failed": 0, "rate": None} for c in quality["checks"].values())
    # the output contract needs numbers here; checks.<name>.rate says nothing was checked
    assert quality["term_success_rate"] == 1.0 and quality["number_fidelity"] == 1.0
    printed = capsys.readouterr().out
    assert "n/a (0 checked)" in printed and "1.000 (0/0)" not in printed and "(0/0)" not in printed
    assert (out / "flags.jsonl").read_text(encoding="utf-8") == ""


def test_flagged_segments_are_listed_and_printed_first(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # 屄 has only CC-CEDICT apparatus as its gloss: whatever the gloss translator makes of it today is
    # either dictionary text or an untranslated character, or it passes: the run must agree with flags.jsonl.
    out = _run(tmp_path, [{"id": "z1", "title": "中际旭创涨3%", "body": "增速比上半年高。第二季营收增长。"}])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    quality = manifest["quality"]
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    flagged = [json.loads(line) for line in (out / "flags.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = [s for s in segments if failed_kinds(s["flags"])]
    assert [(f["doc_id"], f["seg_id"]) for f in flagged] == [(s["doc_id"], s["seg_id"]) for s in expected]
    assert all(set(f) == {"doc_id", "seg_id", "flags", "zh", "en"} for f in flagged)
    assert quality["segments_flagged"] == len(flagged)
    assert quality["segments_checked"] == sum(s["src_lang"] == "zh" for s in segments) == 3
    for name, check in quality["checks"].items():
        assert check["checked"] >= check["failed"] >= 0, name
    first = capsys.readouterr().out.splitlines()[0]
    if flagged:
        assert first.startswith(f"FLAGGED {len(flagged)} of 3 segments: ") and first.endswith("flags.jsonl")
    else:
        assert first.startswith("newsbridge ")


def test_summary_prints_failures_first() -> None:
    tally = QualityTally()
    tally.checks["terms"] = CheckCount(56936, 4)
    tally.checks["untranslated"] = CheckCount(108, 5)
    tally.segments_checked, tally.segments_flagged = 108, 9
    tally.flagged_by_kind.update({"untranslated": 5, "term_missing": 4})
    manifest = {
        "newsbridge_version": "0", "inputs": ["a"], "translator": "gloss", "flags_file": "flags.jsonl",
        "counts": {"records_in": 10, "documents_out": 9, "rejected": 1, "segments": 108, "mentions": 3,
                   "tmx_units": 100},
        "quality": tally.to_dict(), "glossary": {"entities": 1, "content_hash": "h"},
        "seconds": {"total": 1.0}, "config": {"tmx_translators": "argos"},
    }
    lines = format_summary(manifest, Path("out")).splitlines()
    assert lines[0] == "FLAGGED 9 of 108 segments: untranslated 5, term_missing 4 → out/flags.jsonl"
    assert lines[1] == "REJECTED 1 of 10 records → out/rejects.jsonl"
    assert "term success 0.99992 (56932/56936, 4 failed)" in lines[4]
    assert "number fidelity n/a (0 checked)" in lines[4]
    assert "  corpus.tmx: 8 translated segment(s) left out (tmx_translators: argos)" in lines


def test_human_reference_english_is_never_flagged() -> None:
    """False-positive guard: the human English of the WMT18-20 zh→en news test sets (../shared) passes both
    English checks (7,735 sentences with the finance subset)."""
    import csv

    parallel = shared_path("data/parallel")
    english = [json.loads(line)["en"] for line in
               (parallel / "zh_en_financial_subset.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(parallel.glob("damo_mt_testsets_zh2en_news_wmt*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            english += [row[1] for row in list(csv.reader(fh))[1:] if len(row) > 1]
    assert len(english) > 7000
    flagged = [(e[:80], english_flags(e)) for e in english if english_flags(e)]
    assert flagged == []


def test_strict_mode_reads_a_definition_not_a_sentence() -> None:
    """One apparatus rule: a sentence may say "used in"; a dictionary gloss never does without being apparatus."""
    assert dictionary_apparatus("the funds were used in production") is None
    assert dictionary_apparatus("used in 比丘[bi3 qiu1]") is not None
    assert dictionary_apparatus("used in transliteration", strict=True) == "used in transliteration"
    assert dictionary_apparatus("the chip is used in cars", strict=True) == "used in"
