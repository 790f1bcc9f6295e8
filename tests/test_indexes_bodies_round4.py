"""Issue 16 round 4: market indexes as a complete category (glossaries/indexes.yaml: the world's main equity
indexes, the mainland's and Hong Kong's broad indexes, MSCI's, the dollar and bond indexes, in mainland, Hong Kong
and Taiwan names), national governments by rule (bodies/governments.yaml: country + 政府 for every country of the
country-context table), the world's exchanges (bodies/world_exchanges.yaml) and Hong Kong's bodies of finance
(bodies/hong_kong_finance.yaml). Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.country import COUNTRY_WORDS
from pipeline.records import Document
from pipeline.text.locale import CN, HK, TW
from stages.link import LinkStage

# (sentence, document locale, Chinese name after normalizing, the entity it must link to)
LINKS = [
    # Korea and Japan, as mainland, Hong Kong and Taiwan media write them
    ("首尔综合指数收涨1.2%。", CN, "首尔综合指数", "index.kospi"),
    ("韩综指午后跌幅扩大。", CN, "韩综指", "index.kospi"),
    ("韩国综指创历史新高。", CN, "韩国综指", "index.kospi"),
    ("南韓KOSPI指數收高。", TW, "KOSPI指数", "index.kospi"),  # the country outside the span (firms8)
    ("日经225收跌0.8%。", CN, "日经225", "index.nikkei225"),
    ("日經平均指數收市升1%。", HK, "日经平均指数", "index.nikkei225"),
    ("东证股价指数小幅上涨。", CN, "东证股价指数", "index.topix"),
    ("韩国KOSDAQ指数下跌。", CN, "韩国KOSDAQ指数", "index.kosdaq"),
    # Taiwan, India, South-East Asia, the Americas, the Middle East
    ("台股加權股價指數終場上漲。", TW, "台股加权股价指数", "index.taiex"),
    ("印度孟买SENSEX指数跌1%。", CN, "印度孟买SENSEX指数", "index.sensex"),
    ("印度Nifty 50指数创新高。", CN, "印度Nifty 50指数", "index.nifty50"),
    ("雅加达综合指数连续下挫。", CN, "雅加达综合指数", "index.jci"),
    ("越南胡志明指数收涨。", CN, "胡志明指数", "index.vn_index"),
    ("新加坡海峡时报指数微跌。", CN, "新加坡海峡时报指数", "index.sti"),
    ("澳洲标普200指数收高。", CN, "澳洲标普200指数", "index.asx200"),
    ("巴西IBOVESPA指数上涨。", CN, "巴西IBOVESPA指数", "index.ibovespa"),
    ("加拿大多伦多综合指数下跌。", CN, "加拿大多伦多综合指数", "index.tsx"),
    ("沙特TASI指数走低。", CN, "沙特TASI指数", "index.tasi"),
    # Europe
    ("斯托克600指数收跌。", CN, "斯托克600指数", "index.stoxx600"),
    ("泛歐斯托克600指數收低。", TW, "泛欧斯托克600指数", "index.stoxx600"),
    ("富时100收涨0.3%。", CN, "富时100", "index.ftse100"),
    ("德国DAX收涨。", CN, "德国DAX", "index.dax"),
    ("法国CAC40收跌。", CN, "法国CAC40", "index.cac40"),
    ("富时意大利MIB指数涨1%。", CN, "富时意大利MIB指数", "index.ftse_mib"),
    ("西班牙IBEX35指数下跌。", CN, "西班牙IBEX35指数", "index.ibex35"),
    # United States
    ("道琼斯工业指数收涨。", CN, "道琼斯工业指数", "index.djia"),
    ("道瓊工業指數上漲。", TW, "道琼工业指数", "index.djia"),
    ("那斯達克指數下跌。", TW, "那斯达克指数", "index.nasdaq_composite"),
    ("纳斯达克综指收涨。", CN, "纳斯达克综指", "index.nasdaq_composite"),
    ("纳指100期货上涨。", CN, "纳指100", "index.nasdaq100"),
    ("费城芯片指数大涨。", CN, "费城芯片指数", "index.sox"),
    ("標指收市升0.5%。", HK, "标指", "index.sp500"),
    ("标准普尔500收高。", CN, "标准普尔500", "index.sp500"),
    ("罗素2000小盘股指数上涨。", CN, "罗素2000小盘股指数", "index.russell2000"),
    ("华尔街恐慌指数飙升。", CN, "华尔街恐慌指数", "index.vix"),
    ("美元指数跌0.3%。", CN, "美元指数", "index.dxy"),
    ("美匯指數回落。", HK, "美汇指数", "index.dxy"),
    ("纳斯达克中国金龙指数收涨2%。", CN, "纳斯达克中国金龙指数", "index.nasdaq_golden_dragon"),
    ("金龙指数成分股普涨。", CN, "金龙指数", "index.nasdaq_golden_dragon"),
    ("道琼斯运输指数下跌。", CN, "道琼斯运输指数", "index.dj_transport"),
    # the mainland
    ("北证50涨超3%。", CN, "北证50", "index.bse50"),
    ("北证50指数收涨。", CN, "北证50指数", "index.bse50"),
    ("中证A500指数收涨。", CN, "中证A500指数", "index.csi_a500"),
    ("中证2000下跌。", CN, "中证2000", "index.csi2000"),
    ("国证2000指数走强。", CN, "国证2000指数", "index.cni2000"),
    ("万得全A成交额放大。", CN, "万得全A", "index.wind_all_a"),
    ("万得微盘股指数创新高。", CN, "万得微盘股指数", "index.wind_microcap"),
    ("科创综指下跌1%。", CN, "科创综指", "index.star_composite"),
    ("创业板50下跌。", CN, "创业板50", "index.chinext50"),
    ("双创50指数涨5%。", CN, "双创50指数", "index.csi_star_chinext50"),
    ("上证380指数上涨。", CN, "上证380指数", "index.sse380"),
    ("法國CAC指數收市升1%。", HK, "法国CAC指数", "index.cac40"),
    ("印度孟買敏感指數下跌。", HK, "孟买敏感指数", "index.sensex"),
    ("深证100收涨。", CN, "深证100", "index.szse100"),
    ("上证综合指数收涨。", CN, "上证综合指数", "index.sse_composite"),
    ("深圳成指下跌。", CN, "深圳成指", "index.szse_component"),
    ("富时中国A50指数期货上涨。", CN, "富时中国A50指数", "index.ftse_china_a50"),
    ("沪深300指数上涨1%，基金经理表示看好。", CN, "沪深300指数", "index.csi300"),  # a fund word later: still the index
    # Hong Kong
    ("恒科指数跌2%。", HK, "恒科指数", "index.hstech"),
    ("恒生科指收跌。", TW, "恒生科指", "index.hstech"),
    ("紅籌指數收市升0.5%。", HK, "红筹指数", "index.hscci"),
    ("恒生综合指数季检结果公布。", CN, "恒生综合指数", "index.hs_composite"),
    # MSCI and bond indexes
    ("MSCI新兴市场指数上涨。", CN, "MSCI新兴市场指数", "index.msci_em"),
    ("MSCI全球指数创新高。", CN, "MSCI全球指数", "index.msci_acwi"),
    ("MSCI亚太指数下跌。", CN, "MSCI亚太指数", "index.msci_apac"),
    ("中国国债纳入富时世界国债指数。", CN, "富时世界国债指数", "index.ftse_wgbi"),
    ("彭博巴克莱全球综合指数纳入人民币债券。", CN, "彭博巴克莱全球综合指数", "index.bloomberg_global_agg"),
    # index providers: their name holds an index's, which is not the index
    ("标普道琼斯指数公司宣布调整。", CN, "标普道琼斯指数公司", "org.sp_dji"),
    ("恒生指数公司公布季检结果。", CN, "恒生指数公司", "org.hsil"),
    # national governments: country + 政府
    ("荷兰政府宣布接管该公司。", CN, "荷兰政府", "org.gov_nl"),
    ("印尼政府计划提高出口税。", CN, "印尼政府", "org.gov_id"),
    ("印度尼西亚政府发布声明。", CN, "印度尼西亚政府", "org.gov_id"),
    ("日本政府宣布经济刺激计划。", CN, "日本政府", "org.gov_jp"),
    ("南韓政府宣布新措施。", TW, "南韩政府", "org.gov_kr"),
    ("美国联邦政府停摆。", CN, "美国联邦政府", "org.gov_us"),
    ("港府宣布新一輪措施，香港政府稍後公布細節。", HK, "香港政府", "org.hksar_government"),
    ("澳门特区政府公布财政预算。", CN, "澳门特区政府", "org.macao_sar_government"),
    # exchanges of the world
    ("泰国证券交易所宣布新规。", CN, "泰国证券交易所", "org.set_thailand"),
    ("韩交所对该股发出投资警告。", CN, "韩交所", "org.krx"),
    ("韩国证券交易所暂停交易。", CN, "韩国证券交易所", "org.krx"),
    ("印度国家证券交易所延长交易时间。", CN, "印度国家证券交易所", "org.nse_india"),
    ("澳大利亚证券交易所发布公告。", CN, "澳大利亚证券交易所", "org.asx"),
    ("德意志交易所集团公布业绩。", CN, "德意志交易所集团", "org.deutsche_boerse"),
    ("泛欧交易所宣布收购。", CN, "泛欧交易所", "org.euronext"),
    ("伦敦证券交易所集团的数据显示。", CN, "伦敦证券交易所集团", "org.lseg"),
    ("沙特证券交易所上市首日大涨。", CN, "沙特证券交易所", "org.saudi_exchange"),
    ("多伦多证券交易所上市公司。", CN, "多伦多证券交易所", "org.tsx"),
    ("莫斯科交易所暂停美元交易。", CN, "莫斯科交易所", "org.moex"),
    ("芝加哥期权交易所推出新合约。", CN, "芝加哥期权交易所", "org.cboe"),
    # Hong Kong bodies of finance (bare names in Hong Kong news only)
    ("銀行公會宣布最優惠利率不變。", HK, "银行公会", "org.hkab"),
    ("香港銀行公會主席表示。", TW, "香港银行公会", "org.hkab"),
    ("期交所公布期貨成交量。", HK, "期交所", "org.hkfe"),
    ("期交所公布期貨成交量。", TW, "期交所", "org.taifex"),
    ("立法會財經事務委員會開會。", HK, "立法会", "org.legco_hk"),
    ("積金局公布強積金回報。", HK, "积金局", "org.hk_mpfa"),
    ("財務匯報局發布報告。", HK, "财务汇报局", "org.hk_afrc"),
    ("香港银行同业结算有限公司公布数据。", CN, "香港银行同业结算有限公司", "org.hkicl"),
    # national bodies news treats as finance actors
    ("社保基金一季度新进多只个股。", CN, "社保基金", "org.nssf"),
    ("全国社保基金理事会公布年报。", CN, "全国社保基金理事会", "org.nssf"),
    ("中共中央政治局常委会召开会议。", CN, "中共中央政治局常委会", "org.politburo"),
    ("中央外事工作委员会召开会议。", CN, "中央外事工作委员会", "org.cfac"),
]


def _found(glossary: CompiledGlossary, normalizer, text: str, locale: str) -> dict[str, str]:
    zh = normalizer(text)
    return {zh[m.start:m.end]: m.entry_id for m in glossary.find(zh, "zh", normalizer.script(text), locale)}


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_links(glossary: CompiledGlossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert _found(glossary, normalizer, text, locale).get(name) == entity


# (sentence, locale, an entity that must NOT be linked in it)
NOT_LINKED = [
    ("也门政府军与胡塞武装交火。", CN, "org.gov_ye"),  # government forces, not the government
    ("黎巴嫩政府军人员在空袭中死亡。", CN, "org.gov_lb"),
    ("哈马斯政治局主席表示。", CN, "org.politburo"),  # another party's political bureau
    ("中国政府网发布通知。", CN, "org.gov_cn"),  # the State Council's website
    ("广东省政府印发方案。", CN, "org.gov_cn"),  # a province's government is not entered
    ("挪威政府养老基金减持股票。", CN, "org.gov_no"),  # the fund, not the government
    ("标普道琼斯指数公司宣布调整。", CN, "index.djia"),  # the provider, not the Dow
    ("恒生指数公司公布季检结果。", CN, "index.hsi"),
    ("国泰中证全指通信设备ETF上涨。", CN, "index.csi_all_share"),  # a sub-index inside a fund's name
    ("罗素1000价值指数调整成分股。", CN, "index.russell1000"),  # a style sub-index
    ("中证红利低波动指数上涨。", CN, "index.csi_dividend"),
    ("欧美指数普遍上涨。", CN, "index.dxy"),  # 美指 is not a name
    ("A股收官！双创指数月跌幅超20%。", CN, "index.chinext"),  # 双创指数: STAR and ChiNext together
    ("小微盘股指数同样走强。", CN, "index.wind_microcap"),  # small- and micro-caps in general
    ("銀行公會發布新聞稿。", TW, "org.hkab"),  # Taiwan's bankers' association
    ("立法會通過法案。", TW, "org.legco_hk"),
    ("标普将该国评级上调。", CN, "index.sp500"),  # bare 标普 is the rating agency as often as the index
    ("淘汰赛将对阵A3/B3/C3小组的球队。", CN, "org.b3"),  # an exchange's short Latin name is no alias
    ("北交所(BSE)发布公告。", CN, "org.bse_india"),
    ("嘉实北证50成份指数ETF获批。", CN, "index.bse50"),  # an index inside a fund's name is the fund's
    ("富国中证A500指数增强基金发行。", CN, "index.csi_a500"),
]


@pytest.mark.parametrize(("text", "locale", "entity"), NOT_LINKED)
def test_not_linked(glossary: CompiledGlossary, normalizer, text: str, locale: str, entity: str) -> None:
    assert entity not in _found(glossary, normalizer, text, locale).values()


HOME_AND_BLOCS = {"EU", "HK", "TW"}  # the EU is no national government; Hong Kong's and Taiwan's are elsewhere


def test_every_country_of_the_country_table_has_its_government(glossary: CompiledGlossary, normalizer) -> None:
    """Country + 政府 links the government of that country for the first (country-name) word of every country
    of pipeline/glossary/country.py COUNTRY_WORDS: the two tables cannot drift apart."""
    missing = []
    for code, words in COUNTRY_WORDS.items():
        if code in HOME_AND_BLOCS:
            continue
        name = words[0] + "政府"
        entity = _found(glossary, normalizer, f"{name}发表声明。", CN).get(name)
        if entity is None or glossary.entries[entity].country != code:
            missing.append(name)
    assert missing == []


def test_new_files_are_public_bodies_or_indexes(glossary: CompiledGlossary) -> None:
    """Every entry of the new body files is an org with a country (the country context reads it); every index
    has English of its own."""
    files = ("governments.yaml", "world_exchanges.yaml", "hong_kong_finance.yaml")
    bodies = [e for e in glossary.entries.values() if e.where and any(f in e.where for f in files)
              and e.type != "term"]
    assert len(bodies) > 160
    assert all(e.type == "org" and e.country for e in bodies)
    indexes = [e for e in glossary.entries.values() if e.type == "index"]
    assert len(indexes) > 100
    assert all(e.en and e.en != e.zh for e in indexes)


# Bare 标普 in the link stage (pipeline/glossary/bare_index.py): (sentence, is it linked as the S&P 500)
BARE_SP = [
    ("美股收盘，道指涨0.5%，标普涨0.3%，纳指涨0.6%。", True),
    ("三大指数高开 标普与道指续创历史新高。", True),
    ("道指、标普、纳指均收涨。", True),
    ("标普期货盘中走高。", True),
    ("标普将该国主权评级上调至B。", False),  # the rating agency
    ("标普表示，该公司有能力履行承诺。", False),
    ("标普、穆迪均维持该公司评级。", False),  # a list of agencies, not of indexes
    ("周四，标普指数在一份新闻稿中表示。", False),  # the index provider speaking
]


@pytest.fixture(scope="module")
def link_body(normalize, segmenter, linker: LinkStage):
    def run(body: str) -> list[tuple[str, str]]:
        doc = Document(id="d", title="", body=body, meta={"source": "财联社"})
        doc = linker.process(segmenter.process(normalize.process([doc])))[0]
        return [(m.surface, m.entity_id) for seg in doc.segments for m in seg.entities]
    return run


@pytest.mark.parametrize(("body", "linked"), BARE_SP)
def test_bare_sp_is_the_index_only_where_it_moves_like_one(link_body, body: str, linked: bool) -> None:
    assert (("标普", "index.sp500") in link_body(body)) is linked
