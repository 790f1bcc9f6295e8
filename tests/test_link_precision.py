"""Linker precision on the false-positive classes of issue 7: word boundaries, longer organisation names,
commonness instead of name length, bare generic fund words, script-specific aliases, truncated names and
legal names of other companies. Phrases are short constructed examples, not news text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary, load_glossary
from pipeline.glossary.commonness import commonness, genericness, is_word_at, needs_context
from pipeline.glossary.compiled import CompiledGlossary as Compiled
from stages.normalize import TextNormalizer
from tests.conftest import shared_path


def _linked(glossary: CompiledGlossary, normalizer: TextNormalizer, text: str, script: str | None = None,
            lang: str = "zh") -> list[tuple[str, str]]:
    text = normalizer(text)
    return [(text[m.start:m.end], m.entry_id) for m in glossary.find(text, lang, script)]


def _ids(glossary: CompiledGlossary, normalizer: TextNormalizer, text: str, lang: str = "zh") -> set[str]:
    return {entry_id for _, entry_id in _linked(glossary, normalizer, text, lang=lang)}


@pytest.mark.parametrize(("text", "wrong"), [
    ("中国建筑科学研究院认证中心颁发证书", "cn.601668"),  # a research institute, not China State Construction
    ("，唯德康医疗仅实现收入3.74亿元", "us.DXCM"),  # another company, not Dexcom
    ("公司聚焦于长江三峡旅游产业", "cn.002627"),  # the Yangtze Three Gorges, not the listed 三峡旅游
    ("營收連兩月回升達3.29億元", "cn.002259"),  # 回升 + 达, not 升达
    ("軟銀連100億都差得遠了", "hk.0259"),  # 100亿 + 都, not 亿都 (Yeebo)
    ("获得产品认证的最高等级三星级认证", "kr.005930"),  # a three-star rating, not Samsung
    ("新光金年会今日举行", "cn.002147"),  # Taiwan's Shin Kong Financial, not the mainland 新光 abbreviation
    ("升达科低轨卫星元件出货", "cn.002259"),  # a Taiwan company whose name begins with the same pair
])
def test_names_inside_longer_words_do_not_link(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _ids(glossary, normalizer, text)


@pytest.mark.parametrize("text", ["入口網站趕搭AI浪潮", "全球掀起併購浪潮", "美股掀起拋售浪潮"])
def test_common_word_langchao_needs_company_context(glossary, normalizer, text: str) -> None:
    assert "cn.000977" not in _ids(glossary, normalizer, text)


@pytest.mark.parametrize("text", ["浪潮信息大涨", "浪潮(000977)股价涨停", "浪潮公告年度业绩"])
def test_langchao_links_as_the_company(glossary, normalizer, text: str) -> None:
    assert "cn.000977" in _ids(glossary, normalizer, text)


@pytest.mark.parametrize(("text", "entry_id"), [
    ("花旗表示降息将延后", "us.C"), ("高盛预计明年增长放缓", "us.GS"), ("摩根士丹利上调评级", "us.MS"),
])
def test_unambiguous_financial_names_need_no_context(glossary, normalizer, text: str, entry_id: str) -> None:
    assert entry_id in _ids(glossary, normalizer, text)


def test_commonness_not_length_decides_context() -> None:
    assert needs_context("浪潮") and needs_context("平安") and needs_context("长城")
    for name in ("花旗", "高盛", "野村", "摩根士丹利", "英特尔", "小米", "微软"):
        assert not needs_context(name), name
    assert commonness("浪潮") > commonness("野村")


def test_truncated_listing_name_matches_whole(glossary, normalizer) -> None:
    # The US list names Morgan Stanley 摩根士丹; the whole word must link, leaving no stray 利.
    assert _linked(glossary, normalizer, "摩根士丹利上调评级") == [("摩根士丹利", "us.MS")]


@pytest.mark.parametrize(("text", "expected"), [
    ("海立股份股东杭州富生控股有限公司减持", "cn.600619"),
    ("宁德时代拟收购江西锂业有限公司股权", "cn.300750"),
])
def test_listed_company_before_another_legal_name_links(glossary, normalizer, text: str, expected: str) -> None:
    assert expected in _ids(glossary, normalizer, text)


def test_subsidiary_legal_name_does_not_link_parent(glossary, normalizer) -> None:
    assert "cn.002594" not in _ids(glossary, normalizer, "南宁比亚迪新能源汽车综合测试场有限公司成立")


@pytest.mark.parametrize("text", [
    "拖欠佛山农村商业银行股份有限公司借款", "银行板块走强", "新能源车销量", "计算机行业景气", "证券基金公司股价大涨",
    "半导体行业", "富时中国A50指数期货涨1%",
])
def test_bare_generic_words_never_link_funds(glossary, normalizer, text: str) -> None:
    types = {glossary.entries[i].type for i in _ids(glossary, normalizer, text)}
    assert "fund" not in types, text


def test_fund_named_by_its_distinguishing_part_links(glossary, normalizer) -> None:
    assert "fund.159273" in _ids(glossary, normalizer, "云计算ETF汇添富(159273)大涨4.5%")


@pytest.mark.parametrize(("text", "wrong"), [
    ("the cloud computing ETF Huatai (159273) rose", "cn.600308"),  # Huatai is the fund's manager here
    ("AI Chip Market Dynamics", "fund.159813"),  # a heading, not the fund whose English name is 'Chip'
])
def test_english_generic_words_and_cited_codes(glossary, normalizer, text: str, wrong: str) -> None:
    assert wrong not in _ids(glossary, normalizer, text, lang="en")


def test_company_listed_next_to_another_links_without_market_words(glossary, normalizer) -> None:
    # 长城 (Great Wall) needs context; listed with another company it is one too, alone it is not.
    assert _linked(glossary, normalizer, "比亚迪、长城均下挫") == [("比亚迪", "cn.002594"), ("长城", "cn.002071")]
    assert _linked(glossary, normalizer, "长城均下挫") == []


def test_word_boundaries_from_jieba_dictionary() -> None:
    text = "营收连两月回升达3亿元"
    assert not is_word_at(text, text.index("升达"), text.index("升达") + 2)
    text = "中际旭创创新高"
    assert is_word_at(text, 0, 4)


def test_suggest_ranking_discounts_generic_words() -> None:
    for generic in ("上市公司", "有限", "交易所"):
        for name in ("赛美特", "华测检测", "摩尔线程"):
            assert genericness(generic) > 10 * max(genericness(name), 0.1), (generic, name)


TINY = """meta: {}
entries:
  - id: us.AMD
    type: company
    zh: 超威半导体
    en: AMD
    ticker: AMD
    aliases:
      zh_hant: [超微]
  - id: us.SMCI
    type: company
    zh: 超微电脑
    en: Super Micro Computer
    ticker: SMCI
    aliases:
      zh: [美超微]
      zh_hans: [超微]
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> CompiledGlossary:
    root = tmp_path_factory.mktemp("tiny")
    (root / "companies.yaml").write_text(TINY, encoding="utf-8")
    normalizer = TextNormalizer()
    return Compiled(load_glossary(root, normalizer), normalizer)


