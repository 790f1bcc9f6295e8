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
    # 长城 (Great Wall) needs context; listed with another company it is one too, alone it is not. (No market
    # word in the sentence: 下挫 is one, learned from data, context_words.tsv.)
    assert _linked(glossary, normalizer, "比亚迪、长城均在名单中") == [("比亚迪", "cn.002594"), ("长城", "cn.002071")]
    assert _linked(glossary, normalizer, "长城均在名单中") == []


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

    (tmp_path / "x.yaml").write_text(TINY.replace("zh_hant:", "zh_sg:"), encoding="utf-8")
    with pytest.raises(GlossaryError, match="zh_sg"):
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


# Issue 7, second round: each class of false positive left in the judged sample, with sentences written for
# these tests (not news text). (text, script, entity that must not link)
@pytest.mark.parametrize(("text", "script", "wrong"), [
    # A listing's two-character short name read in the other market's script.
    ("新华社记者今日报道", "hans", "tw.5481"),
    ("北汽、恒大、蔚来均有新车", "hans", "tw.1325"),
    ("长虹能源公告年报", "hans", "tw.5534"),
    ("鴻海旗下安泰電業出售土地", "hant", "cn.600408"),
    # A bare everyday word as a listing's short name.
    ("生物医药板块涨幅居前", "hans", "cn.000504"),
    ("老百姓关心的股价", "hans", "cn.603883"),
    # Listing-file Latin and numeric names in Chinese text; a Latin name glued to a product code.
    ("出口104亿美元", "hans", "tw.3130"),
    ("他在AI Ascent大会发言", "hant", "tw.1439"),
    ("新藥OBI-822試驗結果出爐", "hant", "tw.4174"),  # the product code is not the company (浩鼎 is)
    ("终端客户ATI下单", "hans", "us.ATI"),
    # A public body after a place is a local office or another country's body.
    ("广州市发改委发布通知", "hans", "org.ndrc"),
    ("省发改委召开会议", "hans", "org.ndrc"),
    ("巴西央行宣布加息", "hans", "org.pboc"),
    # A listed name inside a longer name.
    ("中国黄金国际股价涨5%", "hans", "cn.600916"),
    ("中国移动通信联合会发布报告", "hans", "cn.600941"),
    ("运动员约翰·鲍姆加特纳表示", "hans", "us.IT"),
    ("这是未来发展趋势", "hans", "hk.1259"),
    ("公司结合未来发展战略", "hans", "hk.1259"),
    ("兼任南京新城发展股份有限公司董事", "hans", "hk.1030"),
    ('广东蒙娜丽莎建陶有限公司("蒙娜丽莎建陶")获得证书', "hans", "cn.002918"),
])
def test_second_round_false_positive_classes(glossary, normalizer, text: str, script: str, wrong: str) -> None:
    assert wrong not in {i for _, i in _linked(glossary, normalizer, text, script)}


# The same names where they do name the entity: the rules above must not cost these.
@pytest.mark.parametrize(("text", "script", "expected"), [
    ("長虹營收創新高", "hant", "tw.5534"),
    ("老百姓(603883)涨停", "hans", "cn.603883"),
    ("Meta股价大涨", "hans", "us.META"),
    ("英国央行维持利率不变", "hans", "org.boe_uk"),
    ("巴西央行宣布加息", "hans", "org.bcb_brazil"),
    ("国家发改委发布通知", "hans", "org.ndrc"),
    ("发改委发布通知", "hans", "org.ndrc"),
    ("宁波高瓴减持股份", "hans", "org.hillhouse"),
    ("中国黄金股价涨5%", "hans", "cn.600916"),
    ("新城发展公布业绩", "hans", "hk.1030"),
    ("蒙娜丽莎公告年报", "hans", "cn.002918"),
    ("中国移动发布财报", "hans", "cn.600941"),
    ("可口可乐公司的饮料销量", "hans", "us.KO"),
])
def test_second_round_rules_keep_real_mentions(glossary, normalizer, text: str, script: str, expected: str) -> None:
    assert expected in {i for _, i in _linked(glossary, normalizer, text, script)}


def test_public_body_rule_reads_places_from_jieba() -> None:
    from pipeline.glossary.compiled import after_place, inside_person_name

    assert after_place("北京银保监局", 2) and after_place("市发改委", 1)
    assert not after_place("中国央行", 2) and not after_place("，央行", 1)
    assert inside_person_name("尼克·鲍姆加特纳", 5) and not inside_person_name("尼克·鲍姆加特纳", 3)


@pytest.mark.parametrize(("name", "phrase"), [("未来发展", True), ("东风科技", True), ("中国黄金", False),
                                              ("联合健康集团", False), ("居然智家", False)])
def test_phrase_names(name: str, phrase: bool) -> None:
    from pipeline.glossary.commonness import is_phrase

    assert is_phrase(name) is phrase
