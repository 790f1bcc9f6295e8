"""Round 5 of issue 16: link-gate rules for false links of kinds that recur in news nobody tuned on (read on a
random dev sample, tests/fixtures/linking_judged/dev_precision/). Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.commonness import split_by_common_word
from tests.linking_support import names_found


def _found(glossary, normalizer, text: str, locale: str = "cn") -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


# A frequent word across a name's start whose rest is a word: the sentence's words, not the name.
@pytest.mark.parametrize(("text", "wrong"), [
    ("今年全国新能源汽车销量继续增长", "cn.600617"),  # 全国|新能源, not 国新能源
    ("我国新能源装机容量创新高", "cn.600617"),  # 我国|新能源
    ("两家公司合资成立新能源科技公司", "cn.001258"),  # 成立|新能源, not 立新能源
    ("美国防部更新了相关清单", "org.mnd_china"),  # 美国|防部: not China's Ministry of National Defense
])
def test_name_split_by_a_frequent_word_does_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("国新能源发布年度报告", "国新能源", "cn.600617"),  # the company at a clause start
    ("立新能源午后拉升", "立新能源", "cn.001258"),
    ("国防部新闻发言人答记者问", "国防部", "org.mnd_china"),
    ("台中银行全面调薪", "台中银", "tw.2812"),  # the rule looks at the name's start only (银行 across the end)
    ("美国能源部长表示将增加储备", "美国能源部", "org.us_energy"),  # (部长: the body's own title)
])
def test_names_the_frequent_word_rule_keeps(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, "tw" if "台中" in text else "cn").get(name) == entity


def test_split_by_common_word_reads_only_the_start() -> None:
    text = "全国新能源汽车"
    assert split_by_common_word(text, 1, 5)  # 国新能源: 全国 + 新能源
    assert not split_by_common_word("国新能源公告", 0, 4)  # nothing before the name


# An A share's short name + 集团有限公司 / 集团公司 is the unlisted parent group; 集团股份有限公司 is the listed one.
@pytest.mark.parametrize(("text", "wrong"), [
    ("张三任五粮液集团有限公司党委书记", "cn.000858"),
    ("淮河能源集团公司董事长出席签约仪式", "cn.600575"),
    ("控股股东山东黄金集团有限公司拟增持", "cn.600547"),
    ("山西焦煤集团有限责任公司召开会议", "cn.000983"),
])
def test_parent_group_is_not_the_listing(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("万华化学集团股份有限公司与客户签署协议", "万华化学", "cn.600309"),  # the A share's own legal name
    ("五粮液集团董事长出席股东大会", "五粮液", "cn.000858"),  # bare 集团 keeps the company (as 长和集团)
    ("中国宏桥集团有限公司公告业绩", "中国宏桥集团有限公司", "hk.1378"),  # a Hong Kong listing's own legal name
])
def test_listed_company_with_group_word_links(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


# A listing named by a city of three characters or more needs company context.
@pytest.mark.parametrize(("text", "wrong"), [
    ("他曾在江苏连云港东方农商银行工作", "cn.601008"),
    ("推进鄂尔多斯盆地煤层气增储", "cn.600295"),
    ("强降雨落区包括常德、张家界、怀化北部", "cn.000430"),
])
def test_city_named_listing_needs_context(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("连云港午后涨停", "连云港", "cn.601008"),
    ("鄂尔多斯发布半年度业绩预告", "鄂尔多斯", "cn.600295"),
])
def test_city_named_listing_links_with_context(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


# Headline brackets and circled item numbers open a clause: 【X：…】 is a company's own headline.
@pytest.mark.parametrize(("text", "name", "entity"), [
    ("【中国巨石：上半年净利润同比增长】", "中国巨石", "cn.600176"),
    ("①同花顺：股东拟减持不超过1%股份", "同花顺", "cn.300033"),
    ("【五粮液：拟每10股派发现金红利】", "五粮液", "cn.000858"),
])
def test_bracketed_headline_with_colon_is_company_context(glossary, normalizer, text: str, name: str,
                                                          entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


def test_bracket_ends_the_context_clause(glossary, normalizer) -> None:
    # 公司 inside the bracketed column name before 】 is no context for an acronym after it.
    assert "tw.2634" not in _found(glossary, normalizer, "【研报·公司】AIDC缺电推升燃气轮机需求").values()


def test_nasa_is_not_american_airlines(glossary, normalizer) -> None:
    found = _found(glossary, normalizer, "美国航空航天局宣布新的登月计划")
    assert found.get("美国航空航天局") == "org.nasa"
    assert _found(glossary, normalizer, "美国航空公司取消逾千个航班").get("美国航空") == "us.AAL"


# A company's name that is also an everyday word, in an enumeration of everyday words, is that word.
@pytest.mark.parametrize(("text", "wrong"), [
    ("农户今年种植小米、高粱", "hk.1810"),  # the grain
    ("今年玉米、小米、高粱价格上涨", "hk.1810"),
    ("郑商所尿素、玻璃、苹果跌超1%", "us.AAPL"),  # apple futures
    ("苹果、棉花等小幅上涨", "us.AAPL"),
])
def test_name_listed_among_everyday_words_is_the_word(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "name", "entity"), [
    ("华为、小米等手机厂商推出新机", "小米", "hk.1810"),  # a name beside it
    ("小米、理想、问界销量领先", "小米", "hk.1810"),  # an item no dictionary knows: a name the glossary lacks
    ("华为重返榜首、小米紧追其后", "小米", "hk.1810"),  # 榜首 ends a clause, it is no lone item
    ("苹果、微软股价走高", "苹果", "us.AAPL"),
])
def test_name_listed_beside_names_links(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


# jieba tags some everyday nouns as personal names (金刚石 "diamond", 双喜临门 an idiom); such a word is still a word
# across the name's edge, not a person's name next to a company.
@pytest.mark.parametrize(("text", "wrong"), [
    ("公司拥有培育金刚石的规模化产能", "cn.300064"),  # 金刚石, not 金刚 (ST金刚)
    ("金刚石散热材料迎来规模化应用", "cn.300064"),
    ("电影产业迎来双喜临门的时刻", "cn.603008"),  # the idiom, not 喜临门
])
def test_everyday_word_tagged_as_a_name_still_bounds_words(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


def test_marked_form_still_links(glossary, normalizer) -> None:
    assert _found(glossary, normalizer, "ST金刚午后涨停").get("ST金刚") == "cn.300064"


# A listed name inside an equity-investment partnership's name is the fund's (股权投资基金合伙企业).
@pytest.mark.parametrize(("text", "wrong"), [
    ("新增北京小米智造股权投资基金合伙企业(有限合伙)为股东", "hk.1810"),
    ("该基金由深圳投控湾区股权投资基金合伙企业等共同出资", "hk.0737"),
])
def test_name_inside_investment_partnership(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


def test_investment_fund_after_a_verb_keeps_the_name(glossary, normalizer) -> None:
    assert _found(glossary, normalizer, "欧盟批准沙特公共投资基金收购一家公司").get("欧盟") == "org.eu"


# A Taiwan listing's full name made of a country and an industry word reads as the industry in Taiwan news.
@pytest.mark.parametrize(("text", "wrong"), [
    ("郭董背書：台灣半導體在世界地位無法撼動", "tw.5425"),
    ("中國航運量暴跌 港口吞吐減少", "tw.2612"),
])
def test_taiwan_country_industry_name_is_the_industry(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text, "tw").values()


def test_taiwan_country_industry_name_links_with_context(glossary, normalizer) -> None:
    assert _found(glossary, normalizer, "台灣半導體股價大漲", "tw").get("台湾半导体") == "tw.5425"
