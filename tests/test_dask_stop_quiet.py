"""A worker of our own Dask cluster that loses the scheduler while the run stops says nothing (issue 20: no
traceback under a fault); every other worker message still shows."""

from __future__ import annotations

import logging

from pipeline.engines import _SchedulerGoneAtStop


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, message, None, None)


def test_the_heartbeat_error_of_a_stopped_cluster_is_dropped() -> None:
    assert not _SchedulerGoneAtStop().filter(_record("Failed to communicate with scheduler during heartbeat."))


def test_other_worker_errors_still_show() -> None:
    for message in ("Compute Failed", "Worker exceeded 95% memory budget", "heartbeat"):
        assert _SchedulerGoneAtStop().filter(_record(message))
