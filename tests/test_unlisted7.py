"""Issue 16 round 7: big unlisted companies and listings newer than the listing files, by whole categories
(glossaries/companies/unlisted_round7.yaml, new_listings_round7.yaml, names added in place) and the place-less
forms of mainland registered names derived from HKEX's list (pipeline/glossary/sources/hk_names.py). Sentences
are written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.glossary.sources.hk_names import candidates, home_prefix
from pipeline.text.locale import CN, HK
from tests.linking_support import names_found

# (sentence as written, the document's locale, the Chinese name (normalized), the entity it must link to)
LINKS = [
    # AI model makers and AI companies listed 2025-26 in Hong Kong, by the names news writes
    ("智谱发布新一代旗舰模型。", CN, "智谱", "hk.2513"),
    ("智谱AI宣布开源新模型。", CN, "智谱AI", "hk.2513"),
    ("MiniMax股价午后拉升。", CN, "MiniMax", "hk.0100"),
    ("稀宇科技推出新的语音模型。", CN, "稀宇科技", "hk.0100"),
    ("第四范式上半年营收增长。", CN, "第四范式", "hk.6682"),
    ("云知声中标多个政务项目。", CN, "云知声", "hk.9678"),
    ("思必驰的上市申请获受理。", CN, "思必驰", "company.aispeech"),
    ("晶泰科技与药企签订合作协议。", CN, "晶泰科技", "hk.2228"),
    # chips and storage
    ("壁仞与天数智芯同日完成模型适配。", CN, "壁仞", "hk.6082"),
    ("壁仞与天数智芯同日完成模型适配。", CN, "天数智芯", "hk.9903"),
    ("壁仞科技股价下跌。", CN, "壁仞科技", "hk.6082"),
    ("沐曦发布新一代GPU。", CN, "沐曦", "cn.688802"),
    ("上海华力扩建十二英寸产线。", CN, "上海华力", "company.huali"),
    ("积塔半导体完成新一轮融资。", CN, "积塔半导体", "company.gta_semiconductor"),
    ("曦智科技股价大涨。", CN, "曦智科技", "hk.1879"),
    # robotics
    ("越疆协作机器人出货量增长。", CN, "越疆", "hk.2432"),
    ("越疆科技拟回归A股。", CN, "越疆科技", "hk.2432"),
    ("极智嘉在美国建设新工厂。", CN, "极智嘉", "hk.2590"),
    ("千寻智能完成新一轮融资。", CN, "千寻智能", "company.spirit_ai"),
    ("灵心巧手考虑赴港上市。", CN, "灵心巧手", "company.linkerbot"),
    ("梅卡曼德机器人递交上市申请。", CN, "梅卡曼德机器人", "company.mech_mind"),
    ("拓竹科技推出新款打印机。", CN, "拓竹科技", "company.bambu_lab"),
    # commercial space, fusion and quantum
    ("长光卫星完成股权融资。", CN, "长光卫星", "company.chang_guang_satellite"),
    ("垣信卫星启动新一轮融资。", CN, "垣信卫星", "company.spacesail"),
    ("能量奇点研制出新型超导磁体。", CN, "能量奇点", "company.energy_singularity"),
    ("本源量子启动上市辅导。", CN, "本源量子", "company.origin_quantum"),
    ("玻色量子发布新一代相干光量子计算机。", CN, "玻色量子", "company.qboson"),
    # carmakers' brands and autonomous driving
    ("鸿蒙智行上月交付新车五万辆。", CN, "鸿蒙智行", "company.hima"),
    ("问界汽车上半年交付量增长。", CN, "问界汽车", "company.aito"),
    ("领克与极氪完成合并。", CN, "领克", "company.lynk_co"),
    ("吉利银河新车型开启预售。", CN, "吉利银河", "company.geely_galaxy"),
    ("萝卜快跑进入中东市场。", CN, "萝卜快跑", "company.apollo_go"),
    ("驭势科技在机场部署无人车。", CN, "驭势科技", "company.uisee"),
    # fintech and logistics
    ("支付宝推出境外用户服务。", CN, "支付宝", "company.alipay"),
    ("马上消费金融发行资产支持证券。", CN, "马上消费金融", "company.mashang_consumer_finance"),
    ("招联金融下调贷款利率。", CN, "招联金融", "company.zhaolian_consumer_finance"),
    ("中国邮政与物流企业签署合作协议。", CN, "中国邮政", "company.china_post"),
    # consumer chains
    ("鸣鸣很忙门店数超过一万家。", CN, "鸣鸣很忙", "hk.1768"),
    ("零食很忙与赵一鸣零食合并。", CN, "零食很忙", "hk.1768"),
    ("零食很忙与赵一鸣零食合并。", CN, "赵一鸣零食", "company.zhao_yiming_snacks"),
    ("好想来门店加速扩张，万辰集团营收大增。", CN, "万辰集团", "cn.300972"),
    ("茶颜悦色进入深圳市场。", CN, "茶颜悦色", "company.chayan_yuese"),
    ("山姆会员店开设新门店。", CN, "山姆会员店", "company.sams_club"),
    ("林清轩上半年营收增长。", CN, "林清轩", "hk.2657"),
    ("迅策股价大涨。", CN, "迅策", "hk.3317"),
    ("群核科技获券商首次覆盖。", CN, "群核科技", "hk.0068"),
    # names added in place, world start-ups and 2025 US listings
    ("商飞交付新一批C919客机。", CN, "商飞", "org.comac"),
    ("蚂蚁金服更名为蚂蚁集团。", CN, "蚂蚁金服", "org.ant_group"),
    ("魔门塔与车企合作推出智驾方案。", CN, "魔门塔", "company.momenta"),
    ("Figma第一季度营收增长。", CN, "Figma", "us.FIG"),
    ("Klarna第一季度亏损扩大。", CN, "Klarna", "us.KLAR"),
    ("亚马逊旗下Zoox获准收费运营。", CN, "Zoox", "company.zoox"),
    ("加密货币交易所欧易获得牌照。", CN, "欧易", "company.okx"),
    # place-less forms of HKEX's registered names (derived, not curated)
    ("天岳先进科技股价上涨。", HK, "天岳先进科技", "cn.688234"),
    ("顺丰同城公布中期业绩。", CN, "顺丰同城", "hk.9699"),
    ("佑驾创新收购物流子公司。", CN, "佑驾创新", "hk.2431"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_unlisted7_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert names_found(glossary, normalizer, text, locale).get(name) == entity


# Everyday and other uses of the new names that need company context link nothing.
NO_LINK = [
    ("我们仰望星空。", "仰望"),
    ("这件事被大家津津乐道。", "乐道"),
    ("山姆大叔的关税政策引发担忧。", "山姆"),
    ("华莱士在演讲中表示反对。", "华莱士"),
    ("他好想来北京工作。", "好想来"),
    ("极狐是一种动物。", "极狐"),
    ("闪送小哥准时送达。", "闪送"),
    ("他对着书亦步亦趋。", "书亦"),
]


@pytest.mark.parametrize(("text", "name"), NO_LINK)
def test_unlisted7_no_link(glossary, normalizer, text: str, name: str) -> None:
    assert name not in names_found(glossary, normalizer, text, CN)


# The same names link with company context.
WITH_CONTEXT = [
    ("仰望汽车宣布降价。", "仰望汽车", "company.yangwang"),
    ("乐道汽车公布月度交付量。", "乐道汽车", "company.onvo"),
    ("好想来宣布新开门店。", "好想来", "cn.300972"),
]


@pytest.mark.parametrize(("text", "name", "entity"), WITH_CONTEXT)
def test_unlisted7_with_context(glossary, normalizer, text: str, name: str, entity: str) -> None:
    assert names_found(glossary, normalizer, text, CN).get(name) == entity


def test_unit_named_by_parent_links_the_parent(glossary, normalizer) -> None:
    """小米汽车 and 腾讯云 are not entities of their own: the parent's name inside them links the parent."""
    assert names_found(glossary, normalizer, "小米汽车发布新车型。", CN).get("小米") == "hk.1810"
    assert names_found(glossary, normalizer, "腾讯云下调模型价格。", CN).get("腾讯") == "hk.0700"


# The derivation: a registered name's leading mainland province or city is dropped where 3+ characters remain.
DERIVED = [
    ("深圳市越疆科技股份有限公司", "越疆科技"),
    ("北京极智嘉科技股份有限公司", "极智嘉"),
    ("上海壁仞科技股份有限公司", "壁仞科技"),
    ("山东天岳先进科技股份有限公司", "天岳先进"),
]


@pytest.mark.parametrize(("full", "short"), DERIVED)
def test_place_less_candidates(full: str, short: str) -> None:
    assert short in candidates(full)


@pytest.mark.parametrize(("name", "prefix"), [("深圳市越疆科技", "深圳市"), ("广东省某某集团", "广东省"),
                                              ("上海壁仞科技", "上海"), ("黑龙江某某", "黑龙江"),
                                              ("香港中华煤气", "香港"), ("越疆科技", None)])
def test_leading_place(name: str, prefix: str | None) -> None:
    assert home_prefix(name) == prefix


def test_place_less_form_too_short_is_not_derived() -> None:
    """上海壁仞 → 壁仞 keeps two characters: no derived form (a curated file enters 壁仞 by hand)."""
    assert "壁仞" not in candidates("上海壁仞科技股份有限公司")
