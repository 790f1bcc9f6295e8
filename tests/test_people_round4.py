"""Issue 16, round 4: people recall on unseen news. Hong Kong and Taiwan renderings of foreign leaders and chief
executives already entered (施紀賢 Starmer, 杜魯多 Trudeau, 朱克伯格 Zuckerberg), short forms (石破, 岸田, 费丹),
the G20's and other major economies' leaders, finance ministers and central bankers of 2024–26, Hong Kong business
leaders and officials, mainland vice ministers, chairs of large listed groups and fund managers
(glossaries/people/world_round4.yaml, hong_kong_round4.yaml, mainland_round4.yaml); and bare names that the words
around them decide (pipeline/glossary/person_context.py): 库克 is Fed governor Lisa Cook in a Fed story, 威廉姆斯
the New York Fed's John Williams beside 联储, a bare 桑切斯 Spain's prime minister only where Spain is named.
Every sentence here is written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.person_context import CONTEXT_NAMES, TRADITIONAL_FORMS, context_name
from pipeline.records import Document, Segment
from stages.link import LinkStage
from stages.normalize import TextNormalizer

NEW_FILES = ("world_round4.yaml", "hong_kong_round4.yaml", "mainland_round4.yaml", "taiwan_round4.yaml")

# (sentence, locale or None, the person it must link)
LINKS = [
    # Hong Kong and Taiwan renderings (Traditional text)
    ("英國首相施紀賢宣布新的財政計劃。", "hk", "person.keir_starmer"),
    ("加拿大前總理杜魯多出席論壇。", "hk", "person.justin_trudeau"),
    ("前首相辛偉誠表示支持。", "hk", "person.rishi_sunak"),
    ("Meta行政總裁朱克伯格宣布裁員。", "hk", "person.mark_zuckerberg"),
    ("發展局局長甯漢豪今日表示，北部都會區進展理想。", "hk", "person.bernadette_linn"),
    ("阿根廷總統米雷伊推動改革。", "tw", "person.javier_milei"),
    ("高通執行長艾蒙看好AI手機。", "tw", "person.cristiano_amon"),
    ("美國貿易代表葛里爾與日方會談。", "tw", "person.jamieson_greer"),
    ("波克夏接班人阿貝爾出席股東會。", "tw", "person.greg_abel"),
    # short forms and other renderings in Simplified text
    ("日本前首相石破表示将继续推动谈判。", None, "person.shigeru_ishiba"),
    ("土耳其外长费丹当天在安卡拉表示。", None, "person.hakan_fidan"),
    ("高盛CEO苏德巍表示并购市场回暖。", None, "person.david_solomon"),
    ("圣路易斯联储主席阿尔伯托·穆萨莱姆表示。", None, "person.alberto_musalem"),
    ("克利夫兰联储主席哈马克认为通胀仍高。", None, "person.beth_hammack"),
    # the world
    ("法国经济部长莱斯屈尔表示将削减赤字。", None, "person.roland_lescure"),
    ("印尼财长普尔巴亚表示将扩大支出。", None, "person.purbaya_yudhi_sadewa"),
    ("墨西哥央行行长维多利亚·罗德里格斯称将继续降息。", None, "person.victoria_rodriguez_ceja"),
    ("波兰央行行长格拉平斯基表示利率将保持不变。", None, "person.adam_glapinski"),
    ("意大利副总理兼外长塔亚尼表示欢迎。", None, "person.antonio_tajani"),
    ("国际足联主席因凡蒂诺宣布扩军计划。", None, "person.gianni_infantino"),
    ("SpaceX总裁肖特韦尔称发射计划不变。", None, "person.gwynne_shotwell"),
    ("韦德布什分析师艾夫斯上调苹果目标价。", None, "person.dan_ives"),
    ("超微电脑创始人梁见后表示订单强劲。", None, "person.charles_liang"),
    ("IMF首席经济学家古兰沙表示全球增长放缓。", None, "person.pierre_olivier_gourinchas"),
    # Hong Kong
    ("港铁行政总裁金泽培出席通车仪式。", None, "person.jacob_kam"),
    ("汇丰亚太区联席行政总裁廖宜建表示。", None, "person.david_liao"),
    ("王冬胜表示看好香港金融业前景。", None, "person.peter_wong_hsbc"),
    ("金管局副总裁李令翔出席研讨会。", None, "person.howard_lee_hkma"),
    # mainland
    ("工信部副部长谢少锋出席发布会。", None, "person.xie_shaofeng"),
    ("国家发展改革委副主任刘苏社介绍情况。", None, "person.liu_sushe"),
    ("国家外汇局副局长李红燕回答记者提问。", None, "person.li_hongyan"),
    ("紫金矿业董事长邹来昌表示产量将继续增长。", None, "person.zou_laichang"),
    ("中国电信董事长柯瑞文在业绩会上发言。", None, "person.ke_ruiwen"),
    ("知名牛散章建平现身前十大股东名单。", None, "person.zhang_jianping"),
]

# (sentence, locale, bare surface, the entity it must link, or None: no link on that surface)
CONTEXT = [
    ("美联储理事库克表示，未来几个月利率应维持不变。", None, "库克", "person.lisa_cook"),
    ("聯儲局理事庫克拒絕辭職。", "hk", "库克", "person.lisa_cook"),
    ("苹果CEO库克表示将加大在华投资。", None, "库克", "person.tim_cook"),
    ("库克表示新品销售强劲。", None, "库克", "person.tim_cook"),
    ("纽约联储主席威廉姆斯表示，通胀仍然过高。", None, "威廉姆斯", "person.john_williams_fed"),
    ("威廉姆斯公司盘前上涨3%。", None, "威廉姆斯公司", "us.WMB"),
    ("威廉姆斯保留51%股权。", None, "威廉姆斯", "us.WMB"),
    ("美联储理事米兰表示支持降息。", None, "米兰", "person.stephen_miran"),
    ("AC米兰主场取胜。", None, "米兰", None),
    ("美联储理事巴尔发表讲话。", None, "巴尔", "person.michael_barr"),
    ("费城联储主席保尔森表示关税推高物价。", None, "保尔森", "person.anna_paulson"),
    ("前财长保尔森表示美国应重视气候风险。", None, "保尔森", None),
    ("西班牙首相桑切斯致信欧盟。", None, "桑切斯", "person.pedro_sanchez"),
    ("法院下令继续羁押桑切斯。", None, "桑切斯", None),
    ("菲律宾总统马科斯会见美国防长。", None, "马科斯", "person.ferdinand_marcos_jr"),
    ("日本首相高市表示将推动经济改革。", None, "高市", "person.sanae_takaichi"),
    ("英国央行行长贝利发表讲话。", None, "贝利", "person.andrew_bailey"),
    ("当地中部萨因贝利发生地震。", None, "贝利", None),
    ("马来西亚总理安华表示欢迎投资。", None, "安华", "person.anwar_ibrahim"),
    ("菲律宾副总统杜特尔特遭弹劾。", None, "杜特尔特", "person.sara_duterte"),
    ("菲律宾前总统杜特尔特被移交海牙。", None, "杜特尔特", "person.rodrigo_duterte"),
    ("日本财务大臣片山表示将密切关注汇率。", None, "片山", "person.satsuki_katayama"),
    # inside a longer name or word that holds it, whatever the context says
    ("英国专家称，切尔诺贝利式事故的风险很低。", None, "贝利", None),
    ("伊拉克计划增加基尔库克至土耳其输油管道的流量。", None, "库克", None),
    ("日本首相表示将提高市场透明度。", None, "高市", None),
    ("美联储官员在米兰达市发表讲话。", None, "米兰", None),
    # a bare name after a name dot is another person's surname
    ("美国艺术委员会主席罗德尼·库克率团访问。", None, "库克", None),
    ("美国宇航员克里斯托弗·威廉姆斯返回地面。", None, "威廉姆斯", None),
]

# (sentence, surface that must not link to a person): words and longer names holding a new short name
NOT_LINKED = [
    ("此举可谓石破天惊。", "石破"),
    ("公司将提高市场占有率。", "高市"),
    ("超高市值股票受追捧。", "高市"),
]


@pytest.fixture(scope="module")
def stage(glossary: CompiledGlossary) -> LinkStage:
    return LinkStage(glossary)


@pytest.mark.parametrize(("sentence", "locale", "expected"), LINKS)
def test_new_names_link(link, sentence: str, locale: str | None, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence, locale=locale) if m.type == "person"]


@pytest.mark.parametrize(("sentence", "locale", "surface", "expected"), CONTEXT)
def test_context_decides_a_bare_name(link, sentence: str, locale: str | None, surface: str,
                                     expected: str | None) -> None:
    found = [m.entity_id for m in link(sentence, locale=locale) if m.surface == surface]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_words_holding_a_short_name_do_not_link(link, sentence: str, surface: str) -> None:
    assert [m for m in link(sentence) if m.type == "person" and surface in m.surface] == []


def test_the_document_decides_when_the_sentence_does_not(stage: LinkStage) -> None:
    """Lisa Cook named as 美联储理事库克 in the title: the body's bare 库克 is her too. Apple news keeps Tim Cook."""
    def run(title: str, body: str) -> list[str]:
        segments = [Segment(doc_id="d", seg_id=i, part="title" if i == 0 else "body", src=text, zh=text)
                    for i, text in enumerate((title, body))]
        doc = Document(id="d", title=title, body=body, segments=segments)
        stage.process([doc])
        return [m.entity_id for m in doc.segments[1].entities if m.surface == "库克"]

    assert run("美联储理事库克起诉特朗普", "库克表示，她将继续履职。") == ["person.lisa_cook"]
    assert run("苹果发布新款手机", "库克表示，新品销售强劲。") == ["person.tim_cook"]


def test_every_reading_names_an_entry(glossary: CompiledGlossary) -> None:
    """The table names entities the glossary holds, and each bare name is some entry's name (else it is never found)."""
    normalize = TextNormalizer()
    assert [r.entity_id for name in CONTEXT_NAMES.values() for r in name.readings
            if r.entity_id not in glossary.entries] == []
    names = {normalize(n) for e in glossary.entries.values() for n in (e.zh, *e.aliases_zh)}
    assert [surface for surface in CONTEXT_NAMES if surface not in names] == []
    assert context_name("庫克") is CONTEXT_NAMES["库克"]  # a Traditional surface (t2s off)


def test_traditional_forms_are_opencc_s() -> None:
    import opencc

    forms = {}
    for config in ("s2t", "s2hk", "s2tw"):
        converter = opencc.OpenCC(config)
        forms |= {converter.convert(key): key for key in CONTEXT_NAMES}
    assert TRADITIONAL_FORMS == {form: key for form, key in forms.items() if form not in CONTEXT_NAMES}


def test_new_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    new = [e for e in glossary.entries.values() if Path(e.where.rsplit(":", 1)[0]).name in NEW_FILES]
    assert len(new) >= 190
    assert all(e.type == "person" and e.role and e.country for e in new)
