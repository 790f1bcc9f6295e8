"""The wire furniture around a story's text: a dateline (财联社8月3日电, 新华社北京5月3日电), a headline repeated in
【】 at the top of a telegraph, a source tag at its foot ((新华社), （财联社）) and a byline (文|富充).

Two publishers' copies of one flash differ by exactly these: one opens with the dateline, the other ends with the
tag. The translators read a dateline and a byline (stages/translators/patterns.py renders them); the story index
(pipeline/dedupe) strips them, as they carry the date and the outlet, not the story.
"""

from __future__ import annotations

import re

# A byline: the writer's name after 文|, 作者|, 撰文| (2-4 Han characters).
BYLINE_PATTERN = r"(?:文|作者|撰文)\s*[|｜丨]\s*(?P<who>[\u4e00-\u9fff]{2,4})"
# A calendar date written with 月 and 日 (or 号), the year optional: 6月30日, 2026年5月14日.
DATE = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]")
# A dateline at the start of a text: an agency (and a place) of at most 10 characters, a date, 电 (or 讯), then the
# comma that ends it. "当地时间6月8日中午" is no dateline (no 电), nor "公司6月30日电话会议" (a word goes on).
DATELINE = re.compile(r"^\s*[^\W\d_]{1,10}?" + DATE.pattern.replace("?P<", "?P<dateline_") +
                      r"(?:电|讯)(?=[\s，,：:（(]|$)\s*[，,：:]?\s*")
# The headline a telegraph repeats in 【】 at its top, and a leading tag (【快讯】).
LEADING_HEADLINE = re.compile(r"^\s*【[^】]{1,120}】\s*")
# A source tag at the foot: a parenthesized outlet of at most 10 characters without digits ((新华社), （央视新闻）).
SOURCE_TAG = re.compile(r"\s*[（(][^（）()\d]{1,10}[）)]\s*$")
BYLINE = re.compile(r"^\s*" + BYLINE_PATTERN + r"\s*")


def split_furniture(body: str) -> tuple[str, str]:
    """(`body` without its leading 【headline】, dateline and byline and its trailing source tag, the dateline as
    written or ""): each is stripped once, in that order, as a telegraph is 【headline】dateline，text (tag)."""
    text = LEADING_HEADLINE.sub("", body, count=1)
    found = DATELINE.match(text)
    dateline = found.group(0) if found else ""
    text = text[len(dateline):]
    text = BYLINE.sub("", text, count=1)
    return SOURCE_TAG.sub("", text, count=1), dateline


def strip_furniture(body: str) -> str:
    """`body` without its wire furniture (see split_furniture)."""
    return split_furniture(body)[0]
