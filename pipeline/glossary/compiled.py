"""The compiled glossary: Aho-Corasick automata over normalized names, built once and shared by stages."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from pipeline.cachedir import default_cache_dir
from pipeline.glossary.commonness import (
    ATTRIBUTIVE_TAG,
    FUNCTION_CHAR_FREQ,
    PROPER_NOUN_TAGS,
    common_word_across,
    commonness,
    context_words,
    dictionary,
    end_continuations,
    has_everyday_meaning,
    is_dictionary_word,
    is_everyday_english,
    is_known_name,
    is_phrase,
    is_proper_noun_word,
    is_vouched,
    is_word_at,
    needs_context,
    plain_reading_keeps,
    runs_on,
    start_continuations,
    word_in_window,
)
from pipeline.glossary.commonness import signature as commonness_signature
from pipeline.glossary.country import COUNTRY_NAMES, WORD_COUNTRY
from pipeline.glossary.headline_names import (
    company_name_after,
    event_word_after,
    has_event_word,
    inside_longer_proper_noun,
    period_after,
    product_word,
)
from pipeline.glossary.loader import Glossary, GlossaryError, glossary_digest, load_glossary, root_problem
from pipeline.glossary.naming import HAN as HAN_CHAR  # (a Chinese character: a name runs on into one)
from pipeline.glossary.official import chinese_places
from pipeline.glossary.place_context import (
    EVENT_FIRST,
    LOCATIVE_LAST,
    PARK_ENDS,
    SCHEME_FIRST,
    STREET_SUFFIXES,
    names_a_location,
    names_a_park,
    names_a_scheme,
    names_a_street,
    names_an_event,
)
from pipeline.glossary.schema import LOCALE_ALIAS_KEYS, Entry
from pipeline.glossary.sources.fund_names import MANAGER_FORM
from pipeline.glossary.transliteration import inside_foreign_name, is_transliteration
from pipeline.io.atomic import temp_path, write_bytes_atomic
from pipeline.text.clauses import CLAUSE_PUNCTUATION
from pipeline.text.normalizer import TextNormalizer

log = logging.getLogger(__name__)
# Compiled glossaries a process keeps for the stages unpickled in it (a run uses one).
SHARED_GLOSSARIES = 2
# The locales a glossary alias may be limited to (zh_hk → "hk"), pipeline/text/locale.py's values.
LOCALE_KEYS = tuple(LOCALE_ALIAS_KEYS.values())
# Bump when the compiled layout changes, so old caches are not read.
# 3: former_tickers; 10: commonness, script aliases; 13: home scripts; 15: everyday English;
# 17: index+ETF+manager fund names are not bare generic; 18: en_official; 19: locale aliases (zh_hk, zh_tw, zh_cn);
# 20: people and public bodies skip the commonness gate, role and country on entries;
# 21: NameInfo.named, everyday listing names, fund and place checks; 22: no fund part for public bodies;
# 24: indexes have a fund part (an index inside a fund's name is the fund's);
# 25: NameInfo's edge facts (latin_first, latin_last, unit_first, legal_end); 26: reports_in on entries;
# 27–31: the precision rules of round 5 (NameInfo.word, common-word edges, parent groups, city names);
# 32: NameInfo.person and .given_names (a surname after another given name, a name inside a longer one);
# 33: each dotted full name also compiled with the other name dots and a space (DOT_VARIANTS);
# 34: NameInfo.begins_longer (only such names look up the longer-name table); 35: NameInfo.foreign and .park (a
# name inside a transliterated foreign name, a park named as a place), zh_mo aliases; 36: 34 and 35 merged;
# 37: a locale name needs no context that only another entry's name gives it (NameMatcher.local_free);
# 38: NameInfo.end_joins (the characters that continue a dictionary word across a name's end)
# 39-40: NameInfo.index_name (an index's whole name ending in 指数 is no everyday phrase) and .country_head (an
# index mention starts after the country word its name begins with: 韩国|KOSPI指数)
# 44: NameInfo.start_joins (the characters that carry a dictionary word across a name's start), end_joins only of
# the words counted across an end, begins_longer the characters after the name in the longer names (speed8)
# 45: 40 and 44 merged
COMPILER_VERSION = 45
# A cache file's first line names it, the compiler version, the glossary's content hash and the pickle's
# SHA-256: a file that does not say exactly this is never unpickled.
CACHE_MAGIC = "newsbridge-compiled-glossary"
ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# Latin names this short match only with their exact case: "Arm" or "LI" must not fire on "arm" or "li".
CASE_SENSITIVE_MAX_LEN = 4
# Chinese names that are also frequent everyday words (commonness.needs_context: 浪潮, 平安, 长城) link only with
# market context nearby: a stock code, or words like 股份, 公司, 股价, 涨, 跌.
CONTEXT_BEFORE, CONTEXT_AFTER = 6, 8
# The market-context window also ends at a colon, a full stop, spaces, headline brackets and circled item numbers
# (【中国巨石：…】, ④中国卫星：…).
CLAUSE_BREAK = re.compile(f"[{CLAUSE_PUNCTUATION}：:.\\s【】\u2460-\u2473]")
LIST_SEPARATOR = re.compile(r"\s*[、，,/和与及跟]\s*")
# Per-hit rules switched off, by name (see NameMatcher._check): for bench/rule_costs.py only, which measures what
# each rule costs in recall and buys in precision. Empty in every run.
DISABLED_RULES: frozenset[str] = frozenset()
# What may follow a company's name when it names a forum or a street (place_context): one lookup for both rules.
EVENT_OR_STREET_FIRST = EVENT_FIRST | STREET_SUFFIXES
# Verdicts of the per-hit checks; NEEDS_COMPANY: everything but market context passed.
ACCEPT, REJECT, NEEDS_COMPANY = 0, 1, 2
# A name followed, with only more Chinese in between, by one of these ends is part of a longer organisation's
# name (中国建筑科学研究院 is not 中国建筑; 南宁比亚迪新能源…有限公司 is a subsidiary, not BYD), unless a word in
# between shows the sentence moved on (宁德时代拟收购…有限公司, 海立股份股东…有限公司).
ORG_TAIL = re.compile(r"([\u4e00-\u9fff()（）]{0,24}?)(?:有限责任公司|有限公司|研究院|研究所|大学|学院|医院|"
                      r"联合会|基金会|慈善基金|商会|协会)")
LEGAL_FORM_WORDS = re.compile(r"股份|集团|控股|[()（）]")
TAIL_BREAK_WORDS = frozenset(
    "拟 将 已 曾 被 把 对 向 与 和 及 或 的 在 于 为 是 称 从 由 获 以 并 等 旗下 股东 控股股东 子公司 收购 并购 入股 "
    "增持 减持 持有 投资 参股 设立 成立 签署 签订 合作 联合 携手 起诉 公告 表示 宣布 完成 出资 控制 中标 发布 "
    "认购 出售 转让 拟向 通过 关于 预计 预测 认为 指出 计划 考虑 看好 据悉 会见 会晤 会谈 接见 拜会 出席 "
    # a regulator acting on a company (证监会同意长鑫科技集团股份有限公司…): the body, then its object
    "同意 批准 核准 受理 处罚 立案 责令 要求".split())
# A lone character between a clause boundary and a name is glued to it when jieba's dictionary tags it as an
# attributive-only word (区别词, "b": 唯 in ，唯德康医疗), which cannot open a clause on its own; verbs and
# nouns that open headlines (传苹果, 采台积电, 砍台积电) can.
# A name that starts with a numeral or unit and follows a digit is a quantity (100亿都 is not 亿都).
NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９零一二三四五六七八九十百千万亿两")
UNIT_CHARS = frozenset("十百千万亿元年月日个倍成股只家")
# A Latin name this short and all capitals is an acronym (AIDC, UMC): one of a Taiwan listing needs company
# context in Simplified text, where the same letters are usually something else (AIDC: AI data centre).
LATIN_ACRONYM_MAX_LEN = 5
# Short names of generated entries this long need evidence (is_known_name) to link without context.
ABBREVIATION_MAX_LEN = 2
# Which script a market's own news is written in. A listing file's two-character short name read in the other
# script names something else far more often: 新华 (新华社), 大华, 恒大 (Evergrande), 长虹 are Taiwan listings
# in Simplified text; 安泰 (安泰电业) is a mainland listing in Taiwan text. In the judged sample no such link
# was right.
HOME_SCRIPTS = {".TW": "hant", ".TWO": "hant", ".SH": "hans", ".SZ": "hans", ".BJ": "hans"}
# A listing's short name this common as an everyday word (occurrences per million words in jieba's
# dictionary: 全国 813, 联合 143, 生物 120, 老百姓 50) is a bare generic word; it links only when the text
# cites the listing's own code right after it (老百姓(603883)). Below it are names that market context
# settles (平安 24, 美食 17, 浪潮 7.7).
BARE_WORD_PER_MILLION = 50.0
# A listed name followed by at least this many characters that begin another entry's longer name is that
# other name, cut short (中国黄金国际 for 中国黄金国际资源, 2099.HK, is not 中国黄金, 600916.SH).
LONGER_NAME_MIN_EXTRA = 2
# A national body's short name right after a place or an administrative unit is a local office (广州市发改委,
# 省发改委, 北京银保监局) or another country's body (巴西央行); the country's own name does not count.
ADMIN_UNITS = frozenset("省市县区州")
# What a public body's short name ends in (发改委, 央行, 银保监局, 财政部, 证监会); a private organisation's name
# after a place is one of its own vehicles (宁波高瓴 is Hillhouse), so the rule is for these only.
PUBLIC_BODY_ENDINGS = tuple("委行局部会署厅办")
HOME_COUNTRY = frozenset({"中国", "我国", "全国"})
# 股 glued to an industry word makes a sector (银行股 bank stocks); how far an area word may follow a place name.
SECTOR_STOCK = "股"
# How an index's whole name ends (美元指数, 恒生指数): NameInfo.index_name.
INDEX_END = "指数"
# Words that make a country + industry name the industry of that country (中国稀土出口 "China's rare-earth
# exports", 中国黄金储备 "China's gold reserves", 中国医药产业), not the listed company of that name. Counted on the
# dev telegraphs (cls_telegraph_2026): 8 of 9 such places were the industry.
INDUSTRY_OF_PLACE = ("行业", "产业", "出口", "进口", "资源", "储量", "产量", "供应", "管制", "产能", "需求", "储备",
                     "消费", "市场", "工业", "开采", "冶炼")
# Category nouns that make a country + industry name the country's companies of that industry: 中国电信巨头 "Chinese
# telecom giants", 美国钢铁企业 "US steel companies" (dev: its one link was wrong; DOCS-famous7.md). Not where
# the noun begins a longer dictionary word (中国石油企业家: 企业家 "entrepreneurs").
CATEGORY_AFTER_INDUSTRY = ("巨头", "企业", "业者", "厂商", "运营商", "大厂",
                           # a region's or country's sector in trouble, its plant (亚洲金融危机, 卡塔尔能源设施)
                           "危机", "风暴", "震荡", "动荡", "设施")
AREA_WORD_GAP = 2
# An enumeration's comma, the longest item word read beside it and how many items (listed_among_words).
ENUMERATION_COMMA = "、"
LIST_ITEM_MAX = 4
LIST_ITEMS_MAX = 6
LIST_ITEM_ENDS = "、等和与及"
# A listing named by a place this long needs company context (is_place_listing_name).
PLACE_NAME_MIN_LEN = 3
PLACE_MAX_LEN = 4  # longest place word looked for before the name (内蒙古, 哈萨克斯坦 is cut, rarely matters)
# Transliterated foreign personal names are joined by a middle dot (尼克·鲍姆加特纳): a name that starts inside
# the run of Chinese after the dot is part of the person's name (加特纳 is not Gartner there).
NAME_DOTS = "·•‧・･"
# The dot the glossary writes in full names, and what else news writes there (埃隆・马斯克, 大卫‧泰珀, 埃隆 马斯克):
# each full name is also a pattern with each of these in place of its dots (NameMatcher), so the text, its offsets
# and the per-text work stay as they were.
GLOSSARY_DOT = "·"
FOLD_DOTS = str.maketrans({dot: GLOSSARY_DOT for dot in NAME_DOTS if dot != GLOSSARY_DOT})
DOT_VARIANTS = (*(dot for dot in NAME_DOTS if dot != GLOSSARY_DOT), " ")
FOLD_NAME_GAPS = str.maketrans({gap: GLOSSARY_DOT for gap in DOT_VARIANTS})
# What follows a leader's name when the text means the leader's government (高市政府, 高市内阁, 马杜罗政权): a word of
# its own, so the name ends there whatever jieba reads across the edge (高|市政府).
GOVERNMENT_AFTER = ("政府", "内阁", "政权", "当局")
# A person's two-character Chinese name (蒋毅) followed by a character that begins no word and is no function word
# (对, 说, 称 are above FUNCTION_CHAR_FREQ) is the head of a longer name the glossary lacks (蒋毅敏).
SHORT_PERSON_NAME = 2
MAX_NAME_RUN = 4  # longest word looked for after such a name
# English short forms of given names as Chinese writes them → the full forms (汤姆 Tom → 托马斯 Thomas): a person the
# glossary knows as 托马斯·巴尔金 is still himself as 汤姆·巴尔金.
NICKNAMES = {short: frozenset(full.split()) for short, full in {
    "汤姆": "托马斯", "汤米": "托马斯", "比尔": "威廉", "吉姆": "詹姆斯", "杰米": "詹姆斯",
    "鲍勃": "罗伯特", "罗伯": "罗伯特", "迈克": "迈克尔", "米奇": "迈克尔", "迪克": "理查德",
    "里奇": "理查德", "史蒂夫": "史蒂文 斯蒂芬 斯蒂文", "戴夫": "大卫 戴维", "杰夫": "杰弗里 杰弗瑞",
    "肯": "肯尼斯 肯尼思", "拉里": "劳伦斯", "泰德": "爱德华 西奥多", "埃德": "爱德华", "本": "本杰明",
    "丹": "丹尼尔", "山姆": "塞缪尔", "萨姆": "塞缪尔", "乔": "约瑟夫", "安迪": "安德鲁", "托尼": "安东尼",
    "克里斯": "克里斯托弗", "马特": "马修", "尼克": "尼古拉斯", "帕特": "帕特里克", "凯蒂": "凯瑟琳",
    "贝丝": "伊丽莎白", "利兹": "伊丽莎白", "查克": "查尔斯", "查理": "查尔斯"}.items()}
PERSON_NAME_TAG = "nr"  # jieba's tag of personal names
GIVEN_END_MIN_NAMES, GIVEN_END_MIN_SHARE, GIVEN_END_COMMON = 20, 0.03, 300
# Where people's names are Chinese names (surname + given name): a transliterated name (川普, 拜登) is followed by
# other transliterations (川普普丁) that prove nothing.
CHINESE_NAME_COUNTRIES = frozenset({"CN", "HK", "TW", "MO", "SG"})
# The end of a Chinese legal name, and the ends of organisation names (for a quick test before ORG_TAIL).
LEGAL_NAME_END = "公司"
# A listed mainland company's legal form, the digits of its A-share code, and how many descriptive characters
# its legal name puts between the short name and the form (立讯精密 + 工业, 新产业 + 生物医学工程).
JOINT_STOCK_END = "股份有限公司"
A_SHARE_CODE_DIGITS = 6
JOINT_STOCK_WORDS_MAX = 8
# An A share's legal form is 股份有限公司 (万华化学集团股份有限公司 is the listed company); its short name followed by
# one of these is its parent group (五粮液集团有限公司, 淮河能源集团公司, 山西焦煤集团有限责任公司), which the
# glossary links only where it holds the group as an entry of its own (中国稀土集团).
GROUP_COMPANY_TAILS = ("集团有限公司", "集团有限责任公司", "集团公司")
ORG_END = re.compile(r"有限责任公司|有限公司|研究院|研究所|大学|学院|医院|联合会|基金会|慈善基金|商会|协会")
# A Latin name glued by a hyphen to a code (OBI-822, AURORA-X) is a product; -KY marks a Taiwan listing.
PRODUCT_CODE_AFTER = re.compile(r"-(?!KY\b)[A-Z0-9]")
# Fund and index words that distinguish no fund, and how many other characters a fund name needs.
FUND_WORDS = re.compile(r"ETF|LOF|QDII|基金|指数|指基|股基|联接|增强|龙头|[()（）]", re.IGNORECASE)
DISTINCT_MIN_CHARS = 2
FUND_EN_WORDS = frozenset({"ETF", "LOF", "FUND", "INDEX", "QDII"})
# Listing names cut at this many characters or more may be completed by a one-character-longer proper noun.
TRUNCATED_MIN_LEN = 4
# 'Name (code)': a parenthesised code right after a name says which listing is meant; another one rejects it.
CODE_OPENERS = frozenset("(（ ")
HK_CODE_DIGITS = 5
CODE_AFTER = re.compile(r"\s*[(（]\s*(\d{4,6})(?:\.[A-Za-z]{2})?\s*[)）]")
# A publication named after a name (劳氏日报 Lloyd's List, not Lowe's; 苹果日报 Apple Daily): the name is the
# publication's, not the company's.
# X政府军 ("X government forces") names an army: a government's name (也门政府) glued before 军 is not the body.
GOVERNMENT_FORCES = "政府军"
PUBLICATION_WORDS = ("日报", "时报", "晚报", "早报", "周刊", "杂志", "电视台", "通讯社", "新闻社")
PUBLICATION_FIRST = frozenset(word[0] for word in PUBLICATION_WORDS)
# A company's name read as the indicator or index it publishes (ADP就业数据, 小非农ADP, MSCI指数).
INDICATOR_AFTER = ("就业", "非农", "指数")
INDICATOR_BEFORE = "非农"
INDICATOR_AFTER_FIRST = frozenset(word[0] for word in INDICATOR_AFTER)
# A fund's name: a manager or an underlying company, a few more name characters, then a fund word (华夏上证50ETF,
# 景顺长城全球芯片LOF, SK海力士杠杆ETF). 基金会, 基金经理 are not funds.
# A fund's name ends in ETF, LOF or 基金, or in its class: 天弘全球高端制造混合(QDII)A, 易方达蓝筹精选混合A,
# 景顺长城全球半导体芯片产业股票型… (混合 only as a class: 混合动力, 混合云 are no fund).
FUND_CLASS = r"混合(?:型|[(（]|[A-C](?![A-Za-z])|发起)|股票型|债券型|指数型"
FUND_TAIL = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{0,12}?)"
                       r"(?:(?:ETF|LOF|基金)(?!会|经理|公司|管理|业)|" + FUND_CLASS + ")", re.IGNORECASE)
# The kinds of investment fund a partnership's name ends in (小米智造股权投资基金合伙企业): their 投资 is part of
# the fund's name, no verb moving the sentence on (欧盟批准沙特公共投资基金 still moves on).
INVESTMENT_FUND_KINDS = ("股权投资", "产业投资", "创业投资")
# A text names a fund (names_a_fund, a plain substring test on the lowercased text) when it has one of these;
# FUND_TAIL then decides whether a name is inside the fund's name.
FUND_WORDS_LOWER = ("基金", "etf", "lof", "混合", "股票型", "债券型", "指数型")
# 科创50ETF华夏, 沪深300 ETF华泰柏瑞: a fund company written right after ETF/LOF is the end of the fund's name.
FUND_BEFORE = ("etf", "lof", "etf ", "lof ")
FUND_BEFORE_LAST = frozenset(word[-1] for word in FUND_BEFORE)
# A date written right after a company's name, before what it did (四日, 3日, 周五, 昨日, 今晨, 晚间): ends_word looks
# past it for a learned follower. A count of days with 内/来 after it (三日内) is no date of the act, and is left.
DATE_AFTER = re.compile(r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十两]{1,3})日(?![内来])(?:晚间|早间|盘中|午后)?|"
                        r"周[一二三四五六日末]|[今昨前]日|今[晨天]|昨[晚天]|晚间|早间")
# The characters of a price move a date may stand before (四日涨超八成, 周五跌).
MOVE_CHARS = frozenset("涨跌")
# How many characters may stand between a name and a learned follower (小幅, 午后, 周三 before 上涨, 拉升, 宣布).
FOLLOWER_GAP = 2
# The longest company name looked for right after a short name (建行|农行, 工行|中国银行): media short names are 2-4
# characters, and a longer one is written with a separator.
COMPANY_AFTER_MAX_LEN = 4
# Single characters that, right after a context-needing name, show it ends there (涨, 股, 宣布, 的).
SHORT_NAME_FOLLOWERS = frozenset("涨跌股公集控发宣称表将于在的与和及等今昨近日拟获因已再也均年月")
MARKET_CONTEXT = re.compile(r"\d{6}|\d{4}\.HK|\.S[HZ]|股份|公司|股价|股票|集团|控股|涨|跌|市值|股东|公告|停牌|复牌|"
                            r"董事|营收|净利|业绩|收盘|开盘|板块|个股|龙头|财报|财测|法说|获利|估值|订单|执行长|CEO|"
                            r"总裁|推出|发布|手机|裁员|提价|降价|涨价|收入|销量|销售|利润")
# Business words that may follow a context-needing name directly and show the name ends there (可口可乐提价,
# 奔驰销量下滑, 网易游戏收入): the name is the company acting, not part of a longer everyday word.
BUSINESS_FOLLOWERS = ("提价", "降价", "涨价", "收入", "营收", "销量", "销售", "利润", "财报", "股价", "市值", "裁员",
                      "游戏", "旗下", "推出", "发布", "业绩",
                      # A share's price moves and its shareholder list (中央商场冲高, 五粮液前十大股东): market news
                      # writes them right after a short name, and jieba knows them as no word, so the learned
                      # followers (context_words.tsv, two-character dictionary words) cannot hold them.
                      "冲高", "拉升", "高开", "低开", "翻红", "翻绿", "异动", "封板", "炸板", "前十大",
                      # a stock leading or bucking its sector in a headline (老白干领涨, 同花顺领跌, 建行逆市升3%),
                      # and the strong moves jieba knows but news too rarely writes right after a name to be learned
                      "领涨", "领跌", "逆市", "暴涨", "暴跌", "大跌")


# What NameMatcher._check asks of a whole text, once per text (the first hit that needs it), by index in the list
# find() keeps for the text: a fund word (names_a_fund), an organisation ending (names_an_organisation), a name dot
# (holds_name_dot).
FUND_FACT, ORG_FACT, DOT_FACT = 0, 1, 2
# A hit of the automaton is (pattern index, start, end).
HIT_START = itemgetter(1)


class Match(NamedTuple):
    start: int
    end: int
    entry_id: str


# Match(start, end, entry_id) without the Python-level __new__ a NamedTuple has (find()'s, one per name found).
new_match = partial(tuple.__new__, Match)
# What the matcher finds, as plain tuples (start, end, entry id): the link stage reads them so (CompiledGlossary.spans),
# a Match built for each cost it about 2%.
Span = tuple[int, int, str]


def _is_word_char(ch: str) -> bool:
    return ch in ASCII_WORD


def _lower_same_length(text: str) -> str:
    """Lowercase without changing any offset (a few characters lowercase to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def haystack_of(text: str) -> str:
    """The text as the automaton reads it (case folded, same offsets). The link stage asks it once per segment and
    hands it to spans(); where it equals the text, the text has no capital letter (no ticker to look for)."""
    haystack = text.lower()
    return haystack if len(haystack) == len(text) else _lower_same_length(text)


def _fold_name(name: str) -> str:
    """A name with its case and its name dots (a space too) folded: what a hit's text and its pattern share."""
    return name.casefold().translate(FOLD_NAME_GAPS)


class CompiledGlossary:
    """Names → entries, with leftmost-longest, non-overlapping matching in Chinese and English text."""

    # The directory compile_glossary() read it from (None when built from a Glossary directly): what a
    # pickled stage ships instead of the compiled object, see GlossaryRef.
    root: Path | None = None
    # The directory as the compiling caller named it ("glossaries" or "/home/ana/glossaries"): the prefix of
    # every entry's file, which reroot() rewrites for a caller naming the same files another way.
    compiled_under: str = ""

    def __init__(self, glossary: Glossary, normalize: Callable[[str], str]) -> None:
        self.glossary = glossary
        self.entries: dict[str, Entry] = glossary.by_id()
        self.zh_keys: dict[str, str] = {}  # normalized Chinese name → entry id
        self.en_keys: dict[str, str] = {}  # normalized English name → entry id
        # Names that link only in segments written in one script (超微 is AMD in Taiwan, 美超微 Super Micro), or
        # only in one locale's documents (证监会 is the SFC in Hong Kong news): script or locale → name → entry.
        self.script_keys: dict[str, dict[str, str]] = {"hant": {}, "hans": {}, **{loc: {} for loc in LOCALE_KEYS}}
        for entry in glossary.entries:
            for name in entry.zh_names():
                key = normalize(name)
                if key not in entry.unlinkable and not is_bare_generic(entry, key) \
                        and not (entry.generated and is_number(key)):
                    self.zh_keys.setdefault(key, entry.id)
            for script, names in (("hant", entry.aliases_zh_hant), ("hans", entry.aliases_zh_hans),
                                  *entry.aliases_zh_locale.items()):
                for name in names:
                    key = normalize(name)
                    if key and key not in entry.unlinkable:
                        self.script_keys[script].setdefault(key, entry.id)
            if entry.type != "term":  # a term's English is a rendering, not a name to look for
                for name in entry.en_names():
                    key = normalize(name)
                    # The listing files do not say whether a company is known by an everyday word; curated
                    # single-word names (Apple, Oracle, Visa) are judged by hand and keep linking.
                    if key.casefold() not in entry.unlinkable and not is_bare_generic_en(entry, key) \
                            and not (entry.generated and (is_number(key) or is_everyday_english(key))):
                        self.en_keys.setdefault(key, entry.id)
        self.zh_keys.pop("", None)
        self.en_keys.pop("", None)
        self._add_untruncated_names()
        # Chinese text names companies in Latin letters too (Meta, AMD, GB200).
        listed = {normalize(n) for e in glossary.entries for n in e.context_names}
        zh_names = {**self.zh_keys, **{k: v for keys in self.script_keys.values() for k, v in keys.items()}}
        self.context_keys = {key for key, entry_id in zh_names.items()
                             if key in listed or entry_needs_context(self.entries[entry_id], key)}
        # A locale name (zh_cn 恒大: Evergrande in mainland news) is judged by its own entry in its locale: the
        # context another market's listing needs for the same characters (Taiwan's 恒大, 1325.TW) is not its own.
        local_free = {(key, entry_id) for loc in LOCALE_KEYS for key, entry_id in self.script_keys[loc].items()
                      if key in self.context_keys and not entry_needs_context(self.entries[entry_id], key)
                      and key not in {normalize(n) for n in self.entries[entry_id].context_names}}
        codes = {e.id: frozenset(t.partition(".")[0] for t in [e.ticker, *e.tickers] if t and t[0].isdigit())
                 for e in glossary.entries}
        types = {e.id: e.type for e in glossary.entries}
        homes = {e.id: home for e in glossary.entries if e.generated and (home := home_script(e))}
        bare = {key for key, entry_id in self.zh_keys.items()
                if self.entries[entry_id].generated and commonness(key) >= BARE_WORD_PER_MILLION}
        # Chinese text names a listing-file company in Chinese; the Latin names Chinese news writes (Meta, AMD,
        # Palantir) are curated. A generated entry's English short name (104, Aurora, NAE, ATI) in Chinese text
        # was a false positive every time in the judged sample.
        latin = {key: entry_id for key, entry_id in self.en_keys.items() if not self.entries[entry_id].generated}
        legal_named = {e.id for e in glossary.entries if any(n.endswith(LEGAL_NAME_END) for n in e.zh_names())}
        curated = {e.id for e in glossary.entries if not e.generated}
        latin_homes = {e.id: home for e in glossary.entries if (home := home_script(e)) == "hant"}
        zh_extra = ZhChecks(homes, bare, longer_name_prefixes(self.zh_keys), legal_named, curated, latin_homes,
                            given_names(glossary.entries, normalize),
                            {e.id for e in glossary.entries
                             if e.type == "person" and e.country in CHINESE_NAME_COUNTRIES}, local_free)
        self._zh = NameMatcher({**latin, **self.zh_keys}, self.context_keys, codes, self.script_keys, types, zh_extra)
        self._en = NameMatcher(self.en_keys, set(), codes, {}, types)

    def _add_untruncated_names(self) -> None:
        """Listing files cut long names to a fixed width (摩根士丹 for 摩根士丹利); where the cut falls inside a
        word and jieba's dictionary knows a proper noun one character longer, that whole word is the name,
        so 利 is not left over."""
        words = dictionary()
        longer: dict[str, str] = {}
        for word, tag in words.tags.items():
            if len(word) >= TRUNCATED_MIN_LEN + 1 and tag in PROPER_NOUN_TAGS:
                longer.setdefault(word[:-1], word)
        for key, entry_id in list(self.zh_keys.items()):
            whole = longer.get(key)
            if whole is None or whole in self.zh_keys or self.entries[entry_id].type == "term":
                continue
            # Cut mid-word: no dictionary word ends where the key ends (摩根士丹), unlike complete names
            # that a longer word merely extends (中国化学 → 中国化学会, 江苏舜天 → 江苏舜天队).
            if not any(words.freq(key[i:]) for i in range(len(key) - 1)):
                self.zh_keys[whole] = entry_id

    @property
    def content_hash(self) -> str:
        return self.glossary.content_hash

    def __len__(self) -> int:
        return len(self.entries)

    def jieba_words(self) -> list[str]:
        """Every Chinese name, so the tokenizer keeps 中际旭创 whole."""
        return sorted({*self.zh_keys, *(k for keys in self.script_keys.values() for k in keys)})

    def reroot(self, root: str) -> None:
        """Name every entry's file (and the files and warnings) under root instead of the directory name it was
        compiled under, so FILE:LINE messages name the files as this caller sees them."""
        old, self.compiled_under = self.compiled_under, root
        for entry in {id(e): e for e in [*self.glossary.entries, *self.entries.values()]}.values():
            if entry.file.startswith(old):
                entry.file = root + entry.file[len(old):]
        self.glossary.files = [Path(root) / path.relative_to(old) for path in self.glossary.files]
        self.glossary.warnings = [w.replace(old + "/", root + "/") for w in self.glossary.warnings]

    def reference(self) -> GlossaryRef:
        """A few hundred bytes that find this glossary again in another process (its pickle is ~6 MB)."""
        if self.root is None:
            raise GlossaryError(["a glossary built without compile_glossary() has no directory to ship; "
                                 "compile it with compile_glossary(DIR)"])
        return GlossaryRef(str(self.root), str(Path(self.root).resolve()), self.content_hash, len(self))

    def needs_context(self, key: str, entry_id: str) -> bool:
        """Whether the name `key` links `entry_id` only beside market context, as the matcher decides it: a locale
        name (zh_cn 恒大) of another entry than the name's default needs none (NameMatcher.local_free)."""
        return key in self.context_keys \
            and not (self.zh_keys.get(key) != entry_id and (key, entry_id) in self._zh.local_free)

    def find(self, text: str, lang: str, script: str | None = None, locale: str | None = None,
             haystack: str | None = None) -> list[Match]:
        """Leftmost-longest non-overlapping matches. Latin names need word boundaries on their Latin ends,
        so 'TPU' is not found inside 'TPUs' and 'Meta' not inside 'metadata'. Chinese names must be words
        of the sentence (commonness.is_word_at) and not part of a longer organisation's name. `script`
        ("hant"/"hans") is the script the segment was written in, `locale` ("cn", "hk", "tw", "other") where
        its document was written; script- and locale-specific aliases need them. `haystack` is haystack_of(text)
        when the caller has it already."""
        return list(map(new_match, self.spans(text, lang, script, locale, haystack)))

    def spans(self, text: str, lang: str, script: str | None = None, locale: str | None = None,
              haystack: str | None = None) -> list[Span]:
        """find()'s matches as plain (start, end, entry id) tuples, for the link stage."""
        return (self._zh if lang == "zh" else self._en).find(text, lang == "zh", script, locale, haystack)


class GlossaryChanged(GlossaryError):
    """The glossary files changed between pickling a stage and loading it again."""


@dataclass(frozen=True)
class GlossaryRef:
    """What a stage pickles instead of its compiled glossary: the directory and the content hash. It answers
    `content_hash` and `len()` like the glossary, so a stage's signature() works before setup() loads it."""

    root: str  # as the run named it (the compile cache is keyed by it)
    absolute: str  # where it is when the receiving process has another working directory
    content_hash: str
    entries: int

    def __len__(self) -> int:
        return self.entries

    def reference(self) -> GlossaryRef:
        return self

    def load(self) -> CompiledGlossary:
        """The compiled glossary, from the on-disk cache when it is warm; raises GlossaryChanged when the
        files no longer hash to what was shipped (a run must not mix two glossaries)."""
        root = Path(self.root) if Path(self.root).is_dir() else Path(self.absolute)
        compiled = _load_shared(str(root), self.content_hash)
        if compiled.content_hash != self.content_hash:
            raise GlossaryChanged([f"{root}: the glossary files changed after the stage was shipped (content hash "
                                   f"{self.content_hash}, now {compiled.content_hash}); start the run again"])
        return compiled


@lru_cache(maxsize=SHARED_GLOSSARIES)
def _load_shared(root: str, content_hash: str) -> CompiledGlossary:
    """One compiled glossary per process for all the stages that ship the same reference (the hash is part of
    the key: a glossary edited in between is loaded again, and refused by the caller)."""
    return compile_glossary(Path(root))


def resolve_glossary(glossary: CompiledGlossary | GlossaryRef) -> CompiledGlossary:
    """A stage's glossary after setup(): itself, or loaded again from the reference it was unpickled with."""
    return glossary.load() if isinstance(glossary, GlossaryRef) else glossary


def is_number(key: str) -> bool:
    """A name made only of digits (104, Taiwan's 一零四) is a number in any text."""
    return key.replace(" ", "").isdigit()


def home_script(entry: Entry) -> str | None:
    """The script of the entry's home market's news, from its primary listing."""
    ticker = entry.ticker or ""
    return next((script for suffix, script in HOME_SCRIPTS.items() if ticker.endswith(suffix)), None)


def given_names(entries: list[Entry], normalize: Callable[[str], str]) -> dict[str, frozenset[str]]:
    """A person's bare surname (卡茨, 格林斯潘) → the given names the glossary writes before it in the person's full
    names (以色列, 艾伦); only surnames the person's own entry holds both ways."""
    out: dict[str, frozenset[str]] = {}
    for entry in entries:
        if entry.type != "person":
            continue
        names = {normalize(name).translate(FOLD_DOTS) for name in entry.zh_names()}
        for surname in names:
            if GLOSSARY_DOT in surname:
                continue
            given = frozenset(full.partition(GLOSSARY_DOT)[0] for full in names
                              if full.endswith(GLOSSARY_DOT + surname))
            if given:
                out[surname] = given
    return out


def longer_name_prefixes(keys: dict[str, str]) -> dict[str, str]:
    """Another entry's name plus the next LONGER_NAME_MIN_EXTRA characters of a longer name that begins with
    it (中国黄金国际 from 中国黄金国际资源) → the longer name's entry."""
    out: dict[str, str] = {}
    for key, entry_id in keys.items():
        for cut in range(2, len(key) - LONGER_NAME_MIN_EXTRA + 1):
            shorter = keys.get(key[:cut])
            if shorter is not None and shorter != entry_id:
                out.setdefault(key[:cut + LONGER_NAME_MIN_EXTRA], entry_id)
    return out


def entry_needs_context(entry: Entry, key: str) -> bool:
    """The entry's own reasons for its name to need company context (besides listing it as ambiguous)."""
    return (entry.type != "term" and needs_context(key) and not entry.is_person_or_public_body) \
        or is_unvouched_abbreviation(entry, key) or is_everyday_listing_name(entry, key) \
        or is_place_listing_name(entry, key)


def is_everyday_listing_name(entry: Entry, key: str) -> bool:
    """A listing file's name that is as a whole an everyday word (燃料电池 for FuelCell Energy, 新时代) and that no
    text vouches for as the company: it needs company context like 平安 or 长城."""
    return entry.generated and entry.type != "term" and is_dictionary_word(key) and not is_vouched(key)


def is_place_listing_name(entry: Entry, key: str) -> bool:
    """A listing file's company named by a city or county of three characters or more reads as the place in news
    (连云港 601008.SH in 连云港东方农商银行, 鄂尔多斯 in 鄂尔多斯盆地): it needs company context like 平安 or 长城. A
    place's English is the company's too (Lianyungang), so references vouch for nothing here. Two-character places
    are left alone: they are Taiwan listings' short names (东阳, 长兴), which their own news writes bare.
    So does a Taiwan listing's full name made of a country and an industry word (台湾半导体, 中国航运): Taiwan news
    names such companies by their short names (台半, 中航), and writes the full name for the industry ("Taiwan's
    semiconductors", "China's shipping")."""
    if not entry.generated or entry.type != "company":
        return False
    if len(key) >= PLACE_NAME_MIN_LEN and key in chinese_places():
        return True
    head = place_head(key)
    return bool(head) and home_script(entry) == "hant" and key[:head] in WORD_COUNTRY \
        and key[head:] in industry_words()


@lru_cache(maxsize=1)
def industry_words() -> frozenset[str]:
    """The industry words the naming rule translates (半导体 Semiconductor, 航运 Shipping: naming's words table)."""
    from pipeline.glossary.naming import tables

    return frozenset(w for w in tables().words if len(w) >= 2)


def is_unvouched_abbreviation(entry: Entry, key: str) -> bool:
    """A listing file's two-character short name that the listing marks ambiguous and that no data knows as
    this entity's name (升达, 新光, 福斯) needs context: in Taiwan news such pairs begin other companies' names
    (升达科, 新光金, 福斯汽车). jieba's proper nouns (高盛, 花旗) and names the reference translations render
    as the entity do not."""
    return entry.generated and entry.ambiguous and len(key) <= ABBREVIATION_MAX_LEN and not is_known_name(key)


def is_bare_generic(entry: Entry, key: str) -> bool:
    """A fund is named by its distinguishing part (汇添富 in 云计算ETF汇添富); a name made only of everyday
    words, codes and fund words (银行, 新能源, 证券基金, A50指数) names no particular fund. An index's own name
    (上证指数, 沪指) is its name."""
    if entry.type != "fund" or names_own_code(entry, key) or MANAGER_FORM.match(key):
        return False
    rest = FUND_WORDS.sub("", key)
    rest = re.sub(r"[A-Za-z0-9\s]+", "", rest)
    words = dictionary()
    i = 0
    distinct = 0
    while i < len(rest):
        for j in range(min(len(rest), i + 4), i + 1, -1):
            if words.freq(rest[i:j]) and not words.is_proper_noun(rest[i:j]):
                i = j
                break
        else:
            distinct += 1
            i += 1
    return distinct < DISTINCT_MIN_CHARS


def names_own_code(entry: Entry, key: str) -> bool:
    """Taiwan news names an ETF by its exchange code (0056, 00878, 00933B): a fund's own code listed among its
    names is a name, not a bare generic."""
    return any(t.partition(".")[0] == key for t in [entry.ticker, *entry.tickers] if t)


def is_bare_generic_en(entry: Entry, key: str) -> bool:
    """English fund names link only when they say they are a fund and more ('Chip' is a word, not a fund)."""
    if entry.type != "fund":
        return False
    tokens = key.split()
    return len(tokens) < 2 or not any(t.upper() in FUND_EN_WORDS for t in tokens)


@dataclass(frozen=True)
class ZhChecks:
    """What the Chinese-text checks need beyond each name: home scripts of generated entries, bare generic
    names, beginnings of longer names (longer_name_prefixes) and which entries' legal names are known."""

    homes: dict[str, str] = field(default_factory=dict)
    bare: set[str] = field(default_factory=set)
    prefixes: dict[str, str] = field(default_factory=dict)
    legal_named: set[str] = field(default_factory=set)  # entries whose Chinese legal name the glossary knows
    curated: set[str] = field(default_factory=set)  # entries written by hand, not generated from listings
    latin_homes: dict[str, str] = field(default_factory=dict)  # every Taiwan-listed entry's home script
    given: dict[str, frozenset[str]] = field(default_factory=dict)  # a person's bare surname → known given names
    chinese_people: set[str] = field(default_factory=set)  # people with Chinese names (CHINESE_NAME_COUNTRIES)
    local_free: set[tuple[str, str]] = field(default_factory=set)  # (locale name, its entry) needing no context


class NameMatcher:
    """One Aho-Corasick automaton (Rust, ahocorasick-rs) plus what each name needs checked around a hit.

    The scan costs the same for a hundred names or fifty thousand; the Python work is per hit, and the
    checks a name needs are worked out once here."""

    def __init__(self, keys: dict[str, str], context_keys: set[str], codes: dict[str, frozenset[str]],
                 script_keys: dict[str, dict[str, str]], types: dict[str, str],
                 zh: ZhChecks | None = None) -> None:
        zh = zh or ZhChecks()
        self.prefixes = zh.prefixes
        # The names another entry's longer name begins with, case and name dots folded (a hit's text folds to its
        # name's), with the characters that go on into the longer name right after it.
        shorter: dict[str, set[str]] = {}
        for key in self.prefixes:
            shorter.setdefault(_fold_name(key[:-LONGER_NAME_MIN_EXTRA]), set()).add(key[-LONGER_NAME_MIN_EXTRA])
        self.local_free = frozenset(zh.local_free)
        names: dict[str, NameInfo] = {}
        by_script: dict[str, dict[str, str]] = {}
        for script, mapping in script_keys.items():
            for key, entry_id in mapping.items():
                by_script.setdefault(key, {})[script] = entry_id
        keys = {**{key: "" for key in by_script}, **keys}  # "": the name links only in its script
        # A Chinese name's hits are its own characters unless it holds a cased letter or a name dot (its variants
        # share its NameInfo): only those names get end_joins and start_joins sets.
        plain = [lowered for key in keys if HAN_CHAR.search(key)
                 and (lowered := _lower_same_length(key).translate(FOLD_DOTS)) == lowered.upper()
                 and not any(gap in lowered for gap in (GLOSSARY_DOT, *DOT_VARIANTS))]
        ends, starts = end_continuations(plain), start_continuations(plain)
        for key, entry_id in keys.items():
            exact = key if len(key) <= CASE_SENSITIVE_MAX_LEN and key.isascii() else None
            lowered = _lower_same_length(key).translate(FOLD_DOTS)  # one dot; its variants are added below
            if exact is None and lowered in names:
                continue
            han = HAN_CHAR.search(key) is not None
            scripts = tuple(sorted(by_script.get(key, {}).items()))
            ids = {entry_id, *(i for _, i in scripts)} - {""}
            checks = exact is not None or key in context_keys or han or bool(scripts) \
                or _is_word_char(key[0]) or _is_word_char(key[-1])
            entry_codes = frozenset().union(*(codes.get(i, frozenset()) for i in ids))
            company = any(types.get(i) == "company" for i in ids)
            home = zh.homes.get(entry_id) if han and len(key) <= ABBREVIATION_MAX_LEN else None
            org = bool(ids) and all(types.get(i) == "org" for i in ids) and key.endswith(PUBLIC_BODY_ENDINGS)
            phrase = han and types.get(entry_id) != "term" and is_phrase(key)
            named = phrase and (entry_id in zh.curated or is_vouched(key))
            if not han and key.isupper() and len(key) <= LATIN_ACRONYM_MAX_LEN:
                home = zh.latin_homes.get(entry_id)  # AIDC is 漢翔 in Taiwan, an AI data centre in mainland news
            place = place_head(key) if han and company else 0
            # A public body (证监会, 财政部: `org` above) approves or owns funds, it is never part of a fund's name.
            # An index inside a fund's name (嘉实北证50成份指数ETF, 富国中证A500指数增强基金) is the fund's, as a
            # company is.
            index = any(types.get(i) == "index" for i in ids)
            fund_part = 1 if company or index else 2 if any(types.get(i) == "org" for i in ids) and not org else 0
            person = bool(ids) and all(types.get(i) == "person" for i in ids)
            names[lowered] = NameInfo(entry_id, exact, key in context_keys, checks, han, scripts, entry_codes,
                                      company, home, key in zh.bare, org, phrase, entry_id in zh.legal_named, named,
                                      place, fund_part, _is_word_char(lowered[0]), _is_word_char(lowered[-1]),
                                      lowered[0] in UNIT_CHARS, lowered.endswith(LEGAL_NAME_END),
                                      han and company and has_everyday_meaning(key), person,
                                      zh.given.get(key, frozenset()) if person else frozenset(),
                                      person and all(i in zh.chinese_people for i in ids),
                                      han and company and not person and is_transliteration(key),
                                      han and not person and key.endswith(PARK_ENDS),
                                      frozenset(shorter.get(_fold_name(lowered), ())), ends.get(lowered),
                                      index and key.endswith(INDEX_END), country_head(key) if index else 0,
                                      starts.get(lowered))
        for key, info in list(names.items()):  # 埃隆・马斯克, 埃隆 马斯克: the full name with another dot or a space
            if GLOSSARY_DOT in key and HAN_CHAR.search(key):
                for dot in DOT_VARIANTS:
                    names.setdefault(key.replace(GLOSSARY_DOT, dot), info)
        self.patterns = list(names)
        self.infos = list(names.values())
        self._build()

    def _build(self) -> None:
        # One automaton reporting every hit, overlapping ones too: leftmost-longest among the hits that pass is
        # chosen in find(). (A second, leftmost-longest automaton for the common case cost more than it saved,
        # 8-9% of the stage on dev news: the scans cost about three times in a link pass what they cost alone,
        # likely two large automata evicting each other from the CPU caches between segments.)
        self._automaton = ahocorasick_rs.AhoCorasick(self.patterns) if self.patterns else None
        self._names = frozenset(self.patterns)  # is a list's other item a name? (listed_among_words)
        # Chinese company names, for 建行农行: a short name written right before another company's ends there.
        self._companies = frozenset(name for name, info in zip(self.patterns, self.infos, strict=True)
                                    if info.company and info.han)
        self._longest_company = min(COMPANY_AFTER_MAX_LEN, max(map(len, self._companies), default=0))

    def __getstate__(self) -> dict:
        return {"patterns": self.patterns, "infos": self.infos, "prefixes": self.prefixes,
                "local_free": self.local_free}

    def __setstate__(self, state: dict) -> None:
        self.patterns, self.infos, self.prefixes = state["patterns"], state["infos"], state["prefixes"]
        self.local_free = state["local_free"]
        self._build()  # the Rust automaton does not pickle; rebuilding takes milliseconds

    def __len__(self) -> int:
        return len(self.patterns)

    def find(self, text: str, check_legal_names: bool, script: str | None = None,
             locale: str | None = None, haystack: str | None = None) -> list[Span]:
        """Leftmost-longest among the hits that pass their checks. Hits are taken by start, longest first, and a
        hit that starts inside one already chosen is never checked: whatever its verdict, it could not be
        chosen. Only a name that lacks nothing but market context needs every hit checked (_find_all_checked)."""
        if self._automaton is None:
            return []
        if haystack is None:
            haystack = haystack_of(text)
        hits = self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        if len(hits) > 1:
            # By start, longest first. The automaton reports hits in the order they end, so reversed, a stable sort
            # by start leaves the longer of two hits that start together first (a span is one hit: no ties).
            hits.reverse()
            hits.sort(key=HIT_START)
        matches: list[Span] = []
        covered_to = 0
        verdicts: dict[tuple[int, int], int] = {}
        facts: list[bool | None] = [None, None, None]  # the text's facts, asked by the first hit needing each
        infos = self.infos
        for index, start, end in hits:
            if start < covered_to:
                continue
            # _judge inlined (one call fewer per hit): here every span is judged once, so its verdict is only kept
            # for _find_all_checked, never read back
            info = infos[index]
            entry_id = info.resolve(script, locale) if info.scripts else info.entry_id
            if not entry_id:
                continue  # REJECT: the name has no entry in this script and locale
            if not info.needs_checks:
                matches.append((start + info.country_head, end, entry_id))
                covered_to = end
                continue
            verdict = verdicts[start, end] = self._check(text, haystack, start, end, info, entry_id,
                                                         check_legal_names, script, facts)
            if verdict == ACCEPT or verdict == NEEDS_COMPANY and info.local_to(locale):
                matches.append((start + info.country_head, end, entry_id))
                covered_to = end
            elif verdict == NEEDS_COMPANY:
                return self._find_all_checked(text, haystack, check_legal_names, script, locale, verdicts, hits)
        return matches

    def _find_all_checked(self, text: str, haystack: str, check_legal_names: bool, script: str | None,
                          locale: str | None, verdicts: dict[tuple[int, int], int],
                          hits: list[tuple[int, int, int]]) -> list[Span]:
        """Every hit (the overlapping automaton's), checked, then leftmost-longest among those that pass. A name
        that lacked only market context passes when the sentence names another company (腾讯、小米走弱)."""
        candidates: list[tuple[int, int, str]] = []
        pending: list[tuple[int, int, str]] = []
        companies: list[tuple[int, int]] = []
        heads: dict[tuple[int, int], int] = {}  # an index name's country word: the mention starts after it
        facts: list[bool | None] = [None, None, None]
        for index, start, end in hits:
            info, entry_id, verdict = self._judge(text, haystack, index, start, end, check_legal_names, script,
                                                  locale, verdicts, facts)
            if info.country_head:
                heads[start, end] = info.country_head
            if verdict == ACCEPT:
                candidates.append((start, start - end, entry_id))
                if info.company:
                    companies.append((start, end))
            elif verdict == NEEDS_COMPANY and info.local_to(locale):
                # a name hand-listed for this locale (zh_tw 央行) needs no market context there
                candidates.append((start, start - end, entry_id))
            elif verdict == NEEDS_COMPANY:
                pending.append((start, start - end, entry_id))
        for start, neg_len, entry_id in pending:
            if listed_with(text, start, start - neg_len, companies):
                candidates.append((start, neg_len, entry_id))
        candidates.sort()
        matches: list[Span] = []
        covered_to = 0
        for start, neg_len, entry_id in candidates:
            if start >= covered_to:
                head = heads.get((start, start - neg_len), 0) if heads else 0
                matches.append((start + head, start - neg_len, entry_id))
                covered_to = start - neg_len
        return matches

    def _judge(self, text: str, haystack: str, index: int, start: int, end: int, check_legal_names: bool,
               script: str | None, locale: str | None, verdicts: dict[tuple[int, int], int],
               facts: list[bool | None] | None = None) -> tuple[NameInfo, str, int]:
        """A hit's name, its entry in this script and locale, and its verdict: REJECT when the name has no entry
        here; checked once per span and kept in `verdicts` (_find_all_checked reads them again)."""
        info = self.infos[index]
        entry_id = info.resolve(script, locale) if info.scripts else info.entry_id
        if not entry_id:
            return info, entry_id, REJECT
        verdict = verdicts.get((start, end))
        if verdict is None:
            verdict = verdicts[start, end] = self._check(text, haystack, start, end, info, entry_id,
                                                         check_legal_names, script, facts) \
                if info.needs_checks else ACCEPT
        return info, entry_id, verdict

    def _check(self, text: str, haystack: str, start: int, end: int, info: NameInfo, entry_id: str,
               check_legal_names: bool, script: str | None, facts: list[bool | None] | None = None) -> int:
        # Each rule reads DISABLED_RULES only when it is about to reject: the bench's switch costs nothing here.
        # What depends on the name alone (its Latin or unit edges, a 公司 ending) is read from `info`, worked out
        # when the glossary was compiled; what depends on the whole text is searched once per text, by the first
        # hit that asks, and kept in `facts` (FUND_FACT, ORG_FACT, DOT_FACT: the caller's list for this text), read
        # back by every other hit with one index instead of a memoized call.
        off = DISABLED_RULES
        if facts is None:
            facts = [None, None, None]
        if info.exact is not None and text[start:end] != info.exact and "case" not in off:
            return REJECT
        if info.latin_last:
            if check_legal_names and PRODUCT_CODE_AFTER.match(text, end) and "product_code" not in off:
                return REJECT
            if end < len(haystack) and haystack[end] in ASCII_WORD and "latin_boundary" not in off:
                return REJECT
            if check_legal_names and text[end:end + 1] in NAME_DOTS and HAN_CHAR.match(text[end + 1:end + 2]) \
                    and "latin_boundary" not in off:
                return REJECT  # JD·万斯: a person's initials, not JD.com
        if info.latin_first and start > 0 and haystack[start - 1] in ASCII_WORD and "latin_boundary" not in off:
            return REJECT
        after = text[end] if end < len(text) else ""
        if after in CODE_OPENERS and not cites_own_code(text, end, info.codes) \
                and "own_code" not in off:  # (the opener test first: most hits are followed by no code)
            return REJECT
        if check_legal_names:
            if info.fund_part and "\u4e00" <= after <= "\u9fff":
                fund = facts[FUND_FACT]
                if fund is None:
                    fund = facts[FUND_FACT] = names_a_fund(haystack)
                if fund and inside_fund_name(text, end, info.fund_part == 2) and "fund_name" not in off:
                    return REJECT
            # (Each word test behind a one-character set lookup: most hits are followed and preceded by none of the
            # words' edge characters, and a lookup costs less than the method call.)
            if info.fund_part == 1 and start and haystack[start - 1] in FUND_BEFORE_LAST \
                    and haystack.endswith(FUND_BEFORE, 0, start) and "fund_name" not in off:
                return REJECT
            if info.company and (after in INDICATOR_AFTER_FIRST and text.startswith(INDICATOR_AFTER, end)  # ADP就业数据
                                 or start and text[start - 1] == INDICATOR_BEFORE[-1]
                                 and text.endswith(INDICATOR_BEFORE, 0, start)) \
                    and "indicator" not in off:  # 小非农ADP, MSCI指数: the indicator the company publishes
                return REJECT
            if info.han:  # the rules for a Chinese name: is the hit something else than the name?
                words = dictionary()
                # (The home script is the plain owner's: a locale name of another entity, zh_cn 华泰 for 华泰证券
                # beside Taiwan's 華泰, is not held to it.)
                if info.home is not None and script is not None and script != info.home \
                        and entry_id == info.entry_id and "home_script" not in off:
                    return REJECT
                if info.bare and cited_code(text, end) not in info.codes and "bare_word" not in off:
                    return REJECT
                if info.org and after_place(text, start) and "org_after_place" not in off:
                    return REJECT
                if after == GOVERNMENT_FORCES[-1] and text.startswith(GOVERNMENT_FORCES, end - 2) \
                        and "government_forces" not in off:
                    return REJECT  # 也门政府军: the government's forces, not the government (bodies/governments.yaml)
                if info.place_head and place_reading(text, end, info.place_head, start) and "place_reading" not in off:
                    return REJECT
                if info.company and after in PUBLICATION_FIRST and text.startswith(PUBLICATION_WORDS, end) \
                        and "publication" not in off:
                    return REJECT
                # (Each helper behind a test that is asked once per text or costs one C call: most texts name no
                # organisation ending and no middle dot, most names do not end in 公司.)
                organisation = facts[ORG_FACT]
                if organisation is None:
                    organisation = facts[ORG_FACT] = names_an_organisation(text)
                dotted = facts[DOT_FACT]
                if dotted is None:
                    dotted = facts[DOT_FACT] = holds_name_dot(text)  # (_han_run_starts(text) is not None)
                if (info.legal_end and is_inside_legal_name(text, start, end)
                        or organisation and (inside_longer_org(text, start, end)
                                             and not own_joint_stock_name(text, start, end, info)
                                             or defined_longer_name(text, start, end))
                        or dotted and inside_person_name(text, start)) \
                        and "longer_org" not in off:
                    return REJECT
                if info.foreign and inside_foreign_name(text, start, end, NAME_DOTS) and "foreign_name" not in off:
                    return REJECT  # 阿里·巴盖里, 詹姆斯·克劳斯: part of a transliterated foreign name
                # (Each place-context helper behind its one-character set lookup: most hits are followed by none of
                # the words' first characters and preceded by no locative.)
                if info.park and names_a_park(text, start, end) and "place_context" not in off:
                    return REJECT  # 位于香港科学园: the park, not the corporation that runs it
                if info.company:
                    if after in EVENT_OR_STREET_FIRST:  # (one lookup for both rules: most hits are followed by neither)
                        if after in EVENT_FIRST and names_an_event(text, end) and "event_name" not in off:
                            return REJECT  # 陆家嘴论坛: a forum named after the place the company is named after
                        if after in STREET_SUFFIXES and names_a_street(text, end) and "street_name" not in off:
                            return REJECT  # 粉岭马会道: the street, not the Jockey Club
                    if start and text[start - 1] in LOCATIVE_LAST and names_a_location(text, start, end) \
                            and "place_context" not in off:
                        return REJECT  # 在大中华地区, 位于上海临港小洋山以东: a location
                    if after in SCHEME_FIRST and names_a_scheme(text, end) and "scheme_name" not in off:
                        return REJECT  # X香港计划: a scheme named after the company's Hong Kong subsidiary
                if info.company and text.startswith(GROUP_COMPANY_TAILS, end) and is_a_share(info) \
                        and "parent_group" not in off:
                    return REJECT  # 五粮液集团有限公司, 淮河能源集团公司: the unlisted parent group, not the A share
                # 中国黄金国际: the name runs on into the beginning of another entry's longer name. The table holds the
                # name plus the longer name's next LONGER_NAME_MIN_EXTRA characters: one lookup per hit.
                # Only a full-length probe: at the text's end 阿里巴巴 is also 阿里 + 巴巴, the start of 阿里巴巴影业.
                # (the table's key holds the character after the name: one small set says whether it can match)
                if info.begins_longer and end + LONGER_NAME_MIN_EXTRA <= len(text) and text[end] in info.begins_longer:
                    other = self.prefixes.get(text[start:end + LONGER_NAME_MIN_EXTRA])
                    if other is not None and other != entry_id and "longer_name" not in off:
                        return REJECT
                # 未来发展|趋势 runs on; a listing's phrase-like name nobody vouched for must also visibly end
                # (未来发展战略). A curated or vouched name is a name as a whole (平安银行小幅上涨, 理想汽车盘前): the
                # segmentation below decides it as any other name, since a rare word across its end is no reading
                # (美元指数|下跌 is not 数下, 东方海外|公布 not 外公: firms8). An index's whole name (X + 指数) is the
                # index wherever it stands, if the sentence reads it as words of their own (美元|指数|下跌: gate8).
                if info.phrase and not info.named and (runs_on(text, start, end) or not ends_word(text, end)) \
                        and not (info.index_name and plain_reading_keeps(text, start, end)) \
                        and "phrase_run_on" not in off:
                    return REJECT
                # (legal_form_after needs a 公司 after the name: one substring test before the place lookups)
                if info.legal_named and LEGAL_NAME_END in text and after_place(text, start) \
                        and legal_form_after(text, end) and "legal_name_place" not in off:
                    return REJECT  # 南京新城发展股份有限公司 is not 新城发展控股有限公司
                # (glued_to_lone_char's and is_word_at's own first tests, asked here: most hits stop at them, and
                # two set lookups cost less than two calls)
                if (start and text[start - 1] in words.attributive_chars and glued_to_lone_char(text, start)
                        or info.unit_first and follows_quantity(text, start)) and "lone_char" not in off:
                    return REJECT
                if info.person:
                    if info.given_names and after_other_given_name(text, start, info.given_names) \
                            and "other_given_name" not in off:
                        return REJECT  # 奥菲尔·卡茨 is not Israel Katz, whose full name the glossary holds
                    if info.chinese_person and end - start == SHORT_PERSON_NAME and continues_name(text, end) \
                            and "longer_person_name" not in off:
                        return REJECT  # 蒋毅敏 is not 蒋毅
                # 高市政府: a government word after a person's name is a word of its own, whatever jieba reads across
                # the edge (高|市政府), so only the text up to the name's end is asked.
                probe = text[:end] if info.person and text.startswith(GOVERNMENT_AFTER, end) else text
                # (is_word_at's and split_by_common_word's own first test, asked once here for both: can a
                # dictionary word run across the start, or the end?)
                # (across the start, the name's own set when it has one: the characters that carry a dictionary word
                # into the name, where the pair table holds every pair inside some word)
                joins = words.joins
                starts = info.start_joins
                join_start = start and (text[start - 1] in starts if starts is not None
                                        else text[start - 1:start + 1] in joins)
                # (across the end, the name's own continuations when it has them: a smaller set, and it clears the
                # hits where the pair is some other word's, about a third of those that reach word_in_window)
                ends = info.end_joins
                if (join_start or (end < len(probe) and probe[end] in ends if ends is not None
                                   else probe[end - 1:end + 1] in joins)) \
                        and not word_in_window(probe, start, end) \
                        and not (info.company and product_word(text, start, end)) and "word_boundary" not in off:
                    return REJECT  # (茅台酒: the brand's own product keeps the company, headline_names.product_word)
                # (the dictionary lookups first: most hits have no tagged word ending with them)
                if join_start and info.company and (text[start - 1:end] in words.tags
                                                    or start > 1 and text[start - 2:end] in words.tags) \
                        and inside_longer_proper_noun(text, start, end, self._names) \
                        and "longer_proper_noun" not in off:
                    return REJECT  # 迪信通: the tail of a longer proper noun the glossary lacks, not 信通
                if join_start and common_word_across(words, text, start, end) and "common_word_edge" not in off:
                    return REJECT  # 全国|新能源: not 国新能源
                if info.word and listed_among_words(text, start, end, self._names) \
                        and "listed_with_words" not in off:
                    return REJECT  # 玉米、小米、高粱: the grain, listed beside other everyday words
            elif info.home is not None and script is not None and script != info.home \
                    and not has_market_context(text, start, end) and "home_script" not in off:
                return NEEDS_COMPANY
        if info.needs_context \
                and not (entry_id != info.entry_id and (haystack[start:end], entry_id) in self.local_free):
            if not ends_word(text, end) and not (info.han and own_joint_stock_name(text, start, end, info)) \
                    and not (info.han and self._ends_in_headline(text, end)) \
                    and "context_ends_word" not in off:  # 巴士拉, 生物技术 run on; 老百姓大药房…股份有限公司 ends
                return REJECT
            if info.han and check_legal_names and glued_after_unknown(text, start) \
                    and "context_starts_word" not in off:  # 恒尚节能: the tail of a name the glossary lacks
                return REJECT
            if not has_market_context(text, start, end) and "context_words" not in off:
                return NEEDS_COMPANY
        return ACCEPT

    def _ends_in_headline(self, text: str, end: int) -> bool:
        """What headlines write right after a famous short name (headline_names): another company (建行农行), a
        reporting period (强生第三季度), a corporate-event word (永辉调改门店). Asked only where ends_word said no."""
        return end < len(text) and (company_name_after(text, end, self._companies, self._longest_company)
                                    or period_after(text, end) or event_word_after(text, end))


@dataclass(frozen=True, slots=True)
class NameInfo:
    entry_id: str  # "" when the name links only in one script or locale
    exact: str | None  # short Latin names match only in this exact case
    needs_context: bool
    needs_checks: bool  # anything beyond the automaton hit: case, context, boundaries, script
    han: bool  # a Chinese name: word-boundary and longer-name checks apply
    # (script or locale, entry id) that override entry_id in that script or locale; a locale's wins
    scripts: tuple[tuple[str, str], ...] = ()
    codes: frozenset[str] = frozenset()  # numeric stock codes of the entry, for 'Name (code)'
    company: bool = False  # a company: its mention is context for a context-needing name nearby
    home: str | None = None  # a generated two-character name: the script of its market's own news
    bare: bool = False  # an everyday word as a listing's short name: links only with its own code cited
    org: bool = False  # a public body: a place glued before it makes it a local or foreign office
    phrase: bool = False  # reads as everyday words (commonness.is_phrase): may run on into a longer word
    legal_named: bool = False  # the glossary knows the entry's legal name, so another legal name is not it
    named: bool = False  # curated by hand or vouched for by real text (commonness.is_vouched): a name as a whole
    place_head: int = 0  # length of a place word the name begins with (中国银行: 2), for place_reading
    fund_part: int = 0  # 1 company or index, 2 organisation: inside a fund's name it is the fund's, not its own
    # The name's own edges, known when it is compiled (a hit's characters are the name's): a Latin letter or digit
    # first or last (the Latin boundary and product-code rules look past it), a unit character first (100亿都),
    # 公司 last (the tail of a regional company's legal name).
    latin_first: bool = False
    latin_last: bool = False
    unit_first: bool = False
    legal_end: bool = False
    word: bool = False  # a company's name that is also an everyday CC-CEDICT word (小米 millet, 苹果 apple)
    person: bool = False  # a person: a government word may follow (高市政府), a longer name may hold it (蒋毅敏)
    given_names: frozenset[str] = frozenset()  # a bare surname's given names in the person's full names
    chinese_person: bool = False  # a person with a Chinese name (蒋毅): a longer name may hold it
    foreign: bool = False  # a company name of transliteration characters only (阿里, 戴尔): inside foreign names too
    park: bool = False  # a name ending like a park's (香港科学园, 数码港): after a locative it is the place
    # another entry's longer name begins with this name (中国黄金 of 中国黄金国际资源): the characters that follow it
    # there (国); only a hit followed by one can run on into it (NameMatcher.prefixes is looked up). Empty: none.
    begins_longer: frozenset[str] = frozenset()
    # The characters that, right after the name, continue a dictionary word begun inside it
    # (commonness.end_continuations): only then can a word cross the hit's end. None for a name whose hits may
    # differ from it in their characters (Latin letters in another case, another name dot): those ask the
    # dictionary's pair table (joins) as before.
    end_joins: frozenset[str] | None = None
    # An index's whole name ending in 指数 (美元指数): no phrase of everyday words, wherever it stands.
    index_name: bool = False
    # The length of a country word an index's name begins with (韩国KOSPI指数: 2): the mention starts after it,
    # as the judged fixtures write an index (KOSPI指数; the country is the sentence's, not the name's).
    country_head: int = 0
    # The characters that, right before the name, begin or carry a dictionary word on into it
    # (commonness.start_continuations): only then can a word cross the hit's start. None as for end_joins.
    start_joins: frozenset[str] | None = None

    def local_to(self, locale: str | None) -> bool:
        """The name has an entry of its own in this locale's documents (a zh_hk, zh_tw or zh_cn alias)."""
        return locale is not None and any(variant == locale for variant, _ in self.scripts)

    def resolve(self, script: str | None, locale: str | None = None) -> str:
        chosen = self.entry_id
        for variant, entry_id in self.scripts:
            if variant == locale:
                return entry_id
            if variant == script:
                chosen = entry_id
        return chosen


def after_place(text: str, start: int) -> bool:
    """广州市发改委, 省发改委, 巴西央行: a place or an administrative unit glued before the name."""
    if start == 0:
        return False
    if text[start - 1] in ADMIN_UNITS:
        return True
    words = dictionary()
    for k in range(2, min(start, PLACE_MAX_LEN) + 1):  # (a loop, not any() over a generator: asked per body hit)
        piece = text[start - k:start]
        if words.is_place(piece) and piece not in HOME_COUNTRY:
            return True
    return False


def place_head(key: str) -> int:
    """Length of the place word a name begins with (中国银行 → 2, 上海临港 → 2), 0 when none or all of it."""
    words = dictionary()
    # (a country word counts though jieba tags it a person's name: 卡塔尔 in 卡塔尔能源)
    return next((k for k in range(min(PLACE_MAX_LEN, len(key) - 1), 1, -1)
                 if words.is_place(key[:k]) or key[:k] in WORD_COUNTRY), 0)


def place_reading(text: str, end: int, head: int, start: int) -> bool:
    """A place + word name read as the place and a word: 中国 + 银行股 ("Chinese bank stocks"; 股 that begins no
    word of its own, unlike 股价, 股份), 中国 + 银行业, 中国 + 稀土 + 出口 (an industry word after it), or a place +
    place followed by an area word (上海临港新片区, 临港 a place too: the zone, not the company)."""
    if end >= len(text):
        return False
    words = dictionary()
    rest = text[start + head:end]
    if text[end] == SECTOR_STOCK and not words.freq(text[end:end + 2]):
        return True
    if len(rest) >= 2 and words.freq(rest + text[end]) and not words.freq(rest + text[end:end + 2]) \
            and not product_word(text, start + head, end):
        return True  # 中国 + 银行业; not 欧陆通 + 涨 (通涨 is a word, 通 no industry), nor 贵州 + 茅台酒 (the brand's)
    if len(rest) >= 2 and text.startswith(INDUSTRY_OF_PLACE, end) and words.freq(rest):
        return True  # 中国 + 稀土 + 出口: the country's industry, when the rest is an ordinary word (not 中海 + 油)
    if len(rest) >= 2 and text.startswith(CATEGORY_AFTER_INDUSTRY, end) and words.freq(rest) \
            and not any(text.startswith(noun, end) and end + len(noun) + k <= len(text)
                        and words.freq(text[end:end + len(noun) + k])
                        for noun in CATEGORY_AFTER_INDUSTRY for k in (1, 2)):
        return True  # 中国 + 电信 + 巨头: the country's companies of the industry
    if not words.is_place(rest):
        return False
    for k in range(AREA_WORD_GAP + 1):
        piece = text[end:end + k + 1]
        if not HAN_CHAR.fullmatch(piece[-1:] or " "):
            return False
        word = text[end + k:end + k + 2]  # 市值, 区域: the unit character begins a word of its own
        if piece[-1] in ADMIN_UNITS and (len(word) < 2 or not words.freq(word)):
            return True
    return False


@lru_cache(maxsize=8)
def names_a_fund(haystack: str) -> bool:
    """The text, lowercased (NameMatcher's haystack), has a fund word (FUND_WORDS_LOWER) anywhere: searched once per
    text, asked once per hit. (A chain of substring tests: a case-blind regex took several times longer on Chinese
    text, any() over the words half again as long; tests check it covers every word.)"""
    return ("基金" in haystack or "etf" in haystack or "lof" in haystack or "混合" in haystack
            or "股票型" in haystack or "债券型" in haystack or "指数型" in haystack)


def inside_fund_name(text: str, end: int, manager: bool) -> bool:
    """华夏上证50ETF, 景顺长城全球芯片LOF, 长安基金: the name is part of a fund's name (or of a fund company's,
    长安基金 is not Changan Automobile). An organisation right before 基金 is the fund manager itself
    (国投瑞银基金). Words that show the sentence moved on (高盛称对冲基金, 中信证券预计…ETF) end the fund's name."""
    # (The caller has checked that Chinese follows: a name set off from what follows, 英伟达ETF, is its own.)
    tail = FUND_TAIL.match(text, end)
    if tail is None:
        return False
    middle = tail.group(1)
    if not middle:
        return not manager
    kind = next((k for k in INVESTMENT_FUND_KINDS if middle.endswith(k)), None)
    if kind is not None and tail.group(0).endswith("基金"):
        middle = middle[:-len(kind)]  # 湾区股权投资基金: 股权投资 names the kind of fund, 投资 is no verb here
    return not any(w in TAIL_BREAK_WORDS for w in dictionary_words(middle)) \
        and not any(w in middle for w in unknown_break_words())


@lru_cache(maxsize=1)
def unknown_break_words() -> tuple[str, ...]:
    """The break words of two characters or more that jieba's dictionary lacks (增持, 减持): dictionary_words cannot
    find them, so a fund's name is searched for them as they are (中国诚通增持ETF: the company buying ETFs)."""
    words = dictionary()
    return tuple(w for w in sorted(TAIL_BREAK_WORDS) if len(w) > 1 and not words.freq(w))


def inside_person_name(text: str, start: int) -> bool:
    """尼克·鲍姆加特纳: the name starts inside the Chinese run that follows a middle dot."""
    run_starts = _han_run_starts(text)
    if run_starts is None:
        return False
    i = run_starts[start]
    return i < start and i > 0 and text[i - 1] in NAME_DOTS


def after_other_given_name(text: str, start: int, given: frozenset[str]) -> bool:
    """奥菲尔·卡茨, 蕾韦卡·格林斯潘: a bare surname right after a dot, with a Chinese given name before the dot that
    is none of the person's given names the glossary knows, is another person's full name (the glossary's full
    name would have matched first). A given name written in Latin (JD·万斯) or sharing a character with a known
    one (伊隆 for 埃隆, a transliteration variant) is not taken as another person's."""
    if start < 2 or text[start - 1] not in NAME_DOTS or not HAN_CHAR.match(text[start - 2]):
        return False  # (a space is no dot here: in a headline it separates, 据报道 马斯克计划…)
    i = start - 1
    while i > 0 and (HAN_CHAR.match(text[i - 1]) or text[i - 1] in NAME_DOTS):
        i -= 1
    # 唐纳德·约翰 → 唐纳德, 约翰 (a run may begin with other words)
    before = text[i:start - 1].translate(FOLD_DOTS).split(GLOSSARY_DOT)
    if any(part.endswith(name) for part in before for name in given):
        return False
    written = before[-1][-max(map(len, given)):]
    if any(before[-1].endswith(short) and NICKNAMES[short] & given for short in NICKNAMES):
        return False  # 汤姆·巴尔金: Tom for Thomas (托马斯·巴尔金)
    return not any(set(written) & set(name) for name in given)


def continues_name(text: str, end: int) -> bool:
    """蒋毅敏: the character after a two-character name is one that closes Chinese given names (given_name_ends: 敏,
    杰, 辉, not the verbs headlines put there, 雷军砸…, 川普签…), begins no word (敏表 is none) and is none of the
    characters news writes right after a name (SHORT_NAME_FOLLOWERS): it is the rest of a longer name."""
    if end >= len(text) or text[end] not in given_name_ends() or text[end] in SHORT_NAME_FOLLOWERS:
        return False
    words = dictionary()
    return not any(words.freq(text[end:end + k]) for k in range(2, MAX_NAME_RUN + 1) if end + k <= len(text))


@lru_cache(maxsize=1)
def given_name_ends() -> frozenset[str]:
    """Characters that end Chinese personal names more than they stand alone: the last character of jieba's
    three-character person names (tag nr), at least GIVEN_END_MIN_NAMES names and GIVEN_END_MIN_SHARE of the
    character's own frequency (敏 83 of 1,357, 杰 147 of 649; not 砸 0, 怒 58 of 4,653, 监 50 of 2,444, 说, 称), or
    the commonest endings whatever their frequency (明 347, 华 413, 军 468)."""
    words = dictionary()
    ends: dict[str, int] = {}
    for word, tag in words.tags.items():
        if tag == PERSON_NAME_TAG and len(word) == 3:
            ends[word[2]] = ends.get(word[2], 0) + 1
    return frozenset(c for c, n in ends.items() if n >= GIVEN_END_COMMON
                     or n >= GIVEN_END_MIN_NAMES and n >= GIVEN_END_MIN_SHARE * max(words.freq(c), 1))


def holds_name_dot(text: str) -> bool:
    """Whether the text holds one of NAME_DOTS: written out as a chain of substring tests, several times faster than
    any() over the dots or a regex search (tests check it covers every dot)."""
    return "·" in text or "•" in text or "‧" in text or "・" in text or "･" in text


@lru_cache(maxsize=8)
def _han_run_starts(text: str) -> list[int] | None:
    """Where the run of Chinese characters that ends at each position starts (None when the text has no middle
    dot): worked out once per text, not scanned back for every hit (quadratic in a long run of hits)."""
    if not holds_name_dot(text):
        return None
    starts = [0] * (len(text) + 1)
    for i in range(1, len(text) + 1):
        starts[i] = starts[i - 1] if HAN_CHAR.match(text[i - 1]) else i
    return starts


def legal_form_after(text: str, end: int) -> bool:
    """The name is followed by legal-form words only, up to 有限公司 (股份有限公司, 控股有限公司)."""
    tail = ORG_TAIL.match(text, end)
    return tail is not None and tail.group(0).endswith(LEGAL_NAME_END) and not LEGAL_FORM_WORDS.sub("", tail.group(1))


@lru_cache(maxsize=8)
def names_an_organisation(text: str) -> bool:
    """The text has an organisation ending (有限公司…) anywhere: asked once per hit, searched once per text
    (a search per hit made linking quadratic in a long sentence)."""
    return ORG_END.search(text) is not None


def defined_longer_name(text: str, start: int, end: int) -> bool:
    """广东蒙娜丽莎建陶有限公司("蒙娜丽莎建陶"): where the text names a longer organisation, name + words +
    有限公司, the same name + words elsewhere in it is that organisation's short name."""
    if not names_an_organisation(text):
        return False
    name = text[start:end]
    at = text.find(name)
    while at != -1:
        tail = ORG_TAIL.match(text, at + len(name))
        if tail is not None:
            words = LEGAL_FORM_WORDS.sub("", tail.group(1))
            if words and at != start and text.startswith(tail.group(1), end) \
                    and not any(w in TAIL_BREAK_WORDS for w in dictionary_words(tail.group(1))):
                return True
        at = text.find(name, at + 1)
    return False


def cited_code(text: str, end: int) -> str | None:
    """The code in brackets right after a name, a five-digit Hong Kong code as the glossary writes it (00700 →
    0700)."""
    cited = CODE_AFTER.match(text, end)
    if cited is None:
        return None
    code = cited.group(1)
    return code[1:] if len(code) == HK_CODE_DIGITS and code[0] == "0" else code


def ends_word(text: str, end: int) -> bool:
    """What follows the name shows the name ends there: no more Chinese, or a character or two that news
    writes right after company names (context_words.tsv 'follows': 涨, 盘前, 旗下, 宣布; learned from data)."""
    if end >= len(text) or not HAN_CHAR.match(text[end]) or text[end] in SHORT_NAME_FOLLOWERS \
            or text.startswith(BUSINESS_FOLLOWERS, end):
        return True
    # Two learned characters (single ones, 重, 正, 上, say too little) that the sentence reads as a word there:
    # 杜邦|分析法 is a word of its own (the learned 分析 comes from 分析师).
    follows = context_words().follows
    if end + 3 <= len(text) and text[end:end + 3] in follows:  # 目标价 (where 目标 alone is no word)
        return True
    if end + 2 <= len(text) and text[end:end + 2] in follows and is_word_at(text, end, end + 2):
        return True
    # A date between the name and a learned follower (博士眼镜四日涨超八成, 永辉3日晚间公告, X周五起): news dates a
    # company's move, and jieba knows no such date as a word.
    date = DATE_AFTER.match(text, end)
    if date is not None:
        at = date.end()
        if text[at:at + 1] in MOVE_CHARS or text[at:at + 2] in follows or text[at:at + 3] in follows:
            return True
    # Or such a word, itself a dictionary word, after one dictionary word (三星小幅上涨, 东风汽车午后拉升, 美联储
    # 周三宣布: an adverb or a day between; not 老百姓关心的股价, where 的股 is no word).
    words = dictionary()
    return any(end + k + 2 <= len(text) and words.freq(text[end:end + k]) and text[end + k:end + k + 2] in follows
               and words.freq(text[end + k:end + k + 2]) and is_word_at(text, end + k, end + k + 2)
               for k in range(1, FOLLOWER_GAP + 1))


def glued_after_unknown(text: str, start: int) -> bool:
    """An everyday-word name right after two Chinese characters that are no word together, the nearer one no
    function word (对, 与, 在, 据 …): 恒尚节能, 冠龙节能 are companies the glossary lacks, not 节能 (000820)."""
    if start < 2 or not (HAN_CHAR.match(text[start - 1]) and HAN_CHAR.match(text[start - 2])):
        return False
    words = dictionary()
    # (股 right before the name ends a stock category that names it, 旅游龙头股张家界, 美股陆控: no company's name
    # the glossary lacks ends in 股, its legal form is 股份)
    return not words.freq(text[start - 2:start]) and words.freq(text[start - 1]) < FUNCTION_CHAR_FREQ \
        and text[start - 2:start] not in context_words().precedes and text[start - 1] != SECTOR_STOCK


def is_inside_legal_name(text: str, start: int, end: int) -> bool:
    """A matched 'X公司' right after a place is the tail of a regional company's legal name (南宁 + …有限公司);
    after a verb or a preposition it is the company (将特斯拉公司评级上调, 要求苹果公司停止)."""
    return text.endswith(LEGAL_NAME_END, 0, end) and start > 0 and HAN_CHAR.match(text[start - 1]) is not None \
        and after_place(text, start)


def inside_longer_org(text: str, start: int, end: int) -> bool:
    """Name + more Chinese + 有限公司/研究院/…: another organisation, unless the words in between are only
    legal forms (腾讯控股有限公司) or show the sentence moving on (宁德时代拟收购江西锂业有限公司)."""
    tail = ORG_TAIL.match(text, end)
    if tail is None:
        return False
    if not LEGAL_FORM_WORDS.sub("", tail.group(1)):
        # The company's own legal form (腾讯控股有限公司), or an institution named after the name (康宁医院,
        # 腾讯研究院): only a company's legal form keeps the company.
        return not tail.group(0).endswith(LEGAL_NAME_END)
    return not any(word in TAIL_BREAK_WORDS for word in dictionary_words(tail.group(1)))


def country_head(key: str) -> int:
    """The length of a country's name (country.COUNTRY_NAMES: 韩国, 德国, 欧洲; no capital) an index's name begins
    with, when at least two characters are left (韩国KOSPI指数: 2; 首尔综合指数: 0); else 0."""
    return max((len(word) for word in COUNTRY_NAMES if key.startswith(word) and len(key) - len(word) >= 2),
               default=0)


def is_a_share(info: NameInfo) -> bool:
    """The name is an A-share listing's (a six-digit code)."""
    return any(len(code) == A_SHARE_CODE_DIGITS for code in info.codes)


def own_joint_stock_name(text: str, start: int, end: int, info: NameInfo) -> bool:
    """立讯精密工业股份有限公司, 深圳市欣旺达电子股份有限公司: an A share's short name that opens a 股份有限公司 (the
    legal form of a listed mainland company), after nothing or a place, with a few descriptive words between is
    the company's own legal name, not another organisation's; its subsidiaries are 有限公司 (比亚迪汽车工业有限公司
    stays apart), and a name inside another's (广州豪特节能…, 上海华奥泰生物…) is no opening."""
    if not info.company or not is_a_share(info):
        return False
    if start > 0 and HAN_CHAR.match(text[start - 1]) and not after_place(text, start):
        return False
    tail = ORG_TAIL.match(text, end)
    return tail is not None and tail.group(0).endswith(JOINT_STOCK_END) \
        and len(LEGAL_FORM_WORDS.sub("", tail.group(1))) <= JOINT_STOCK_WORDS_MAX


def dictionary_words(text: str) -> list[str]:
    """Greedy longest-match words of jieba's dictionary (enough to spot 拟, 收购, 股东 in a short tail)."""
    words = dictionary()
    out, i = [], 0
    while i < len(text):
        j = next((j for j in range(min(len(text), i + 4), i + 1, -1) if words.freq(text[i:j])), i + 1)
        out.append(text[i:j])
        i = j
    return out


def glued_to_lone_char(text: str, start: int) -> bool:
    """'，唯德康医疗': one attributive character between a clause boundary and the name belongs to the name."""
    # (the tag first: one dict lookup clears nearly every hit)
    if start == 0 or dictionary().tags.get(text[start - 1]) != ATTRIBUTIVE_TAG or not HAN_CHAR.match(text[start - 1]):
        return False
    return start == 1 or not HAN_CHAR.match(text[start - 2])


def follows_quantity(text: str, start: int) -> bool:
    return start > 0 and text[start] in UNIT_CHARS and text[start - 1] in NUMERAL_CHARS


def cites_own_code(text: str, end: int, codes: frozenset[str]) -> bool:
    """'Huatai (159273)' names the fund 159273, not the company Huatai; no code after a name is fine."""
    if end >= len(text) or text[end] not in CODE_OPENERS:
        return True
    code = cited_code(text, end)  # Hong Kong's five digits read as four: 腾讯(00700), 电能实业(00006.HK)
    return code is None or code in codes or not codes and not code.isdigit()


def has_market_context(text: str, start: int, end: int) -> bool:
    """Market words near the name and in its own clause (立积迎Wi-Fi 7浪潮：市占提升、营收… is no context)."""
    before = CLAUSE_BREAK.split(text[max(0, start - CONTEXT_BEFORE):start])[-1]
    after = CLAUSE_BREAK.split(text[end:end + CONTEXT_AFTER])[0]
    if MARKET_CONTEXT.search(before + " " + after) is not None:
        return True
    learned = context_words()  # from data (context_words.tsv): 盘前, 股价, 公告, 目标价 after it; 旗下 before it
    return any(after[i:i + 2] in learned.near for i in range(len(after) - 1)) or after[:2] in learned.follows \
        or before[-2:] in learned.precedes or has_event_word(after) \
        or not before and end < len(text) and text[end] in learned.follows and not HAN_CHAR.match(text[end])
    # (the last: a clause that opens with the name and a colon, 北大荒：预计…, not 迎Wi-Fi 7浪潮：)


def listed_among_words(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """玉米、小米、高粱; 种植小米、高粱: a name that is also an everyday word, in an enumeration (、) whose other items
    are all everyday CC-CEDICT words and no name the glossary holds, is that word too. One name among the items,
    or an item no dictionary knows (零跑, 问界: a name the glossary lacks), keeps it (华为、小米; 小米、理想、问界). A
    lone other item must be a word on its own (not 榜首 of 华为重返榜首、小米紧追)."""
    after, after_whole = _enumerated(text, end, 1, names)
    before, before_whole = _enumerated(text, start - 1, -1, names)
    items = after + before
    if not items or len(items) == 1 and not (after_whole if after else before_whole):
        return False
    return all(item and item not in names and has_everyday_meaning(item) and not is_proper_noun_word(item)
               for item in items)


def _enumerated(text: str, at: int, step: int, names: frozenset[str]) -> tuple[list[str], bool]:
    """The items of an enumeration read from the comma at `at` away from the name (step 1: after it, -1: before
    it), each the longest dictionary word or glossary name at its edge ("" for an item neither knows), and
    whether the last one read stands alone (a comma, 等/和/与/及, no Chinese or the text's edge beyond it)."""
    words = dictionary()
    items: list[str] = []
    alone = False
    while 0 <= at < len(text) and text[at] == ENUMERATION_COMMA and len(items) < LIST_ITEMS_MAX:
        found = ""
        for size in range(LIST_ITEM_MAX, 1, -1):
            piece = text[at + 1:at + 1 + size] if step > 0 else text[max(0, at - size):at]
            if len(piece) == size and (piece in names or words.freq(piece)):
                found = piece
                break
        items.append(found)
        if not found:
            return items, False
        at = at + 1 + len(found) if step > 0 else at - len(found) - 1
        alone = not 0 <= at < len(text) or text[at] in LIST_ITEM_ENDS or not HAN_CHAR.match(text[at])
    return items, alone


def listed_with(text: str, start: int, end: int, companies: list[tuple[int, int]]) -> bool:
    """A context-needing name listed next to a company name is a company too (腾讯、小米走弱)."""
    return any(LIST_SEPARATOR.fullmatch(text[e:start]) or LIST_SEPARATOR.fullmatch(text[end:s]) for s, e in companies)


def cache_header(digest: str, blob: bytes) -> bytes:
    """The cache file's first line: what wrote it, for which glossary, and the checksum of the pickle after it."""
    return f"{CACHE_MAGIC} v{COMPILER_VERSION} {digest} {hashlib.sha256(blob).hexdigest()}\n".encode()


# Cache files this process already unpickled: file → (its header, the glossary). A header names the version, the
# glossary's hash and the pickle's SHA-256, so a file whose header matches holds exactly those bytes again, and the
# object read before is returned instead of unpickling ~10 MB (about 2 s) once more. Every run in a long-lived
# process (the text API, a notebook, the test suite's in-process runs) loads its glossary this way. The compiled
# glossary is not changed after it is built, so one object may serve them all.
_UNPICKLED: dict[Path, tuple[bytes, CompiledGlossary]] = {}


def read_cache(cache_file: Path, digest: str) -> CompiledGlossary | None:
    """The compiled glossary a cache file holds, or None when there is none or it cannot be trusted: garbage,
    a truncated or bit-flipped file (the checksum), another version's layout. Nothing is unpickled before the
    header and checksum match. It is only a cache: such a file costs a warning and a rebuild (the caller
    replaces it), never the run."""
    try:
        data = cache_file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        log.warning("glossary cache %s unreadable (%s): rebuilding it", cache_file, e)
        return None
    header, _, blob = data.partition(b"\n")
    if not header.startswith(CACHE_MAGIC.encode() + b" "):
        why = "is not a glossary cache of this version"
    elif header + b"\n" != cache_header(digest, blob):
        version_and_digest = f"{CACHE_MAGIC} v{COMPILER_VERSION} {digest} ".encode()
        why = "is damaged (checksum)" if header.startswith(version_and_digest) else "was written by another version"
    else:
        seen = _UNPICKLED.get(cache_file)
        if seen is not None and seen[0] == header:
            return seen[1]
        try:
            cached = pickle.loads(blob)
        # A pickle that matches its checksum but fails anyway (a class changed without a version bump) may
        # raise nearly anything; none of it may stop a run.
        except Exception as e:  # noqa: BLE001
            cached, why = None, f"is unusable ({type(e).__name__}: {e})"
        else:
            why = "" if isinstance(cached, CompiledGlossary) else f"holds {type(cached).__name__}"
        if not why:
            _remember(cache_file, header, cached)
            return cached
    log.warning("glossary cache %s %s: rebuilding it", cache_file, why)
    return None


def _remember(cache_file: Path, header: bytes, compiled: CompiledGlossary) -> None:
    """Keep the last SHARED_GLOSSARIES glossaries read (each holds a few hundred MB)."""
    _UNPICKLED.pop(cache_file, None)
    while len(_UNPICKLED) >= SHARED_GLOSSARIES:
        del _UNPICKLED[next(iter(_UNPICKLED))]
    _UNPICKLED[cache_file] = header, compiled


def write_cache(cache_file: Path, digest: str, compiled: CompiledGlossary) -> None:
    """Write the cache whole or not at all (a reader never sees half a file); a failure is a warning."""
    blob = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
    header = cache_header(digest, blob)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache_file, header + blob)
        _remember(cache_file, header.rstrip(b"\n"), compiled)
    except OSError as e:
        log.warning("cannot write glossary cache %s: %s", cache_file, e)
        with contextlib.suppress(OSError):  # a half-written temporary file is not left behind
            temp_path(cache_file).unlink(missing_ok=True)


def _compiled_under_another_name(cache_file: Path, digest: str, root: Path) -> CompiledGlossary | None:
    """The same files compiled for a caller that named the directory another way (absolute or relative, the
    same cache directory), with its file names rewritten for this caller: unpickling and rewriting take a few
    seconds where compiling takes tens. A fresh object, never the one another root's caller holds."""
    version = f"-v{COMPILER_VERSION}-{commonness_signature()}.pickle"
    for sibling in sorted(cache_file.parent.glob(f"glossary-{digest}-*{version}")):
        if sibling == cache_file:
            continue
        try:
            header, _, blob = sibling.read_bytes().partition(b"\n")
            if header + b"\n" != cache_header(digest, blob):
                continue
            fresh = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - only a shortcut: anything wrong with the sibling means compiling
            continue
        if isinstance(fresh, CompiledGlossary) and fresh.compiled_under:
            fresh.reroot(str(root))
            return fresh
    return None


def compile_glossary(root: Path, cache_dir: Path | None = None, use_cache: bool = True) -> CompiledGlossary:
    """Load, validate and compile a glossary directory. The result is cached under its content hash, so a
    warm start reads one pickle instead of parsing tens of thousands of names."""
    root = Path(root)
    cache_file = None
    digest = ""
    if use_cache and root_problem(root) is None:
        digest = glossary_digest(root)
        # The root is part of the key so that FILE:LINE messages name the files as this caller sees them.
        where = hashlib.sha256(str(root).encode()).hexdigest()[:8]
        cache_file = (cache_dir or default_cache_dir()) / \
            f"glossary-{digest}-{where}-v{COMPILER_VERSION}-{commonness_signature()}.pickle"
        cached = read_cache(cache_file, digest)
        if cached is not None:
            cached.root = root
            return cached
        compiled = _compiled_under_another_name(cache_file, digest, root)
        if compiled is not None:
            write_cache(cache_file, digest, compiled)
            compiled.root = root
            return compiled
    normalize = TextNormalizer()
    compiled = CompiledGlossary(load_glossary(root, normalize), normalize)
    compiled.compiled_under = str(root)
    if cache_file is not None:
        write_cache(cache_file, digest, compiled)
    compiled.root = root  # after the cache write: the cached pickle stays the same whoever reads it
    return compiled
