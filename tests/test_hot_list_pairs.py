"""Hot-list repeats for rule 9 (issue 19, round 9): the pair features that read one topic worded apart (the longest
shared run of the titles, both short, the same calendar day) and rule 9's pending window of LEARNED_HOURS, read
nearest first (rule 9 joining across it: tests/test_pair_model.py). Invented texts; no ../shared."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.dedupe import entities as ent
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import story_index as si

NAMES = ent.EntityNames({"星辰科技": "us.xingchen"})
# 01:00 UTC is 09:00 in UTC+08:00: a few hours either way stay on one calendar day of the feeds
START = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)


def _side(doc_id: str, title: str, body: str = "", at: datetime = START) -> pf.Side:
    return pf.Side(doc_id, fp.fingerprint(title, body), ent.evidence(NAMES, ent.evidence_text(title, body)),
                   int(at.timestamp()))


@pytest.mark.parametrize(("short", "long", "run", "share"), [
    ("星辰科技市值重回千亿", "#芯片股持续拉升，星辰科技市值重回千亿#", 10, 1.0),   # the topic kept whole, capped
    ("星辰科技宣布停产", "#补缴税款？星辰科技宣布停产#", 8, 1.0),
    ("星辰科技董事长辞职", "星辰科技市值重回千亿", 4, 4 / 9),                      # one company, two events: the name
    ("蓝海证券跌停", "星辰科技发布新品", 0, 0.0),
])
def test_longest_shared_run_of_the_titles(short, long, run, share):
    values = pf.features(_side("eastmoney-1", short), _side("xueqiu-2", long), title_vetoes=False)
    assert values["title_common_run"] == min(run, pf.COMMON_RUN_CAP)
    assert values["title_common_share"] == pytest.approx(share)


@pytest.mark.parametrize(("body_a", "body_b", "both_short"), [
    ("", "", True), ("星辰科技盘中快速跳水。", "", True),
    ("星辰科技" + "，".join(f"第{n}季度营收{n}亿元同比增长{n}%" for n in range(1, 9)) + "。", "", False)])
def test_both_short(body_a, body_b, both_short):
    values = pf.features(_side("a-1", "星辰科技市值重回千亿", body_a), _side("b-2", "星辰科技市值千亿", body_b),
                         title_vetoes=False)
    assert values["both_short"] == float(both_short)


@pytest.mark.parametrize(("hours_a", "hours_b", "same_day"), [
    (1, 14, True),    # 09:00 and 22:00 in UTC+08:00
    (14, 17, False),  # 22:00 and 01:00 the next day: three hours, two days
    (-9, 1, False)])  # 00:00 is the day's start in UTC+08:00
def test_same_calendar_day_of_the_feeds(hours_a, hours_b, same_day):
    day = datetime(2026, 7, 1, tzinfo=UTC)
    values = pf.features(_side("a-1", "星辰科技市值重回千亿", at=day + timedelta(hours=hours_a)),
                         _side("b-2", "星辰科技市值千亿", at=day + timedelta(hours=hours_b)),
                         title_vetoes=False)
    assert values["same_day"] == float(same_day)


def test_nearest_pending_are_the_nearest_in_time():
    """The hour rings stop early, yet give the TITLE_CANDIDATES nearest pending documents within the reach."""
    rng, print_ = random.Random(28), fp.fingerprint("星辰科技市值重回千亿", "")
    with si.StoryIndex(None) as index:
        index._published = int(START.timestamp())
        for n in range(400):  # pending as match leaves them, without the matching
            at = index._published + rng.randrange(-30 * 3600, 30 * 3600)
            index._add_pending(si._Pending(f"x-{n}", f"x-{n}", print_, [], at))
        reach = si.LEARNED_HOURS * 3600
        every = sorted((abs(entry.published - index._published), i) for i, entry in enumerate(index._pending)
                       if abs(entry.published - index._published) <= reach)
        assert index._nearest_pending(reach) == {i for _, i in every[:si.TITLE_CANDIDATES]}
