"""The official English short name (issue 16 item 6): its own field in the glossary, the export and every
mention; the `naming` setting; and the default convention's use of it (established brands, industry words)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pipeline.config import ConfigError, check_value
from pipeline.glossary.naming import canonical_english
from pipeline.glossary.official import is_established, is_pinyin
from pipeline.records import Mention
from tests.yaml_files import yaml_entries

FIXTURE = Path(__file__).parent / "fixtures" / "naming_official_judged.tsv"


@pytest.mark.parametrize(("short", "official", "english"), [
    # the issue's editor-rejected names, as the listings' official English short names give them
    ("周大生", "CHOW TAI SENG JEWELLERY", "Chow Tai Seng Jewellery"),  # never "Zhouda Sheng"
    ("埃斯顿", "ESTUN AUTOMATION", "Estun Automation"),
    ("安克创新", "ANKER INNOVATIONS TECHNOLOGY", "Anker Innovations Technology"),
    ("石头科技", "BEIJING ROBOROCK TECHNOLOGY", "Roborock Technology"),
    ("新希望", "NEW HOPE LIUHE", "New Hope"),
    ("完美世界", "PERFECT WORLD", "Perfect World"),
    ("国信证券", "GUOSEN SECURITIES", "Guosen Securities"),
    ("新和成", "ZHEJIANG NHU", "NHU"),
    ("传化智联", "TRANSFAR ZHILIAN", "Transfar Zhilian"),
    # industry words translated, the distinctive part still pinyin
    ("云南锗业", "Yunnan Lincang Xinyuan Germanium Industry", "Yunnan Germanium"),
    ("长龄液压", "CHANGLING HYDRAULIC", "Changling Hydraulic"),
    ("卧龙电驱", "WOLONG ELECTRIC GROUP", "Wolong Electric Drive"),
    # the seed's four names stay exactly so, whatever the official English says
    ("中际旭创", "ZHONGJI INNOLIGHT", "Zhongji Xuchuang"), ("新易盛", "EOPTOLINK TECHNOLOGY", "Xinyi Sheng"),
    ("光库科技", "ADVANCED FIBER RESOURCES", "Guangku Technology"),
    ("天孚通信", "SUZHOU TFC OPTICAL COMMUNICATION", "Tianfu Communication"),
])
def test_default_convention_uses_the_official_english(short: str, official: str, english: str) -> None:
    assert canonical_english(short, official_english=official) == english


def test_without_official_english_the_convention_is_unchanged() -> None:
    assert canonical_english("周大生") == "Zhouda Sheng"
    assert canonical_english("重庆啤酒") == "Chongqing Brewery"


@pytest.mark.parametrize(("word", "pinyin"), [
    ("Yunnan", True), ("Lincang", True), ("Guosen", True), ("Xi'an", True),
    ("Anker", False), ("Roborock", False), ("Estun", False), ("NHU", False), ("Transfar", False), ("Chow", False),
])
def test_is_pinyin(word: str, pinyin: bool) -> None:
    assert is_pinyin(word) is pinyin


@pytest.mark.parametrize(("official", "short", "established"), [
    ("GUOSEN SECURITIES", "国信证券", True),  # pinyin-shaped, but not 国信's own pinyin (guo xin)
    ("ZHONGKEHAIXUN DIGITAL S&T", "中科海讯", False),  # the name's own pinyin, run together
    ("CHANGLING HYDRAULIC", "长龄液压", False),
    ("YUNNAN LINCANG XINYUAN GERMANIUM IND", "云南锗业", False),
    ("SHENZHEN MTC", "兆驰股份", True),
    (None, "兆驰股份", False),
])
def test_is_established(official: str | None, short: str, established: bool) -> None:
    assert is_established(official, short) is established


def test_naming_setting_is_a_checked_config_key() -> None:
    assert check_value("naming", "official") == "official"
    assert check_value("naming", "default") == "default"
    with pytest.raises(ConfigError, match="naming must be one of default, official"):
        check_value("naming", "newswire")


def test_mention_carries_en_official_and_reads_old_rows() -> None:
    m = Mention("cn.002867", "周大生", 0, 3, "Chow Tai Seng Jewellery", "002867.SZ", "company",
                "Chow Tai Seng Jewellery")
    assert Mention.from_dict(m.to_dict()) == m
    old = {k: v for k, v in m.to_dict().items() if k != "en_official"}
    assert Mention.from_dict(old).en_official is None


GLOSSARY = """\
meta: {source: test, license: CC0-1.0}
entries:
  - id: cn.002867
    type: company
    zh: 周大生
    en: Chow Tai Seng Jewellery
    ticker: 002867.SZ
    legal_en: "Chow Tai Seng Jewellery Co.,Ltd."
    en_official: Chow Tai Seng
  - id: cn.300308
    type: company
    zh: 中际旭创
    en: Zhongji Xuchuang
    ticker: 300308.SZ
    en_official: Zhongji Innolight
  - id: cn.000001
    type: company
    zh: 平安银行
    en: Ping An Bank
    ticker: 000001.SZ
