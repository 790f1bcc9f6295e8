"""The engines on real processes: an in-process loop, a spawn process pool and a 2-worker Dask LocalCluster.

The task functions live at module level so that worker processes import them by reference, as they import the
runner's shard worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time

import psutil
import pytest

from pipeline import engines
from pipeline.engines import EngineError, EngineOptions, WorkerLost, run_tasks

TASKS = 10
WORKERS = 2
# Long enough that a task is surely still running when the test stops the run, far longer than any stop may take.
LONG_TASK_S = 60.0
# A pool stops at once; a busy Dask worker gets a second, then the cluster closes (tens of ms on a quiet machine).
POOL_STOP_S = 5.0
DASK_STOP_S = 8.0
SCHEDULER_TIMEOUT_S = 1.0
INTERRUPT_AFTER_S = 0.5

_calls_in_this_process = 0

INLINE = EngineOptions()
POOL = EngineOptions(workers=WORKERS)
DASK = EngineOptions(engine="dask", workers=WORKERS)
ENGINES = [pytest.param(INLINE, id="inline"), pytest.param(POOL, id="pool"), pytest.param(DASK, id="dask")]


def whoami(task: int) -> tuple[int, int, int]:
    """The task's square, the process that ran it and how many tasks that process has run so far."""
    global _calls_in_this_process
    _calls_in_this_process += 1
    time.sleep(0.02)  # so that one fast worker cannot take every task before the other has started
    return task * task, os.getpid(), _calls_in_this_process


def fail_on_three(task: int) -> int:
    if task == 3:
        raise ValueError("task three is bad")
    return task


def sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def exit_process(task: int) -> int:
    """A worker killed under a task, as the kernel's OOM killer would."""
    os._exit(task + 1)


def _new_children(before: set[int]) -> list[psutil.Process]:
    """Our child processes started since `before`, less multiprocessing's resource tracker (one per parent)."""
    alive = []
    for child in psutil.Process().children(recursive=True):
        if child.pid in before:
            continue
        with contextlib.suppress(psutil.NoSuchProcess):
            if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                alive.append(child)
    return alive


@pytest.fixture
def children_before() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


@pytest.mark.parametrize("options", ENGINES)
def test_every_result_arrives_once_and_workers_are_reused(options: EngineOptions, children_before: set[int]) -> None:
    results = dict(run_tasks(whoami, list(range(TASKS)), options))
    assert sorted(results) == list(range(TASKS))
    assert [results[index][0] for index in range(TASKS)] == [index * index for index in range(TASKS)]
    pids = {pid for _, pid, _ in results.values()}
    in_process = options.engine == "local" and options.workers == 1
    assert (pids == {os.getpid()}) if in_process else (os.getpid() not in pids and len(pids) <= options.workers)
    # A per-process cache pays off only if a process runs more than one task.
    assert max(count for _, _, count in results.values()) > 1
    assert multiprocessing.active_children() == []
    assert _new_children(children_before) == []


def test_inline_runs_in_task_order() -> None:
    assert [index for index, _ in run_tasks(whoami, [5, 4, 3], INLINE)] == [0, 1, 2]


@pytest.mark.parametrize("options", ENGINES)
def test_a_failing_task_is_named_and_the_workers_stop(options: EngineOptions, children_before: set[int]) -> None:
    with pytest.raises(ValueError, match="task three is bad") as caught:
        list(run_tasks(fail_on_three, list(range(6)), options))
    assert any("task 3: 3" in note for note in getattr(caught.value, "__notes__", []))
    assert multiprocessing.active_children() == []
    assert _new_children(children_before) == []


@pytest.mark.parametrize(("options", "limit"), [(POOL, POOL_STOP_S), (DASK, DASK_STOP_S)], ids=["pool", "dask"])
def test_closing_early_stops_running_tasks(options: EngineOptions, limit: float, children_before: set[int]) -> None:
    with contextlib.closing(run_tasks(sleep_for, [0.0, LONG_TASK_S, LONG_TASK_S], options)) as results:
        assert next(results) == (0, 0.0)
        started = time.monotonic()
    assert time.monotonic() - started < limit
    assert multiprocessing.active_children() == []
    assert _new_children(children_before) == []


