"""Chinese number expressions → English, and the check that a translation kept them.

亿 is 100 million and 万 is 10 thousand, so 6000亿元 is 600 billion yuan and 4300万元 43 million yuan;
兆 is 10^12 as in Taiwan finance usage (1兆元 → NT$1 trillion). Digits are rendered from the exact
decimal value, never through floats.

What a bare 元 means depends on where the text comes from (`yuan_locale`): the document's locale
(pipeline/text/locale.py) makes it yuan in mainland news (written "yuan" after the amount, the way Reuters
and Caixin write it), HK$ in Hong Kong news and NT$ in Taiwan news; US$ beside a US ticker written in the
text (cnyes' `BAC-US`); 人民币 written in the same clause (or 以人民币计 earlier in the sentence) makes it
yuan whatever the locale; in Hong Kong news a bare 元 of the results of a company that reports in RMB
(glossary `reports_in`, on its mention) is yuan (results_currency.py). Symbol currencies go before the
amount (NT$51.5, US$3.982 billion, HK$100 million).
The check (`EnglishNumbers.keeps`) wants the amount in its own currency: an amount the English gives in
another currency is lost, not kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby

from pipeline.records import Segment
from pipeline.text.clauses import AMOUNT_CLAUSE_BREAK
from pipeline.text.locale import CN, HK, MO, TW
from stages.translators.price_currency import PriceCurrency
from stages.translators.results_currency import SUBJECT, ResultsCurrency
from stages.translators.senses import ordinal
from stages.translators.subject_currency import BODIES, SubjectCurrency, may_apply

MULTIPLIERS = {
    "万亿": Decimal(10) ** 12, "兆": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
    "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
YUAN, NTD, USD, HKD = "yuan", "NT$", "US$", "HK$"
MOP = "patacas"  # Macao's currency, a word after the amount (1.82 billion patacas)
# Currencies written as a symbol before the amount; every other currency is a word after it.
SYMBOLS = frozenset({NTD, USD, HKD})
CURRENCIES = {
    "美元": USD, "美金": USD, "港元": HKD, "港币": HKD, "人民币": YUAN, "新台币": NTD, "台币": NTD, "欧元": "euros",
    "日元": "yen", "英镑": "pounds", "韩元": "won", "元": YUAN, "元人民币": YUAN, "元新台币": NTD, "元港币": HKD,
}
# Other currencies of market news, as words after the amount (300亿加元 → 30 billion Canadian dollars); 港仙 are
# Hong Kong cents (dividends: 每股14.2港仙). The English check reads the same words back (CURRENCY_AFTER).
OTHER_CURRENCIES = {
    "加元": "Canadian dollars", "加币": "Canadian dollars", "澳元": "Australian dollars", "澳币": "Australian dollars",
    "新加坡元": "Singapore dollars", "新元": "Singapore dollars", "瑞郎": "Swiss francs", "瑞士法郎": "Swiss francs",
    "卢布": "rubles", "港仙": "HK cents", "澳门元": MOP, "澳门币": MOP, "葡币": MOP,
}
CURRENCIES.update(OTHER_CURRENCIES)
COUNTERS = {
    "个百分点": "percentage points", "百分点": "percentage points", "倍": "times", "股": "shares",
    "手": "lots", "台": "units", "辆": "vehicles", "吨": "tonnes", "家": "companies", "只": "stocks",
    "户": "households", "人": "people", "名": "people", "片": "pieces", "颗": "chips", "张": "lots",
    "个月": "months", "个交易日": "trading days", "交易日": "trading days", "平方米": "square meters",
    "平方公里": "square kilometers", "公里": "kilometers", "米": "meters", "岁": "years old",
    "天": "days", "日": "days", "周": "weeks", "小时": "hours", "分钟": "minutes", "年": "years", "个": "",
}
# A price per unit: 5.68元/股 → 5.68 yuan per share, 70美元/桶 → US$70 per barrel.
PER_UNITS = {"股": "share", "桶": "barrel", "吨": "tonne", "盎司": "ounce", "手": "lot", "克": "gram"}
QUALIFIERS = {
    "逾": "over", "超过": "more than", "超": "over", "近": "nearly", "将近": "nearly", "接近": "nearly",
    "约": "about", "大约": "about", "不到": "less than", "不足": "less than", "至少": "at least",
    "最高": "up to", "达": "", "高达": "as much as",
}
MONTHS = ("January February March April May June July August September October November December").split()
# 成 is a tenth (年增3成 → up 30%), but only where it cannot start a word: 成本 cost, 成交 deal, 成长 growth…
TENTHS_NOT_BEFORE = "本交长为立功熟果员都型就绩份"
TENTH = Decimal("10")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>1[0-2]|0?[1-9])月)(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
                     r"|(?P<y_only>(?:19|20)\d{2})年(?![\d度])")
# A day of the month written alone (7日, 当地时间20日): the month is the one the story is about. Not 日元 (yen),
# 日均/日线/日内 (daily…), and not after a count word (近5日, 连续3日: days, see COUNTERS).
DAY_RE = re.compile(r"(?<![\d.,])(?P<d>3[01]|[12]\d|0?[1-9])日(?![元均线内])")
DAY_COUNT_BEFORE = ("近", "连续", "连", "过去", "最近", "每", "前", "后", "逾", "超过", "超", "共", "达", "约", "数",
                    "第", "未来", "至少", "长达", "不到", "仅", "已")
# Before these a day of the month needs no "on" of its own (截至20日 → as of the 20th; 6月1日至18日 → June 1 to 18).
DAY_NO_ON_BEFORE = ("至", "到", "于", "在", "自", "从", "截止", "-", "~", "～", "—")
DAY_NO_ON_CHARS = frozenset("".join(DAY_NO_ON_BEFORE))
# A currency may stand before the amount too: 新台币9899亿元 is NT dollars, not yuan; so may a qualifier after
# it (人民币约2.8亿元: about 280 million yuan).
CURRENCY_PREFIXES = {"新台币": NTD, "人民币": YUAN, "港币": HKD, "美元": USD}
# 买超/卖超 (net bought/sold) are verbs, not "over"; 最近 is "recent", not "nearly".
# Headlines may space the amount off its unit (72.41 亿元).
# 2万3 (or 2万3千) is 23,000 and 1亿2 is 120 million: one digit after the multiplier is its next tenth.
# 30多亿元, 1000余万元, 500余元: "over" the number (多/余 before a multiplier or a currency only: 30多个 is read as
# it was).
# After digits 千 is a thousand (1千元, 3千人), except as the kilo- of a unit (3千克, 5千米, 2千瓦).
KILO_UNIT_CHARS = "克米瓦卡焦帕赫伏兆"
# (千 last: the longer multipliers that begin with it, 千万 and 千亿, are tried first)
MULTIPLIER_WORDS = f"{_alternation(w for w in MULTIPLIERS if w != '千')}|千(?![{KILO_UNIT_CHARS}])"
AMOUNT_RE = re.compile(
    f"(?:(?<![买卖最])(?P<q>{_alternation(QUALIFIERS)}))?(?P<pre>{_alternation(CURRENCY_PREFIXES)})?"
    f"(?:(?<=[币民元])(?P<q2>{_alternation(QUALIFIERS)}))?(?P<n>{NUMBER})"
    f"(?P<more>[多余](?=(?:{MULTIPLIER_WORDS}|{_alternation(CURRENCIES)})))?"
    f"(?: ?(?P<mult>{MULTIPLIER_WORDS})(?P<tail>\\d(?![\\d.%,万亿百])(?:千万|千)?)?)?"
    f"(?: (?={_alternation(CURRENCIES)}))?"
    f"(?P<unit>%|成(?![{TENTHS_NOT_BEFORE}])|{_alternation(CURRENCIES)}|{_alternation(COUNTERS)})?"
    f"(?:/(?P<per>{_alternation(PER_UNITS)}))?")
# Amounts of money in Chinese numerals (千亿元, 两万亿元, 一百亿美元, 数千亿元, 上千亿元): a currency must follow,
# and the numerals must end in 十/百/千 or carry a multiplier, so that 三元 (a company's name), 二元 (binary) and
# 一元化 are no amounts. 数/几 are "several" (数千亿元: hundreds of billions of yuan); 上, and 多/余 after the
# numerals, are "over" (上千亿元, 十多万美元: over US$100,000).
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_TENS = {"十": 10, "百": 100, "千": 1000}
CN_AMOUNT_RE = re.compile(
    f"(?<![\\d.,{''.join(CN_DIGITS)}{''.join(CN_TENS)}数几上万亿多余])"  # (not 万美元 alone in 十多万美元)
    f"(?:(?P<q>{_alternation(QUALIFIERS)}))?(?P<several>[数几上])?"
    f"(?P<cn>[{''.join(CN_DIGITS)}{''.join(CN_TENS)}]*)(?P<more>多|余)?(?P<mult>万亿|亿|万)?"
    f"(?P<unit>{_alternation(w for w in CURRENCIES if w not in ('港仙',))})(?!户)")
CN_MONEY_HINT = re.compile(f"(?<![\\d.,])[{''.join(CN_TENS)}万亿][多余]?(?:万|亿|万亿)?(?:{_alternation(CURRENCIES)})")
SEVERAL_CURRENCY_WORDS = {USD: "US dollars", HKD: "Hong Kong dollars", NTD: "New Taiwan dollars"}
# cnyes writes a US listing as BAC-US or (BRK.B-US): amounts in 元 beside it are US dollars.
US_TICKER_IN_TEXT = re.compile(r"(?<![A-Za-z])[A-Z][A-Z.]{0,6}-US(?![A-Za-z])")
TAIWAN_LISTING = re.compile(r"\.TWO?$")
MAINLAND_LISTING = re.compile(r"\.(?:SH|SZ|BJ)$")


@dataclass(frozen=True)
class NumberExpr:
    """One number as written in Chinese, with its English rendering and the value a translation must keep."""

    start: int
    end: int
    surface: str
    english: str
    required: tuple[str, ...]  # what the English must contain, digits without thousands separators
    unit: str  # English unit word the English must contain ("" when none)


def format_value(value: Decimal) -> str:
    """600000000000 → '600 billion', 50000 → '50,000', 13.50 → '13.5'."""
    for scale, word in SCALES:
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    plain = _plain(value)
    integer, _, fraction = plain.partition(".")
    if len(integer) > 4:
        integer = f"{int(integer):,}"
    return f"{integer}.{fraction}" if fraction else integer


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date_english(m: re.Match[str]) -> str:
    if m.group("y_only"):
        return m.group("y_only")
    year, month, day = m.group("y"), MONTHS[int(m.group("m")) - 1], m.group("d")
    if day:
        return f"{month} {int(day)}, {year}" if year else f"{month} {int(day)}"
    return f"{month} {year}" if year else month


def _day_english(text: str, m: re.Match[str], by_end: dict[int, NumberExpr]) -> str:
    """7日 → 'on the 7th'; after 至 closing a range that starts with a full date (6月1日至18日), just '18'.
    `by_end`: the dates and days found so far, by where they end."""
    day = int(m["d"])
    if text.endswith(DAY_NO_ON_BEFORE, 0, m.start()):
        opener = m.start()
        while opener and text[opener - 1] in DAY_NO_ON_CHARS:
            opener -= 1
        previous = by_end.get(opener)
        if previous is not None and previous.surface.endswith(("日", "号")) and "月" in previous.surface:
            return str(day)
        return f"the {ordinal(str(day))}"
    return f"on the {ordinal(str(day))}"


# A document's locale → what a bare 元 is there; other locales ("other", or a record no normalize stage saw)
# fall back to the script and the listings linked (see yuan_locale).
LOCALE_YUAN = {CN: YUAN, HK: HKD, TW: NTD, MO: MOP}
# 人民币 in the same clause as a bare 元 (港股通…人民币…，…元 is another clause), or 以人民币计 anywhere before it
# in the sentence, names the currency whatever the locale: Hong Kong and Taiwan news quote mainland figures so.
NAMED_BEFORE = {"人民币": YUAN}
STATED_BASIS = re.compile(r"以(人民币|港元|港币|美元|新台币)(?:计|计算|计价)")
# An amount the reader finds written in 人民币 (5000亿元人民币, 人民币5000亿元) states the basis of the sentence's
# later bare 元 amounts, across clauses, as 以人民币计 does: writers name the currency once. A bare mention of
# 人民币 (人民币汇率, 港股通…人民币…) is no amount and states nothing beyond its clause.
YUAN_WRITTEN_BEFORE, YUAN_WRITTEN_AFTER = "人民币", "元人民币"
BASIS_CURRENCY = {"人民币": YUAN, "港元": HKD, "港币": HKD, "美元": USD, "新台币": NTD}


def yuan_locale(text: str, script: str = "hans", tickers: Iterable[str | None] = (), locale: str = "") -> str:
    """What a bare 元 is in this text: US$ beside a US ticker written out (BAC-US); else by the document's
    locale (yuan, HK$, NT$); for an unknown locale NT$ beside a .TW/.TWO listing or in Traditional text (but
    yuan beside a mainland listing: an A-share's market value), else yuan. A linked US company alone is not
    enough: Taiwan news quotes Apple's mainland prices (天猫…降1,000元) in yuan."""
    if US_TICKER_IN_TEXT.search(text):
        return USD
    if locale in LOCALE_YUAN:
        return LOCALE_YUAN[locale]
    listings = [t for t in tickers if t]
    if any(TAIWAN_LISTING.search(t) for t in listings):
        return NTD
    if script == "hant" and not any(MAINLAND_LISTING.search(t) for t in listings):
        return NTD
    return YUAN


NAMED_BEFORE_RE = re.compile(_alternation(NAMED_BEFORE))


class NamedCurrencies:
    """The currencies a text names for its bare 元 (NAMED_BEFORE in the same clause, STATED_BASIS or an amount
    written in 人民币 anywhere before), read once per text and asked per amount by bisection: linear in the text
    however many amounts."""

    def __init__(self, text: str) -> None:
        self.named = [(m.end(), NAMED_BEFORE[m.group(0)]) for m in NAMED_BEFORE_RE.finditer(text)]
        self.stated = [(m.end(), BASIS_CURRENCY[m.group(1)]) for m in STATED_BASIS.finditer(text)]
        self.breaks = [m.start() for m in AMOUNT_CLAUSE_BREAK.finditer(text)] if self.named else []
        self.named_ends = [end for end, _ in self.named]
        self.stated_ends = [end for end, _ in self.stated]

    def at(self, start: int) -> str | None:
        """The currency named for a bare 元 amount that starts at `start`, or None."""
        i = bisect_right(self.named_ends, start)
        if i:
            end, currency = self.named[i - 1]
            b = bisect_left(self.breaks, start)
            if not b or self.breaks[b - 1] < end:  # no clause break between the name and the amount
                return currency
        j = bisect_right(self.stated_ends, start)
        return self.stated[j - 1][1] if j else None

    def state(self, end: int, currency: str) -> None:
        """An amount ending at `end` wrote its currency out: the basis of the bare 元 amounts after it."""
        i = bisect_right(self.stated_ends, end)
        self.stated_ends.insert(i, end)
        self.stated.insert(i, (end, currency))


def named_nearby(text: str, start: int) -> str | None:
    """The currency the sentence names for a bare 元 at `start`: 人民币 earlier in the same clause, or a stated
    basis (以人民币计) earlier in the text; None when it names none."""
    return NamedCurrencies(text).at(start)


# Money written without 元 (净利润3.54亿, 成交额1.5万亿, 三大法人买超77.6亿, 月薪8万): an amount with a multiplier
# and no unit is money, in the currency a bare 元 would be there, when the last topic word before it in its clause
# is a money word and no word of another unit follows it (1.7亿千瓦, 6000亿印尼盾: the next character is no Han
# character, or one of UNITLESS_FOLLOWERS). A quantity word ends the money topic (销量, 成交量, 发电量 …: 量).
MONEY_WORDS = ("成交额", "成交金额", "成交", "营收", "收入", "营业额", "净利润", "净利", "纯利", "利润", "盈利",
               "盈余", "获利", "亏损", "赚", "市值", "估值", "买超", "卖超", "净买入", "净卖出", "净流入", "净流出",
               "出资", "增资", "注册资本", "融资", "募资", "集资", "回购", "金额", "总额", "票房", "销售额", "罚款",
               "补贴", "预算", "月薪", "年薪", "起薪", "薪资", "房价", "要价", "售价", "身家", "资产", "存款",
               "贷款", "开支", "支出", "耗资", "斥资", "豪掷", "对价", "现金", "分红", "派息", "税收",
               # flows and balances: 外资买超/砍/提款, 主力资金净流入, 两融余额, 授信余额, 产值, 累亏, 投资
               "外资", "投信", "自营商", "法人", "资金", "余额", "产值", "亏", "投资")
NOT_MONEY_WORDS = ("成交量", "量", "人数", "人次", "用户", "人口", "面积", "库存", "产能", "份额", "股数", "点")
MONEY_TOPIC = re.compile(_alternation((*MONEY_WORDS, *NOT_MONEY_WORDS)))
MONEY = frozenset(MONEY_WORDS)
# What may follow money written without 元: a comparison, a record, a range, a particle.
UNITLESS_FOLLOWERS = frozenset("较同环创年月写起居位为左以和及或的至到之上下多余，、")
RANGE_JOINERS = ("-", "－", "~", "～", "—", "至", "到")


class MoneyTopics:
    """Where a text's clauses talk about money (MONEY_WORDS), for amounts written without 元; read once per text."""

    def __init__(self, text: str) -> None:
        topics = [(m.start(), m.group(0) in MONEY) for m in MONEY_TOPIC.finditer(text)]
        self.starts = [s for s, _ in topics]
        self.money = [t for _, t in topics]
        self.breaks = [m.start() for m in AMOUNT_CLAUSE_BREAK.finditer(text)]

    def at(self, start: int) -> bool:
        i = bisect_left(self.starts, start)
        if not i or not self.money[i - 1]:
            return False
        b = bisect_left(self.breaks, start)
        return not b or self.breaks[b - 1] < self.starts[i - 1]


def _opens_range(text: str, end: int) -> bool:
    """A range joiner and a digit follow: 1亿-2亿元."""
    return text.startswith(RANGE_JOINERS, end) and text[end + 1:end + 2].isdigit()


def _unitless_money(text: str, m: re.Match[str]) -> bool:
    """An amount with a multiplier and nothing after it that makes it a count (see MONEY_WORDS)."""
    if m.group("unit") or not m.group("mult") or m.group("per") or m.group("tail"):
        return False  # (2万3, 1亿2: spoken forms, read as they were)
    after = text[m.end():m.end() + 1]
    return not after or not ("\u4e00" <= after <= "\u9fff") or after in UNITLESS_FOLLOWERS


# A glossary `reports_in` code (or a subject's ISO currency: subject_currency.py) → the currency as numbers
# writes it.
REPORTED = {"CNY": YUAN, "HKD": HKD, "USD": USD, "TWD": NTD, "MOP": MOP}
ISO_OF = {currency: code for code, currency in REPORTED.items()}
# Documents whose bare 元 share prices take the currency of the company's market (price_currency.py); Taiwan news
# writes 美元 for ADRs and quotes its own listings in NT$.
PRICE_LOCALES = frozenset({CN, HK, MO})
# An amount written in these states the basis of the sentence's later bare 元 amounts, as 人民币 does (博彩收入
# 66亿澳门元，日均7.33亿元: both patacas).
BASIS_UNITS = {YUAN_WRITTEN_AFTER: YUAN, "澳门元": MOP, "澳门币": MOP, "葡币": MOP}


def segment_numbers(seg: Segment) -> list[NumberExpr]:
    """The numbers of a segment, with 元 read in the segment's locale; in Hong Kong news a bare 元 of the results
    of a company that reports in RMB is yuan (results_currency.py), and in Hong Kong and Macao news so is one whose
    sentence is about the mainland (patacas: Macao; subject_currency.py)."""
    text = seg.zh or ""
    yuan = yuan_locale(text, seg.script, (m.ticker for m in seg.entities), seg.locale)
    results = subjects = None
    hong_kong = seg.locale == HK and yuan == HKD
    if hong_kong:
        subject = seg.attrs.get(SUBJECT)
        if subject or any(m.reports_in for m in seg.entities):
            results = ResultsCurrency(text, seg.entities, ISO_OF[HKD], subject, seg.attrs)
    bodies = seg.attrs.get(BODIES, ())
    # Macao news is read as Hong Kong's is: its sentences about the mainland are in yuan too.
    local = hong_kong or (seg.locale == MO and yuan == MOP)
    taiwan = seg.locale == TW and yuan == NTD  # the PBOC's operations, mainland statistics and bodies are yuan
    if yuan != USD and may_apply(text, bodies, local, taiwan):
        subjects = SubjectCurrency(text, seg.entities, bodies, local, taiwan)
    # a share price of a company that trades elsewhere (小米股价20元 in mainland news: HK$; price_currency.py)
    prices = PriceCurrency(text, seg.entities, ISO_OF[yuan]) if seg.locale in PRICE_LOCALES and yuan != USD else None
    return find_numbers(text, yuan, results, subjects, prices if prices is not None and prices.active else None)


class SpanIndex:
    """Fixed half-open spans, asked in O(log n) whether a span overlaps or lies inside any of them: the checks
    that were `any(...)` over every span, once per number, and so quadratic in a long sentence."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = []  # max_end[i]: the furthest end among the first i + 1 spans
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.max_end.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span (s, e) has s < end and start < e."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start

    def covers(self, start: int, end: int) -> bool:
        """Some span (s, e) has s <= start and end <= e."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.max_end[i - 1] >= end


def find_numbers(text: str, yuan: str = YUAN, results: ResultsCurrency | None = None,
                 subjects: SubjectCurrency | None = None, prices: PriceCurrency | None = None) -> list[NumberExpr]:
    """Dates first, then amounts, left to right, never overlapping. `yuan` is what a bare 元 means, unless the
    text names another currency for it, `results` reads it as a company's reporting currency, `subjects` as
    the mainland's or Macao's or `prices` as the currency a company's shares trade in.

    Linear in the text: each regex scans it once, and a match looks only at its own neighbourhood."""
    found: list[NumberExpr] = []
    dates: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text):
        english = _date_english(m)
        digits = tuple(str(int(g)) for g in (m.group("y"), m.group("d"), m.group("y_only")) if g)
        found.append(NumberExpr(m.start(), m.end(), m.group(0), english, digits, ""))
        dates.append((m.start(), m.end()))
    by_end = {e.end: e for e in found}
    date_index = SpanIndex(dates)
    taken = list(dates)
    for m in DAY_RE.finditer(text):  # days never overlap each other: only the dates need asking
        if date_index.overlaps(m.start(), m.end()) or text.endswith(DAY_COUNT_BEFORE, 0, m.start()):
            continue
        expr = NumberExpr(m.start(), m.end(), m.group(0), _day_english(text, m, by_end), (str(int(m["d"])),), "")
        found.append(expr)
        by_end[expr.end] = expr
        taken.append((m.start(), m.end()))
    taken_index = SpanIndex(taken)
    named: NamedCurrencies | None = None  # read on the first amount
    money: MoneyTopics | None = None  # read on the first amount written without 元
    previous: tuple[int, int] | None = None  # (index in found, end) of the last amount written without a unit
    written: str | None = None  # the currency of the last amount written with its own (美元, 港元, 人民币 …)
    for m in AMOUNT_RE.finditer(text):
        if taken_index.overlaps(m.start(), m.end()):
            continue
        if m.start("n") > 0 and text[m.start("n") - 1].isascii() and text[m.start("n") - 1].isalpha():
            # part of a Latin token such as GB200 or TPU v7: not an amount
            found.append(NumberExpr(m.start("n"), m.end("n"), m.group("n"), m.group("n"),
                                    (m.group("n").replace(",", ""),), ""))
            continue
        if text.endswith("第", 0, m.start()) and m.group("unit") in COUNTERS and not m.group("mult"):
            # 第3名 is 3rd place, not "No. 3 people": the number alone, the gloss makes it an ordinal
            found.append(NumberExpr(m.start("n"), m.end("n"), m.group("n"), m.group("n"),
                                    (m.group("n").replace(",", ""),), ""))
            continue
        if named is None:
            named = NamedCurrencies(text)
        # the first of a range takes the second's currency (below), not the topic's: 360亿至400亿欧元
        unitless = _unitless_money(text, m) and not _opens_range(text, m.end())
        if unitless and money is None:
            money = MoneyTopics(text)
        expr = _amount(m, yuan, named, results, subjects, prices,
                       unitless and money is not None and money.at(m.start()), written)
        if (previous is not None and expr.unit in CURRENCY_UNITS and not found[previous[0]].unit
                and text[previous[1]:m.start()] in RANGE_JOINERS):
            # 1亿-2亿元: the first of a range is in the second's currency (its English stays "100 million-…")
            found[previous[0]] = replace(found[previous[0]], unit=expr.unit)
        previous = (len(found), m.end()) if m.group("mult") and not m.group("unit") and not m.group("pre") else None
        found.append(expr)
        if expr.unit in CURRENCY_UNITS and (m.group("pre") or m.group("unit") not in ("元", None)):
            written = expr.unit
        if m.group("pre") == YUAN_WRITTEN_BEFORE:
            named.state(m.end(), YUAN)
        elif m.group("unit") in BASIS_UNITS:
            named.state(m.end(), BASIS_UNITS[m.group("unit")])
    if FEN in text and yuan != NTD:  # 2.5分 after a price in yuan, or a dividend's: fen
        found = _fen_amounts(text, found)
    if CENT in text and yuan in (HKD, MOP):  # 每股派5仙: Hong Kong cents
        found = _cent_amounts(text, found)
    if CN_MONEY_HINT.search(text):  # money in Chinese numerals, where no amount was read
        found_index = SpanIndex([(e.start, e.end) for e in found])
        for m in CN_AMOUNT_RE.finditer(text):
            if not (m.group("cn") or m.group("mult")) or found_index.overlaps(m.start(), m.end()):
                continue
            unit = m.group("unit")
            if unit == "元":
                named = named or NamedCurrencies(text)
                currency = _bare_currency(m.start(), m.end(), yuan, named, results, subjects, prices)
            else:
                currency = CURRENCIES[unit]
            expr = _cn_amount(m, currency)
            if expr is not None:
                found.append(expr)
    found.sort(key=lambda x: x.start)
    return found


