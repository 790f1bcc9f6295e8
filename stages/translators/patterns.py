"""Fluent English for the sentence shapes that make up most financial news, with names and numbers exact.

Market moves (中际旭创暴涨逾13%创新高), earnings (净利润同比增长35%), margin trading, fund flows, ratings and
the frequent Taiwan headline shapes (外资连3买, 营收速报, Factset 最新调查) are word salad when glossed word
by word, and their English is formulaic. A segment is split into clauses at ，；。！？ (and, in headlines,
at a space between Chinese words); each clause is matched as a whole against the rules below, after its
linked names become a name slot and its numbers a number or date slot. A matched clause renders from
its rule's template: names as their canonical English, numbers as `numbers.py` renders them in the
segment's locale, any other part of the clause through the word-by-word gloss (`fallback`). A clause
that matches no rule, or whose rendering would lose a name, a term or a number, is glossed word by word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.records import Mention, Segment
from pipeline.text.datelines import BYLINE_PATTERN
from stages.translators.names import person_english, split_person
from stages.translators.numbers import DATE_RE, EnglishNumbers, NumberExpr, SpanIndex, segment_numbers

NAME, NUM, DATE = "\ue000", "\ue001", "\ue002"  # slot characters in a clause's shape
SLOTS = NAME + NUM + DATE
CLAUSE_END = "，；。！？：!?;"
CLAUSE_JOIN = {"，": ", ", "；": "; ", "。": ". ", "！": "! ", "？": "? ", "：": ": ", "!": "! ", "?": "? ", ";": "; "}
# Headlines (cnyes) separate clauses with a space between Chinese words, or before a date or EPS; a space
# before a plain number is not a break (台股涨 150.58 点).
HEADLINE_SPACE = re.compile(r"(?<=[\u4e00-\u9fff」〉）)%])\s+"
                            r"(?=[\u4e00-\u9fff「〈（(]|\d{1,4}[年月]|(?:19|20)\d\d(?:全年|上半年|下半年|Q[1-4])|EPS)")
# The glossary's 环比 is quarter-on-quarter; the period the text names decides: weekly prices are week-on-week,
# monthly statistics (5月份, 比上月, a month without a day) month-on-month; daily data says "sequentially".
SEQUENTIAL_CONTEXT = ((re.compile(r"周环比|上周|前一周|本周|全周|当周"), "week-on-week"),
                      (re.compile(r"季度|[一二三四首上本当单]季(?!节)|季报|季增|季减|Q[1-4]"), "quarter-on-quarter"),
                      (re.compile(r"\d+月份|月度|上月|本月|当月|\d+月(?![\d日号])"), "month-on-month"))
SEQUENTIAL_WORDS = ("month-on-month", "week-on-week", "sequentially")
QOQ_TERM = "term.qoq"
TAG_END = "〉】"
RANGE = re.compile(f"{NUM}(?:-|—|~|到|至){NUM}")
LIST = re.compile(f"{NUM}(?:[、和及]{NUM})+")
OPEN, CLOSE = "(（〈「", ")）〉」"  # no clause ends inside brackets

Fallback = Callable[[int, int], str]


@dataclass
class Shape:
    """A clause with its names, numbers and dates replaced by slot characters."""

    text: str
    spans: list[tuple[int, int]]  # source span (in seg.zh) of each shape character
    english: dict[int, str] = field(default_factory=dict)  # shape index of a slot → its English
    kinds: dict[int, str] = field(default_factory=dict)  # shape index of a name slot → the mention's type


@dataclass
class Rule:
    name: str
    regex: re.Pattern[str]
    render: Callable[[Groups], str]


class Groups:
    """A rule's match, with each group's English: a slot's own English, or the gloss of the source text."""

    def __init__(self, match: re.Match[str], shape: Shape, fallback: Fallback, context: str) -> None:
        self.match, self.shape, self.fallback, self.context = match, shape, fallback, context

    @property
    def source(self) -> str:
        """The clause as written."""
        return self.context[self.shape.spans[0][0]:self.shape.spans[-1][1]]

    def __getitem__(self, name: str) -> str:
        return self.match.group(name) or ""

    def en(self, name: str) -> str:
        start, end = self.match.span(name)
        if start < 0 or start == end:
            return ""
        text = self.match.group(name).strip()
        first = self.match.start(name) + self.match.group(name).index(text[:1])
        if len(text) == 1 and text in SLOTS:
            return self.shape.english[first]
        if RANGE.fullmatch(text):  # 1.23亿元-1.3亿元 → 123 million yuan to 130 million yuan
            return f"{self.shape.english[first]} to {self.shape.english[first + len(text) - 1]}"
        if LIST.fullmatch(text):  # 26.7%、23.0%和14.1% → 26.7%, 23.0% and 14.1%
            items = [self.shape.english[first + i] for i, ch in enumerate(text) if ch == NUM]
            return f"{', '.join(items[:-1])} and {items[-1]}"
        return self.fallback(self.shape.spans[start][0], self.shape.spans[end - 1][1]).strip()

    def subject(self, name: str = "subj") -> str:
        """An index takes the article: the Shanghai Composite Index rose 0.37%. A description goes before."""
        if name == "subj" and not self["subj"] and "free" in self.match.re.groupindex:
            return self.en("free")
        described = "desc" in self.match.re.groupindex and self["desc"] and name == "subj"
        if described:
            return f"{self.en('desc')} {self._subject(name)}"
        return self._subject(name)

    def _subject(self, name: str) -> str:
        english = self.en(name)
        text = self.match.group(name) or ""
        if len(text) > 1 and set(text) <= {NAME, "、"}:
            start = self.match.start(name)
            names = [self.shape.english[start + i] for i, ch in enumerate(text) if ch == NAME]
            return f"{', '.join(names[:-1])} and {names[-1]}"
        if text == NAME and self.shape.kinds.get(self.match.start(name)) == "index" and \
                not english.casefold().startswith("the "):
            return f"the {english}"
        return english

    def has_subject(self) -> bool:
        return bool(self["subj"] or ("free" in self.match.re.groupindex and self["free"]))

    def possessive(self, name: str = "subj") -> str:
        subject = self.subject(name)
        return f"{subject}'" if subject.endswith("s") and not subject.isupper() else f"{subject}'s"


