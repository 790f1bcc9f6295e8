"""Issue 16, round 6: people a financial reader wants linked, by whole categories, without false links.

- glossaries/people/funds_round6.yaml: star mutual-fund managers (顶流基金经理), private-fund managers and investors
  (私募大佬), venture investors, sell-side strategists and economists quoted by name.
- glossaries/people/business_round6.yaml: founders, chairs and chief executives of big Chinese private and listed
  companies, platforms, EV makers, chip and AI firms; Hong Kong tycoons.
- glossaries/people/world_round6.yaml: foreign bank and company chief executives as Chinese media write them, US
  NEC/CEA heads past and present, EU, ECB and Japanese economic officials.
- Media renderings added to people entered before (卢比奥/盧比歐, 特纳斯, 博尔拉, 伯古姆, 马克·扎克伯格 …).
Names that are everyday words or parts of longer words or names must not link (余广 in 其余广告, 城内实 in 城内实施).
Every sentence here is written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary

ROUND6_FILES = ("funds_round6.yaml", "business_round6.yaml", "world_round6.yaml")

# (sentence, the person it must link)
LINKS = [
    # fund managers, private funds, investors, strategists
    ("景顺长城基金经理余广宣布卸任旗下产品。", "person.yu_guang"),
    ("财通基金金梓才旗下产品年内收益翻倍。", "person.jin_zicai"),
    ("景林资产合伙人高云程发布致投资者信。", "person.gao_yuncheng"),
    ("希瓦资产创始人梁宏表示看好消费板块。", "person.liang_hong_xiwa"),
    ("高毅资产卓利伟旗下产品净值创新高。", "person.zhuo_liwei"),
    ("今日资本创始人徐新谈消费投资机会。", "person.xu_xin_capital_today"),
    ("春华资本董事长胡祖六出席金融论坛。", "person.hu_zuliu"),
    ("广发基金唐晓斌管理的产品规模增长。", "person.tang_xiaobin"),
    ("清科集团创始人倪正东计划减持股份。", "person.ni_zhengdong"),
    ("国信证券首席经济学家荀玉根认为市场仍有机会。", "person.xun_yugen"),
    # Chinese founders and chairs
    ("新奥集团董事长王玉锁增持新奥能源股份。", "person.wang_yusuo"),
    ("石药集团董事长蔡东晨再度增持公司股票。", "person.cai_dongchen"),
    ("摩尔线程董事长张建中发布新一代GPU。", "person.zhang_jianzhong"),
    ("吉利汽车首席执行官淦家阅介绍新车规划。", "person.gan_jiayue"),
    ("宁德时代副董事长黄世霖减持部分股份。", "person.huang_shilin"),
    ("科大讯飞联合创始人胡郁出席人工智能大会。", "person.hu_yu_iflytek"),
    ("恒安国际联合创始人许连捷出席股东大会。", "person.hui_lin_chit"),
    ("海澜之家董事长周立宸介绍门店扩张计划。", "person.zhou_lichen"),
    ("汤臣倍健董事长梁允超谈营养品市场。", "person.liang_yunchao"),
    ("中际旭创董事长刘圣回应市场传闻。", "person.liu_sheng_innolight"),
    ("东鹏饮料控股股东林木勤增持公司股份。", "person.lin_muqin"),
    ("阿里巴巴首席科学家周靖人介绍通义大模型进展。", "person.zhou_jingren"),
    ("新理益集团董事长刘益谦再度举牌。", "person.liu_yiqian"),
    # foreign business leaders
    ("央行行长会见德意志银行集团首席执行官克里斯蒂安·泽温。", "person.christian_sewing"),
    ("维萨公司首席执行官麦金纳尼表示跨境支付增长强劲。", "person.ryan_mcinerney"),
    ("美银首席投资策略师哈奈特称现金仓位降至低位。", "person.michael_hartnett"),
    ("三菱日联金融集团社长龟泽宏规表示将扩大海外业务。", "person.hironori_kamezawa"),
    ("先锋领航首席执行官萨利姆·拉姆吉谈指数基金。", "person.salim_ramji"),
    ("联合健康首席执行官赫姆斯利宣布重组计划。", "person.stephen_hemsley"),
    ("西门子总裁兼首席执行官博乐仁访问北京。", "person.roland_busch"),
    ("苹果新任首席执行官特纳斯重组设计团队。", "person.john_ternus"),
    ("辉瑞首席执行官博尔拉表示新药销售好于预期。", "person.albert_bourla"),
    # officials and advisers
    ("前白宫国家经济委员会主任库德洛批评美联储。", "person.larry_kudlow"),
    ("前财长姆努钦旗下基金参与竞购。", "person.steven_mnuchin"),
    ("美国国务卿卢比奥抵达新德里。", "person.marco_rubio"),
    ("美国内政部长伯古姆宣布扩大油气开采。", "person.doug_burgum"),
    ("欧元集团主席皮埃拉卡基斯表示将讨论财政规则。", "person.kyriakos_pierrakakis"),
    ("武伊契奇将于6月出任欧洲央行副行长。", "person.boris_vujcic"),
    ("日本经济财政大臣城内实表示将编制补充预算。", "person.minoru_kiuchi"),
    ("美国小企业管理局局长凯莉·莱夫勒出席活动。", "person.kelly_loeffler"),
    ("美国中央情报局局长拉特克利夫到访欧洲。", "person.john_ratcliffe"),
    ("霍尼韦尔董事长兼首席执行官柯伟茂访华。", "person.vimal_kapur"),
    ("闻泰科技实控人张学政增持公司股份。", "person.zhang_xuezheng"),
    ("私募大佬林园最新持仓曝光。", "person.lin_yuan"),
    ("章盟主现身龙虎榜买入前五。", "person.zhang_jianping"),
]

# (sentence, surface as written, the person its full name links): dot variants come from the matcher's rule
DOTS = [
    ("克里斯蒂安•泽温会见央行官员。", "克里斯蒂安•泽温", "person.christian_sewing"),
    ("甲骨文联席首席执行官克莱顿・马古伊尔克称云业务强劲。", "克莱顿・马古伊尔克", "person.clay_magouyrk"),
    ("马克 扎克伯格宣布新的AI计划。", "马克 扎克伯格", "person.mark_zuckerberg"),
    ("迈克尔‧哈奈特领导的团队发布报告。", "迈克尔‧哈奈特", "person.michael_hartnett"),
]

# (sentence, surface that must not link to a person): everyday words and longer names holding a new name
NOT_LINKED = [
    ("其余广告收入保持稳定。", "余广"),
    ("市区城内实施交通管制。", "城内实"),
    ("控股股东承诺特定期间不减持。", "诺特"),  # Knot is entered in full only
    ("傅里叶变换在信号处理中很常见。", "傅里"),  # Faury is entered in full only
    ("伯恩斯坦分析师上调目标价。", "伯恩斯坦"),  # the broker, not Jared Bernstein
    ("科恩兄弟的新片即将上映。", "科恩"),  # Gary Cohn is entered in full only
    ("由马格什·库马尔·钱德拉塞卡兰领衔的团队表示。", "钱德拉塞卡兰"),  # another person than Tata's chairman
    ("公司董事长梁宏伟表示将扩大产能。", "梁宏"),
    ("副市长徐新华出席开幕式。", "徐新"),
    ("加快实施成本管控。", "施成"),
    ("新建森林园区将于年底开放。", "林园"),
    ("其实市场情绪已经回暖。", "其实"),  # 东方财富's founder is not entered: his name is an everyday word
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_round6_people_link(link, sentence: str, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence) if m.type == "person"]


@pytest.mark.parametrize(("sentence", "surface", "expected"), DOTS)
def test_round6_full_names_with_other_dots(link, sentence: str, surface: str, expected: str) -> None:
    assert (surface, expected) in [(m.surface, m.entity_id) for m in link(sentence)]


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_round6_names_do_not_link_inside_words(link, sentence: str, surface: str) -> None:
    assert [m for m in link(sentence) if m.type == "person" and surface in m.surface] == []


def test_round6_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    new = [e for e in glossary.entries.values() if Path(e.where.rsplit(":", 1)[0]).name in ROUND6_FILES]
    assert len(new) >= 200
    assert all(e.type == "person" and e.role and e.country for e in new)
