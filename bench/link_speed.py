"""The link stage's CPU time per character on dev news, this checkout against others measured in the same run.

    python -m bench.link_speed --baseline-tree /tmp/b762 [--baseline-tree …] [--rounds R] [--repeat N]
                               [--limit N] [--mentions-dir DIR] [FILE …]

Each tree is measured by bench/link_timing.py in a subprocess that imports that checkout (PYTHONPATH and
working directory set to it; make one with `git worktree add /tmp/b762 b762e67`, outside /work/wt). Rounds
alternate between the trees and each tree's best time is kept: the machine is shared, so only the minimum of
several runs says something, and only as a ratio against a baseline timed in the same minutes. Per character:
each tree's normalizer and segmenter may make slightly different segments, so time is divided by its own
Chinese characters. With --mentions-dir, every tree's mentions are written there (one JSON line per segment)
for a byte-for-byte comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline.config import PROJECT_ROOT

SHARED = Path(os.environ.get("NEWSBRIDGE_SHARED") or PROJECT_ROOT.parent / "shared")
NEWS = SHARED / "data" / "news" / "zh-hans"
# Dev sources only (never the held-out ones): mainland telegraphs and US stocks in Chinese.
DEFAULT_FILES = (NEWS / "cls_telegraph_2026" / "cls_telegraph_2026-05.jsonl",
                 NEWS / "us_stocks_zh_2026" / "us_stocks_zh_2026.jsonl")
WORKER = Path(__file__).with_name("link_timing.py")


def measure(tree: Path, files: list[Path], repeat: int, limit: int, mentions: Path | None) -> dict:
    """One worker run in `tree`: its JSON line."""
    cmd = [sys.executable, str(WORKER), "--repeat", str(repeat), "--limit", str(limit), *map(str, files)]
    if mentions is not None:
        cmd += ["--mentions", str(mentions)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: worker failed\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(result["tree"]).resolve() != tree.resolve():
        raise SystemExit(f"{tree}: the worker imported {result['tree']} instead")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--baseline-tree", type=Path, action="append", default=[], required=True,
                        help="another checkout to time in the same run (repeatable); the first is the baseline")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per worker run")
    parser.add_argument("--limit", type=int, default=1500, help="documents per file (0: all)")
    parser.add_argument("--mentions-dir", type=Path)
    args = parser.parse_args()
    trees = [*args.baseline_tree, PROJECT_ROOT]
    best: dict[Path, dict] = {}
    for round_no in range(args.rounds):
        for i, tree in enumerate(trees):
            out = args.mentions_dir / f"mentions-{i}-{tree.name}.jsonl" if args.mentions_dir and round_no == 0 else None
            if out is not None:
                out.parent.mkdir(parents=True, exist_ok=True)
            result = measure(tree, args.files, args.repeat, args.limit, out)
            print(f"round {round_no + 1} {tree}: {result['seconds']:.3f}s "
                  f"({', '.join(f'{t:.3f}' for t in result['all'])})", file=sys.stderr)
            if tree not in best or result["seconds"] < best[tree]["seconds"]:
                best[tree] = result
    base = best[trees[0]]
    base_per_char = base["seconds"] / base["chars"]
    print(f"link stage on {', '.join(f.name for f in args.files)} (first {args.limit or 'all'} documents each), "
          f"best of {args.rounds}x{args.repeat} CPU-time passes")
    for tree in trees:
        r = best[tree]
        per_char = r["seconds"] / r["chars"]
        print(f"  {str(tree):<28} glossary {r['glossary']:>6} entries, {r['chars']} chars, {r['seconds']:.3f}s, "
              f"{r['chars'] / r['seconds'] / 1e6:.2f} M chars/s, per-char time / {trees[0].name} "
              f"{per_char / base_per_char:.3f}, {r['mentions']} mentions, digest {r['digest']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
