"""Issue 16, round 3: the person glossary grown by several hundred people financial news names (mainland officials
below the top, Hong Kong under secretaries and legislators, Taiwan and Macao officials, central bankers, finance
ministers, world leaders, founders, chief executives, fund managers and investors: glossaries/people/
mainland_officials.yaml, hong_kong_taiwan_macao.yaml, world_officials.yaml, business_investors.yaml). They link in
sentences written here, Taiwan's renderings of names already entered link too, and everyday words and longer names
that hold one of the new names do not link to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from stages.normalize import TextNormalizer

NEW_FILES = ("mainland_officials.yaml", "hong_kong_taiwan_macao.yaml", "world_officials.yaml",
             "business_investors.yaml")

# (sentence written for this test, the person it must link)
LINKS = [
    # mainland officials
    ("国家金融监管总局局长丁向群出席论坛并致辞。", "person.ding_xiangqun"),
    ("证监会副主席刘浩凌在会上发言。", "person.liu_haoling"),
    ("财政部副部长廖岷会见外方代表团。", "person.liao_min"),
    ("商务部副部长兼国际贸易谈判副代表凌激表示，双方沟通顺畅。", "person.ling_ji"),
    ("国家发展改革委新闻发言人蒋毅介绍有关情况。", "person.jiang_yi"),
    ("工业和信息化部部长李乐成调研人工智能企业。", "person.li_lecheng"),
    ("国务院国资委主任程福波主持召开会议。", "person.cheng_fubo"),
    ("海关总署署长孙梅君到口岸检查工作。", "person.sun_meijun"),
    ("国家统计局副局长毛盛勇回答记者提问。", "person.mao_shengyong"),
    ("中国人民银行副行长陶玲出席活动。", "person.tao_ling"),
    ("上交所理事长邱勇表示将推进科创板改革。", "person.qiu_yong"),
    ("国家能源局局长王宏志介绍能源保供情况。", "person.wang_hongzhi"),
    ("国台办发言人朱凤莲回答记者提问。", "person.zhu_fenglian"),
    ("乘联分会秘书长崔东树认为车市将回暖。", "person.cui_dongshu"),
    # Hong Kong, Macao and Taiwan, also in Traditional script
    ("運輸及物流局局長陳美寶出席活動。", "person.mable_chan"),
    ("公務員事務局局長楊何蓓茵回應議員提問。", "person.ingrid_yeung"),
    ("商經局副局長陳百里率團訪問東盟。", "person.bernard_chan"),
    ("立法會議員陳振英關注銀行業表現。", "person.chan_chun_ying"),
    ("恒基地產主席李家傑出席業績會。", "person.peter_lee"),
    ("澳門經濟財政司司長戴建業介紹施政重點。", "person.tai_kin_ip"),
    ("行政院副院長鄭麗君率團赴美磋商關稅。", "person.cheng_li_chiun"),
    ("力積電董事長黃崇仁看好成熟製程回溫。", "person.frank_huang"),
    # the world
    ("韩国央行行长申铉松表示将维持利率不变。", "person.hyun_song_shin"),
    ("伊朗外交部发言人巴加埃在记者会上表示。", "person.esmaeil_baghaei"),
    ("以色列国防部长卡茨表示将继续行动。", "person.israel_katz"),
    ("匈牙利总理毛焦尔表示将与欧盟改善关系。", "person.peter_magyar"),
    ("俄罗斯副总理诺瓦克称欧佩克+将维持产量。", "person.alexander_novak"),
    ("德国经济部长赖歇表示将削减能源成本。", "person.katherina_reiche"),
    ("英国央行副行长布里登发表讲话。", "person.sarah_breeden"),
    ("韩国财长具润哲就汇率问题表态。", "person.koo_yun_cheol"),
    # business and investors
    ("SK海力士CEO郭鲁正表示存储需求强劲。", "person.kwak_noh_jung"),
    ("中芯国际联合CEO赵海军在业绩会上表示。", "person.zhao_haijun"),
    ("火山引擎总裁谭待表示，豆包大模型调用量大增。", "person.tan_dai"),
    ("汇丰集团行政总裁艾桥智在北京会见客户。", "person.georges_elhedery"),
    ("“新债王”冈拉克警告美债风险。", "person.jeffrey_gundlach"),
    ("美银策略师哈特内特称资金持续流入股市。", "person.michael_hartnett"),
    ("易方达基金经理张坤发布季度报告。", "person.zhang_kun"),
    ("葛卫东二季度增持一只科技股。", "person.ge_weidong"),
    ("药明康德董事长李革出席股东大会。", "person.ge_li"),
    ("游戏科学创始人冯骥称续作正在开发。", "person.feng_ji"),
    ("伊朗最高领袖穆杰塔巴·哈梅内伊会见外国代表团。", "person.mojtaba_khamenei"),
    ("英国首相伯纳姆宣布新的投资计划。", "person.andy_burnham"),
    ("巴西财长杜里甘表示将控制财政赤字。", "person.dario_durigan"),
    ("知名分析师郭明錤称新款手机将延后出货。", "person.ming_chi_kuo"),
    # other renderings of people entered before (Taiwan's, Xinhua's, a company's own Chinese name)
    ("伊朗总统佩泽希齐扬会见来访的外长。", "person.masoud_pezeshkian"),
    ("美国国防部长赫格塞思发表讲话。", "person.pete_hegseth"),
    ("花旗集团首席执行官范洁恩称经济保持韧性。", "person.jane_fraser"),
    ("美財長班森特對關稅談判表示樂觀。", "person.scott_bessent"),
    ("OpenAI執行長阿特曼宣布新模型。", "person.sam_altman"),
    ("日銀總裁植田暗示可能升息。", "person.kazuo_ueda"),
]

# (sentence written for this test, the surface that must not link to a person)
NOT_LINKED = [
    ("葛兰素史克发布新药临床数据。", "葛兰"),  # GSK, not the fund manager Ge Lan
    ("五星控股董事长汪建国表示零售业回暖。", "汪建"),  # another person's longer name
    ("公司加强工程维修管理。", "程维"),  # 工程 + 维修, not DiDi's founder
    ("双方加强沟通伦理建设。", "通伦"),  # 沟通 + 伦理, not Laos's president
    ("他信了这个说法。", "他信"),  # "he believed": Thaksin is entered only in full
    ("作家刘震云出版了新小说。", "刘震"),  # no bare 刘震: a common name inside the writer's
    ("普尔特房屋公布季度业绩。", "普尔特"),  # Bill Pulte only in full: PulteGroup's name
    ("哈马斯军事领导人哈达德发表声明。", "哈达德"),  # Brazil's Haddad only in full
    ("阿里云首席技术官李飞飞出席发布会。", "李飞飞"),  # two well-known people: not entered
    ("他的工作任何一家公司都做不了。", "何一"),
    ("请打印奇数页的文件。", "印奇"),  # 打印 + 奇数, not Megvii's co-founder
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_new_people_link(link, sentence: str, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence) if m.type == "person"]


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_everyday_words_and_longer_names_do_not_link(link, sentence: str, surface: str) -> None:
    normalized = TextNormalizer()(sentence)
    assert surface in normalized
    assert [m for m in link(sentence) if m.type == "person" and surface in m.surface] == []


def test_a_longer_name_entered_wins(link) -> None:
    """冯骥才 the writer is entered so that 冯骥 (Game Science's founder) is not read inside his name."""
    assert [m.entity_id for m in link("作家冯骥才出版了新书。") if m.type == "person"] == ["person.feng_jicai"]


def test_new_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    """Every new person has a role and a country (except international officials), and the four files hold
    several hundred people."""
    new = [e for e in glossary.entries.values() if Path(e.where.rsplit(":", 1)[0]).name in NEW_FILES]
    assert len(new) >= 400
    assert all(e.type == "person" and e.role for e in new)
    assert [e.id for e in new if not e.country and "World Health" not in e.role
            and "Atomic Energy" not in e.role] == []


def test_hong_kong_officials_keep_their_english_names(glossary: CompiledGlossary) -> None:
    assert glossary.entries["person.ingrid_yeung"].zh == "杨何蓓茵"
    assert (glossary.entries["person.mable_chan"].zh, glossary.entries["person.mable_chan"].en) == \
        ("陈美宝", "Mable Chan")
    assert glossary.entries["person.lillian_cheong"].country == "HK"
