"""Country context: a bare public-body name (财政部, 商务部, 央行, 证监会) names the body of the country its
sentence is about, not always the mainland's.

Mainland news writes a foreign body with its country first (美国财政部, 日本央行), and the glossary holds those
names; later sentences, or a sentence whose subject is plainly foreign, drop the country (…，财政部将于下周…).
This step runs after matching, on each document's mentions, and decides the country of a bare name:

1. the clause around it: a country word, person or body of known country before the name in the same clause
   (美国总统特朗普称财政部将…), or the body's own official right after it (财政部长贝森特表示);
2. else the sentence up to the name, the same way (据华盛顿消息，财政部…); what follows the name is usually
   what the body acts on (商务部回应英拟…：希望英国政府…), so it does not count;
3. else the document's title, the same way (not for a numbered item of a digest: 6、下周央行…).

At each level a word from the home side (中国, 我国, 中方, 美方, 对美, 中美 …: mainland news calls the other side
"美方") or a mainland person or body (何立峰, 国务院) means the body is the mainland's own, and the search stops;
one foreign country decides; two or more leave the name as it is. With no evidence at all, a bare name keeps
the mainland body, except where the document's locale has a body of that name of its own (LOCAL_BODY_NAMES and
the glossary's locale names: Taiwan's 财政部 and 央行, a Hong Kong story's 央行), or the text is Traditional of no
known locale and Hong Kong or Taiwan has a body of that name: there it is dropped (the locale step, when it
resolves such a name to its own body, is kept; 證監會 in Taiwan news, which has none of its own, stays the CSRC;
商務部 in any Traditional text is the mainland's: Hong Kong has 局 bureaux, not 部 ministries). A bare name many
countries share and the mainland does not use (EVIDENCE_ONLY: 联邦政府, 能源部) is dropped with no evidence. A
country word right after 对, 向, 就, 针对, 回应 … is the object, not the owner (商务部回应美国关税 is China's
ministry). The body is then looked up as country word + bare name among the glossary's own names (美国 + 财政部 =
美国财政部 → U.S. Treasury); when the glossary has no such body the mention is dropped, since the mainland body
would be the wrong identity. A bare name after 各国, 全球, 主要 … (全球央行) names no one body, and one followed
by a province or city office (国家税务总局广东省税务局) is that local office: both are dropped.

Limits: a foreign body named bare in a sentence that also names the mainland (中美财政部官员会谈) stays the
mainland's; stories about two foreign countries leave bare names alone; the country words are a short list of
major economies and their capitals (COUNTRY_WORDS), not every place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pipeline.glossary.commonness import dictionary
from pipeline.glossary.schema import Entry
from pipeline.records import Mention, Segment
from pipeline.text.clauses import CLAUSE_PUNCTUATION

# Words that say which country a clause is about, and the forms glued before a bare name in the glossary's
# own names (美国财政部, 日本央行, 欧洲央行). Capitals and seats of government count as their country.
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "US": ("美国", "华盛顿", "白宫", "华府"), "JP": ("日本", "东京"), "KR": ("韩国", "南韩", "首尔"),
    "GB": ("英国", "伦敦"), "DE": ("德国", "柏林"), "FR": ("法国", "巴黎"), "IT": ("意大利",), "ES": ("西班牙",),
    "EU": ("欧盟", "欧元区", "欧洲", "布鲁塞尔"), "RU": ("俄罗斯", "莫斯科", "克里姆林宫"), "UA": ("乌克兰", "基辅"),
    "CA": ("加拿大", "渥太华"), "AU": ("澳大利亚", "澳洲", "堪培拉"), "IN": ("印度", "新德里"), "BR": ("巴西",),
    "MX": ("墨西哥",), "TR": ("土耳其",), "SA": ("沙特",), "IL": ("以色列",), "IR": ("伊朗", "德黑兰"),
    "CH": ("瑞士",), "SE": ("瑞典",), "NO": ("挪威",), "DK": ("丹麦",), "NZ": ("新西兰", "纽西兰"), "ZA": ("南非",),
    "ID": ("印尼", "印度尼西亚"), "SG": ("新加坡",), "TW": ("台湾",), "HK": ("香港",), "CN": ("中国",),
    "AR": ("阿根廷",), "TH": ("泰国",), "MY": ("马来西亚",), "PH": ("菲律宾",), "VN": ("越南",), "PL": ("波兰",),
    "NL": ("荷兰",), "EG": ("埃及",), "PK": ("巴基斯坦",), "AE": ("阿联酋",), "QA": ("卡塔尔",), "KW": ("科威特",),
    "IQ": ("伊拉克",), "SY": ("叙利亚",), "LB": ("黎巴嫩",), "JO": ("约旦",), "OM": ("阿曼",), "BH": ("巴林",),
    "YE": ("也门",),
}
# One-character forms written only glued to a body's name (美财政部, 日央行); as words on their own they are in
# too many others (美元, 日内) to say anything.
GLUED_ONLY: dict[str, tuple[str, ...]] = {"US": ("美",), "JP": ("日",), "KR": ("韩",), "GB": ("英",), "DE": ("德",),
                                          "FR": ("法",), "RU": ("俄",), "PH": ("菲",), "IR": ("伊",), "UA": ("乌",)}
HOME = "CN"
TRADITIONAL = "hant"  # Segment.script of text written in Traditional characters
# Special administrative regions: they have bureaux (局), not ministries (部) or commissions (委), so evidence of
# one (a Hong Kong person, 香港) for a bare name the region has no body of is evidence of the national body:
# 李家超与商务部部长会面 is the mainland's MOFCOM, not a "Hong Kong ministry" to drop. 香港证监会 stays the SFC.
SAR_HOME = frozenset(("HK", "MO"))
# What a region never has: a ministry (部) or a commission (委: 发改委, 国资委). Other names (证监会, 央行, 统计处)
# may be a regional body the glossary holds under another name, so evidence of the region still drops them.
NATIONAL_ONLY_ENDS = ("部", "委")
# Locales whose news writes the mainland's home words (中美, 中方, 内地) from the mainland's side although in
# Traditional script: Hong Kong's. Taiwan news writes 中国, 对美 from its own side, so there they say nothing.
HOME_SIDE_LOCALES = frozenset(("hk",))
# Bare names a Taiwan or Hong Kong government body of its own is called by (Simplified, as matched): there the bare
# name is that local body, which the glossary may not hold, so with no country evidence it is not the mainland's.
# Other bare names in their news are the mainland's (Taiwan has no 证监会 or 商务部: 證監會 there is the CSRC).
LOCAL_BODY_NAMES = {
    "tw": frozenset("央行 中央银行 财政部 经济部 外交部 国防部 内政部 劳动部 交通部 教育部 法务部 农业部 卫福部 环境部 "
                    "金管会 国发会 行政院 立法院 主计总处 陆委会".split()),
    "hk": frozenset("央行 中央银行".split()),  # 人行 is the PBOC, 金管局 the HKMA (locale names)
    "mo": frozenset("央行 中央银行".split()),  # Macao has no central bank of its own; 金管局 is the AMCM (zh_mo)
}
# Bare names that many countries' bodies share and the mainland's government does not use (联邦政府: a federal
# state's government; 能源部, 农业部: the mainland has 国家能源局 and 农业农村部). Their plain owner (the US body)
# is kept only where the text says whose: with no country evidence the mention is dropped.
EVIDENCE_ONLY = frozenset(("联邦政府", "能源部", "农业部"))
# The mainland's own side: these words in a clause mean its bare body names are the mainland's.
HOME_WORDS = ("中国", "我国", "中方", "国内", "内地", "中美", "中日", "中欧", "中韩", "中英", "中俄", "美方", "日方",
              "欧方", "韩方", "英方", "俄方", "对美", "对日", "对欧", "对韩")
# A country word right after one of these is what the clause acts on, not who acts (商务部回应美国关税).
# (访问, 会见: 外交部长将访问俄罗斯 is the mainland's minister visiting.)
OBJECT_MARKERS = ("针对", "对于", "回应", "反对", "反制", "访问", "出访", "前往", "抵达", "会见", "会晤",
                  "对", "向", "就")
# A bare name after these names no one body (各国央行, 主要央行, 境外央行回购工具): such a mention is dropped.
GENERIC_BEFORE = ("各国", "全球", "主要", "其他", "其它", "一些", "多国", "多家", "各大", "海外", "境外", "外国",
                  "世界", "诸多", "部分", "各", "国", "超级")
# (国: G10国央行, 该国央行, a named country's is a full name; 超级: 超级央行周)
# After a bare name, words that make it many bodies (央行们, 央行纷纷, 超级央行周: a week of several central banks'
# meetings; 央行周一 is Monday, 央行周报 a weekly).
GENERIC_AFTER = re.compile(r"们|纷纷|集体|周(?![一二三四五六日天末报内度])")
# A national body's name followed by a province or city and an office (国家税务总局广东省税务局) is that local
# office's name: not the national body. The place must be a place name (联邦公开市场委员会 is no city).
LOCAL_OFFICE = re.compile(r"([\u4e00-\u9fff]{2,4}?)[省市][\u4e00-\u9fff]{0,6}?[局厅委办处]")
# The enumeration comma separates list items (美国CPI、加拿大央行利率决定), each about its own country.
CLAUSE_BREAK = re.compile(f"[{CLAUSE_PUNCTUATION}：:【】]" r"|(?<=[\u4e00-\u9fff”\"])\s+(?=[\u4e00-\u9fff])")
# A headline's parts: a space between Chinese words, or the 】 that closes a bracketed title before its story; and
# what a body's name is followed by when it answers the part before it (外交部回应, 商务部新闻发言人答记者问, 外交部：).
# A press conference's question (请问外交部对此有何评论) asks the home body whatever country it names.
HEADLINE_BREAK = re.compile(r"[】？！?!]|(?<=[\u4e00-\u9fff”\"])\s+(?=[\u4e00-\u9fff])")
RESPONSE_AFTER = re.compile(r"(?:新闻发言人|发言人)?(?:回应|表态|回复|答记者问|：|:)")
QUESTION_AFTER = re.compile(r"对此")
# What may stand between a body's name and its own official's (财政部长贝森特, 商务部部长王文涛, 央行副行长邹澜).
OFFICIAL_BETWEEN = re.compile(r"(?:副)?(?:长|部长|行长|主席|总裁|发言人|新闻发言人|官员|负责人|秘书长|署长|局长)?")
# A numbered item of a digest (6、下周央行公开市场…): its own story, so the digest's title says nothing about it.
LIST_ITEM = re.compile(r"(?:^|[\s。；】])\d{1,2}[、．](?!\d)")
# What may stand right before a clause's first character: a break, a bracket or quote, a space.
CLAUSE_START = re.compile(r"[，。：；！？、,;:!?【】\[\]（）()“”‘’\"'《》\s]")
_WORDS = sorted(((w, code) for code, words in COUNTRY_WORDS.items() for w in words), key=lambda p: -len(p[0]))
COUNTRY_RE = re.compile("|".join(re.escape(w) for w, _ in _WORDS))
WORD_COUNTRY = dict(_WORDS)
# The capitals and seats of government among the country words: cities, which begin their own indexes' and
# exchanges' names (首尔综合指数, 东京证交所), where a country word is the sentence's (韩国|KOSPI指数).
SEATS = frozenset({"华盛顿", "白宫", "东京", "首尔", "伦敦", "柏林", "巴黎", "布鲁塞尔", "莫斯科", "克里姆林宫", "基辅",
                   "渥太华", "堪培拉", "新德里", "德黑兰"})
COUNTRY_NAMES = frozenset(WORD_COUNTRY) - SEATS
WORD_LAST_CHARS = frozenset(w[-1] for w, _ in _WORDS)
# A visit to China or a policy towards it (访华, 来华, 赴华, 对华, 涉华) is the home side too (夏巴兹将访华 外交部介绍
# 有关情况 is the mainland's ministry); not where 华 begins another name (访华盛顿, 针对华为, 华纳, 华侨, 华润).
TOWARDS_CHINA = r"[访来赴对涉]华(?![盛为纳侨润尔])"
# China and another country as a pair (中巴两国, 中沙关系): the home side, beside the pairs of HOME_WORDS; only
# before a word of the pair, so that 其中法国, 其中沙特 stay the other country.
CHINA_PAIR = r"中[巴沙印法德澳加越菲泰马新土伊埃阿](?=两国|双方|关系|合作|经贸|战略|友好|全天候|外长|领导人)"
HOME_RE = re.compile("|".join([*(re.escape(w) for w in HOME_WORDS), TOWARDS_CHINA, CHINA_PAIR]))


def body_table(zh_keys: Mapping[str, str], entries: Mapping[str, Entry]) -> dict[str, dict[str, str]]:
    """Bare name → {country: entity id}, from the glossary's own country-first names: 美国财政部 (US) and 财政部
    (CN) give 财政部 → {CN: org.mof, US: org.us_treasury}. Only names whose bare part is itself a public body."""
    prefixes = {w: code for code, words in (*COUNTRY_WORDS.items(), *GLUED_ONLY.items()) for w in words}
    longest = max(map(len, prefixes))
    table: dict[str, dict[str, str]] = {}
    for key, entity_id in zh_keys.items():
        entry = entries[entity_id]
        if entry.type != "org" or entry.country is None:
            continue
        for cut in range(1, min(longest, len(key) - 2) + 1):
            if prefixes.get(key[:cut]) != entry.country:
                continue
            home_id = zh_keys.get(key[cut:])
            home = entries.get(home_id) if home_id else None
            if home is not None and home.type == "org" and home.country is not None and home.id != entity_id:
                table.setdefault(key[cut:], {home.country: home.id}).setdefault(entry.country, entity_id)
    return table


def local_body_names(entries: Mapping[str, Entry]) -> dict[str, frozenset[str]]:
    """Per locale, the bare names of its own bodies: LOCAL_BODY_NAMES and every body's locale name in the glossary
    (zh_tw 财政部, zh_hk 证监会). Under TRADITIONAL the names of either Traditional-script locale (Hong Kong or
    Taiwan), for Traditional text of no known locale."""
    names = {locale: set(bare) for locale, bare in LOCAL_BODY_NAMES.items()}
    for entry in entries.values():
        if entry.type == "org":
            for locale, aliases in entry.aliases_zh_locale.items():
                if locale in names:
                    names[locale].update(aliases)
    names[TRADITIONAL] = set().union(*names.values())
    return {locale: frozenset(bare) for locale, bare in names.items()}


def other_side(seg: Segment) -> bool:
    """Traditional text whose home words (中国, 中美, 对美) are written from the other side of the strait: Taiwan's,
    or Traditional of no known locale. Hong Kong news writes them as the mainland does (HOME_SIDE_LOCALES)."""
    return seg.script == TRADITIONAL and seg.locale not in HOME_SIDE_LOCALES


def names_local_body(seg: Segment, surface: str, local_names: Mapping[str, frozenset[str]]) -> bool:
    """A bare name that, in this segment's locale, is a local body's own name (local_body_names). In Traditional
    text of no known locale, a name that Hong Kong's or Taiwan's bodies use might be theirs; one neither uses
    (商务部, 发改委: Hong Kong has 局 bureaux, Taiwan has no such ministry) is the mainland's, as in their news."""
    local = local_names.get(seg.locale)
    if local is not None:
        return surface in local
    return seg.script == TRADITIONAL and surface in local_names[TRADITIONAL]


