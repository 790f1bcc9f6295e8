"""Unlisted companies and financial institutions, round 4 (issue 16): mainland fund managers by the short forms news
uses, unlisted brokers, insurers' subsidiaries, bank wealth and Hong Kong subsidiaries, listed financial groups by
their news names, private firms, news agencies, Hong Kong institutions and state funds link in sentences written
here; a fund manager named inside a fund's name (易方达供给改革, 沪深300ETF华泰柏瑞) is the fund's, not the company;
a subsidiary and its listed parent keep their own entities; everyday words stay words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GLOSSARIES
from tests.yaml_files import yaml_entries

KINDS = ("company", "org")

# (sentence written for this test, entities it must link, in order)
LINKS = [
    ("易方达基金发布公告称旗下产品暂停申购。", ["company.e_fund"]),
    ("汇添富旗下多只产品获批。", ["company.china_universal_am"]),
    ("易方达宣布基金经理变更。", ["company.e_fund"]),
    ("华夏基金与南方基金规模居前。", ["company.chinaamc", "company.china_southern_am"]),
    ("景顺长城基金公告称，刘彦春卸任。", ["company.invesco_great_wall"]),
    ("工银瑞信、交银施罗德均发布公告。", ["company.icbc_cs_am", "company.bocom_schroder"]),
    ("南方东英旗下杠杆产品公告调整。", ["company.csop"]),
    ("德邦证券与华福证券发布研报。", ["company.tebon_securities", "company.huafu_securities"]),
    ("银河证券首席经济学家表示，降息可期。", ["cn.601881"]),
    ("申万宏源证券发布研报称，降息可期。", ["cn.000166"]),
    ("国投证券原名安信证券。", ["company.sdic_securities", "company.sdic_securities"]),
    ("平安人寿再度举牌银行股。", ["company.ping_an_life"]),
    ("新华人寿举牌一家上市公司。", ["cn.601336"]),
    ("人保寿险与太平人寿公布保费收入。", ["company.picc_life", "company.taiping_life"]),
    ("人保财险发布半年报。", ["hk.2328"]),
    ("招银理财与工银理财发行新产品。", ["company.cmb_wm", "company.icbc_wm"]),
    ("星展香港宣布下调存款利率。", ["company.dbs_hk"]),
    ("招银国际获委任为保荐人。", ["company.cmbi"]),
    ("中国华融已更名为中信金融资产。", ["hk.2799", "hk.2799"]),
    ("中国信达与中国银河资产签署协议。", ["hk.1359", "company.galaxy_amc"]),
    ("大润发关闭多家门店。", ["hk.6808"]),
    ("长鑫科技科创板IPO获受理。", ["org.cxmt"]),
    ("安世半导体对华出口恢复。", ["company.nexperia"]),
    ("安世中国发布声明。", ["company.nexperia_china"]),
    ("TikTok美国合资公司正式成立。", ["company.tiktok"]),
    ("据彭博社报道，该公司考虑在香港上市。", ["company.bloomberg"]),
    ("路透社援引知情人士的话报道。", ["company.reuters"]),
    ("香港赛马会公布年度投注额。", ["company.hkjc"]),
    ("中原地产研究部指出，楼价回升。", ["company.centaline"]),
    ("国家大基金三期与大基金二期均有减持。", ["org.big_fund", "org.big_fund"]),
    ("中央汇金公司表示将继续增持。", ["org.central_huijin"]),
    ("国调基金参与此次定增。", ["org.soe_restructuring_fund"]),
    ("挪威财富基金上半年录得盈利。", ["org.nbim"]),
    ("科威特投资局增持港股。", ["company.kia_kuwait"]),
    ("方舟投资买入特斯拉股票。", ["company.ark_invest", "us.TSLA"]),
    ("高毅资产与景林资产均有调仓。", ["company.gaoyi", "company.greenwoods"]),
    ("立信会计师事务所被立案调查。", ["company.bdo_china"]),
    ("中诚信国际维持其评级。", ["company.ccxi"]),
    ("万达集团旗下万达商管出售资产。", ["company.wanda_group", "company.wanda_commercial"]),
    ("万达宣布出售资产。", ["company.wanda_group"]),
    ("九巴与城巴宣布调整票价。", ["company.kmb", "company.citybus"]),
    ("恒生指数公司公布季度检讨结果。", ["org.hsil"]),
    ("西贝回应预制菜争议。", ["company.xibei"]),
    ("马会公布投注额。", ["company.hkjc"]),
]

# A subsidiary beside its listed parent: each keeps its own entity.
PARENT_AND_LISTED = [
    ("平安人寿是中国平安的子公司。", ["company.ping_an_life", "cn.601318"]),
    ("太保寿险与中国太保同日披露数据。", ["company.cpic_life", "cn.601601"]),
    ("中国人寿资产管理受托管理中国人寿的资产。", ["company.china_life_am", "cn.601628"]),
]

# A manager named inside a fund's name, and everyday words: the name must stay unlinked.
NOT_LINKED = [
    ("易方达供给改革年内收益领先。", "易方达"),
    ("沪深300ETF华泰柏瑞资金净流入居前。", "华泰柏瑞"),
    ("科创芯片ETF汇添富成交活跃。", "汇添富"),
    ("华泰柏瑞沪深300ETF规模增长。", "华泰柏瑞"),
    ("原油LOF易方达收盘涨停。", "易方达"),
    ("代表们一致同意该方案。", "致同"),
    ("双方在罗马会谈后发表声明。", "马会"),
    ("要补全做大基金矩阵，吸引长期资本。", "大基金"),
    ("天弘全球高端制造混合(QDII)A收益居前。", "天弘"),
    ("景顺长城全球半导体芯片产业股票型证券投资基金临时停牌。", "景顺长城"),
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS + PARENT_AND_LISTED)
def test_links(link, sentence: str, expected: list[str]) -> None:
    assert [m.entity_id for m in link(sentence) if m.type in KINDS] == expected


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_stays_unlinked(link, sentence: str, surface: str) -> None:
    assert not [m for m in link(sentence) if surface in m.surface and m.type in KINDS]


def test_traditional_forms_link(link) -> None:
    assert [m.entity_id for m in link("易方達基金與匯添富基金公布業績。", "hant")] == \
        ["company.e_fund", "company.china_universal_am"]
    assert [m.entity_id for m in link("中原地產指樓價回穩。", "hant")] == ["company.centaline"]


def test_new_unlisted_entries_carry_a_country() -> None:
    """Every entry of the unlisted files is a company without a ticker; a listed parent is a note, not a ticker."""
    for name in ("unlisted_cn.yaml", "unlisted_world.yaml"):
        for entry in yaml_entries(GLOSSARIES / "companies" / name):
            assert entry["type"] == "company" and "ticker" not in entry, entry["id"]


def test_listed_overrides_keep_their_listings() -> None:
    """The listed groups' news names are overrides by id: each keeps the listing's ticker."""
    path: Path = GLOSSARIES / "companies" / "financials_listed_names.yaml"
    for entry in yaml_entries(path):
        code = entry["id"].split(".", 1)[1]
        assert entry["ticker"].split(".")[0] == code, entry["id"]
