"""Ctrl-C (SIGINT) and SIGTERM as exceptions a run can account for: the runner turns either into RunInterrupted
(how many shards were finished and kept), the command line into one line and exit 128 + the signal's number
(130, 143), as shells report a command a signal stopped.

SIGTERM's default action kills the process outright: no `finally`, so pool workers and a Dask cluster would
outlive it. Raised as an exception instead, it unwinds like Ctrl-C does and every cleanup runs; a second signal
while that cleanup runs is ignored rather than cutting it short.
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


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stop(signum: int, frame: FrameType | None) -> None:
    """The first Ctrl-C or SIGTERM: raise it; later ones are ignored, so an impatient second Ctrl-C cannot cut
    short the stopping of the workers (which is bounded: engines.TERMINATE_GRACE_S, CLOSE_TIMEOUT_S)."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While inside, the first SIGINT or SIGTERM raises KeyboardInterrupt or Terminated in the main thread, and
    the ones after it are ignored, also after the block (elsewhere than the main thread a handler cannot be
    installed, and the defaults stay)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {stop: signal.signal(stop, _stop) for stop in STOP_SIGNALS}
    try:
        yield
    finally:
        # After a stop they stay ignored: a second Ctrl-C that arrives as the process exits would otherwise kill
        # it by the signal, and its exit status with it.
        if all(signal.getsignal(stop) is _stop for stop in STOP_SIGNALS):
            for stop, handler in previous.items():
                signal.signal(stop, handler)