def _shapes(seg: Segment, numbers: list[NumberExpr]) -> list[tuple[Shape, str]]:
    """Each clause's shape and the separator after it."""
    text = seg.zh or ""
    slots: dict[int, tuple[int, str, str, str]] = {}  # start → (end, slot char, English, mention type)
    for m in seg.entities:
        if m.type != "term":  # terms stay as text so rules can name them (净利润, 同比)
            slots[m.start] = (m.end, NAME, m.canonical, m.type)
    taken = SpanIndex((m.start, m.end) for m in seg.entities)
    for expr in numbers:
        glued = expr.start > 0 and text[expr.start - 1].isascii() and text[expr.start - 1].isalpha()
        if not glued and not taken.overlaps(expr.start, expr.end):  # Q4, GB200 stay text
            slots[expr.start] = (expr.end, DATE if _is_date(expr) else NUM, expr.english, "number")
    out: list[tuple[Shape, str]] = []
    shape = Shape("", [])
    pos, depth = 0, 0
    chars: list[str] = []
    while pos < len(text):
        if pos in slots:
            end, char, english, kind = slots[pos]
            shape.english[len(chars)] = english
            shape.kinds[len(chars)] = kind
            chars.append(char)
            shape.spans.append((pos, end))
            pos = end
            continue
        ch = text[pos]
        depth += (ch in OPEN) - (ch in CLOSE)
        space = HEADLINE_SPACE.match(text, pos) if ch.isspace() else None
        if ch in TAG_END and depth <= 0 and pos + 1 < len(text):  # 〈台股盘后〉 is a clause of its own
            chars.append(ch)
            shape.spans.append((pos, pos + 1))
            shape.text = "".join(chars)
            out.append((shape, " "))
            shape, chars = Shape("", []), []
            pos += 1
            continue
        if (ch in CLAUSE_END or space) and depth <= 0:
            shape.text = "".join(chars)
            out.append((shape, CLAUSE_JOIN.get(ch, ", ")))
            shape, chars = Shape("", []), []
            pos = space.end() if space else pos + 1
            continue
        if chars or not ch.isspace():  # a clause starts at its first non-space character
            chars.append(ch)
            shape.spans.append((pos, pos + 1))
        pos += 1
    shape.text = "".join(chars)
    out.append((shape, ""))
    for clause, _ in out:  # and ends at its last
        while clause.text and clause.text[-1].isspace():
            clause.text = clause.text[:-1]
            clause.spans.pop()
    return [(s, sep) for s, sep in out if s.text or sep.strip()]


def _is_date(expr: NumberExpr) -> bool:
    return bool(DATE_RE.fullmatch(expr.surface))


def render(seg: Segment, fallback: Fallback) -> str | None:
    """The segment's English when at least one clause matches a rule (other clauses through `fallback`,
    which glosses seg.zh[start:end] word by word), else None without glossing anything."""
    english, rules = render_clauses(seg, fallback, only_if_matched=True)
    return english if any(rules) else None


def render_clauses(seg: Segment, fallback: Fallback, only_if_matched: bool = False) -> tuple[str, list[str | None]]:
    """The English, and for each non-empty clause the name of the rule that rendered it (None: glossed)."""
    numbers = segment_numbers(seg)
    shapes = _shapes(seg, numbers)
    spans = _SegmentSpans.of(seg, numbers)
    rendered = [_render_clause(seg, shape, fallback, spans) for shape, _ in shapes]
    rules = [rule for (shape, _), (_, rule) in zip(shapes, rendered, strict=True) if shape.text]
    if only_if_matched and not any(rules):
        return "", rules
    pieces = [(english if english is not None else fallback(*_source_span(shape))) + sep
              for (shape, sep), (english, _) in zip(shapes, rendered, strict=True)]
    return "".join(pieces).strip(), rules


def _source_span(shape: Shape) -> tuple[int, int]:
    return (shape.spans[0][0], shape.spans[-1][1]) if shape.spans else (0, 0)


class _SegmentSpans(NamedTuple):
    """A segment's numbers and mentions in order of start, so a clause finds its own by bisection (a scan of
    all of them per clause is quadratic in a long sentence of short clauses)."""

    numbers: list[NumberExpr]
    number_starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]

    @classmethod
    def of(cls, seg: Segment, numbers: list[NumberExpr]) -> _SegmentSpans:
        ordered = sorted(numbers, key=lambda e: e.start)
        mentions = sorted(seg.entities, key=lambda m: m.start)
        return cls(ordered, [e.start for e in ordered], mentions, [m.start for m in mentions])

    def numbers_within(self, start: int, end: int) -> list[NumberExpr]:
        first = bisect_left(self.number_starts, start)
        return [e for e in self.numbers[first:bisect_left(self.number_starts, end)] if e.end <= end]

    def mentions_within(self, start: int, end: int) -> list[Mention]:
        first = bisect_left(self.mention_starts, start)
        return [m for m in self.mentions[first:bisect_left(self.mention_starts, end)] if m.end <= end]


