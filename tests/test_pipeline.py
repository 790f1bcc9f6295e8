"""End to end through the CLI on the project's sample corpus: every output file, read back for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from tests.conftest import GLOSSARIES, PROJECT_ROOT, SEEDS, SHARED, shared_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(SEEDS), "--out", str(out), "--glossaries", str(GLOSSARIES)]) == 0
    return out


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_manifest_accounts_for_every_record(seed_run: Path) -> None:
    manifest = json.loads((seed_run / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"]
    assert counts["documents_out"] >= 30
    assert counts["rejected"] == len(_jsonl(seed_run / "rejects.jsonl")) >= 5
    assert counts["segments"] == len(_jsonl(seed_run / "segments.jsonl"))
    assert manifest["translator"] == "gloss"
    assert manifest["quality"]["term_success_rate"] == 1.0
    assert manifest["quality"]["number_fidelity"] == 1.0
    checks = manifest["quality"]["checks"]
    assert list(checks) == ["terms", "numbers", "untranslated", "dictionary_text", "fluency"]
    assert checks["terms"]["checked"] == manifest["quality"]["mentions_checked"] > 0
    chinese = sum(s["src_lang"] == "zh" for s in _jsonl(seed_run / "segments.jsonl"))
    assert manifest["quality"]["segments_checked"] == checks["untranslated"]["checked"] == chinese
    assert checks["fluency"]["checked"] == chinese  # the gloss measures every segment it translates
    assert manifest["quality"]["segments_flagged"] == len(_jsonl(seed_run / "flags.jsonl"))
    assert {s["name"] for s in manifest["stages"]} == {"normalize", "segment", "link", "translate"}
    assert all(s["signature"] for s in manifest["stages"])
    assert len(manifest["glossary"]["content_hash"]) == 16


def test_rejects_carry_file_line_and_reason(seed_run: Path) -> None:
    rejects = _jsonl(seed_run / "rejects.jsonl")
    reasons = " | ".join(r["reason"] for r in rejects)
    for expected in ("invalid JSON", "not a JSON object", "invalid UTF-8", "neither title nor body",
                     "duplicate id", "must be a string"):
        assert expected in reasons
    assert all(r["input"].endswith("bad_records.jsonl") and r["line"] >= 1 for r in rejects)


def test_segments_are_complete_and_offsets_exact(seed_run: Path) -> None:
    segments = _jsonl(seed_run / "segments.jsonl")
    for seg in segments:
        field = seg["zh"] if seg["src_lang"] == "zh" else seg["en"]
        for m in seg["entities"]:
            assert field[m["start"]:m["end"]] == m["surface"]
        if seg["src_lang"] == "zh":
            assert seg["en"] and seg["translator"] == "gloss" and seg["tokens"]
            for m in seg["entities"]:
                assert m["canonical"].casefold() in seg["en"].casefold()
        else:
            assert seg["translator"] == "passthrough" and seg["zh"] is None
    langs = {s["src_lang"] for s in segments}
    assert langs == {"zh", "en"}


def test_the_sample_story_a_second_portal_republished_is_one_story(seed_run: Path) -> None:
    """seeds/market_flash.jsonl holds mf-005 twice: mf-015 is it as another portal republishes it (an intro line and
    a footer of its own), so `make run` shows a `duplicate_of`; every row of mf-015 names mf-005, and only its rows."""
    for name in ("documents.jsonl", "segments.jsonl", "mentions.jsonl"):
        marked = {(row["doc_id"], row["duplicate_of"]) for row in _jsonl(seed_run / name) if row["duplicate_of"]}
        assert marked == {("mf-015", "mf-005")}, name
    counts = json.loads((seed_run / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["duplicates"], counts["distinct_stories"]) == (1, counts["documents_out"] - 1)


def test_traditional_and_fullwidth_inputs_are_normalized(seed_run: Path) -> None:
    zh = [s["zh"] for s in _jsonl(seed_run / "segments.jsonl") if s["zh"]]
    joined = "".join(zh)
    assert not any(ch in joined for ch in "際創騰訊輝達積電")
    assert not any("\uff10" <= ch <= "\uff5a" for ch in joined)


def test_parquet_matches_jsonl(seed_run: Path) -> None:
    segments = pd.read_parquet(seed_run / "segments.parquet")
    documents = pd.read_parquet(seed_run / "documents.parquet")
    mentions = pd.read_parquet(seed_run / "mentions.parquet")
    assert len(segments) == len(_jsonl(seed_run / "segments.jsonl"))
    assert len(documents) == len(_jsonl(seed_run / "documents.jsonl"))
    assert len(mentions) == sum(len(s["entities"]) for s in _jsonl(seed_run / "segments.jsonl"))
    assert set(mentions.columns) >= {"doc_id", "seg_id", "entity_id", "ticker", "canonical", "surface"}
    assert (mentions[mentions.entity_id == "cn.300308"].canonical == "Zhongji Xuchuang").all()
    assert mentions.ticker.dropna().str.len().gt(0).all()
    assert list(segments.entities.iloc[0][0].keys())[:4] == ["entity_id", "surface", "start", "end"]


def test_documents_summarize_their_segments(seed_run: Path) -> None:
    docs = _jsonl(seed_run / "documents.jsonl")
    segments = _jsonl(seed_run / "segments.jsonl")
    per_doc: dict[str, int] = {}
    for s in segments:
        per_doc[s["doc_id"]] = per_doc.get(s["doc_id"], 0) + 1
    for d in docs:
        assert d["n_segments"] == per_doc[d["doc_id"]]
        assert d["title_en"]
    assert any("300308.SZ" in d["tickers"] for d in docs)


def test_tmx_is_valid_and_pairs_chinese_segments(seed_run: Path) -> None:
    root = ET.parse(seed_run / "corpus.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "zh-CN"
    units = root.findall("./body/tu")
    chinese = [s for s in _jsonl(seed_run / "segments.jsonl") if s["src_lang"] == "zh"]
    assert len(units) == len(chinese)
    first = units[0]
    langs = [tuv.get(XML_LANG) for tuv in first.findall("tuv")]
    assert langs == ["zh-CN", "en"]
    assert first.find("tuv/seg").text == chinese[0]["zh"]
    assert root.find("header").get("o-tmf") == "newsbridge-segments"
    drafts = [u for u in units if any(p.get("type") == "x-draft" and p.text == "true" for p in u.findall("prop"))]
    assert len(drafts) == len(units)  # every seed segment is gloss English, a draft
    traditional = [u for u in units if any(t.get(XML_LANG) == "zh-TW" for t in u.findall("tuv"))]
    assert len(traditional) == sum(s["script"] == "hant" for s in chinese) > 0


def test_output_contract_checker(seed_run: Path) -> None:
    checker = shared_path("tools/check_output.py")
    result = subprocess.run([sys.executable, str(checker), str(seed_run)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK")


def test_same_input_gives_identical_outputs(seed_run: Path, tmp_path: Path) -> None:
    assert main(["run", str(SEEDS), "--out", str(tmp_path), "--glossaries", str(GLOSSARIES)]) == 0
    for name in ("segments.jsonl", "documents.jsonl", "rejects.jsonl", "corpus.tmx", "segments.parquet",
                 "flags.jsonl"):
        assert (tmp_path / name).read_bytes() == (seed_run / name).read_bytes(), name


def test_outputs_do_not_depend_on_batch_size(seed_run: Path, tmp_path: Path) -> None:
    """Parquet row groups are a fixed number of rows, not one per batch: batch_size 3 writes the same bytes."""
    config = tmp_path / "run.yaml"
    config.write_text("batch_size: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(SEEDS), "--out", str(out), "--config", str(config),
                 "--glossaries", str(GLOSSARIES)]) == 0
    for name in ("segments.parquet", "documents.parquet", "mentions.parquet", "segments.jsonl", "corpus.tmx"):
        assert (out / name).read_bytes() == (seed_run / name).read_bytes(), name


def test_out_inside_the_input_directory_is_refused(tmp_path: Path, capsys) -> None:
    """Each later run would read the earlier outputs back as input (and --overwrite would delete inputs)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    assert main(["run", str(corpus), "--out", str(corpus / "out"), "--glossaries", str(GLOSSARIES)]) == 2
    assert "out" in capsys.readouterr().err
    assert not (corpus / "out").exists()


