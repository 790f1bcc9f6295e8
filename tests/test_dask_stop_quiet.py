"""A worker of our own Dask cluster that loses the scheduler while the run stops says nothing, nor does one whose task
raised, which the run reports itself (issue 20: no traceback under a fault); every other worker message still
shows."""

from __future__ import annotations

import logging

from pipeline.engines import _REPORTED_BY_THE_RUN, _SCHEDULER_GONE_AT_STOP


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, message, None, None)


def test_the_heartbeat_error_of_a_stopped_cluster_is_dropped() -> None:
    assert not _SCHEDULER_GONE_AT_STOP.filter(_record("Failed to communicate with scheduler during heartbeat."))


def test_the_compute_failed_record_of_a_task_the_run_reports_is_dropped() -> None:
    failed = _record("Compute Failed\nKey:       process_shard-1\nState:     executing\nTraceback: '  File ...'")
    assert not _REPORTED_BY_THE_RUN.filter(failed)


def test_other_worker_errors_still_show() -> None:
    for message in ("Compute Failed", "Worker exceeded 95% memory budget", "heartbeat"):
        assert _SCHEDULER_GONE_AT_STOP.filter(_record(message))
    for message in ("Worker exceeded 95% memory budget", "Failed to communicate with scheduler during heartbeat."):
        assert _REPORTED_BY_THE_RUN.filter(_record(message))