def test_script_specific_aliases(tiny: CompiledGlossary, normalizer) -> None:
    assert _linked(tiny, normalizer, "超微半導體股價大漲", "hant") == [("超微", "us.AMD")]
    assert _linked(tiny, normalizer, "超微电脑股价大涨", "hans") == [("超微电脑", "us.SMCI")]
    assert _linked(tiny, normalizer, "超微股价大涨", "hans") == [("超微", "us.SMCI")]
    assert _linked(tiny, normalizer, "美超微股價大漲", "hant") == [("美超微", "us.SMCI")]
    assert _linked(tiny, normalizer, "超微股价大涨", None) == []  # script unknown: neither


def test_unknown_alias_script_is_reported(tmp_path: Path) -> None:
    from pipeline.glossary import GlossaryError

    (tmp_path / "x.yaml").write_text(TINY.replace("zh_hant:", "zh_tw:"), encoding="utf-8")
    with pytest.raises(GlossaryError, match="zh_tw"):
        load_glossary(tmp_path)


def test_cnyes_langchao_never_links_as_wave(glossary, normalizer) -> None:
    folder = shared_path("data/news/zh-hant")
    wave = 0
    for path in sorted(folder.glob("cnyes_headlines_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                text = normalizer(row["標題"])
                wave += sum(1 for m in glossary.find(text, "zh", "hant")
                            if text[m.start:m.end] == "浪潮")
    assert wave == 0


def test_suggest_ranks_new_names_above_generic_words(glossary, normalizer) -> None:
    from pipeline.glossary.tools import suggest

    texts = ["上市公司公告，赛美特科技股份大涨"] * 2 + ["交易所称上市公司须披露"] * 3
    names = [s.name for s in suggest(texts, glossary, normalizer)]
    assert "赛美特" in names
    for generic in ("上市公司", "交易所"):
        if generic in names:
            assert names.index("赛美特") < names.index(generic), names


@pytest.mark.parametrize(("text", "entry_id"), [
    ("上证指数收涨0.4%", "index.sse_composite"), ("沪指收跌", "index.sse_composite"),
])
def test_index_names_are_not_bare_generic_words(glossary, normalizer, text: str, entry_id: str) -> None:
    assert entry_id in _ids(glossary, normalizer, text)
