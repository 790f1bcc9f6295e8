"""Where a run's tasks execute: in this process, on a local process pool, or on dask.distributed.

The runner hands `run_tasks` one function and a list of tasks (a shard each) and gets `(index, result)` pairs
back as tasks finish; it never needs to know which engine ran them. Every engine reuses its worker processes
across tasks, so a worker function that keeps a module-level cache (the glossary and the set-up stages) loads
it once per process, not once per shard.

Use the iterator inside `contextlib.closing(...)` (or exhaust it): closing it stops the pool or cluster at
once, while an abandoned iterator holds its processes until it is garbage-collected.

Dask with a remote scheduler (`scheduler="tcp://HOST:PORT"`): the tasks run on machines this process does not
control, and only the task results (small: stats) travel back over the network. The shard outputs do not: each
worker writes its part files into the run's directory itself, and the client merges them after the last task.
So the output directory must be on a filesystem that every worker and the client can read and write at the
same absolute path (NFS, a cluster filesystem, or one machine), and the workers need the same newsbridge
version and glossary files installed, since the worker function is sent by reference to its module. With no
scheduler a `LocalCluster` on 127.0.0.1 is started for the run and closed after it.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")  # a future: concurrent.futures or dask.distributed

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
# `spawn`, not `fork`: the parent may hold threads (the Dask event loop, tqdm's monitor) and their locks, which a
# forked child would inherit held. It is also the one start method every platform has.
START_METHOD = "spawn"
# How long to try reaching a remote scheduler. One on a reachable network answers in milliseconds; a typo in the
# address should fail within seconds, not after distributed's default of 30 s.
SCHEDULER_TIMEOUT_S = 5.0
# How long closing a client or a LocalCluster may take before it is abandoned (its worker processes are killed).
CLOSE_TIMEOUT_S = 10.0
# How long a terminated pool worker gets to exit before it is killed.
TERMINATE_GRACE_S = 5.0
# How long a stopped run gives a busy Dask worker before its nanny kills it. Dask's own close waits 4 s (0.8 of a
# fixed 5 s) per busy worker; a stopped run has nothing to wait for, since the shard is redone on resume.
DASK_STOP_GRACE_S = 1.0
# Peak resident memory of one local pool worker, which loads the glossary automaton, jieba and the stages once:
# VmHWM of each worker of `newsbridge run seeds --workers 2 --translator gloss` with the shipped glossaries was 791
# and 792 MB (2026-12-07, /proc/PID/status sampled every 50 ms), rounded up. A neural translator needs more.
WORKER_FOOTPRINT_BYTES = 800 * 2**20
# The same for a worker of our Dask LocalCluster, which also holds distributed's own state: VmHWM of the worker
# that ran `newsbridge run seeds --engine dask --workers 2 --translator gloss` was 844 MB (2026-12-07, sampled
# likewise), rounded up. Its memory_limit is set so that this stays under Dask's pause threshold.
DASK_WORKER_FOOTPRINT_BYTES = 900 * 2**20
# prctl(2)'s option (linux/prctl.h) for the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
# How often a pool worker without prctl (not Linux) checks that its parent is still there.
PARENT_POLL_S = 1.0
# Where Linux says how much memory can be given out without swapping (the kernel's own estimate).
MEMINFO = Path("/proc/meminfo")
# How many new pools a run starts after losing a pool worker (kill -9, the OOM killer) before it stops with one
# line. The pool cannot say which task was in the dead worker, so every unfinished task runs again: a task that kills
# its worker each time stops the run after this many restarts, while one stray kill costs one restart.
POOL_RESTARTS = 2
# A task's repr in the note of a failure is cut here: a shard spec can carry long paths.
TASK_REPR_CHARS = 200
# distributed logs every worker start and stop at INFO; shown only when the user asked for DEBUG.
DASK_LOGGERS = ("distributed",)
# dask reads this at import, so worker processes started by a LocalCluster inherit the level through it.
DASK_LOG_ENV = "DASK_LOGGING__DISTRIBUTED"
# What a worker of our LocalCluster logs when the scheduler went away first (distributed.worker's heartbeat).
HEARTBEAT_LOST = "Failed to communicate with scheduler during heartbeat"
# What a worker logs for a task that raised (distributed.worker), before the client re-raises it in the run.
TASK_FAILED = "Compute Failed"
# What a worker logs, with a traceback, when a result it was sending is no longer wanted because the run stopped
# (the client went away mid-transfer: seen under load in test_interrupted_runs[dask-ctrl-c], CI of 2026-12-07).
# A transfer that fails while the run goes on is retried by dask or fails the task, which the run reports.
SEND_FAILED = "failed during get data"


class EngineError(Exception):
    """An engine that cannot start (bad options, an unreachable scheduler, dask missing): one-line message."""


class WorkerLost(EngineError):
    """Pool workers died (killed, or out of memory) more often than POOL_RESTARTS allows."""


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs the tasks, and on how many workers. Checked when built, so a bad flag fails at once."""

    engine: str = "local"  # "local" | "dask"
    workers: int = 1  # local: process count, 1 = in this process; dask: LocalCluster worker processes
    scheduler: str | None = None  # dask only: "tcp://HOST:PORT" of a running scheduler; None = a LocalCluster

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise EngineError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1:
            raise EngineError(f"workers must be a whole number ≥ 1, got {self.workers!r}")
        if self.scheduler is not None and self.engine != "dask":
            raise EngineError(f"a scheduler address ({self.scheduler}) needs the dask engine")
        if self.scheduler is not None and not self.scheduler.strip():
            raise EngineError("the scheduler address is empty")


