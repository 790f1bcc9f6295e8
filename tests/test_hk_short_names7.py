"""Issue 16 round 7: Hong Kong listings by the names media write that HKEX's full names do not give directly.

Derived by rule (pipeline/glossary/sources/hk_names.py): a leading province or big city comes off as 中国 and 香港
did (北京迪信通商贸 → 迪信通, 深圳市优必选科技 → 优必选), trade and scope words close a name as legal forms do
(商贸, 贸易, 工业, 产业, 环球, 管理, a closing 中国), and a core of ordinary words is kept when the listing's English
spells it in pinyin (山水水泥 of China Shanshui Cement). Curated (glossaries/companies/hk_names_round7.yaml and in
place): former names (阿里影业, 天马影视, 双汇国际 …), a delisted listing (复星旅文), Hong Kong household names and
Hong Kong's transliterations (平治 Mercedes-Benz, 福士 Volkswagen, 万事得 Mazda, 声宝 Sharp, 摩通 J.P. Morgan).
Sentences are written for these tests, in Traditional (Hong Kong news) and Simplified.
"""

from __future__ import annotations

import pytest

from pipeline.glossary.sources.hk_names import brand_spelled, candidates, home_prefix, is_distinctive
from pipeline.text.locale import CN, HK, TW
from tests.linking_support import names_found

# ---------------------------------------------------------------- the generator step


@pytest.mark.parametrize(("full", "english", "expected"), [
    ("北京迪信通商贸股份有限公司", "Beijing Digital Telecom Co., Ltd.",
     ["北京迪信通商贸", "北京迪信通", "迪信通商贸", "迪信通"]),
    ("深圳市优必选科技股份有限公司", "UBTECH ROBOTICS CORP LTD",
     ["深圳市优必选科技", "深圳市优必选", "优必选科技", "优必选"]),
    ("中国山水水泥集团有限公司", "China Shanshui Cement Group Limited",
     ["中国山水水泥集团", "中国山水水泥", "山水水泥集团", "山水水泥"]),
    ("迈富时管理有限公司", "Marketingforce Management Ltd", ["迈富时管理", "迈富时"]),
    ("天安中国投资有限公司", "Tian An China Investments Company Limited", ["天安中国", "天安中国投资", "天安"]),
    # a brand's China arm is written up to its 中国, bracketed or not
    ("味千(中国)控股有限公司", "Ajisen (China) Holdings Limited", ["味千中国", "味千控股", "味千"]),
    ("华晨中国汽车控股有限公司", "Brilliance China Automotive Holdings Limited",
     ["华晨中国", "华晨中国汽车控股", "华晨中国汽车"]),
    # the place must end where a word ends: 日照港 is a port, not 日照 + 港裕廊
    ("日照港裕廊股份有限公司", "Rizhao Port Jurong Co., Ltd.", ["日照港裕廊"]),
    # a translated core of ordinary words stays with its 中国 (光大 is Everbright, 海螺 Conch)
    ("中国光大环境(集团)有限公司", "China Everbright Environment Group Limited", ["中国光大环境"]),
    ("中国海螺环保控股有限公司", "China Conch Environment Protection Holdings Limited",
     ["中国海螺环保控股", "中国海螺环保"]),
    # a name HKEX pads with spaces gives no form that ends in a space
    ("健合 (H&H) 国际控股有限公司", "Health and Happiness (H&H) International Holdings Limited",
     ["健合  国际控股", "健合  国际", "健合"]),
])
def test_candidates(full: str, english: str, expected: list[str]) -> None:
    assert candidates(full, [english]) == expected


@pytest.mark.parametrize(("name", "prefix"), [
    ("深圳市优必选科技", "深圳市"), ("北京迪信通", "北京"), ("香港中华煤气", "香港"), ("中国山水水泥", "中国"),
    ("浙江省某某", "浙江省"), ("迪信通", None),
])
def test_home_prefix(name: str, prefix: str | None) -> None:
    assert home_prefix(name) == prefix