class CountryContext:
    """Resolves bare public-body mentions in a document by the country its clauses, sentences and title name."""

    def __init__(self, zh_keys: Mapping[str, str], entries: Mapping[str, Entry]) -> None:
        self.entries = entries
        self.zh_keys = zh_keys
        self.table = body_table(zh_keys, entries)
        self.local_names = local_body_names(entries)

    def resolve(self, segments: Sequence[Segment]) -> None:
        """Rewrite (or drop) the bare body mentions of one document's Chinese segments in place."""
        with_bodies = [seg for seg in segments if seg.src_lang == "zh" and names_an_org(seg.entities)]
        if not with_bodies:
            return  # most documents name no public body
        title = next((s for s in segments if s.part == "title" and s.src_lang == "zh"), None)
        title_country: dict[str, str | None] = {}  # per bare name, worked out on first need: most never ask
        for seg in with_bodies:
            text = seg.zh or ""
            kept = []
            for m in seg.entities:
                current = self.entries.get(m.entity_id)
                if current is None or current.type != "org" or current.country is None:
                    kept.append(m)
                    continue
                if local_office_after(text, m.end):
                    continue
                choices = self.table.get(m.surface, {})
                glued = glued_country(text, m.start)
                if glued is None and not choices:
                    kept.append(m)
                    continue
                if choices and (text.endswith(GENERIC_BEFORE, 0, m.start) or GENERIC_AFTER.match(text, m.end)) \
                        and not text.endswith(HOME_WORDS, 0, m.start):
                    continue  # 全球央行, 各国央行, 央行们; 我国央行 is the mainland's
                if title is not None and seg is not title and m.surface not in title_country:
                    title_country[m.surface] = self._title_level(title, m.surface)
                from_title = None if seg is title or title is None or LIST_ITEM.search(text) \
                    else title_country[m.surface]
                country = glued or self.country_of(text, m, seg.entities, from_title, other_side(seg))
                if country in SAR_HOME and country not in choices and m.surface.endswith(NATIONAL_ONLY_ENDS):
                    country = HOME  # a Hong Kong story about a mainland ministry (SAR_HOME)
                if country is None and current.country == HOME and names_local_body(seg, m.surface, self.local_names):
                    continue  # Taiwan's own 财政部, a Hong Kong story's 央行: the mainland body is no safe default
                if country is None and m.surface in EVIDENCE_ONLY and self.zh_keys.get(m.surface) == current.id:
                    continue  # 联邦政府, 能源部 with no country named: whose is unknown (a locale's own name stays)
                if country is None or country == current.country:
                    kept.append(m)
                elif country in choices:
                    kept.append(self._as(m, self.entries[choices[country]]))
                # else: another country's body the glossary does not have (巴西 + 财政部, 俄外交部): the
                # mention is dropped, since the body it names would be the wrong identity
            seg.entities = kept

    def _title_level(self, title: Segment, surface: str) -> str | None:
        """The country the title is about, for a bare name in the body. A title that names the body itself is read
        as its sentence is: only what stands before the name counts (外交部发言人就美国…答记者问 is the mainland's
        ministry answering about the US, 美国财政部宣布… is the US Treasury)."""
        text = title.zh or ""
        at = text.find(surface)
        if at >= 0 and answers_headline(text, at, at + len(surface)):
            return None
        mentions = title.entities if at < 0 else [m for m in title.entities if m.end <= at]
        return self._level(text if at < 0 else text[:at], mentions, traditional=other_side(title))

    def country_of(self, text: str, mention: Mention, mentions: Sequence[Mention], title_country: str | None,
                   traditional: bool = False) -> str | None:
        """The country a bare name's clause, else sentence, else title is about (None: no evidence). Only what
        stands before the name is its owner (美国总统特朗普称财政部…), or an official named right after it
        (财政部长贝森特, 商务部部长王文涛); what follows is usually the object (商务部回应特朗普关税)."""
        start, end = clause_bounds(text, mention.start, mention.end)
        begin = mention.start if answers_headline(text, mention.start, mention.end) \
            else text.rfind("】", 0, mention.start) + 1  # a bracketed headline is a sentence of its own
        owners = [m for m in mentions if begin <= m.start and m.end <= mention.start
                  or (m.start >= mention.end and OFFICIAL_BETWEEN.fullmatch(text, mention.end, m.start))]
        clause = [m for m in owners if start <= m.start and m.end <= end]
        for found in (self._level(text[start:mention.start], clause, text[start:end], traditional),
                      self._level(text[begin:mention.start], owners, text[begin:], traditional)):
            if found is not None:
                return found
        return title_country

    def _level(self, text: str, mentions: Sequence[Mention], whole: str | None = None,
               traditional: bool = False) -> str | None:
        """HOME when the home side shows, the one foreign country named, or None (none, or several). Country
        words are looked for in `text`; home words and people or bodies of known country in `whole` (the
        clause, when `text` is only its part before the name) and `mentions` (bare body names excluded).
        In Traditional text the mainland's words say nothing (Taiwan news writes 中国, 对美 from its own side);
        only mainland people and bodies (潘功胜) count for it."""
        scope = whole if whole is not None else text
        countries = {self.entries[m.entity_id].country for m in mentions
                     if m.surface not in self.table and m.entity_id in self.entries
                     and m.type in ("person", "org")} - {None}
        if HOME in countries or (not traditional and HOME_RE.search(scope)):
            return HOME
        for found in COUNTRY_RE.finditer(text):
            if not text.endswith(OBJECT_MARKERS, 0, found.start()) \
                    and not (traditional and WORD_COUNTRY[found.group()] == HOME):
                countries.add(WORD_COUNTRY[found.group()])
        if HOME in countries:
            return HOME
        return next(iter(countries)) if len(countries) == 1 else None

    @staticmethod
    def _as(mention: Mention, entry: Entry) -> Mention:
        return Mention(entity_id=entry.id, surface=mention.surface, start=mention.start, end=mention.end,
                       canonical=entry.en, ticker=entry.ticker, type=entry.type)