"""


@pytest.fixture()
def glossary(tmp_path: Path):
    from pipeline.glossary import compile_glossary

    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return compile_glossary(tmp_path, use_cache=False)


@pytest.mark.parametrize(("naming", "expected"), [
    ("default", ["Zhongji Xuchuang", "Chow Tai Seng Jewellery", "Ping An Bank"]),
    ("official", ["Zhongji Innolight", "Chow Tai Seng", "Ping An Bank"]),  # no official name: `en` stays
])
def test_link_stage_canonical_follows_the_naming_setting(glossary, naming: str, expected: list[str]) -> None:
    from stages.link import LinkStage

    found = LinkStage(glossary, naming=naming).mentions("中际旭创和周大生公告，平安银行涨停。", "zh")
    assert [m.canonical for m in found] == expected
    assert [m.en_official for m in found] == ["Zhongji Innolight", "Chow Tai Seng", None]


def test_link_signature_names_the_setting(glossary) -> None:
    from stages.link import LinkStage

    assert LinkStage(glossary).signature() != LinkStage(glossary, naming="official").signature()


def test_export_has_the_official_name(glossary) -> None:
    from pipeline.glossary.tools import export

    rows = list(csv.DictReader(io.StringIO(export(glossary, "csv"))))
    assert {r["id"]: r["en_official"] for r in rows}["cn.002867"] == "Chow Tai Seng"
    tbx = export(glossary, "tbx")
    assert "<term>Chow Tai Seng</term>" in tbx and "official English short name" in tbx


def test_generated_entries_carry_the_official_name() -> None:
    root = Path(__file__).resolve().parents[1] / "glossaries" / "generated"
    entries = {e["id"]: e for e in yaml_entries(root / "a_shares.yaml")}
    assert entries["cn.002867"]["en_official"] == "Chow Tai Seng Jewellery"
    assert entries["cn.002867"]["en"] == "Chow Tai Seng Jewellery"
    assert entries["cn.300308"]["en"] == "Zhongji Xuchuang"


def test_judged_changes_fixture() -> None:
    """The hand-judged sample of names the new convention changed (docs/linking.md): mostly better."""
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    verdicts = [r["verdict"] for r in rows]
    assert set(verdicts) <= {"better", "same", "worse"} and len(rows) == 60
    assert verdicts.count("better") > 2 * verdicts.count("worse")


@pytest.mark.parametrize(("short", "english"), [
    # industry words translated with no official English at hand (english_names.yaml words)
    ("云南锗业", "Yunnan Germanium"), ("长龄液压", "Changling Hydraulic"), ("卧龙电驱", "Wolong Electric Drive"),
    ("高德红外", "Gaode Infrared"), ("中天火箭", "Zhongtian Rocket"), ("国联水产", "Guolian Aquatic Products"),
])
def test_industry_words_are_always_translated(short: str, english: str) -> None:
    assert canonical_english(short) == english


@pytest.mark.parametrize(("raw", "cased"), [
    ("NSFOCUS TECHNOLOGIES", "NSFOCUS Technologies"), ("ZJMI ENVIRONMENTAL ENERGY", "ZJMI Environmental Energy"),
    ("IEIT SYSTEMS", "IEIT Systems"), ("ESTUN AUTOMATION", "Estun Automation"), ("BEKEN", "Beken"),
    ("ZHEJIANG NHU", "Zhejiang NHU"), ("HON HAI", "Hon Hai"),
])
def test_official_case_keeps_acronyms_not_words(raw: str, cased: str) -> None:
    from pipeline.glossary.official import official_case
    from pipeline.glossary.sources.common import english_short

    assert official_case(raw, english_short(raw)) == cased


@pytest.mark.parametrize(("legal", "short"), [
    ("Wells Fargo & Company", "Wells Fargo & Company"), ("TIFFANY & CO.", "Tiffany & Co."),
    ("KKR & Co. Inc.", "KKR & Co."), ("Ligao Foods Co.Ltd", "Ligao Foods"),
    ("Willis Towers Watson Public Limited Company", "Willis Towers Watson"),
    ("ZHONGJI INNOLIGHT CO., LTD.", "Zhongji Innolight"),
])
def test_a_legal_form_goes_but_an_ampersand_keeps_its_partner(legal: str, short: str) -> None:
    """The glossary's English of a listing: its legal form dropped, never a name ending in '&'."""
    from pipeline.glossary.sources.common import english_short

    assert english_short(legal) == short


def test_judged_changes_are_the_shipped_names() -> None:
    """A rebuild that renames a judged company fails here until the row is judged again."""
    root = Path(__file__).resolve().parents[1] / "glossaries" / "generated"
    shipped = {e["id"]: e["en"] for e in yaml_entries(root / "a_shares.yaml")}
    with FIXTURE.open(encoding="utf-8") as fh:
        stale = [r["id"] for r in csv.DictReader(fh, delimiter="\t") if shipped.get(r["id"]) != r["new"]]
    assert not stale
