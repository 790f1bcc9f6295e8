"""Every link of the link stage on the dev sources, this checkout against another: identical or not, and where.

    python -m bench.link_diff --baseline-tree /tmp/base [--out-dir DIR [--reuse-baseline]] [FILE …]

A change meant to make the stage faster must not change a single link. Each tree links the files once in a
subprocess that imports that checkout (bench/link_timing.py, as bench/link_speed.py runs it, with no timed pass)
and writes every segment's mentions, one JSON line per segment; the lines are compared in order. The default
files are the dev sources whole (never the held-out ones): cls_telegraph_2026, us_stocks_zh_2026 and the cnyes
headlines. With --out-dir the two files stay there, and --reuse-baseline reads the baseline's file again
instead of linking the files with it (one baseline, many tries). Exit status 0 when every line is equal, 1
otherwise (the first differing segments are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.paths import PROJECT_ROOT, SHARED_DIR

NEWS = SHARED_DIR / "data" / "news"
WORKER = Path(__file__).with_name("link_timing.py")
SHOWN = 10  # differing segments printed


def dev_files() -> list[Path]:
    """The dev sources a speed change is checked on, whole."""
    return [*sorted((NEWS / "zh-hans" / "cls_telegraph_2026").glob("*.jsonl")),
            *sorted((NEWS / "zh-hans" / "us_stocks_zh_2026").glob("*.jsonl")),
            *sorted((NEWS / "zh-hant").glob("cnyes_headlines_*.csv"))]


def link_all(tree: Path, files: list[Path], out: Path) -> dict:
    """The tree's mentions of every segment of the files, written to `out`; its summary line (count, digest)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, str(WORKER), "--mentions", str(out), *map(str, files)], cwd=tree,
                          env=env, input="", stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def differences(before: Path, after: Path) -> tuple[int, list[str]]:
    """How many segment lines differ, and the first SHOWN of them (both versions)."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    shown: list[str] = []
    count = abs(len(old) - len(new))
    for a, b in zip(old, new, strict=False):
        if a != b:
            count += 1
            if len(shown) < SHOWN:
                shown += [f"- {a}", f"+ {b}"]
    return count, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--baseline-tree", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--out-dir", type=Path, help="where the two mention files go (default: a temporary one)")
    parser.add_argument("--reuse-baseline", action="store_true", help="keep the baseline's mentions in --out-dir")
    args = parser.parse_args()
    if args.reuse_baseline and not args.out_dir:
        parser.error("--reuse-baseline needs --out-dir")
    files = args.files or dev_files()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        before, after = out_dir / "mentions-baseline.jsonl", out_dir / "mentions-this.jsonl"
        summary = out_dir / "baseline-summary.json"
        if args.reuse_baseline and summary.exists() and before.exists():
            base = json.loads(summary.read_text(encoding="utf-8"))
        else:
            base = link_all(args.baseline_tree, files, before)
            summary.write_text(json.dumps(base), encoding="utf-8")
        this = link_all(PROJECT_ROOT, files, after)
        count, shown = differences(before, after)
    print(f"{len(files)} files, {this['docs']} documents: baseline {base['mentions']} mentions "
          f"(digest {base['digest']}), this checkout {this['mentions']} (digest {this['digest']}); "
          f"{count} segments differ")
    print("\n".join(shown))
    return 0 if count == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