# 分 after a bare number is a fen (a hundredth of a yuan) where the sentence has already given a price in yuan
# (股价2.31元，较发行价低2.5分; 油价每升上调0.25元…柴油上调2分): mainland prices only, Hong Kong writes 仙. Not
# a score, a time or a share (评分4.5分, 10时30分, 3分钟, 2分之1, 分红): a character that continues 分 into a word,
# or one of the words before the number, keeps it no amount.
# Hong Kong writes its cents 仙, so a 分 there is always RMB: a mainland company's dividend (每股派息9.27分) or
# price; a dividend or price word before it in its clause (每股, 派, 息, 价, 报) makes it fen without a yuan amount
# first, in any locale but Taiwan's; 分人民币 names it.
FEN, FEN_UNIT = "分", "fen"
FEN_NOT_AFTER = frozenset("钟之析红类期批级数位别享成配散布开摊割裂支行局公部子店会社")
FEN_NOT_BEFORE = ("时", "点", "比", "分", "第", "前")  # 10时30分, 3比2分, 评分4.5分 (any X分 before)
FEN_MAX = Decimal(100)
FEN_MONEY_BEFORE = re.compile(r"每股|派|息|价|报")
# 每股派5仙: Hong Kong cents (港仙 written out is a currency word already); not 仙股 (a penny stock), 仙人, 仙境.
CENT, CENT_UNIT = "仙", "HK cents"
CENT_NOT_AFTER = frozenset("股人境女草子桃")


