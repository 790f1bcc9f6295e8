"""Issue 16 round 6: company coverage by whole categories (glossaries/companies/global_markets.yaml,
unlisted_round6.yaml, hk_sg_short_names_round6.yaml and names added in place): foreign index members with their
spin-offs as their own entities (the longest name wins), delisted and defaulted groups linked as themselves, big
unlisted companies and luxury houses, Hong Kong / Singapore short names and insurers' short names. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.text.locale import CN, HK, TW
from tests.linking_support import names_found

# (sentence as written, the document's locale, the Chinese name (normalized), the entity it must link to)
LINKS = [
    # spin-offs and shared prefixes: the longer name is its own company
    ("西门子能源第三财季订单创新高。", CN, "西门子能源", "de.ENR"),
    ("西门子医疗下调全年利润指引。", CN, "西门子医疗", "de.SHL"),
    ("戴姆勒卡车宣布在美国裁员。", CN, "戴姆勒卡车", "de.DTG"),
    ("保时捷控股计提减值。", CN, "保时捷控股", "de.PAH3"),
    ("保时捷第二季度在华交付量下滑。", CN, "保时捷", "de.P911"),
    ("费森尤斯医疗股价大涨。", CN, "费森尤斯医疗", "de.FME"),
    ("达索航空获得新的阵风战机订单。", CN, "达索航空", "fr.AM"),
    ("达索系统发布新版设计软件。", CN, "达索系统", "fr.DSY"),
    ("三星物产与三星重工同日公布业绩。", CN, "三星物产", "kr.028260"),
    ("三星物产与三星重工同日公布业绩。", CN, "三星重工", "kr.010140"),
    ("三星人寿增持三星电子股份。", CN, "三星人寿", "kr.032830"),
    ("LG显示第三季度扭亏。", CN, "LG显示", "kr.034220"),
    ("丰田通商将扩大非洲业务。", CN, "丰田通商", "jp.8015"),
    ("索尼金融集团在东京上市。", CN, "索尼金融集团", "jp.8729"),
    ("现代摩比斯计划回购股份。", CN, "现代摩比斯", "kr.012330"),
    # the big markets' index members
    ("慕尼黑再保险上调全年盈利目标。", CN, "慕尼黑再保险", "de.MUV2"),
    ("液化空气将在华新建工厂。", CN, "液化空气", "fr.AI"),
    ("嘉能可与英美资源集团的合并谈判重启。", CN, "嘉能可", "gb.GLEN"),
    ("嘉能可与英美资源集团的合并谈判重启。", CN, "英美资源集团", "gb.AAL"),
    ("澳洲联邦银行公布全年净利润。", CN, "澳洲联邦银行", "au.CBA"),
    ("莱纳斯稀土股价大涨。", CN, "莱纳斯稀土", "au.LYC"),
    ("安斯泰来与第一三共达成合作。", CN, "第一三共", "jp.4568"),
    ("东京电力将重启核电站。", CN, "东京电力", "jp.9501"),
    ("沃旭能源取消英国海上风电项目。", CN, "沃旭能源", "dk.ORSTED"),
    ("意大利联合信贷银行提高对德国商业银行的持股。", CN, "德国商业银行", "de.CBK"),
    ("意大利联合信贷银行提高对德国商业银行的持股。", CN, "意大利联合信贷银行", "it.UCG"),
    ("法国达能公布上半年销售额。", CN, "法国达能", "fr.BN"),
    ("达能上半年销售额增长。", CN, "达能", "fr.BN"),
    # Singapore listings by their Hong Kong and mainland names
    ("华侨银行与大华银行均录得净息差收窄。", CN, "华侨银行", "sg.O39"),
    ("华侨银行与大华银行均录得净息差收窄。", CN, "大华银行", "sg.U11"),
    ("星展第三季盈利创新高。", HK, "星展", "sg.D05"),
    ("新加坡电信出售部分资产。", CN, "新加坡电信", "sg.Z74"),
    ("丰益国际公布季度业绩。", CN, "丰益国际", "sg.F34"),
    ("怡和控股增持置地控股。", HK, "置地控股", "sg.H78"),
    ("仁恒置地在上海推出新盘。", CN, "仁恒置地", "sg.Z25"),
    # delisted and defaulted groups as themselves
    ("中国恒大清盘人起诉普华永道。", CN, "中国恒大", "company.evergrande"),
    ("恒大集团的境外债务重组失败。", CN, "恒大集团", "company.evergrande"),
    ("恒大清盘人出售资产。", CN, "恒大", "company.evergrande"),
    ("恒大清盤人出售資產。", HK, "恒大", "company.evergrande"),
    ("恒大汽车发布盈利预警。", CN, "恒大汽车", "hk.0708"),
    ("恒大地产被列为失信被执行人。", CN, "恒大地产", "company.hengda_real_estate"),
    ("瑞信股价周一暴跌。", CN, "瑞信", "company.credit_suisse"),
    ("瑞士信贷并入瑞银后裁员。", CN, "瑞士信贷", "company.credit_suisse"),
    ("东芝出售存储芯片业务。", CN, "东芝", "company.toshiba"),
    ("雷曼兄弟破产引发全球金融危机。", CN, "雷曼兄弟", "company.lehman_brothers"),
    ("包商银行破产清算。", CN, "包商银行", "company.baoshang_bank"),
    ("中植系旗下多家公司被立案。", CN, "中植系", "company.zhongzhi"),
    # big unlisted companies and brands
    ("极越汽车陷入停摆。", CN, "极越汽车", "company.jiyue"),
    ("腾势汽车公布月度销量。", CN, "腾势汽车", "company.denza"),
    ("引望智能完成增资。", CN, "引望智能", "company.yinwang"),
    ("埃安宣布降价。", CN, "埃安", "company.gac_aion"),
    ("生数科技完成新一轮融资。", CN, "生数科技", "company.shengshu"),
    ("兆芯发布新一代处理器。", CN, "兆芯", "company.zhaoxin"),
    ("路易威登在上海开设旗舰店。", CN, "路易威登", "company.louis_vuitton"),
    ("古驰母公司开云集团公布销售额。", CN, "古驰", "company.gucci"),
    ("卡地亚与梵克雅宝销售增长。", CN, "卡地亚", "company.cartier"),
    ("普拉达完成对范思哲的收购。", CN, "普拉达", "hk.1913"),
    ("普拉达完成对范思哲的收购。", CN, "范思哲", "company.versace"),
    ("华侨城集团入股新公司。", CN, "华侨城集团", "company.oct_group"),
    ("深铁集团向万科提供借款。", CN, "深铁集团", "company.shenzhen_metro"),
    ("北京国管增持多家上市公司。", CN, "北京国管", "company.bsam"),
    ("国盛集团发布公告。", CN, "国盛集团", "company.guosheng"),
    ("诚通集团受让部分股权。", CN, "诚通集团", "company.chengtong"),
    ("塔塔集团将在印度建芯片厂。", CN, "塔塔集团", "company.tata_sons"),
    # Hong Kong short names and insurers
    ("載通公布中期業績。", HK, "载通", "hk.0062"),
    ("富衛首日掛牌。", HK, "富卫", "hk.1828"),
    ("奈雪关闭部分门店。", CN, "奈雪", "hk.2150"),
    ("茶百道上半年营收下滑。", CN, "茶百道", "hk.2555"),
    ("和電香港宣布加價。", HK, "和电香港", "hk.0215"),
    ("新創建更名為周大福創建。", HK, "新创建", "hk.0659"),
    ("众安上半年保费收入增长。", CN, "众安", "hk.6060"),
    ("中再保险发布年报。", CN, "中再保险", "hk.1508"),
    ("平安股价午后走高。", CN, "平安", "cn.601318"),
    # food delivery and platforms
    ("淘宝闪购与饿了么合并运营。", CN, "淘宝闪购", "company.taobao_instant_commerce"),
    ("美团旗下Keeta进入巴西市场。", CN, "Keeta", "hk.3690"),
    ("Deliveroo被DoorDash收购后退市。", CN, "Deliveroo", "company.deliveroo"),
    ("Zomato与Swiggy的外卖订单增长。", CN, "Swiggy", "in.SWIGGY"),
    ("冬海集团旗下Shopee订单增长。", CN, "冬海集团", "us.SE"),
    ("酷澎发生数据泄露事件。", CN, "酷澎", "us.CPNG"),
    ("宏利股价上涨3%。", HK, "宏利", "ca.MFC"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_companies6_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert names_found(glossary, normalizer, text, locale).get(name) == entity


# The shorter parent's name must not be linked inside the spin-off's name.
NOT_THE_PARENT = [
    ("西门子能源股价大涨。", "西门子", "de.SIE"),
    ("戴姆勒卡车股价大涨。", "戴姆勒", "de.MBG"),
    ("三星重工股价大涨。", "三星", "kr.005930"),
    ("丰田通商股价大涨。", "丰田", "jp.7203"),
    ("索尼金融集团股价大涨。", "索尼", "jp.6758"),
]


@pytest.mark.parametrize(("text", "name", "entity"), NOT_THE_PARENT)
def test_companies6_spin_off_not_parent(glossary, normalizer, text: str, name: str, entity: str) -> None:
    found = names_found(glossary, normalizer, text, CN)
    assert found.get(name) != entity


# Everyday and other uses of the new short names link nothing (or not the company).
NO_LINK = [
    ("平安夜的商场人潮涌动。", CN, "平安"),
    ("祝大家一路平安。", CN, "平安"),
    ("这家米其林餐厅排队很长。", CN, "米其林"),
    ("该游戏角色升到LV5后解锁技能。", CN, "LV"),
    ("欧米茄代表最后一个希腊字母。", CN, "欧米茄"),
    ("航空公司开通多条新航线。", CN, "新航"),
    ("大者恒大的格局难以改变。", TW, "恒大"),
    ("短视频用户在抖音上观看直播。", CN, "抖音"),
    ("飞腾的火焰照亮夜空。", CN, "飞腾"),
    ("多国军舰驶入South China Sea海域。", CN, "Sea"),
    ("白宫NEC主任哈塞特表示将降息。", CN, "NEC"),
    ("该地区的皮尔巴拉铁矿石运输恢复。", CN, "皮尔巴拉"),
    ("法国电信大亨增持英国运营商。", CN, "法国电信"),
    ("工银瑞信印度市场基金暂停申购。", CN, "瑞信"),
    ("日本航空自卫队一架战机紧急降落。", CN, "日本航空"),
]


@pytest.mark.parametrize(("text", "locale", "name"), NO_LINK)
def test_companies6_no_link(glossary, normalizer, text: str, locale: str, name: str) -> None:
    assert name not in names_found(glossary, normalizer, text, locale)


def test_companies6_taiwan_keeps_its_hengda(glossary, normalizer) -> None:
    """In Taiwan documents 恒大 is the Taiwan listing (context only), never Evergrande."""
    found = names_found(glossary, normalizer, "恒大股價今日漲停。", TW)
    assert found.get("恒大") != "company.evergrande"
