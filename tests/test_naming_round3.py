"""Round 3 of the naming rule (issue 16 item 6, docs in DOCS-naming.md): names an editor accepts.

Each row is a name and the official English the listing could carry; the sentences are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary.generate import official_short_name
from pipeline.glossary.naming import canonical_english, newswire_case
from pipeline.glossary.official import is_established
from tests.yaml_files import yaml_entries

GENERATED = Path(__file__).resolve().parents[1] / "glossaries" / "generated"

SEED = [("中际旭创", "Zhongji Innolight", "Zhongji Xuchuang"), ("新易盛", "Eoptolink Technology", "Xinyi Sheng"),
        ("光库科技", "Advanced Fiber Resources", "Guangku Technology"),
        ("天孚通信", "Suzhou TFC Optical Communication", "Tianfu Communication")]


@pytest.mark.parametrize(("short", "official", "english"), SEED)
def test_the_seed_four_stay_exact(short: str, official: str, english: str) -> None:
    assert canonical_english(short, official_english=official) == english
    assert canonical_english(short) == english


def test_the_seed_four_stay_exact_in_the_shipped_glossary() -> None:
    entries = {e["zh"]: e["en"] for e in yaml_entries(GENERATED / "a_shares.yaml")}
    assert [entries[short] for short, _, _ in SEED] == [english for _, _, english in SEED]


@pytest.mark.parametrize(("short", "english"), [
    # industry words of the round-3 table, with no official English at hand
    ("宏达锌业", "Hongda Zinc"), ("海川微电", "Haichuan Microelectronics"), ("明远互联", "Mingyuan Interconnection"),
    ("云帆数科", "Yunfan Digital Technology"), ("金石钻石", "Jinshi Diamond"), ("长河索具", "Changhe Rigging"),
    ("东盛有色", "Dongsheng Nonferrous Metals"), ("青峰精机", "Qingfeng Precision Machinery"),
    ("瑞丰线缆", "Ruifeng Cable"), ("天元网安", "Tianyuan Cybersecurity"),
])
def test_more_industry_words_are_translated(short: str, english: str) -> None:
    assert canonical_english(short) == english


def test_a_closing_word_never_leaves_one_character() -> None:
    # 新能源 would take 立新's 新: Li New Energy
    assert canonical_english("立新能源") == "Lixin Energy"
    assert canonical_english("立新能源", official_english="Xinjiang Lixin Energy") == "Lixin Energy"


@pytest.mark.parametrize(("short", "official", "english"), [
    # the official English translates the closing word; each character must be translated
    ("兴业银锡", "Inner Mongolia Xingye Silver & Tin Mining", "Xingye Silver & Tin"),
    # 辽 is Liaoning, not translated: no industry word is read off "Energy" (Huadian Energy is another company)
    ("华电辽能", "Huadian Liaoning Energy Development", "Huadian Liaoneng"),
    ("湖南裕能", "Hunan Yuneng New Energy Battery Matl", "Hunan Yuneng"),
    # nothing distinctive in the name: the official English names it
    ("锌业股份", "Huludao Zinc Industry", "Huludao Zinc Industry"),
    ("精工科技", "Zhejiang Jinggong Science & Technology", "Jinggong Technology"),
])
def test_industry_words_from_the_official_english(short: str, official: str, english: str) -> None:
    assert canonical_english(short, official_english=official) == english


@pytest.mark.parametrize(("short", "official", "english"), [
    ("欣旺达", "Sunwoda Electronic", "Sunwoda Electronic"),  # reads as pinyin (sun-wo-da), is the brand
    # the rest is ordinary English (yoke, sunrise, pet foods): the place stays, the official name whole
    ("雅克科技", "Jiangsu Yoke Technology", "Jiangsu Yoke Technology"),
    ("炬华科技", "Hangzhou Sunrise Technology", "Hangzhou Sunrise Technology"),
    ("绿城水务", "Guangxi Nanning Waterworks", "Nanning Waterworks"),  # not "Waterworks"
    ("濮耐股份", "Puyang Refractories", "Puyang Refractories"),
    ("慧谷新材", "Guangzhou Human", "Guangzhou Human"),
    ("*ST中华A", "Shenzhen China Bicycle", "Shenzhen China Bicycle"),
    ("中稀有色", "China Rare Earth Nonferrous Metals", "China Rare Earth Nonferrous Metals"),  # a translation
    ("中国卫通", "China Satellite Communications", "China Satellite Communications"),  # 中国 says China
    ("三环集团", "Chaozhou Three-Circle Group", "Three-Circle Group"),  # Chaozhou: a city CC-CEDICT knows
    ("上港集团", "Shanghai International Port Group", "Shanghai International Port Group"),
    ("中宠股份", "Yantai China Pet Foods", "Yantai China Pet Foods"),
    ("南极光", "Shen Zhen Australis Electronic Technology", "Shenzhen Australis Electronic Technology"),
    # unchanged from round 2
    ("石头科技", "Beijing Roborock Technology", "Roborock Technology"), ("新和成", "Zhejiang NHU", "NHU"),
    ("埃斯顿", "Nanjing Estun Automation", "Estun Automation"), ("国信证券", "Guosen Securities", "Guosen Securities"),
    ("周大生", "Chow Tai Seng Jewellery", "Chow Tai Seng Jewellery"), ("新希望", "New Hope Liuhe", "New Hope"),
])
def test_established_english(short: str, official: str, english: str) -> None:
    assert canonical_english(short, official_english=official) == english


@pytest.mark.parametrize(("short", "official", "english"), [
    # pinyin of the name, or the name after a group's: the convention names it
    ("传智教育", "Jiangsu Chuanzhiboke Education Technology", "Chuanzhi Education"),  # a former name's pinyin
    ("华银电力", "Datang Huayin Electric Power", "Huayin Power"),
    ("皖新传媒", "Anhui Xinhua Media", "Anhui Xinhua Media"),  # Xinhua is a county too, but second here
    ("仁和药业", "Renhe Pharmacy", "Renhe Pharmacy"),  # 仁和 is also a district: the name says it
    ("新集能源", "China Coal Xinji Energy", "Xinji Energy"),
    ("天山生物", "Xinjiang Tianshan Animal Husbandry Bio-Engineering", "Tianshan Biotech"),
])
def test_pinyin_officials_keep_the_convention(short: str, official: str, english: str) -> None:
    assert canonical_english(short, official_english=official) == english


def test_established_is_not_fooled_by_pinyin_looking_english() -> None:
    assert is_established("Asian Star Anchor Chain", "亚星锚链")
    assert not is_established("Tongding Interconnection Information", "通鼎互联")


def test_hkex_abbreviations_are_read_whole_from_the_legal_name() -> None:
    official = official_short_name("INNER MN MENGDIAN HUANENG THRM PWR",
                                   "Inner Mongolia Mengdian Huaneng Thermal Power Corporation Limited")
    assert official == "Inner Mongolia Mengdian Huaneng Thermal Power"
    assert canonical_english("华能蒙电", official_english=official) == "Huaneng Mengdian"
    assert official_short_name("ZHONGJI INNOLIGHT", "ZHONGJI INNOLIGHT CO., LTD.") == "Zhongji Innolight"


@pytest.mark.parametrize(("raw", "cased"), [
    ("Macmic Science&technology", "Macmic Science & Technology"),
    ("INNER MONGOLIA XINGYE SILVER&TIN MINING", "Inner Mongolia Xingye Silver & Tin Mining"),
    ("T&S Communications", "T&S Communications"), ("Gan&Lee Pharmaceuticals", "Gan&Lee Pharmaceuticals"),
    ("Universal Scientific Industrial(Shanghai)Co.", "Universal Scientific Industrial"),
    ("Sunshine Guojian Pharmaceutical(Shanghai)Co.", "Sunshine Guojian Pharmaceutical"),
    ("Dencare (chongqing) Oral Care", "Dencare Oral Care"), ("Ajisen (China) Holdings", "Ajisen (China) Holdings"),
    ("Shenzhen Special Economic Zone Real Estate&Properties (Group).Co.",
     "Shenzhen Special Economic Zone Real Estate & Properties"),
    ("king slide", "King Slide"), ("Noble Corporation plc A", "Noble Corporation plc A"),
])
def test_newswire_case_cleans_brackets_and_ampersands(raw: str, cased: str) -> None:
    assert newswire_case(raw) == cased


def test_new_listings_carry_their_brands() -> None:
    assert canonical_english("沐曦股份-U") == "MetaX"
    assert canonical_english("摩尔线程-U") == "Moore Threads"


def test_linked_sentence_carries_the_english(glossary) -> None:
    from stages.link import LinkStage

    stage = LinkStage(glossary)
    found = {m.surface: m.canonical for m in stage.mentions("光迅科技午后拉升，锌业股份与华能蒙电跟涨。", "zh")}
    assert found.get("光迅科技") == "Accelink Technologies"
    assert found.get("华能蒙电") == "Huaneng Mengdian"
    assert found.get("锌业股份") == "Huludao Zinc Industry"
    seed = {m.surface: m.canonical for m in stage.mentions("中际旭创、新易盛、光库科技、天孚通信集体走强。", "zh")}
    assert seed == {"中际旭创": "Zhongji Xuchuang", "新易盛": "Xinyi Sheng", "光库科技": "Guangku Technology",
                    "天孚通信": "Tianfu Communication"}