def names_an_org(mentions: Sequence[Mention]) -> bool:
    """Any mention of type org (a plain loop: asked of every segment, where a generator cost more than the answer)."""
    for m in mentions:
        if m.type == "org":
            return True
    return False


def local_office_after(text: str, end: int) -> bool:
    """国家税务总局|广东省税务局: a place, 省 or 市, and an office right after the name."""
    found = LOCAL_OFFICE.match(text, end)
    return found is not None and dictionary().is_place(found.group(1))


def glued_country(text: str, start: int) -> str | None:
    """The country of a country word glued before a name (中国财政部 in Taiwan news), or of a one-character form
    glued before it at the start of a clause (【俄外交部, ，美商务部),
    which the matcher takes for part of no place. Inside a run of Chinese the character is usually part of
    another word (今日央行, 欧美央行), so only a clause start counts."""
    if start and text[start - 1] in WORD_LAST_CHARS:  # (one set lookup for most mentions)
        word = next((code for word, code in _WORDS if text.endswith(word, 0, start)), None)
        if word is not None:
            return word  # a whole country word glued before it (中国财政部 in Taiwan news: the mainland's)
    if start == 0 or (start > 1 and not CLAUSE_START.match(text[start - 2])):
        return None
    return next((code for code, forms in GLUED_ONLY.items() if text[start - 1] in forms), None)


def answers_headline(text: str, start: int, end: int) -> bool:
    """The name opens a headline's second part and answers the first (太子集团高管在日本被捕 外交部回应,
    …涉台提案 外交部：…): the first part is what the body responds to, not who it is. A name inside the second part
    (…殖利率飙升 央行面临压力) is still that story's. A reporter's question to it (请问外交部…, …外交部对此有何评论)
    is asked of the home body, whatever country the question is about."""
    if QUESTION_AFTER.match(text, end) or text.endswith("请问", 0, start):
        return True
    if RESPONSE_AFTER.match(text, end) is None:
        return False
    for found in HEADLINE_BREAK.finditer(text):  # (breaks come in order: none after the name can end at it)
        if found.end() >= start:
            return found.end() == start
    return False


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[from, to) of the clause holding text[start:end]: between the clause breaks around it."""
    # (Lookarounds need the whole text; breaks come in order, so the scan stops at the first one past the name.)
    before = 0
    for found in CLAUSE_BREAK.finditer(text):
        if found.end() > start:
            break
        before = found.end()
    after = CLAUSE_BREAK.search(text, end)
    return before, (after.start() if after else len(text))
