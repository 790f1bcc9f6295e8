"""Issue 16, round 8: people and public bodies nobody listed yet, by whole category (glossaries/people/people8.yaml,
glossaries/bodies/bodies8.yaml): heads of mainland banks, insurers and brokers; Hong Kong founders of listed
developers; HKMA and MPFA chiefs; China's ambassadors; foreign economic ministers; quant and value investors;
entrepreneur-scholars. Common full names (张毅, 周易, 王晟) and shared bare surnames (阿贝尔, 格里芬, 拉米) link only
where their bank, broker, fund or post is named (pipeline/glossary/person_context.py). Bodies: 国常会, foreign
customs services, 金管总局, 华府, 外交部发言人办公室. Every sentence here is written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.country import COUNTRY_WORDS

NEW_FILES = ("people8.yaml",)

# (sentence, locale or None, the entity it must link)
LINKS = [
    # heads of state banks, policy banks, joint-stock banks
    ("工商银行行长刘珺表示将加大对制造业的信贷投放。", None, "person.liu_jun_icbc"),
    ("农业银行行长王志恒出席年度业绩发布会。", None, "person.wang_zhiheng"),
    ("交通银行行长张宝江介绍资产质量情况。", None, "person.zhang_baojiang"),
    ("国家开发银行行长谭炯会见外方代表。", None, "person.tan_jiong"),
    ("进出口银行董事长陈怀宇出席签约仪式。", None, "person.chen_huaiyu"),
    ("兴业银行行长陈信健称息差降幅收窄。", None, "person.chen_xinjian"),
    ("宁波银行董事长陆华裕在股东大会上发言。", None, "person.lu_huayu"),
    # insurers, brokers
    ("中国人寿总裁利明光表示新单保费稳步增长。", None, "person.li_mingguang"),
    ("新华保险总裁龚兴峰介绍分红险转型。", None, "person.gong_xingfeng"),
    ("中信证券总经理邹迎光表示投行业务回暖。", None, "person.zou_yingguang"),
    ("国信证券董事长张纳沙出席论坛。", None, "person.zhang_nasha"),
    # Hong Kong founders (deceased ones too), officials
    ("新鸿基地产创办人郭得胜的家族持有大量股份。", "hk", "person.kwok_tak_seng"),
    ("已故富商郑裕彤一手创立新世界发展。", "hk", "person.cheng_yu_tung"),
    ("霍英东家族成员霍震霆出席活动。", "hk", "person.timothy_fok"),
    ("积金局主席刘麦嘉轩表示将推动积金易平台。", "hk", "person.ayesha_lau"),
    ("金管局副总裁陈维民出席研讨会。", "hk", "person.darryl_chan"),
    ("數碼港主席陳細明表示將引進更多初創企業。", "hk", "person.simon_chan_cyberport"),
    # ambassadors and ministers
    ("中国驻英国大使郑泽光在伦敦发表演讲。", None, "person.zheng_zeguang"),
    ("中国驻日本大使吴江浩会见日方官员。", None, "person.wu_jianghao"),
    ("英国前商务大臣乔纳森·雷诺兹曾访问北京。", None, "person.jonathan_reynolds"),
    ("韩国产业通商资源部长官金正官启程赴美谈判。", None, "person.kim_jung_kwan"),
    ("美国国家经济委员会主任哈西特称关税收入可观。", "hk", "person.kevin_hassett"),
    ("英國財相李韻晴公布財政預算。", "hk", "person.rachel_reeves"),
    # investors and scholars
    ("文艺复兴科技首席执行官彼得·布朗很少接受采访。", None, "person.peter_brown_rentec"),
    ("中国科学技术大学常务副校长潘建伟是国盾量子的创始人之一。", None, "person.pan_jianwei"),
    # from the derived check of dev news (sentences written here)
    ("宁德时代首席科学家吴凯介绍固态电池进展。", None, "person.wu_kai_catl"),
    ("汇丰集团主席聂智恒访问上海。", None, "person.brendan_nelson"),
    ("人民银行新闻发言人闫先东介绍金融数据。", None, "person.yan_xiandong"),
    ("美国前运输部长赵小兰访华。", None, "person.elaine_chao"),
    # bodies
    ("国常会部署进一步稳外贸措施。", None, "org.state_council_executive_meeting"),
    ("国务院常务会议研究促进消费的政策。", None, "org.state_council"),
    ("韩国海关服务部门公布的数据显示，芯片出口增长。", None, "org.korea_customs"),
    ("韩国关税厅公布前20天出口数据。", None, "org.korea_customs"),
    ("金管總局發布新規。", "hk", "org.nfra"),
    ("外交部发言人办公室发表声明。", None, "org.mfa_china"),
]

# (sentence, locale, surface, the entity it must be, or None: not linked)
CONTEXT = [
    ("建设银行行长张毅表示将加大科技金融投入。", None, "张毅", "person.zhang_yi_ccb"),
    ("公司法定代表人为张毅。", None, "张毅", None),
    ("中国银行行长张辉介绍跨境人民币业务。", None, "张辉", "person.zhang_hui_boc"),
    ("华泰证券总经理周易表示财富管理转型加速。", None, "周易", "person.zhou_yi_htsc"),
    ("他从小熟读周易。", None, "周易", None),
    ("中国银河董事长王晟出席行业会议。", None, "王晟", "person.wang_sheng_galaxy"),
    ("招商证券董事长霍达出席座谈会。", None, "霍达", "person.huo_da"),
    ("作家霍达的小说再版。", None, "霍达", None),
    ("证监会副主席李明表示将严厉打击财务造假。", None, "李明", "person.li_ming_csrc"),
    ("公司财务总监李明辞职。", None, "李明", None),
    ("伯克希尔首席执行官阿贝尔在股东信中谈到现金储备。", None, "阿贝尔", "person.greg_abel"),
    ("数学家获得阿贝尔奖。", None, "阿贝尔", None),
    ("城堡投资创始人格里芬表示看好美国经济。", None, "格里芬", "person.ken_griffin"),
    ("英国外交大臣拉米访问华盛顿。", None, "拉米", "person.david_lammy"),
    ("平安集团首席财务官付欣介绍投资收益。", None, "付欣", "person.fu_xin_pingan"),
    ("加拿大负责美加贸易的部长勒布朗前往华盛顿。", None, "勒布朗", "person.dominic_leblanc"),
    ("湖人球星勒布朗得到30分。", None, "勒布朗", None),
    ("富途创始人李华表示海外用户增长较快。", None, "李华", "person.leaf_hua_li"),
    ("保監局主席姚建華表示保費收入上升。", "hk", "姚建华", "person.stephen_yiu"),
    ("分众传媒董事长江南春表示广告市场回暖。", None, "江南春", "person.jason_jiang"),
    ("杜牧的江南春描写了春天的景色。", None, "江南春", None),
    ("内蒙古电力集团原党委书记张海峰接受审查调查。", None, "张海峰", "person.zhang_haifeng_impg"),
    ("同学李华给外国笔友写了一封信。", None, "李华", None),
    ("茅台总经理王莉表示将稳定渠道价格。", None, "王莉", "person.wang_li_moutai"),
    ("公司副总经理王莉辞职。", None, "王莉", None),
]


@pytest.mark.parametrize(("sentence", "locale", "expected"), LINKS)
def test_new_people_and_bodies_link(link, sentence: str, locale: str | None, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence, locale=locale)]


@pytest.mark.parametrize(("sentence", "locale", "surface", "expected"), CONTEXT)
def test_the_post_decides_a_common_name(link, sentence: str, locale: str | None, surface: str,
                                        expected: str | None) -> None:
    found = [m.entity_id for m in link(sentence, locale=locale) if m.surface == surface]
    assert found == ([expected] if expected else [])


def test_hua_fu_is_washington() -> None:
    """华府 (Hong Kong and Taiwan news' name of Washington) says a bare body is the US's."""
    assert "华府" in COUNTRY_WORDS["US"]


def test_wrong_chinese_names_are_gone(glossary: CompiledGlossary) -> None:
    """Darryl Chan is 陈维民 (李达志 was entered for him); 吴宗权 is Wheelock's Douglas Woo, Wharf's Stephen Ng is
    吴天海."""
    names = {e.id: {e.zh, *e.aliases_zh} for e in glossary.entries.values() if e.type == "person"}
    assert "陈维民" in names["person.darryl_chan"] and "李达志" not in names["person.darryl_chan"]
    assert "吴天海" in names["person.stephen_ng"] and "吴宗权" not in names["person.stephen_ng"]
    assert "吴宗权" in names["person.douglas_woo"]


def test_new_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    new = [e for e in glossary.entries.values() if Path(e.where.rsplit(":", 1)[0]).name in NEW_FILES]
    assert len(new) >= 230
    assert all(e.type == "person" and e.role and e.country for e in new)
