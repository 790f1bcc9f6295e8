"""A story repeated on another day (story_index.COPY_HOURS, REPOST_HOURS): a copy that carries a figure is one story
across dates, a daily template's items (no figure, or the day's own figures) stay apart. Invented texts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pipeline.dedupe.story_index import COPY_HOURS, REPOST_HOURS, WINDOW_HOURS, StoryIndex
from pipeline.io.timestamps import CHINA_TZ

DAY = datetime(2025, 3, 20, tzinfo=CHINA_TZ)  # a date alone: 00:00 UTC+08:00
NOON = DAY + timedelta(hours=12, minutes=7)  # an instant

TOPIC = "星河电子一季度净利润增长37.5%"
TOPIC_BODY = "星河电子4月2日公告，一季度实现营业收入12.6亿元，净利润2.18亿元，同比增长37.5%，海外订单占比升至四成。"
TEMPLATE = "星海股市开市初段偏软"
TEMPLATE_BODY = "星海股市在开市初段偏软，主要板块普遍下跌，成交较前一日减少。"
WRAP = "星海指数收市{}，报{}点，成交额{}亿元，主要板块涨跌互现，星河电子、星海银行成交居前。"


@pytest.mark.parametrize("title, body", [(TOPIC, TOPIC_BODY), (TOPIC, "")])
def test_date_only_copies_that_carry_a_figure_join_across_dates(title: str, body: str) -> None:
    """A hot list's topic re-listed word for word on the next date (dates alone): one story."""
    with StoryIndex(None) as index:
        assert index.match("mon", title, body, published_at=DAY, timed=False) is None
        assert index.match("tue", title, body, published_at=DAY + timedelta(days=1), timed=False) == "mon"


def test_a_daily_template_copied_without_a_figure_stays_two_stories() -> None:
    with StoryIndex(None) as index:
        assert index.match("mon", TEMPLATE, TEMPLATE_BODY, published_at=DAY, timed=False) is None
        assert index.match("tue", TEMPLATE, TEMPLATE_BODY, published_at=DAY + timedelta(days=1), timed=False) is None


def test_a_daily_template_with_the_days_figures_stays_two_stories() -> None:
    """The same wording over another day's figures: neither a copy nor a near copy (its numbers differ)."""
    with StoryIndex(None) as index:
        assert index.match("mon", "星海指数收市偏软", WRAP.format("偏软", "3021.5", "812"), published_at=DAY,
                           timed=False) is None
        assert index.match("tue", "星海指数收市偏软", WRAP.format("偏软", "3008.2", "790"),
                           published_at=DAY + timedelta(days=1), timed=False) is None


def test_a_move_rounded_to_a_step_is_a_template_figure() -> None:
    """"涨超2%" recurs on other days (a threshold crossed, story_index.HEDGE): a flash and a bare headline of that
    wording days apart stay two stories, as within the window they would be one."""
    flash, body = "星河电子盘前涨超2%", "星河电子盘前涨超2%，现报35.17元。"
    with StoryIndex(None) as index:
        assert index.match("mon", flash, body, published_at=NOON) is None
        assert index.match("fri", flash + "。", "", published_at=NOON + timedelta(days=4)) is None
        assert index.match("mon-bare", flash + "。", "", published_at=NOON + timedelta(hours=1)) == "mon"


@pytest.mark.parametrize("committed", [False, True])
def test_a_timed_copy_joins_within_the_copy_window_only(tmp_path, committed: bool) -> None:
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("first", TOPIC, TOPIC_BODY, published_at=NOON) is None
        if committed:
            index.commit(1)
        assert index.match("again", TOPIC, TOPIC_BODY, published_at=NOON + timedelta(hours=COPY_HOURS - 1)) == "first"
        assert index.match("late", TOPIC, TOPIC_BODY, published_at=NOON - timedelta(hours=COPY_HOURS + 1)) is None


def test_a_bare_headline_and_its_article_days_apart() -> None:
    """The bare headline re-listed three days after the article under it: one story (its title carries a figure)."""
    with StoryIndex(None) as index:
        assert index.match("item", TOPIC, TOPIC_BODY, published_at=NOON) is None
        assert index.match("bare", TOPIC, "", published_at=NOON + timedelta(hours=65)) == "item"


@pytest.mark.parametrize("committed", [False, True])
def test_a_near_copy_beyond_the_story_window(committed: bool) -> None:
    """A repost a few days later with a clause added (a near copy that carries figures), REPOST_HOURS at most apart:
    one story; a text that agrees less stays apart beyond the story window, and so does a near copy beyond
    REPOST_HOURS."""
    hours = (WINDOW_HOURS + REPOST_HOURS) / 2
    with StoryIndex(None) as index:
        assert index.match("item", TOPIC, TOPIC_BODY, published_at=NOON) is None
        if committed:  # found through the band keys of the bucket beyond the story window's two
            index.commit(1)
        assert index.match("repost", TOPIC, TOPIC_BODY + "公司同时披露分红安排。",
                           published_at=NOON + timedelta(hours=hours)) == "item"
        assert index.match("far", TOPIC, TOPIC_BODY + "公司董事会同日换届。",
                           published_at=NOON - timedelta(hours=REPOST_HOURS + 2)) is None
    follow = TOPIC_BODY.replace("海外订单占比升至四成。", "公司称二季度新产线投产，海外渠道扩张放缓，研发加大。")
    for hours_apart, expected in ((hours, None), (WINDOW_HOURS - 1, "item")):  # the story window's bar is lower
        with StoryIndex(None) as index:
            assert index.match("item", TOPIC, TOPIC_BODY, published_at=NOON) is None
            assert index.match("follow", TOPIC, follow, published_at=NOON + timedelta(hours=hours_apart)) == expected
