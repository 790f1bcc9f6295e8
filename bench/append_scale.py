"""Does a whole `newsbridge run --append` of a fixed day cost the same against 10k, 100k and 1M documents?
(issue 19, part 4: time ratio <= 1.5 from the smallest to the largest, peak RSS the same)

    NEWSBRIDGE_SHARED=/work/shared .venv/bin/python -m bench.append_scale [--sizes 10000,100000,1000000]
        [--repeat 3] [--dir /tmp/newsbridge-append-scale] [--day-records 500]

bench/dataset_append_scale.py times the Delta commit alone and bench/story_index_scale.py the story index alone;
this one times the real command. Per size, a valid dataset of N synthetic documents is built once and cached in
--dir (rebuilt when absent): its Delta tables, id index and manifest as dataset_append_scale.prefill leaves them
(one run), and a story index of N entries filled as story_index_scale.build fills one, naming the same ids. Each
trial copies it (`cp -a --reflink=auto`, then fsyncs the copy; neither timed) and runs `python -m pipeline -q run
DAY --out COPY --append --translator gloss --translation-memory off --glossaries glossaries` in a fresh
intermediate process, which
reports the command's wall time and peak RSS (getrusage of its children: the largest process of the run, worker
or lead) and the lead's VmHWM polled from /proc. DAY is the first --day-records records of one month of
../shared's CLS telegraph (ids that no synthetic document has), or the seeds where ../shared is absent. The run's
manifest gives the seconds of each runner step (open, plan, commit...).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import story_index_scale
from bench.dataset_append_scale import PREFILL_CHUNK, prefill
from pipeline.dataset.layout import LAYOUT_VERSION, STORIES_INDEX, index_path, read_manifest, run_dir
from pipeline.dedupe.story_index import SCHEMA as STORY_SCHEMA
from pipeline.dedupe.story_index import StoryIndex
from pipeline.paths import PROJECT_GLOSSARIES, PROJECT_ROOT, SHARED_DIR

SIZES = (10_000, 100_000, 1_000_000)
DAY_RECORDS = 500
NEWS_DAY = Path("data/news/zh-hans/cls_telegraph_2026/cls_telegraph_2026-07.jsonl")
SEEDS_DAY = PROJECT_ROOT / "seeds" / "market_flash.jsonl"
# The runner's own steps in the summary's time line ("time 9.81s wall clock: open 0.02s, glossary 3.10s, ...").
STEP = re.compile(r"\b(open|glossary|plan|merge|commit) (\d+\.\d+)s")
# The steps whose cost may depend on the dataset's size; the rest (translation, merge) is the day's alone.
DATASET_STEPS = ("open", "plan", "commit")
POLL_SECONDS = 0.05
# A built dataset is reused while what made it is the same: the story index's schema and the dataset's layout.
BUILD_KEY = hashlib.sha256(f"{STORY_SCHEMA}|layout{LAYOUT_VERSION}|chunk{PREFILL_CHUNK}".encode()).hexdigest()[:10]


def synthetic_id(row: int) -> str:
    """The id of the synthetic document of story-index row `row` (1-based): dataset_synthetic.doc_ids("p", 0, N)."""
    return f"p{row - 1:09d}"


def build(path: Path, size: int) -> None:
    """A dataset of `size` synthetic documents as one --append run leaves it: tables, both indexes, manifest."""
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    prefill(partial, size, chunk=PREFILL_CHUNK)
    stories = index_path(partial, STORIES_INDEX)
    stories.unlink(missing_ok=True)
    story_index_scale.build(stories, size, doc_id=synthetic_id)
    partial.rename(path)


def as_appended(path: Path) -> None:
    """The story index in the journal mode a real append leaves it in (WAL, which persists in the file): the bulk
    fill writes without a journal, and the first StoryIndex open's switch to WAL syncs the whole file (0.23 s at
    1M documents), a cost of the synthetic build that no daily append pays."""
    StoryIndex(index_path(path, STORIES_INDEX)).close()


def dataset_for(work: Path, size: int) -> Path:
    path = work / f"ds-{size}-{BUILD_KEY}"
    if read_manifest(path) is None:
        shutil.rmtree(path, ignore_errors=True)
        started = time.perf_counter()
        build(path, size)
        print(f"built a dataset of {size:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)
    as_appended(path)
    return path


def day_file(work: Path, records: int) -> tuple[Path, str]:
    """The fixed day's input (written under `work`, never into the tree) and where it comes from."""
    news = SHARED_DIR / NEWS_DAY
    source, label = (news, f"first {records} records of {NEWS_DAY.name}") if news.is_file() else \
        (SEEDS_DAY, f"seeds/{SEEDS_DAY.name} (../shared absent)")
    day = work / f"day-{source.stem}-{records}.jsonl"
    if not day.is_file():
        with source.open(encoding="utf-8") as lines:
            day.write_text("".join(line for _, line in zip(range(records), lines, strict=False)), encoding="utf-8")
    return day, label