def _clause_start(text: str, at: int) -> int:
    breaks = [m.start() for m in AMOUNT_CLAUSE_BREAK.finditer(text, 0, at)]
    return breaks[-1] + 1 if breaks else 0


def _fen_amounts(text: str, found: list[NumberExpr]) -> list[NumberExpr]:
    """The bare numbers followed by 分 after an amount in yuan (or after a dividend or price word in their clause,
    or written 分人民币), read as fen (unit "fen", currency CNY)."""
    out, after_yuan = [], False
    for e in sorted(found, key=lambda x: x.start):
        if e.unit == YUAN:
            after_yuan = True
        elif (not e.unit and text[e.end:e.end + 1] == FEN
              and text[e.end + 1:e.end + 2] not in FEN_NOT_AFTER and not text.endswith(FEN_NOT_BEFORE, 0, e.start)
              and re.fullmatch(NUMBER, e.surface) and Decimal(e.surface.replace(",", "")) < FEN_MAX
              and (after_yuan or text.startswith("人民币", e.end + 1)
                   or FEN_MONEY_BEFORE.search(text, _clause_start(text, e.start), e.start))):
            e = NumberExpr(e.start, e.end + 1, e.surface + FEN, f"{e.english} fen", e.required, FEN_UNIT)
        out.append(e)
    return out


