"""Big unlisted companies as entities (issue 16, item 4): China's unlisted private companies, unicorns and
state-owned parent groups, and large unlisted companies abroad, link in sentences written here; a parent group
never takes its listed unit's short name (中石油 stays PetroChina), and everyday uses of short names stay words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GLOSSARIES
from tests.yaml_files import yaml_entries

FILES = [GLOSSARIES / "companies" / "unlisted_cn.yaml", GLOSSARIES / "companies" / "unlisted_world.yaml"]

# (sentence written for this test, entities it must link, in order)
LINKS = [
    ("小红书平台上的笔记数量增长。", ["company.xiaohongshu"]),
    ("胖东来门店客流增加。", ["company.pang_dong_lai"]),
    ("蓝箭航天朱雀三号完成发射。", ["company.landspace"]),
    ("宇树科技与智元机器人均发布人形机器人。", ["org.unitree", "company.agibot"]),
    ("喜茶与元气森林开设新店。", ["company.heytea", "company.genki_forest"]),
    ("米哈游新游戏上线首日登顶畅销榜。", ["company.mihoyo"]),
    ("追觅科技发布新款扫地机器人。", ["company.dreame"]),
    ("微众银行与网商银行公布年报。", ["company.webank", "company.mybank"]),
    ("超聚变启动上市辅导。", ["company.xfusion"]),
    ("燧原科技完成新一轮融资。", ["company.enflame"]),
    ("比特大陆发布新款矿机。", ["company.bitmain"]),
    ("滴滴出行发布季度业绩。", ["company.didi"]),
    ("国家电投与中核集团合作建设核电项目。", ["company.spic", "company.cnnc"]),
    ("国家能源集团发布年度社会责任报告。", ["company.chn_energy"]),
    ("中投公司发布年度报告。", ["company.cic"]),
    ("中国南方电网加大电网投资。", ["company.csg"]),
    ("国铁集团发布暑运客流数据。", ["company.china_state_railway"]),
    ("城堡证券称美联储应加息。", ["company.citadel_securities", "org.fed"]),
    ("简街资本在印度市场的交易引发关注。", ["company.jane_street"]),
    ("德勤发布新股市场报告，普华永道和毕马威跟进。", ["company.deloitte", "company.pwc", "company.kpmg"]),
    ("嘉吉公司计划出售金属业务。", ["company.cargill"]),
    ("博世与采埃孚均宣布裁员计划。", ["company.bosch", "company.zf"]),
    ("Scale AI估值上升。", ["company.scale_ai"]),
    ("Anysphere完成新一轮融资。", ["company.anysphere"]),
    ("沙特公共投资基金增持美股。", ["company.pif"]),
    ("国开行与农发行发放专项贷款。", ["company.cdb", "company.adbc"]),
    ("火山引擎发布新版大模型。", ["company.volcano_engine"]),
    ("屈臣氏计划在伦敦和香港双重上市。", ["company.as_watson"]),
    ("蓝色起源完成新一次发射。", ["company.blue_origin"]),
    ("品浩首席投资官警告信用风险上升。", ["company.pimco"]),
]

# A parent group beside its listed unit: each name keeps its own entity.
PARENT_AND_LISTED = [
    ("中石油集团与中国石油股价齐涨。", ["company.cnpc", "cn.601857"]),
    ("中国石化集团向中国石化注入资产。", ["company.sinopec_group", "cn.600028"]),
    ("中海油集团旗下中国海油公布产量。", ["company.cnooc_group", "cn.600938"]),
    ("中国移动通信集团与中国移动签署协议。", ["company.cmcc_group", "cn.600941"]),
    ("中国船舶集团旗下中国船舶股价上涨。", ["company.cssc_group", "cn.600150"]),
    ("中国稀土集团与中国稀土同日发布公告。", ["company.rare_earth_group", "cn.000831"]),
    ("华润集团旗下华润三九发布公告。", ["company.cr_group", "cn.000999"]),
    ("吉利控股集团旗下吉利汽车销量增长。", ["company.geely_holding", "hk.0175"]),
    ("三一集团旗下三一重工业绩增长。", ["company.sany_group", "cn.600031"]),
    ("北大荒集团与北大荒签署协议。", ["company.beidahuang_group", "cn.600598"]),
]

# Everyday uses of a short name that must stay words.
NOT_LINKED = [
    ("手机发出滴滴两声提示音。", "滴滴"),
    ("水龙头滴滴答答地响了一夜。", "滴滴"),
    ("他为国家赢得了荣耀。", "荣耀"),
    ("在广阔的东方空间里，星光闪烁。", "东方空间"),
    ("这是一个有名的三阶幻方。", "幻方"),
    ("游客在维多利亚港拍照。", "维多"),
    ("提醒大家保险理赔要及时。", "大家保险"),
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS + PARENT_AND_LISTED)
def test_unlisted_companies_link(link, sentence: str, expected: list[str]) -> None:
    assert [m.entity_id for m in link(sentence) if m.type in ("company", "org")] == expected


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_everyday_words_stay_unlinked(link, sentence: str, surface: str) -> None:
    assert surface not in [m.surface for m in link(sentence)]


def test_short_name_links_with_company_context(link) -> None:
    assert [m.entity_id for m in link("滴滴宣布下调抽成比例。")] == ["company.didi"]


def test_traditional_forms_link(link) -> None:
    assert [m.entity_id for m in link("小紅書用戶增長，宜家關閉門市。", "hant")] == \
        ["company.xiaohongshu", "company.ikea"]
    assert [m.entity_id for m in link("波士頓顧問公司發布報告。", "hant")] == ["company.bcg"]


def _entries(path: Path) -> tuple[dict, ...]:
    return yaml_entries(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_entries_are_unlisted_companies(path: Path) -> None:
    """No ticker (a listing belongs to the listing's entry), type company, and a country where one is clear."""
    entries = _entries(path)
    assert entries
    for entry in entries:
        assert entry["type"] == "company" and entry["id"].startswith("company.")
        assert "ticker" not in entry and "tickers" not in entry
    without_country = {e["id"] for e in entries if "country" not in e}
    assert without_country <= {"company.binance", "company.tether"}
