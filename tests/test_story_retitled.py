"""A board's topic re-listed under its title with words inserted (story_index.retitled, RETITLE_HOURS): one story
across hours and dates when one side is a bare headline; a template filled twice, a move or another figure added,
an article with its own body, or a reach beyond RETITLE_HOURS stay apart. Invented texts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pipeline.dedupe.fingerprint import fingerprint
from pipeline.dedupe.story_index import RETITLE_HOURS, TITLE_HOURS, StoryIndex, retitle_candidates, retitled
from pipeline.io.timestamps import CHINA_TZ

DAY = datetime(2025, 3, 20, tzinfo=CHINA_TZ)  # a date alone: 00:00 UTC+08:00
NOON = DAY + timedelta(hours=12, minutes=7)
SHORT = "星海取消风电组件进口关税"
LONG = "星海4月起取消33项风电组件进口关税"  # SHORT with runs inserted (its figures new: SHORT gives none)
BODY = "星海财政部宣布自4月1日起取消33项风电组件的进口关税，叶片、电缆等部件税率降至零，以吸引海上风电投资。"


@pytest.mark.parametrize("first, second", [(SHORT, LONG), (LONG, SHORT)])
def test_a_bare_headline_re_listed_with_words_inserted_hours_later_is_one_story(first: str, second: str) -> None:
    """Beyond the title path's TITLE_HOURS, within RETITLE_HOURS, either order; the other side has a body."""
    with StoryIndex(None) as index:
        assert index.match("a", first, BODY if first == LONG else "", published_at=NOON) is None
        later = NOON + timedelta(hours=TITLE_HOURS + 5)
        assert index.match("b", second, BODY if second == LONG else "", published_at=later) == "a"


def test_date_only_boards_join_across_dates() -> None:
    """Two dates of a date-only board (vetoes.other_days does not hold for a re-listed title)."""
    with StoryIndex(None) as index:
        assert index.match("mon", "存款利率进入1时代", "", published_at=DAY, timed=False) is None
        assert index.match("tue", "星海银行存款利率进入1时代", "", published_at=DAY + timedelta(days=1),
                           timed=False) == "mon"


def test_committed_documents_are_found_by_the_title_tail(tmp_path: Path) -> None:
    """A committed document whose title ends as this one's (docs_tail), with another start."""
    with StoryIndex(tmp_path / "stories.sqlite") as index:
        assert index.match("a", "存款利率进入1时代", "", published_at=NOON) is None
        index.commit(1)
    with StoryIndex(tmp_path / "stories.sqlite") as index:
        assert index.match("b", "星海银行存款利率进入1时代", "", published_at=NOON + timedelta(hours=20)) == "a"


def test_not_beyond_its_reach() -> None:
    """Two bare headlines too: a topic's words re-listed days later are often another event (measured at 96 hours:
    an inserted negation, another set of banks)."""
    with StoryIndex(None) as index:
        assert index.match("a", SHORT, "", published_at=NOON) is None
        assert index.match("b", LONG, BODY, published_at=NOON + timedelta(hours=RETITLE_HOURS + 1)) is None
    with StoryIndex(None) as index:
        assert index.match("a", SHORT, "", published_at=NOON) is None
        assert index.match("c", LONG, "", published_at=NOON + timedelta(hours=RETITLE_HOURS + 1)) is None


@pytest.mark.parametrize("short, long, bare", [
    ("星海取消风电组件进口关税", "星海取消光伏组件进口关税", True),  # a slot replaced: a template filled twice
    ("星河电子发布固态电池新品", "星河电子涨停发布固态电池新品", True),  # a move inserted: the market's reaction
    ("星海成交额5000亿创新高", "星海成交额1.5万亿5000亿创新高", True),  # the shorter's figure, and another
    ("星河电子回应", "星河电子深夜回应", True),  # too short to be a topic's phrase
    ("星海为何对远山下重手", "星海为何不敢对远山下重手", True),  # a negation inserted: the claim reversed
    ("星海取消风电组件进口关税", "星海4月起取消33项风电组件进口关税", False),  # two articles, each with its body
    ("星河电子一季度净利润增长", "星河电子将发布一季度净利润增长", True),  # a preview beside the report (title veto)
])
def test_titles_that_are_not_a_re_listed_topic(short: str, long: str, bare: bool) -> None:
    assert not retitled(short, long, bare)


def test_articles_with_bodies_stay_with_the_title_paths_window() -> None:
    """Both documents with their own bodies: only the title path (TITLE_HOURS) may join them."""
    with StoryIndex(None) as index:
        assert index.match("a", SHORT, "星海宣布取消部分风电组件进口关税。", published_at=NOON) is None
        assert index.match("b", LONG, BODY, published_at=NOON + timedelta(hours=TITLE_HOURS + 5)) is None


@pytest.mark.parametrize("short, long", [
    ("星海取消风电组件进口关税", "星海4月起取消33项风电组件进口关税"),  # detail inserted, its figures new
    ("星河电子被限制高消费", "未履行判决星河电子被限制高消费"),  # a clause with a negation: a reason, not a reversal
    ("远山药业上半年净利润降4", "远山药业上半年净利润同比下降4"),  # the same figure
])
def test_titles_that_are_a_re_listed_topic(short: str, long: str) -> None:
    assert retitled(short, long, True)


@pytest.mark.parametrize("a, b, candidates", [
    # one head, one side a bare headline, reworded (no insertion only): rule 9 scores it
    (("星海证监会将发布相关政策举措", BODY), ("星海证监会将发布相关政策措施", ""), True),
    # one tail
    (("一天内10家公司收年报问询函", BODY), ("多家公司收年报问询函", ""), True),
    # both with their bodies: left to rule 9's own window
    (("星海证监会将发布相关政策举措", BODY), ("星海证监会将发布相关政策措施", "星海证监会表示将发布相关政策。"), False),
    # a topic beside the market's move on it (a market item and one that is none)
    (("星海数据超预期回落影响几何", BODY), ("星海数据超预期回落指数集体高开", ""), False),
])
def test_rule_9_scores_the_retitled_paths_other_candidates(a, b, candidates: bool) -> None:
    assert retitle_candidates(fingerprint(*a), fingerprint(*b)) is candidates