def _cent_amounts(text: str, found: list[NumberExpr]) -> list[NumberExpr]:
    """In Hong Kong and Macao news, the bare numbers followed by 仙 are Hong Kong cents (每股派5仙)."""
    return [NumberExpr(e.start, e.end + 1, e.surface + CENT, f"{e.english} HK cents", e.required, CENT_UNIT)
            if not e.unit and text[e.end:e.end + 1] == CENT and text[e.end + 1:e.end + 2] not in CENT_NOT_AFTER
            and re.fullmatch(NUMBER, e.surface) else e for e in found]


def _bare_currency(start: int, end: int, yuan: str, named: NamedCurrencies, results: ResultsCurrency | None,
                   subjects: SubjectCurrency | None, prices: PriceCurrency | None = None,
                   written: str | None = None) -> str:
    """What a bare 元 amount at text[start:end] is: named nearby, else `written` (money written without 元 after
    an amount in its own currency), else a company's results, the sentence's subject or a share price's market,
    else the locale's."""
    currency = named.at(start) or written
    if currency:
        return currency
    reported = results.at(start) if results is not None else None
    if reported is None and subjects is not None:
        reported = subjects.at(start, end)
    if reported is None and prices is not None:
        reported = prices.at(start)
    return REPORTED.get(reported or "", yuan)


