"""The engine benchmark of issue 9. The machine is shared and noisy, so every figure is a ratio against a
baseline measured in the same run; absolute seconds are printed for context, never checked.

1. non-translation stages vs jieba: the normalize + segment + link seconds of the 1-worker run of figure 2
   (gloss translator; from the manifest's per-stage seconds, which include each stage's one-time setup, also
   shown apart) against `jieba.lcut` over the same titles and bodies (default dictionary, loaded before timing).
2. 1 vs 2 workers: wall time of one run with workers=1 and workers=2 (local engine, gloss translator,
   translation memory off, at least MIN_SHARDS shards) over every WORKERS_STRIDE-th document of the corpus (to
   fit `make bench` in 10 minutes); the outputs must be byte-identical or the bench fails.
3. local vs Dask: the same run with engine=dask (LocalCluster, 2 workers) against engine=local, 2 workers (the
   run of figure 2): the ratio and the absolute difference, which is Dask's start-up and scheduling overhead.
4. peak RSS: `python -m pipeline run` as a child process on corpora of several sizes (workers=1, gloss, and the
   translation memory figure 5 filled, so every segment of the cycled corpus is a memory hit and every size does
   the same work per document); the child's peak RSS from `os.wait4`, and records/s (a re-run's throughput).
   RSS(largest)/RSS(smallest) near 1 means memory stays flat in corpus size.
5. translation memory: the corpus run twice into two outputs with one fresh memory file: translate-stage
   seconds of the first run against the second (issue 9 asks >= 10x); the second run must have 0 misses and
   the same outputs. The stage's seconds include checking every segment's terms and numbers, which a memory
   hit does not skip.

The corpus is the real Simplified news of ../shared/data/news/zh-hans (NEWSBRIDGE_SHARED when it is elsewhere),
converted once to a temporary JSONL and cycled with fresh ids to reach the larger sizes; without it, the
project's seeds, replicated the same way (the output says which). Everything temporary lives in one
mkdtemp() directory, removed at the end. The glossary cache (the default cache directory) is used warm; its load
time is reported apart.

    python -m bench.engine_bench [--sizes 1000,10000,50000] [--no-dask] [--results bench/results.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.config import RunConfig
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.io.jsonl import json_lines
from pipeline.io.readers import read_corpus
from pipeline.io.writers import OUTPUT_FILES
from pipeline.paths import PROJECT_ROOT, SHARED_DIR
from pipeline.records import Document
from pipeline.registry import build_stages, parse_steps
from pipeline.runner import RunOptions, run
from pipeline.stage import BuildContext

GLOSSARIES = PROJECT_ROOT / "glossaries"
SEEDS = PROJECT_ROOT / "seeds"
SHARED = SHARED_DIR
NEWS_DIR = SHARED / "data" / "news" / "zh-hans"
RESULTS = PROJECT_ROOT / "bench" / "results.md"
DEFAULT_SIZES = (1_000, 10_000, 50_000)
# Figure 2 needs enough shards that two workers stay busy to the end: with 8, the last one's tail is short.
MIN_SHARDS = 8
# The stages whose cost figure 1 compares with plain jieba; translation is measured by figures 2 and 5.
NON_TRANSLATION = ("normalize", "segment", "link")
DASK_WORKERS = 2
# Figures 2 and 3 take every other document of the news (3,300 of 6,600, all sources): three full translation
# runs of the whole corpus would take a third of the 10 minutes `make bench` has on a shared 2-core machine.
WORKERS_STRIDE = 2
# Seeds are a few dozen documents: replicated this many times when they stand in for the news.
SEED_COPIES = 100
KIB = 1024
T = TypeVar("T")


@dataclass(frozen=True)
class Corpus:
    """Title/body records held in memory, and where they came from (for the results)."""

    records: list[dict[str, str]]
    source: str

    def texts(self) -> list[str]:
        return [t for r in self.records for t in (r["title"], r["body"]) if t]


# --- corpus ---------------------------------------------------------------------------------------------------

def _news_records(news_dir: Path) -> Iterator[dict[str, str]]:
    """FinNA (headline, article) pairs, CFSC-NER sentences and CFBenchmark news items, as title/body records."""
    for title, body in json.loads((news_dir / "bbt_fincuge_finna_eval_list.json").read_text(encoding="utf-8")):
        yield {"title": title, "body": body}
    for name in ("cfsc_ner_test.json", "cfsc_ner_val.json"):
        for row in json.loads((news_dir / name).read_text(encoding="utf-8")):
            yield {"title": "", "body": row["text"]}
    for name in ("cfbenchmark_basic_company.jsonl", "cfbenchmark_basic_sentiment.jsonl"):
        yield from ({"title": "", "body": row["input"]} for row in json_lines(news_dir / name))


def seed_corpus(copies: int = SEED_COPIES) -> Corpus:
    docs = [d for d in read_corpus([SEEDS]) if isinstance(d, Document)]
    records = [{"title": d.title, "body": d.body} for d in docs]
    return Corpus(records * copies, f"seeds/ ({len(docs)} documents x {copies}; ../shared not found)")


def load_corpus(news_dir: Path = NEWS_DIR) -> Corpus:
    """The real news when ../shared is present, else the seeds (said in the results)."""
    if not news_dir.is_dir():
        return seed_corpus()
    records = [r for r in _news_records(news_dir) if (r["title"] + r["body"]).strip()]
    return Corpus(records, f"{news_dir}: FinNA eval pairs, CFSC-NER test+val, CFBenchmark company+sentiment "
                           f"({len(records)} documents)")


def write_jsonl(records: list[dict[str, str]], size: int, path: Path) -> Path:
    """`size` documents cycled from `records`, each with a fresh id."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(size):
            record = records[i % len(records)]
            fh.write(json.dumps({"id": f"bench-{i:06d}", **record}, ensure_ascii=False) + "\n")
    return path


