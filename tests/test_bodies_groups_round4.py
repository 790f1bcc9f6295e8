"""Issue 16 round 4: a Chinese ministry written with 中国 before it, a state group named after its listed arm, a
bank's 行 form and a company's China unit each link whole, as the entity they name (sentences written here)."""

from __future__ import annotations

import pytest

from pipeline.text.locale import CN, HK
from tests.linking_support import names_found


def _found(glossary, normalizer, text: str, locale: str) -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("中國財政部今日在香港發行人民幣國債。", HK, "中国财政部", "org.mof"),
    ("中国生态环境部发布新规。", CN, "中国生态环境部", "org.mee_china"),
    ("中國住建部官員訪港。", HK, "中国住建部", "org.mohurd"),
    ("中國移動集團旗下公司宣布投資計劃。", HK, "中国移动集团", "company.cmcc_group"),
    ("邮储行上调存款利率。", CN, "邮储行", "cn.601658"),
    ("安世中国发布声明称供货正常。", CN, "安世中国", "company.nexperia_china"),
])
def test_the_whole_name_links_as_what_it_names(glossary, normalizer, text, locale, name, entity) -> None:
    found = _found(glossary, normalizer, text, locale)
    assert found.get(name) == entity, found


@pytest.mark.parametrize(("text", "locale", "inner"), [
    ("中國移動集團旗下公司宣布投資計劃。", HK, "中国移动"),   # the listed arm is not the group
    ("中國財政部今日在香港發行人民幣國債。", HK, "财政部"),   # one mention, not a shorter one inside
    ("安世中国发布声明称供货正常。", CN, "安世"),            # the Dutch parent is another company
])
def test_no_shorter_name_inside(glossary, normalizer, text, locale, inner) -> None:
    assert inner not in _found(glossary, normalizer, text, locale)


@pytest.mark.parametrize(("text", "name"), [
    ("中国稀土出口管制引发全球关注。", "中国稀土"),
    ("中国黄金储备连续第十个月增加。", "中国黄金"),
    ("中国医药产业创新效率居全球前列。", "中国医药"),
])
def test_a_country_and_its_industry_is_no_company(glossary, normalizer, text: str, name: str) -> None:
    assert name not in _found(glossary, normalizer, text, CN)


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("中国稀土涨停，稀土永磁板块走强。", "中国稀土", "cn.000831"),
    ("中国黄金发布年度业绩预告。", "中国黄金", "cn.600916"),
])
def test_the_company_of_that_name_still_links(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, CN).get(name) == entity


def test_safe_by_its_news_abbreviation(glossary, normalizer) -> None:
    assert _found(glossary, normalizer, "外管局公布上月外汇储备数据。", CN).get("外管局") == "org.safe"


def test_a_one_character_rest_is_no_industry(glossary, normalizer) -> None:
    """中海油 + 产量 is CNOOC's output: 中海 + 油 is no country and its industry."""
    assert _found(glossary, normalizer, "中海油产量创新高。", CN).get("中海油") == "cn.600938"
