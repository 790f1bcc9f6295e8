"""Issue 16, round 5: people recall that generalizes, without false links.

- Business people by category (glossaries/people/business_round5.yaml): founders and chairs of the big private groups
  and listed companies of the mainland, Hong Kong and Taiwan, heads of big state groups and banks, star fund
  managers, and chief executives and investors of the US, Europe, Japan and Korea.
- Name dots: a full name written with ・ ‧ • ･ or a plain space instead of · matches the glossary's full name; the
  matcher holds each dotted name with every dot (compiled.DOT_VARIANTS), so the normalized text and its offsets stay.
- A leader's name before 政府/内阁/政权/当局 is a word whatever jieba reads across its edge (高|市政府).
- A two-character name at the head of a longer name the glossary lacks (蒋毅 in 蒋毅敏) does not link, nor a bare
  surname after another given name than the person's (奥菲尔·卡茨 is not Israel Katz).
- Provincial and city governments are not public bodies in the judges' sense (fresh/README.md): nothing links there.
Every sentence here is written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.glossary.compiled import NAME_DOTS
from pipeline.glossary.person_context import CONTEXT_NAMES, GOVERNMENT_AFTER

# (sentence, the person it must link)
LINKS = [
    ("正泰集团董事长南存辉表示，光伏需求仍在增长。", "person.nan_cunhui"),
    ("万向集团董事长鲁伟鼎出席签约仪式。", "person.lu_weiding"),
    ("赣锋锂业董事长李良彬称锂价已见底。", "person.li_liangbin"),
    ("汇川技术董事长朱兴明谈工控出海。", "person.zhu_xingming"),
    ("青山控股创始人项光达现身印尼园区。", "person.xiang_guangda"),
    ("恒力石化董事长范红卫当选人大代表。", "person.fan_hongwei"),
    ("小鹏汽车总裁王凤英表示，新车订单超预期。", "person.wang_fengying"),
    ("圆通速递董事长喻渭蛟表示快递单价企稳。", "person.yu_weijiao"),
    ("中国南方电网董事长孟振平调研储能项目。", "person.meng_zhenping"),
    ("兴业银行董事长吕家进在股东大会上发言。", "person.lyu_jiajin"),
    ("远东发展主席邱达昌表示看好酒店业务。", "person.david_chiu"),
    ("远东集团董事长徐旭东出席股东会。", "person.douglas_hsu"),
    ("润泰集团总裁尹衍梁再度增持。", "person.samuel_yin"),
    ("国巨董事长陈泰铭看好被动元件回温。", "person.pierre_chen"),
    ("丰益国际董事长郭孔丞表示粮油需求稳定。", "person.kuok_khoon_hong"),
    ("瑞银集团首席执行官安思杰表示将继续回购。", "person.sergio_ermotti"),
    ("绿光资本创始人艾因霍恩披露新持仓。", "person.david_einhorn"),
    ("爱彼迎首席执行官切斯基称旅游需求强劲。", "person.brian_chesky"),
    ("本田社长三部敏宏宣布电动化计划调整。", "person.toshihiro_mibe"),
    ("道达尔能源首席执行官潘彦磊表示油价将维持高位。", "person.patrick_pouyanne"),
    ("以太坊联合创始人布特林发文谈扩容。", "person.vitalik_buterin"),
    ("乔布斯当年推出的iPhone改变了手机行业。", "person.steve_jobs"),
    ("穆迪首席经济学家赞迪表示衰退风险上升。", "person.mark_zandi"),
    ("泡泡玛特创始人王宁称海外收入大增。", "person.wang_ning_popmart"),
    ("拼多多董事长陈磊在业绩会上表示。", "person.chen_lei_pdd"),
    ("京东首席执行官许冉出席发布会。", "person.sandy_xu"),
]

# (sentence, surface as written, the person its full name links): other dots than ·, and a plain space
DOTS = [
    ("埃隆・马斯克在社交平台发文。", "埃隆・马斯克", "person.elon_musk"),
    ("大卫‧泰珀表示仍看好中国资产。", "大卫‧泰珀", "person.david_tepper"),
    ("比尔•盖茨宣布新的捐款计划。", "比尔•盖茨", "person.bill_gates"),
    ("亚历克斯･卡普称政府订单增长。", "亚历克斯･卡普", "person.alex_karp"),
    ("比尔 盖茨接受采访时表示。", "比尔 盖茨", "person.bill_gates"),
    ("沃伦・巴菲特宣布年底退休。", "沃伦・巴菲特", "person.warren_buffett"),
]

# (sentence, surface, the person it must link): a government word right after a leader's name
GOVERNMENTS = [
    ("高市政府将推出新的经济刺激方案。", "高市", "person.sanae_takaichi"),
    ("高市内阁支持率小幅下滑。", "高市", "person.sanae_takaichi"),
    ("日本高市政权面临预算难题。", "高市", "person.sanae_takaichi"),
    ("特朗普政府宣布新一轮关税。", "特朗普", "person.donald_trump"),
    ("石破政府此前提出的方案被搁置。", "石破", "person.shigeru_ishiba"),
    ("马杜罗政权遭到新的制裁。", "马杜罗", "person.nicolas_maduro"),
    ("桑切斯政府批准新的住房计划。", "桑切斯", "person.pedro_sanchez"),
]

# (sentence, surface that must not link to a person)
NOT_LINKED = [
    ("提高市政府的办事效率是今年重点。", "高市"),
    ("蒋毅敏表示公司将加快扩产。", "蒋毅"),
    ("公司法定代表人王宁辉表示。", "王宁"),
    ("奥菲尔·卡茨表示对项目有信心。", "卡茨"),
    ("蕾韦卡·格林斯潘当选秘书长。", "格林斯潘"),
    ("政府采购名单中有戈恩斯等企业。", "戈恩"),  # Ghosn is entered in full only
]

# (sentence, surface, the person that still links): the same rules leave the person's own names alone
STILL_LINKED = [
    ("蒋毅表示将继续推进改革。", "蒋毅", "person.jiang_yi"),
    ("王毅说中方愿同各方合作。", "王毅", "person.wang_yi"),
    ("以色列·卡茨表示将继续军事行动。", "以色列·卡茨", "person.israel_katz"),
    ("以色列国防部长卡茨表示。", "卡茨", "person.israel_katz"),
    ("艾伦·格林斯潘曾警告市场非理性繁荣。", "艾伦·格林斯潘", "person.alan_greenspan"),
    ("伊隆·马斯克称星舰将再次发射。", "马斯克", "person.elon_musk"),  # a variant of 埃隆, not another person
    ("唐纳德·约翰·特朗普签署行政令。", "特朗普", "person.donald_trump"),  # a middle name after the known one
    ("JD·万斯表示将访问欧洲。", "万斯", "person.jd_vance"),  # initials in Latin letters
    ("里士满联储主席汤姆·巴尔金表示通胀仍高。", "巴尔金", "person.tom_barkin"),  # Tom for Thomas (NICKNAMES)
]

# Provincial and city governments: not gold public bodies (fresh/README.md); nothing links in them.
LOCAL_GOVERNMENTS = ["上海市政府发布新的稳增长措施。", "深圳市政府与多家企业签约。", "广东省政府召开新闻发布会。",
                     "杭州市政府出台人工智能扶持政策。"]


@pytest.mark.parametrize(("sentence", "expected"), LINKS)
def test_new_business_people_link(link, sentence: str, expected: str) -> None:
    assert expected in [m.entity_id for m in link(sentence) if m.type == "person"]


@pytest.mark.parametrize(("sentence", "surface", "expected"), DOTS)
def test_other_name_dots_match_the_full_name(link, normalizer, sentence: str, surface: str, expected: str) -> None:
    text = normalizer(sentence)
    assert surface in text  # the normalized text keeps the dot as written: judged offsets index it
    found = [(m.surface, m.entity_id, text[m.start:m.end]) for m in link(sentence)]
    assert (surface, expected, surface) in found


@pytest.mark.parametrize(("sentence", "surface", "expected"), GOVERNMENTS)
def test_a_leaders_government_links_the_leader(link, sentence: str, surface: str, expected: str) -> None:
    assert [m.entity_id for m in link(sentence) if m.surface == surface] == [expected]


@pytest.mark.parametrize(("sentence", "surface"), NOT_LINKED)
def test_longer_or_other_names_do_not_link(link, sentence: str, surface: str) -> None:
    assert [m for m in link(sentence) if m.type == "person" and surface in m.surface] == []


@pytest.mark.parametrize(("sentence", "surface", "expected"), STILL_LINKED)
def test_the_persons_own_names_still_link(link, sentence: str, surface: str, expected: str) -> None:
    found = [(m.surface, m.entity_id) for m in link(sentence)]
    assert (surface, expected) in found
    assert all(m.type == "person" for m in link(sentence) if m.surface in ("JD", "JD·")), found


@pytest.mark.parametrize("sentence", LOCAL_GOVERNMENTS)
def test_local_governments_link_nothing(link, sentence: str) -> None:
    assert [m for m in link(sentence) if m.type in ("org", "person")] == []


def test_context_rows_read_the_government_words() -> None:
    """高市政府 is evidence for Takaichi in the context table (a bare 高市 there has no other word of Japan)."""
    assert {"高市" + word for word in GOVERNMENT_AFTER} <= set(CONTEXT_NAMES["高市"].readings[0].words)
    assert "･" in NAME_DOTS and "・" in NAME_DOTS


def test_new_people_say_who_they_are(glossary: CompiledGlossary) -> None:
    new = [e for e in glossary.entries.values()
           if Path(e.where.rsplit(":", 1)[0]).name == "business_round5.yaml"]
    assert len(new) >= 100
    assert all(e.type == "person" and e.role and e.country for e in new)
