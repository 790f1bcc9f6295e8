"""Whose money a bare 元 in Hong Kong news is: the mainland's or Macao's, by the sentence's subject.

Hong Kong news writes a bare 元 for Hong Kong dollars, and also for the figures of the mainland and of Macao
that it reports: 人民銀行今日開展1,000億元逆回購 is a PBOC operation in yuan, 內地社會消費品零售總額4萬億元 a
mainland statistic in yuan, 澳門上月博彩收入200億元 Macao's gaming revenue in patacas. The rule, for a bare 元
amount of a Hong Kong document that the locale would make HK$ (stages/translators/numbers.py asks it after
人民币 / 以人民币计 and the results rule, results_currency.py):

1. a mainland-only statistic or operation named in the amount's clause, before or after it (逆回购, 中期借贷便利,
   公开市场操作, 社会融资, 社会消费品零售, 规模以上工业, 固定资产投资, 专项债, 特别国债 …: Hong Kong's own
   figures have other names) → yuan; Macao's gaming revenue (博彩收入, 赌收) → patacas, in any locale's news;
2. else the first subject before the amount in its clause; else the sentence's first figure or subject before
   it. A subject is a public body (an org mention; the link stage records which are the mainland's or Macao's
   by the entry's country CN or MO: the PBOC, the mainland's Ministry of Finance, Macao's DICJ), a company (the
   results rule's), a mainland body's short name outside any mention (人行, 人民银行, 央行: a bare 央行 in Hong
   Kong news is the PBOC; 日本央行 is a mention of its own), 澳门, or a Hong Kong word (香港, 本港, 港府,
   特区政府): a mainland body → yuan, Macao → patacas, anything else keeps the locale's HK$. The first subject,
   not the nearest: 财政部在澳门发行60亿元 is the Ministry of Finance's yuan;
3. never in a sentence that writes 港元/港币 (a writer who converted names the currency).

Words inside a company's name are not subjects (澳门银河 is a Hong Kong-listed company that reports in HK$).
In Taiwan documents (round 7) the PBOC's operations (逆回购, 净投放, 净回笼, 国库现金, MLF …) and the mainland's
statistics are yuan, and so is an amount whose subject is a mainland body's mention (陆央行, 人民银行); Taiwan's own
central bank runs open-market operations and changes reserve ratios too, so 公开市场操作 and 降准 are not read there,
nor a bare 央行 (Taiwan's). In mainland and `other` documents only the gaming figure is read (维持对8月博彩收入235亿元
的预测 is patacas); their other bare 元 is the locale's, and mainland news writes 澳门元 for patacas.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from pipeline.records import Mention, Segment
from pipeline.text.clauses import AMOUNT_CLAUSE_BREAK

CNY, MOP = "CNY", "MOP"
# Segment.attrs key: (start, end, ISO currency) of each mainland or Macao public body the link stage found in a
# Hong Kong segment (the mention's entity's `country`).
BODIES = "body_currencies"
COUNTRY_CURRENCY = {"CN": CNY, "MO": MOP}
# Statistics and operations only the mainland's figures are called by (Hong Kong's retail sales are 零售业总销货
# 价值, its government bonds 绿色债券/基建债券, and the HKMA has no 逆回购 or MLF).
# The PBOC's own operations (净投放/净回笼: its daily net injection or drain; 国库现金: the treasury's cash deposits it
# auctions) are named so in every locale's news, and Taiwan's central bank runs none of them under these names.
PBOC_OPERATIONS = ("逆回购", "中期借贷便利", "MLF", "买断式回购", "净投放", "净回笼", "国库现金", "常备借贷便利",
                   "抵押补充贷款")
# Mainland statistics no Hong Kong or Taiwan figure is called by.
MAINLAND_STATISTICS = ("社会融资", "社融", "社会消费品零售", "规模以上工业", "固定资产投资", "专项债", "特别国债",
                       "超长期国债", "地方政府债", "人民币贷款")
MAINLAND_FIGURES = (*PBOC_OPERATIONS, *MAINLAND_STATISTICS, "公开市场操作", "商品房销售", "新增贷款", "降准")
# Subject words written outside any mention: their currency, or None for the locale's.
SUBJECT_WORDS = {"人民银行": CNY, "人行": CNY, "央行": CNY, "国家统计局": CNY,
                 "国家外汇管理局": CNY, "外管局": CNY, "澳门": MOP,
                 "香港": None, "本港": None, "港府": None, "特区政府": None}
# Macao's gaming revenue is reported in patacas (DICJ's monthly figures), in any locale's news: mainland news has
# no gaming revenue of its own, and Las Vegas' or Singapore's is written in 美元 or 新元.
MACAO_FIGURES = ("博彩收入", "博彩毛收入", "赌收", "幸运博彩")
FIGURES = {**dict.fromkeys(MAINLAND_FIGURES, CNY), **dict.fromkeys(MACAO_FIGURES, MOP)}
FIGURES_RE = re.compile("|".join(map(re.escape, sorted(FIGURES, key=len, reverse=True))))
MACAO_RE = re.compile("|".join(MACAO_FIGURES))
# In Taiwan news: the PBOC's operations and the mainland's statistics (Taiwan's central bank runs open-market
# operations and changes reserve ratios too, so 公开市场操作 and 降准 are not read there), and Macao's gaming revenue.
TAIWAN_FIGURES = (*PBOC_OPERATIONS, *MAINLAND_STATISTICS, *MACAO_FIGURES)
TAIWAN_RE = re.compile("|".join(map(re.escape, sorted(TAIWAN_FIGURES, key=len, reverse=True))))
TAIWAN_FIRST_CHARS = frozenset("".join(TAIWAN_FIGURES))
SUBJECTS_RE = re.compile("|".join(map(re.escape, sorted(SUBJECT_WORDS, key=len, reverse=True))))
# Any of these characters must be in a sentence for the rule to have work to do (one set test per sentence).
FIRST_CHARS = frozenset("".join(MAINLAND_FIGURES) + "".join(SUBJECT_WORDS))
KEEP_LOCAL = re.compile("港元|港币")


def mark_bodies(segments: Sequence[Segment], country_of: Callable[[str], str | None]) -> None:
    """In a Hong Kong or Macao document, record on each segment where it names a public body of the mainland or Macao
    (`country_of(entity_id)`: the glossary entry's country, after the link stage's country context)."""
    for seg in segments:
        found = tuple((m.start, m.end, COUNTRY_CURRENCY[c]) for m in seg.entities
                      if m.type == "org" and (c := country_of(m.entity_id)) in COUNTRY_CURRENCY)
        if found:
            seg.attrs[BODIES] = found


def may_apply(text: str, bodies: Sequence[tuple[int, int, str]], local: bool, taiwan: bool = False) -> bool:
    """Whether a sentence can have an amount this rule reads: in Hong Kong news a body found or one of the
    words' characters; in Taiwan news a mainland body or a figure's character; elsewhere a Macao gaming figure."""
    if local:
        return bool(bodies) or not FIRST_CHARS.isdisjoint(text)
    if taiwan:
        return bool(bodies) or not TAIWAN_FIRST_CHARS.isdisjoint(text)
    return "博" in text or "赌" in text


class SubjectCurrency:
    """The currency of a bare 元 amount by its sentence's subject (the mainland's yuan, Macao's patacas), or None;
    read once per sentence, asked per amount."""

    def __init__(self, text: str, mentions: Sequence[Mention], bodies: Sequence[tuple[int, int, str]],
                 local: bool = True, taiwan: bool = False) -> None:
        """`local`: the document's locale is Hong Kong or Macao; `taiwan`: it is Taiwan (the PBOC's operations,
        the mainland's statistics and mainland bodies are read; the words outside mentions are not: 央行 there is
        Taiwan's own); else only Macao's gaming figures are read."""
        self.active = not KEEP_LOCAL.search(text)
        self.length = len(text)
        self.breaks = [m.start() for m in AMOUNT_CLAUSE_BREAK.finditer(text)] if self.active else []
        figures = FIGURES_RE if local else TAIWAN_RE if taiwan else MACAO_RE
        self.figures = [(m.start(), FIGURES[m.group(0)]) for m in figures.finditer(text)] if self.active else []
        # companies and bodies are subjects (a mainland or Macao body with its currency; any other the locale's)
        bodies_read = local or taiwan
        named = {s: c for s, _, c in bodies} if bodies_read else {}
        spans = [(m.start, m.end) for m in mentions if m.type in ("company", "org")]
        subjects: list[tuple[int, str | None]] = [(m.start, named.get(m.start)) for m in mentions
                                                  if m.type == "company" or (bodies_read and m.type == "org")]
        if self.active and local:
            for m in SUBJECTS_RE.finditer(text):
                if not any(s <= m.start() < e for s, e in spans):  # 日本央行, 永利澳门: not the word's subject
                    subjects.append((m.start(), SUBJECT_WORDS[m.group(0)]))
        subjects.sort(key=lambda x: x[0])
        self.subjects = subjects
        self.subject_starts = [s for s, _ in subjects]

    def at(self, start: int, end: int) -> str | None:
        """The currency of the bare 元 amount at text[start:end], when its clause or sentence names one: a figure
        in its clause, else the clause's first subject before it, else the sentence's first figure or subject
        before it."""
        if not self.active:
            return None
        b = bisect_right(self.breaks, start)
        clause_start = self.breaks[b - 1] + 1 if b else 0
        clause_end = self.breaks[b] if b < len(self.breaks) else self.length
        for at, currency in self.figures:
            if clause_start <= at < clause_end:
                return currency
        before = bisect_right(self.subject_starts, start)
        in_clause = [c for s, c in self.subjects[:before] if s >= clause_start]
        if in_clause:
            return in_clause[0]
        earlier = [*((s, c) for s, c in self.figures if s < start), *self.subjects[:before]]
        return min(earlier, key=lambda x: x[0])[1] if earlier else None
