"""Issue 16 round 3: public bodies complete and general (glossaries/bodies/china_state.yaml, hong_kong_taiwan.yaml,
world_more.yaml, us_agencies.yaml and aliases added in place). Mainland ministries, administrations, Party bodies and
market infrastructure by their short names; Hong Kong and Taiwan bodies by locale; the world's central banks,
finance ministries, regulators and statistics offices with the country in front; a body named with an official's
title or in a compound still links; a bare name takes the country of its context. Sentences are written for
these tests.
"""

from __future__ import annotations

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.records import Document
from pipeline.text.locale import CN, HK, TW
from stages.link import LinkStage
from stages.normalize import NormalizeStage

# (sentence, document locale, Chinese name after normalizing, the entity it must link to)
LINKS = [
    # mainland: Party and State Council centre
    ("中共中央、国务院印发关于促进消费的意见。", CN, "中共中央", "org.cpc_central_committee"),
    ("中央财经委员会第六次会议研究了有关问题。", CN, "中央财经委员会", "org.cfeac"),
    ("中央纪委国家监委网站发布消息。", CN, "中央纪委国家监委", "org.ccdi"),
    ("国务院办公厅印发实施方案。", CN, "国务院办公厅", "org.state_council_general_office"),
    ("国新办将举行新闻发布会介绍经济运行情况。", CN, "国新办", "org.scio"),
    ("国台办发言人在记者会上回答提问。", CN, "国台办", "org.tao"),
    # a longer body's name must not swallow the short one's everyday continuations
    ("中国人民银行货币政策司司长在发布会上表示。", CN, "中国人民银行", "org.pboc"),
    ("白宫经济顾问哈塞特表示。", CN, "白宫", "org.white_house"),
    ("国务院新闻办公室举行发布会。", CN, "国务院新闻办公室", "org.scio"),
    ("中共中央对外联络部部长出席会议。", CN, "中共中央对外联络部", "org.cpc_international_department"),
    # ministries, administrations and their short names
    ("国家发展和改革委员会发布通知。", CN, "国家发展和改革委员会", "org.ndrc"),
    ("税务总局公布上半年税收数据。", CN, "税务总局", "org.sta"),
    ("国家市场监管总局对平台企业开展约谈。", CN, "国家市场监管总局", "org.samr"),
    ("国家金融监管总局发布新规。", CN, "国家金融监管总局", "org.nfra"),
    ("国家外汇局公布外汇储备规模。", CN, "国家外汇局", "org.safe"),
    ("国家药监局批准一款创新药上市。", CN, "国家药监局", "org.nmpa"),
    ("医保局开展新一轮药品集采。", CN, "医保局", "org.nhsa"),
    ("统计局数据显示，工业增加值同比增长。", CN, "统计局", "org.nbs"),
    ("水利部启动防汛四级应急响应。", CN, "水利部", "org.mwr_china"),
    ("应急管理部部署安全生产检查。", CN, "应急管理部", "org.mem_china"),
    ("住房城乡建设部召开座谈会。", CN, "住房城乡建设部", "org.mohurd"),
    ("民航局公布暑运旅客量。", CN, "民航局", "org.caac"),
    ("国家邮政局公布快递业务量。", CN, "国家邮政局", "org.spb_china"),
    ("中央网信办部署专项行动。", CN, "中央网信办", "org.cac"),
    # market infrastructure and self-regulatory bodies; exchanges
    ("中国结算公布新增投资者数量。", CN, "中国结算", "org.csdc"),
    ("中证协发布券商经营数据。", CN, "中证协", "org.sac_securities"),
    ("中基协公布私募基金管理规模。", CN, "中基协", "org.amac"),
    ("交易商协会受理债券注册。", CN, "交易商协会", "org.nafmii"),
    ("上交所与深交所发布通知，北交所同步跟进。", CN, "北交所", "org.bse"),
    ("伦敦金属交易所铜库存下降。", CN, "伦敦金属交易所", "org.lme"),
    ("纽约商品交易所黄金期货收涨。", CN, "纽约商品交易所", "org.comex"),
    # a body named with an official's title or in a compound
    ("证监会主席表示将加强监管。", CN, "证监会", "org.csrc"),
    ("美联储理事发表讲话。", CN, "美联储", "org.fed"),
    ("央行行长在论坛上发言。", CN, "央行", "org.pboc"),
    ("国家统计局数据显示物价温和上涨。", CN, "国家统计局", "org.nbs"),
    ("商务部新闻发言人表示坚决反对。", CN, "商务部", "org.mofcom"),
    ("财政部副部长会见外国商会代表团。", CN, "财政部", "org.mof"),
    # the world, with the country in front
    ("美国商务部宣布新的出口管制措施。", CN, "美国商务部", "org.us_commerce"),
    ("日本财务省公布汇率干预数据。", CN, "日本财务省", "org.mof_japan"),
    ("韩国央行维持基准利率不变。", CN, "韩国央行", "org.bok"),
    ("欧央行宣布降息25个基点。", CN, "欧央行", "org.ecb"),
    ("泰国央行下调政策利率。", CN, "泰国央行", "org.bank_of_thailand"),
    ("伊朗外交部发言人表示将作出回应。", CN, "伊朗外交部", "org.mfa_iran"),
    ("俄罗斯财政部公布石油收入。", CN, "俄罗斯财政部", "org.minfin_russia"),
    ("德国联邦金融监管局对银行展开调查。", CN, "德国联邦金融监管局", "org.bafin"),
    ("美国商务部工业与安全局更新实体清单。", CN, "美国商务部工业与安全局", "org.bis_us"),
    ("美国国家公路交通安全管理局对车企展开调查。", CN, "美国国家公路交通安全管理局", "org.nhtsa"),
    ("国际原子能机构总干事发表声明。", CN, "国际原子能机构", "org.iaea"),
    ("世行下调全球经济增长预期。", CN, "世行", "org.world_bank"),
    # the Fed as Hong Kong and Taiwan write it
    ("美國聯儲局宣布減息。", HK, "美国联储局", "org.fed"),
    ("聯準會主席發表談話。", TW, "联准会", "org.fed"),
    # Hong Kong
    ("公務員事務局公布新安排。", HK, "公务员事务局", "org.hk_csb"),
    ("廉署拘捕一名銀行經理。", HK, "廉署", "org.hk_icac"),
    ("會財局對核數師作出處分。", HK, "会财局", "org.hk_afrc"),
    ("強積金局公布供款數據。", HK, "强积金局", "org.hk_mpfa"),
    ("審計署發表衡工量值報告。", HK, "审计署", "org.hk_audit_commission"),
    ("港府宣布新一輪措施。", HK, "港府", "org.hksar_government"),
    ("港投公司公布首批投資項目。", HK, "港投公司", "org.hkic"),
    # Taiwan: its own ministries by their bare names in Taiwan news
    ("財政部公布出口統計。", TW, "财政部", "org.mof_tw"),
    ("外交部對此表示遺憾。", TW, "外交部", "org.mofa_tw"),
    ("勞動部公布最新失業率。", TW, "劳动部", "org.mol_tw"),
    ("國安基金進場護盤。", TW, "国安基金", "org.nfsf_tw"),
    ("國發會公布景氣燈號。", TW, "国发会", "org.ndc_tw"),
    ("期交所公布期貨成交量。", TW, "期交所", "org.taifex"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_bodies_link(glossary: CompiledGlossary, normalizer, text: str, locale: str, name: str,
                     entity: str) -> None:
    zh = normalizer(text)
    found = {zh[m.start:m.end]: m.entry_id for m in glossary.find(zh, "zh", normalizer.script(text), locale)}
    assert found.get(name) == entity


# Everyday sentences: no public body in them (a body's name across a word, a local office, another locale's name)
NOT_LINKED = [
    ("客户可开通关联储蓄账户。", CN),  # 联储 inside 关联|储蓄
    ("公司对统计局部数据进行了修正。", CN),  # 统计|局部
    ("美军加快战争部署。", CN),  # 战争|部署
    ("全国办理的案件数量增加。", CN),  # 全国|办理
    ("公安部门加强了巡逻。", CN),  # 公安|部门
    ("外交部门负责人出席。", CN),
    ("广东省药监局发布通知。", CN),  # a province's office
    ("北京市统计局公布数据。", CN),
    ("期交所公布期货成交量。", CN),  # Taiwan's exchange: a Taiwan name only
    ("廉政公署调查一宗案件。", CN),  # Macao has one too: a Hong Kong name only
    ("审计署发布审计报告。", TW),  # not Hong Kong news: the mainland's, never Hong Kong's
]


@pytest.mark.parametrize(("text", "locale"), NOT_LINKED)
def test_everyday_words_do_not_link_bodies(glossary: CompiledGlossary, normalizer, text: str, locale: str) -> None:
    zh = normalizer(text)
    hits = [(zh[m.start:m.end], m.entry_id) for m in glossary.find(zh, "zh", normalizer.script(text), locale)
            if glossary.entries[m.entry_id].type == "org" and not m.entry_id.startswith("org.nao")]
    assert hits == []


# (source of the document, title, body, surface in the body, the entity it must be, or None: not linked)
COUNTRY = [
    ("财联社", "", "据阿根廷媒体报道，央行宣布上调基准利率。", "央行", "org.bcra"),
    ("财联社", "", "据伊朗媒体报道，外交部表示将采取反制措施。", "外交部", "org.mfa_iran"),
    ("财联社", "", "据巴西媒体报道，财政部周三表示将削减开支。", "财政部", "org.mof_brazil"),
    ("财联社", "日本央行维持利率不变", "外务省表示将密切关注。", "外务省", "org.mofa_japan"),
    # a reporter's question at the mainland's press conference, whatever country it is about
    ("财联社", "", "有报道称英国首相即将访华，请问外交部对此有何评论？", "外交部", "org.mfa_china"),
    ("财联社", "", "英国外交大臣即将访华？外交部回应", "外交部", "org.mfa_china"),
    # a country the body visits is the object (访问, 会见)
    ("财联社", "部长将出席安全会议并访问俄罗斯", "外交部发言人宣布：部长将出席安全会议。", "外交部", "org.mfa_china"),
    # a one-character country glued before the name at a clause start (菲 the Philippines): not the mainland's
    ("财联社", "", "菲司法部指示警方执行逮捕令。", "司法部", None),
    # a country whose body the glossary lacks: no link rather than the mainland's
    ("财联社", "", "据波兰媒体报道，司法部表示将修改相关法律。", "司法部", None),
    # mainland news with no foreign country: the mainland's own
    ("财联社", "", "财政部发布通知，外交部同日表态。", "外交部", "org.mfa_china"),
    ("财联社", "", "国防部新闻发言人答记者问。", "国防部", "org.mnd_china"),
    # Taiwan news: Taiwan's own ministries, and the mainland's when 中国 is glued before the name
    ("鉅亨網", "", "財政部今日公布5月海關進出口統計。", "财政部", "org.mof_tw"),
    ("鉅亨網", "", "中國財政部：今年財政政策將更加積極。", "中国财政部", "org.mof"),  # one mention, 中国 in it
    # a headline's second part that answers the first: the body is the one answering, not the first part's country
    ("财联社", "某企业高管在日本被捕 外交部回应",
     "【某企业高管在日本被捕 外交部回应】财联社6月1日电，外交部发言人表示关注。", "外交部", "org.mfa_china"),
    ("财联社", "", "美国宣布新的进口限制 商务部：将坚决维护自身权益", "商务部", "org.mofcom"),
    # a name inside the second part is still that story's (not an answer)
    ("鉅亨網", "", "日本公債殖利率飆升 央行面臨壓力加大", "央行", "org.boj"),
    ("财联社", "", "欧洲国债收益率高企 通胀攀升或推动央行加息", "央行", "org.ecb"),
    # the title names the body: only what stands before it there counts
    ("财联社", "外交部：国际社会应抵制日本右翼势力", "外交部表示，此举危害地区和平。", "外交部", "org.mfa_china"),
    ("财联社", "美国财政部宣布新一轮制裁",
     "【美国财政部宣布新一轮制裁】财联社6月1日电，财政部表示措施立即生效。", "财政部", "org.us_treasury"),
    # another country's ministry the glossary lacks, glued after its country word: not the mainland's
    ("财联社", "", "卡塔尔外交部当天发表声明。", "外交部", None),
]


@pytest.fixture(scope="module")
def run(segmenter, linker: LinkStage):
    stage = NormalizeStage()
    stage.setup()

    def process(source: str, title: str, body: str) -> Document:
        doc = Document(id="d", title=title, body=body, meta={"source": source})
        return linker.process(segmenter.process(stage.process([doc])))[0]
    return process


@pytest.mark.parametrize(("source", "title", "body", "surface", "expected"), COUNTRY)
def test_bare_body_takes_its_country(run, source: str, title: str, body: str, surface: str,
                                     expected: str | None) -> None:
    doc = run(source, title, body)
    found = [m.entity_id for s in doc.segments if s.part == "body" for m in s.entities if m.surface == surface]
    assert set(found) == ({expected} if expected else set())  # every occurrence in the body


def test_new_bodies_carry_country_or_role(glossary: CompiledGlossary) -> None:
    """Every body of the new files is a public body: a country (the country context reads it) or an
    international organisation's role."""
    new = [e for e in glossary.entries.values()
           if e.where and any(f in e.where for f in ("china_state.yaml", "hong_kong_taiwan.yaml",
                                                     "world_more.yaml", "us_agencies.yaml"))]
    assert len(new) > 150
    assert all(e.type == "org" and (e.country or e.role == "international organization") for e in new)
