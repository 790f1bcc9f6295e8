"""Issue 16 item 4: Hong Kong government and financial bodies and officials (glossaries/bodies/hong_kong.yaml,
glossaries/people/hong_kong.yaml). Hong Kong news writes them in Traditional; names that mean another body or an
everyday thing outside Hong Kong (税务局, 教育局, 统计处, 发展局, 保监局, 行政会议, 科学园) are zh_hk names and link
only in Hong Kong documents. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.records import Document
from pipeline.text.locale import CN, HK, TW

# (sentence as written, the document's locale, the Chinese name after normalizing, the entity it must link to)
LINKS = [
    ("財經事務及庫務局今日公布新措施。", HK, "财经事务及库务局", "org.hk_fstb"),
    ("財庫局局長許正宇出席論壇。", HK, "财库局", "org.hk_fstb"),
    ("財庫局局長許正宇出席論壇。", HK, "许正宇", "person.christopher_hui"),
    ("商經局發表聲明。", HK, "商经局", "org.hk_cedb"),
    ("創科局推出新資助計劃。", HK, "创科局", "org.hk_itib"),
    ("运输及物流局宣布新政策。", CN, "运输及物流局", "org.hk_tlb"),
    ("醫務衞生局宣布新安排。", HK, "医务卫生局", "org.hk_health_bureau"),
    ("發展局公布今年賣地計劃。", HK, "发展局", "org.hk_devb"),
    ("房屋局公布公營房屋供應數字。", HK, "房屋局", "org.hk_housing_bureau"),
    ("教育局宣布學校假期安排。", HK, "教育局", "org.hk_education_bureau"),
    ("保安局回應議員提問。", HK, "保安局", "org.hk_security_bureau"),
    ("政務司司長陳國基主持會議。", HK, "政务司司长", "org.hk_chief_secretary"),
    ("政務司司長陳國基主持會議。", HK, "陈国基", "person.eric_chan_hk"),
    ("財政司長陳茂波發表預算案。", HK, "财政司长", "org.hk_financial_secretary"),
    ("行政會議今日通過有關條例草案。", HK, "行政会议", "org.hk_exco"),
    ("投資推廣署協助逾五百間企業來港。", HK, "投资推广署", "org.investhk"),
    ("金融發展局發表研究報告。", HK, "金融发展局", "org.hk_fsdc"),
    ("保監局向一間保險公司罰款。", HK, "保监局", "org.hk_insurance_authority"),
    ("積金局公布強積金總資產。", HK, "积金局", "org.hk_mpfa"),
    ("財匯局對核數師展開調查。", HK, "财汇局", "org.hk_afrc"),
    ("外匯基金上半年錄得投資收入。", HK, "外汇基金", "org.hk_exchange_fund"),
    ("差餉物業估價署公布樓價指數。", HK, "差饷物业估价署", "org.hk_rvd"),
    ("稅務局發出利得稅報稅表。", HK, "税务局", "org.hk_ird"),
    ("統計處公布零售業總銷貨價值。", HK, "统计处", "org.hk_censtatd"),
    ("政府統計處公布最新失業率。", HK, "政府统计处", "org.hk_censtatd"),
    ("土地註冊處數據顯示住宅成交量上升。", HK, "土地注册处", "org.hk_land_registry"),
    ("旅發局預計訪港旅客人次增加。", HK, "旅发局", "org.hktb"),
    ("貿發局公布出口指數。", HK, "贸发局", "org.hktdc"),
    ("生產力促進局推出培訓計劃。", HK, "生产力促进局", "org.hkpc"),
    ("數碼港宣布新一批初創企業進駐。", HK, "数码港", "org.cyberport"),
    ("科學園有多間生物科技公司進駐。", HK, "科学园", "org.hkstp"),
    ("機管局公布客運量數字。", HK, "机管局", "org.hk_airport_authority"),
    ("港澳辦發言人發表談話。", HK, "港澳办", "org.hkmao"),
    ("中聯辦主任鄭雁雄出席活動。", HK, "中联办", "org.liaison_office_hk"),
    ("中聯辦主任鄭雁雄出席活動。", HK, "郑雁雄", "person.zheng_yanxiong"),
    ("財庫局副局長陳浩濂表示，市場運作暢順。", HK, "陈浩濂", "person.joseph_chan_hk"),
    ("證監會主席黃天祐表示歡迎。", HK, "黄天祐", "person.kelvin_wong_sfc"),
    ("運輸及物流局局長陳美寶出席活動。", HK, "陈美宝", "person.mable_chan"),
    ("澳門金融管理局公布外匯儲備。", HK, "澳门金融管理局", "org.amcm"),
    ("澳门特首岑浩辉发表施政报告。", CN, "岑浩辉", "person.sam_hou_fai"),
    # mainland news names Hong Kong bodies with 香港 in front: those forms link everywhere
    ("香港税务局发出报税表。", CN, "香港税务局", "org.hk_ird"),
    ("香港贸发局举办展览会。", CN, "香港贸发局", "org.hktdc"),
    ("香港科技园公司与多家企业签约。", CN, "香港科技园公司", "org.hkstp"),
    ("香港特区政府统计处今日公布第二季经济数据。", CN, "香港特区政府统计处", "org.hk_censtatd"),
    ("行會成員葉劉淑儀表示支持。", HK, "行会", "org.hk_exco"),
    ("行會成員葉劉淑儀表示支持。", HK, "叶刘淑仪", "person.regina_ip"),
    # Macao's 經濟財政司司長 is not Hong Kong's Financial Secretary: the longer name wins
    ("澳門特區政府經濟財政司司長出席會議。", HK, "澳门特区政府经济财政司司长", "org.macao_economy_finance"),
    # 數碼港元 is the digital Hong Kong dollar, not Cyberport: the longer term wins
    ("金管局研究數碼港元的應用。", HK, "数码港元", "term.e_hkd"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_hong_kong_bodies_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    zh = normalizer(text)
    found = {zh[m.start:m.end]: m.entry_id for m in glossary.find(zh, "zh", normalizer.script(text), locale)}
    assert found.get(name) == entity


# generic words that are Hong Kong bodies only in Hong Kong news: nothing of this file links in mainland text
EVERYDAY = [
    ("区教育局发布中小学开学安排。", CN),
    ("国家税务局与市税务局联合开展检查。", CN),
    ("公司统计处负责汇总数据。", CN),
    ("市城市发展局召开会议。", CN),
    ("上海保监局对一家保险公司作出处罚。", CN),
    ("公司召开行政会议研究年度预算。", CN),
    ("这座城市新建了一个科学园。", CN),
    ("外汇基金规模持续增长。", CN),
    ("稅務局公布今年綜合所得稅申報結果。", TW),
    ("古代的行会组织十分发达。", CN),
    ("巴基斯坦机场管理局发布通告。", CN),
    ("台积电在中部科学园区建设新厂。", CN),
    # in Hong Kong news too, 行会 inside 舉行會議 or 銀行會 is no Executive Council
    ("政府今日舉行會議討論預算。", HK),
    ("銀行會否加息備受關注。", HK),
    ("金管局研究數碼港元的應用。", HK),
]


@pytest.mark.parametrize(("text", "locale"), EVERYDAY)
def test_generic_words_do_not_link_outside_hong_kong(glossary, normalizer, text: str, locale: str) -> None:
    zh = normalizer(text)
    hits = [m for m in glossary.find(zh, "zh", normalizer.script(text), locale)
            if m.entry_id.startswith(("org.hk", "org.cyberport", "org.investhk")) and m.entry_id != "org.hkma"]
    assert not hits


def test_the_locale_comes_from_the_source(normalize, segmenter, linker) -> None:
    """A Hong Kong outlet's `source` makes 稅務局 the IRD; the same words from a mainland outlet link nothing."""
    docs = [Document(id="hk", title="稅務局公布本港薪俸稅新安排", body="", meta={"source": "RTHK 財經"}),
            Document(id="cn", title="税务局公布个人所得税新安排", body="", meta={"source": "财联社"})]
    out = linker.process(segmenter.process(normalize.process(docs)))
    assert [d.locale for d in out] == [HK, CN]
    assert [m.entity_id for m in out[0].mentions if m.surface == "税务局"] == ["org.hk_ird"]
    assert not [m for m in out[1].mentions if m.entity_id == "org.hk_ird"]


def test_people_keep_their_english_names(glossary) -> None:
    entry = glossary.entries["person.joseph_chan_hk"]
    assert (entry.en, entry.country) == ("Joseph Chan", "HK")
