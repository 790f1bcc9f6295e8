"""Glossary maintenance commands, run through the CLI as a maintainer would."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.glossary.naming import base_name
from tests.conftest import GLOSSARIES, small_glossary_dir

CURATED = """# Optical names, kept by hand. This comment must survive fmt and add.
meta: {source: test}
entries:
  - en: Zhongji Xuchuang  # canonical per the style guide
    zh: 中际旭创
    type: company
    id: cn.300308
    ticker: 300308.SZ
  - id: cn.300394
    type: company
    zh: 天孚通信
    en: Tianfu Communication
    ticker: 300394.SZ
"""


@pytest.fixture()
def gdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "g"
    root.mkdir()
    (root / "optical.yaml").write_text(CURATED, encoding="utf-8")
    return root


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("short", "base"), [("万科A", "万科"), ("*ST中华A", "中华"), ("ST巴士", "巴士"),
                                             ("寒武纪-U", "寒武纪"), ("中际旭创", "中际旭创")])
def test_base_name_strips_share_class_and_risk_markers(short: str, base: str) -> None:
    assert base_name(short) == base


def test_check_reports_ok_with_counts(gdir: Path, capsys) -> None:
    code, out, _ = _cli(capsys, "glossary", "check", "--glossaries", str(gdir))
    assert code == 0 and out.startswith("OK: 2 entries")


def test_check_fails_with_file_and_line(gdir: Path, capsys) -> None:
    (gdir / "bad.yaml").write_text("meta: {}\nentries:\n  - id: cn.300502\n    type: company\n    zh: 新易盛\n"
                                   "    en: Xinyisheng\n    ticker: 300502\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "check", "--glossaries", str(gdir))
    assert code == 1
    assert f"{gdir / 'bad.yaml'}:7: field 'ticker' must be a string, got a number (quote it: '300502')" in out


def test_check_rejects_traditional_canonical_name(gdir: Path, capsys) -> None:
    (gdir / "trad.yaml").write_text("meta: {}\nentries:\n  - id: tw.2330\n    type: company\n    zh: 台積電\n"
                                    "    en: TSMC\n    ticker: 2330.TW\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "check", "--glossaries", str(gdir))
    assert code == 1
    assert f"{gdir / 'trad.yaml'}:3: zh '台積電' is not normalized Simplified Chinese (write '台积电'" in out


@pytest.mark.parametrize(("name", "expected"), [
    ("中際旭創", "cn.300308: company 'Zhongji Xuchuang', 300308.SZ"),
    ("中际旭创", "cn.300308: company 'Zhongji Xuchuang', 300308.SZ"),
    ("tianfu communication", "cn.300394: company 'Tianfu Communication', 300394.SZ"),
])
def test_lookup_resolves_simplified_traditional_and_english(gdir: Path, capsys, name: str, expected: str) -> None:
    code, out, _ = _cli(capsys, "glossary", "lookup", name, "--glossaries", str(gdir))
    assert code == 0 and expected in out.splitlines()


def test_lookup_unknown_name_exits_1(gdir: Path, capsys) -> None:
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "lookup", "不存在公司")
    assert code == 1 and "not in any glossary" in out


def test_add_appends_with_generated_english_and_keeps_comments(gdir: Path, capsys) -> None:
    target = gdir / "optical.yaml"
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "add", "光库科技", "--ticker", "300620.SZ",
                        "--alias-zh", "光库", "--file", str(target))
    assert code == 0 and "added cn.300620 (光库科技 → Guangku Technology)" in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Optical names, kept by hand.") and "# canonical per the style guide" in text
    entry = yaml.safe_load(text)["entries"][-1]
    assert entry == {"id": "cn.300620", "type": "company", "zh": "光库科技", "en": "Guangku Technology",
                     "ticker": "300620.SZ", "aliases": {"zh": ["光库"]}}
    assert _cli(capsys, "glossary", "check", "--glossaries", str(gdir))[0] == 0


def test_add_refuses_a_colliding_name(gdir: Path, capsys) -> None:
    before = (gdir / "optical.yaml").read_text(encoding="utf-8")
    code, _, err = _cli(capsys, "glossary", "--glossaries", str(gdir), "add", "旭创新", "--alias-zh", "中際旭創",
                        "--file", str(gdir / "optical.yaml"))
    assert code == 2 and "name '中際旭創' already maps to cn.300308" in err
    assert (gdir / "optical.yaml").read_text(encoding="utf-8") == before


def test_fmt_orders_keys_and_entries_and_keeps_comments(gdir: Path, capsys) -> None:
    assert _cli(capsys, "glossary", "fmt", "--glossaries", str(gdir), "--check")[0] == 1
    assert _cli(capsys, "glossary", "fmt", "--glossaries", str(gdir))[0] == 0
    text = (gdir / "optical.yaml").read_text(encoding="utf-8")
    assert "# Optical names, kept by hand." in text and "# canonical per the style guide" in text
    first = text.index("- id: cn.300308")
    assert text.index("type: company", first) < text.index("zh: 中际旭创", first) < text.index("en: Zhongji", first)
    assert _cli(capsys, "glossary", "fmt", "--glossaries", str(gdir), "--check")[0] == 0  # idempotent
    assert _cli(capsys, "glossary", "check", "--glossaries", str(gdir))[0] == 0


def test_project_curated_files_are_formatted(capsys) -> None:
    code, out, _ = _cli(capsys, "glossary", "fmt", "--glossaries", str(GLOSSARIES), "--check")
    assert code == 0, out


def test_export_csv_has_one_row_per_entity(gdir: Path, capsys) -> None:
    (gdir / "more.yaml").write_text(
        "meta: {}\nentries:\n  - id: hk.0700\n    type: company\n    zh: 腾讯控股\n    en: Tencent\n"
        "    ticker: 0700.HK\n    tickers: [TCEHY]\n    aliases: {zh: [腾讯], en: [Tencent Holdings]}\n",
        encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["id", "type", "zh", "en", "ticker", "other_tickers", "aliases", "en_official",
                                     "role", "country"]
    assert ["cn.300308", "company", "中际旭创", "Zhongji Xuchuang", "300308.SZ", "", "", "", "", ""] in rows
    assert ["hk.0700", "company", "腾讯控股", "Tencent", "0700.HK", "TCEHY", "腾讯; Tencent Holdings", "", "", ""] \
        in rows
    assert len(rows) == 4


def test_export_jieba(gdir: Path, capsys) -> None:
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "export", "--format", "jieba")
    assert code == 0 and "中际旭创 100000 nt" in out.splitlines()


def test_export_tbx_opens_in_translate_toolkit(gdir: Path, capsys, tmp_path: Path) -> None:
    tbx = pytest.importorskip("translate.storage.tbx")
    target = tmp_path / "g.tbx"
    code, _, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "export", "--format", "tbx", "--out", str(target))
    assert code == 0
    assert ET.parse(target).getroot().tag == "martif"
    store = tbx.tbxfile(target.open("rb"), sourcelanguage="zh", targetlanguage="en")
    pairs = [(u.getid(), u.source, u.target) for u in store.units]
    assert pairs == [("cn.300308", "中际旭创", "Zhongji Xuchuang"), ("cn.300394", "天孚通信", "Tianfu Communication")]
    status = store.units[0].get_source_terms()[0].administrative_status
    assert status == "preferredTerm-admn-sts"


@pytest.mark.parametrize("query", ["300308", "300308.SZ", "300308.sz"])
def test_lookup_by_a_share_ticker(gdir: Path, capsys, query: str) -> None:
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "lookup", query)
    assert code == 0 and "cn.300308: company 'Zhongji Xuchuang', 300308.SZ" in out.splitlines()
    assert "matched as ticker (primary ticker)" in out


@pytest.mark.parametrize(("query", "how"), [("0700", "primary ticker"), ("700.HK", "primary ticker"),
                                            ("TCEHY", "other listing"), ("tcehy", "other listing")])
def test_lookup_by_hk_and_us_tickers(gdir: Path, capsys, query: str, how: str) -> None:
    (gdir / "more.yaml").write_text(
        "meta: {}\nentries:\n  - id: hk.0700\n    type: company\n    zh: 腾讯控股\n    en: Tencent\n"
        "    ticker: 0700.HK\n    tickers: [TCEHY]\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "lookup", query)
    assert code == 0 and "hk.0700: company 'Tencent', 0700.HK" in out.splitlines()
    assert f"matched as ticker ({how})" in out and "all listings: 0700.HK, TCEHY" in out


def test_lookup_by_a_former_ticker_finds_the_living_company(gdir: Path, capsys) -> None:
    (gdir / "more.yaml").write_text(
        "meta: {}\nentries:\n  - id: us.META\n    type: company\n    zh: 脸书\n    en: Meta\n"
        "    ticker: META\n    former_tickers: [FB]\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "lookup", "FB")
    assert code == 0 and "us.META: company 'Meta', META" in out.splitlines()
    assert "matched as ticker (former ticker)" in out and "former tickers: FB" in out


def test_lookup_by_unknown_ticker_exits_1(gdir: Path, capsys) -> None:
    code, out, _ = _cli(capsys, "glossary", "--glossaries", str(gdir), "lookup", "NVDA")
    assert code == 1 and "'NVDA': not in any glossary" in out


def test_check_fails_on_duplicate_yaml_keys(gdir: Path, capsys) -> None:
    (gdir / "dup.yaml").write_text("meta: {}\nentries:\n  - id: cn.300502\n    type: company\n    zh: 新易盛\n"
                                   "    en: Xinyi Sheng\n    ticker: '300502.SZ'\n    ticker: '300308.SZ'\n",
                                   encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "check", "--glossaries", str(gdir))
    assert code == 1
    assert f"{gdir / 'dup.yaml'}:8: duplicate key 'ticker' (first at line 7); keep one" in out.splitlines()


def test_check_warns_on_one_character_names(gdir: Path, capsys) -> None:
    (gdir / "short.yaml").write_text("meta: {}\nentries:\n  - id: cn.600000\n    type: company\n    zh: 浦发银行\n"
                                     "    en: SPDB\n    ticker: '600000.SH'\n    aliases: {zh: [浦]}\n",
                                     encoding="utf-8")
    code, out, _ = _cli(capsys, "glossary", "check", "--glossaries", str(gdir))
    assert code == 0
    assert (f"{gdir / 'short.yaml'}:3: warning: one-character name '浦' of cn.600000 matches inside other words"
            in out.splitlines())


def test_project_glossaries_have_no_one_character_names(glossary) -> None:
    """The warnings `glossary check` prints, read from the session's compiled project glossary (compiling it
    again here cost ~16 s CPU); the check command's own printing is test_check_warns_on_one_character_names."""
    assert [w for w in glossary.glossary.warnings if "one-character" in w] == []