def _render_clause(seg: Segment, shape: Shape, fallback: Fallback,
                   spans: _SegmentSpans) -> tuple[str | None, str | None]:
    """The rule's English and name, or (None, None) when no rule renders the clause faithfully."""
    if not shape.text:
        return "", None
    start, end = _source_span(shape)
    for rule in RULES:
        m = rule.regex.fullmatch(shape.text)
        if m:
            english = rule.render(Groups(m, shape, fallback, seg.zh or ""))
            if english and _keeps_everything(spans, start, end, english):
                return english, rule.name
    return None, None


def _keeps_everything(spans: _SegmentSpans, start: int, end: int, english: str) -> bool:
    """The rendering has every name's and term's canonical English and every number of the clause, as the
    verifier will demand (one exception: 环比 rendered month-on-month, week-on-week or sequentially by context)."""
    folded = english.casefold()
    inside = spans.mentions_within(start, end)
    sequential = any(word in folded for word in SEQUENTIAL_WORDS)
    for canonical, entity_id in {(m.canonical, m.entity_id) for m in inside}:  # each name searched once
        if canonical.casefold() not in folded and not (entity_id == QOQ_TERM and sequential):
            return False
    in_mention = SpanIndex((m.start, m.end) for m in inside)
    found = EnglishNumbers(english)
    for expr in spans.numbers_within(start, end):
        if not in_mention.covers(expr.start, expr.start + 1) and not found.keeps(expr):
            return False
    return True


# ---- the rules -------------------------------------------------------------------------------------------

UP = {
    "暴涨": "surged", "大涨": "jumped", "飙涨": "soared", "狂飙": "soared", "飙升": "soared", "急涨": "jumped",
    "劲扬": "rallied", "上涨": "rose", "涨": "rose", "上扬": "rose", "走高": "rose", "收涨": "closed up",
    "收升": "closed up", "收高": "closed up", "高开": "opened up", "升": "rose", "拉升": "rose", "反弹": "rebounded",
    "大幅上涨": "rose sharply", "上升": "rose", "增长": "grew", "提高": "rose", "回升": "rebounded", "扩大": "widened",
}
DOWN = {
    "暴跌": "plunged", "大跌": "tumbled", "重挫": "slumped", "挫": "fell", "下挫": "fell", "下跌": "fell", "跌": "fell",
    "走低": "fell", "收跌": "closed down", "收低": "closed down", "低开": "opened down", "回落": "fell back",
    "下滑": "slid", "急跌": "tumbled", "狂泻": "plunged", "大幅下跌": "fell sharply", "下降": "fell", "减少": "fell",
    "跳水": "plunged", "收窄": "narrowed",
}
MOVES = {**UP, **DOWN}
# Adverbs between subject and verb, and their English after the number (盘中一度下跌3.4% → fell 3.4% at one
# point intraday).
ADVERBS = {
    "盘中": " intraday", "盘中一度": " at one point intraday", "一度": " at one point", "早盘": " in early trade",
    "盘初": " in early trade", "美股盘初": " in early US trade", "尾盘": " in late trade", "开盘": " at the open",
    "盘后": " after hours", "全周": " for the week", "周": " for the week", "今日": " today", "全天": " for the day",
    "当日": " on the day", "累计": " in total", "年内": " so far this year", "今年以来": " so far this year",
    "午后一度": " at one point in the afternoon", "收盘": " at the close", "逆势": " against the trend", "集体": "",
    "周一": " on Monday", "周二": " on Tuesday", "周三": " on Wednesday", "周四": " on Thursday", "周五": " on Friday",
}
RECORDS = {"创新高": " to a record high", "创历史新高": " to a record high", "再创新高": " to another record high",
           "创新低": " to a record low", "创历史新低": " to a record low"}
# Free-text subjects a rule accepts besides linked names: markets, indexes, prices, sectors.
FREE_SUBJECT = (r"[\u4e00-\u9fffA-Za-z0-9()\ue000]{0,24}?(?:指数|股指|股价|期货|价格|金价|油价|原油|板块|概念股|"
                r"美股|港股|台股|A股|美元|汇率|收益率|沪指|深成指|创业板指|纳指|道指|标普|恒指|大盘|黄金|白银|铜价|"
                r"比特币|日经225|ETF|中概股|股|指)")
# A topic such as 全国工业生产者出厂价格 (glossed word by word) before a year-on-year change: no verbs or
# modals (可望, 将, 预计) in it, which the fluent verb after it would contradict.
FREE_TOPIC = r"(?![较比与])(?:(?![望将可预能会要])[^\ue001\ue002，、]){2,16}?(?<![增减涨跌降升比为和])"
# A short description before a name (谷歌链龙头中际旭创: the Google-chain leader Zhongji Xuchuang), glossed.
DESCRIPTION = (r"(?P<desc>[\u4e00-\u9fffA-Za-z\ue000]{0,8}?(?:龙头股|龙头|巨头|大厂|权值股|概念股|供应商|代工厂|芯片股|"
               r"科技股|厂商|同业))")
