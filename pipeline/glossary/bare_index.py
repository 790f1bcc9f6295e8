"""Bare 标普: the S&P 500 where the text moves it like an index, else nothing.

Mainland market news writes 标普 alone for two things: the index (美股收盘，道指涨0.5%，标普涨0.3%; 标普与道指续创
新高) and the rating agency (标普将该国评级上调; 标普表示…). The glossary cannot hold 标普 as a name of either: on
dev news (cls_telegraph_2026, us_stocks_zh_2026) most bare uses are the agency. So the link stage adds the index
only where the words right after it are an index's (a price move: 涨, 跌, 收涨, 高开, 期货 …), or where it stands in a
list beside another index's mention (道指、标普、纳指; 标普与道指). Anything else (标普将, 标普表示, 标普下调, 标普、
穆迪) stays unlinked. 标普500, 标普全球, 标普道琼斯指数 are glossary names and are matched as such before this runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.records import Mention

# Bare name → the index it names where it moves like one.
BARE_INDEXES = {"标普": "index.sp500"}
# What follows a bare 标普 that names the index: a price move, a session word, its futures (after optional 指数).
MOVES_AFTER = re.compile(r"\s*(?:指数)?\s*(?:收涨|收跌|收高|收低|收平|收盘|上涨|下跌|大涨|大跌|微涨|微跌|涨|跌|"
                         r"高开|低开|走高|走低|走强|走弱|翻红|翻绿|转涨|转跌|续创|再创|创新高|创历史|期货|期指|"
                         r"盘中|尾盘|午盘|早盘|齐涨|齐跌|双双|均)")
# Words joining list items: 道指、标普; 标普与道指; 标普和纳指.
LIST_JOINS = "、与和及"
_NAMES = re.compile("|".join(map(re.escape, BARE_INDEXES)))


def bare_index_spans(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the bare index names in `text` that name the index, not covered by a mention."""
    found = []
    for m in _NAMES.finditer(text):
        start, end = m.span()
        if end < len(text) and (text[end].isdigit() or text[end].isascii() and text[end].isalpha()):
            continue  # 标普500, 标普SPX: another name
        if any(x.start < end and start < x.end for x in mentions):
            continue  # inside 标普全球, 标普道琼斯指数
        if MOVES_AFTER.match(text, end) or _beside_index(text, start, end, mentions):
            found.append((start, end, BARE_INDEXES[m.group(0)]))
    return found


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
