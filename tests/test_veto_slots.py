"""Issue 19, round 11 (veto30): one template with another subject in its slot is two stories (a bond's short name,
a listed code, a company's legal name, a place beside an inserted word), and a telegraph's repost on another day is
not kept apart by the two datelines alone. Invented names and texts (no news text)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import vetoes
from pipeline.dedupe.story_index import StoryIndex
from pipeline.io.timestamps import CHINA_TZ


def _titles(a: str, b: str) -> tuple[str, str]:
    return fp.fingerprint(a, "").title_text, fp.fingerprint(b, "").title_text


@pytest.mark.parametrize("a, b", [
    ("深交所星河转债盘中临时停牌", "深交所北岭转债盘中临时停牌"),  # two bonds' halts
    ("600001公告回购股份", "600002公告回购股份"),  # two listed codes
    ("东江千岛湖星河鲟龙科技股份有限公司通过港交所上市聆讯", "北岭远山医药股份有限公司通过港交所上市聆讯"),  # two IPOs
])
def test_one_template_with_another_security_is_two_stories(a: str, b: str) -> None:
    """The slot's shape names a security: a bond's short name before 转债, a code, a legal name before 有限公司."""
    assert vetoes.two_organizations(*_titles(a, b))


@pytest.mark.parametrize("a, b", [
    ("深交所星河转债盘中临时停牌", "星河转债盘中临时停牌"),  # one bond, the exchange dropped
    ("600001公告回购股份", "600001回购股份"),
    ("东江千岛湖星河鲟龙科技股份有限公司通过港交所上市聆讯", "千岛湖星河鲟龙科技股份有限公司通过港交所聆讯"),
])
def test_one_security_worded_twice_is_no_template(a: str, b: str) -> None:
    assert not vetoes.two_organizations(*_titles(a, b))


# Tagged words as jieba gives them (the rule is tested, not the tagger): a place in one slot, a word added beside.
RELIEF = (("国家", "n"), ("部门", "n"), ("紧急", "a"), ("安排", "v"), ("3000", "m"), ("万元", "m"), ("支持", "v"),
          ("湖北", "ns"), ("抗旱", "vn"))
ORDER = (("星河", "nz"), ("电子", "n"), ("签订", "v"), ("3", "m"), ("亿元", "m"), ("光", "n"), ("模块", "n"),
         ("订单", "n"))


def _longer(*titles: tuple[tuple[str, str], ...]) -> int:
    return max(sum(len(w) for w, _ in words) for words in titles)


def test_a_place_in_one_slot_beside_an_added_word_is_two_stories() -> None:
    """Round 11: a word added elsewhere ("紧急") no longer hides the replaced name (tagged_template)."""
    other = tuple(w for w in RELIEF if w[0] != "紧急")
    other = tuple(("江西", "ns") if w[0] == "湖北" else w for w in other)
    assert vetoes.tagged_template(RELIEF, other, _longer(RELIEF, other))


def test_one_subject_with_a_word_added_is_no_template() -> None:
    added = ORDER[:2] + (("紧急", "a"),) + ORDER[2:]
    assert not vetoes.tagged_template(ORDER, added, _longer(ORDER, added))
    renamed = tuple(("星海", "nz") if w[0] == "星河" else w for w in added)
    assert vetoes.tagged_template(ORDER, renamed, _longer(ORDER, renamed))


def test_two_bonds_halts_in_one_index_are_two_stories() -> None:
    """The halts' bodies differ only by the name, so the near path would join them but for the veto."""
    body = "{}转债盘中临时停牌，自10时30分起暂停交易，至14时57分复牌，提醒投资者注意交易风险。"
    at = datetime(2026, 6, 3, 10, 31, tzinfo=CHINA_TZ)
    with StoryIndex(None) as index:
        assert index.match("a", "深交所星河转债盘中临时停牌", body.format("星河"), published_at=at) is None
        assert index.match("b", "深交所北岭转债盘中临时停牌", body.format("北岭"), published_at=at) is None


REPORT = "星海能源局：4月核发绿证2.37亿个"
REPORT_BODY = ("财联社{}电，4月，星海能源局核发绿证2.37亿个，涉及可再生能源发电项目181.48万个，其中可交易绿证1.77亿个，"
               "占比74.85%。本期核发3月可再生能源电量对应绿证1.71亿个，占比72.16%。")
FIRST = datetime(2026, 5, 30, 10, 5, tzinfo=CHINA_TZ)
LATER = FIRST + timedelta(hours=71)  # 6月2日, within REPOST_HOURS


def test_a_repost_on_another_day_is_not_kept_apart_by_the_datelines() -> None:
    """Each dateline is its own text's publication day: no date of the story (story_score's days)."""
    with StoryIndex(None) as index:
        assert index.match("first", REPORT, REPORT_BODY.format("5月30日"), published_at=FIRST) is None
        assert index.match("repost", REPORT, REPORT_BODY.format("6月2日"), published_at=LATER) == "first"


def test_a_repost_naming_another_story_date_stays_apart() -> None:
    """A date besides the datelines still has to agree: another release's date is another release."""
    body = REPORT_BODY + "数据于{}发布。"
    with StoryIndex(None) as index:
        assert index.match("first", REPORT, body.format("5月30日", "5月29日"), published_at=FIRST) is None
        assert index.match("repost", REPORT, body.format("6月2日", "6月1日"), published_at=LATER) is None


def test_a_dated_template_without_a_figure_stays_two_stories() -> None:
    """No figure, no repost: a daily template's two days, worded a little apart, stay apart by their datelines."""
    body = "财联社{}电，星海股市在开市初段{}，主要板块普遍下跌，成交较前一日减少，市场观望气氛浓厚。"
    with StoryIndex(None) as index:
        assert index.match("mon", "星海股市开市初段偏软", body.format("6月1日", "偏软"),
                           published_at=datetime(2026, 6, 1, 9, 35, tzinfo=CHINA_TZ)) is None
        assert index.match("tue", "星海股市开市初段偏软", body.format("6月2日", "转弱"),
                           published_at=datetime(2026, 6, 2, 9, 35, tzinfo=CHINA_TZ)) is None