SUBJ = f"(?:{DESCRIPTION}?(?P<subj>{NAME}(?:、{NAME})*(?:股价)?)|(?P<free>{FREE_SUBJECT}))"
TIME_WORDS = {
    "上半年": "in the first half", "下半年": "in the second half", "一季度": "in the first quarter",
    "第一季度": "in the first quarter", "二季度": "in the second quarter", "第二季度": "in the second quarter",
    "三季度": "in the third quarter", "第三季度": "in the third quarter", "四季度": "in the fourth quarter",
    "第四季度": "in the fourth quarter", "前三季度": "in the first three quarters", "去年": "last year",
    "今年": "this year", "全年": "for the full year", "报告期内": "in the reporting period", "年度": "for the year",
    "半年度": "in the first half", "首季": "in the first quarter", "上半年度": "in the first half",
    "前11月": "in the first 11 months", "上季": "last quarter",
    **{f"Q{q}": f"in Q{q}" for q in range(1, 5)}, **{f"去年Q{q}": f"in Q{q} last year" for q in range(1, 5)},
}
METRICS = {
    "归属于上市公司股东的净利润": "net profit attributable to shareholders",
    "归母净利润": "net profit attributable to shareholders", "扣非净利润": "net profit excluding one-off items",
    "净利润": "net profit", "净利": "net profit", "营业收入": "revenue", "营收": "revenue", "营业总收入": "revenue",
    "主营收入": "revenue", "营业利润": "operating profit", "利润总额": "total profit", "毛利率": "gross margin",
    "每股收益": "earnings per share", "基本每股收益": "basic earnings per share", "税后纯益": "net profit",
    "获利": "profit", "纯益": "net profit",
    "出口": "exports", "进口": "imports", "成交额": "turnover", "成交量": "trading volume", "市值": "market value",
    "社会消费品零售总额": "retail sales of consumer goods", "固定资产投资": "fixed-asset investment",
    "销量": "sales", "出货量": "shipments", "产量": "output", "EPS": "EPS", "营运利益": "operating profit",
    "负债率": "debt ratio", "投资收益": "investment income", "财务费用": "financial expenses",
    "换手率": "turnover rate",
}
PLURAL_METRICS = frozenset({"exports", "imports", "sales", "shipments", "financial expenses"})
METRIC = f"(?P<metric>{'|'.join(sorted(map(re.escape, METRICS), key=len, reverse=True))})"
YOY = {"同比": "year-on-year", "较上年同期": "year-on-year", "比上年同期": "year-on-year", "比上年": "year-on-year",
       "较去年同期": "year-on-year", "比去年同期": "year-on-year", "年": "year-on-year", "按年": "year-on-year",
       "环比": "", "季": "quarter-on-quarter", "月": "month-on-month", "较上年": "year-on-year",
       "比上月": "month-on-month", "较上月": "month-on-month", "按月": "month-on-month", "按周": "week-on-week",
       "按季": "quarter-on-quarter"}
CHANGE_UP = {"增长": "rose", "上升": "rose", "上涨": "rose", "增加": "rose", "提升": "rose", "增": "rose",
             "成长": "rose", "提高": "rose", "大增": "jumped", "暴增": "surged", "升": "rose"}
# 升 and 跌 alone are Hong Kong's verbs of a change (按年升5%, 按月跌0.9%).
CHANGE_DOWN = {"下降": "fell", "减少": "fell", "下滑": "fell", "下跌": "fell", "减": "fell", "衰退": "fell",
               "大减": "slumped", "萎缩": "shrank", "跌": "fell"}
CHANGE_UP["预增"], CHANGE_DOWN["预减"] = "were expected to rise", "were expected to fall"  # earnings previews
CHANGES = {**CHANGE_UP, **CHANGE_DOWN}
# 年增/季增/月增 (Taiwan) compare with the same period a year, quarter or month before; 上年/去年/前月 are not that.
LONG_COMPARE = "|".join(sorted((k for k in YOY if len(k) > 1), key=len, reverse=True))
COMPARE = f"(?P<cmp>{LONG_COMPARE}|(?<![上去前今明本当])[年季月])"


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{X}", NAME).replace("{N}", NUM).replace("{D}", DATE))


def _compare(g: Groups) -> str:
    word = YOY[g["cmp"]]
    return word or sequential_english(g.source, g.context)


def sequential_english(*texts: str) -> str:
    """环比 in English: the period the first text naming one names (clause, then sentence), else
    "sequentially"."""
    for text in texts:
        for pattern, english in SEQUENTIAL_CONTEXT:
            if pattern.search(text):
                return english
    return "sequentially"


def _time_prefix(g: Groups) -> str:
    """'In 2021, ' / 'In the first half of 2022, ' / 'On August 19, '."""
    date, period = g.en("date"), TIME_WORDS.get(g["period"], "")
    if date and period:
        if period.startswith("in the"):
            return f"{period} of {date}, "
        return f"for the full year {date}, " if period == "for the full year" else f"{period} {date}, "
    if date:
        return f"on {date}, " if date.split(" ")[-1].isdigit() and not date.isdigit() else f"in {date}, "
    return f"{period}, " if period else ""