def _cn_value(numerals: str) -> int:
    """一千 → 1000, 三百五十 → 350, 十 → 10, 千 → 1000, 两 → 2 (numerals up to 千; a multiplier comes after)."""
    total = digit = 0
    for ch in numerals:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (digit or 1) * CN_TENS[ch]
            digit = 0
    return total + digit


def _several(magnitude: Decimal) -> str:
    """10^11 → 'hundreds of billions', 10^9 → 'several billion', 10^4 → 'tens of thousands'."""
    digits = len(str(int(magnitude))) - 1
    words = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
    base = max((d for d in words if d <= digits), default=0)
    if not base:
        return {1: "dozens of", 2: "hundreds of"}.get(digits, "several")
    extra = digits - base
    return f"several {words[base]}" if extra == 0 else f"{'tens' if extra == 1 else 'hundreds'} of {words[base]}s"


def _cn_amount(m: re.Match[str], currency: str) -> NumberExpr | None:
    """A money amount in Chinese numerals, in `currency`; None when the numerals are no amount (三元)."""
    cn, mult, several = m.group("cn"), m.group("mult"), m.group("several")
    if not mult and not (cn and cn[-1] in CN_TENS):
        return None
    if m.group("more") and not (cn and cn[-1] in CN_TENS):
        return None  # 多 after a tens numeral only (十多万: over 100,000)
    if several and several != "上" and not cn and not mult:
        return None
    value = Decimal(_cn_value(cn) if cn else 1) * (MULTIPLIERS[mult] if mult else 1)
    qualifier = QUALIFIERS.get(m.group("q") or "", "")
    if m.group("more"):
        qualifier = "over"
    if several in ("数", "几"):
        word = SEVERAL_CURRENCY_WORDS.get(currency, currency)
        english, required = f"{_several(value)} {word}", ()  # hundreds of billions of yuan: no digits to keep
        if not english.startswith("several"):
            english = english.replace(f"s {word}", f"s of {word}", 1)  # hundreds of billions of yuan
    else:
        if several == "上":
            qualifier = "over"
        rendered = format_value(value)
        english = f"{currency}{rendered}" if currency in SYMBOLS else f"{rendered} {currency}"
        number, _, scale = rendered.partition(" ")
        required = (f"{number.replace(',', '')} {scale}".strip(),)
    if qualifier:
        english = f"{qualifier} {english}"
    return NumberExpr(m.start(), m.end(), m.group(0), english, required, currency)


