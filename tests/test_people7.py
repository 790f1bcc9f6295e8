"""Issue 16, round 7: people below the top rank. Mainland vice ministers, deputy heads and provincial leaders, Hong
Kong Executive Council members, Macao secretaries, chief financial officers (glossaries/people/officials_round7.yaml,
business_round7.yaml); officials entered under a full name whose bare surname is shared (哈克, 邦迪, 科尔曼) and
officials whose full name many people share (王浩, 刘伟, 罗文) and people whose bare surname dev news uses for them
and for others (伯里, 凯恩, 里德), linked only where their post is named
(pipeline/glossary/person_context.py). Every sentence here is written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary

NEW_FILES = ("officials_round7.yaml", "business_round7.yaml")

# (sentence, locale or None, the person it must link)
LINKS = [
    # mainland: vice ministers and deputy heads
    ("住房城乡建设部副部长秦海翔在发布会上介绍城市更新进展。", None, "person.qin_haixiang"),
    ("国资委副主任苟坪出席央企负责人座谈会。", None, "person.gou_ping"),
    ("中央财办副主任韩文秀解读经济工作会议精神。", None, "person.han_wenxiu"),
    ("应急管理部部长王祥喜部署防汛工作。", None, "person.wang_xiangxi"),
    ("发改委副秘书长袁达介绍重大项目进展。", None, "person.yuan_da"),
    # provincial leaders
    ("广东省长孟凡利会见外资企业代表团。", None, "person.meng_fanli"),
    ("四川省省长施小琳在成都会见车企董事长。", None, "person.shi_xiaolin"),
    ("福建省委书记周祖翼调研海洋经济。", None, "person.zhou_zuyi"),
    ("安徽省委书记梁言顺调研科技创新工作。", None, "person.liang_yanshun"),
    ("陕西省委书记赵一德与企业家座谈。", None, "person.zhao_yide"),
    ("湖北省省长李殿勋调研光谷企业。", None, "person.li_dianxun"),
    ("江苏省省长刘小涛主持召开政企恳谈会。", None, "person.liu_xiaotao"),
    ("国家能源局副局长宋宏坤会见石油公司总裁。", None, "person.song_hongkun"),
    ("海关总署副署长吴海平会见外国代表团。", None, "person.wu_haiping"),
    # Hong Kong, Macao, Taiwan
    ("行政会议成员汤家骅认为条例有助稳定。", "hk", "person.ronny_tong"),
    ("行政會議成員廖長江出席論壇。", "hk", "person.martin_liao"),
    ("貿發局總裁方舜文率團訪問中東。", "hk", "person.margaret_fong"),
    ("陸委會主委邱垂正今日表示。", "tw", "person.chiu_chui_cheng"),
    # chief financial officers and presidents
    ("京东首席财务官单甦表示，本季度利润率改善。", None, "person.ian_su_shan"),
    ("小鹏汽车总裁顾宏地称海外销量将翻倍。", None, "person.brian_gu"),
    ("苹果首席财务官凯文·帕雷克在电话会上表示毛利率稳定。", None, "person.kevan_parekh"),
    ("特斯拉首席财务官瓦伊巴夫·塔内贾称资本开支将增加。", None, "person.vaibhav_taneja"),
    ("亚马逊首席财务官布莱恩·奥尔萨夫斯基表示云业务增长加快。", None, "person.brian_olsavsky"),
    # other renderings of people entered before
    ("俄罗斯央行行长纳比乌琳娜表示将维持利率。", None, "person.elvira_nabiullina"),
    ("俄罗斯财长西卢亚诺夫称预算赤字可控。", None, "person.anton_siluanov"),
    ("英国央行副行长隆巴德利发表讲话。", None, "person.clare_lombardelli"),
]

# (sentence, locale, surface, the person it must be, or None: not linked)
CONTEXT = [
    # bare surnames of officials: linked beside their post, else not
    ("费城联储主席哈克表示应暂缓降息。", None, "哈克", "person.patrick_harker"),
    ("联合国秘书长副发言人哈克表示关切。", None, "哈克", None),
    ("美国司法部长邦迪表示将公开文件。", None, "邦迪", "person.pam_bondi"),
    ("悉尼邦迪海滩游客众多。", None, "邦迪", None),
    ("经合组织秘书长科尔曼表示全球增长放缓。", None, "科尔曼", "person.mathias_cormann"),
    ("白宫预算办公室主任沃特称政府停摆将延续。", None, "沃特", "person.russell_vought"),
    ("沃特股份午后涨停。", None, "沃特", None),
    ("英国央行首席经济学家皮尔称通胀仍高。", None, "皮尔", "person.huw_pill"),
    ("皮尔巴拉地区铁矿石发运量下降。", None, "皮尔", None),
    ("巴西财长哈达德称将削减开支。", None, "哈达德", "person.fernando_haddad"),
    ("武装组织指挥官哈达德遭到袭击。", None, "哈达德", None),
    ("美国农业部长罗林斯称大豆出口将恢复。", None, "罗林斯", "person.brooke_rollins"),
    ("芬兰央行行长雷恩表示欧洲央行可继续降息。", None, "雷恩", "person.olli_rehn"),
    ("工厂位于法国雷恩。", None, "雷恩", None),
    ("美国联邦住房金融局局长普尔特称房利美将上市。", None, "普尔特", "person.bill_pulte"),
    # full-name people whose bare surname dev news uses beside their post
    ("“大空头”伯里称已做空芯片股。", None, "伯里", "person.michael_burry"),
    ("机场位于豪尔赫纽伯里。", None, "伯里", None),
    ("参谋长联席会议主席凯恩向总统汇报方案。", None, "凯恩", "person.dan_caine"),
    ("凯恩股份午后涨停。", None, "凯恩", None),
    ("贝莱德固定收益首席投资官里德表示将降低科技股敞口。", None, "里德", "person.rick_rieder"),
    ("价值投资之父格雷厄姆的著作再版。", None, "格雷厄姆", None),
    ("盖茨基金会减持微软股份。", None, "盖茨", None),
    # common Chinese full names: only beside the post
    ("浙江省委书记王浩主持召开常委会。", None, "王浩", "person.wang_hao_zhejiang"),
    ("分析师王浩认为板块仍有空间。", None, "王浩", None),
    ("交通运输部部长刘伟主持召开部务会。", None, "刘伟", "person.liu_wei_transport"),
    ("公司法定代表人为刘伟。", None, "刘伟", None),
    ("市场监管总局局长罗文会见外宾。", None, "罗文", "person.luo_wen_samr"),
    ("歌手罗文的经典歌曲。", None, "罗文", None),
    ("河南省省长王凯到郑州调研。", None, "王凯", "person.wang_kai_henan"),
    ("演员王凯主演的新剧开播。", None, "王凯", None),
    ("金融监管总局副局长丛林出席会议。", None, "丛林", "person.cong_lin"),
    ("国际关系不能倒退回丛林法则。", None, "丛林", None),
    ("证监会副主席李超表示将深化并购重组改革。", None, "李超", "person.li_chao_csrc"),
    ("国家发展改革委新闻发言人李超介绍经济运行情况。", None, "李超", None),
    ("高瓴创始人张磊在论坛上发言。", None, "张磊", "person.zhang_lei_hillhouse"),
    ("公司法定代表人为张磊。", None, "张磊", None),
    ("优必选董事长周剑表示人形机器人订单增长。", None, "周剑", "person.zhou_jian_ubtech"),
    ("国家金融与发展实验室理事长李扬表示要发展资本市场。", None, "李扬", "person.li_yang_nifd"),
    ("海底捞控股股东张勇增持股份。", None, "张勇", None),
    ("阿里巴巴首席财务官徐宏表示将继续回购。", None, "徐宏", "person.toby_xu"),
    ("公司董事长徐宏提议回购股份。", None, "徐宏", None),
    ("理想汽车首席财务官李铁表示现金充裕。", None, "李铁", "person.tie_li"),
]


@pytest.mark.parametrize(("sentence", "locale", "expected"), LINKS)
def test_new_people_link(link, sentence: str, locale: str | None, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence, locale=locale) if m.type == "person"]


@pytest.mark.parametrize(("sentence", "locale", "surface", "expected"), CONTEXT)
def test_the_post_decides_a_shared_name(link, sentence: str, locale: str | None, surface: str,
                                        expected: str | None) -> None:
    found = [m.entity_id for m in link(sentence, locale=locale) if m.surface == surface]
    assert found == ([expected] if expected else [])


def test_wrong_chinese_names_are_gone(glossary: CompiledGlossary) -> None:
    """Margaret Fong is 方舜文 and JD's CFO 单甦: the names entered before (刘会平, 单甬) were someone else's."""
    names = {e.id: {e.zh, *e.aliases_zh} for e in glossary.entries.values() if e.type == "person"}
    assert "方舜文" in names["person.margaret_fong"] and "刘会平" not in names["person.margaret_fong"]
    assert "单甦" in names["person.ian_su_shan"] and "单甬" not in names["person.ian_su_shan"]


def test_new_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    new = [e for e in glossary.entries.values() if Path(e.where.rsplit(":", 1)[0]).name in NEW_FILES]
    assert len(new) >= 80
    assert all(e.type == "person" and e.role and e.country for e in new)
