"""The dev news through the real pipeline with the gloss translator: a fixed random sample of records from the
Simplified sources (CFSC-NER, CFBenchmark, FinNA) and the Traditional cnyes headlines in ../shared. Issue 8's
goals: no dictionary apparatus in any English segment, and Chinese characters left in fewer than 1% of them.

Only the sample's recipe lives here (files, seed, sizes); the news text stays in ../shared."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import load_config
from pipeline.runner import run
from stages.translators.checks import dictionary_apparatus, failed_kinds, untranslated_chars
from tests.conftest import GLOSSARIES, shared_path

SEED = 20251126
# Records drawn per source: about 400 segments, a few seconds of gloss translation.
SAMPLE = {"cfsc": 50, "cfbenchmark": 50, "finna": 25, "cnyes": 120}
CFSC_FILES = ("cfsc_ner_test.json", "cfsc_ner_val.json")
CFBENCHMARK_FILES = ("cfbenchmark_basic_company.jsonl", "cfbenchmark_basic_sentiment.jsonl")
FINNA_FILE = "bbt_fincuge_finna_eval_list.json"
CNYES_GLOB = "cnyes_headlines_*.csv"
CNYES_TITLE = "標題"
# Issue 8: at most this share of English segments may still contain Chinese characters.
MAX_UNTRANSLATED_SHARE = 0.01


def _pick(rng: random.Random, records: list[tuple[str, str, str]], n: int) -> list[tuple[str, str, str]]:
    return [records[i] for i in sorted(rng.sample(range(len(records)), min(n, len(records))))]


def dev_news_records() -> list[dict[str, Any]]:
    """The sample as pipeline input records; each id names its source file and record index."""
    hans, hant = shared_path("data/news/zh-hans"), shared_path("data/news/zh-hant")
    rng = random.Random(SEED)
    cfsc = [(f"{name}#{i}", "", row["text"]) for name in CFSC_FILES
            for i, row in enumerate(json.loads((hans / name).read_text(encoding="utf-8")))]
    cfbenchmark = [(f"{name}#{i}", "", json.loads(line)["input"]) for name in CFBENCHMARK_FILES
                   for i, line in enumerate((hans / name).read_text(encoding="utf-8").splitlines()) if line.strip()]
    finna = [(f"{FINNA_FILE}#{i}", title, body)
             for i, (title, body) in enumerate(json.loads((hans / FINNA_FILE).read_text(encoding="utf-8")))]
    cnyes = []
    for path in sorted(hant.glob(CNYES_GLOB)):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cnyes += [(f"{path.name}#{i}", row[CNYES_TITLE], "") for i, row in enumerate(csv.DictReader(fh))]
    picked = (_pick(rng, cfsc, SAMPLE["cfsc"]) + _pick(rng, cfbenchmark, SAMPLE["cfbenchmark"])
              + _pick(rng, finna, SAMPLE["finna"]) + _pick(rng, cnyes, SAMPLE["cnyes"]))
    return [{"id": rid, "title": title, "body": body} for rid, title, body in picked]


@pytest.fixture(scope="module")
def dev_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]], Path]:
    work = tmp_path_factory.mktemp("dev-news")
    corpus = work / "dev_news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dev_news_records()),
                      encoding="utf-8")
    config = replace(load_config(None), glossaries=GLOSSARIES, translator="gloss", translation_memory="off")
    out = work / "out"
    manifest = run([corpus], out, config).manifest
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    return manifest, [s for s in segments if s["src_lang"] == "zh"], out


def test_sample_covers_every_source(dev_run) -> None:
    manifest, chinese, _ = dev_run
    assert manifest["counts"]["rejected"] == 0
    sources = {s["doc_id"].split("#")[0].split("_")[0] for s in chinese}
    assert sources >= {"cfsc", "cfbenchmark", "bbt", "cnyes"}
    assert any(s["script"] == "hant" for s in chinese) and any(s["script"] == "hans" for s in chinese)
    assert len(chinese) >= sum(SAMPLE.values())


def test_manifest_figures_match_the_segments(dev_run) -> None:
    """The manifest's leak counts are the segments' own, recounted here from the English."""
    manifest, chinese, out = dev_run
    checks = manifest["quality"]["checks"]
    assert checks["dictionary_text"] == {
        "checked": len(chinese), "failed": sum(dictionary_apparatus(s["en"]) is not None for s in chinese),
        "rate": checks["dictionary_text"]["rate"]}
    assert checks["untranslated"]["failed"] == sum(bool(untranslated_chars(s["en"])) for s in chinese)
    flagged = (out / "flags.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(flagged) == manifest["quality"]["segments_flagged"] == sum(bool(failed_kinds(s["flags"]))
                                                                           for s in chinese)


def test_no_dictionary_apparatus_in_english(dev_run) -> None:
    manifest, chinese, _ = dev_run
    leaks = [(s["doc_id"], s["seg_id"], dictionary_apparatus(s["en"])) for s in chinese
             if dictionary_apparatus(s["en"])]
    assert leaks == []


def test_chinese_left_in_under_one_percent_of_segments(dev_run) -> None:
    manifest, chinese, _ = dev_run
    untranslated = [s for s in chinese if untranslated_chars(s["en"])]
    assert len(untranslated) < MAX_UNTRANSLATED_SHARE * len(chinese), (
        f"{len(untranslated)} of {len(chinese)}: " + ", ".join(untranslated_chars(s["en"]) for s in untranslated[:20]))
