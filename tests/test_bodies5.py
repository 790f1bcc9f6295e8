"""Round 5 public bodies (bodies5): international financial bodies by their media names and short forms, the
market-moving departments of the US, Japan, Korea (2025-26 names), the EU and the UK, the mainland's national
bodies with their 中国-prefixed and short forms, Macao and Taiwan bodies; bare names whose country the document
says (联邦政府, 能源部, 农业部 need a country named; 商務部 in Traditional text is the mainland's). Sentences
written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary.country import LOCAL_BODY_NAMES, local_body_names
from pipeline.records import Document
from tests.linking_support import names_found

# (sentence, name, entity it links to, or None when it must not link as a body)
NAMES = [
    ("IMF下调今年全球经济增长预期。", "IMF", "org.imf"),
    ("世贸组织裁定相关关税措施违规。", "世贸组织", "org.wto"),
    ("中方已就此向世贸提起诉讼。", "世贸", "org.wto"),
    ("他曾在纽约世贸中心工作。", "世贸", None),  # the World Trade Center, not the WTO
    ("世行旗下国际金融公司将投资一座光伏电站。", "国际金融公司", "org.ifc"),
    ("多边投资担保机构为该项目提供政治风险担保。", "多边投资担保机构", "org.miga"),
    ("非洲开发银行宣布新的融资计划。", "非洲开发银行", "org.afdb"),
    ("欧洲稳定机制总裁发表讲话。", "欧洲稳定机制", "org.esm"),
    ("金融行动特别工作组更新了高风险名单。", "金融行动特别工作组", "org.fatf"),
    ("IEA月报称石油需求增速放缓。", "IEA", "org.iea"),
    ("經濟合作暨發展組織上調台灣成長預測。", "经济合作暨发展组织", "org.oecd"),
    ("美国国土安全部宣布新的入境规定。", "美国国土安全部", "org.us_dhs"),
    ("美国专利商标局驳回了该项申请。", "美国专利商标局", "org.uspto"),
    ("联邦贸易委员会起诉这家电商巨头。", "联邦贸易委员会", "org.ftc"),
    ("美国联邦存款保险公司接管了这家银行。", "美国联邦存款保险公司", "org.fdic"),
    ("货币监理署批准了这家银行的信托牌照。", "货币监理署", "org.occ"),
    ("白宫管理和预算办公室主任表示将削减开支。", "白宫管理和预算办公室", "org.us_omb"),
    ("美国进出口银行将为该项目提供贷款。", "美国进出口银行", "org.us_exim"),
    ("日银加息预期升温。", "日银", "org.boj"),
    ("日本国土交通省要求车企提交报告。", "日本国土交通省", "org.mlit_japan"),
    ("日本公正交易委员会对该公司展开调查。", "日本公正交易委员会", "org.jftc"),
    ("韩国财政经济部表示将扩大财政支出。", "韩国财政经济部", "org.moef_korea"),
    ("韩国产业通商部公布出口数据。", "韩国产业通商部", "org.motie_korea"),
    ("韩国气候能源环境部公布电价方案。", "韩国气候能源环境部", "org.mcee_korea"),
    ("韩国国民年金公团减持国内股票。", "韩国国民年金公团", "org.nps_korea"),
    ("欧盟执委会对该交易展开调查。", "欧盟执委会", "org.european_commission"),
    ("英国竞争与市场管理局批准了这项收购。", "英国竞争与市场管理局", "org.cma_uk"),
    ("瑞士金融市场监督管理局发布新规。", "瑞士金融市场监督管理局", "org.finma"),
    ("中国证券监督管理委员会发布新规。", "中国证券监督管理委员会", "org.csrc"),
    ("中国发改委称将加快项目审批。", "中国发改委", "org.ndrc"),
    ("中国国资委召开会议。", "中国国资委", "org.sasac"),
    ("中国外管局公布外汇储备数据。", "中国外管局", "org.safe"),
    ("国统局公布CPI数据。", "国统局", "org.nbs"),
    ("市监总局对该平台立案调查。", "市监总局", "org.samr"),
    ("中国海关数据显示出口增长。", "中国海关", "org.gacc"),
    ("国家国防科工局发布公告。", "国家国防科工局", "org.sastind_china"),
    ("中国气象局发布暴雨预警。", "中国气象局", "org.cma_china"),
    ("澳门博彩监察协调局公布上月博彩收入。", "澳门博彩监察协调局", "org.dicj_macao"),
    ("澳门财政局公布财政收入。", "澳门财政局", "org.dsf_macao"),
    ("上海票据交易所发布票据市场运行情况。", "上海票据交易所", "org.shcpe"),
    ("美国移民局收紧了工作签证审批。", "美国移民局", "org.uscis"),
    ("美国食药监局批准了这款新药。", "美国食药监局", "org.fda"),
    ("食藥署公布新的檢驗標準。", "食药署", "org.tfda_tw"),
    ("巴基斯坦外交部发表声明。", "巴基斯坦外交部", "org.mfa_pk"),  # world_ministries.yaml, by rule
    ("波兰国防部宣布采购计划。", "波兰国防部", "org.mod_pl"),
    ("以色列财政部公布赤字数据。", "以色列财政部", "org.mof_il"),
]


@pytest.mark.parametrize(("text", "name", "entity"), NAMES)
def test_body_names(glossary, normalizer, text: str, name: str, entity: str | None) -> None:
    found = names_found(glossary, normalizer, text, "cn")
    if entity is None:
        assert name not in found or not found[name].startswith("org.")
    else:
        assert found.get(name) == entity


# (title written for this test, the document's source or None, the bare name, the entity it links to or None)
DOCUMENTS = [
    ("美国政府停摆进入第三周，联邦政府雇员被迫休假", "财联社", "联邦政府", "org.gov_us"),
    ("俄罗斯总统普京表示，联邦政府将提高税收", "财联社", "联邦政府", "org.gov_ru"),
    ("联邦政府将削减开支", "财联社", "联邦政府", None),  # whose federal government is not said
    ("美国能源部长表示，能源部将释放战略石油储备", "财联社", "能源部", "org.us_energy"),
    ("能源部将发布报告", "财联社", "能源部", None),
    ("乌克兰能源部称电网受损", "财联社", "能源部", None),  # Ukraine's: not in the glossary
    ("美国农业部下调大豆产量预估，农业部称库存充足", "财联社", "农业部", "org.usda"),
    ("農業部公布今年稻米產量", "鉅亨網", "农业部", "org.moa_tw"),  # Taiwan's own ministry in Taiwan news
    ("美國蛋荒愈演愈烈 農業部預計雞蛋價格將上漲", "鉅亨網", "农业部", "org.usda"),
    ("國防部採購無人機 相關概念股大漲", "鉅亨網", "国防部", "org.mnd_tw"),
    ("數發部推動數位轉型", "鉅亨網", "数发部", "org.moda_tw"),
    ("擴大動員 大陸國防部放話", "鉅亨網", "大陆国防部", "org.mnd_china"),
    ("明年展區擴大加入世貿1館", "鉅亨網", "世贸", None),  # Taipei's World Trade Center: 世贸 is WTO only in Simplified
    ("据巴基斯坦媒体报道，外交部当天发表声明", "财联社", "外交部", "org.mfa_pk"),
    ("外交部发言人就巴基斯坦局势答记者问", "财联社", "外交部", "org.mfa_china"),
    ("巴基斯坦总理将访华 外交部介绍有关情况", "财联社", "外交部", "org.mfa_china"),  # a visit to China: home side
    ("韩美联合军演日程将减半 韩国防部：无法确认", "财联社", "韩国防部", "org.mod_kr"),  # 韩国 + 国防部, merged
    ("漢翔成台灣首家美國防部認證廠商", "鉅亨網", "美国防部", "org.us_defense"),
    # a pair with China (中巴两国) is the home side, after the name as anywhere in its sentence
    ("巴基斯坦总理将访问北京。外交部发言人表示，中巴两国是全天候战略合作伙伴", "财联社", "外交部", "org.mfa_china"),
    # Traditional text of no known locale: Hong Kong has 局 bureaux, Taiwan no 商務部: it is the mainland's
    ("商務部表示將對相關產品加徵關稅", None, "商务部", "org.mofcom"),
    ("發改委公布新一批項目", None, "发改委", "org.ndrc"),
    ("財政部表示將發行國債", None, "财政部", None),  # Taiwan has a 財政部 of its own: unknown
    ("商務部表示將對美國產品加徵關稅", "明報", "商务部", "org.mofcom"),  # Hong Kong news: the mainland's
]


@pytest.mark.parametrize(("title", "source", "name", "entity"), DOCUMENTS)
def test_bare_names_by_country_and_locale(normalize, segmenter, linker, title: str, source: str | None, name: str,
                                          entity: str | None) -> None:
    meta = {"source": source} if source else {}
    (doc,) = linker.process(segmenter.process(normalize.process([Document(id="d", title=title, body="", meta=meta)])))
    assert [m.entity_id for m in doc.mentions if m.surface == name] == ([entity] if entity else [])


def test_local_body_names_take_the_glossary_locale_names(glossary) -> None:
    names = local_body_names(glossary.entries)
    assert LOCAL_BODY_NAMES["tw"] <= names["tw"]
    assert "证监会" in names["hk"]  # the SFC's zh_hk name
    assert "数发部" not in names["tw"]  # a plain name links everywhere: not a locale name
    assert "商务部" not in names["hant"]
    assert names["hant"] >= names["tw"] | names["hk"]


def test_every_government_has_its_ministries_or_a_curated_one(glossary) -> None:
    """world_ministries.yaml's rule: each country of governments.yaml (but the US, China, Taiwan, Hong Kong, Macao)
    has a foreign, defence and finance ministry under country + 外交部 / 国防部 / 财政部, generated or curated."""
    entries = glossary.entries
    governments = [e for e in entries.values() if e.id.startswith("org.gov_") and e.zh.endswith("政府")
                   and e.country not in ("US", "CN", "TW", "HK", "MO")]
    for government in governments:
        country = government.zh.removesuffix("政府")
        for ministry in ("外交部", "国防部", "财政部"):
            names = [country + ministry] + [name.removesuffix("政府") + ministry for name in government.aliases_zh]
            found = [glossary.zh_keys.get(name) for name in names]
            assert any(entries[i].country == government.country for i in found if i), (country, ministry)
