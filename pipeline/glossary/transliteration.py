"""Is a company's short name part of a transliterated foreign name? (issue 16, round 6)

Chinese writes foreign people's and places' names by sound, with a small set of characters (the Xinhua
transliteration tables: 阿, 里, 伊, 戈, 尔, 斯, 特 …) and a middle dot between the parts (阿里·巴盖里,
詹姆斯·克劳斯). Company short names made of the same characters (阿里 Alibaba, 戴尔 Dell, 克劳斯 Krones' Chinese
short name, 伊戈尔 an A share) then match inside such names. A name that is all transliteration characters and
either touches a name dot whose other side is transliteration too, or sits inside a longer run of them glued on
both sides, is read as part of the foreign name, not as the company.

Kept: a name with a non-transliteration character (奔驰 in 梅赛德斯·奔驰, 中国联通·上海…), a name whose dot
neighbour is an ordinary word (兆丰‧美利达 a sponsored race), a name with anything else on either side.
"""

from __future__ import annotations

from pipeline.glossary.commonness import dictionary

# Characters of the Xinhua transliteration tables for English, Russian, Arabic, German, French and Spanish names
# (general knowledge, not read from news): the sound characters only, not the few native words the tables also
# use. Written once here; the dot characters are compiled.NAME_DOTS.
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾爱安昂奥敖巴拜班邦鲍贝本比彼毕宾波伯勃博布查达戴丹道德登迪蒂丁东杜顿多厄恩尔法凡范菲费芬冯弗"
    "福夫盖甘冈戈格根贡古瓜圭哈海汉杭豪赫亨胡霍基吉加贾杰捷金津卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾"
    "里利莉列林琳隆卢鲁伦罗洛玛马迈麦曼芒毛梅门蒙米敏明莫姆穆纳娜奈南内尼涅宁纽努诺欧帕派潘庞佩彭皮珀普奇齐恰"
    "乔切琴琼丘屈萨塞赛桑瑟森沙莎舍申什施斯松苏索塔泰坦汤唐特滕提图托瓦旺威韦维温文沃乌西希谢辛休雅亚扬耶伊"
    "尤约扎泽詹兹佐")

# A run glued on both sides is a longer foreign name unless what follows the name is a common word of its own
# (jieba frequency: 达成 1,850, 达到 15,471; transliteration pairs 斯特 110, 巴纳 9).
WORD_AFTER_FREQ = 1_000


def is_transliteration(name: str) -> bool:
    """Every character of the name is a transliteration character (阿里, 戴尔, 伊戈尔; not 奔驰, 中国联通)."""
    return all(ch in TRANSLITERATION_CHARS for ch in name)


def inside_foreign_name(text: str, start: int, end: int, dots: str) -> bool:
    """The name (all transliteration characters, the caller has checked) at text[start:end] is part of a foreign
    name: its run of transliteration characters touches a name dot whose other side is transliteration too
    (阿里·巴盖里, 詹姆斯·克劳斯, 法赫尔丁·阿里延), or the run goes on past the name on both sides (伊利诺伊
    is no 伊利: 伊利 is at the run's start, so it is left to the word checks)."""
    left = start
    while left and text[left - 1] in TRANSLITERATION_CHARS:
        left -= 1
    right = end
    while right < len(text) and text[right] in TRANSLITERATION_CHARS:
        right += 1
    if left < start and right > end and dictionary().freq(text[end:end + 2]) < WORD_AFTER_FREQ:
        return True  # (科帕卡巴纳; not 因艾伯维达成: 达成 is a word of its own after the name)
    if left >= 2 and text[left - 1] in dots and text[left - 2] in TRANSLITERATION_CHARS:
        return True
    return right + 1 < len(text) and text[right] in dots and text[right + 1] in TRANSLITERATION_CHARS