def _value(m: re.Match[str]) -> Decimal:
    value = Decimal(m.group("n").replace(",", ""))
    if m.group("mult"):
        scale = MULTIPLIERS[m.group("mult")]
        value *= scale
        if m.group("tail"):
            value += Decimal(m.group("tail")[0]) * scale / 10  # 2万3 and 2万3千 are both 23,000
    if m.group("unit") == "成":
        value *= TENTH
    return value


def _amount(m: re.Match[str], yuan: str, named: NamedCurrencies, results: ResultsCurrency | None,
            subjects: SubjectCurrency | None = None, prices: PriceCurrency | None = None, money: bool = False,
            written: str | None = None) -> NumberExpr:
    """One amount's English; `money`: written without 元 but money (MoneyTopics), read as a bare 元, except that
    an amount written in its own currency earlier in the text (`written`) gives it that currency (预算6.7兆美元，
    砍掉1兆)."""
    unit, qual, pre, per = m.group("unit") or "", m.group("q") or m.group("q2"), m.group("pre"), m.group("per")
    value = _value(m)
    rendered = format_value(value) if m.group("mult") or unit == "成" else m.group("n")
    currency = ""
    if unit in ("%", "成"):
        english, unit_word = f"{rendered}%", ""
    elif pre and unit in ("元", ""):
        currency = CURRENCY_PREFIXES[pre]
    elif unit in CURRENCIES:
        currency = CURRENCIES[unit]
    if (unit == "元" or money) and not pre:  # 元人民币 and the like name their currency
        currency = _bare_currency(m.start(), m.end(), yuan, named, results, subjects, prices,
                                  written if money else None)
    if currency:
        unit_word = currency
        english = f"{currency}{rendered}" if currency in SYMBOLS else f"{rendered} {currency}"
    elif unit not in ("%", "成"):
        unit_word = COUNTERS.get(unit, "")
        english = f"{rendered} {unit_word}".strip()
    if per:
        english = f"{english} per {PER_UNITS[per]}"
    if qual and QUALIFIERS[qual]:
        english = f"{QUALIFIERS[qual]} {english}"
    elif m.group("more"):
        english = f"over {english}"
    number, _, scale = rendered.partition(" ")
    return NumberExpr(m.start(), m.end(), m.group(0), english, (f"{number.replace(',', '')} {scale}".strip(),),
                      unit_word)


DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
CURRENCY_UNITS = frozenset(CURRENCIES.values())


SCALE_WORDS = tuple(word for _, word in SCALES)


def number_kept(expr: NumberExpr, english: str) -> bool:
    """The translation contains every required value (with its scale word) as a whole number, and the
    currency when there is one. To check many numbers against one English, build EnglishNumbers once."""
    return EnglishNumbers(english).keeps(expr)


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch == "."


def _glued_after(haystack: str, pos: int) -> bool:
    """A digit, or a decimal point with a digit, continues the number that ends at `pos`."""
    after = haystack[pos:pos + 2]
    return after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())


# How English writes each currency next to an amount (casefolded): a symbol or code before it, a word after
# it (after the scale word: "1.82 billion yuan"). A bare "$" or "dollars" is read as the US dollar, the way an
# English reader reads it, so HK$ rendered as "$" is another currency.
CURRENCY_BEFORE = (("hk$", HKD), ("nt$", NTD), ("us$", USD), ("rmb", YUAN), ("cny", YUAN), ("hkd", HKD),
                   ("twd", NTD), ("ntd", NTD), ("usd", USD), ("¥", YUAN), ("€", "euros"), ("£", "pounds"),
                   ("$", USD))
CURRENCY_AFTER = (("yuan", YUAN), ("renminbi", YUAN), ("rmb", YUAN), ("cny", YUAN),
                  ("hong kong dollars", HKD), ("hong kong dollar", HKD), ("hk dollars", HKD), ("hkd", HKD),
                  ("new taiwan dollars", NTD), ("new taiwan dollar", NTD), ("taiwan dollars", NTD),
                  ("nt dollars", NTD), ("twd", NTD), ("ntd", NTD), ("us dollars", USD), ("u.s. dollars", USD),
                  ("usd", USD), ("dollars", USD), ("dollar", USD), ("euros", "euros"), ("euro", "euros"),
                  ("yen", "yen"), ("pounds", "pounds"), ("won", "won"),
                  *((word.casefold(), word) for word in dict.fromkeys(OTHER_CURRENCIES.values())))
