"""A company's short name + a business word is its unit, over the whole name (issue 16, round 5, category 1;
pipeline/glossary/subsidiary.py). Sentences written for this test."""

from __future__ import annotations

import pytest

from pipeline.glossary.schema import Entry
from pipeline.glossary.subsidiary import unit_english, unit_entry

# (sentence, the company mentions it must make: surface → entity id)
UNITS = [
    ("赣锋国际与合作方签署锂矿包销协议。", {"赣锋国际": "cn.002460~国际"}),
    ("广汽资本宣布完成对一家芯片企业的投资。", {"广汽资本": "cn.601238~资本"}),
    ("摩根大通期货董事长接受采访。", {"摩根大通期货": "us.JPM~期货"}),
    ("独家保荐人为中信证券国际。", {"中信证券国际": "cn.600030~国际"}),
    ("摩根大通资产管理的策略师表示看好亚洲股票。", {"摩根大通资产管理": "us.JPM~资产管理"}),
    # the parent's own business: the parent, over the whole name
    ("汇丰银行上调某芯片公司目标价。", {"汇丰银行": "hk.0005"}),
    ("瑞穗银行维持买入评级。", {"瑞穗银行": "jp.8411"}),
    # an entry of its own wins as the longer name
    ("太保资产发布中期策略。", {"太保资产": "company.cpic_am"}),
]

# (sentence, the parent's mention that must stay as it is)
PARENTS = [
    ("某集团拟拿下达安基因控股权。", "达安基因"),
    ("高盛资产配置团队认为美股仍有上涨空间。", "高盛"),
    ("京东国际领先的供应链能力受到认可。", "京东"),
    ("中际旭创证券事务负责人回应订单传闻。", "中际旭创"),
    ("特斯拉中国宣布降价。", "特斯拉"),
    ("英伟达向一家芯片公司投资20亿美元。", "英伟达"),
    ("比亚迪国际化战略加速推进。", "比亚迪"),
]


@pytest.mark.parametrize(("sentence", "expected"), UNITS)
def test_unit_spans_the_whole_name(link, sentence: str, expected: dict[str, str]) -> None:
    found = {m.surface: m.entity_id for m in link(sentence) if m.type == "company"}
    assert found == expected


@pytest.mark.parametrize(("sentence", "surface"), PARENTS)
def test_other_words_leave_the_parent(link, sentence: str, surface: str) -> None:
    assert surface in [m.surface for m in link(sentence) if m.type == "company"]


def test_unit_is_an_unlisted_company_and_the_glossary_stays_as_compiled(link, glossary) -> None:
    size = len(glossary)
    unit = next(m for m in link("赣锋国际公布年度业绩。") if m.surface == "赣锋国际")
    assert (unit.type, unit.ticker) == ("company", None)
    # The compiled glossary is shared by every run of the process: its entries, and the size signatures read, stay.
    assert unit.entity_id not in glossary.entries and len(glossary) == size
    parent_id, word = unit.entity_id.split("~")
    entry = unit_entry(glossary.entries[parent_id], word)
    assert entry.en == unit.canonical
    assert "Ganfeng International" in entry.aliases_en


def test_unit_english_drops_the_legal_form_and_group() -> None:
    parent = Entry(id="x", type="company", zh="示例", en="Example Lithium Group", aliases_en=["EXL"],
                   legal_en="Example Lithium Group Co., Ltd.")
    assert unit_english(parent, "国际") == ["Example Lithium International", "Example International",
                                          "EXL International"]
