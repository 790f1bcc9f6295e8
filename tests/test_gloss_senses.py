"""CC-CEDICT sense choice and function words: dictionary apparatus never reaches the English."""

from __future__ import annotations

import pytest

from stages.translators.cedict import Cedict, choose_sense, dictionary_text, proper_name, usable_sense
from stages.translators.senses import function_word, ordinal


@pytest.fixture(scope="module")
def cedict() -> Cedict:
    return Cedict()


# One row per class of apparatus: the definition is never a sense.
@pytest.mark.parametrize("definition", [
    "variant of 屄[bi1]",
    "euphemistic variant of 屄[bi1]",
    "old variant of 強|强[qiang2]",
    "surname Zhang",
    "two-character surname Ouyang",
    "abbr. for 比利時|比利时[Bi3 li4 shi2]",
    "classifier for flat objects, sheet",
    "CL:個|个[ge4]",
    "used in 逶迤[wei1 yi2]",
    "(used in names of people and shops, symbolizing prosperity)",
    "see 國務院|国务院[Guo2 wu4 yuan4]",
    "(literary) grades in which successful candidates in the imperial examinations were placed",
    "(old) residence of a high official",
    "by extension, the United States of America",
    "Taiwan pr. [bi4]",
    "to take sth as",
    "subprovincial city and capital of Sichuan province 四川 in southwest China",
])
def test_apparatus_is_never_a_sense(definition: str) -> None:
    assert usable_sense(definition) is None


@pytest.mark.parametrize(("definitions", "expected"), [
    (["to compare", "ratio"], "compare"),  # leading "to" of verbs dropped
    (["(statistics) compared with the same period of the previous year", " year on year"], "year on year"),
    (["(bound form) a general", "(literary) to command"], "a general"),  # bound form only as a last resort
    (["(Tw) (computing) chip; wafer"], "chip"),  # Taiwan usage is what Taiwan headlines mean
    (["currency unit (esp. Chinese yuan)", "first"], "currency unit"),
    (["surname Wang", "variant of 王"], None),  # only apparatus: no sense at all
])
def test_first_short_sense_is_chosen(definitions: list[str], expected: str | None) -> None:
    assert choose_sense(definitions) == expected


@pytest.mark.parametrize(("definitions", "expected"), [
    (["Chengdu subprovincial city and capital of Sichuan province 四川 in southwest China"], "Chengdu"),
    (["Powell (name)"], "Powell"),
    (["Inner Mongolia (abbr. for 內蒙古自治區|内蒙古自治区[Nei4 meng3 gu3 Zi4 zhi4 qu1])"], "Inner Mongolia"),
    (["the Pentagon"], "Pentagon"),
    (["see 國務院國有資產監督管理委員會|国务院国有资产监督管理委员会[Guo2 wu4 yuan4]"], None),
])
def test_proper_names_are_the_name_only(definitions: list[str], expected: str | None) -> None:
    assert proper_name(definitions) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("成都", "Chengdu"), ("鲍威尔", "Powell"), ("同比", "year on year"), ("营收", "sales"), ("晶片", "chip"),
])
def test_real_dictionary_words(cedict: Cedict, word: str, expected: str) -> None:
    assert cedict.get(word) == expected


@pytest.mark.parametrize("word", ["比", "第", "鑫", "股", "张", "于", "为", "合", "王", "逶", "花旗", "国资委"])
def test_no_sense_of_a_real_word_is_dictionary_text(cedict: Cedict, word: str) -> None:
    english = cedict.get(word)
    assert english is None or not dictionary_text(english)
    assert english is None or len(english.split()) <= 3


@pytest.mark.parametrize(("english", "leaks"), [
    ("growth rate euphemistic variant of 屄[bi1] first half", True),
    ("Taipei Stock Exchange, abbr. for 臺北股市", True),
    ("the price rose (Tw)", True),
    ("shares see also", True),
    ("Chengdu said revenue rose", False),
    ("I see growth", False),
])
def test_dictionary_text_detector(english: str, leaks: bool) -> None:
    assert dictionary_text(english) is leaks


@pytest.mark.parametrize(("token", "following", "expected"), [
    ("的", "", ""), ("了", "", ""), ("将", "", "will"),
    ("比", "预期高", "than"), ("比", "去年同期增长", "compared with"),
    ("第", "", "No."), ("对", "", "on"), ("与", "", "and"), ("和", "", "and"), ("及", "", "and"), ("并", "", "and"),
    ("被", "", "by"), ("把", "", ""), ("在", "", "in"), ("于", "", "in"), ("为", "", "for"), ("从", "", "from"),
    ("向", "", "to"), ("等", "", "etc."), ("将近", "", "nearly"), ("公司", "", None),
])
def test_function_words(token: str, following: str, expected: str | None) -> None:
    assert function_word(token, following) == expected


@pytest.mark.parametrize(("number", "expected"), [
    ("1", "1st"), ("2", "2nd"), ("3", "3rd"), ("4", "4th"), ("11", "11th"), ("12", "12th"), ("13", "13th"),
    ("21", "21st"), ("102", "102nd"), ("111", "111th"),
])
def test_ordinals(number: str, expected: str) -> None:
    assert ordinal(number) == expected
