"""English for names no glossary lists, found by jieba's part-of-speech tags: Chinese people in pinyin,
surname first (张波 → Zhang Bo); places and foreign names by CC-CEDICT's English where it has a short
proper name (成都 → Chengdu, 鲍威尔 → Powell), else pinyin; organisation-like names as the glossary would
name a company (pinyin of the distinctive part, generic part translated). Never Chinese characters.
"""

from __future__ import annotations

from pipeline.glossary.naming import canonical_english
from stages.translators.cedict import Cedict

# jieba tags: nr person, nrfg/nrt person (full name / transliterated), ns place, nt organisation, nz other
# proper noun.
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
PLACE_TAGS = frozenset({"ns"})
ORG_TAGS = frozenset({"nt", "nz"})
NAME_TAGS = PERSON_TAGS | PLACE_TAGS | ORG_TAGS
# Two-character surnames (百家姓), read as one word: 欧阳娜娜 → Ouyang Nana.
COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 令狐 慕容 尉迟 公孙 夏侯 长孙 宇文 司徒 端木 独孤 "
                              "南宫 西门 百里 呼延 轩辕 万俟 闻人 澹台 申屠 太史 钟离 拓跋".split())
# The most common one-character surnames (Ministry of Public Security ranking, top ~130).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝赖")
# Surnames whose reading as a surname differs from the character's everyday reading.
SURNAME_READINGS = {"单": "Shan", "曾": "Zeng", "解": "Xie", "仇": "Qiu", "查": "Zha", "区": "Ou", "朴": "Piao",
                    "盖": "Ge", "缪": "Miao", "翟": "Zhai", "覃": "Qin", "尉迟": "Yuchi", "万俟": "Moqi",
                    "长孙": "Zhangsun", "柏": "Bai", "乐": "Yue", "秘": "Bi", "任": "Ren", "华": "Hua"}
# A Chinese personal name is a surname and one or two given-name characters.
GIVEN_NAME_LENGTHS = (1, 2)
# Place-name endings rendered as an English word after the place ("" drops it: 成都市 → Chengdu).
PLACE_SUFFIXES = {"自治区": "autonomous region", "特别行政区": "SAR", "省": "province", "市": "", "县": "county",
                  "区": "district", "州": "prefecture", "镇": "town", "乡": "township", "村": "village"}


# One-character country and region abbreviations that headlines pair up (美俄 → US-Russia, 中欧 → China-EU).
COUNTRY_ABBREVIATIONS = {"美": "US", "中": "China", "俄": "Russia", "日": "Japan", "韩": "South Korea",
                         "欧": "EU", "英": "UK", "德": "Germany", "法": "France", "台": "Taiwan", "港": "Hong Kong",
                         "陆": "mainland", "乌": "Ukraine", "印": "India", "澳": "Australia", "加": "Canada",
                         "以": "Israel", "伊": "Iran", "朝": "North Korea", "越": "Vietnam", "巴": "Pakistan"}


def country_pair(word: str) -> str | None:
    """美俄 → 'US-Russia' when both characters are country abbreviations, else None."""
    if len(word) == 2 and all(ch in COUNTRY_ABBREVIATIONS for ch in word) and word[0] != word[1]:
        return "-".join(COUNTRY_ABBREVIATIONS[ch] for ch in word)
    return None


def pinyin_syllables(han: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(han, v_to_u=True)


def pinyin_word(han: str) -> str:
    """All syllables joined and capitalized: 布林肯 → Bulinken, 西咸 → Xixian."""
    return "".join(pinyin_syllables(han)).capitalize()


def split_person(name: str) -> tuple[str, str] | None:
    """(surname, given name) when the token reads as a Chinese personal name, else None."""
    for size in (2, 1):
        surname, given = name[:size], name[size:]
        if (surname in COMPOUND_SURNAMES if size == 2 else surname in SURNAMES) and len(given) in GIVEN_NAME_LENGTHS:
            return surname, given
    return None


def person_english(surname: str, given: str) -> str:
    """张波 → Zhang Bo, 欧阳娜娜 → Ouyang Nana, 曾毓群 → Zeng Yuqun: English order is the Chinese order."""
    family = SURNAME_READINGS.get(surname) or pinyin_word(surname)
    return f"{family} {pinyin_word(given)}"


def place_english(name: str, cedict: Cedict) -> str:
    """成都 → Chengdu, 广州市 → Guangzhou, 四川省 → Sichuan province; pinyin where CC-CEDICT has no name."""
    if english := cedict.name(name):
        return english
    for suffix, english_suffix in PLACE_SUFFIXES.items():
        base = name.removesuffix(suffix)
        if base != name and len(base) >= 2:
            return f"{place_english(base, cedict)} {english_suffix}".strip()
    return pinyin_word(name)


def name_english(token: str, tag: str, cedict: Cedict) -> str | None:
    """English for a token jieba tags as a name, or None when the tag is not a name tag or the token has a
    common meaning (jieba tags 许可 and 智慧 nr too)."""
    if tag not in NAME_TAGS or len(token) < 2 or cedict.sense(token):
        return None
    if pair := country_pair(token):
        return pair
    if tag in PLACE_TAGS:
        return place_english(token, cedict)
    if english := cedict.name(token):
        return english
    if tag in PERSON_TAGS:
        person = split_person(token)
        return person_english(*person) if person else pinyin_word(token)
    return canonical_english(token)
