"""Progress lines and bar, on a StringIO stream with a clock the test moves (no sleeping)."""

from __future__ import annotations

import io

import pytest

from pipeline.progress import Progress, format_duration

INTERVAL = 10.0


class Clock:
    """A clock the test sets by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_a_plain_line_once_the_interval_has_passed() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(22_306, 40, interval=INTERVAL, stream=stream, clock=clock)
    clock.now = 5.0
    progress.advance(600, 1)
    assert lines(stream) == []  # too soon
    clock.now = 14.1
    progress.advance(600, 2)
    assert lines(stream) == ["newsbridge: 1,200/22,306 records (5%), 3/40 shards, 85 records/s, about 4 min left"]


def test_one_line_per_interval_however_many_advances() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(1_000, 10, interval=INTERVAL, stream=stream, clock=clock)
    for step in range(1, 31):  # 30 s in 1 s steps
        clock.now = float(step)
        progress.advance(10)
    assert lines(stream) == [
        "newsbridge: 100/1,000 records (10%), 0/10 shards, 10 records/s, about 2 min left",  # 90 s
        "newsbridge: 200/1,000 records (20%), 0/10 shards, 10 records/s, about 1 min left",
        "newsbridge: 300/1,000 records (30%), 0/10 shards, 10 records/s, about 1 min left",
    ]


def test_unknown_total_shows_counts_and_rate_only() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(None, 7, interval=INTERVAL, stream=stream, clock=clock)
    clock.now = 10.0
    progress.advance(500, 2)
    assert lines(stream) == ["newsbridge: 500 records, 2/7 shards, 50 records/s"]


def test_final_line_on_close_and_only_once() -> None:
    clock, stream = Clock(), io.StringIO()
    with Progress(2_000, 4, interval=INTERVAL, stream=stream, clock=clock) as progress:
        clock.now = 3.0
        progress.advance(2_000, 4)
        clock.now = 4.0
    progress.close()
    assert lines(stream) == ["newsbridge: 2,000/2,000 records (100%), 4/4 shards, 500 records/s, done in 4.0 s"]


@pytest.mark.parametrize("total", [100, 0, None])
def test_nothing_advanced_divides_by_nothing(total: int | None) -> None:
    stream = io.StringIO()
    progress = Progress(total, 0, stream=stream, clock=Clock())
    progress.advance(0)
    progress.close()
    expected = "0/100 records (0%)" if total else "0 records"
    assert lines(stream) == [f"newsbridge: {expected}, 0/0 shards, done in 0.0 s"]


def test_more_records_than_announced_stops_at_100_percent() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(10, 1, interval=INTERVAL, stream=stream, clock=clock)
    clock.now = INTERVAL
    progress.advance(12)
    assert lines(stream) == ["newsbridge: 12/10 records (100%), 0/1 shards, 1.2 records/s"]


@pytest.mark.parametrize("terminal", [False, True])
def test_quiet_writes_nothing(terminal: bool) -> None:
    clock = Clock()
    stream = Terminal() if terminal else io.StringIO()
    with Progress(100, 2, quiet=True, interval=INTERVAL, stream=stream, clock=clock) as progress:
        clock.now = 100.0
        progress.advance(100, 2)
    assert stream.getvalue() == ""


def test_a_terminal_gets_a_bar_not_lines() -> None:
    stream = Terminal()
    with Progress(22_306, 40, stream=stream) as progress:
        progress.advance(1_200, 3)
    shown = stream.getvalue()
    assert "\r" in shown  # redrawn in place
    assert "newsbridge" in shown and "1200/22306" in shown and "3/40 shards" in shown
    assert "records/s" in shown or "s/ records" in shown  # tqdm flips to seconds per record when slow
    assert "done in" not in shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0.0, "0.0 s"),
        (0.44, "0.4 s"),
        (9.94, "9.9 s"),
        (42.4, "42 s"),
        (59.6, "1 min"),
        (248.0, "4 min"),
        (3_599.0, "1 h"),
        (3_900.0, "1 h 5 min"),
        (90_000.0, "25 h"),
    ],
)
def test_durations(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


def test_heartbeat_reports_while_nothing_finishes() -> None:
    """A long neural batch, or a shard on another worker, must not leave a log silent for minutes."""
    import io
    import time

    stream = io.StringIO()
    with Progress(100, 2, interval=0.05, stream=stream, heartbeat=True) as progress:
        progress.advance(10)
        deadline = time.monotonic() + 5
        while stream.getvalue().count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 3 and all(line.startswith("newsbridge: 10/100 records") for line in lines)
    assert "done in" in lines[-1]