@pytest.mark.parametrize(("name", "english", "spelled"), [
    ("山水水泥", "China Shanshui Cement Group Limited", True),     # 山水 kept in pinyin: the company's name
    ("东吴水泥", "Dongwu Cement International Limited", True),
    ("光大环境", "China Everbright Environment Group Limited", False),  # translated
    ("再生能源投资", "China Renewable Energy Investment Limited", False),
    ("上海医药", "Shanghai Pharmaceuticals Holding Co., Ltd.", False),  # a spelled place is no brand
    ("山水水泥", "", False),
])
def test_brand_spelled(name: str, english: str, spelled: bool) -> None:
    assert brand_spelled(name, [english] if english else []) is spelled


@pytest.fixture(scope="module")
def everyday() -> frozenset[str]:
    from pipeline.glossary.generate import everyday_or_common_words

    return everyday_or_common_words()


@pytest.mark.parametrize(("name", "english", "distinctive"), [
    ("山水水泥", "China Shanshui Cement Group Limited", True),
    ("山水水泥", "", False),          # without the English's evidence, 山水 + 水泥 reads as ordinary words
    ("迪信通", "Beijing Digital Telecom Co., Ltd.", True),
    ("中国科创", "China Sci-Tech Industrial Investment Group Limited", False),  # a place and a generic word
    ("中国置业", "China Properties Group Limited", False),
])
def test_is_distinctive_with_english(everyday: frozenset[str], name: str, english: str, distinctive: bool) -> None:
    assert is_distinctive(name, everyday, [english] if english else []) is distinctive


# ---------------------------------------------------------------- linking

LINKS = [
    # derived by rule
    ("迪信通公布中期業績，收入按年下跌。", HK, "迪信通", "hk.6188"),
    ("迪信通发布盈利预警。", CN, "迪信通", "hk.6188"),
    ("山水水泥股價今早急升。", HK, "山水水泥", "hk.0691"),
    ("山水水泥发布年度业绩。", CN, "山水水泥", "hk.0691"),
    ("迈富时与一家芯片公司签署合作协议。", CN, "迈富时", "hk.2556"),
    ("银诺医药公布新药临床试验结果。", CN, "银诺医药", "hk.2591"),
    ("佑驾创新宣布收购一家物流科技公司。", CN, "佑驾创新", "hk.2431"),
    ("同仁堂国药股价午后走高。", CN, "同仁堂国药", "hk.3613"),      # not 同仁堂 (600085.SH)
    ("華晨中國股價急跌。", HK, "华晨中国", "hk.1114"),
    ("味千中國公布中期業績。", HK, "味千中国", "hk.0538"),
    # a name at the text's end that begins another entry's longer name (阿里巴巴影业) is still itself
    ("前首席科学家将加盟阿里巴巴", CN, "阿里巴巴", "hk.9988"),
    # former names
    ("阿里影業股價大升兩成。", HK, "阿里影业", "hk.1060"),
    ("阿里巴巴影业与一家影视公司展开合作。", CN, "阿里巴巴影业", "hk.1060"),  # not Alibaba
    ("證監會就天馬影視股份的內幕交易提出檢控。", HK, "天马影视", "hk.1326"),
    ("双汇国际完成收购美国猪肉加工商。", CN, "双汇国际", "hk.0288"),
    ("方興地產公布全年業績。", HK, "方兴地产", "hk.0817"),
    ("龍光地產宣布債務重組方案。", HK, "龙光地产", "hk.3380"),
    ("远洋地产宣布境外债务重组。", CN, "远洋地产", "hk.3377"),
    ("中遠太平洋公布碼頭吞吐量。", HK, "中远太平洋", "hk.1199"),
    ("首長國際公布停車場業務收入。", HK, "首长国际", "hk.0697"),
    ("恒騰網絡宣布更改公司名稱。", HK, "恒腾网络", "hk.0136"),
    ("平安好医生发布半年度业绩。", CN, "平安好医生", "hk.1833"),
    ("領匯宣布收購商場。", HK, "领汇", "hk.0823"),
    ("美团点评发布季度财报。", CN, "美团点评", "hk.3690"),
    ("華潤創業公布啤酒銷量。", HK, "华润创业", "hk.0291"),
    ("光大國際中標垃圾發電項目。", HK, "光大国际", "hk.0257"),
    ("世茂房地產公布上月合約銷售。", HK, "世茂房地产", "hk.0813"),
    ("龍湖地產公布上月合約銷售。", HK, "龙湖地产", "hk.0960"),
    ("恒大健康宣布更名。", CN, "恒大健康", "hk.0708"),
    ("和黃中國醫藥公布新藥數據。", HK, "和黄中国医药", "hk.0013"),
    # delisted: the company itself
    ("復星旅文公布私有化方案。", HK, "复星旅文", "company.fosun_tourism"),
    ("复星旅游文化股价大涨8%。", CN, "复星旅游文化", "company.fosun_tourism"),
    # Hong Kong household names and transliterations, in Hong Kong documents
    ("平治宣布明年在港推出新款電動車。", HK, "平治", "de.MBG"),
    ("平治(Benz)宣布在港推出新款電動車。", HK, "Benz", "de.MBG"),
    ("福士汽車上季全球交付量下跌。", HK, "福士汽车", "de.VOW3"),
    ("福士宣布削減歐洲產能。", HK, "福士", "de.VOW3"),
    ("萬事得公布上半年銷量。", HK, "万事得", "jp.7261"),
    ("富豪汽車宣布在華裁員。", HK, "富豪汽车", "se.VOLCAR-B"),
    ("蜆殼公布季度盈利。", HK, "蚬壳", "gb.SHEL"),
    ("聲寶推出新款冷氣機。", HK, "声宝", "jp.6753"),
    ("摩通發表報告，上調目標價。", HK, "摩通", "us.JPM"),
    ("百佳宣布下月起減價。", HK, "百佳", "company.parknshop"),
    ("惠康推出會員優惠。", HK, "惠康", "company.wellcome_hk"),
    ("美心宣布加價。", HK, "美心", "company.maxims"),
    ("翠華公布全年業績。", HK, "翠华", "hk.1314"),
    ("太興宣布開設新分店。", HK, "太兴", "hk.6811"),
    ("謝瑞麟股價今日上升。", HK, "谢瑞麟", "hk.0417"),
]


