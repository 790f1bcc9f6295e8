"""Every open of a dataset forgets the ids of runs its manifest does not name (IdIndex.forget_after): the work is
that of the ids forgotten, not of the ids kept, so an append to a big dataset does not read every id first. Counted
in SQLite's own VM steps (a progress handler), which are deterministic, not in seconds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.dataset.ids import SCHEMA, IdIndex

DAY = 500
STEPS = 50  # the progress handler's granularity (VM instructions per call)


def _fill(ids: IdIndex, runs: int) -> None:
    for run in range(1, runs + 1):
        ids.add_many((f"r{run}-{n}" for n in range(DAY)), run)


def _steps_of_forget(ids: IdIndex, run: int) -> tuple[int, int]:
    """(VM steps / STEPS, ids forgotten) of ids.forget_after(run)."""
    calls = [0]

    def count() -> int:
        calls[0] += 1
        return 0

    ids._db.set_progress_handler(count, STEPS)
    try:
        forgotten = ids.forget_after(run)
    finally:
        ids._db.set_progress_handler(None, STEPS)
    return calls[0], forgotten


def test_forgetting_nothing_costs_the_same_in_a_small_and_a_ten_times_bigger_index(tmp_path: Path) -> None:
    with IdIndex(tmp_path / "small.sqlite") as small, IdIndex(tmp_path / "big.sqlite") as big:
        _fill(small, 2)
        _fill(big, 20)
        assert _steps_of_forget(small, 2) == _steps_of_forget(big, 20) == (0, 0)


def test_forgetting_a_killed_run_costs_that_run_not_the_dataset(tmp_path: Path) -> None:
    steps = []
    for runs in (2, 20):
        with IdIndex(tmp_path / f"{runs}.sqlite") as ids:
            _fill(ids, runs + 1)  # the last run: an append killed before the manifest named it
            taken, forgotten = _steps_of_forget(ids, runs)
            assert forgotten == DAY and ids.count() == runs * DAY and not ids.contains(f"r{runs + 1}-0")
            steps.append(taken)
    assert steps[1] <= steps[0] * 1.2  # log n, not n: 10 times the ids, about the same work


def test_an_index_made_before_the_run_index_gets_it_and_forgets_as_before(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(SCHEMA)
    db.executemany("INSERT INTO ids VALUES (?, ?)", [("a", 1), ("b", 1), ("c", 2)])
    db.commit()
    db.close()
    with IdIndex(path) as ids:
        assert ids.forget_after(1) == 1 and ids.count() == 2 and not ids.contains("c")
        assert _steps_of_forget(ids, 1) == (0, 0)