def child(dataset: Path, day: Path, glossaries: Path = PROJECT_GLOSSARIES) -> dict:
    """In a fresh process: one real append, its wall time and peak RSS (so nothing of the bench's own counts)."""
    import resource  # noqa: PLC0415  (only the intermediate process needs it)

    command = [sys.executable, "-m", "pipeline", "-q", "run", str(day), "--out", str(dataset), "--append",
               "--translator", "gloss", "--translation-memory", "off", "--glossaries", str(glossaries)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    status = Path(f"/proc/{process.pid}/status")
    lead_kib = 0
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    lead_kib = max(lead_kib, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"append failed ({process.returncode}): {err.strip()[-2000:]}")
    manifest = read_manifest(dataset) or {}
    last = manifest["history"][-1]
    run_manifest = read_manifest(run_dir(dataset, last["run_id"])) or {}
    steps = {name: float(value) for name, value in STEP.findall(out)}
    return {"wall_s": wall, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "lead_vmhwm_mb": lead_kib / 1024, "steps": steps, "run_seconds": run_manifest.get("seconds", {}),
            "counts": last["counts"], "documents": manifest["counts"]["documents"],
            "workers": (run_manifest.get("shards") or {}).get("workers")}


def sync_tree(root: Path) -> None:
    """Every file under `root` on disk: a fresh copy's dirty pages would otherwise be written out by the run's
    first fsync (the story index's commit), charging the copy of a 0.9 GB index to the append."""
    for directory, _, names in os.walk(root):
        for name in names:
            descriptor = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def trial(base: Path, work: Path, day: Path, glossaries: Path) -> dict:
    """One append into a fresh copy of `base` (the copy not timed), removed afterwards."""
    copy = work / "trial"
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["cp", "-a", "--reflink=auto", str(base), str(copy)], check=True)
    sync_tree(copy)
    try:
        done = subprocess.run([sys.executable, "-m", "bench.append_scale", "--glossaries", str(glossaries),
                               "--child", str(copy), str(day)],
                              capture_output=True, text=True, cwd=PROJECT_ROOT)
        if done.returncode:
            raise SystemExit(f"trial failed: {done.stderr.strip()[-2000:]}")
        return json.loads(done.stdout)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def table(rows: list[tuple[int, list[dict]]]) -> str:
    """The Markdown table: medians and minima per size, ratios to the smallest size."""
    def med(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def step(runs: list[dict], name: str) -> float:
        return statistics.median(r["steps"].get(name, float("nan")) for r in runs)

    def dataset_part(runs: list[dict]) -> float:
        return statistics.median(sum(r["steps"].get(name, 0.0) for name in DATASET_STEPS) for r in runs)

    base_med, base_min = med(rows[0][1], "wall_s"), min(r["wall_s"] for r in rows[0][1])
    base_part = dataset_part(rows[0][1])
    lines = ["| documents before | append s (median) | min | ratio (median) | ratio (min) | open s | plan s | "
             "commit s | open+plan+commit s (ratio) | peak RSS MB (median / max) | lead VmHWM MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, runs in rows:
        wall, fastest = med(runs, "wall_s"), min(r["wall_s"] for r in runs)
        lines.append(f"| {size:,} | {wall:.2f} | {fastest:.2f} | {wall / base_med:.2f} | {fastest / base_min:.2f} | "
                     f"{step(runs, 'open'):.2f} | {step(runs, 'plan'):.2f} | {step(runs, 'commit'):.2f} | "
                     f"{dataset_part(runs):.2f} ({dataset_part(runs) / base_part:.2f}) | "
                     f"{med(runs, 'rss_mb'):.0f} / {max(r['rss_mb'] for r in runs):.0f} | "
                     f"{med(runs, 'lead_vmhwm_mb'):.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/newsbridge-append-scale"))
    parser.add_argument("--day-records", type=int, default=DAY_RECORDS)
    parser.add_argument("--json", type=Path, help="also write every trial's figures here")
    parser.add_argument("--glossaries", type=Path, default=PROJECT_GLOSSARIES,
                        help="the run's --glossaries (default the project's; the test gives a one-entry one)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child, args.glossaries)))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    day, label = day_file(args.dir, args.day_records)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        base = dataset_for(args.dir, size)
        runs = []
        for _ in range(args.repeat):
            runs.append(trial(base, args.dir, day, args.glossaries))
            print(f"{size:,}: {runs[-1]['wall_s']:.2f} s, {runs[-1]['rss_mb']:.0f} MB, steps {runs[-1]['steps']}, "
                  f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        rows.append((size, runs))
    counts = rows[0][1][0]["counts"]
    print(f"day: {label}: {counts.get('documents_out')} documents appended, {counts.get('rejected')} rejected, "
          f"{counts.get('duplicates')} duplicates; workers {rows[0][1][0]['workers']}; {args.repeat} trial(s) per "
          f"size; load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} "
          f"cores")
    print(table(rows))
    print(f"glossaries: {args.glossaries}")
    if args.json:
        args.json.write_text(json.dumps([{"size": s, "runs": r} for s, r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
