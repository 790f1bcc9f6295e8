"""What bringing a stories-v6 index to v7 costs when its dataset is opened (pipeline/dataset/republish.py): the
documents table's source and url read, each row's publisher key and `timed` written, in one transaction.

    python -m bench.story_upgrade_cost [--sizes 10000,100000] [--dir /tmp/newsbridge-upgrade-cost]

Per size, a dataset of N synthetic documents (bench/dataset_append_scale.prefill) and a story index naming the same
ids (bench/story_index_scale.build) are built, the index is turned back into a v6 file (its two v7 columns dropped,
the v6 schema named; not timed), and the upgrade is timed: seconds in all and per 1,000 documents.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from pathlib import Path

from bench import story_index_scale
from bench.dataset_append_scale import prefill
from bench.dataset_synthetic import doc_ids
from pipeline.dataset.republish import dataset_publishers, republish
from pipeline.dedupe.story_index import SCHEMA, V6_SCHEMA

CHUNK = 50_000  # documents per Delta append while the dataset is built


def make_v6(index: Path) -> None:
    with sqlite3.connect(index) as db:
        for column in ("publisher", "timed"):
            db.execute(f"ALTER TABLE docs DROP COLUMN {column}")
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (V6_SCHEMA,))
    db.close()


def measure(root: Path, size: int) -> float:
    """Seconds of the upgrade of a v6 index of `size` documents, read from its dataset."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    dataset, index = root / "dataset", root / "stories.sqlite"
    prefill(dataset, size, chunk=CHUNK)
    ids = doc_ids("p", 0, size)
    story_index_scale.build(index, size, lambda row: ids[row - 1])
    make_v6(index)
    start = time.perf_counter()
    assert republish(index, lambda: dataset_publishers(dataset))
    seconds = time.perf_counter() - start
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA
        assert db.execute("SELECT count(*) FROM docs WHERE publisher = ''").fetchone()[0] == 0
    db.close()
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/newsbridge-upgrade-cost"))
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        seconds = measure(args.dir / str(size), size)
        print(f"{size:>9,} documents: upgrade {seconds:.2f} s, {seconds / size * 1000 * 1000:.1f} ms per 1,000")
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