def _move(g: Groups) -> str:
    tail = RECORDS.get(g["record"], "")
    verb = MOVES[g["verb"]]
    if not g.has_subject() and not verb.startswith(("closed", "opened")):  # after the subject's clause: "…, up 2.9%"
        verb = "up" if g["verb"] in UP else "down"
    points = " points" if g["points"] else ""
    return f"{g.subject()} {verb} {g.en('n')}{points}{ADVERBS.get(g['adv'], '')}{tail}"


def _move_size(g: Groups) -> str:
    """跌幅达5% is the size of a fall: down 5%; with a subject, X was down 5%."""
    size = f"{'down' if g['kind'] in ('跌幅', '降幅') else 'up'} {g.en('n')}{ADVERBS.get(g['adv'], '')}"
    return f"{g.subject()} was {size}" if g.has_subject() else size


def _limit(g: Groups) -> str:
    side = "limit-up" if g["verb"] == "涨停" else "limit-down"
    return f"{g.subject()} hit the daily {side}"


def _record(g: Groups) -> str:
    return f"{g.subject()} hit a record high" if "高" in g["record"] else f"{g.subject()} hit a record low"


def _metric_change(g: Groups) -> str:
    change = CHANGES[g["dir"]].replace("were ", "was ")
    metric = METRICS[g["metric"]]
    who = "subj" if g["subj"] else "lead"
    owner = f"{g.possessive(who)} {metric}" if g[who] else metric
    amount = f" of {g.en('amt')}" if g["amt"] else ""
    return f"{_time_prefix(g)}{owner}{amount} {change} {_change_size(g)} {_compare(g)}"


def _subject_change(g: Groups) -> str:
    return f"{g.subject()} {CHANGES[g['dir']]} {_change_size(g)} {_compare(g)}"


REPORTS = {"一季报": "first quarterly report", "半年报": "half-year report", "中报": "interim report",
           "三季报": "third quarterly report", "年报": "annual report", "财报": "earnings report"}
REPORT_DATA = {"融资融券信息": "margin trading data", "融资融券数据": "margin trading data",
               "资金流向数据": "fund flow data"}


def _report_showed(g: Groups) -> str:
    year = f"{g.en('year')} " if g["year"] else ""
    return f"{g.possessive()} {year}{REPORTS[g['kind']]} showed"


TAGS = {"法说": "investor conference", "盘后": "after the close", "盘前要闻": "pre-market news",
        "热门股": "hot stocks", "营收": "revenue", "开盘": "open", "早盘": "early trade", "收盘": "close",
        "股东会": "shareholders' meeting", "专栏": "column"}
# cnyes column tags that are the whole tag.
WHOLE_TAGS = {"焦点股": "Stocks in focus", "财报": "Earnings report", "房产": "Property", "热门股": "Hot stocks",
              "纽约汇市": "New York forex", "台币": "New Taiwan dollar", "美对等关税": "US reciprocal tariffs",
              "关税冲击": "Tariff shock", "台股盘前要闻": "Taiwan stocks pre-market news"}


def _tag(g: Groups) -> str:
    """cnyes column tags: 〈旺宏法说〉 → <Macronix investor conference>, 〈焦点股〉 → <Stocks in focus>."""
    if g["whole"]:
        return f"<{WHOLE_TAGS[g['whole']]}>"
    open_, close = ("[", "]") if g["kind"] == "专栏" else ("<", ">")
    return f"{open_}{g.subject()} {TAGS[g['kind']]}{close}"


def _dividend(g: Groups) -> str:
    verb = "plans" if g["plan"] else "pays"
    return f"{g.subject()} {verb} a cash dividend of {g.en('n')}" if g["subj"] else \
        f"{'plans ' if g['plan'] else ''}a cash dividend of {g.en('n')}"


def _plural(english: str, noun: str) -> str:
    """17家 renders as '17 companies'; before another noun only the number is wanted: 17 institutions."""
    count = english.split(" ")[0]
    return f"{count} {noun}" if count == "1" else f"{count} {noun}s"


def _respectively(g: Groups) -> str:
    verb = "fell back" if g["dir"] == "回落" else CHANGES[g["dir"]].replace("were expected", "are expected")
    subject = f"{g.subject()} " if g["subj"] else ""
    return f"{subject}{verb} {g.en('n')} respectively"


def _per_share(g: Groups) -> str:
    kind = "loss per share" if g["kind"] == "亏损" else "earnings per share"
    when = {"去年": "last year's ", "今年": "this year's "}.get(g["period"], "")
    return f"{when}{kind} of {g.en('n')}"


def _bare_change(g: Groups) -> str:
    direction = "up" if g["dir"] in CHANGE_UP else "down"
    if g["dir"].startswith("预"):
        direction = f"expected to {'rise' if direction == 'up' else 'fall'}"
    return f"{direction} {_change_size(g)} {_compare(g)}"


def _change_size(g: Groups) -> str:
    """高达 before a growth rate is emphasis ("as high as"), not a bound: up 68.74%, not up as much as."""
    return g.en("n").removeprefix("as much as ")


def _metric_value(g: Groups) -> str:
    metric = METRICS[g["metric"]]
    who = "subj" if g["subj"] else "lead"  # 中际旭创2021年实现净利润… names the company before the year
    owner = f"{g.possessive(who)} {metric}" if g[who] else metric
    verb = "were" if metric in PLURAL_METRICS else "was"
    if g["expect"] or g["expect2"]:
        verb = "are expected to be" if verb == "were" else "is expected to be"
    record = f", {RECORDS[g['record']].removeprefix(' to ')}" if g["record"] else ""
    return f"{_time_prefix(g)}{owner} {verb} {g['neg']}{g.en('amt')}{record}"