# --- runs -----------------------------------------------------------------------------------------------------

def bench_config(**overrides: Any) -> RunConfig:
    """The gloss translator (no model needed) and no translation memory unless a figure asks for one."""
    settings: dict[str, Any] = {"translator": "gloss", "translation_memory": "off", **overrides}
    return replace(RunConfig(glossaries=GLOSSARIES), **settings)


def timed_run(inputs: Path, out: Path, config: RunConfig,
              glossary: CompiledGlossary) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    result = run([inputs], out, config, glossary=glossary, options=RunOptions(overwrite=True, quiet=True))
    return time.perf_counter() - started, result.manifest


def stage_seconds(manifest: dict[str, Any]) -> dict[str, float]:
    return {s["name"]: s["seconds"] for s in manifest["stages"]}


def output_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def require_identical(a: Path, b: Path, what: str) -> None:
    """Fail loudly: a speed-up that changes the output is a bug, not a result."""
    left, right = output_bytes(a), output_bytes(b)
    differing = [name for name in OUTPUT_FILES if left[name] != right[name]]
    if differing:
        raise SystemExit(f"FAIL: {what}: outputs differ in {', '.join(differing)} ({a} vs {b})")


def shard_records_for(documents: int, shards: int = MIN_SHARDS) -> int:
    return max(1, documents // shards)


# --- figures --------------------------------------------------------------------------------------------------

def setup_seconds(glossary: CompiledGlossary) -> dict[str, float]:
    """Each non-translation stage's one-time setup (dictionaries, automata), which its manifest seconds include."""
    stages = build_stages(parse_steps(list(NON_TRANSLATION)), BuildContext(bench_config(), glossary))
    seconds = {}
    for stage in stages:
        started = time.perf_counter()
        stage.setup()
        seconds[stage.name] = time.perf_counter() - started
    return seconds


def jieba_seconds(texts: list[str]) -> float:
    """Plain `jieba.lcut` over the texts, its default dictionary loaded before the clock starts."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def figure_workers(corpus: Corpus, work: Path, glossary: CompiledGlossary) -> dict[str, Any]:
    """Figure 2 (and the run figures 1 and 3 read): workers=1 vs workers=2, outputs compared byte for byte."""
    records = corpus.records[::WORKERS_STRIDE]
    inputs = write_jsonl(records, len(records), work / "workers" / "corpus.jsonl")
    shard_records = shard_records_for(len(records))
    one, manifest_one = timed_run(inputs, work / "workers" / "w1", bench_config(shard_records=shard_records),
                                  glossary)
    two, manifest_two = timed_run(inputs, work / "workers" / "w2",
                                  bench_config(shard_records=shard_records, workers=2), glossary)
    require_identical(work / "workers" / "w1", work / "workers" / "w2", "workers=1 vs workers=2")
    return {"documents": len(records), "shards": manifest_one["shards"]["count"], "records": records,
            "shard_records": shard_records, "seconds_1": one, "seconds_2": two, "speedup": one / two,
            "stages_1": stage_seconds(manifest_one), "inputs": inputs, "identical": True}


def figure_jieba(corpus: Corpus, workers: dict[str, Any], setup: dict[str, float]) -> dict[str, Any]:
    """Figure 1: the non-translation stages of the 1-worker run against plain jieba on the same text."""
    texts = Corpus(workers["records"], corpus.source).texts()
    baseline = jieba_seconds(texts)
    stages = sum(workers["stages_1"][name] for name in NON_TRANSLATION)
    once = sum(setup.values())
    return {"texts": len(texts), "chars": sum(map(len, texts)), "jieba_seconds": baseline,
            "stage_seconds": stages, "setup_seconds": once, "ratio": stages / baseline,
            "ratio_without_setup": max(stages - once, 0.0) / baseline,
            "per_stage": {name: workers["stages_1"][name] for name in NON_TRANSLATION}}


def figure_dask(workers: dict[str, Any], work: Path, glossary: CompiledGlossary) -> dict[str, Any]:
    """Figure 3: engine=dask against the local 2-worker run of figure 2, same inputs and shards."""
    config = bench_config(shard_records=workers["shard_records"], engine="dask", workers=DASK_WORKERS)
    seconds, _ = timed_run(workers["inputs"], work / "workers" / "dask", config, glossary)
    require_identical(work / "workers" / "w2", work / "workers" / "dask", "engine=local vs engine=dask")
    local = workers["seconds_2"]
    return {"local_seconds": local, "dask_seconds": seconds, "ratio": seconds / local, "overhead": seconds - local}


def child_peak_rss(args: list[str]) -> tuple[int, float]:
    """(peak RSS in bytes, wall seconds) of one child process; ru_maxrss is KiB on Linux."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"FAIL: {' '.join(args)} exited {proc.returncode}:\n{stderr[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return usage.ru_maxrss * KIB, seconds


def figure_rss(corpus: Corpus, sizes: Iterable[int], work: Path, memory: Path) -> list[dict[str, Any]]:
    """Figure 4: one `python -m pipeline run` child per size, workers=1, all reading the translation memory
    figure 5 filled (given through a config file, as the CLI has no flag for it): a memory hit costs a lookup,
    which keeps 50k documents within the time budget of `make bench`."""
    config = work / "rss" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(yaml.safe_dump({"translation_memory": str(memory)}), encoding="utf-8")
    rows = []
    for size in sizes:
        inputs = write_jsonl(corpus.records, size, work / "rss" / f"corpus-{size}.jsonl")
        out = work / "rss" / f"out-{size}"
        rss, seconds = child_peak_rss([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out),
                                       "--glossaries", str(GLOSSARIES), "--config", str(config),
                                       "--translator", "gloss", "--workers", "1", "-q", "--overwrite"])
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        if manifest["counts"]["records_in"] != size:
            raise SystemExit(f"FAIL: {size} documents in, manifest says {manifest['counts']['records_in']}")
        rows.append({"documents": size, "peak_rss": rss, "seconds": seconds, "records_per_second": size / seconds,
                     "glossary_seconds": manifest["seconds"].get("glossary", 0.0),
                     "memory_hits": manifest["translation_memory"]["hits"],
                     "memory_misses": manifest["translation_memory"]["misses"]})
        shutil.rmtree(out)
    return rows


def figure_memory(corpus: Corpus, work: Path, glossary: CompiledGlossary) -> dict[str, Any]:
    """Figure 5: the corpus twice through one fresh translation memory; the second run must miss nothing."""
    inputs = write_jsonl(corpus.records, len(corpus.records), work / "memory" / "corpus.jsonl")
    memory = work / "memory" / "cache" / "translation-memory.sqlite"
    config = bench_config(translation_memory=str(memory))
    _, first = timed_run(inputs, work / "memory" / "first", config, glossary)
    _, second = timed_run(inputs, work / "memory" / "second", config, glossary)
    if second["translation_memory"]["misses"] != 0:
        raise SystemExit(f"FAIL: the second run missed the translation memory "
                         f"{second['translation_memory']['misses']} times")
    require_identical(work / "memory" / "first", work / "memory" / "second", "first vs second memory run")
    one, two = stage_seconds(first)["translate"], stage_seconds(second)["translate"]
    return {"documents": len(corpus.records), "path": memory, "first_seconds": one, "second_seconds": two,
            "ratio": one / two if two else float("inf"),
            "first": first["translation_memory"], "second": second["translation_memory"]}


# --- report ---------------------------------------------------------------------------------------------------

def machine_facts() -> dict[str, Any]:
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)}


