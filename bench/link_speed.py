"""The link stage's CPU time per character on dev news, this checkout against others measured in the same run.

    python -m bench.link_speed --baseline-tree /tmp/b762 [--baseline-tree …] [--passes N] [--limit N]
                               [--mentions-dir DIR] [FILE …]

Each tree is measured by bench/link_timing.py in a subprocess that imports that checkout (PYTHONPATH and
working directory set to it; make one with `git worktree add /tmp/b762 b762e67`, outside /work/wt). The
workers are set up once, then timed pass by pass in turn (the order rotating every round), so every tree sees
the same load: the machine is shared, so only the best of many passes says something, and only as a ratio
against a baseline timed in the same minutes. Per character: each tree's normalizer and segmenter may make
slightly different segments, so a tree's time is divided by its own Chinese characters. With --mentions-dir,
every tree's mentions are written there (one JSON line per segment) for a byte-for-byte comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from pipeline.paths import PROJECT_ROOT, SHARED_DIR

SHARED = SHARED_DIR
NEWS = SHARED / "data" / "news" / "zh-hans"
# Dev sources only (never the held-out ones): mainland telegraphs and US stocks in Chinese.
DEFAULT_FILES = (NEWS / "cls_telegraph_2026" / "cls_telegraph_2026-05.jsonl",
                 NEWS / "us_stocks_zh_2026" / "us_stocks_zh_2026.jsonl")
WORKER = Path(__file__).with_name("link_timing.py")
DEFAULT_LIMIT = 1500  # documents per file: 3,000 documents, 560,834 Chinese characters


def start(tree: Path, files: list[Path], limit: int, mentions: Path | None) -> subprocess.Popen:
    cmd = [sys.executable, str(WORKER), "--limit", str(limit), *map(str, files)]
    if mentions is not None:
        cmd += ["--mentions", str(mentions)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.Popen(cmd, cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def read_line(tree: Path, worker: subprocess.Popen) -> str:
    assert worker.stdout is not None
    line = worker.stdout.readline()
    if not line:
        raise SystemExit(f"{tree}: the worker stopped (exit {worker.wait()})")
    return line.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--baseline-tree", type=Path, action="append", default=[], required=True,
                        help="another checkout to time in the same run (repeatable); the first is the baseline")
    parser.add_argument("--passes", type=int, default=15, help="timed passes per tree")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="documents per file (0: all)")
    parser.add_argument("--mentions-dir", type=Path)
    args = parser.parse_args()
    for line in compare([*args.baseline_tree, PROJECT_ROOT], args.files, args.passes, args.limit, args.mentions_dir):
        print(line)
    return 0


def compare(trees: list[Path], files: list[Path], passes: int, limit: int, mentions_dir: Path | None = None
            ) -> list[str]:
    """Time the trees' link stages pass by pass in turn; one line per tree, ratios against the first."""
    if mentions_dir:
        mentions_dir.mkdir(parents=True, exist_ok=True)
    workers = [start(tree, files, limit, mentions_dir / f"mentions-{i}-{tree.name}.jsonl" if mentions_dir else None)
               for i, tree in enumerate(trees)]
    for tree, worker in zip(trees, workers, strict=True):
        while read_line(tree, worker) != "ready":
            pass
    times: list[list[float]] = [[] for _ in trees]
    for round_no in range(passes):
        for k in range(len(trees)):
            i = (k + round_no) % len(trees)
            print("pass", file=workers[i].stdin, flush=True)
            times[i].append(float(read_line(trees[i], workers[i])))
    for tree, t in zip(trees, times, strict=True):
        print(f"{tree}: {' '.join(f'{x:.3f}' for x in t)}", file=sys.stderr)
    results = []
    for tree, worker in zip(trees, workers, strict=True):
        assert worker.stdin is not None
        worker.stdin.close()
        results.append(json.loads(read_line(tree, worker)))
        worker.wait()
    base = results[0]
    base_best = min(times[0]) / base["chars"]
    base_median = statistics.median(times[0]) / base["chars"]
    lines = [f"link stage on {', '.join(f.name for f in files)} (first {limit or 'all'} documents each), "
             f"{passes} CPU-time passes per tree, alternating"]
    for tree, r, t in zip(trees, results, times, strict=True):
        best, median = min(t) / r["chars"], statistics.median(t) / r["chars"]
        lines.append(f"  {str(tree):<20} glossary {r['glossary']:>6} entries, {r['chars']} chars, best {min(t):.3f}s "
                     f"({r['chars'] / min(t) / 1e6:.2f} M chars/s), per-char time / {trees[0].name}: best "
                     f"{best / base_best:.3f}, median {median / base_median:.3f}; {r['mentions']} mentions, "
                     f"digest {r['digest']}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
