"""Media short names of listed companies and big unlisted brands (issue 16, round 5, categories 2 and 3):
glossaries/companies/media_short_names_round5.yaml, the learned pipeline/glossary/data/media_short_names.tsv and
glossaries/companies/unlisted_cn_round5.yaml. Sentences written for this test."""

from __future__ import annotations

import pytest

from pipeline.glossary.sources.media_names import DATA, read

LINKS = [
    ("石药涨超5%，复星股价下跌。", ["hk.1093", "hk.0656"]),
    ("老白干涨停。", ["cn.600559"]),
    ("晶科发布公告称一季度组件出货量增长。", ["cn.688223"]),
    ("公牛发布业绩预告。", ["cn.603195"]),
    ("温氏回应称生猪出栏量稳定。", ["cn.300498"]),
    ("极兔速递公布包裹量。", ["hk.1519"]),
    ("牧原公告称出栏量增长。", ["cn.002714"]),  # learned from dev news
    ("罗马仕召回充电宝。", ["company.romoss"]),
    ("凡客创始人回应。", ["company.vancl"]),
    ("哪吒汽车的欠薪风波持续发酵。", ["company.hozon"]),
    ("郎酒与剑南春均上调出厂价。", ["company.langjiu", "company.jiannanchun"]),
    ("世贸裁定美国关税违规。", ["org.wto"]),
    ("菜鸟发布全球物流新服务。", ["org.cainiao"]),
    ("智元与宇树公布人形机器人出货数据。", ["company.agibot", "org.unitree"]),
]

UNLINKED = [
    ("金风送爽，秋意渐浓。", "金风"),
    ("双方在经贸、投资和创科等多个领域合作。", "创科"),
    ("他是一头公牛。", "公牛"),
    ("保利剧院今晚有演出。", "保利"),
    ("他在世贸中心工作。", "世贸"),
    ("一加一等于二。", "一加"),
    ("他在股市里还是个菜鸟。", "菜鸟"),
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_short_names_link(link, sentence: str, expected: list[str]) -> None:
    assert [m.entity_id for m in link(sentence) if m.type in ("company", "org")] == expected


@pytest.mark.parametrize(("sentence", "surface"), UNLINKED)
def test_everyday_uses_stay_words(link, sentence: str, surface: str) -> None:
    assert surface not in [m.surface for m in link(sentence) if m.type in ("company", "org")]


def test_learned_names_need_context(glossary) -> None:
    learned = read(DATA)
    assert learned.get("牧原") == "cn.002714"
    entry = glossary.entries["cn.002714"]
    assert "牧原" in entry.aliases_zh and "牧原" in entry.context_names
