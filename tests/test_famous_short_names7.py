"""Round 7 of issue 16: famous short company names in headlines (建行 before 农行, 强生 before a reporting period,
永辉 before a store word, 茅台 in 茅台酒) and the false links of the same mechanism (a country +
industry name before a category noun, 央行 for central banks in general, a short name as the tail of a longer
proper noun, a Big Four firm's member firm). Sentences written for these tests; each table has the links that must
come and the ones that must not."""

from __future__ import annotations

import pytest

from pipeline.glossary.headline_names import (
    company_name_after,
    event_word_after,
    inside_longer_proper_noun,
    period_after,
    product_word,
)
from pipeline.records import Document
from tests.linking_support import names_found


def _found(glossary, normalizer, text: str, locale: str = "cn") -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


# What headlines write right after a famous short name, which the end check did not read as an end.
@pytest.mark.parametrize(("text", "name", "entity"), [
    ("建行农行同日宣布下调存款利率", "建行", "cn.601939"),  # another bank's short name right after it
    ("建行农行同日宣布下调存款利率", "农行", "cn.601288"),
    ("工行建行两家大行宣布调整理财产品", "工行", "cn.601398"),
    ("三星海力士员工年终奖大涨", "三星", "kr.005930"),  # a three-character company name after it
    ("强生第三季度营收超出分析师预期", "强生", "us.JNJ"),  # a reporting period, then a results word
    ("强生上半年净利润同比增长", "强生", "us.JNJ"),
    ("甲骨文上财年裁员约两万人", "甲骨文", "us.ORCL"),
    ("永辉调改门店已超过三百家", "永辉", "cn.601933"),  # a store word two characters on
    ("甲骨文CFO称订单积压创新高", "甲骨文", "us.ORCL"),  # an officer's title right after it
    ("建行副董事长出席论坛并发言", "建行", "cn.601939"),
    ("茅台酒价格连续三周下跌", "茅台", "cn.600519"),  # the brand inside its own product word
    ("贵州茅台酒价格上调", "贵州茅台", "cn.600519"),
    ("银行不再续聘普华永道中天为审计机构", "普华永道中天", "company.pwc"),  # a Big Four member firm
    ("公司改聘安永华明会计师事务所", "安永华明", "company.ey"),
    ("毕马威华振出具了无保留意见", "毕马威华振", "company.kpmg"),
    ("長實中期盈利按年下跌", "长实", "hk.1113"),  # Hong Kong: an interim period, then a results word
    ("長實純利按年跌兩成", "长实", "hk.1113"),
    ("建行派息每股四角", "建行", "cn.601939"),
    ("赣锋拟发行H股并在港上市", "赣锋", "cn.002460"),  # a listing of its own shares
])
def test_famous_short_name_links_in_headline(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text).get(name) == entity


# Taiwan news names the groups' life insurers by short names; 国寿 elsewhere is China Life.
@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("國壽去年賣股獲利創新高", "tw", "国寿", "tw.2882"),
    ("富壽首季獲利年增三成", "tw", "富寿", "tw.2881"),
    ("国寿去年净利润同比增长", "cn", "国寿", "cn.601628"),
])
def test_life_insurer_short_names_by_locale(glossary, normalizer, text: str, locale: str, name: str,
                                            entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# The same words must not make an everyday word, a longer name or a general phrase a company.
@pytest.mark.parametrize(("text", "wrong"), [
    ("社会大众关注食品安全问题", "de.VOW3"),  # 大众 "the public" (bare 大众 is not entered: 2 of 4 dev links wrong)
    ("大众消费板块今日走强", "de.VOW3"),
    ("第二大股东信通万华合计减持股份", "cn.600289"),  # two short names glued: one longer name (信通万华)
    ("九天睿芯董事长表示看好行业", "us.TDC"),  # one leftover character: 天睿 is inside 九天睿芯
    ("召回部分吉利银河M9车型", "cn.000806"),  # a recall word BEFORE a name is about another subject
    ("迪信通执行董事辞任", "cn.600289"),  # 信通 as the tail of a longer proper noun jieba knows (迪信通)
    ("美国调查中国电信巨头的业务", "cn.601728"),  # country + industry + category noun: Chinese telecom giants
    ("电价上涨将使美国钢铁企业成本增加", "us.X"),  # US steel companies
    ("空客客机从克罗地亚城市斯普利特起飞", "cn.002324"),  # 普利特 inside a place's name
    ("英国克洛斯兄弟集团股价下跌", "us.L"),  # 洛斯 inside another company's name
])
def test_same_mechanism_does_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _found(glossary, normalizer, text).values()


@pytest.mark.parametrize(("text", "kept"), [
    ("韩国三星电子工会宣布罢工", "kr.005930"),  # a place before the name is no longer proper noun
    ("北京市委书记会见美国花旗集团董事长", "us.C"),
    ("火炬集团和鼎晖百孚分别被罚款", "company.cdh"),  # 和 is a function word, not the head of a name (和鼎晖)
    ("中国电信业务收入增长", "cn.601728"),  # no category noun after it
    ("中国石油企业家座谈会召开", "cn.601857"),  # the noun begins a longer word (企业家)
])
def test_names_kept(glossary, normalizer, text: str, kept: str) -> None:
    assert kept in _found(glossary, normalizer, text).values()


def _bodies(normalizer, segmenter, linker, title: str) -> list[tuple[str, str]]:
    doc = Document(id="d", title=normalizer(title), body="")
    doc = linker.process(segmenter.process([doc]))[0]
    return [(m.surface, m.entity_id) for seg in doc.segments for m in seg.entities if m.type == "org"]


@pytest.mark.parametrize(("title", "linked"), [
    ("全球市场迎来超级央行周", []),  # the week several central banks decide
    ("央行们纷纷转向降息", []),  # central banks in general
    ("央行周三开展逆回购操作", [("央行", "org.pboc")]),  # a weekday after it: the mainland's central bank
    ("央行发布第三季度货币政策执行报告", [("央行", "org.pboc")]),
])
def test_bare_central_bank_in_general(normalizer, segmenter, linker, title: str, linked: list) -> None:
    assert _bodies(normalizer, segmenter, linker, title) == linked


# The helpers, on their own.
def test_period_after() -> None:
    assert period_after("强生第三季度营收", 2)
    assert period_after("腾讯2025年营收", 2)
    assert not period_after("强生公司", 2)


def test_event_word_after_reads_no_single_leftover_character() -> None:
    assert event_word_after("永辉调改门店", 2)
    assert event_word_after("甲骨文CEO", 3)
    assert not event_word_after("天睿芯董事长", 2)


def test_company_name_after_needs_a_longer_name_or_the_same_kind() -> None:
    companies = frozenset({"农行", "万华", "海力士"})
    assert company_name_after("建行农行", 2, companies, 4)
    assert company_name_after("三星海力士", 2, companies, 4)
    assert not company_name_after("信通万华", 2, companies, 4)


def test_product_word_and_longer_proper_noun() -> None:
    assert product_word("茅台酒", 0, 2)
    assert not product_word("苹果酒", 0, 2)
    assert inside_longer_proper_noun("迪信通", 1, 3, frozenset())
    assert not inside_longer_proper_noun("迪信通", 1, 3, frozenset({"迪信通"}))
