"""Canonical English for Chinese company short names (DESIGN.md §3): pinyin of the distinctive part,
the generic suffix translated, share-class and risk markers stripped.

中际旭创 → Zhongji Xuchuang, 光库科技 → Guangku Technology, 天孚通信 → Tianfu Communication, 沪电股份 → Hudian.
"""

from __future__ import annotations

import re

# Generic suffixes of A-share short names and their English; "" means the suffix is dropped (股份 = "shares").
SUFFIXES = {
    "股份": "", "科技": "Technology", "通信": "Communication", "通讯": "Communication", "银行": "Bank",
    "集团": "Group", "证券": "Securities", "电子": "Electronics", "医药": "Pharmaceutical",
    "药业": "Pharmaceutical", "制药": "Pharmaceutical", "生物": "Biotech", "电气": "Electric", "电力": "Power",
    "能源": "Energy", "新能": "New Energy", "环保": "Environmental", "环境": "Environment", "材料": "Materials",
    "新材": "New Materials", "智能": "Intelligent", "控股": "Holdings", "实业": "Industrial",
    "光电": "Optoelectronics", "精密": "Precision", "精工": "Precision", "重工": "Heavy Industry",
    "化工": "Chemical", "化学": "Chemical", "汽车": "Auto", "机械": "Machinery", "电器": "Appliances",
    "软件": "Software", "信息": "Information", "网络": "Network", "传媒": "Media", "文化": "Culture",
    "食品": "Food", "保险": "Insurance", "地产": "Real Estate", "置业": "Property", "矿业": "Mining",
    "钢铁": "Steel", "水泥": "Cement", "航空": "Airlines", "物流": "Logistics", "港口": "Port",
    "高速": "Expressway", "发展": "Development", "国际": "International", "医疗": "Medical", "健康": "Health",
    "半导体": "Semiconductor", "微电子": "Microelectronics", "光学": "Optics", "动力": "Power",
    "装备": "Equipment", "设备": "Equipment", "农业": "Agriculture", "酒业": "Liquor", "乳业": "Dairy",
    "纺织": "Textile", "服饰": "Apparel", "家居": "Home", "建设": "Construction", "建工": "Construction",
    "工业": "Industrial", "数据": "Data", "数字": "Digital", "技术": "Technology", "高科": "Hi-Tech",
    "高新": "Hi-Tech", "航天": "Aerospace", "船舶": "Shipbuilding", "铝业": "Aluminum", "黄金": "Gold",
    "石油": "Petroleum", "燃气": "Gas", "水务": "Water", "交通": "Transportation", "旅游": "Tourism",
    "教育": "Education", "游戏": "Games", "影视": "Pictures", "电缆": "Cable", "电池": "Battery",
    "锂业": "Lithium", "稀土": "Rare Earth", "铜业": "Copper", "煤业": "Coal", "能化": "Energy & Chemical",
    "轮胎": "Tire", "光伏": "Solar", "风电": "Wind Power", "药房": "Pharmacy", "百货": "Department Store",
    "商业": "Commercial", "租赁": "Leasing", "信托": "Trust", "期货": "Futures", "投资": "Investment",
    "资本": "Capital", "科创": "Sci-Tech", "创新": "Innovation", "机电": "Electromechanical", "仪器": "Instruments",
    "仪表": "Instruments", "检测": "Testing", "测控": "Measurement & Control", "照明": "Lighting",
    "家电": "Home Appliances", "电商": "E-commerce", "云": "Cloud",
}
RISK_PREFIX = re.compile(r"^(?:\*?ST|S\*ST|SST|S)(?=[\u4e00-\u9fff])")
SHARE_CLASS = re.compile(r"(?<=[\u4e00-\u9fff])(?:[AB]|-[UWV]+|[UW])$")
LATIN_RUN = re.compile(r"[A-Za-z0-9&]+|[\u4e00-\u9fff]+|.")


def base_name(short: str) -> str:
    """万科A → 万科, *ST中华A → 中华, 寒武纪-U → 寒武纪."""
    name = RISK_PREFIX.sub("", short.strip())
    return SHARE_CLASS.sub("", name)


def _pinyin_words(han: str) -> list[str]:
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(han)
    if len(syllables) <= 3:
        chunks = [syllables]
    else:  # 中际旭创 reads as two words, Zhongji Xuchuang
        chunks = [syllables[i:i + 2] for i in range(0, len(syllables), 2)]
        if len(chunks[-1]) == 1 and len(chunks) > 1:
            chunks[-2] += chunks.pop()
    return ["".join(chunk).capitalize() for chunk in chunks if chunk]


def newswire_case(name: str) -> str:
    """English as newswires case it ('HON HAI' → 'Hon Hai'); short all-caps words (ZTE, TCL) stay."""
    return " ".join(w if (len(w) <= 3 and w.isupper()) or not w.isupper() else w.capitalize() for w in name.split())


def canonical_english(short: str, *, original: str | None = None, listed_english: str | None = None) -> str:
    """English canonical name for a Chinese short name, by the project's convention.

    `original` is the listing's own characters (before Traditional → Simplified), `listed_english` the
    English short name of another listing of the same company (H share, ADR, B share), if any."""
    base = base_name(short)
    suffix_en = ""
    for size in (3, 2, 1):
        tail = base[-size:]
        if len(base) - size >= 2 and tail in SUFFIXES:
            base, suffix_en = base[:-size], SUFFIXES[tail]
            break
    words: list[str] = []
    for run in LATIN_RUN.findall(base):
        if re.match(r"[\u4e00-\u9fff]", run):
            words.extend(_pinyin_words(run))
        elif run.strip():
            words.append(run)
    if suffix_en:
        words.append(suffix_en)
    return " ".join(words)
