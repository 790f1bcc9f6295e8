"""Vetoes: pairs the story index's rules would join that are two stories whatever their shared wording.

The rules in story_index.py ask how much two documents share; a single-publisher feed repeats its own wording for
other events (issue 19, output precision: cls_telegraph_2026 0.417, rthk_finance_2025 0.364). Each veto here
names one way two alike documents are still two stories, from what the index stores of both (normalized titles,
publication instants), so a run and a later append decide alike.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from pipeline.dedupe import fingerprint as fp
from pipeline.io.timestamps import CHINA_TZ

# Words that put the act after them in the future: "X将同Y举行会谈" announces a meeting, "X同Y举行会谈" reports it
# (RUBRIC.md: the report has facts the preview could not have; cls_telegraph_2026's commonest wrong mark); "预计"
# a forecast beside its outcome. Longest first, so "即将" is read whole. Not "拟" or "计划": a plan's announcement
# is the story, and its headline names it with or without the word ("X拟投资…产线" / "X投资…产线": one story).
FUTURE = ("即将", "预计", "将")
# "将" is also the disposal marker: "X将Alphabet目标价下调" is "X下调Alphabet目标价" said another way, no preview (a
# judged repost of blind4, lost to this veto before). It announces a future act when a verb, a preposition, an
# adverb or a time follows it ("将同…会谈", "将于明日…", "将出席"), or when the lone 将 is all the two titles differ by
# (the disposal 将 is never dropped alone; "将其" is). Followed by one of OBJECT_TAGS (jieba's: a noun or name of any
# kind, a Latin word, a pronoun, a number, an abbreviation) it takes an object, not a tense.
DISPOSAL = "将"
OBJECT_TAGS = ("n", "eng", "r", "m", "j")
# The marker may carry this many letters with it in the inserted run ("将于", "拟在"), no more: a longer inserted run
# is a clause of its own, which the index's other rules weigh.
FUTURE_TAIL = 2
# A Latin word of a normalized title (a name or a ticker: "bloomenergy", "ibm"); story_index.LATIN_WORD is this one
# (defined here, so this module needs nothing of the index).
LATIN = re.compile(r"[a-z]{2,}")
# A replaced run of a template holds a name when jieba tags a word of it as a proper noun (NAME_TAGS: a person, a
# place or country, an organization, another name: "乌克兰" / "摩尔多瓦", "山西省" / "广西", "通奥检测集团"): two
# fillers of one slot. jieba's own dictionary and tagger (pipeline.text.jieba_base), not a list drawn from the feeds.
# A run of wording ("集体大涨" / "持续活跃", a hot list's reworded topic) holds none. Measured first without a
# tagger (two unlike Han runs of >= 2 or 3 letters): that caught such wording and lost three true pairs.
NAME_TAGS = ("nr", "ns", "nt", "nz")
# One template: the words the two titles share are at least this share of the longer title's letters (two titles
# with other names and nothing else in common are not a template, they are two wordings).
TEMPLATE_SHARED = 0.5
# A sector's price move and the stocks that hit their limit in it ("铜箔概念异动拉升宝明科技直线涨停", "影视板块继续
#活跃北京文化2连板"): a telegraph's market flash that quotes the news behind the move in its body. Beside a title
# that is no such flash (the company's announcement, the data release) it is a story of its own, the market's
# reaction (RUBRIC.md, followup_new_facts; cls_telegraph_2026 output2: 5 wrong marks). The sector (a Han run of at
# most 8 letters before 概念 or 板块) leads the title, a move word follows within 4 letters, and the title ends with
# a stock's limit move (涨停, 跌停, N连板): without that end the rule also split a hot list's topic ("鸿蒙概念股
# 爆火…" / "鸿蒙概念持续活跃…", fin_hot_hub_2024_2026: 10 right marks lost).
SECTOR_MOVE = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:概念股?|板块)[\u4e00-\u9fff]{0,4}?"
                         r"(?:异动|拉升|走强|走高|涨停|活跃|回升|大涨|拉涨|反弹|爆发|冲高|飙升|跳水|下挫|走低|跌停)"
                         r".*(?:涨停|跌停|连板)$")
SECTOR = re.compile(r"概念|板块")
# An authority's response to an event ("…派出工作组赶赴…震区", "中国地震局…启动三级应急响应"): beside the event's
# own flash ("…发生5.5级地震") it is another story, the response (cls_telegraph_2026 output2: 4 wrong marks).
RESPONSE = re.compile(r"派出?工作组|启动[\u4e00-\u9fff]{0,6}应急响应")
# Two bodies' responses are two stories too (RUBRIC.md: two bodies' responses to one warning, same_topic): "广西启动
# 防汛四级应急响应" / "国家防总针对广西启动…" (cls_telegraph_2026 output2). The responder is what precedes the response,
# cut at TARGET ("X针对Y启动…": X responds); two responders of at least two letters that share no two letters are
# two bodies (a reworded name of one, "国家防总" / "国家防总办公室", shares some).
TARGET = "针对"
# Two organizations in one slot of a template ("证监会对国元证券采取…" / "…国融证券…", "大商所发布…" / "广期所发布…",
# "港股ipo…车业股份有限公司递表港交所" / "…科技股份有限公司…"): a regulator's or an exchange's act repeated for another
# party is two stories (RUBRIC.md: two exchanges' parallel consultations, same_topic). A differing run of at most
# ORG_HEAD Han letters on both sides, directly before the same words that end an organization's name (ORG_END: a
# company, a bank, a brokerage, an exchange, an institute; "所" not as the particle of 所有, 所以, 所谓…). jieba
# splits or mis-tags such names ("国元/n 证券/n", "广期/b 所/n"), so named_template's name tags miss them.
ORG_END = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:股份有限公司|有限公司)|公司|集团|证券|银行|基金|期货|保险|交易所|"
                     r"[交期商]所|所(?![有以谓在属得需说述致示持])|转债|债")
# 8, not 6 (round 9): a company's legal name holds a place and a trade before its 科技/控股 ("广州豪特节能环保科技股份
# 有限公司", "中旅港澳文旅控股有限公司"); two such IPO filings met as candidates when rule 9's window was tried at a
# day (story_index.LEARNED_HOURS), and the wider slot stays: it vetoes nothing one story's two titles hold.
ORG_HEAD = 8
# ... and a security's name or code in that slot, by its shape (round 11, veto30): a bond's short name ends in 债 or
# 转债 (ORG_END: "深交所合金转债盘中临时停牌" / "…天脉转债…", two bonds' halts), and a listed code is CODE digits
# ("600519" / "000858"): two securities, whatever the notice says of them. A company's legal name may be longer than
# ORG_HEAD when its legal form follows (LEGAL_END: "杭州千岛湖鲟龙科技股份有限公司通过港交所上市聆讯" / "礼邦医药江苏
# 股份有限公司…", two IPO hearings); LEGAL_HEAD letters at most, so the slot is still a name, not a clause.
CODE = re.compile(r"[0-9]{6}")
LEGAL_END = re.compile(r"(?:股份)?有限公司")
LEGAL_HEAD = 16
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# "Again": one title tells a second occurrence of what the other tells ("基辅又响起多次爆炸声" / "基辅响起多次爆炸
# 声"; RUBRIC.md: a second response, "再回应", is followup_new_facts). Counted only when the marker is all the
# inserted run and a word of its own to jieba. A bare 再 is none: a hot list's "再迎重磅利好" beside "迎重磅利好"
# is style (fin_hot_hub_2024_2026: two marks it would split), and 再 starts words ("再融资", "再生").
AGAIN = ("又一次", "再一次", "再次", "再度", "又")
# A toll of an event ("…地震已致3人失联", "…已造成至少33人死亡") beside the event's first flash is a later
# development with a new count (RUBRIC.md: a new count is a new fact).
TOLL = re.compile(r"[0-9]+人(?:死亡|遇难|罹难|丧生|受伤|失联|失踪|被困)|(?:死亡|遇难|受伤|失联|失踪)人数")
# The market's reaction added to the news ("比特币突破7万美元" / "…关口加密货币概念股盘前走高", "伊朗计划…封锁…" /
# "…wti原油涨超7"): a title that is no market item (MARKET) beside the same title with another market's move inserted is
# the news and the move it caused, two stories (RUBRIC.md: news and the price move it caused, followup_new_facts).
# Another market's: the inserted run shares no two letters with the other title ("摩根大通ceo…支出…增加" /
# "…摩根大通股价盘前转跌" is the company's own stock, judged one story in blind1). And another party's response
# appended after the shared text ("…加征50关税" / "…加征50关税将以同等幅度实施反制"; "…为美国领土" / "…为美国新领土
# 伊方称其为妄想"): the reaction is a new fact. Not "X称" alone: an analyst's reason appended to a move ("…涨幅扩大
# 至10大摩称…") is the same story.
MOVE = re.compile(r"涨超|涨逾|涨近|涨约|涨幅|大涨|上涨|拉涨|跌超|跌逾|跌近|跌约|跌幅|大跌|下跌|跌破|走高|走低|走强|"
                  r"走弱|拉升|跳水|飙升|重挫|下挫|上扬|重回|失守|涨停|跌停")
# A title that is a market item itself ("卡特彼勒股价触及三个月低点", "美股稀土概念股普涨"): more moves added to it
# are detail of one move item (us_stocks, judged same in blind1-4), not the news and its reaction.
MARKET = re.compile(MOVE.pattern + r"|涨|跌|挫|股价|指数|股指|新高|新低|低点|高点|震荡|盘前|盘后|盘中|盘初|夜盘|开盘|"
                    r"收盘|板块|概念|行情")
RESPONSE_ADDED = re.compile(r"反制|反击|谴责|驳斥|否认|[\u4e00-\u9fff]方(?:称|表示|回应)")
# The inserted run must be this many units at least (a market or a response clause, not a word of style) and the
# titles must share this share of the shorter one's letters (one title is the other plus the reaction).
ADDED_MIN = 4
ADDED_SHARED = 0.8
# ... and, where the titles share no two letters at all (only the bodies joined them), a title that is a move with
# its figure (MOVE_FIGURE: "国际原油期货涨幅继续扩大wti原油涨超6", "美光闪迪股价分别跌68") beside one that is no market
# item: the news and another market's reaction to it (cls_telegraph_2026 output2, output3: 2 wrong marks).
MOVE_FIGURE = re.compile(r"[涨跌][^0-9]{0,4}[0-9]")
# Exchanges, each by its names (normalized: Simplified, letters only): two titles that each name exchanges, none
# the same, tell two exchanges' acts, however alike their notices ("上期所…扩大合格境外投资者…范围" / "上期能源…";
# RUBRIC.md: two exchanges' parallel consultations are same_topic). A notice of two exchanges names both.
EXCHANGES = (("上期所", "上海期货交易所"), ("上期能源", "上海国际能源交易中心"), ("大商所", "大连商品交易所"),
             ("郑商所", "郑州商品交易所"), ("广期所", "广州期货交易所"), ("中金所", "中国金融期货交易所"),
             ("上交所", "上海证券交易所"), ("深交所", "深圳证券交易所"), ("北交所", "北京证券交易所"),
             ("港交所", "香港交易所", "联交所"))
# Two facts on one figure in opposite directions ("现货黄金突破4100美元" / "现货黄金跌破4100美元": a level broken
# upward, then downward; "X涨3" / "X跌3"): two moves, two stories, however much of the body a hot list's items share
# (RUBRIC.md: a new price is a new fact; fin_hot_hub_2024_2026 output4). A direction word (UP or DOWN; the crossings
# first, so "跌破" is read whole) followed within DIRECTION_GAP letters by the figure ("涨幅扩大至6", "下降31"), or a
# level followed by its fall ("4100美元关口失守"). The figure is compared when each title gives it one direction only.
UP = ("突破", "站上", "站稳", "升破", "涨破", "升穿", "上破", "上穿", "收复", "涨", "升", "增")
DOWN = ("跌破", "失守", "跌穿", "下破", "下穿", "跌", "降", "减", "挫", "贬")
DIRECTION_GAP = 5
NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
DIRECTION = re.compile(f"({'|'.join(UP + DOWN)})[^0-9]{{0,{DIRECTION_GAP}}}?{NUMBER}")
FALLEN = re.compile(NUMBER + r"[^0-9]{0,5}?(?:失守|告破)")
# An index crossing a level of points ("沪指重回4000点", "KOSPI指数…失守5300点"): beside a title about the same
# moves that crosses none, it is the index's next flash, a later development (RUBRIC.md, followup_new_facts;
# cls_telegraph_2026: "指数跌幅收窄" / "…沪指重回4000点"). Points only: a share price "突破170美元" beside "攀升至
# 171美元" was judged one story (us_stocks blind2), and a level merely quoted ("最新报6571.33点") crosses nothing.
CROSSING = ("突破", "站上", "站稳", "升破", "涨破", "重回", "收复", "跌破", "失守", "跌穿", "跌落")
INDEX_LEVEL = re.compile(f"(?:{'|'.join(CROSSING)})[^0-9]{{0,3}}?{NUMBER}点|{NUMBER}点[^0-9]{{0,3}}?(?:失守|告破|关口)")
TITLE_CACHE = 8192
DAY = 86400
_SHIFT = int(CHINA_TZ.utcoffset(None).total_seconds())


# A title's units for aligning two titles: a Latin word or a number whole, any other letter alone ("ibm" and
# "bloomenergy" are two names, not two spellings sharing a "b" and an "m").
UNIT = re.compile(r"[a-z]+|[0-9.]+|.")


@lru_cache(maxsize=TITLE_CACHE)
def _aligned(title_a: str, title_b: str) -> tuple[tuple[str, str, str], ...]:
    """Two titles aligned, as (op, run of a, run of b) for every difflib opcode over UNITs (equal ones too)."""
    units_a, units_b = UNIT.findall(title_a), UNIT.findall(title_b)
    matcher = difflib.SequenceMatcher(None, units_a, units_b, autojunk=False)
    return tuple((op, "".join(units_a[i1:i2]), "".join(units_b[j1:j2]))
                 for op, i1, i2, j1, j2 in matcher.get_opcodes())


@lru_cache(maxsize=TITLE_CACHE)
def _edits(title_a: str, title_b: str) -> tuple[tuple[str, str, str], ...]:
    """Where two titles differ, as (op, run of a, run of b): the aligned runs without the equal ones."""
    return tuple(edit for edit in _aligned(title_a, title_b) if edit[0] != "equal")


def preview_vs_report(title_a: str, title_b: str) -> bool:
    """Whether one title announces what the other reports: the titles align, and where they differ one of them
    inserts a future marker (FUTURE, with at most FUTURE_TAIL letters) that the other lacks ("习近平将同…会谈" /
    "习近平同…会谈"). Two previews of one meeting, or two reports, have the marker on both sides or neither."""
    if not title_a or not title_b or title_a == title_b:
        return False
    edits = _edits(title_a, title_b)
    for op, run_a, run_b in edits:
        inserted, title = (run_a, title_a) if op == "delete" else (run_b, title_b) if op == "insert" else ("", "")
        for marker in FUTURE:
            if inserted.startswith(marker) and len(inserted) <= len(marker) + FUTURE_TAIL:
                # the marker the only difference: "X将举行仪式…" / "X举行仪式…" (jieba tags the verb phrase a noun)
                if marker != DISPOSAL or len(edits) == 1 and inserted == marker or _future_jiang(title):
                    return True
                break
    return False


def _future_jiang(title: str) -> bool:
    """Whether a "将" of the title announces a future act (not the disposal "将" before an object)."""
    words = _words(title)
    return any(word == DISPOSAL and not following.startswith(OBJECT_TAGS)
               for (word, _), (_, following) in zip(words[:-1], words[1:], strict=True))


def named_template(title_a: str, title_b: str) -> bool:
    """Whether two titles are one template with another name filled in: aligned word by word (jieba's words), they
    differ by at least one replaced run, and in one of them each side holds a name of one script the other side
    lacks: Latin words ("ibm" / "bloomenergy"), or words jieba tags as proper nouns. A run added or dropped
    elsewhere ("…紧急安排…支持黑龙江…" / "…安排…支持陕西…") hides no such slot (round 11: until then any added
    run ruled a template out; allowing them vetoed 4 wrong marks in whole sources and 8 judged "different" pairs,
    no judged "same" one). Checked for documents with bodies too: a template's body is the template as well."""
    if not title_a or not title_b or title_a == title_b:
        return False
    longer = max(len(title_a), len(title_b))
    if _common_letters(title_a, title_b) < TEMPLATE_SHARED * longer:  # no template, whatever jieba's words
        return False
    return tagged_template(_words(title_a), _words(title_b), longer)


def tagged_template(words_a: tuple[tuple[str, str], ...], words_b: tuple[tuple[str, str], ...], longer: int) -> bool:
    """named_template's decision on two titles' tagged words (_words); `longer`: the longer title's letters."""
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] == "replace"]
    if not edits:
        return False
    shared = sum(len(word) for block in matcher.get_matching_blocks() for word, _ in
                 words_a[block.a:block.a + block.size])
    if shared < TEMPLATE_SHARED * longer:
        return False
    for _, i1, i2, j1, j2 in edits:
        # Latin names beside Latin ones, Han beside Han ("starmind" / "星智" is one name), and a name inside the
        # other is that name ("mythosai" / "mythos": the normalized title glues a Latin word to the next)
        for script in (True, False):
            names_a, names_b = _names(words_a[i1:i2], script), _names(words_b[j1:j2], script)
            if names_a and names_b and not any(a in b or b in a for a in names_a for b in names_b):
                return True
    return False


