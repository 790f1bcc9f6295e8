"""Names no glossary lists, and whole-sentence glosses: never Chinese characters, never dictionary text."""

from __future__ import annotations

import pytest

from pipeline.records import Segment
from stages.translators.cedict import dictionary_text
from stages.translators.gloss import GlossTranslator
from stages.translators.names import person_english, pinyin_word, split_person


def gloss_text(gloss: GlossTranslator, text: str) -> str:
    (translation,) = gloss.translate_batch([Segment("d", 0, "body", text, zh=text)])
    return translation.en


@pytest.mark.parametrize(("name", "expected"), [
    ("张波", "Zhang Bo"), ("欧阳娜娜", "Ouyang Nana"), ("曾毓群", "Zeng Yuqun"), ("单伟建", "Shan Weijian"),
    ("任泽平", "Ren Zeping"), ("吕建", "Lü Jian"),
])
def test_person_names_surname_first(name: str, expected: str) -> None:
    parts = split_person(name)
    assert parts is not None and person_english(*parts) == expected


@pytest.mark.parametrize("word", ["布林肯", "增长率", "智慧城市建设"])
def test_not_a_chinese_personal_name(word: str) -> None:
    assert split_person(word) is None


def test_pinyin_word() -> None:
    assert pinyin_word("西咸") == "Xixian"


# Sentences written for these tests (never copied from news): the English must hold the expected words.
@pytest.mark.parametrize(("zh", "expected"), [
    ("记者张波表示", "Zhang Bo"),  # person found by jieba's HMM and tagged nr
    ("欧阳娜娜昨天抵达", "Ouyang Nana"),
    ("成都的新工厂", "Chengdu"),  # place: CC-CEDICT's name, not its encyclopaedic gloss
    ("四川省出台政策", "Sichuan"),
    ("布林肯会见记者", "Blinken"),  # foreign names as the English press writes them
    ("鲍威尔讲话", "Powell"),
    ("特朗普宣布", "Trump"),
    ("川普宣布", "Trump"),
    ("天康生物公告", "Tiankang Biotech"),  # unknown company-like name: pinyin + translated generic part
    ("台股大涨", "Taiwan stocks"),
    ("美方表示", "the US side"),
    ("美俄元首通话", "US-Russia"),  # two country abbreviations tagged as a place
    ("发行价格为28.11元/股", "28.11 yuan per share"),
    ("今年第3次降息", "3rd time"),  # 第N with its measure word as an ordinal
    ("第2大股东", "2nd largest"),
    ("第三次会议", "third time"),
    ("第5届论坛", "5th edition"),
    ("营收比去年同期增长", "compared with"),
    ("外资和投信买超", "foreign investors and investment trusts net bought"),
])
def test_names_and_phrases_in_sentences(gloss: GlossTranslator, zh: str, expected: str) -> None:
    english = gloss_text(gloss, zh)
    assert expected.casefold() in english.casefold()  # tidy() capitalizes the first word
    assert not dictionary_text(english)


@pytest.mark.parametrize("zh", [
    "增长率比上半年高",  # 比 was "euphemistic variant of 屄[bi1]"
    "第二大股东",  # 第 was "grades in which successful candidates … were placed"
    "鑫盛隆旗下子公司",  # 鑫 has only a usage note in CC-CEDICT
    "逶迤的山路",
    "国资委和花旗",
])
def test_no_apparatus_and_no_chinese(gloss: GlossTranslator, zh: str) -> None:
    english = gloss_text(gloss, zh)
    assert english and not dictionary_text(english), english


# The market phrases issue 8 names, each as the gloss renders it inside a sentence.
@pytest.mark.parametrize(("zh", "expected"), [
    ("台股", "Taiwan stocks"), ("美股", "US stocks"), ("陆股", "A-shares"), ("港股", "Hong Kong stocks"),
    ("美方", "the US side"), ("成交额", "turnover"), ("净流入", "net inflow"), ("融资余额", "margin balance"),
    ("涨停", "limit up"), ("跌停", "limit down"), ("创新高", "record high"), ("同比", "year on year"),
    ("环比", "month on month"), ("营收", "revenue"), ("净利润", "net profit"), ("目标价", "target price"),
    ("评级", "rating"), ("买入", "buy"), ("增持评级", "overweight rating"), ("中性", "neutral"),
    ("法说会", "earnings call"),
    ("外资", "foreign investors"), ("投信", "investment trusts"), ("自营商", "proprietary traders"),
    ("三大法人", "three major institutional investors"), ("加权指数", "TAIEX"), ("柜买", "OTC market"),
    ("除息", "ex-dividend"), ("殖利率", "dividend yield"),
])
def test_market_phrases(gloss: GlossTranslator, zh: str, expected: str) -> None:
    english = gloss_text(gloss, f"今天{zh}消息")  # inside a sentence, so segmentation is tested too
    assert expected.casefold() in english.casefold(), english