@pytest.mark.parametrize(("options", "limit"), [(POOL, POOL_STOP_S), (DASK, DASK_STOP_S)], ids=["pool", "dask"])
def test_ctrl_c_stops_everything(options: EngineOptions, limit: float, children_before: set[int]) -> None:
    # SIGINT to this process only, as a terminal's Ctrl-C reaches the parent, once the first task is back and
    # the engine is waiting for the long ones. Python's own Ctrl-C handler first: a test run earlier in this
    # worker process may have stopped a run in-process, after which interrupts.signals_as_exceptions leaves
    # SIGINT ignored on purpose (a process that is stopping), and the signal would never arrive.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(INTERRUPT_AFTER_S, os.kill, (os.getpid(), signal.SIGINT))
    try:
        with pytest.raises(KeyboardInterrupt), contextlib.closing(
            run_tasks(sleep_for, [0.0, LONG_TASK_S, LONG_TASK_S], options)
        ) as results:
            for _ in results:
                timer.start()
                started = time.monotonic()
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < INTERRUPT_AFTER_S + limit
    assert multiprocessing.active_children() == []
    assert _new_children(children_before) == []


def test_a_dead_pool_worker_is_an_error_not_a_hang(children_before: set[int]) -> None:
    # Workers that keep dying: the pool is restarted POOL_RESTARTS times, then one error (issue 20).
    with pytest.raises(WorkerLost, match=r"^a worker process died \d+ times .*; 2 of 2 shard\(s\) unfinished$"):
        list(run_tasks(exit_process, [0, 1], POOL))
    assert multiprocessing.active_children() == []
    assert _new_children(children_before) == []


def test_a_running_scheduler_is_used_and_left_running() -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        options = EngineOptions(engine="dask", scheduler=cluster.scheduler_address)
        results = dict(run_tasks(whoami, [1, 2, 3], options))
        assert sorted(value for value, _, _ in results.values()) == [1, 4, 9]
        assert len({pid for _, pid, _ in results.values()}) == 1
        assert len(cluster.scheduler_info["workers"]) == 1  # our client left, the cluster did not go with it


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not an address::"])
def test_an_unreachable_scheduler_is_an_engine_error(address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT_S", SCHEDULER_TIMEOUT_S)
    started = time.monotonic()
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler"):
        next(run_tasks(whoami, [1], EngineOptions(engine="dask", scheduler=address)))
    assert time.monotonic() - started < SCHEDULER_TIMEOUT_S + 5.0


@pytest.mark.parametrize(
    ("engine", "workers", "scheduler", "message"),
    [
        ("local", 0, None, "workers must be"),
        ("dask", -2, None, "workers must be"),
        ("local", 1.5, None, "workers must be"),
        ("spark", 2, None, "unknown engine"),
        ("local", 2, "tcp://127.0.0.1:8786", "needs the dask engine"),
        ("dask", 1, " ", "empty"),
    ],
)
def test_bad_options_fail_when_built(engine: str, workers: int, scheduler: str | None, message: str) -> None:
    with pytest.raises(EngineError, match=message):
        EngineOptions(engine=engine, workers=workers, scheduler=scheduler)


def test_more_workers_than_tasks_or_cores_is_allowed() -> None:
    many = (os.cpu_count() or 1) + 2
    assert sorted(run_tasks(sleep_for, [0.0, 0.0], EngineOptions(workers=many))) == [(0, 0.0), (1, 0.0)]


@pytest.mark.parametrize("options", ENGINES)
def test_no_tasks_starts_nothing(options: EngineOptions) -> None:
    assert list(run_tasks(whoami, [], options)) == []