CURRENCY_BEFORE_CHARS = max(len(word) for word, _ in CURRENCY_BEFORE) + 1  # the word and one space
CURRENCY_AFTER_CHARS = max(len(word) for word, _ in CURRENCY_AFTER) + 2  # a space, the word, one more letter


def _currency_before(haystack: str, start: int) -> str | None:
    before = haystack[max(0, start - CURRENCY_BEFORE_CHARS):start].rstrip()
    return next((currency for word, currency in CURRENCY_BEFORE if before.endswith(word)), None)


def _currency_after(haystack: str, end: int) -> str | None:
    after = haystack[end:end + CURRENCY_AFTER_CHARS].lstrip()
    for word, currency in CURRENCY_AFTER:
        if after.startswith(word) and not after[len(word):len(word) + 1].isalpha():
            return currency
    return None


class EnglishNumbers:
    """The whole numbers an English text shows (4.5 is not in 14.5 or 4.55; thousands separators ignored),
    with their scale word and the currency written beside each, and the currencies the text names: read in
    one pass, so checking every number of a sentence is linear in the sentence, not quadratic."""

    def __init__(self, english: str) -> None:
        haystack = DIGIT_COMMA.sub("", english).casefold()
        self.whole: set[str] = set()
        # value (with its scale word) → the currencies written beside it somewhere in the text
        self.beside: dict[str, set[str]] = {}
        pos = 0
        for numeric, chars in groupby(haystack, key=_numeric):
            run = "".join(chars)
            pos += len(run)
            if numeric:
                self._add_run(haystack, run, pos)
        self.currencies = frozenset(unit.casefold() for unit in CURRENCY_UNITS if unit.casefold() in haystack)

    def _add_run(self, haystack: str, run: str, end: int) -> None:
        """A maximal run of digits and points ending at `end`: a value starts at its start and ends where no
        digit or point-and-digit follows. Values have at most one decimal point, so a run gives at most two."""
        pieces = run.split(".")
        if not pieces[0]:
            return  # ".5": a point glued before
        if len(pieces) == 1 or not pieces[1]:
            self.whole.add(pieces[0])
        if len(pieces) >= 2 and pieces[1] and (len(pieces) == 2 or not pieces[2]):
            self.whole.add(f"{pieces[0]}.{pieces[1]}")
        if len(pieces) <= 2 and pieces[-1]:  # the run is the value: a scale word may follow it
            before = _currency_before(haystack, end - len(run))
            value, value_end = run, end
            for word in SCALE_WORDS:
                if haystack.startswith(f" {word}", end) and not _glued_after(haystack, end + 1 + len(word)):
                    value, value_end = f"{run} {word}", end + 1 + len(word)
                    self.whole.add(value)
            currency = before or _currency_after(haystack, value_end)
            if currency:
                self.beside.setdefault(value, set()).add(currency)

    def keeps(self, expr: NumberExpr) -> bool:
        """Every required value is shown; an amount in a currency is shown in that currency where the English
        writes one beside it (NT$1.82 billion for HK$ is a loss), else the currency is named somewhere."""
        if not all(part.casefold() in self.whole for part in expr.required):
            return False
        if expr.unit not in CURRENCY_UNITS:
            return True
        beside = set().union(*(self.beside.get(part.casefold(), set()) for part in expr.required))
        if beside:
            return expr.unit in beside
        return expr.unit.casefold() in self.currencies

    def wrong_currency(self, expr: NumberExpr) -> bool:
        """The amount is shown with its digits, but only beside another currency."""
        return (expr.unit in CURRENCY_UNITS and all(part.casefold() in self.whole for part in expr.required)
                and not self.keeps(expr))
