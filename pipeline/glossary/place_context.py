"""Is a company's name here a place, or the name of something named after the place? (issue 16, round 6)

Companies are named after the places they were born in (陆家嘴, 金融街, 上海临港, 大中华), and places and events
keep those names: 陆家嘴论坛 is a forum named after Shanghai's financial district, 在大中华地区 and 位于上海临港…以东
are locations, and a scheme named after a company's Hong Kong subsidiary (X香港计划) is no mention of the parent.
Each rule reads only the words right around the hit; none depends on knowing that the name is a place (jieba's
place tags miss most districts: 陆家嘴 is tagged a person's name there).
"""

from __future__ import annotations

import re

from pipeline.glossary.commonness import dictionary
from pipeline.glossary.naming import HAN

# A forum or summit named by the words before it: 陆家嘴论坛, 陆家嘴金融论坛, 金融街·金城坊论坛. A company's own event
# is 大会, 年会, 发布会 or carries its own words (瑞银亚洲投资论坛, 腾讯AI产业峰会), so only these two words, right
# after the name, after one general qualifier, or after a dot and a second place name, count.
EVENT_AFTER = re.compile(r"(?:[·•‧・･][\u4e00-\u9fff]{1,5})?(?:金融|国际|高峰|全球|经济|财富)?(?:论坛|峰会)")
EVENT_FIRST = frozenset("·•‧・･金国高全经财论峰")

# A location: a locative verb or preposition right before the name, and an area word after it, directly or after a
# few more place characters (在大中华地区, 位于上海临港小洋山以东, 落户中关村软件园). A company's own campus is 园区
# or 产业园 (在英特尔硅谷园区 stays Intel), so those are not area words here.
LOCATIVE_BEFORE = ("位于", "落户", "坐落于", "坐落在", "地处", "入驻", "进驻", "在", "于")
LOCATIVE_LAST = frozenset(word[-1] for word in LOCATIVE_BEFORE)
AREA_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:地区|区域|一带|海域|附近|周边|境内|以东|以西|以南|以北|新片区|片区|"
                        r"开发区|高新区|自贸区|科技园|软件园|科学城)")

# A park named as a place: the corporation that runs a science park carries the park's name (香港科学园, 数码港),
# and after a locative the name is the place (在/位于/落户 + the park).
PARK_ENDS = ("园", "园区", "科学城", "科技城", "数码港")
PARK_LAST = frozenset(word[-1] for word in PARK_ENDS)
PLACE_MAX_LEN = 4  # the longest place word looked for between the locative and the park's name

# A scheme named after a subsidiary named by the company and a place: X香港计划, X中国协议安排 (a scheme of
# arrangement, a restructuring plan). A listing plan (SK海力士美国上市计划) has its own word between.
SCHEME_AFTER = re.compile(r"(?:香港|中国|国际|海外|开曼|百慕大|英属维尔京群岛|新加坡|澳门)"
                          r"(?:计划|协议安排|安排计划|重组计划|重组方案|债务重组)")
SCHEME_FIRST = frozenset("香中国海开百英新澳")

# A street named after a body or company: 马会道, 太古城道, 汇丰路. The suffix must not begin a word of its own with
# the next character (腾讯道歉, 小米路由器, 美联储路径 keep the name), so a street is a suffix followed by a
# character that makes no dictionary word with it (马会道的, 马会道3号), by punctuation, or by the text's end.
STREET_SUFFIXES = frozenset("道路街巷")


def names_an_event(text: str, end: int) -> bool:
    """The name opens a forum's or summit's name: 陆家嘴论坛, 金融街·金城坊论坛, 陆家嘴金融论坛."""
    return end < len(text) and text[end] in EVENT_FIRST and EVENT_AFTER.match(text, end) is not None


def names_a_location(text: str, start: int, end: int) -> bool:
    """A locative before the name and an area word after it: 在大中华地区, 位于上海临港小洋山以东."""
    return start > 0 and text[start - 1] in LOCATIVE_LAST and text.endswith(LOCATIVE_BEFORE, 0, start) \
        and AREA_AFTER.match(text, end) is not None


def names_a_park(text: str, start: int, end: int) -> bool:
    """A park's name after a locative, or after a locative and a place: 位于香港科学园, 落户数码港, 位于香港|科学园
    (the place, not the corporation that runs it)."""
    if not text.endswith(PARK_ENDS, 0, end):
        return False
    if start > 0 and text[start - 1] in LOCATIVE_LAST and text.endswith(LOCATIVE_BEFORE, 0, start):
        return True
    words = dictionary()
    return any(words.is_place(text[start - k:start]) and text.endswith(LOCATIVE_BEFORE, 0, start - k)
               for k in range(2, min(start, PLACE_MAX_LEN) + 1))


def names_a_street(text: str, end: int) -> bool:
    """The name is followed by a street suffix that begins no word: 粉岭马会道, 马会道3号 (not 马会道歉)."""
    if end >= len(text) or text[end] not in STREET_SUFFIXES:
        return False
    nxt = text[end + 1:end + 2]
    return not HAN.match(nxt) or dictionary().freq(text[end:end + 2]) == 0


def names_a_scheme(text: str, end: int) -> bool:
    """The name and a place word open a scheme's name: X香港计划, X中国协议安排."""
    return end < len(text) and text[end] in SCHEME_FIRST and SCHEME_AFTER.match(text, end) is not None
