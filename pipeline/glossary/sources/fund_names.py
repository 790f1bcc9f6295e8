"""Exchange funds by the names markets use: index + ETF + manager (上证50ETF华夏, 沪深300ETF易方达, A500ETF南方).

The exchange's own short name is often bare (５０ＥＴＦ, ３００ＥＴＦ, 科创50) while news and fund rankings write the
tracked index in full and the manager after it. Both are facts of the listing: the index and the manager are read
from its English name (CHINAAMC SSE 50 ETF) or from a manager already written at the end of its Chinese name
(中证500ETF天弘). A form two funds would share (two managers' same index is fine, one manager's two funds on one
index is not) is dropped by generate.mark_ambiguity, as any shared alias.
"""

from __future__ import annotations

import re

from pipeline.glossary.sources.common import GeneratedEntry

# English name's leading words → the manager as Chinese fund names end (facts of each manager's own naming).
MANAGERS_EN: tuple[tuple[str, str], ...] = (
    ("CHINAAMC", "华夏"), ("E FUND", "易方达"), ("EFUND", "易方达"), ("HUATAI-PB", "华泰柏瑞"), ("GF", "广发"),
    ("GUOTAI", "国泰"), ("FULLGOAL", "富国"), ("FG", "富国"), ("CUAM", "汇添富"), ("HWABAO", "华宝"),
    ("HUABAO", "华宝"), ("PENGHUA", "鹏华"), ("BOSERA", "博时"), ("TH", "天弘"), ("TIANHONG", "天弘"),
    ("HARVEST", "嘉实"), ("PING AN", "平安"), ("YINHUA", "银华"), ("CHINA SOUTHERN", "南方"), ("CN STHN", "南方"),
    ("CS", "南方"), ("HUAAN", "华安"), ("IGW", "景顺长城"), ("INVESCO GREAT WALL", "景顺长城"), ("TAIKANG", "泰康"),
    ("PENGYANG", "鹏扬"), ("CICC", "中金"), ("ICBCCS", "工银瑞信"), ("CMF", "招商"), ("BOCIM", "中银"),
    ("WANJIA", "万家"), ("DONGCAI", "东财"), ("CCB", "建信"), ("JPMORGAN", "摩根"),
)
# Managers as Chinese short names end with them (the exchange writes some: 光伏ETF嘉实).
MANAGERS_ZH = tuple(sorted({m for _, m in MANAGERS_EN} | {"工银", "景顺", "永赢", "国联安", "招商", "华泰柏瑞"},
                           key=len, reverse=True))
# index + ETF + manager: a fund named so is one fund even when the index and the manager are everyday words
# (上证 + 华夏 "China"); see compiled.is_bare_generic.
MANAGER_FORM = re.compile(rf"^\S+ETF(?:{'|'.join(MANAGERS_ZH)})$")
# Index words of the English name → the index as Chinese names write it, every form news uses (first: full).
INDEXES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(p), forms) for p, forms in (
        (r"\bSSE 50\b|\bSZ50ETF\b", ("上证50",)),
        (r"\bCSI 300\b|\bHS ?300\b|\bCSI300", ("沪深300",)),
        (r"\bCSI 500\b|^TH 500\b", ("中证500",)),
        (r"\bCSI 1000\b", ("中证1000",)),
        (r"\bCSI A500\b", ("中证A500", "A500")),
        (r"\bCSI A50\b", ("中证A50", "A50")),
        (r"\bSTAR 50\b", ("科创50",)),
        (r"\bSTAR 100\b", ("科创100",)),
        (r"\bSSE 180\b", ("上证180",)),
        (r"\bSZSE 100\b", ("深证100",)),
        (r"\bCHINEXT(?: INDEX)? ETF\b|\bCHINEXT ET\b", ("创业板",)),
        (r"\bCHINEXT 50\b", ("创业板50",)),
    ))
# The Chinese name already names the index when it starts with one of these (沪深300ETF嘉实).
ETF = "ETF"


def manager_of(entry: GeneratedEntry) -> str | None:
    for name in entry.english_names:
        upper = " ".join(name.upper().split())
        for prefix, manager in MANAGERS_EN:
            if upper == prefix or upper.startswith(prefix + " "):
                return manager
    return next((m for m in MANAGERS_ZH if entry.zh.endswith(m)), None)


def index_forms(entry: GeneratedEntry) -> tuple[str, ...]:
    for name in entry.english_names:
        upper = " ".join(name.upper().split())
        for pattern, forms in INDEXES:
            if pattern.search(upper):
                return forms
    return ()


def market_fund_names(entry: GeneratedEntry) -> list[str]:
    """上证50ETF华夏 for CHINAAMC SSE 50 ETF (５０ＥＴＦ); 中证A500ETF南方 and A500ETF南方 for CS CSI A500 ETF."""
    if entry.type != "fund" or ETF not in entry.zh.upper() + " ".join(entry.english_names).upper():
        return []
    manager, forms = manager_of(entry), index_forms(entry)
    if manager is None or not forms:
        return []
    return [f"{index}{ETF}{manager}" for index in forms]


def add_market_fund_names(funds: list[GeneratedEntry]) -> None:
    """Index + ETF + manager forms as aliases of each fund (the generator's shared-alias rule drops clashes); a
    form that is another fund's own short name (沪深300ETF嘉实) stays that fund's."""
    own = {e.zh for e in funds}
    for e in funds:
        e.aliases_zh.extend(n for n in market_fund_names(e) if n not in own and n not in e.aliases_zh)