FLOW_SUBJECTS = {"北向资金": "northbound funds", "北上资金": "northbound funds", "南向资金": "southbound funds",
                 "主力资金": "main-force capital", "主力": "main-force capital", "游资资金": "hot money",
                 "游资": "hot money", "散户资金": "retail money", "散户": "retail money", "外资": "foreign capital",
                 "资金": "funds", "超大单": "extra-large orders", "大单": "large orders", "中单": "medium orders",
                 "小单": "small orders"}


def _flow(g: Groups) -> str:
    direction = "inflows" if g["dir"] == "入" else "outflows"
    subject = FLOW_SUBJECTS.get(g["subj"]) or g.subject()
    return f"{subject} had net {direction} of {g.en('n')}"


MARGIN_KINDS = {"融资买入": "margin purchases", "融资净买入": "net margin purchases", "融资偿还": "margin repayments",
                "融资净偿还": "net margin repayments", "融券卖出": "short sales", "融券偿还": "short covering"}


def _margin(g: Groups) -> str:
    kind = MARGIN_KINDS[g["kind"]]
    when = f"on {g.en('date')}, " if g["date"] else ""
    return f"{when}{g.subject()} saw {kind} of {g.en('n')}" if g["subj"] else f"{when}{kind} of {g.en('n')}"


def _margin_balance(g: Groups) -> str:
    kind = {"融资余额": "margin balance", "融券余额": "short-selling balance",
            "融券余量": "short-selling volume"}.get(g["kind"], "margin trading balance")
    owner = f"{g.possessive()} {kind}" if g["subj"] else f"the {kind}"
    return f"{owner} was {g.en('n')}"


RATINGS = {"买入": "Buy", "增持": "Overweight", "推荐": "Recommend", "强烈推荐": "Strong Recommend",
           "中性": "Neutral", "减持": "Underweight", "卖出": "Sell", "优于大市": "Outperform", "跑赢行业": "Outperform"}


def _rating(g: Groups) -> str:
    rating = RATINGS[g["rating"]]
    article = "an" if rating[0] in "AEIOU" else "a"
    if g["act"] == "维持":
        return f"maintained {article} {rating} rating on {g.subject()}"
    if g["act"] == "给予":
        return f"gave {g.subject()} {article} {rating} rating"
    if g["act"] == "首予":
        return f"initiated coverage of {g.subject()} with {article} {rating} rating"
    return f"{g.subject()} was given {article} {rating} rating"


def _rating_by(g: Groups) -> str:
    rating = RATINGS[g["rating"]]
    article = "an" if rating[0] in "AEIOU" else "a"
    if g["act"] == "维持":
        return f"{g.en('broker')} maintained {article} {rating} rating on {g.subject()}"
    return f"{g.en('broker')} gave {g.subject()} {article} {rating} rating"


def _target(g: Groups) -> str:
    return f"target price {g.en('n')}"


INSTITUTIONS = {"外资": "foreign investors", "三大法人": "the three major institutional investors",
                "投信": "investment trusts", "自营商": "dealers", "外资及陆资": "foreign investors",
                "三大法人合计": "the three major institutional investors"}


# Words between the investors and 买超/卖超 in Taiwan headlines (外资再卖超261亿元, 外资今日买超…).
TRADE_ADVERBS = {"再": " again", "今日": " today", "今天": " today", "昨日": " yesterday", "放手": "", "合计": "",
                 "大举": " heavily", "续": " again", "又": " again"}


def _net_trade(g: Groups) -> str:
    side = "net bought" if g["dir"] == "买" else "net sold"
    who = INSTITUTIONS[g["who"]]
    amount = f" {g.en('n')}" if g["n"] else ""
    return f"{who}{TRADE_ADVERBS.get(g['adv'], '')} {side}{amount}"


def _streak(g: Groups) -> str:
    side = "net buyers" if g["dir"] == "买" else "net sellers"
    who = INSTITUTIONS[g["who"]]
    return f"{who} were {side} for {g.en('n')} straight sessions"


def _twse_close(g: Groups) -> str:
    verb = MOVES[g["verb"]]
    return f"Taiwan stocks {verb} {g.en('n')} points to close at {g.en('c')}"


def _factset_subject(g: Groups) -> str:
    ticker = g["tick"]
    if NAME in g["subj"]:
        return f"{g.en('subj')} ({ticker})"
    latin = g["subj"].strip(" (")
    return f"{latin} ({ticker})" if latin and latin.isascii() else ticker


def _factset_target(g: Groups) -> str:
    side = "raised" if g["dir"] == "调升" else "cut"
    return f"{_factset_subject(g)} target price {side} to {g.en('n')}"


def _factset_eps(g: Groups) -> str:
    side = "raised" if g["dir"] == "上修" else "cut"
    return f"{_factset_subject(g)} EPS estimate {side} to {g.en('n')}"


def _revenue_flash(g: Groups) -> str:
    growth = "up" if g["dir"] in ("增", "增率") else "down"
    return (f"Revenue flash - {g.en('subj')} ({g.en('code')}) {g.en('month')} revenue {g.en('amt')}, "
            f"{growth} {_change_size(g)} year-on-year")


def _byline(g: Groups) -> str:
    """文|富充 → By Fu Chong: what follows a byline's bar is the writer's name, read as one even when its surname
    is a rare one (富)."""
    who = g["who"]
    return f"By {person_english(*(split_person(who) or (who[0], who[1:])))}"