def run_tasks(fn: Callable[[T], R], tasks: Sequence[T], options: EngineOptions) -> Iterator[tuple[int, R]]:
    """Run fn(task) for every task and yield (index, result) as each finishes, in any order.

    fn must be a module-level function (or a functools.partial of one with picklable arguments) unless
    workers == 1 on the local engine, which calls it here in order. A task's exception is re-raised here, with
    a note naming the task, after the pending tasks are cancelled and the workers stopped.
    """
    if not tasks:
        return _run_inline(fn, tasks)  # nothing to run; still a generator, so callers can close() it
    if options.engine == "dask":
        return _run_dask(fn, tasks, options)
    if options.workers == 1:
        return _run_inline(fn, tasks)
    return _run_pool(fn, tasks, options.workers)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, as under taskset or a container's cpuset)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available to new processes (MemAvailable), or None where /proc/meminfo does not say."""
    try:
        for line in MEMINFO.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024  # the kernel writes kB
    except (OSError, ValueError, IndexError):
        return None
    return None


def fit_workers(requested: int) -> int:
    """`requested` local workers, capped at the usable cores and at what available memory holds (one warning
    naming the cap and why): more processes than cores only wait their turn, while each loads its own glossary
    and jieba, and past memory they swap or are killed."""
    cores = usable_cores()
    memory = available_memory()
    by_memory = None if memory is None else max(1, memory // WORKER_FOOTPRINT_BYTES)
    fit = min(requested, cores, by_memory or requested)
    if fit < requested:
        reasons = []  # the limits that set the cap
        if cores == fit:
            reasons.append(f"{cores} usable core(s)")
        if by_memory == fit:
            reasons.append(f"{memory / 2**30:.1f} GB available memory at about "
                           f"{WORKER_FOOTPRINT_BYTES / 2**20:.0f} MB per worker")
        log.warning("--workers %d capped at %d: this machine has %s", requested, fit, " and ".join(reasons))
    return fit


def dask_memory_limit(workers: int) -> int:
    """The memory_limit of each worker of our LocalCluster, in bytes: its share of the memory available now (Dask's
    "auto" shares the total, so 64 workers got too little each and were killed for memory), and never so little
    that a worker holding its glossary and jieba (DASK_WORKER_FOOTPRINT_BYTES) reaches Dask's pause threshold (a
    paused worker takes no task) or its terminate threshold (the nanny kills and restarts it)."""
    import dask.config

    thresholds = [dask.config.get(f"distributed.worker.memory.{key}", default=False) for key in ("pause", "terminate")]
    lowest = min((float(t) for t in thresholds if t), default=1.0)  # a threshold set to False is off
    available = available_memory()
    if available is None:  # no /proc/meminfo: the total Dask itself would share out
        from distributed.system import MEMORY_LIMIT

        available = MEMORY_LIMIT
    return max(math.ceil(DASK_WORKER_FOOTPRINT_BYTES / lowest), available // workers)


def _name_task(exc: BaseException, index: int, task: object) -> None:
    """Add which task failed to the exception, keeping its type so callers can still catch it."""
    shown = repr(task)
    if len(shown) > TASK_REPR_CHARS:
        shown = shown[: TASK_REPR_CHARS - 1] + "…"
    note = f"newsbridge: raised by task {index}: {shown}"
    if sys.version_info >= (3, 11):
        exc.add_note(note)
    else:  # Python 3.10 does not print notes, but callers can still read them
        exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]


def _run_inline(fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
    """One worker: no pool, no pickling, tasks in order (the simplest to debug)."""
    for index, task in enumerate(tasks):
        try:
            result = fn(task)
        except Exception as exc:
            _name_task(exc, index, task)
            raise
        yield index, result


def _results(
    completed: Iterable[tuple[F, Callable[[], Any]]], pending: dict[F, int], tasks: Sequence[T]
) -> Iterator[tuple[int, F, Any]]:
    """(index, future, result) for each (future, its result's getter) as `completed` yields it; a failed task's
    exception is re-raised with a note naming the task."""
    for future, outcome in completed:
        index = pending.pop(future)
        try:
            result = outcome()
        except Exception as exc:
            _name_task(exc, index, tasks[index])
            raise
        yield index, future, result


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the parent, which stops them; else every worker prints its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Drop(logging.Filter):
    """Drops a worker's records that begin with `prefix`: noise our own LocalCluster's workers make where the run
    already says what happened."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


# Our LocalCluster's scheduler lives in the run's own process: a worker that cannot reach it any more is being
# stopped with the run (Ctrl-C, an error), and its heartbeat error with a traceback is noise on a busy machine,
# where the worker's last heartbeat can race the cluster's close.
_SCHEDULER_GONE_AT_STOP = _Drop(HEARTBEAT_LOST)
# A task that raised: Dask sends the exception back to the client, which raises it in the run's process, and the
# run reports it there, in one line for a fault (an input changed, a full disk) as with the process pool. The
# worker's own "Compute Failed" record (seven lines, the traceback as a string) only said it twice.
_REPORTED_BY_THE_RUN = _Drop(TASK_FAILED)
_RESULT_UNWANTED_AT_STOP = _Drop(SEND_FAILED)


def dask_setup(worker: Any = None) -> None:
    """Run by each Dask worker process of our LocalCluster (this module is its `preload`): Ctrl-C in a terminal
    reaches the whole process group, and a worker that died of it makes its nanny log a traceback; the client
    stops the workers itself."""
    _ignore_interrupts()
    worker_log = logging.getLogger("distributed.worker")
    worker_log.addFilter(_SCHEDULER_GONE_AT_STOP)
    worker_log.addFilter(_RESULT_UNWANTED_AT_STOP)
    if os.environ.get(DASK_LOG_ENV) == "error":  # _quiet_dask_logs's level: not for -v -v or a level of the user's
        worker_log.addFilter(_REPORTED_BY_THE_RUN)


def _die_with_parent(parent: int) -> None:
    """A pool worker goes when the run's process does, also on kill -9, which leaves it no `finally` to stop the
    pool: Linux kills the worker when its parent dies (PR_SET_PDEATHSIG, SIGKILL); elsewhere a watchdog thread
    polls for the parent. The pool is started from the thread that runs the tasks, which lives as long as it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        asked = sys.platform.startswith("linux") and libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        asked = False
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)
    if not asked:
        threading.Thread(target=_watch_parent, args=(parent,), name="newsbridge-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(PARENT_POLL_S)
    os._exit(1)


def _pool_worker_setup(parent: int) -> None:
    """Run once in each pool worker as it starts."""
    _ignore_interrupts()
    _die_with_parent(parent)


def _run_pool(fn: Callable[[T], R], tasks: Sequence[T], workers: int) -> Iterator[tuple[int, R]]:
    """A local process pool; a lost worker (kill -9, the OOM killer) breaks the pool, and the unfinished tasks run
    again on a new one, at most POOL_RESTARTS times."""
    remaining = dict(enumerate(tasks))
    restarts = 0
    while True:
        try:
            yield from _run_one_pool(fn, tasks, remaining, workers)
            return
        except BrokenProcessPool:
            if restarts == POOL_RESTARTS:
                raise WorkerLost(f"a worker process died {restarts + 1} times (killed, or out of memory: see "
                                 f"`dmesg`); {len(remaining)} of {len(tasks)} shard(s) unfinished") from None
            restarts += 1
            log.warning("a worker process died (killed, or out of memory); running the %d unfinished shard(s) "
                        "again on new workers (restart %d of %d)", len(remaining), restarts, POOL_RESTARTS)


def _run_one_pool(fn: Callable[[T], R], tasks: Sequence[T], remaining: dict[int, T],
                  workers: int) -> Iterator[tuple[int, R]]:
    """Run the `remaining` tasks (index → task) on one pool, removing each as it finishes; the pool is stopped at
    once (running tasks killed) on an error, an interrupt or an early close."""
    executor = ProcessPoolExecutor(
        max_workers=min(workers, len(remaining)),
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_pool_worker_setup,
        initargs=(os.getpid(),),
    )
    pending: dict[Future[R], int] = {}
    finished = False
    try:
        for index, task in remaining.items():
            pending[executor.submit(fn, task)] = index
        for index, _, result in _results(((f, f.result) for f in as_completed(list(pending))), pending, tasks):
            del remaining[index]
            yield index, result
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop_pool(executor)


def _stop_pool(executor: ProcessPoolExecutor) -> None:
    """Cancel what has not started and kill what has: a shard's partial output is redone on resume anyway."""
    # The pool has no public way to stop running tasks before Python 3.14 (terminate_workers); its own recovery
    # from a dead worker does the same as here. Read before shutdown(), which drops the table.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(TERMINATE_GRACE_S)
        if process.is_alive():
            process.kill()
            process.join()
    executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _quiet_dask_logs() -> Iterator[list[logging.Logger]]:
    """Keep distributed's chatter out of the run's output unless the user asked for DEBUG.

    In this process (client, scheduler, nannies) warnings still show: a worker restarted for memory is news. The
    worker processes of our LocalCluster log errors only: a GIL-bound stage makes them warn of an "unresponsive
    event loop" every few seconds, and a stopped run makes each one warn of its cancelled task.
    Yields the loggers of this process, so an abort can quieten them further.
    """
    if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        yield []
        return
    loggers = [logging.getLogger(name) for name in DASK_LOGGERS]
    levels = [logger.level for logger in loggers]
    env_before = os.environ.get(DASK_LOG_ENV)
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    if env_before is None:  # a level the user set through dask's own variable wins
        os.environ[DASK_LOG_ENV] = "error"
    try:
        yield loggers
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        if env_before is None:
            os.environ.pop(DASK_LOG_ENV, None)


def _connect(options: EngineOptions) -> tuple[Any, Any]:
    """A client and, when we started one, its LocalCluster (None for a remote scheduler)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(f"the dask engine needs dask.distributed, which is not installed ({exc})") from exc
    if options.scheduler is not None:
        try:
            return Client(options.scheduler, timeout=SCHEDULER_TIMEOUT_S, set_as_default=False), None
        except (OSError, ValueError, TypeError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from exc
    cluster = None
    try:
        cluster = LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,  # stages are not thread-safe; processes give the parallelism
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            preload=[__name__],  # dask_setup above, in each worker process
            memory_limit=dask_memory_limit(options.workers),
        )
        return Client(cluster, set_as_default=False), cluster
    except BaseException as exc:  # Ctrl-C while starting too: never leave worker processes behind
        if cluster is not None:
            cluster.close(timeout=CLOSE_TIMEOUT_S)
        if isinstance(exc, (OSError, ValueError, TimeoutError)):
            raise EngineError(f"cannot start a local Dask cluster of {options.workers} workers: {exc}") from exc
        raise


def _run_dask(fn: Callable[[T], R], tasks: Sequence[T], options: EngineOptions) -> Iterator[tuple[int, R]]:
    """dask.distributed: a task per submit; our own LocalCluster is closed at the end, a remote one left running."""
    with _quiet_dask_logs() as loggers:
        client, cluster = _connect(options)
        pending: dict[Any, int] = {}
        stopping = threading.Event()
        try:
            for index, task in enumerate(tasks):
                # pure=False: a task is an action with side effects (it writes parts), never a cached value.
                pending[client.submit(fn, task, pure=False)] = index
            for index, future, result in _results(_finished(list(pending), stopping), pending, tasks):
                future.release()  # the scheduler may forget the result; a long run keeps nothing per task
                yield index, result
        finally:
            stopping.set()
            if pending:
                # Stopping early: the warnings that tasks were cancelled and workers killed are expected, and so
                # are the scheduler's errors for results it can no longer gather ("Couldn't gather keys …
                # 'forgotten'"); the run says why it stopped, in one line.
                for logger in loggers:
                    logger.setLevel(logging.CRITICAL)
            try:
                if pending and cluster is None:  # our own cluster goes down with its tasks; a shared one must not
                    client.cancel(list(pending), force=True)
                client.close(timeout=CLOSE_TIMEOUT_S)
            finally:
                if cluster is not None:
                    if pending:
                        _stop_workers_now(cluster)
                    cluster.close(timeout=CLOSE_TIMEOUT_S)


def _finished(futures: Sequence[Any], stopping: threading.Event) -> Iterator[tuple[Any, Callable[[], Any]]]:
    """Each Dask future as it finishes, with its result already fetched. Not dask's as_completed, and no
    future.result() in this thread: both wait under threading locks and in the client's sync(), which the client's
    event loop also takes, and a Ctrl-C raised in this thread there leaves a lock held (closing the cluster then
    waited forever) or a half-done sync (a tornado traceback at exit), seen under load in
    test_interrupted_runs[dask-ctrl-c]. Here dask's callback thread fetches each finished future's result (or its
    exception) and puts it in a SimpleQueue, whose put and get take no lock a Ctrl-C can leave behind; once the
    run is stopping it fetches nothing more."""
    finished: SimpleQueue[tuple[Any, Callable[[], Any]]] = SimpleQueue()

    def fetch(future: Any) -> None:
        if stopping.is_set():
            return
        try:
            value = future.result()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
            finished.put((future, functools.partial(_reraise, exc)))
        else:
            finished.put((future, functools.partial(_identity, value)))

    for future in futures:
        future.add_done_callback(fetch)
    for _ in futures:
        yield finished.get()


def _identity(value: Any) -> Any:
    return value


def _reraise(exc: BaseException) -> Any:
    raise exc


async def _close_nannies(cluster: Any) -> None:
    await asyncio.gather(
        *(nanny.close(timeout=DASK_STOP_GRACE_S, reason="newsbridge-stop") for nanny in list(cluster.workers.values()))
    )


def _stop_workers_now(cluster: Any) -> None:
    """Close our LocalCluster's nannies with a short grace, so a stopped run does not wait 4 s per busy worker."""
    try:
        cluster.sync(_close_nannies, cluster)
    except Exception as exc:  # the cluster's own close() below still stops everything, only slower
        log.debug("quick stop of the Dask workers failed (%s); closing the cluster normally", exc)
