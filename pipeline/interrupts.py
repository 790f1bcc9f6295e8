"""Ctrl-C (SIGINT) and SIGTERM as exceptions a run can account for: the runner turns either into RunInterrupted
(how many shards were finished and kept), the command line into one line and exit 128 + the signal's number
(130, 143), as shells report a command a signal stopped.

SIGTERM's default action kills the process outright: no `finally`, so pool workers and a Dask cluster would
outlive it. Raised as an exception instead, it unwinds like Ctrl-C does and every cleanup runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

# Shells report a command stopped by signal N as exit status 128 + N.
SIGNAL_EXIT_BASE = 128


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread is (a KeyboardInterrupt, so code that cleans up after Ctrl-C
    cleans up after it too)."""

    signum = signal.SIGTERM


class RunInterrupted(KeyboardInterrupt):
    """A run stopped by a signal after planning its shards: `done` of `total` are finished and kept in `work`
    for --resume."""

    def __init__(self, done: int, total: int, work: Path, signum: int) -> None:
        super().__init__(f"interrupted: {done} of {total} shards done, kept in {work}")
        self.done, self.total, self.work, self.signum = done, total, work, signum


def signal_of(error: BaseException) -> int:
    """The signal behind an interrupt: SIGTERM for Terminated (or what RunInterrupted recorded), else SIGINT."""
    return int(getattr(error, "signum", signal.SIGINT))


def exit_code(error: BaseException) -> int:
    return SIGNAL_EXIT_BASE + signal_of(error)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextmanager
def sigterm_as_exception() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated in the main thread (elsewhere a handler cannot be installed, and
    the default stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