def _common_letters(title_a: str, title_b: str) -> int:
    """The length of the two titles' longest common subsequence of letters. The words named_template's alignment
    shares are one such subsequence (each word whole, in order), so this bounds its shared letters from above
    without jieba: a pair it rules out needs no tagging (bench/template_veto.py: about half the pairs, and the
    tagger is loaded only for the first pair that passes). Bit-parallel, a few integer operations per letter of
    title_b: after each, the clear bits of `free` are the letters of title_a at which the longest common
    subsequence so far grows by one, so their count is its length."""
    where: dict[str, int] = {}
    for i, letter in enumerate(title_a):
        where[letter] = where.get(letter, 0) | 1 << i
    every = (1 << len(title_a)) - 1
    free = every
    for letter in title_b:
        hits = free & where.get(letter, 0)
        free = ((free + hits) | (free - hits)) & every
    return len(title_a) - free.bit_count()


@lru_cache(maxsize=TITLE_CACHE)
def _words(title: str) -> tuple[tuple[str, str], ...]:
    """A normalized title's words with jieba's part-of-speech tags (a Latin word is tagged "eng")."""
    return tuple((w.word, w.flag) for w in _tagger().cut(title))


def _names(words: tuple[tuple[str, str], ...], latin: bool) -> set[str]:
    """The Latin words (`latin`) or the Han proper nouns among `words`."""
    if latin:
        return {word for word, _ in words if LATIN.fullmatch(word)}
    return {word for word, flag in words if flag.startswith(NAME_TAGS) and not LATIN.search(word)}


