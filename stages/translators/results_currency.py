"""Which currency a bare 元 of a company's results is in, in Hong Kong news.

Hong Kong news writes a bare 元 for Hong Kong dollars, but a mainland company's results are RMB figures:
腾讯第三季收入1,000亿元 is 100 billion yuan, not HK$. The company's reporting currency is a glossary fact
(`reports_in`, pipeline/glossary/reporting.py) that the link stage copies to its mentions. The rule, for a bare
元 amount of a Hong Kong document (stages/translators/numbers.py asks it after 人民币 / 以人民币计 and before the
locale's HK$):

- the last topic word before the amount in its sentence is a results word (收入, 营收, 营业额, 盈利, 纯利, 净利,
  溢利, 亏损, 利润, 毛利, 收益, 业绩, 赚, 蚀 …), not a market or dividend word (股价, 收报, 目标价, 市值, 回购,
  股息, 派息, 每股派 …): 美团第二季收入按年升12%，至918亿元 is revenue, 股价升3%至500元 a share price;
- the company the amount is about (the nearest company mention before it in the sentence, else the first after
  it; in a sentence that names no company, the last company the document named before it, `carry_subjects`:
  騰訊公布業績。期內收入按年增長15%至1,928億元。) reports in another currency than the locale's;
- the sentence writes no 港元/港币 (a writer who converted to Hong Kong dollars names them).

A dividend is the company's too, but red chips (Tencent, China Mobile) declare theirs in HK$ while a mainland-
incorporated company (an H share, an A+H share) declares in RMB and pays H-share holders in HK$ at a stated rate,
so Hong Kong news writes both. A bare 元 after a dividend word (股息, 派息, 末期息, 每股派 …) is yuan only when
the text says so: the company declares in RMB (reporting.declares_in_rmb) and the document has written 人民币
in this sentence or before it, title first (派末期息每股人民币0.3元 in the title, 每股派0.3元 in the body).
Otherwise it stays HK$ (纯利1,900亿元，派末期息每股4.5元: yuan, then HK$).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from pipeline.glossary.reporting import declares_in_rmb
from pipeline.records import Mention, Segment
from pipeline.text.locale import HK

# Words of a company's results (normalized Simplified text: 營收 → 营收, 賺 → 赚, 蝕 → 蚀).
RESULTS_WORDS = ("营业收入", "收入", "营收", "营业额", "盈利", "纯利", "净利", "溢利", "亏损", "利润", "毛利", "收益",
                 "业绩", "经调整", "赚", "蚀", "亏", "营运开支", "研发开支", "开支", "现金流", "EBITDA")
# Words of the market: an amount after them is a price or a value, in HK$.
MARKET_WORDS = ("股价", "收报", "收市", "目标价", "市值", "回购", "沽空", "成交", "招股价", "发售价", "配售",
                "每股作价", "集资")
# Words of a payout: HK$, unless the company declares in RMB and the document writes 人民币 (above).
DIVIDEND_WORDS = ("股息", "派息", "末期息", "中期息", "特别息", "每股派", "派发", "派")
TOPIC = re.compile("|".join(sorted(map(re.escape, (*RESULTS_WORDS, *MARKET_WORDS, *DIVIDEND_WORDS)),
                                   key=len, reverse=True)))
RESULTS, DIVIDENDS = frozenset(RESULTS_WORDS), frozenset(DIVIDEND_WORDS)
# A sentence that may hold a dividend (a cheap test before the document's 人民币 is carried to it).
DIVIDEND_CHARS = re.compile("息|派")
RMB = "人民币"
# A sentence that writes these keeps the locale's HK$: the writer converted its amounts.
KEEP_LOCAL = re.compile("港元|港币")
# Segment.attrs key: the reporting currency of the last company named before a sentence that names none.
SUBJECT = "subject_reports_in"
# Segment.attrs keys, set only on sentences that may hold a dividend: the last company named before a sentence that
# names none declares its dividends in RMB ("CNY"); the document wrote 人民币 in an earlier sentence (True).
SUBJECT_DIVIDENDS = "subject_dividends_in"
RMB_WRITTEN = "rmb_written_before"


class Topics:
    """A sentence's topic words (results, market and dividend words: TOPIC), asked for the last one before an
    amount; read once per sentence (results_currency, price_currency)."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.group(0)) for m in TOPIC.finditer(text)]
        self.starts = [s for s, _ in found]
        self.words = [w for _, w in found]

    def before(self, start: int) -> str | None:
        i = bisect_left(self.starts, start)
        return self.words[i - 1] if i else None


