"""The story index's vetoes as the caller's configuration, and the vetoes of issue 19 brief prec26 (invented
texts: no news text in the tree)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.dedupe import vetoes
from pipeline.dedupe.story_index import StoryIndex

NEWS = "星河电子：高频铜箔主要技术指标已完成厂内验证 正向客户送样"
NEWS_BODY = "星河电子公告，公司高频铜箔主要技术指标已完成厂内验证，正向下游客户送样，预计下半年小批量供货。"
FLASH = "铜箔概念异动拉升 星河电子直线涨停"
FLASH_BODY = "铜箔概念异动拉升，星河电子直线涨停。消息面上，" + NEWS + "。" + NEWS_BODY


def _at(hours: float) -> datetime:
    return datetime(2026, 6, 30, 9, tzinfo=timezone.utc) + timedelta(hours=hours)


def _flash_of_news(index: StoryIndex) -> str | None:
    index.match("news", NEWS, NEWS_BODY, published_at=_at(0))
    return index.match("flash", FLASH, FLASH_BODY, published_at=_at(0.5))


def test_each_index_applies_its_own_vetoes() -> None:
    """Two indexes in one process, one without the sector-move veto: each decides by its own set (the set is the
    index's value, not module state), and the default is every veto."""
    with StoryIndex(None) as every, StoryIndex(None, active_vetoes=vetoes.ALL - {"sector_move"}) as fewer:
        assert every.active_vetoes == vetoes.ALL
        assert _flash_of_news(fewer) == "news"
        assert _flash_of_news(every) is None
    with StoryIndex(None, active_vetoes=frozenset()) as none:
        assert _flash_of_news(none) == "news"


def test_an_unknown_veto_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown vetoes: sector"):
        StoryIndex(None, active_vetoes=frozenset({"sector"}))


def test_titles_veto_reads_only_the_active_set() -> None:
    a, b = "铜箔概念异动拉升星河电子直线涨停", "星河电子高频铜箔已完成厂内验证"
    assert vetoes.titles_veto(a, b)
    assert vetoes.titles_veto(a, b, frozenset({"sector_move"}))
    assert not vetoes.titles_veto(a, b, vetoes.ALL - {"sector_move"})


# Vetoes of issue 19 brief prec26: a positive and a negative each, on normalized titles (Simplified, letters only).
def test_one_figure_moving_both_ways_is_two_stories() -> None:
    """A level broken upward beside the same level broken downward, or 涨 and 跌 on one figure, are two moves
    (vetoes.opposite_directions); the same direction twice, a figure moving both ways in one title, or other
    figures, veto nothing."""
    assert vetoes.opposite_directions("现货白银突破50美元升势确立", "现货白银跌破50美元后市怎么走")
    assert vetoes.opposite_directions("星河指数涨3.2", "星河指数跌3.2")
    assert vetoes.opposite_directions("星河币站上9万美元", "星河币9万美元关口失守")
    assert not vetoes.opposite_directions("现货白银突破50美元升势确立", "现货白银站上50美元")
    assert not vetoes.opposite_directions("星河指数先跌3后涨3", "星河指数涨3")
    assert not vetoes.opposite_directions("星河指数涨3.2", "星河指数跌1.5")


def test_the_new_vetoes_keep_an_index_from_joining_opposite_moves() -> None:
    """Through the index: a hot list's two items over one shared body, a level broken upward then downward, are
    two stories; the same item listed twice is one."""
    body = ("现货白银日内波动加剧，盘中最高触及51.2美元，随后回落。分析人士认为，美元走势与避险需求仍是"
            "影响白银价格的主要因素，短期波动或将持续，投资者需关注美联储官员讲话。")
    with StoryIndex(None) as index:
        assert index.match("up", "现货白银突破50美元，升势确立？", body, published_at=_at(0)) is None
        assert index.match("down", "现货白银跌破50美元，后市怎么走？", body, published_at=_at(1)) is None
        assert index.match("up-again", "现货白银突破50美元，升势确立？", body, published_at=_at(1.5)) == "up"
    with StoryIndex(None, active_vetoes=vetoes.ALL - {"opposite"}) as index:  # what the veto refuses
        assert index.match("up", "现货白银突破50美元，升势确立？", body, published_at=_at(0)) is None
        assert index.match("down", "现货白银跌破50美元，后市怎么走？", body, published_at=_at(1)) == "up"