@lru_cache(maxsize=1)
def _tagger():
    """jieba's tagger, made on the first pair that needs it (most runs mark few pairs, and a run with no candidate
    pair never loads it)."""
    from pipeline.text.jieba_base import new_tagger, new_tokenizer
    from pipeline.text.tagger_cache import RunCachedTagger

    return new_tagger(new_tokenizer(), kind=RunCachedTagger)


def sector_move(title_a: str, title_b: str) -> bool:
    """Whether one title is a sector's move flash (SECTOR_MOVE) and the other names no sector at all (SECTOR): a
    hot list's "面板板块行情大涨，持续性几何？" beside "面板板块大幅走强，TCL科技涨停" is one topic."""
    return bool(SECTOR_MOVE.search(title_a)) and not SECTOR.search(title_b) or \
        bool(SECTOR_MOVE.search(title_b)) and not SECTOR.search(title_a)


def response_vs_event(title_a: str, title_b: str) -> bool:
    """Whether exactly one of two titles reports an authority's response (RESPONSE), or both do by two responders
    (_responder) that share no two letters."""
    found_a, found_b = RESPONSE.search(title_a), RESPONSE.search(title_b)
    if found_a is None or found_b is None:
        return (found_a is None) != (found_b is None)
    responder_a, responder_b = _responder(title_a[:found_a.start()]), _responder(title_b[:found_b.start()])
    return len(responder_a) >= 2 and len(responder_b) >= 2 and not fp.bigrams(responder_a) & fp.bigrams(responder_b)


