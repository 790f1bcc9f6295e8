"""Round 6 of issue 16: false links of kinds a blind sample showed (a company's name inside a transliterated
foreign name, a forum or location named after a place, a park named as a place, a scheme named after a
subsidiary; a Hong Kong term in a Macao story). Sentences written for these tests; each table has both the links
that must go and the ones that must stay."""

from __future__ import annotations

import pytest

from pipeline.glossary.place_context import names_a_location, names_a_park, names_a_scheme, names_an_event
from pipeline.glossary.transliteration import inside_foreign_name, is_transliteration
from pipeline.text.locale import HK, MO, detect_locale
from stages.translators.numbers import HKD, MOP, find_numbers, yuan_locale
from tests.linking_support import names_found


def _found(glossary, normalizer, text: str, locale: str = "cn") -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


# (c) A company's short name of transliteration characters inside a foreign person's or place's name.
@pytest.mark.parametrize(("text", "wrong"), [
    ("伊朗议会副议长阿里·尼克扎德表示将回应。", "hk.9988"),  # 阿里 (Alibaba) before the dot
    ("美军位于科威特的阿里·萨利姆空军基地遭袭。", "hk.9988"),  # a base named after a person
    ("该行副主管詹姆斯·克劳斯表示。", "cn.600579"),  # 克劳斯 after the dot
    ("他的儿子扎克·戴尔创办了一家公司。", "us.DELL"),  # the surname of a person, not Dell
    ("法官法赫尔丁·阿里延宣读判决。", "hk.9988"),  # inside the run after a dot
    ("游客前往科帕卡巴纳海滩度假。", "us.PCAR"),  # 帕卡 glued inside a run of transliteration
])
def test_company_inside_foreign_name_does_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("阿里股价今日上涨。", "阿里", "hk.9988"),
    ("戴尔发布季度财报。", "戴尔", "us.DELL"),
    ("梅赛德斯·奔驰集团宣布降价。", "奔驰", "de.MBG"),  # 奔驰 is no transliteration: Mercedes-Benz
    ("投资者因艾伯维达成交易而买入。", "艾伯维", "us.ABBV"),  # 达成 is a word of its own after the name
    ("迈克尔·戴尔表示看好。", "迈克尔·戴尔", "person.michael_dell"),  # the person's full name
])
def test_names_the_foreign_name_rule_keeps(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


def test_transliteration_helpers() -> None:
    assert is_transliteration("阿里") and is_transliteration("伊戈尔")
    assert not is_transliteration("奔驰") and not is_transliteration("中国联通")
    text = "兆丰‧美利达经典赛"  # a sponsor's name before a dot and an ordinary name: no foreign name
    assert not inside_foreign_name(text, 3, 6, "·‧")


# (b) A forum or summit named after the place a company is named after.
@pytest.mark.parametrize(("text", "wrong"), [
    ("2026陆家嘴论坛今日开幕，多位官员出席。", "cn.600663"),
    ("他在陆家嘴金融论坛上发表演讲。", "cn.600663"),
    ("他在金融街·金城坊论坛上表示。", "cn.000402"),
])
def test_company_named_forum_does_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("陆家嘴股价大涨。", "陆家嘴", "cn.600663"),
    ("金融街发布公告称拟出售资产。", "金融街", "cn.000402"),
    ("他在瑞银亚洲投资论坛上表示看好黄金。", "瑞银", "ch.UBSG"),  # the bank's own forum, its own words between
    ("腾讯年会上，马化腾发表讲话。", "腾讯", "hk.0700"),  # 年会 is a company's event
])
def test_names_the_forum_rule_keeps(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


# (d) A location: a locative, the name, an area word; a park named as a place.
@pytest.mark.parametrize(("text", "wrong", "locale"), [
    ("公司获得该药在大中华地区的独家权益。", "hk.0021", "cn"),
    ("项目位于上海临港小洋山以东海域。", "cn.600848", "cn"),
    ("该公司总部位于香港科学园，员工逾百人。", "org.hkstp", "hk"),
    ("多家初创企业落户数码港。", "org.cyberport", "hk"),
])
def test_place_reading_does_not_link(glossary, normalizer, text: str, wrong: str, locale: str) -> None:
    assert wrong not in _found(glossary, normalizer, text, locale).values()


@pytest.mark.parametrize(("text", "name", "entity", "locale"), [
    ("上海临港股价涨停。", "上海临港", "cn.600848", "cn"),
    ("香港科学园宣布推出新的资助计划。", "香港科学园", "org.hkstp", "hk"),
    ("数码港公布年度业绩。", "数码港", "org.cyberport", "hk"),
    ("英特尔硅谷园区扩建产能。", "英特尔", "us.INTC", "cn"),  # a company's own campus (no locative)
    ("在中复神鹰连云港基地投产。", "中复神鹰", "cn.688295", "cn"),  # 基地 is no area word
])
def test_names_the_place_rules_keep(glossary, normalizer, text: str, name: str, entity: str, locale: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


def test_place_context_helpers() -> None:
    assert names_an_event("陆家嘴论坛", 3) and names_an_event("金融街·金城坊论坛", 3)
    assert not names_an_event("瑞银亚洲投资论坛", 2)
    assert names_a_location("在大中华地区", 1, 4) and not names_a_location("大中华地区", 0, 3)
    assert names_a_park("位于科学园", 2, 5) and not names_a_park("科学园宣布", 0, 3)
    assert names_a_scheme("恒远香港计划", 2) and names_a_scheme("恒远中国协议安排", 2)
    assert not names_a_scheme("海力士美国上市计划", 3)  # a listing plan: its own word between


# (a) A scheme named after a company's subsidiary named by the company and a place.
@pytest.mark.parametrize(("text", "wrong"), [
    ("法院批准碧桂园香港计划。", "hk.2007"),
    ("债权人投票支持碧桂园中国协议安排。", "hk.2007"),
])
def test_scheme_named_after_a_subsidiary_does_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


def test_company_with_a_place_and_a_plan_of_its_own_links(glossary, normalizer) -> None:
    assert _found(glossary, normalizer, "碧桂园香港上市计划获批。").get("碧桂园") == "hk.2007"


# (f) Macao as a locale: a Hong Kong outlet's Macao story is Macao's.
@pytest.mark.parametrize(("text", "source", "locale"), [
    ("澳门特区政府今日公布财政预算，行政长官表示特区政府将加强监管。", "香港電台", MO),
    ("澳门博彩收入按月上升。", None, MO),  # Traditional text of no outlet: its own words
    ("行政长官表示特区政府将与澳门合作，本港经济按年增长。", "香港電台", HK),  # Hong Kong's story naming Macao
    ("本港楼价按年下跌，特区政府推出措施。", "香港電台", HK),
])
def test_macao_locale(text: str, source: str | None, locale: str) -> None:
    assert detect_locale(text, "hant", source, None) == locale


def test_macao_source_and_domain() -> None:
    assert detect_locale("今日新闻。", "hans", "澳門日報", None) == MO
    assert detect_locale("今日新闻。", "hans", None, "https://www.example.com.mo/news/1") == MO


@pytest.mark.parametrize(("text", "locale", "entity"), [
    ("澳门特区政府公布，特区政府将推出新措施。", MO, "org.macao_sar_government"),
    ("本港特区政府今日公布新措施。", HK, "org.hksar_government"),
    ("澳门金管局表示，金管局将加强监管。", MO, "org.amcm"),
    ("金管局宣布基本利率不变。", HK, "org.hkma"),
])
def test_sar_terms_follow_the_locale(glossary, normalizer, text: str, locale: str, entity: str) -> None:
    found = _found(glossary, normalizer, text, locale)
    bare = "特区政府" if "特区政府" in found else "金管局"
    assert found[bare] == entity


def test_macao_bare_yuan_is_the_pataca() -> None:
    assert yuan_locale("财政盈余120亿元。", "hant", (), MO) == MOP
    assert yuan_locale("财政盈余120亿元。", "hant", (), HK) == HKD
    [amount] = find_numbers("博彩收入235亿澳门元。")
    assert amount.unit == MOP and amount.english == "23.5 billion patacas"
