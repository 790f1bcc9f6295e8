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


def test_an_index_crossing_a_level_is_its_next_flash() -> None:
    """An index that crosses a level of points in one title only is the index's next flash
    (vetoes.index_level_once); both crossing it, a share price's level, or a level only quoted, veto nothing."""
    assert vetoes.index_level_once("指数跌幅收窄", "指数跌幅收窄沪指重回3800点")
    assert vetoes.index_level_once("北岭综指跌超9失守2100点", "北岭综指跌幅收窄至5以内")
    assert not vetoes.index_level_once("北岭综指失守2100点", "北岭综指跌超9失守2100点")
    assert not vetoes.index_level_once("星河股价突破170美元", "星河股价攀升至171美元")
    assert not vetoes.index_level_once("星河指数跌幅扩大最新报6571.33点", "星河指数跌幅扩大")


def test_another_markets_move_beside_unrelated_news_is_its_reaction() -> None:
    """Two titles that share no two letters, a move with its figure beside news that is no market item: the news
    and another market's reaction (vetoes.reaction_added); a move beside another market item, or titles that share
    letters, veto nothing by this clause."""
    assert vetoes.reaction_added("北岭暂停与南国的对话", "国际原油期货涨幅扩大wti原油涨超6")
    assert vetoes.reaction_added("东国官员预计五年内芯片产能翻倍", "星河远山股价分别跌68")
    assert not vetoes.reaction_added("东国股市早盘走低", "国际原油期货涨幅扩大wti原油涨超6")
    assert not vetoes.reaction_added("星河科技预计四季度营收增长9", "星河科技美股盘后跌超8")


def test_two_exchanges_are_two_acts() -> None:
    """Titles that each name exchanges, none the same, tell two exchanges' acts (vetoes.two_organizations); one
    exchange under two names, or a notice of both beside one of them, veto nothing."""
    assert vetoes.two_organizations("上期所扩大合格境外投资者交易范围", "上期能源扩大合格境外投资者可交易品种范围")
    assert vetoes.two_organizations("郑商所做好市场风险控制工作", "大连商品交易所发布做好市场风险控制工作的通知")
    assert not vetoes.two_organizations("上交所发布新规", "上海证券交易所发布新规征求意见")
    assert not vetoes.two_organizations("上期所上期能源调整保证金", "上期所调整保证金比例")


def test_the_new_vetoes_keep_an_index_from_joining_opposite_moves() -> None:
    """Through the index: a hot list's two items over one shared body, a level broken upward then downward, are
    two stories; the same item listed twice is one."""
    body = ("现货白银日内波动加剧，盘中最高触及51.2美元，随后回落。分析人士认为，美元走势与避险需求仍是"
            "影响白银价格的主要因素，短期波动或将持续，投资者需关注美联储官员讲话。")
    with StoryIndex(None) as index:
        assert index.match("up", "现货白银突破50美元，升势确立？", body, published_at=_at(0)) is None
        assert index.match("down", "现货白银跌破50美元，后市怎么走？", body, published_at=_at(1)) is None
        assert index.match("up-again", "现货白银突破50美元，升势确立？", body, published_at=_at(1.5)) == "up"
    # what the veto refuses (the template veto left out too: these titles would load jieba's tagger, seconds)
    with StoryIndex(None, active_vetoes=vetoes.ALL - {"opposite", "template"}) as index:
        assert index.match("up", "现货白银突破50美元，升势确立？", body, published_at=_at(0)) is None
        assert index.match("down", "现货白银跌破50美元，后市怎么走？", body, published_at=_at(1)) == "up"


def test_two_bodies_responses_are_two_stories() -> None:
    """Both titles report a response, by two responders ("X针对Y启动…": X responds) that share no two letters
    (vetoes.response_vs_event); one responder's two wordings, or one responder twice, veto nothing."""
    assert vetoes.response_vs_event("东江启动防汛四级应急响应", "国家防总针对东江启动防汛四级应急响应")
    assert vetoes.response_vs_event("东江省启动地震三级应急响应", "西岭省启动地震三级应急响应")
    assert not vetoes.response_vs_event("国家防总针对东江启动防汛四级应急响应",
                                        "国家防总办公室针对东江启动防汛四级应急响应")
    assert not vetoes.response_vs_event("东江启动防汛四级应急响应", "东江启动防汛四级应急响应！")
