"""The summary's times say what they are: the run's wall clock with the steps the runner timed itself, and the
shards' work per step, summed over shards and workers (so with 2 workers it can be more than the wall clock:
"time 31.66s" beside "translate 32.50s" was read as a bug)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.summary import time_lines

SECONDS = {"glossary": 0.5, "plan": 0.2, "read": 0.31, "write": 0.4, "translate": 32.5, "merge": 0.86,
           "total": 31.66}


def _manifest(seconds: dict[str, float], shards: int, workers: int, scheduler: str | None = None) -> dict[str, Any]:
    return {"seconds": seconds, "shards": {"count": shards, "workers": workers},
            "config": {"scheduler": scheduler}}


TIMES = [
    (_manifest(SECONDS, 19, 2), [
        "  time 31.66s wall clock: glossary 0.50s, plan 0.20s, merge 0.86s",
        "  shard work 33.21s summed over 19 shard(s) on 2 worker(s): read 0.31s, write 0.40s, translate 32.50s"]),
    (_manifest(SECONDS, 1, 1), [
        "  time 31.66s wall clock: glossary 0.50s, plan 0.20s, merge 0.86s",
        "  shard work 33.21s summed over 1 shard(s) on 1 worker(s): read 0.31s, write 0.40s, translate 32.50s"]),
    (_manifest(SECONDS, 4, 2, "tcp://10.0.0.5:8786"), [
        "  time 31.66s wall clock: glossary 0.50s, plan 0.20s, merge 0.86s",
        "  shard work 33.21s summed over 4 shard(s) on a Dask cluster: read 0.31s, write 0.40s, translate 32.50s"]),
    (_manifest({"total": 1.0}, 1, 1), ["  time 1.00s wall clock"]),  # an older manifest, or nothing timed
]


@pytest.mark.parametrize(("manifest", "expected"), TIMES)
def test_wall_clock_and_summed_work_are_labelled(manifest: dict[str, Any], expected: list[str]) -> None:
    assert time_lines(manifest) == expected