def _responder(lead: str) -> str:
    """Who responds, from the letters before a response: those before TARGET when it stands there."""
    return lead.split(TARGET, 1)[0]


def two_organizations(title_a: str, title_b: str) -> bool:
    """Whether the titles are one wording with another organization in one slot: where they differ, a run of Han
    letters on both sides (at most ORG_HEAD each, neither inside the other) is followed by shared words that end an
    organization's name (ORG_END), and the shared runs are most of the longer title (TEMPLATE_SHARED); or whether
    each names exchanges (EXCHANGES) and none the same."""
    if not title_a or not title_b or title_a == title_b:
        return False
    exchanges_a, exchanges_b = _exchanges(title_a), _exchanges(title_b)
    if exchanges_a and exchanges_b and not exchanges_a & exchanges_b:
        return True
    aligned = _aligned(title_a, title_b)
    shared = sum(len(run_a) for op, run_a, _ in aligned if op == "equal")
    if shared < TEMPLATE_SHARED * max(len(title_a), len(title_b)):
        return False
    return any(run_a not in run_b and run_b not in run_a and (
        _org_head(run_a) and _org_head(run_b) and ORG_END.match(following) or
        _org_head(run_a, LEGAL_HEAD) and _org_head(run_b, LEGAL_HEAD) and LEGAL_END.match(following) or
        CODE.fullmatch(run_a) and CODE.fullmatch(run_b)) for run_a, run_b, following in _slots(aligned))