def _mib(n: float) -> str:
    return f"{n / KIB / KIB:.1f} MiB"


def figure_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, baseline, measured, ratio) for each figure that ran."""
    rows = []
    j = results["jieba"]
    rows.append(("1. normalize+segment+link vs `jieba.lcut`",
                 f"jieba.lcut {j['jieba_seconds']:.2f} s ({j['texts']} texts, {j['chars']} chars)",
                 f"stages {j['stage_seconds']:.2f} s (incl. setup {j['setup_seconds']:.2f} s; "
                 + ", ".join(f"{k} {v:.2f}" for k, v in j["per_stage"].items()) + ")",
                 f"{j['ratio']:.2f}x jieba ({j['ratio_without_setup']:.2f}x without setup)"))
    w = results["workers"]
    rows.append(("2. 1 vs 2 workers (local, gloss, memory off)",
                 f"workers=1 {w['seconds_1']:.2f} s",
                 f"workers=2 {w['seconds_2']:.2f} s ({w['documents']} docs, {w['shards']} shards); "
                 "outputs byte-identical",
                 f"speed-up {w['speedup']:.2f}x"))
    if results.get("dask"):
        d = results["dask"]
        rows.append((f"3. Dask vs local, {DASK_WORKERS} workers", f"local {d['local_seconds']:.2f} s",
                     f"dask {d['dask_seconds']:.2f} s; outputs byte-identical",
                     f"{d['ratio']:.2f}x ({d['overhead']:+.2f} s)"))
    rss = results["rss"]
    first, last = rss[0], rss[-1]
    rows.append(("4. peak RSS vs corpus size (child, workers=1, memory of figure 5: all hits)",
                 f"{first['documents']} docs: {_mib(first['peak_rss'])}, {first['records_per_second']:.0f} rec/s",
                 "; ".join(f"{r['documents']} docs: {_mib(r['peak_rss'])}, {r['records_per_second']:.0f} rec/s"
                           for r in rss[1:]),
                 f"RSS({last['documents']})/RSS({first['documents']}) {last['peak_rss'] / first['peak_rss']:.2f}"))
    m = results["memory"]
    rows.append(("5. translation memory, second run",
                 f"first translate {m['first_seconds']:.2f} s ({m['first']['misses']} misses, "
                 f"{m['first']['hits']} hits)",
                 f"second translate {m['second_seconds']:.2f} s ({m['second']['misses']} misses, "
                 f"{m['second']['hits']} hits)",
                 f"{m['ratio']:.1f}x faster"))
    return rows


def render_markdown(results: dict[str, Any], command: str) -> str:
    facts = results["machine"]
    load = ", ".join(f"{x:.2f}" for x in facts["load_average"])
    lines = [
        "# Engine benchmark (issue 9)",
        "",
        f"Produced by `{command}` on {facts['date']}: {facts['cores']} cores ({facts['usable_cores']} usable), "
        f"Python {facts['python']}, {facts['platform']}; load average at start {load}.",
        "",
        f"Corpus: {results['corpus']}.",
        f"Glossary loaded once before the runs in {results['glossary_seconds']:.2f} s (disk cache; each child "
        f"process of figure 4 loads it again: {results['rss'][0]['glossary_seconds']:.2f} s).",
        "",
        "Every figure is a ratio against a baseline measured in the same run; the machine is shared, so the "
        "absolute seconds are context only. See the docstring of `bench/engine_bench.py` for what each figure "
        "measures.",
        "",
        "| figure | baseline | measured | ratio |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in figure_rows(results)]
    if not results.get("dask"):
        lines += ["", "Figure 3 (Dask) was not run (`--no-dask`, or `distributed` is not installed)."]
    end = ", ".join(f"{x:.2f}" for x in results["load_average_end"])
    lines += ["", f"Bench wall time: {results['seconds']:.0f} s; load average at the end {end} (above the core "
              "count, other work shared the cores and the worker speed-up understates an idle machine's).", ""]
    return "\n".join(lines)


def print_table(results: dict[str, Any]) -> None:
    for figure, baseline, measured, ratio in figure_rows(results):
        print(f"{figure}\n    baseline: {baseline}\n    measured: {measured}\n    ratio:    {ratio}")


# --- main -----------------------------------------------------------------------------------------------------

def _step(what: str, fn: Callable[..., T], *args: Any) -> T:
    """Run one figure, saying how long it took (on stderr, so a long bench shows where it is)."""
    started = time.perf_counter()
    result = fn(*args)
    print(f"{what}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return result


def run_bench(corpus: Corpus, sizes: Iterable[int], work: Path, dask: bool) -> dict[str, Any]:
    """Every figure, in an order that lets figures 1 and 3 reuse the runs of figure 2, and 4 the memory of 5."""
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine_facts(), "corpus": corpus.source}
    t0 = time.perf_counter()
    glossary = compile_glossary(GLOSSARIES)
    results["glossary_seconds"] = time.perf_counter() - t0
    setup = setup_seconds(glossary)
    results["workers"] = _step("figure 2: 1 vs 2 workers", figure_workers, corpus, work, glossary)
    results["jieba"] = _step("figure 1: stages vs jieba", figure_jieba, corpus, results["workers"], setup)
    results["dask"] = (_step("figure 3: Dask vs local", figure_dask, results["workers"], work, glossary)
                       if dask else None)
    results["memory"] = _step("figure 5: translation memory", figure_memory, corpus, work, glossary)
    results["rss"] = _step("figure 4: peak RSS", figure_rss, corpus, sizes, work, results["memory"]["path"])
    results["seconds"] = time.perf_counter() - started
    results["load_average_end"] = machine_facts()["load_average"]
    return results


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="corpus sizes of figure 4, comma-separated (default: %(default)s)")
    parser.add_argument("--no-dask", action="store_true", help="skip figure 3")
    parser.add_argument("--results", type=Path, default=RESULTS, help="markdown file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    corpus = load_corpus()
    print(f"corpus: {corpus.source}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="newsbridge-engine-bench-"))
    try:
        results = run_bench(corpus, sizes, work, dask=not args.no_dask and dask_available())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    command = " ".join(["python -m bench.engine_bench", *(sys.argv[1:] if argv is None else argv)])
    args.results.write_text(render_markdown(results, command), encoding="utf-8")
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
