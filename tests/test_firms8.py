"""Round 8 of issue 16 (firms8): companies, indexes and funds nobody listed yet, as whole categories, and the
phrase-name rule (a curated name made of everyday words is decided by the segmentation, not by any dictionary
word that runs across its end). Sentences written for these tests; each table says what must link and what must
not."""

from __future__ import annotations

import pytest

from tests.linking_support import names_found


def _found(glossary, normalizer, text: str, locale: str = "cn") -> dict[str, str]:
    return names_found(glossary, normalizer, text, locale)


# One row per category of the brief: Hong Kong unlisted firms, AI labs and hardware start-ups, space companies,
# foreign companies by their Chinese names, state groups, chains, ETF issuers.
@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("金門建築奪得機場新合約", "hk", "金门建筑", "company.gammon"),  # Hong Kong contractors
    ("協興建築承建新校舍", "hk", "协兴建筑", "company.hip_hing"),
    ("戴德梁行預期租金回落", "hk", "戴德梁行", "us.CWK"),  # real-estate services
    ("世邦魏理仕发布写字楼报告", "cn", "世邦魏理仕", "us.CBRE"),
    ("第一太平戴維斯指豪宅成交增加", "hk", "第一太平戴维斯", "gb.SVS"),
    ("恒生投資管理看好港股後市", "hk", "恒生投资管理", "company.hang_seng_investment"),  # banks' fund arms
    ("東亞聯豐投資看好亞洲債券", "hk", "东亚联丰投资", "company.bea_union"),
    ("中國移動香港推出新月費計劃", "hk", "中国移动香港", "company.cmhk"),  # Hong Kong arms of mainland firms
    ("順豐速運香港調整運費", "hk", "顺丰速运香港", "company.sf_express_hk"),
    ("理慧銀行宣布虧損收窄", "hk", "理慧银行", "company.livi_bank"),  # virtual banks and fintechs
    ("富融銀行獲注資", "hk", "富融银行", "company.fusion_bank"),
    ("WeLab完成新一輪融資", "hk", "WeLab", "company.welab"),
    ("華懋集團推出新盤", "hk", "华懋集团", "company.chinachem"),  # family groups
    ("周大福企業入股酒店集團", "hk", "周大福企业", "company.ctf_enterprises"),
    ("深度求索发布新一代模型", "cn", "深度求索", "company.deepseek"),  # AI labs and hardware start-ups
    ("雷鸟创新发布新款眼镜", "cn", "雷鸟创新", "company.rayneo"),
    ("柔宇科技进入破产程序", "cn", "柔宇科技", "company.royole"),
    ("直觉机器股价盘前大涨", "cn", "直觉机器", "us.LUNR"),  # space companies by their Chinese names
    ("萤火虫航天上市首日大涨", "cn", "萤火虫航天", "us.FLY"),
    ("国星宇航完成新一轮融资", "cn", "国星宇航", "company.adaspace"),
    ("瑞士宝盛下调评级", "cn", "瑞士宝盛", "ch.BAER"),  # Swiss and Russian banks
    ("俄外贸银行遭到新制裁", "cn", "俄外贸银行", "ru.VTBR"),
    ("俄罗斯联邦储蓄银行公布业绩", "cn", "俄罗斯联邦储蓄银行", "ru.SBER"),
    ("标准普尔下调该国主权评级", "cn", "标准普尔", "us.SPGI"),  # a rating agency's old name
    ("塔塔钢铁关闭高炉", "cn", "塔塔钢铁", "in.TATASTEEL"),  # steel
    ("中国敬业集团收购钢厂", "cn", "中国敬业集团", "company.jingye"),
    ("日照钢铁新项目投产", "cn", "日照钢铁", "company.rizhao_steel"),
    ("内蒙古电力集团董事长接受调查", "cn", "内蒙古电力集团", "company.inner_mongolia_power"),  # state groups
    ("浙能集团投资海上风电", "cn", "浙能集团", "company.zhejiang_energy"),
    ("华融国际发布盈利预警", "cn", "华融国际", "company.huarong_international"),
    ("ProShares资产规模创新高", "cn", "ProShares", "company.proshares"),  # ETF issuers
    ("Abivax股价暴涨五倍", "cn", "Abivax", "fr.ABVX"),  # European biotechs
    ("益普生收购一家美国药企", "cn", "益普生", "fr.IPN"),
    ("杨铭宇黄焖鸡回应门店卫生问题", "cn", "杨铭宇黄焖鸡", "company.yangmingyu"),  # chains
    ("瑞士银行发布全球财富报告", "cn", "瑞士银行", "ch.UBSG"),  # a bank's long Chinese name
])
def test_company_categories_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# Indexes and funds: the Hang Seng composite family, total-return indexes, KOSPI/TOPIX with 指数 (the country word
# outside the span), LOFs by the names markets use.
@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("恒生綜合大型股指數昨日上升", "hk", "恒生综合大型股指数", "index.hs_composite_largecap"),
    ("恒生綜合中小型股指數表現落後", "hk", "恒生综合中小型股指数", "index.hs_composite_midsmallcap"),
    ("恒生資訊科技業指數急跌", "hk", "恒生资讯科技业指数", "index.hs_ci_it"),
    ("上证综合全收益指数创新高", "cn", "上证综合全收益指数", "index.sse_composite_tr"),
    ("沪深300全收益指数年内上涨", "cn", "沪深300全收益指数", "index.csi300_tr"),
    ("韩国KOSPI指数收涨2%", "cn", "KOSPI指数", "index.kospi"),
    ("日本TOPIX指数创新高", "cn", "TOPIX指数", "index.topix"),
    ("国投白银LOF今日停牌一小时", "cn", "国投白银LOF", "fund.161226"),
    ("华宝油气溢价率超过百分之十", "cn", "华宝油气", "fund.162411"),
    ("招商中证白酒指数LOF份额增加", "cn", "招商中证白酒指数LOF", "fund.161725"),
])
def test_index_and_fund_families_link(glossary, normalizer, text: str, locale: str, name: str,
                                      entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# A curated name made of everyday words links where a rare or unrelated word runs across its end (数下, 外公):
# the segmentation decides, as for any other name.
@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("周五美元指数下跌0.3%", "cn", "美元指数", "index.dxy"),
    ("美元指數下跌，金價上升", "hk", "美元指数", "index.dxy"),
    ("平安银行小幅上涨", "cn", "平安银行", "cn.000001"),
])
def test_curated_phrase_name_decided_by_segmentation(glossary, normalizer, text: str, locale: str, name: str,
                                                     entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# What must not link: everyday readings of the new short names, the country word inside an index's span, a
# model or app named DeepSeek without company context, a listing's phrase-like name that runs on.
@pytest.mark.parametrize(("text", "locale", "absent"), [
    ("印度大量进口俄油", "cn", "俄油"),  # Russian oil, not Rosneft
    ("欧洲减少进口俄气", "cn", "俄气"),  # Russian gas without company context
    ("英国钢铁产量下降", "cn", "英国钢铁"),  # the UK's steel output
    ("韩国KOSPI指数收涨2%", "cn", "韩国KOSPI指数"),
    ("全面接入DeepSeek大模型", "cn", "DeepSeek"),
    ("行业未来发展趋势向好", "cn", "未来发展"),
])
def test_everyday_readings_do_not_link(glossary, normalizer, text: str, locale: str, absent: str) -> None:
    assert absent not in _found(glossary, normalizer, text, locale)


# Hong Kong short names that keep their business word (信达生物 of 信达生物制药) and two-character ones with company
# context; without it the everyday reading stays unlinked.
@pytest.mark.parametrize(("text", "locale", "name", "entity"), [
    ("信達生物股價急升一成", "hk", "信达生物", "hk.1801"),
    ("金斯瑞公布全年業績", "hk", "金斯瑞", "hk.1548"),
    ("科倫博泰股價創新高", "hk", "科伦博泰", "hk.6990"),
    ("萬象生活中期純利增長", "hk", "万象生活", "hk.1209"),
    ("翰森股價上升", "hk", "翰森", "hk.3692"),
    ("中铝股价大涨", "cn", "中铝", "cn.601600"),
])
def test_hong_kong_short_names_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


@pytest.mark.parametrize(("text", "locale", "absent"), [
    ("这只猫眼睛很亮", "cn", "猫眼"),
    ("富力充沛的年轻人", "cn", "富力"),
])
def test_hong_kong_short_names_need_context(glossary, normalizer, text: str, locale: str, absent: str) -> None:
    assert absent not in _found(glossary, normalizer, text, locale)


def test_deepseek_is_a_company_not_a_product(glossary) -> None:
    """The lab and its model share the name; the entity is the company (its model releases link nothing)."""
    assert glossary.entries["company.deepseek"].type == "company"
    assert "product.deepseek" not in glossary.entries
