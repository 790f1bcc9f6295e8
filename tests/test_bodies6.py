"""Issue 16, round 6: indexes written alone or by category, central state-owned enterprises, bare ministries in
Hong Kong news, and US tickers beside a stock's own words. Every sentence is written here."""

from __future__ import annotations

import pytest

from pipeline.glossary.bare_index import BARE_INDEXES, holds_bare_name
from pipeline.glossary.latin_tickers import acronyms
from pipeline.records import Document

# (sentence, surface, entity): a board moved like an index, category and strategy indexes by name
INDEXES = [
    ("午后创业板跌超2%，沪指微跌。", "创业板", "index.chinext"),
    ("创业板涨超3%，成交额放大。", "创业板", "index.chinext"),
    ("沪指、创业板双双翻红。", "创业板", "index.chinext"),
    ("深成指、创业板均跌超1%。", "创业板", "index.chinext"),
    ("科创板跌1.5%，半导体股走弱。", "科创板", "index.star50"),
    ("创业板午后拉升，券商股走强。", "创业板", "index.chinext"),
    ("创业板一度跌超2%。", "创业板", "index.chinext"),
    ("创业板指跌1%，深成指跌0.5%。", "创业板指", "index.chinext"),
    ("中证红利涨0.8%，银行股走强。", "中证红利", "index.csi_dividend"),
    ("微盘股指数跌超3%，小票普跌。", "微盘股指数", "index.wind_microcap"),
    ("红利指数年内上涨12%。", "红利指数", "index.sse_dividend"),
    ("恒生央企指数盘中涨1.2%。", "恒生央企指数", "index.hs_central_soe"),
    ("恒生央企午后走高。", "恒生央企", "index.hs_central_soe"),
    ("中证央企红利指数股息率较高。", "中证央企红利指数", "index.csi_central_soe_dividend"),
    ("红利低波指数近一年表现稳健。", "红利低波指数", "index.csi_dividend_low_vol"),
    ("券商指数午后拉升。", "券商指数", "index.csi_securities"),
    ("中证军工指数涨超2%。", "中证军工指数", "index.csi_military"),
    ("科创芯片指数再创新高。", "科创芯片指数", "index.star_chip"),
    ("国证芯片指数跌1%。", "国证芯片指数", "index.cni_chip"),
    ("恒生生物科技指数收涨4%。", "恒生生物科技指数", "index.hs_biotech"),
    ("恒生地产分类指数下跌。", "恒生地产分类指数", "index.hs_properties"),
    ("KBW银行指数收跌2%。", "KBW银行指数", "index.kbw_bank"),
]

# (sentence, surface): a board as a market segment, or the board's stocks and rules: no index
NOT_INDEXES = [
    ("该公司拟在创业板上市。", "创业板"),
    ("主板、创业板均实行注册制。", "创业板"),
    ("创业板涨跌幅限制为20%。", "创业板"),
    ("创业板上涨个股超过800家。", "创业板"),
    ("今日创业板涨停股有12只。", "创业板"),
    ("科创50、创业板相关ETF份额下降。", "创业板"),
    ("小微盘股指数跌超2%。", "微盘股指数"),
    ("创业板上市公司数量增加。", "创业板"),
    ("创业板改革启动。", "创业板"),
]


@pytest.mark.parametrize(("sentence", "surface", "entity"), INDEXES)
def test_indexes_link(link, sentence: str, surface: str, entity: str) -> None:
    assert (surface, entity) in {(m.surface, m.entity_id) for m in link(sentence, locale="cn")}


@pytest.mark.parametrize(("sentence", "surface"), NOT_INDEXES)
def test_boards_as_segments_are_no_index(link, sentence: str, surface: str) -> None:
    assert not [m for m in link(sentence, locale="cn") if m.type == "index" and surface in m.surface]


def test_the_stage_asks_the_bare_step_for_every_bare_name() -> None:
    assert all(holds_bare_name(f"今日{name}涨1%") for name in BARE_INDEXES)
    assert not holds_bare_name("沪指涨1%，板块轮动。")


def test_a_board_in_hong_kong_news_is_no_chinext(link) -> None:
    # 創業板 in Hong Kong news is HKEX's GEM, not Shenzhen's ChiNext
    assert not [m for m in link("創業板跌2%。", locale="hk") if m.type == "index"]


# (sentence, surface, entity): central SOEs and central financial groups, full and group names
SOES = [
    ("国机集团与地方政府签署合作协议。", "国机集团", "company.sinomach"),
    ("东方电气集团与中国稀土集团举行会谈。", "东方电气集团", "company.dongfang_electric_group"),
    ("哈电集团发布新型机组。", "哈电集团", "company.harbin_electric_group"),
    ("中国节能环保集团召开年度会议。", "中国节能环保集团", "company.cecep"),
    ("中船集团旗下船厂交付一艘LNG运输船。", "中船集团", "company.cssc_group"),
    ("中国华电宣布水电站大坝浇筑完成。", "中国华电", "company.huadian_group"),
    ("中国五矿与地方国资签约。", "中国五矿", "company.minmetals"),
    ("南航集团纪检监察组通报。", "南航集团", "company.china_southern_group"),
    ("国新控股旗下基金参与认购。", "国新控股", "company.china_reform"),
    ("中国建材集团宣布碳纤维产线投产。", "中国建材集团", "company.cnbm_group"),
    ("中国钢研科技集团发布新材料。", "中国钢研科技集团", "company.cisri"),
    ("中国融通资产管理集团完成重组。", "中国融通资产管理集团", "company.china_rongtong"),
    ("中国银河金融控股增持旗下券商。", "中国银河金融控股", "company.galaxy_financial"),
    ("中投公司公布年度报告。", "中投公司", "company.cic"),
    ("中央汇金宣布增持ETF。", "中央汇金", "org.central_huijin"),
]