def subject_company(company_starts: Sequence[int], start: int) -> int:
    """Which company (an index into the sentence's company mentions, by start) an amount at `start` is about: the
    nearest one before it, else the first one after it."""
    j = bisect_left(company_starts, start)
    return j - 1 if j else 0


def carry_subjects(segments: Sequence[Segment]) -> None:
    """In Hong Kong documents, give each Chinese segment that names no company the reporting currency of the last
    company named before it (title first), when that company has one: the sentences after a results lede
    (騰訊公布第三季業績。) give its figures without its name. A sentence naming a public body (an org) and no
    company ends it. Read by segment_numbers and the memory's key."""
    subject = None
    declares = rmb = False
    for seg in segments:
        if seg.locale != HK or seg.src_lang != "zh":
            continue
        companies = [m for m in seg.entities if m.type == "company"]
        may_pay = DIVIDEND_CHARS.search(seg.zh or "") is not None
        if may_pay and rmb:
            seg.attrs[RMB_WRITTEN] = True
        rmb = rmb or RMB in (seg.zh or "")
        if companies:
            subject = companies[-1].reports_in
            declares = declares_in_rmb(companies[-1].ticker, subject)
        elif any(m.type == "org" for m in seg.entities):
            subject, declares = None, False  # the story moved to a public body (政府收入, 金管局): not the company's
        elif subject:
            seg.attrs[SUBJECT] = subject
            if declares and may_pay:
                seg.attrs[SUBJECT_DIVIDENDS] = subject


class ResultsCurrency:
    """The reporting currency (ISO code) of the company whose results a bare 元 amount gives, or None; read once
    per sentence, asked per amount."""

    def __init__(self, text: str, mentions: Sequence[Mention], local: str, subject: str | None = None,
                 attrs: dict | None = None) -> None:
        """`local`: the ISO code of the locale's bare 元 (HKD in Hong Kong news); `subject`: the document's
        company before this sentence (carry_subjects), for a sentence that names none; `attrs`: the segment's,
        for what carry_subjects found about dividends."""
        attrs = attrs or {}
        # every company of the sentence, those without the fact too: the amount is the nearest one's (滙豐純利…，騰訊…);
        # with the currency its dividends are declared in (None: the locale's)
        self.companies: list[tuple[int, str | None, str | None]] = [
            (m.start, m.reports_in, m.reports_in if declares_in_rmb(m.ticker, m.reports_in) else None)
            for m in mentions if m.type == "company"]
        if subject and not self.companies:
            self.companies = [(-1, subject, attrs.get(SUBJECT_DIVIDENDS))]
        self.local = local
        # dividends in the company's RMB need the text to write 人民币 (this sentence, or the document before it)
        self.rmb = attrs.get(RMB_WRITTEN, False) or RMB in text
        self.active = (any(c and c != local for _, c, _ in self.companies) and not KEEP_LOCAL.search(text))
        self.topics = Topics(text if self.active else "")
        self.company_starts = [s for s, _, _ in self.companies]

    def at(self, start: int) -> str | None:
        """The reporting currency for a bare 元 amount starting at `start`, when it is not the locale's."""
        if not self.active:
            return None
        word = self.topics.before(start)
        if word is None:
            return None
        _, reported, declared = self.companies[subject_company(self.company_starts, start)]
        if word in RESULTS:
            currency = reported
        elif word in DIVIDENDS and self.rmb:
            currency = declared
        else:
            return None
        return currency if currency and currency != self.local else None