@pytest.mark.parametrize(("text", "locale", "name", "entity"), LINKS)
def test_hk_names_round7_link(glossary, normalizer, text: str, locale: str, name: str, entity: str) -> None:
    assert names_found(glossary, normalizer, text, locale).get(name) == entity


NOT_LINKED = [
    # Hong Kong's names are Hong Kong's: elsewhere they are other things
    ("惠康科技发布新款制冷设备。", CN, "company.wellcome_hk"),
    ("惠康推出新款冰箱。", CN, "company.wellcome_hk"),
    ("聲寶推出新款冷氣機。", TW, "jp.6753"),                 # Taiwan's 聲寶 is Sampo (1604.TW)
    ("平治天下是古人的理想。", CN, "de.MBG"),
    ("富豪榜上的名字又变了。", HK, "se.VOLCAR-B"),
    ("美心蛋糕很好吃。", CN, "company.maxims"),
    # derived names that must stay off
    ("中国科创板迎来新一批上市公司。", CN, "hk.0339"),
    ("謝瑞麟出席珠寶展開幕禮。", HK, "hk.0417"),               # the founder, no company context
    # a name inside a longer one that is another listing
    ("同仁堂国药股价午后走高。", CN, "cn.600085"),
    ("阿里巴巴影业与一家影视公司展开合作。", CN, "hk.9988"),
    ("智谱华章科技宣布新模型。", CN, "hk.1673"),             # not 华章科技
]


@pytest.mark.parametrize(("text", "locale", "entity"), NOT_LINKED)
def test_hk_names_round7_do_not_link(glossary, normalizer, text: str, locale: str, entity: str) -> None:
    assert entity not in names_found(glossary, normalizer, text, locale).values()
