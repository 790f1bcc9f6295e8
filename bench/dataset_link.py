"""What hard-linking a staged table into the dataset saves on a big day (pipeline/dataset/files.link_file).

    .venv/bin/python -m bench.dataset_link [--work DIR] [--mb 90] [--repeat 3]

Stages one synthetic run whose documents.parquet is about `--mb` MB (incompressible bodies; under the table file
size, so it goes in whole) in `--work` (the dataset's filesystem) and a copy of it on /dev/shm (another
filesystem, where the link is refused with EXDEV and the file is copied). Times, median of `--repeat`:
- the table step alone, on one filesystem: link_file against the copy main made before (shutil.copyfile + fsync);
- the whole Dataset.open + commit_run into a fresh dataset, staged on one filesystem (linked) or on the other
  (copied).
Each is printed with its ratio to the linked one, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.dataset_synthetic import doc_ids, stage_run
from pipeline.dataset.files import link_file
from pipeline.dataset.store import Dataset
from pipeline.io.outdir import _fsync_dir
from pipeline.io.writers import ROW_GROUP_ROWS

OTHER_FILESYSTEM = Path("/dev/shm")
BODY_BYTES = 4096  # per document, random hex: snappy finds nothing to compress
DOCS_PER_MB = 1024 * 1024 // (2 * BODY_BYTES)  # body_zh and body_en


def stage_big(staging: Path, mb: int) -> list[str]:
    """A staged run whose documents.parquet holds about `mb` MB of incompressible bodies."""
    ids = doc_ids("big", 0, mb * DOCS_PER_MB)
    manifest = stage_run(staging, ids)
    documents = pq.read_table(staging / "documents.parquet")
    for column in ("body_zh", "body_en"):
        bodies = pa.array([os.urandom(BODY_BYTES // 2).hex() for _ in ids], pa.string())
        documents = documents.set_column(documents.schema.get_field_index(column), column, bodies)
    pq.write_table(documents, staging / "documents.parquet", row_group_size=ROW_GROUP_ROWS)
    (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return ids


def old_copy(directory: Path, source: Path) -> Path:
    """What the dataset did before link_file: a copy of the staged file, fsynced."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"part-copy-{time.monotonic_ns()}.parquet"
    shutil.copyfile(source, path)
    with open(path, "rb") as copied:
        os.fsync(copied.fileno())
    _fsync_dir(directory)
    return path


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def commit(dataset: Path, staging: Path, ids: list[str]) -> None:
    with Dataset.open(dataset, create=True) as opened:
        opened.commit_run(staging, json.loads((staging / "manifest.json").read_text()),
                          mode="append", new_ids=ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None, help="where the datasets go (default: a temp dir)")
    parser.add_argument("--mb", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-link-", dir=args.work))
    other = Path(tempfile.mkdtemp(prefix="bench-link-", dir=OTHER_FILESYSTEM)) if OTHER_FILESYSTEM.is_dir() and \
        OTHER_FILESYSTEM.stat().st_dev != work.stat().st_dev else None
    try:
        ids = stage_big(work / "staging", args.mb)
        staged = work / "staging" / "documents.parquet"
        print(f"documents.parquet {staged.stat().st_size / 2**20:.1f} MB, {len(ids)} documents")
        if other is not None:
            shutil.copytree(work / "staging", other / "staging")
        rows: dict[str, list[float]] = {"table step: link_file (one filesystem)": [],
                                        "table step: copy + fsync (before)": [],
                                        "commit_run, staged on the dataset's filesystem (linked)": [],
                                        "commit_run, staged on /dev/shm (copied: EXDEV)": []}
        keys = list(rows)
        for n in range(args.repeat):
            rows[keys[0]].append(timed(lambda n=n: link_file(work / f"linked{n}", staged)))
            rows[keys[1]].append(timed(lambda n=n: old_copy(work / f"copied{n}", staged)))
            rows[keys[2]].append(timed(lambda n=n: commit(work / f"ds-link{n}", work / "staging", ids)))
            if other is not None:
                rows[keys[3]].append(timed(lambda n=n: commit(work / f"ds-copy{n}", other / "staging", ids)))
        print(f"\n| what (median of {args.repeat}) | seconds | ratio |\n|---|---|---|")
        for pair in (keys[:2], keys[2:]):
            base = statistics.median(rows[pair[0]])
            for key in pair:
                if rows[key]:
                    median = statistics.median(rows[key])
                    print(f"| {key} | {median:.3f} | {median / base:.1f} |")
    finally:
        shutil.rmtree(work)
        if other is not None:
            shutil.rmtree(other)


if __name__ == "__main__":
    main()
