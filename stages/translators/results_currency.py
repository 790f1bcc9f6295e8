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
- the sentence writes no 港元/港币 (a writer who converted to Hong Kong dollars names them). A dividend word is a
  market word: dividends are often declared in HK$ (纯利1,900亿元，派末期息每股4.5元: yuan, then HK$).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from pipeline.records import Mention, Segment
from pipeline.text.locale import HK

# Words of a company's results (normalized Simplified text: 營收 → 营收, 賺 → 赚, 蝕 → 蚀).
RESULTS_WORDS = ("营业收入", "收入", "营收", "营业额", "盈利", "纯利", "净利", "溢利", "亏损", "利润", "毛利", "收益",
                 "业绩", "经调整", "赚", "蚀", "亏", "营运开支", "研发开支", "开支", "现金流", "EBITDA")
# Words of the market or of a payout: an amount after them is a price, a value or a dividend, in HK$.
MARKET_WORDS = ("股价", "收报", "收市", "目标价", "市值", "回购", "沽空", "成交", "招股价", "发售价", "配售",
                "每股作价", "集资", "股息", "派息", "末期息", "中期息", "特别息", "每股派", "派发", "派")
TOPIC = re.compile("|".join(sorted(map(re.escape, (*RESULTS_WORDS, *MARKET_WORDS)), key=len, reverse=True)))
RESULTS = frozenset(RESULTS_WORDS)
# A sentence that writes these keeps the locale's HK$: the writer converted its amounts.
KEEP_LOCAL = re.compile("港元|港币")
# Segment.attrs key: the reporting currency of the last company named before a sentence that names none.
SUBJECT = "subject_reports_in"


def carry_subjects(segments: Sequence[Segment]) -> None:
    """In Hong Kong documents, give each Chinese segment that names no company the reporting currency of the last
    company named before it (title first), when that company has one: the sentences after a results lede
    (騰訊公布第三季業績。) give its figures without its name. A sentence naming a public body (an org) and no
    company ends it. Read by segment_numbers and the memory's key."""
    subject = None
    for seg in segments:
        if seg.locale != HK or seg.src_lang != "zh":
            continue
        companies = [m for m in seg.entities if m.type == "company"]
        if companies:
            subject = companies[-1].reports_in
        elif any(m.type == "org" for m in seg.entities):
            subject = None  # the story moved to a public body (政府收入, 金管局): its figures are not the company's
        elif subject:
            seg.attrs[SUBJECT] = subject


class ResultsCurrency:
    """The reporting currency (ISO code) of the company whose results a bare 元 amount gives, or None; read once
    per sentence, asked per amount."""

    def __init__(self, text: str, mentions: Sequence[Mention], local: str, subject: str | None = None) -> None:
        """`local`: the ISO code of the locale's bare 元 (HKD in Hong Kong news); `subject`: the document's
        company before this sentence (carry_subjects), for a sentence that names none."""
        # every company of the sentence, those without the fact too: the amount is the nearest one's (滙豐純利…，騰訊…)
        self.companies: list[tuple[int, str | None]] = [(m.start, m.reports_in) for m in mentions
                                                        if m.type == "company"]
        if subject and not self.companies:
            self.companies = [(-1, subject)]
        self.local = local
        self.active = (any(c and c != local for _, c in self.companies) and not KEEP_LOCAL.search(text))
        topics = [(m.start(), m.group(0) in RESULTS) for m in TOPIC.finditer(text)] if self.active else []
        self.topic_starts = [s for s, _ in topics]
        self.topic_results = [r for _, r in topics]
        self.company_starts = [s for s, _ in self.companies]

    def at(self, start: int) -> str | None:
        """The reporting currency for a bare 元 amount starting at `start`, when it is not the locale's."""
        if not self.active:
            return None
        i = bisect_left(self.topic_starts, start)
        if not i or not self.topic_results[i - 1]:
            return None
        j = bisect_left(self.company_starts, start)
        currency = self.companies[j - 1][1] if j else self.companies[0][1]
        return currency if currency and currency != self.local else None