def _exchanges(title: str) -> set[int]:
    """The exchanges (EXCHANGES, by index) a normalized title names."""
    return {n for n, names in enumerate(EXCHANGES) if any(name in title for name in names)}


def _slots(aligned: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    """The differing slots of two aligned titles as (run of a, run of b, the shared run after it): edits next to
    each other, or apart by one shared letter only (difflib pairs a stray letter: "成都欧林生物科技" / "物泊科技"
    share the "物"), are one slot."""
    slots, run_a, run_b = [], "", ""
    for n, (op, part_a, part_b) in enumerate(aligned):
        if op != "equal" or run_a + run_b and len(part_a) == 1 and n + 1 < len(aligned):
            run_a, run_b = run_a + part_a, run_b + part_b
        else:
            if run_a + run_b:
                slots.append((run_a, run_b, part_a))
            run_a, run_b = "", ""
    return slots


def _org_head(run: str, most: int = ORG_HEAD) -> bool:
    return 0 < len(run) <= most and HAN_RUN.fullmatch(run) is not None


def again_vs_once(title_a: str, title_b: str) -> bool:
    """Whether one title inserts an "again" marker (AGAIN) the other lacks, as a word of its own."""
    if not title_a or not title_b or title_a == title_b:
        return False
    for op, run_a, run_b in _edits(title_a, title_b):
        inserted, title = (run_a, title_a) if op == "delete" else (run_b, title_b) if op == "insert" else ("", "")
        if inserted in AGAIN and any(word == inserted for word, _ in _words(title)):
            return True
    return False


def toll_vs_event(title_a: str, title_b: str) -> bool:
    """Whether exactly one of two titles reports a toll (TOLL)."""
    return bool(TOLL.search(title_a)) != bool(TOLL.search(title_b))


def reaction_added(title_a: str, title_b: str) -> bool:
    """Whether one title is the other plus a reaction: the shorter's letters are mostly shared (ADDED_SHARED), and
    the longer inserts a run of ADDED_MIN units or more that holds a price move (MOVE) while the other is no market
    item (MARKET) and shares no two letters with it, or, after the last shared run, another party's response
    (RESPONSE_ADDED). Or the titles share no two letters, and one is a move (MOVE_FIGURE), the other no market
    item."""
    if not title_a or not title_b or title_a == title_b:
        return False
    if not fp.bigrams(title_a) & fp.bigrams(title_b) and (
            MOVE_FIGURE.search(title_a) and not MARKET.search(title_b) or
            MOVE_FIGURE.search(title_b) and not MARKET.search(title_a)):
        return True
    aligned = _aligned(title_a, title_b)
    shorter = min(title_a, title_b, key=len)
    shared = sum(len(run_a) for op, run_a, _ in aligned if op == "equal")
    if shared < ADDED_SHARED * len(shorter):
        return False
    last_equal = max(n for n, (op, _, _) in enumerate(aligned) if op == "equal")
    for n, (op, run_a, run_b) in enumerate(aligned):
        added, other = (run_a, title_b) if op == "delete" else (run_b, title_a) if op == "insert" else ("", "")
        if len(UNIT.findall(added)) < ADDED_MIN:
            continue
        if MOVE.search(added) and not MARKET.search(other) and not fp.bigrams(added) & fp.bigrams(other) or \
                n > last_equal and RESPONSE_ADDED.search(added):
            return True
    return False


def opposite_directions(title_a: str, title_b: str) -> bool:
    """Whether one figure moves one way in one title and the other way in the other (DIRECTION, FALLEN), each
    title giving that figure one direction only."""
    moves_a, moves_b = _directions(title_a), _directions(title_b)
    return any(len(moves_a[n]) == len(moves_b[n]) == 1 and moves_a[n] != moves_b[n] for n in moves_a.keys() & moves_b)


@lru_cache(maxsize=TITLE_CACHE)
def _directions(title: str) -> dict[float, frozenset[bool]]:
    """A title's figures with the directions it gives them (True: up)."""
    out: dict[float, set[bool]] = {}
    for word, number in DIRECTION.findall(title):
        out.setdefault(float(number), set()).add(word in UP)
    for number in FALLEN.findall(title):
        out.setdefault(float(number), set()).add(False)
    return {number: frozenset(ways) for number, ways in out.items()}


def index_level_once(title_a: str, title_b: str) -> bool:
    """Whether exactly one of two titles has an index cross a level of points (INDEX_LEVEL)."""
    return bool(INDEX_LEVEL.search(title_a)) != bool(INDEX_LEVEL.search(title_b))


# The title vetoes by name, the cheap ones first, each with the name of its function in this module: looked up when
# called, so a bench may wrap one (bench/template_veto.py). One list for the index (titles_veto) and for rule 9's
# features (pair_features: one feature per veto).
TITLE_VETOES: tuple[tuple[str, str], ...] = (
    ("sector_move", "sector_move"), ("response", "response_vs_event"), ("toll", "toll_vs_event"),
    ("index_level", "index_level_once"), ("opposite", "opposite_directions"), ("preview", "preview_vs_report"),
    ("reaction", "reaction_added"), ("organizations", "two_organizations"), ("again", "again_vs_once"),
    ("template", "named_template"))


# Every veto by name: what a StoryIndex applies unless its caller passes a subset (StoryIndex(active_vetoes=...);
# bench/veto_effect.py measures each with fewer). A value the caller owns, not module state, so two indexes in one
# process may differ and nothing leaks between callers. date_only is story_index's (other_days on its instants);
# the others are the title vetoes (TITLE_VETOES).
ALL = frozenset({name for name, _ in TITLE_VETOES} | {"date_only"})


def title_veto(name: str, title_a: str, title_b: str) -> bool:
    """Whether the title veto `name` (TITLE_VETOES) makes two normalized titles two stories."""
    return globals()[dict(TITLE_VETOES)[name]](title_a, title_b)


def titles_veto(title_a: str, title_b: str, active: frozenset[str] = ALL) -> bool:
    """Whether two documents' normalized titles make them two stories by one of the `active` title vetoes
    (TITLE_VETOES, in its order)."""
    return any(name in active and globals()[function](title_a, title_b) for name, function in TITLE_VETOES)


def other_days(published_a: int | None, published_b: int | None, timed_a: bool, timed_b: bool) -> bool:
    """Whether two publications (Unix seconds; `timed_*`: with a time of day, timestamps.Published.timed) are both
    a date without a time of day, on different dates. A date-only record is read as 00:00 of its day in UTC+08:00
    (pipeline.io.timestamps), so two of a daily template's items are 24 hours apart, inside the index's window,
    though a date is not an instant. A record stamped exactly 00:00:00 is timed: an instant like any other."""
    if published_a is None or published_b is None or published_a == published_b:
        return False
    return not timed_a and not timed_b


def date_only(published: int) -> bool:
    """Whether an instant is 00:00:00 UTC+08:00, the instant of a date alone: how a story index before stories-v7
    (which stores whether each row's instant is timed) told a date alone; its upgrade reads its rows so, and
    StoryIndex.match reads an instant so when its caller does not say."""
    return (published + _SHIFT) % DAY == 0
