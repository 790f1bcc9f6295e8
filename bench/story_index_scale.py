"""Does the story index stay O(day) as the dataset grows? (issue 19, "Scale")

For each size (10k, 100k, 1M documents) an index file is filled with SYNTHETIC entries: random MinHash signatures
and random band keys (what real ones look like to SQLite: uniformly spread 64-bit keys), random exact hashes and
shingle counts, bulk-inserted in batches. Then a child process per size does one fixed "day": 2,000 invented
documents (random strings over 3,000 common Han characters, 1 in 10 a copy of an earlier one with punctuation
added, so exact and near matches both happen) are matched and committed against it. Printed per size: the day's
seconds (match + commit; the fastest of --repeat days, each on a fresh copy: the machine is shared),
the ratio to the 10k case (issue 19's target: <= 1.5 at 1M), microseconds per document
and the child's peak RSS (VmHWM,
see peak_rss_mb; resource.getrusage elsewhere), so the build's memory does not count.

    python -m bench.story_index_scale [--sizes 10000,100000,1000000] [--day 2000] [--dir DIR]

The filled indexes are kept in --dir (default a temporary directory, removed at the end) so a second run with the
same --dir skips the build.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from bench.dataset_append_scale import peak_rss_mb  # one definition of the bench peak-RSS rule
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import story_index as si

# The day's documents are published from this instant on (2026-06-01 00:00 UTC), one a minute; the synthetic
# entries over the YEARS before it.
DAY_START = 1_780_272_000
YEARS = 3
BATCH = 50_000  # rows per insert batch while filling: the build's memory stays bounded too
SEED = 19


def build(path: Path, size: int, doc_id: Callable[[int], str] = "syn-{}".format) -> None:
    """`size` synthetic documents, committed as run 1 (tmp file renamed into place when complete); `doc_id`
    names the document of row r (1-based), so a dataset's index can name the dataset's own ids."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    si.StoryIndex(partial).close()  # the schema and its parameters
    rng = np.random.default_rng(SEED)
    db = sqlite3.connect(partial, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    for start in range(0, size, BATCH):
        count = min(BATCH, size - start)
        rows = np.arange(start + 1, start + count + 1)
        sigs = rng.integers(0, 2**32, size=(count, fp.NUM_PERM), dtype=np.uint32)
        exact = rng.integers(0, 2**63, size=(count, 2), dtype=np.int64)
        shingles = rng.integers(40, 400, size=count)
        titles = rng.integers(0, 2**63, size=(count, 2), dtype=np.int64)
        numbers = np.sort(rng.integers(0, 10**6, size=(count, 6)), axis=1).astype(si.NUMBERS_DTYPE) / 100
        dates = rng.integers(0, 2**32, size=(count, 2), dtype=np.uint32)
        # Published over the YEARS before the day, in row order (a dataset grows by appending later days)
        published = DAY_START - YEARS * 365 * 86400 + (rows * (YEARS * 365 * 86400 // size))
        heads = rng.integers(-2**63, 2**63 - 1, size=count, dtype=np.int64)
        title_points = rng.integers(0x4E00, 0x4E00 + 3000, size=(count, 20), dtype=np.uint32)
        db.executemany("INSERT INTO docs (row, doc_id, story_id, run, exact, shingles, sig, numbers, dates, title, "
                       "published, head, title_text) VALUES (?,?,?,1,?,?,?,?,?,?,?,?,?)",
                       ((int(r), doc_id(int(r)), doc_id(int(r)), exact[i].tobytes(), int(shingles[i]),
                         sigs[i].tobytes(), numbers[i].tobytes(), dates[i].tobytes(), titles[i].tobytes(),
                         int(published[i]),
                         int(heads[i]), title_points[i].tobytes().decode("utf-32-le"))
                        for i, r in enumerate(rows)))
        keys = synthetic_band_keys(rng, published)
        pairs = sorted(zip(keys.ravel().tolist(), np.repeat(rows, si.BANDS).tolist(), strict=True))
        db.executemany("INSERT OR IGNORE INTO bands (key, row, run) VALUES (?, ?, 1)", pairs)
    db.execute("COMMIT")
    db.close()
    partial.rename(path)


def synthetic_band_keys(rng: np.random.Generator, published: np.ndarray) -> np.ndarray:
    """Random band keys (count x BANDS) as the index would make them for documents published at `published`."""
    hashes = rng.integers(0, 2**si.BAND_HASH_BITS, size=(len(published), si.BANDS), dtype=np.int64)
    buckets = np.array([si.bucket(int(p)) for p in published], dtype=np.int64)
    return (buckets[:, None] << si.BAND_HASH_BITS) | hashes


HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
PUNCT = "，。！？、；："


def day_documents(count: int) -> list[tuple[str, str, str]]:
    """The fixed day: invented texts, every 10th a punctuated copy of an earlier one (same for every size)."""
    rng = random.Random(SEED)
    docs: list[tuple[str, str, str]] = []
    for n in range(count):
        if n % 10 == 9:
            _, title, body = docs[rng.randrange(len(docs))]
            cut = len(body) // 2
            docs.append((f"day-{n}", title, body[:cut] + rng.choice(PUNCT) + body[cut:] + "。"))
            continue
        title = "".join(rng.choices(HAN, k=rng.randint(10, 25)))
        body = "".join(rng.choices(HAN, k=rng.randint(80, 400)))
        docs.append((f"day-{n}", title, body))
    return docs


def run_day(path: Path, count: int) -> dict[str, float]:
    """In the child: match and commit the day against the index at `path` (a copy, so each size starts equal)."""
    docs = day_documents(count)
    fp.fingerprint("预热", "预热一下")  # OpenCC and numpy loaded before timing
    index = si.StoryIndex(path)
    start = time.perf_counter()
    found = [index.match(*doc, published_at=datetime.fromtimestamp(DAY_START + 60 * n, timezone.utc))
             for n, doc in enumerate(docs)]
    matched = time.perf_counter()
    index.commit(2)
    done = time.perf_counter()
    index.close()
    return {"seconds": done - start, "match_seconds": matched - start, "commit_seconds": done - matched,
            "duplicates": sum(f is not None for f in found),
            "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--day", type=int, default=2000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="days per size (each on a fresh copy); the fastest")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_day(Path(args.child[0]), int(args.child[1]))))
        return
    work = args.dir or Path(tempfile.mkdtemp(prefix="story-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for size in (int(s) for s in args.sizes.split(",")):
            base = work / f"stories-{size}.sqlite"
            if not base.exists():
                started = time.perf_counter()
                build(base, size)
                print(f"built {size:,} synthetic entries in {time.perf_counter() - started:.0f} s", flush=True)
            trials = []
            for _ in range(args.repeat):
                trial = work / "trial.sqlite"
                shutil.copyfile(base, trial)
                out = subprocess.run([sys.executable, "-m", "bench.story_index_scale", "--child", str(trial),
                                      str(args.day)], capture_output=True, text=True, check=True)
                trial.unlink()
                trials.append(json.loads(out.stdout))
            result = min(trials, key=lambda t: t["seconds"])
            result["peak_rss_mb"] = max(t["peak_rss_mb"] for t in trials)
            results.append((size, result))
            ratio = result["seconds"] / results[0][1]["seconds"]
            print(f"{size:>9,} entries: day of {args.day:,} in {result['seconds']:.2f} s "
                  f"(match {result['match_seconds']:.2f}, commit {result['commit_seconds']:.2f}), "
                  f"{result['seconds'] / args.day * 1e6:.0f} µs/doc, ratio to {results[0][0]:,}: {ratio:.2f}, "
                  f"peak RSS {result['peak_rss_mb']:.0f} MB, {result['duplicates']} duplicates found",
                  flush=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