def test_suggest_finds_unknown_company_names(gdir: Path, capsys, tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        '{"id": "1", "title": "星河光电股份大涨", "body": "星河光电股份公告，中际旭创同日上涨。"}\n'
        '{"id": "2", "title": "星河光电股份回购", "body": "天孚通信与星河光电股份合作。"}\n', encoding="utf-8")
    out_file = tmp_path / "patch.yaml"
    code, _, err = _cli(capsys, "glossary", "--glossaries", str(gdir), "suggest", str(corpus), "--out", str(out_file))
    assert code == 0
    patch = yaml.safe_load(out_file.read_text(encoding="utf-8"))
    names = [e["zh"] for e in patch["entries"]]
    assert "星河光电" in names and "中际旭创" not in names and "天孚通信" not in names
    entry = patch["entries"][names.index("星河光电")]
    assert entry["en"] == "Xinghe Optoelectronics"
    assert "seen 4×" in out_file.read_text(encoding="utf-8")


def test_generated_entry_is_overridden_and_its_listing_claimed(tmp_path: Path) -> None:
    from pipeline.glossary import load_glossary

    root = tmp_path / "g"
    (root / "generated").mkdir(parents=True)
    (root / "generated" / "hk.yaml").write_text(
        "meta: {}\nentries:\n  - id: hk.2318\n    type: company\n    zh: 中国平安保险\n    en: Ping An Insurance\n"
        "    ticker: 2318.HK\n", encoding="utf-8")
    (root / "curated.yaml").write_text(
        "meta: {}\nentries:\n  - id: cn.601318\n    type: company\n    zh: 中国平安\n    en: Ping An\n"
        "    ticker: 601318.SH\n    tickers: [2318.HK]\n", encoding="utf-8")
    glossary = load_glossary(root)
    assert [e.id for e in glossary.entries] == ["cn.601318"]
    assert any("hk.2318 (2318.HK) is covered by curated cn.601318" in w for w in glossary.warnings)


def test_compiled_glossary_cache_is_used(tmp_path: Path) -> None:
    from pipeline.glossary import compile_glossary

    # The one-entry glossary: the cache's keying is the point, and two compiles of the project's curated files
    # cost ~10 s CPU.
    root = small_glossary_dir(tmp_path / "g")
    cache = tmp_path / "cache"
    first = compile_glossary(root, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1
    second = compile_glossary(root, cache_dir=cache)
    assert second.content_hash == first.content_hash and len(second) == len(first)
    (root / "extra.yaml").write_text("meta: {}\nentries:\n  - id: term.x\n    type: term\n    zh: 新词\n    en: x\n",
                                     encoding="utf-8")
    third = compile_glossary(root, cache_dir=cache)
    assert third.content_hash != first.content_hash and len(list(cache.iterdir())) == 2