def test_no_temporary_files_left(seed_run: Path) -> None:
    assert not [p.name for p in seed_run.iterdir() if p.name.startswith(".")]


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT)


def test_missing_input_exits_2(tmp_path: Path) -> None:
    result = _run_cli("run", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("newsbridge: error:")
    assert "no such file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_broken_glossary_stops_before_writing(tmp_path: Path) -> None:
    gdir = tmp_path / "g"
    gdir.mkdir()
    (gdir / "bad.yaml").write_text("meta: {}\nentries:\n  - id: cn.300308\n    zh: [broken\n", encoding="utf-8")
    result = _run_cli("run", str(SEEDS), "--out", str(tmp_path / "out"), "--glossaries", str(gdir))
    assert result.returncode == 2
    assert f"{gdir / 'bad.yaml'}:5: invalid YAML" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_config_key_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("translator: gloss\nbatchsize: 10\n", encoding="utf-8")
    result = _run_cli("run", str(SEEDS), "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 2 and "unknown config key(s) batchsize" in result.stderr


def test_config_file_is_applied(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("translator: gloss\nbatch_size: 3\nmax_body_chars: 100\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(SEEDS), "--out", str(out), "--config", str(config),
                 "--glossaries", str(GLOSSARIES)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["batch_size"] == 3
    assert any("over the limit of 100" in r["reason"] for r in _jsonl(out / "rejects.jsonl"))
    counts = manifest["counts"]
    assert counts["records_in"] == counts["documents_out"] + counts["rejected"]


def test_shared_seed_document(tmp_path: Path) -> None:
    seed = shared_path("data/seed")
    out = tmp_path / "out"
    assert main(["run", str(seed), "--out", str(out), "--glossaries", str(GLOSSARIES)]) == 0
    segments = _jsonl(out / "segments.jsonl")
    title = segments[0]
    assert title["src_lang"] == "zh"
    assert {m["ticker"] for m in title["entities"]} >= {"300308.SZ", "159273.SZ", "GOOGL"}
    assert "Zhongji Xuchuang" in title["en"] and "over 13%" in title["en"]
    english = [s for s in segments if s["src_lang"] == "en"]
    assert len(english) > 5
    assert any(m["ticker"] == "NVDA" for s in english for m in s["entities"])
    assert SHARED.exists()