RULES: list[Rule] = [
    Rule("limit", _rx(f"{SUBJ}(?P<adv>{_alt(ADVERBS)})?(?:触及|封|直线)?(?P<verb>涨停|跌停)"), _limit),
    Rule("move", _rx(f"{SUBJ}?(?P<adv>{_alt(ADVERBS)})?(?P<verb>{_alt(MOVES)})(?P<n>{{N}})(?P<points>点)?"
                     f"(?P<record>{_alt(RECORDS)})?"), _move),
    Rule("move-size", _rx(f"{SUBJ}?(?P<adv>{_alt(ADVERBS)})?(?P<kind>涨幅|跌幅|降幅|增幅|升幅)(?:为|达|约)?"
                          f"(?P<n>{{N}})"), _move_size),
    Rule("time-of-day", _rx("截至(?P<h>{N})点(?P<m>{N})分"), lambda g: f"as of {g.en('h')}:{g.en('m').zfill(2)}"),
    Rule("record", _rx(f"{SUBJ}(?P<record>{_alt(RECORDS)})"), _record),
    Rule("metric-change", _rx(
        f"(?P<lead>{{X}})?(?:(?P<date>{{D}}|{{N}}(?=全年|年度|上半年|下半年|前三季度))?(?P<period>{_alt(TIME_WORDS)})?)?"
        f"(?P<subj>{{X}})?(?:实现|录得)?{METRIC}(?:为|达|达到|约)?(?P<amt>{{N}})?"
        f"{COMPARE}(?P<dir>{_alt(CHANGES)})(?:率)?(?:高达|达|约)?(?P<n>{{N}}(?:(?:-|到|至){{N}})?)"), _metric_change),
    Rule("subject-change", _rx(f"(?P<subj>{FREE_TOPIC}){COMPARE}(?P<dir>{_alt(CHANGES)})(?:率)?"
                               f"(?:高达|达|约)?(?P<n>{{N}})"), _subject_change),
    Rule("change", _rx(f"{COMPARE}(?P<dir>{_alt(CHANGES)})(?:率)?(?:高达|达|约)?(?P<n>{{N}}(?:(?:-|到|至){{N}})?)"),
         _bare_change),
    Rule("metric-value", _rx(
        f"(?P<lead>{{X}})?(?P<expect>预计)?(?:(?P<date>{{D}})?(?P<period>{_alt(TIME_WORDS)})?)?(?P<subj>{{X}})?"
        f"(?:公司)?(?P<expect2>预计)?(?:实现|录得)?{METRIC}\\s?(?:为|达|达到|约)?(?P<neg>-)?"
        f"(?P<amt>{{N}}(?:(?:-|到|至){{N}})?)(?P<record>{_alt(RECORDS)})?"), _metric_value),
    Rule("flow", _rx(f"(?:其中)?(?P<subj>{{X}}|{_alt(FLOW_SUBJECTS)})(?:今日|当日|全天|本周)?"
                     f"净流(?P<dir>入|出)(?P<n>{{N}})"), _flow),
    Rule("turnover-share", _rx("占总成交额(?:的)?(?P<n>{N})"),
         lambda g: f"accounting for {g.en('n')} of total turnover"),
    Rule("day-change", _rx(f"(?:较前一(?:个)?(?:交易)?日|较昨日|较上一交易日)(?P<dir>{_alt(CHANGES)})(?P<n>{{N}})"),
         lambda g: f"{'up' if g['dir'] in CHANGE_UP else 'down'} {g.en('n')} from the previous trading day"),
    Rule("margin", _rx(f"(?P<subj>{{X}})?(?P<date>{{D}})?(?:今日|当日)?获?(?P<kind>{_alt(MARGIN_KINDS)})(?:额|量)?"
                       f"(?P<n>{{N}})"), _margin),
    Rule("margin-balance", _rx("(?P<subj>{X})?(?:当前|最新)?"
                               "(?P<kind>融资融券余额|两融余额|融资余额|融券余额|融券余量)(?:为|达)?(?P<n>{N})"),
         _margin_balance),
    Rule("rating-by", _rx(f"(?P<broker>{{X}})(?P<act>给予|维持)(?P<subj>{{X}})(?:\\([^)]*\\))?"
                          f"(?P<rating>{_alt(RATINGS)})评级"), _rating_by),
    Rule("rating-given", _rx(f"(?P<act>给予|维持|首予)(?P<subj>{{X}}(?:\\([^)]*\\))?)(?P<rating>{_alt(RATINGS)})评级"),
         _rating),
    Rule("rating", _rx(f"(?P<subj>{{X}})(?P<act>获评|获|获给予|维持)(?P<rating>{_alt(RATINGS)})评级"), _rating),
    Rule("target", _rx("(?:预估)?目标价(?:为|至)?(?P<n>{N})"), _target),
    Rule("net-trade", _rx(f"(?P<who>{_alt(INSTITUTIONS)})(?P<adv>{_alt(TRADE_ADVERBS)})?(?P<dir>买|卖)超\\s*"
                          f"(?P<n>{{N}})?"), _net_trade),
    Rule("streak", _rx(f"(?P<who>{_alt(INSTITUTIONS)})连(?P<n>{{N}})(?P<dir>买|卖)"), _streak),
    Rule("twse-close", _rx(f"台股(?P<verb>{_alt(MOVES)})\\s*(?P<n>{{N}})\\s*点收\\s*(?P<c>{{N}})\\s*点"), _twse_close),
    Rule("factset-target", _rx("(?P<subj>[^\ue001]*?)\\(?(?P<tick>[A-Z][A-Z.]*-US)\\)?的?"
                               "目标价(?P<dir>调升|调降)至(?P<n>{N})"), _factset_target),
    Rule("factset-eps", _rx("(?P<subj>[^\ue001]*?)\\(?(?P<tick>[A-Z][A-Z.]*-US)\\)?的?"
                            "EPS预估(?P<dir>上修|下修)至(?P<n>{N})"), _factset_eps),
    Rule("factset-header", _rx("巨亨速报 - Factset 最新调查"), lambda g: "Anue flash - FactSet latest survey"),
    Rule("factset-range", _rx("幅度约?(?P<n>{N})"), lambda g: f"a change of {g.en('n')}"),
    Rule("revenue-flash", _rx("营收速报 - (?P<subj>[^\ue001\ue002]+?)\\((?P<code>{N})\\)(?P<month>{D})营收(?P<amt>{N})"
                              "年(?P<dir>增率|增|减率|减)(?:高达|达)?(?P<n>{N})"), _revenue_flash),
    Rule("report-showed", _rx(f"(?P<subj>{{X}})(?P<year>{{N}}|{{D}})?(?P<kind>{_alt(REPORTS)})显示"), _report_showed),
    Rule("data-showed", _rx("(?P<subj>{X})(?P<kind>融资融券信息|融资融券数据|资金流向数据)显示"),
         lambda g: f"{g.possessive()} {REPORT_DATA[g['kind']]} showed"),
    Rule("as-of-close", _rx("截至(?P<date>{D})收盘"), lambda g: f"as of the close on {g.en('date')}"),
    Rule("closed-at", _rx("(?P<subj>{X}(?:\\({N}\\))?)报收(?:于)?(?P<n>{N})(?:点)?"),
         lambda g: f"{g.subject()} closed at {g.en('n')}"),
    Rule("closed-price", _rx(f"{SUBJ}(?:收于|收报|报收于?)(?P<n>{{N}})"),
         lambda g: f"{g.subject()} closed at {g.en('n')}"),
    Rule("quote", _rx("(?:报收?|收报)(?P<n>{N})点?"), lambda g: f"at {g.en('n')}"),
    Rule("turnover", _rx("成交(?:额)?(?:为|达)?(?P<n>{N})"), lambda g: f"turnover of {g.en('n')}"),
    Rule("range", _rx("振幅(?:为|达)?(?P<n>{N})"), lambda g: f"an intraday range of {g.en('n')}"),
    Rule("two-year-average", _rx("两年平均增长(?P<n>{N})"),
         lambda g: f"an average of {g.en('n')} a year over two years"),
    Rule("respectively", _rx(f"(?P<subj>[^\ue001\ue002，]{{0,16}}?)分别(?P<dir>{_alt(CHANGES)}|回落)"
                             f"(?P<n>{{N}}(?:[、和及]{{N}})+)"), _respectively),
    Rule("raters", _rx("该股最近(?P<days>{N})内共有(?P<n>{N})机构给出评级"),
         lambda g: f"{_plural(g.en('n'), 'institution')} rated the stock in the last {g.en('days')}"),
    Rule("rating-count", _rx(f"(?P<rating>{_alt(RATINGS)})评级(?P<n>{{N}})"),
         lambda g: _plural(g.en("n"), f"{RATINGS[g['rating']]} rating")),
    Rule("average-target", _rx("过去(?P<days>{N})内机构目标均价为(?P<n>{N})"),
         lambda g: f"the average institutional target price over the last {g.en('days')} was {g.en('n')}"),
    Rule("evening-notice", _rx("(?P<subj>{X}(?:\\({N}\\))?)(?P<date>{D})晚间公告"),
         lambda g: f"{g.subject()} announced on the evening of {g.en('date')}"),
    Rule("dividend", _rx("(?P<subj>{X})?(?P<plan>拟|将)?(?:配息|配发现金股利|配发每股现金股利|现金股利|拟配)"
                         "(?P<n>{N})"), _dividend),
    Rule("per-share-loss", _rx("(?P<period>去年|今年)?每股(?P<kind>亏损|纯益|盈余|收益)(?:为)?(?P<n>{N})"), _per_share),
    Rule("tag", _rx(f"[〈【](?:(?P<whole>{_alt(WHOLE_TAGS)})|(?P<subj>[^〉】]{{1,12}}?)(?P<kind>{_alt(TAGS)}))[〉】]"),
         _tag),
    Rule("announcement", _rx("(?P<subj>{X})(?:发布)?公告"), lambda g: f"{g.subject()} announced"),
    # A dateline (财联社6月1日电, 新华社北京5月3日电): the agency, and the place when given, with the date.
    Rule("dateline", _rx("(?P<src>[^\ue001\ue002]{1,10}?)(?P<date>{D})电"),
         lambda g: f"{g.en('src')}, {g.en('date')}:"),
    Rule("byline", _rx(BYLINE_PATTERN), _byline),
    Rule("news-digest", _rx("(?P<subj>[^\ue001\ue002]{1,8})重点新闻摘要(?P<date>{D})"),
         lambda g: f"{g.en('subj')} key news digest, {g.en('date')}"),
]
