"""Bare index names that the glossary cannot hold: 标普, a board written alone (创业板, 科创板), 中证红利, 微盘股指数,
纳斯达克.

Mainland market news writes 标普 alone for two things: the index (美股收盘，道指涨0.5%，标普涨0.3%; 标普与道指续创
新高) and the rating agency (标普将该国评级上调; 标普表示…). The glossary cannot hold 标普 as a name of either: on
dev news (cls_telegraph_2026, us_stocks_zh_2026) most bare uses are the agency. So the link stage adds the index
only where the words right after it are an index's (a price move: 涨, 跌, 收涨, 高开, 期货 …), or where it stands in a
list beside another index's mention (道指、标普; 标普与道指). Anything else (标普将, 标普表示, 标普下调, 标普、
穆迪) stays unlinked. 标普500, 标普全球, 标普道琼斯指数 are glossary names and are matched as such before this runs.

A board written alone is a market segment (创业板上市, 科创板公司, 主板、创业板均实行注册制) far more often than an
index; it is the board's headline index (创业板 → ChiNext Index, 科创板 → STAR 50) only where the text moves it
like one (创业板涨超2%, 创业板跌1%) or lists it beside another index (沪指、创业板; 深成指与创业板), and not where the
move word is about the board's stocks or rules (创业板涨停, 创业板涨跌幅限制, 创业板上涨个股). In Hong Kong and Taiwan
news 创业板 is HKEX's GEM (or no board at all), so boards are read there only in a sentence that also names a mainland
index (深证成指及创业板向下). 中证红利 alone begins
sub-indexes' names (中证红利低波动) and links only when moved, as 标普. 微盘股指数 is Wind's micro-cap index unless
it is the tail of 小微盘股指数 (another index); 万得微盘股指数 is a glossary name. Bare 纳斯达克 is the Nasdaq
Composite where it moves like an index, as 标普 (纳斯达克收涨1%; 道指、纳斯达克); where a company lists there it is
the exchange (bare_body.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.records import Mention

# Bare name → the index it names where it moves like one.
BARE_INDEXES = {"标普": "index.sp500", "创业板": "index.chinext", "科创板": "index.star50",
                "中证红利": "index.csi_dividend", "微盘股指数": "index.wind_microcap",
                "纳斯达克": "index.nasdaq_composite"}
# A bare name whose futures track another index: 纳斯达克期货 are the Nasdaq-100's (E-mini Nasdaq-100).
FUTURES_INDEX = {"纳斯达克": "index.nasdaq100"}
FUTURES_AFTER = re.compile(r"\s*(?:指数)?\s*(?:期货|期指)")
# Market segments: an index only when moved; in Hong Kong / Taiwan news (创业板 is GEM there) only beside a mainland
# index (MAINLAND_INDEX_NAMES).
BOARDS = frozenset({"创业板", "科创板"})
BOARD_LOCALES_SKIPPED = frozenset({"hk", "tw"})
# Names that are the index wherever they stand, unless glued to the end of a longer name (小微盘股指数).
ALWAYS = {"微盘股指数": "小中大"}
# What follows a bare 标普 that names the index: a price move, a session word, its futures (after optional 指数).
MOVES_AFTER = re.compile(r"\s*(?:指数)?\s*(?:收涨|收跌|收高|收低|收平|收盘|上涨|下跌|大涨|大跌|微涨|微跌|涨|跌|"
                         r"高开|低开|走高|走低|走强|走弱|翻红|翻绿|转涨|转跌|续创|再创|创新高|创历史|期货|期指|"
                         r"盘中|尾盘|午盘|早盘|齐涨|齐跌|双双|均)")
# After a board: the moves without 均 (主板、创业板均实行…), futures and sessions words a segment also takes.
BOARD_MOVES_AFTER = re.compile(r"(?:收涨|收跌|收高|收低|上涨|下跌|大涨|大跌|微涨|微跌|涨|跌|高开|低开|走高|走低|"
                               r"走强|走弱|翻红|翻绿|转涨|转跌|续创|再创|创新高|齐涨|齐跌|双双|飙升|拉升|反弹|冲高|"
                               r"暴涨|暴跌|跳水|重挫|回落|下挫|企稳|站上|失守|收复|领涨|领跌|逆势|一度|午后|尾盘|盘中)")
# In Hong Kong and Taiwan news a moved board is the mainland's ChiNext or STAR index when the sentence names a
# mainland index too (深证成指及创业板向下; 沪指低收 创业板跌1.3%): GEM's own index is hardly reported, and never
# beside Shanghai's or Shenzhen's. Their English names say which indexes are the mainland's; Hong Kong writes its
# moves 升, 向上, 向下, 偏软, 靠稳.
MAINLAND_INDEX_NAMES = ("Shanghai", "Shenzhen", "SSE", "SZSE", "CSI", "ChiNext", "STAR")
LOCAL_BOARD_MOVES_AFTER = re.compile(r"(?:升|向上|向下|偏软|靠稳|回软|造好)")
# Move words about the board's stocks or rules, not its index: 涨停, 涨跌幅限制, 上涨个股, 涨幅居前的个股 …
BOARD_NOT_INDEX = re.compile(r"(?:涨跌|涨停|跌停|[涨跌]幅限制|上涨个股|下跌个股|.{0,4}(?:个股|股票|公司|家))")
# Words joining list items: 道指、标普; 标普与道指; 标普和纳指.
LIST_JOINS = "、与和及"
_NAMES = re.compile("|".join(map(re.escape, sorted(BARE_INDEXES, key=len, reverse=True))))


def holds_bare_name(text: str) -> bool:
    """Whether the text holds one of BARE_INDEXES (the link stage asks for every segment): written out as one
    chain of substring tests, twice as fast as any() over the names (tests check it covers every name)."""
    return ("标普" in text or "创业板" in text or "科创板" in text or "中证红利" in text or "微盘股指数" in text
            or "纳斯达克" in text or "海关" in text)  # (海关: bare_body.py's name, read behind the same test)


def bare_index_spans(text: str, mentions: Sequence[Mention],
                     locale: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the bare index names in `text` that name the index, not covered by a mention
    other than one that gives way to it (`_gives_way`); the caller drops those."""
    found = []
    for m in _NAMES.finditer(text):
        name = m.group(0)
        start, end = m.span()
        if end < len(text) and (text[end].isdigit() or text[end].isascii() and text[end].isalpha()):
            continue  # 标普500, 标普SPX, 科创板50: another name
        # cheapest test first: most boards in news are segments (创业板上市), and no move word follows them
        if name in ALWAYS:
            if start and text[start - 1] in ALWAYS[name]:
                continue
        elif name in BOARDS:
            # moved (创业板跌超2%), or listed beside an index and moved with it (深成指、创业板均跌超1%); beside an
            # index alone is not enough (科创50、创业板相关ETF; 深证100、创业板股指期货: a category, a product)
            local = locale in BOARD_LOCALES_SKIPPED
            if not (BOARD_MOVES_AFTER.match(text, end) or (MOVES_AFTER.match(text, end)
                                                            and _beside_index(text, start, end, mentions))
                    or local and LOCAL_BOARD_MOVES_AFTER.match(text, end)):
                continue
            if local and not _names_mainland_index(mentions) or BOARD_NOT_INDEX.match(text, end):
                continue
        elif not (MOVES_AFTER.match(text, end) or _beside_index(text, start, end, mentions)):
            continue
        if any(x.start < end and start < x.end and not _gives_way(x, start, end) for x in mentions):
            continue  # inside 标普全球, 标普道琼斯指数, 创业板指, 万得微盘股指数
        futures = FUTURES_INDEX.get(name) if name in FUTURES_INDEX and FUTURES_AFTER.match(text, end) else None
        found.append((start, end, futures or BARE_INDEXES[name]))
    return found


def _names_mainland_index(mentions: Sequence[Mention]) -> bool:
    """The sentence names a mainland index (上证指数, 深证成指, 沪深300): news about the mainland's markets."""
    return any(m.type == "index" and m.canonical.startswith(MAINLAND_INDEX_NAMES) for m in mentions)


def _gives_way(mention: Mention, start: int, end: int) -> bool:
    """A term over the name (创业板 "ChiNext") or a fund whose short name is exactly the index's (中证红利, an ETF's
    listing name) gives way to the index where the text moves it: a fund is named with ETF, a term is no entity."""
    return mention.type == "term" or (mention.type == "fund" and (mention.start, mention.end) == (start, end))


def _beside_index(text: str, start: int, end: int, mentions: Sequence[Mention]) -> bool:
    """An index's mention right before (道指、标普) or right after (标普与道指) one joining word."""
    for x in mentions:
        if x.type != "index":
            continue
        if x.end == start - 1 and text[start - 1] in LIST_JOINS:
            return True
        if x.start == end + 1 and text[end] in LIST_JOINS:
            return True
    return False