# (sentence, name): short names that are words or other names' parts need company context
SOES_NOT = [
    ("东方汇金期货被暂停新开户。", "汇金"),  # bare 汇金 is not entered: a futures company, MoneyGram (速汇金)
    ("速汇金推出换汇服务。", "汇金"),
    ("市招商局负责人介绍情况。", "招商局"),  # a city's investment-promotion bureau
    ("中国电子商务发展迅速。", "中国电子"),
]


@pytest.mark.parametrize(("sentence", "surface", "entity"), SOES)
def test_central_soes_link(link, sentence: str, surface: str, entity: str) -> None:
    assert (surface, entity) in {(m.surface, m.entity_id) for m in link(sentence, locale="cn")}


@pytest.mark.parametrize(("sentence", "name"), SOES_NOT)
def test_soe_short_names_need_context(link, sentence: str, name: str) -> None:
    assert not [m for m in link(sentence, locale="cn") if m.surface == name]


def test_a_soe_group_is_not_its_listed_unit(link) -> None:
    found = {m.surface: m.entity_id for m in link("中国东方电气集团董事长会见客人。", locale="cn")}
    assert found == {"中国东方电气集团": "company.dongfang_electric_group"}  # not 中国东方 (0581.HK)


# (title, body, source, bare name, entity or None): a bare ministry in Hong Kong news
MINISTRIES = [
    ("特首率團訪問北京", "李家超與商務部部長會面，商務部表示支持香港。", "香港電台", "商务部", "org.mofcom"),
    ("內地與美國貿易談判", "商務部稱，中美雙方同意繼續磋商。", "香港電台", "商务部", "org.mofcom"),
    ("特區政府與商務部簽署協議", "香港特區政府與商務部簽署協議。", "香港電台", "商务部", "org.mofcom"),
    ("財政部在港發債", "陳茂波歡迎財政部在港發行人民幣國債。", "香港電台", "财政部", "org.mof"),
    ("香港特区政府与商务部签署协议", "香港特区政府与商务部签署协议。", "财联社", "商务部", "org.mofcom"),
    ("美國財長訪問東京", "美國總統表示，財政部將公布報告。", "香港電台", "财政部", "org.us_treasury"),
    ("財政部公布上月稅收", "財政部表示稅收增加。", "鉅亨網", "财政部", "org.mof_tw"),
]


@pytest.mark.parametrize(("title", "body", "source", "name", "entity"), MINISTRIES)
def test_bare_ministries_in_hong_kong_news(normalize, segmenter, linker, title: str, body: str, source: str,
                                           name: str, entity: str | None) -> None:
    (doc,) = linker.process(segmenter.process(normalize.process(
        [Document(id="d", title=title, body=body, meta={"source": source})])))
    found = {m.entity_id for m in doc.mentions if m.surface == name}
    assert found == ({entity} if entity else set())


def test_hong_kong_evidence_still_drops_a_bare_regulator(normalize, segmenter, linker) -> None:
    # 证监会 after a Hong Kong official may be the SFC: the SAR rule is for ministries and commissions only
    (doc,) = linker.process(segmenter.process(normalize.process(
        [Document(id="d", title="特首会见", body="李家超表示，证监会将加强监管。", meta={"source": "财联社"})])))
    assert "org.csrc" not in {m.entity_id for m in doc.mentions}


# (sentence, surface, entity): a US ticker beside a stock's own words, a name before its own code
TICKERS = [
    ("ARM股价大涨15%。", "ARM", "us.ARM"),
    ("瑞穗上调ARM目标价。", "ARM", "us.ARM"),
    ("英特尔涨超10%，ARM涨超8%。", "ARM", "us.ARM"),
    ("META第二季度营收超预期。", "META", "us.META"),
    ("光通信股走强，AAOI涨近11%。", "AAOI", "us.AAOI"),
]

NO_TICKERS = [
    "ARM架构芯片出货量增长。",  # the data file's acronym without a stock's own words
    "DRAM涨幅扩大，NAND涨价。",  # hand-list acronyms never link
    "CPI涨超预期。",
    "GE涨超3%。",  # two letters need a $ or the company's name
]


@pytest.mark.parametrize(("sentence", "surface", "entity"), TICKERS)
def test_tickers_beside_stock_words_link(link, sentence: str, surface: str, entity: str) -> None:
    assert (surface, entity) in {(m.surface, m.entity_id) for m in link(sentence, locale="cn")}


@pytest.mark.parametrize("sentence", NO_TICKERS)
def test_acronyms_stay_out(link, sentence: str) -> None:
    assert not [m for m in link(sentence, locale="cn") if m.type == "company" and m.surface.isascii()]


def test_the_hand_acronyms_stay_in_the_list() -> None:
    assert {"AI", "GDP", "CPI", "ETF", "IPO"} <= acronyms()
