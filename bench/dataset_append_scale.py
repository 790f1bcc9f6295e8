"""Does appending a day to a dataset cost time proportional to the day, not to the dataset (issue 19, part 4)?

    .venv/bin/python -m bench.dataset_append_scale [--work DIR] [--sizes 10000,100000,1000000] [--repeat 3]

For each size, a dataset is pre-filled with that many synthetic documents (bulk Delta appends of PREFILL_CHUNK
documents, then one commit_run that pins them), then a fixed synthetic day of DAY_DOCS documents is committed
into it `--repeat` times, each in a fresh process: the time of Dataset.open + commit_run, the peak RSS of that
process, and the time of `ids.contains` for the day's ids (half present, half not). Prints a Markdown table with
each size's time as a ratio to the smallest size's. Pass `--files-per-run` to pre-fill with one Delta commit per
DAY_DOCS documents instead (what a dataset grown day by day looks like: many files, a long log), and `--compact`
to compact each pre-filled dataset first with `newsbridge dataset compact` (a copy of it: the uncompacted one stays
for a run without the flag), whose time and file counts are printed to standard error.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake

from bench.dataset_synthetic import doc_ids, stage_run, tables
from pipeline.dataset.layout import TABLES, table_dir
from pipeline.dataset.store import APP_ID, Dataset

DAY_DOCS = 2_000
# The day's documents are news-sized (about what a dev-news document gives: 20 segments of ~80 characters, 8
# mentions); the pre-filled ones are light (the append never reads old rows, so their size does not matter).
DAY_SHAPE = {"segments": 20, "mentions": 8, "pad": 60}
PREFILL_CHUNK = 50_000
SIZES = (10_000, 100_000, 1_000_000)


def prefill(path: Path, size: int, *, chunk: int) -> None:
    """A dataset of `size` synthetic documents, committed as its run 1."""
    staging = path.parent / f".{path.name}-staging"
    with Dataset.open(path, create=True) as dataset:
        properties = CommitProperties(app_transactions=[Transaction(APP_ID, 1)])
        start = 0
        while size - start > chunk:
            ids = doc_ids("p", start, chunk)
            for name, table in tables(ids, duplicate_every=7).items():
                write_deltalake(table_dir(path, name), table, mode="append", commit_properties=properties)
            dataset.ids.add_many(ids, 1)
            start += chunk
        ids = doc_ids("p", start, size - start)
        manifest = stage_run(staging, ids, duplicate_every=7)
        dataset.commit_run(staging, manifest, mode="append", new_ids=ids)
    shutil.rmtree(staging)
    for name in TABLES:  # what a long-lived dataset would have: the log read from a checkpoint
        DeltaTable(table_dir(path, name)).create_checkpoint()


def compacted_copy(path: Path) -> Path:
    """A copy of the dataset at `path`, compacted by the command a user runs (in a child process: its time)."""
    target = path.with_name(f"{path.name}-compacted")
    if (target / "manifest.json").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(path, target, symlinks=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "dataset", "compact", str(target)], capture_output=True,
                          text=True, check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # of every child so far: an upper bound
    print(f"{done.stdout.strip()} (wall {time.perf_counter() - t0:.1f} s, peak RSS of children so far "
          f"{peak:.0f} MB)", file=sys.stderr)
    return target


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM, which starts afresh at exec. (ru_maxrss does not on Linux: a child forked
    from a parent that had just pre-filled a million documents would report the parent's peak.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, tag: str) -> dict[str, float]:
    """One day committed in this process: seconds of open + commit, of the id look-ups, and the peak RSS."""
    staging = path.parent / f".{path.name}-day-{tag}"
    ids = doc_ids(f"day{tag}-", 0, DAY_DOCS)
    manifest = stage_run(staging, ids, **DAY_SHAPE)
    t0 = time.perf_counter()
    with Dataset.open(path, create=False) as dataset:
        t1 = time.perf_counter()
        probes = doc_ids("p", 0, DAY_DOCS // 2) + doc_ids("absent", 0, DAY_DOCS // 2)
        found = sum(dataset.ids.contains(doc_id) for doc_id in probes)
        t2 = time.perf_counter()
        result = dataset.commit_run(staging, manifest, mode="append", new_ids=ids)
    t3 = time.perf_counter()
    shutil.rmtree(staging)
    return {"open_s": t1 - t0, "contains_s": t2 - t1, "commit_s": t3 - t2, "append_s": (t1 - t0) + (t3 - t2),
            "found": found, "documents": result["counts"]["documents"],
            "rss_mb": peak_rss_mb(),
            "log_versions": DeltaTable(table_dir(path, "documents")).version(),
            "files": len(DeltaTable(table_dir(path, "documents")).file_uris())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsbridge-dataset-bench"))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files-per-run", action="store_true",
                        help=f"pre-fill with one commit per {DAY_DOCS} documents (slower to build)")
    parser.add_argument("--compact", action="store_true",
                        help="compact each pre-filled dataset (a copy) with `newsbridge dataset compact` first")
    parser.add_argument("--measure", nargs=2, metavar=("DATASET", "TAG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return 0
    chunk = DAY_DOCS if args.files_per_run else PREFILL_CHUNK
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        path = args.work / f"ds-{size}-{chunk}"
        if not (path / "manifest.json").is_file():
            shutil.rmtree(path, ignore_errors=True)
            t0 = time.perf_counter()
            prefill(path, size, chunk=chunk)
            print(f"pre-filled {size:,} documents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if args.compact:
            path = compacted_copy(path)
        runs = []
        for attempt in range(args.repeat):
            done = subprocess.run([sys.executable, "-m", "bench.dataset_append_scale", "--measure", str(path),
                                   f"{time.time_ns()}-{attempt}"], capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout))
        rows.append((size, runs))
    base = statistics.median(r["append_s"] for r in rows[0][1])
    best = min(r["append_s"] for r in rows[0][1])
    print(f"| documents before | append of {DAY_DOCS:,} (median s) | ratio | ratio of the fastest | "
          f"open s | peak RSS MB (median / max) | "
          f"contains ×{DAY_DOCS:,} ms | documents/_delta_log version | files |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, runs in rows:
        append = statistics.median(r["append_s"] for r in runs)
        fastest = min(r["append_s"] for r in runs)
        print(f"| {size:,} | {append:.2f} | {append / base:.2f} | {fastest / best:.2f} | "
              f"{statistics.median(r['open_s'] for r in runs):.2f} | "
              f"{statistics.median(r['rss_mb'] for r in runs):.0f} / "
              f"{max(r['rss_mb'] for r in runs):.0f} | "
              f"{statistics.median(r['contains_s'] for r in runs) * 1000:.1f} | {runs[-1]['log_versions']} | "
              f"{runs[-1]['files']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
