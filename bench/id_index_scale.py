"""What the id index's forget_after costs on every open of a dataset, before and after its run index
(pipeline/dataset/ids.py), at 10k, 100k and 1M ids.

    .venv/bin/python -m bench.id_index_scale [--sizes 10000,100000,1000000] [--repeat 5] [--work DIR]

For each size an ids file is filled as a dataset grown by days would fill it (runs of DAY_IDS ids each) without
the run index, as before. Measured on it, median of `--repeat`: forget_after when nothing is to be forgotten (every
ordinary open) as before (the DELETE scanning the table), the one-time creation of the run index (what the first
open of an older dataset pays), then with the index: forget_after with nothing to forget and with one killed run
of DAY_IDS ids to forget, a day's add_many before and after, and the file's size.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.dataset.ids import INSERT_CHUNK, SCHEMA, IdIndex

DAY_IDS = 2_000  # bench/dataset_append_scale.py's day
SIZES = (10_000, 100_000, 1_000_000)


def day_ids(run: int) -> list[str]:
    return [f"src-{run:06d}-{n:05d}" for n in range(DAY_IDS)]


def fill_without_run_index(path: Path, size: int) -> int:
    """`size` ids in runs of DAY_IDS, in the table as it was before the run index; returns the last run."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(SCHEMA)
    db.execute("BEGIN")
    runs = size // DAY_IDS
    for run in range(1, runs + 1):
        ids = day_ids(run)
        for start in range(0, len(ids), INSERT_CHUNK):
            db.executemany("INSERT INTO ids (doc_id, run) VALUES (?, ?)", ((i, run) for i in ids[start:start +
                                                                                                 INSERT_CHUNK]))
    db.execute("COMMIT")
    db.close()
    return runs


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def add_day_without_index(path: Path, run: int) -> float:
    """A day's add_many as it was (no run index to keep); the seconds it took. The day is removed after, untimed."""
    db = sqlite3.connect(path, isolation_level=None)
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR IGNORE INTO ids (doc_id, run) VALUES (?, ?)", ((i, run) for i in day_ids(run)))
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.execute("DELETE FROM ids WHERE run = ?", (run,))
    db.close()
    return seconds


def measure(work: Path, size: int, repeat: int) -> dict[str, float]:
    old = work / f"old-{size}.sqlite"
    last = fill_without_run_index(old, size)
    db = sqlite3.connect(old, isolation_level=None)
    # forget_after as it was: DELETE … WHERE run > ? on a table without an index on run (reads every id)
    scan = median_seconds(lambda: db.execute("DELETE FROM ids WHERE run > ?", (last,)), repeat)
    db.close()
    row = {"before: forget nothing (s)": scan,
           "before: add a day (s)": statistics.median(add_day_without_index(old, last + 1) for _ in range(repeat)),
           "size before (MB)": old.stat().st_size / 2**20}
    new = work / f"new-{size}.sqlite"
    shutil.copyfile(old, new)
    started = time.perf_counter()
    IdIndex(new).close()  # the first open of an older dataset: creates the run index
    row["index made once (s)"] = time.perf_counter() - started
    with IdIndex(new) as ids:
        row["after: forget nothing (s)"] = median_seconds(lambda: ids.forget_after(last), repeat)
        adds, forgets = [], []
        for _ in range(repeat):  # a killed run's day added, then forgotten as the next open does
            started = time.perf_counter()
            ids.add_many(day_ids(last + 1), last + 1)
            adds.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert ids.forget_after(last) == DAY_IDS
            forgets.append(time.perf_counter() - started)
        row["after: add a day (s)"] = statistics.median(adds)
        row["after: forget a day (s)"] = statistics.median(forgets)
    row["size after (MB)"] = new.stat().st_size / 2**20
    old.unlink()
    new.unlink()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-ids-", dir=args.work))
    try:
        rows = {int(size): measure(work, int(size), args.repeat) for size in args.sizes.split(",")}
    finally:
        shutil.rmtree(work)
    columns = list(next(iter(rows.values())))
    print("| ids | " + " | ".join(columns) + " |\n|---|" + "---|" * len(columns))
    for size, row in rows.items():
        print(f"| {size:,} | " + " | ".join(f"{row[c]:.4f}" if "(s)" in c else f"{row[c]:.1f}" for c in columns)
              + " |")


if __name__ == "__main__":
    main()
