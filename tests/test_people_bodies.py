"""People and public bodies as entities (issue 16, items 3 and 4): they link in sentences written here, a bare
body name takes the country of its clause, sentence or title, and the glossary's role/country keys load,
validate and export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.loader import GlossaryError, load_glossary
from pipeline.glossary.tools import export
from pipeline.records import Document
from stages.link import LinkStage
from stages.normalize import TextNormalizer
from stages.segment import SegmentStage

# (sentence written for this test, entities it must link)
LINKS = [
    ("特朗普表示，将对进口汽车加征关税。", ["person.donald_trump"]),
    ("川普周三在白宫发表讲话。", ["person.donald_trump", "org.white_house"]),
    ("李家超今日出席金融论坛并致辞。", ["person.john_lee_hk"]),
    ("陈茂波表示香港经济稳步复苏。", ["person.paul_chan_hk"]),
    ("习近平会见来访的外国领导人。", ["person.xi_jinping"]),
    ("国务院总理李强主持召开常务会议。", ["org.state_council", "person.li_qiang"]),
    # 财政部长 is a title (the Treasury Secretary), not the body: the person links, the title stays words
    ("美国财政部长贝森特称关税谈判进展顺利。", ["person.scott_bessent"]),
    ("卢特尼克与格里尔周二会见企业代表。", ["person.howard_lutnick", "person.jamieson_greer"]),
    ("鲍威尔称美联储不急于降息。", ["person.jerome_powell", "org.fed"]),
    ("美联储理事沃勒支持再次降息。", ["org.fed", "person.christopher_waller"]),
    ("沃什被视为热门人选。", ["person.kevin_warsh"]),
    ("潘功胜：央行将保持流动性合理充裕。", ["person.pan_gongsheng", "org.pboc"]),
    ("商务部新闻发言人何亚东回答记者提问。", ["org.mofcom", "person.he_yadong"]),
    ("工信部发布新一批试点名单。", ["org.miit"]),
    ("海关总署公布前5个月进出口数据。", ["org.gacc"]),
    ("国资委召开专题会议。", ["org.sasac"]),
    ("FOMC会议纪要显示多数官员支持降息。", ["org.fomc"]),
    ("联邦公开市场委员会本周召开议息会议。", ["org.fomc"]),
    ("美联储联邦公开市场委员会宣布维持利率。", ["org.fed", "org.fomc"]),
    ("纽约联储主席约翰·威廉姆斯发表讲话。", ["org.fed_new_york", "person.john_williams_fed"]),
    ("普京与泽连斯基的会晤仍无日期。", ["person.vladimir_putin", "person.volodymyr_zelensky"]),
    ("高市早苗表示将推出经济刺激方案。", ["person.sanae_takaichi"]),
    ("赖清德出席活动，卓荣泰随行。", ["person.lai_ching_te", "person.cho_jung_tai"]),
    ("黄仁勋与苏姿丰均出席了展会。", ["person.jensen_huang", "person.lisa_su"]),
    ("宇树科技创始人王兴兴接受采访。", ["org.unitree", "person.wang_xingxing"]),
    ("长鑫存储扩产，长江存储跟进。", ["org.cxmt", "org.ymtc"]),
    ("月之暗面发布新模型。", ["org.moonshot_ai"]),
    ("蚂蚁集团公布新架构。", ["org.ant_group"]),
    ("北约秘书长吕特发表讲话。", ["org.nato", "person.mark_rutte"]),
    ("欧佩克+同意增产。", ["org.opec_plus"]),
    ("韩国金融监督院对券商展开检查。", ["org.fss_korea"]),
    ("日本央行与欧洲央行均按兵不动。", ["org.boj", "org.ecb"]),
]

# Names that must not link here: a surname inside a longer word, a city, a person only entered in full.
NOT_LINKED = [
    ("乌克兰称切尔诺贝利核电站安全。", "贝利"),
    ("法拉利在米兰一度上涨。", "米兰"),
    ("乔丹体育发布新品。", "乔丹"),
]

# (title, body, surface in the body, entity it must be, or None: not linked). Sentences written for this test.
COUNTRY = [
    ("美国财政部宣布新一轮制裁", "财政部表示措施立即生效。", "财政部", "org.us_treasury"),
    ("", "据华盛顿消息，财政部周三宣布新的制裁措施。", "财政部", "org.us_treasury"),
    ("", "美国财政部长贝森特表示，财政部将于下周发行国债。", "财政部", "org.us_treasury"),
    ("", "财政部发布数据显示前5个月预算收入增长。", "财政部", "org.mof"),
    ("", "美国总统特朗普再次施压央行降息。", "央行", "org.fed"),
    ("", "央行今日开展逆回购操作。", "央行", "org.pboc"),
    ("央行：保持流动性合理充裕", "央行表示将继续实施适度宽松的货币政策。", "央行", "org.pboc"),
    ("日本央行维持利率不变", "央行行长表示将密切关注汇率。", "央行", "org.boj"),
    ("", "日本首相表示，央行应维持宽松。", "央行", "org.boj"),
    # the country is the object of the sentence, or the home side shows: the mainland's own body
    ("", "商务部回应美国加征关税。", "商务部", "org.mofcom"),
    ("", "针对美国加征关税，商务部表示将采取反制措施。", "商务部", "org.mofcom"),
    ("", "商务部表示，美方应停止错误做法。", "商务部", "org.mofcom"),
    ("", "商务部回应特朗普关税政策。", "商务部", "org.mofcom"),
    ("", "商务部回应英拟将中企国有化：希望英国政府公正对待。", "商务部", "org.mofcom"),
    ("美国宣布加征关税", "中国商务部表示坚决反对，商务部将采取必要措施。", "商务部", "org.mofcom"),
    ("特朗普宣布新关税", "商务部表示将启动调查。", "商务部", "org.us_commerce"),
    # a foreign country whose body the glossary does not hold: no link rather than the mainland's
    ("", "据波兰媒体报道，司法部周三表示将修改相关法律。", "司法部", None),
    ("", "俄外交部：对与日方接触持开放态度。", "外交部", None),
    # no one body: central banks in general
    ("", "全球央行的黄金持有量将继续增加。", "央行", None),
    ("", "各国央行纷纷放松货币政策。", "央行", None),
    ("", "今日央行开展逆回购操作。", "央行", "org.pboc"),
    ("", "欧洲央行今年的情况与其他G10国央行不同。", "央行", None),
    # a local office named after the national body
    ("", "公司获国家税务总局广东省税务局颁发的证书。", "国家税务总局", None),
    ("", "商务部市场运行司负责人表示。", "商务部", "org.mofcom"),
    ("", "我国央行连续第20个月增持黄金。", "央行", "org.pboc"),
    ("瑞士央行维持利率不变", "该央行还持有大量美股。", "央行", "org.snb"),
    ("下周大事提醒：美国通胀数据揭晓", "6、下周央行公开市场将有大量逆回购到期。", "央行", "org.pboc"),
    ("", "美国核心CPI月率、加拿大周三央行利率决定、美国初请失业金人数。", "央行", "org.boc_canada"),
    # two foreign countries: undecided, the name stays as it is
    ("", "美国和日本官员会谈后，财政部发表声明。", "财政部", "org.mof"),
]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_people_and_bodies_link(link, sentence: str, expected: list[str]) -> None:
    assert [m.entity_id for m in link(sentence)
            if m.type in ("person", "org")] == expected


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_surnames_and_places_stay_unlinked(link, sentence: str, surface: str) -> None:
    assert surface not in [m.surface for m in link(sentence)]


def _doc(title: str, body: str, segmenter: SegmentStage, linker: LinkStage) -> Document:
    normalize = TextNormalizer()
    doc = Document(id="d", title=normalize(title), body=normalize(body))
    return linker.process(segmenter.process([doc]))[0]


@pytest.mark.parametrize(("title", "body", "surface", "expected"), COUNTRY)
def test_bare_body_takes_the_country_of_its_context(segmenter: SegmentStage, linker: LinkStage, title: str,
                                                    body: str, surface: str, expected: str | None) -> None:
    doc = _doc(title, body, segmenter, linker)
    body_mentions = [m for s in doc.segments if s.part == "body" for m in s.entities]
    found = [m for m in body_mentions if m.surface == surface]
    if expected is None:
        assert found == []
    else:
        # the last one: where a full name (中国商务部) comes first, the bare one follows it
        assert found and found[-1].entity_id == expected
        assert found[-1].canonical == linker.glossary.entries[expected].en


@pytest.mark.parametrize(("title", "expected"), [("央行理監事會維持利率不變", None),
                                                 ("美國央行宣布降息，央行主席發表談話", "org.fed"),
                                                 ("中國央行下調存款準備金率，央行稱", "org.pboc"),
                                                 ("中國製鋼材來台 財政部調查", None),
                                                 ("我對美曝險增加 央行解釋", None),
                                                 ("央行潘功勝：防範匯率超調", "org.pboc")])
def test_traditional_text_has_no_mainland_default(segmenter: SegmentStage, linker: LinkStage, title: str,
                                                  expected: str | None) -> None:
    """In Taiwan or Hong Kong text a bare 央行 with no country in sight is not taken for the PBOC."""
    doc = Document(id="d", title=TextNormalizer()(title), body="", script="hant")
    doc = linker.process(segmenter.process([doc]))[0]
    bare = [m.entity_id for s in doc.segments for m in s.entities if m.surface in ("央行", "财政部")]
    assert bare == ([expected] if expected else [])


def test_country_table_comes_from_the_glossary_names(linker: LinkStage) -> None:
    table = linker.countries().table
    assert table["财政部"]["US"] == "org.us_treasury" and table["财政部"]["CN"] == "org.mof"
    assert table["央行"]["JP"] == "org.boj" and table["央行"]["EU"] == "org.ecb"
    assert table["商务部"]["US"] == "org.us_commerce"


def test_role_and_country_load_and_export(glossary: CompiledGlossary) -> None:
    trump = glossary.entries["person.donald_trump"]
    assert (trump.role, trump.country) == ("President of the United States", "US")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export(glossary, "csv")))}
    assert rows["person.john_lee_hk"]["country"] == "HK"
    assert rows["org.fomc"]["country"] == "US"
    assert "<descrip type=\"definition\">Chief Executive of Hong Kong</descrip>" in export(glossary, "tbx")


def test_country_must_be_a_two_letter_code(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("meta: {}\nentries:\n  - {id: person.x_y, type: person, zh: 某某某, en: X Y, "
                                     "role: Minister, country: usa}\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_glossary(tmp_path)
    assert "country 'usa' must be a two-letter code" in str(error.value)


def test_every_person_says_who_they_are(glossary: CompiledGlossary) -> None:
    people = [e for e in glossary.entries.values()
              if e.type == "person" and "people" in Path(e.where.rsplit(":", 1)[0]).parts]
    assert len(people) >= 300
    assert [e.id for e in people if not e.role] == []
