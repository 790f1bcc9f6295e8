"""Bare body names the glossary cannot hold: 海关 and 纳斯达克, each a body only where the words around it say so.

海关 alone is any customs office (上海海关, 深圳海关查获…, a Hong Kong seizure), but in a sentence about national
trade figures it is the General Administration of Customs, which publishes them (海关数据显示，前11个月出口增长…;
据海关统计，进出口总值…). So it links to the GACC only where it is written on its own (no place or other name glued
before it: 上海海关, 拱北海关 are local offices) and the figure words follow it in its clause (数据, 统计, 进出口,
出口, 进口, 贸易, 公布, 发布, 显示). Not in Taiwan news, where the trade figures are the Ministry of Finance's and
海关 is anyone's. 海关总署, 中国海关, 美国海关 are glossary names and are matched as such before this runs.

纳斯达克 alone is the exchange where a company lists (在纳斯达克上市, 登陆纳斯达克, 纳斯达克挂牌, 从纳斯达克退市), the
index where the text moves it (bare_index.py: 纳斯达克收涨1%), and else nothing the link stage can tell. The
exchange reading needs a listing word right after it, a listing verb right before it (登陆, 挂牌, 转板), or a
preposition before it (在, 于, 赴, 从) together with a listing word after it in the clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.glossary.naming import HAN
from pipeline.records import Mention

CUSTOMS, NASDAQ = "海关", "纳斯达克"
BODY_IDS = {CUSTOMS: "org.gacc", NASDAQ: "org.nasdaq_exchange"}
# What follows 海关 in its clause when it reports national figures (up to 8 characters between: 海关最新数据显示).
CUSTOMS_FIGURES = re.compile(r"[^，,、。；;！？!?：:\s]{0,8}?(?:数据|统计|进出口|出口|进口|贸易|公布|发布|显示)")
# What may stand right before a bare 海关 that names the national body (据海关统计, 内地海关数据, 中国海关 is a name).
CUSTOMS_BEFORE = ("据", "根据", "内地", "国家", "全国", "另据", "而", "另", "和", "与", "及", "今日", "今天", "昨日",
                  "日前", "近日", "最新", "此前", "同时", "其中", "由", "经", "显示")
CUSTOMS_LOCALES_SKIPPED = frozenset({"tw"})
# A listing word right after 纳斯达克 (纳斯达克上市, 纳斯达克挂牌, 纳斯达克IPO), or within its clause after a listing
# verb or preposition before it (在纳斯达克正式上市, 登陆纳斯达克).
LISTING_AFTER = re.compile(r"(?:上市|挂牌|IPO|敲钟|退市|摘牌|递表|递交|交易代码|股票代码|代码|首发|转板|重新上市|"
                           r"上市公司|全球精选|资本市场|全球市场)")
LISTING_IN_CLAUSE = re.compile(r"[^，,。；;！？!?\s]{0,8}?(?:上市|挂牌|IPO|敲钟|退市|摘牌|交易)")
LISTING_BEFORE = ("在", "于", "赴", "转至", "转往", "从", "自", "至", "到", "选择")
# Verbs that say a listing by themselves (登陆纳斯达克，首日大涨).
LISTED_BEFORE = ("登陆", "登录", "转板", "转板至", "挂牌")



def bare_body_spans(text: str, mentions: Sequence[Mention],
                    locale: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the bare 海关 and 纳斯达克 that name the body, outside every mention."""
    found = []
    for name in (CUSTOMS, NASDAQ):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(m.start < end and at < m.end for m in mentions) and _names_body(text, name, at, end, locale):
                found.append((at, end, BODY_IDS[name]))
            at = text.find(name, end)
    return found


def _names_body(text: str, name: str, start: int, end: int, locale: str | None) -> bool:
    before = text[start - 1] if start else ""
    if name == CUSTOMS:
        if locale in CUSTOMS_LOCALES_SKIPPED:
            return False
        glued = HAN.match(before) is not None and not text.endswith(CUSTOMS_BEFORE, 0, start)
        return not glued and CUSTOMS_FIGURES.match(text, end) is not None
    if end < len(text) and (text[end].isdigit() or HAN.match(text[end]) and text.startswith(
            ("中国金龙", "金龙", "指数", "综指", "综合", "100", "生物"), end)):
        return False  # 纳斯达克100, 纳斯达克中国金龙: an index's name
    if LISTING_AFTER.match(text, end) or text.endswith(LISTED_BEFORE, 0, start):
        return True
    return text.endswith(LISTING_BEFORE, 0, start) and LISTING_IN_CLAUSE.match(text, end) is not None
