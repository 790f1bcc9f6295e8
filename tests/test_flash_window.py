"""Rule 9's window on a feed dated without times of day, and bench/flash_misses.py's reading of a miss (round 11).

A date-only feed gives a whole day's items one instant: of equally near documents the window must read the latest in
input order (story_index, LEARNED_HOURS), or a flash and its full item later that day are never scored together.
Synthetic records only (no news text).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bench.flash_misses import Miss, bigram_overlap, window_rank
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import story_index as si

# A day's start in UTC+08:00: how a date-only feed's items are stamped (vetoes.date_only)
DAY = datetime(2026, 3, 5, tzinfo=timezone(timedelta(hours=8)))
BUSY = si.TITLE_CANDIDATES + 8  # more same-day items than the window reads
PRINT = fp.fingerprint("东江省今日发布公告", "东江省今日发布第一号公告。")  # the window reads instants, not texts


def test_pending_window_reads_the_latest_of_one_instant():
    """Pending documents at one instant: the window holds the TITLE_CANDIDATES latest in input order."""
    with si.StoryIndex(None) as index:
        index._published = int(DAY.timestamp())
        for n in range(BUSY):
            index._add_pending(si._Pending(f"d-{n}", f"d-{n}", PRINT, [], index._published, timed=False))
        assert index._nearest_pending(si.LEARNED_HOURS * 3600) == set(range(BUSY - si.TITLE_CANDIDATES, BUSY))


def test_pending_window_still_prefers_the_nearer_instant():
    """Order breaks ties only: a document nearer in time comes before a later one further away."""
    with si.StoryIndex(None) as index:
        index._published = int(DAY.timestamp())
        index._add_pending(si._Pending("near", "near", PRINT, [], index._published - 60))
        for n in range(1, BUSY):
            index._add_pending(si._Pending(f"d-{n}", f"d-{n}", PRINT, [], index._published - 3600))
        window = index._nearest_pending(si.LEARNED_HOURS * 3600)
        assert 0 in window and len(window) == si.TITLE_CANDIDATES and BUSY - 1 in window and 1 not in window


def test_committed_window_reads_the_latest_rows_of_one_instant():
    """Committed documents at one instant: the window's statement returns the latest rows first."""
    with si.StoryIndex(None) as index:
        for n in range(BUSY):
            index._add_pending(si._Pending(f"d-{n}", f"d-{n}", PRINT, [], int(DAY.timestamp()), timed=False))
        index.commit(1)
        at, half = int(DAY.timestamp()), si.TITLE_CANDIDATES // 2
        rows = [r for (r,) in index._db.execute(si._WINDOW_ROWS_SQL, (at - 3600, at, half, at, at + 3600, half))]
        latest = [r for (r,) in index._db.execute("SELECT row FROM docs ORDER BY row DESC LIMIT ?", (half,))]
        assert rows == latest


@pytest.mark.parametrize(("instants", "earlier", "later", "rank"), [
    ([0, 0, 0, 0, 0], 1, 4, 2),  # one instant (a date-only day): the items between them in input order come first
    ([0, 0, 0, 0, 0], 3, 4, 0),
    ([0, 10, 20, 30, 40], 1, 4, 2),  # nearer in time first: 20 and 30, before 10
    ([0, 10, 20, 30, 40], 3, 4, 0),
    ([40, 0, 30, 10, 20], 0, 4, 3),  # 30 and 10 are nearer; 0 is as near as 40 and later in input order
])
def test_window_rank(instants, earlier, later, rank):
    assert window_rank(instants, earlier, later) == rank


def test_bigram_overlap_is_the_smaller_texts_share():
    assert bigram_overlap("abcd", "xxabcdyy") == 1.0
    assert bigram_overlap("abcd", "abzz") == pytest.approx(1 / 3)
    assert bigram_overlap("", "abc") == 0.0


@pytest.mark.parametrize(("miss", "verdict"), [
    (Miss(True, False, 5, 0.95, ("veto_template",), ()), "vetoed"),
    (Miss(False, True, 5, 0.2, (), ()), "no-candidate"),  # below rule 9's cheap bound
    (Miss(True, False, si.TITLE_CANDIDATES, 0.5, (), ()), "no-candidate"),  # beyond the window, no band
    (Miss(True, False, None, 0.5, (), ()), "no-candidate"),  # beyond LEARNED_HOURS, no band
    (Miss(True, True, si.TITLE_CANDIDATES + 1, 0.5, (), ()), "scored-low"),  # a band reaches it
    (Miss(True, False, 3, 0.5, (), ()), "scored-low"),
])
def test_miss_verdict(miss, verdict):
    assert miss.verdict == verdict
