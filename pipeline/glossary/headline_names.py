"""Where a famous short company name ends in a headline, and when a longer word around it is someone else's name.

Headlines write a short name (建行, 强生, 永辉) straight before the next company, a reporting period or a business
word that is no dictionary word (建行农行, 强生第三季度营收, 永辉调改门店); the linker's end check
(compiled.ends_word) saw none of them as an end. And a short name can be the tail of a longer proper noun the
glossary lacks (信通 in 迪信通) or the head of the brand's own product (茅台 in 茅台酒).
"""

from __future__ import annotations

import re

from pipeline.glossary.commonness import FUNCTION_CHAR_FREQ, PROPER_NOUN_TAGS, dictionary, is_proper_noun_word

# A reporting period right after a name ends it: 强生第三季度营收, 苹果一季度净利, 永辉上半年亏损, 腾讯2025年营收,
# 长实中期盈利 (Hong Kong's interim results).
# (The market-context check still asks for a results word near it: the period alone is no context.)
PERIOD_AFTER = re.compile(r"(?:第?[一二三四1-4１-４]季度|[一二三四]季报|前三季度|[上下]半年|全年|年度|中期|"
                          r"首季|今年|去年|明年|本季|上季|[上本]?财年|上年|Q[1-4]|FY|(?:19|20)\d\d(?:年|财年|财政年度))")
# Corporate-event words of headlines that show the name is the company acting, after the name in its clause: store
# openings, a new CEO, recalls. The business words of consumer and industry headlines that compiled.MARKET_CONTEXT
# lacked; each reads as a company's own act. Only after the name: before it (召回部分吉利银河M9) the word is about
# another subject. Measured on the dev sources (DOCS-famous7.md).
EVENT_WORDS = ("门店", "开店", "关店", "闭店", "换帅", "召回", "年报", "季报", "中报", "财年", "新任", "首席执行官",
               "董事长", "副董事长", "副总裁", "创始人", "高管", "CEO", "CFO", "COO",
               # a company's chair and its bank's president (长实主席, 建行行长), its shareholders' meeting
               "主席", "行长", "股东会",
               # Hong Kong's results words (盈利, 纯利, 溢利 "profit"; 派息, 股息 "dividend"): 长实纯利跌, 建行派息
               "盈利", "纯利", "溢利", "派息", "股息",
               # a listing of the company's own shares (赣锋拟发行H股, X递表港交所)
               "H股", "IPO", "递表", "招股", "赴港上市")
EVENT_FIRST = frozenset(word[0] for word in EVENT_WORDS)
EVENT_WORD = re.compile("|".join(EVENT_WORDS))
# Characters that make a brand's product word of it: jieba's 茅台酒, 李宁牌, 银联卡 (a company name + one of these is
# a dictionary word). Found by listing every jieba word that is a glossary company name plus one character: the
# other endings are places (县, 市, 区, 镇), teams (队), people (人) and forms (性, 式), none the company's product.
PRODUCT_ENDS = frozenset("酒牌卡")
# How far before a name a longer proper noun may begin (迪|信通: one character; 华迪|信通: two).
LONGER_NOUN_REACH = 2
# Where a corporate-event word may stand after a name that must show its end: right after it, or after two
# characters (永辉|调改|门店, 长城|魏牌|CEO), not after one (九天睿|芯|董事长: one leftover character is the rest of
# a longer name).
EVENT_GAPS = (0, 2)


def event_word_after(text: str, end: int) -> bool:
    """A corporate-event word right after the name or two characters on (永辉调改门店, 甲骨文CFO)."""
    for k in EVENT_GAPS:
        at = end + k
        if at < len(text) and text[at] in EVENT_FIRST and text.startswith(EVENT_WORDS, at):
            return True
    return False


def has_event_word(clause_after: str) -> bool:
    """A corporate-event word in the clause after the name (the market-context window): 永辉调改门店超过300家."""
    return EVENT_WORD.search(clause_after) is not None


def period_after(text: str, end: int) -> bool:
    """A reporting period right after the name (强生第三季度, 永辉上半年)."""
    return PERIOD_AFTER.match(text, end) is not None


def company_name_after(text: str, end: int, companies: frozenset[str], longest: int) -> bool:
    """Another company's name right after this one: two short names written together end each other (建行农行同日
    宣布…, 三星海力士员工). A two-character one only when it ends like this name (建行|农行, both banks' short forms):
    two unrelated two-character names glued are as often one longer name (信通万华, a shareholder). `companies`
    holds the glossary's company names, lowercased; `longest` the longest to try."""
    lowered = text[end:end + longest].lower()
    return any(lowered[:k] in companies and (k > 2 or lowered[k - 1] == text[end - 1].lower())
               for k in range(2, len(lowered) + 1))


def product_word(text: str, start: int, end: int) -> bool:
    """The name, a proper noun in CC-CEDICT, + one product character is a dictionary word (茅台酒, 李宁牌): the
    brand's own product, so the word across the end is no reason to drop the company (苹果酒 "cider" is no brand's)."""
    if end >= len(text) or text[end] not in PRODUCT_ENDS:
        return False
    return dictionary().freq(text[start:end + 1]) > 0 and is_proper_noun_word(text[start:end])


def inside_longer_proper_noun(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """A proper noun jieba knows (tags nr, nz, nt …) that begins one or two characters before the name and ends
    where it ends, and is no glossary name: 迪信通 holds 信通 (600289.SH) as its tail, so 信通 is not meant."""
    words = dictionary()
    tags = words.tags
    for k in range(1, min(LONGER_NOUN_REACH, start) + 1):
        word = text[start - k:end]
        if tags.get(word) in PROPER_NOUN_TAGS and word.lower() not in names \
                and words.freq(text[start - k]) < FUNCTION_CHAR_FREQ and not words.is_place(text[start - k:start]):
            return True  # (not after a function word, 和鼎晖 in 火炬集团和鼎晖百孚, nor a place, 韩国三星电子)
    return False
