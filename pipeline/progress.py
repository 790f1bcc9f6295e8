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
    ) -> None:
        """`heartbeat`: also report every `interval` seconds when nothing finished, from a background thread
        (a batch of neural translation, or a shard on another worker, can take minutes)."""
        self.total_records = total_records
        self.total_shards = total_shards
        self.records = 0
        self.shards = 0
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
        while not self._stop.wait(self._interval):
            with self._lock:
                if self._closed:
                    return
                if self._bar is not None:
                    self._bar.refresh()
                elif self._clock() - self._last_line >= self._interval:
                    self._last_line = self._clock()
                    self._write(self.line(self._last_line))

    def advance(self, records: int, shards: int = 0) -> None:
        """Count records (and shards) just finished; prints only when a bar refresh or a line is due."""
        with self._lock:
            self._advance(records, shards)

    def _advance(self, records: int, shards: int) -> None:
        self.records += records
        self.shards += shards
        if self._quiet or self._closed:
            return
        if self._bar is not None:
            if shards:
                self._bar.set_postfix_str(self._shards_text(), refresh=False)
            self._bar.update(records)
            return
        now = self._clock()
        if now - self._last_line >= self._interval:
            self._last_line = now
            self._write(self.line(now))

    def line(self, now: float | None = None, *, final: bool = False) -> str:
        """The plain status line: counts, percentage, shards, rate, and either the time left or the time taken."""
        now = self._clock() if now is None else now
        elapsed = max(now - self._started, 0.0)
        total = self.total_records
        if total:
            percent = min(100, math.floor(100 * self.records / total))
            parts = [f"{self.records:,}/{total:,} records ({percent}%)"]
        else:
            parts = [f"{self.records:,} records"]
        parts.append(self._shards_text())
        rate = self.records / elapsed if elapsed > 0 else 0.0
        if rate > 0:
            parts.append(f"{_format_rate(rate)} records/s")
        if final:
            parts.append(f"done in {format_duration(elapsed)}")
        elif total and rate > 0 and self.records < total:
            parts.append(f"about {format_duration((total - self.records) / rate)} left")
        return f"{PREFIX}: " + ", ".join(parts)

    def close(self) -> None:
        """Finish the bar, or write the final line; a second close does nothing."""
        self._stop.set()
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._quiet:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            self._write(self.line(final=True))

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
        self.close()
