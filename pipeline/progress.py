"""How far a run has got, on stderr: a tqdm bar on a terminal, a plain line every few seconds in a log file.

A batch job's log needs a sign of life without a carriage-return bar smeared over it; a terminal wants the bar.
"""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

PREFIX = "newsbridge"
# A plain line every 10 s: often enough that a stuck job is noticed, rarely enough that a day's log stays short.
DEFAULT_INTERVAL_S = 10.0
SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3600
# Below this a duration or rate shows a decimal (0.4 s, 2.5 records/s); above, whole numbers.
DECIMAL_BELOW = 10
# How often the records of shards still running in worker processes are read (a few small files) for the bar.
POLL_INTERVAL_S = 0.5
# Records finished so far in each shard still running, by shard index (shards in `finished` left out).
Partial = Callable[[set[int]], dict[int, int]]


def format_duration(seconds: float) -> str:
    """'0.4 s', '42 s', '4 min', '1 h 5 min': an estimate, so minutes are precise enough past the first one."""
    if seconds < DECIMAL_BELOW:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < SECONDS_PER_MINUTE:
        return f"{whole} s"
    minutes = round(seconds / SECONDS_PER_MINUTE)
    if minutes < SECONDS_PER_HOUR // SECONDS_PER_MINUTE:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, SECONDS_PER_HOUR // SECONDS_PER_MINUTE)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _format_rate(per_second: float) -> str:
    return f"{per_second:,.0f}" if per_second >= DECIMAL_BELOW else f"{per_second:.1f}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Progress:
    """Progress of a run on stderr: a tqdm bar when the stream is a terminal; otherwise one plain line every
    `interval` seconds ("newsbridge: 1,200/22,306 records (5%), 3/40 shards, 85 records/s, about 4 min left")
    so logs of long batch jobs show life. Silent when quiet=True. total_records=None (unknown) drops the
    percentage and the estimate. `clock` is there so that tests need not sleep."""

    def __init__(
        self,
        total_records: int | None,
        total_shards: int,
        *,
        quiet: bool = False,
        interval: float = DEFAULT_INTERVAL_S,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        heartbeat: bool = False,
        partial: Partial | None = None,
        poll_interval: float = POLL_INTERVAL_S,
    ) -> None:
        """`heartbeat`: also report every `interval` seconds when nothing finished, from a background thread
        (a batch of neural translation, or a shard on another worker, can take minutes). `partial`: where the
        records of shards running elsewhere (worker processes) come from, read every `poll_interval` seconds
        by that thread, so the count moves with each batch, not only when a shard ends."""
        self.total_records = total_records
        self.total_shards = total_shards
        self.records = 0
        self.shards = 0
        self._partial = partial
        self._running = 0  # records done in shards not yet finished (from `partial`)
        self._finished: set[int] = set()
        self._poll_interval = poll_interval
        self._quiet = quiet
        self._interval = interval
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._started = clock()
        self._last_line = self._started
        self._closed = False
        self._bar: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        if not quiet and _is_terminal(self._stream):
            from tqdm import tqdm  # only a terminal needs it

            self._bar = tqdm(total=total_records, desc=PREFIX, unit=" records", file=self._stream,
                             dynamic_ncols=True, disable=False, postfix=self._shards_text())
        if heartbeat and not quiet:
            threading.Thread(target=self._beat, name="newsbridge-progress", daemon=True).start()

    def _beat(self) -> None:
        wait = min(self._interval, self._poll_interval) if self._partial is not None else self._interval
        while not self._stop.wait(wait):
            with self._lock:
                if self._closed:
                    return
                if self._bar is not None:
                    self._poll()
                elif self._clock() - self._last_line >= self._interval:
                    self._read_running()  # only when a line is due: a log line every 10 s needs no reads between
                    self._last_line = self._clock()
                    self._write(self.line(self._last_line))

    @property
    def shown_records(self) -> int:
        """Records of finished shards plus those done so far in running ones."""
        return self.records + self._running

    def poll(self) -> None:
        """Read how far the running shards have got (the heartbeat does this every `poll_interval` seconds)."""
        with self._lock:
            self._poll()

    def _poll(self) -> None:
        self._read_running()
        if self._bar is not None and not self._closed:
            self._bar.n = self.shown_records
            self._bar.refresh()

    def _read_running(self) -> None:
        if self._partial is None or self._closed or self._quiet:
            return
        running = self._partial(set(self._finished))
        self._running = max(sum(n for index, n in running.items() if index not in self._finished), 0)

    def advance(self, records: int, shards: int = 0, *, shard: int | None = None) -> None:
        """Count records (and shards) just finished; `shard`: the index of the finished shard, whose records
        `partial` reported until now (counted once: its records move from running to finished together).
        Prints only when a bar refresh or a line is due."""
        with self._lock:
            if shard is not None:
                self._finished.add(shard)
                self._read_running()
            self._advance(records, shards)

    def _advance(self, records: int, shards: int) -> None:
        self.records += records
        self.shards += shards
        if self._quiet or self._closed:
            return
        if self._bar is not None:
            if shards:
                self._bar.set_postfix_str(self._shards_text(), refresh=False)
            self._bar.n = self.shown_records
            self._bar.update(0)
            return
        now = self._clock()
        if now - self._last_line >= self._interval:
            self._last_line = now
            self._write(self.line(now))

    def line(self, now: float | None = None, *, final: bool = False, stopped: bool = False) -> str:
        """The plain status line: counts, percentage, shards, rate, and either the time left or the time taken
        ("done in" when the run finished, "stopped after" when it was interrupted or failed)."""
        now = self._clock() if now is None else now
        elapsed = max(now - self._started, 0.0)
        total = self.total_records
        records = self.shown_records
        if total:
            percent = min(100, math.floor(100 * records / total))
            parts = [f"{records:,}/{total:,} records ({percent}%)"]
        else:
            parts = [f"{records:,} records"]
        parts.append(self._shards_text())
        rate = records / elapsed if elapsed > 0 else 0.0
        if rate > 0:
            parts.append(f"{_format_rate(rate)} records/s")
        if stopped:
            parts.append(f"stopped after {format_duration(elapsed)}")
        elif final:
            parts.append(f"done in {format_duration(elapsed)}")
        elif total and rate > 0 and records < total:
            parts.append(f"about {format_duration((total - records) / rate)} left")
        return f"{PREFIX}: " + ", ".join(parts)

    def close(self, *, stopped: bool = False) -> None:
        """Finish the bar, or write the final line (`stopped`: the run did not finish); a second close does
        nothing."""
        self._stop.set()
        with self._lock:
            self._close(stopped)

    def _close(self, stopped: bool) -> None:
        if self._closed:
            return
        self._closed = True
        if self._quiet:
            return
        if self._bar is not None:
            if stopped:
                self._bar.set_postfix_str(f"{self._shards_text()}, stopped", refresh=False)
            self._bar.close()
        else:
            self._write(self.line(final=True, stopped=stopped))

    def _shards_text(self) -> str:
        return f"{self.shards:,}/{self.total_shards:,} shards"

    def _write(self, text: str) -> None:
        self._stream.write(text + "\n")
        self._stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(stopped=kind is not None)
