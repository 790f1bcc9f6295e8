"""Does the llm client keep a server busy? The llm translator against tests/llm_server.py, whose model takes a fixed
time per request (the artificial delay stands for a local model's decoding time), at llm_concurrency 1, 2, 4 and 8:
requests in flight (the server's count: the largest, and the mean seen by arriving requests) and sentences per
second, each as a ratio to concurrency 1 measured in the same run. With a server that answers requests in parallel,
concurrency N should give about N times the sentences per second of 1.

The sentences are made up here (numbers that vary, no news text); every answer goes through the same checks as in a
run, and each concurrency gets sentences of its own, so no level is answered from another's work.

    python -m bench.llm_throughput [--delay 0.1] [--sentences 80] [--levels 1,2,4,8] [--batch 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="newsbridge-llm-bench-"))
os.environ.setdefault("NEWSBRIDGE_CACHE_DIR", str(WORK / "cache"))

from pipeline.glossary import compile_glossary  # noqa: E402
from pipeline.records import Segment  # noqa: E402
from stages.translators.gloss import GlossTranslator  # noqa: E402
from stages.translators.llm import LLMOptions, LLMTranslator, resolve_model  # noqa: E402
from tests.llm_server import ServerState, llm_server  # noqa: E402
from tests.small_glossary import small_glossary_dir  # noqa: E402

SENTENCES_PER_DOCUMENT = 16  # a news story's length in sentences, roughly


def sentences(level: int, count: int) -> list[Segment]:
    """`count` sentences with numbers of their own (a level never repeats another's sentence), in documents of
    SENTENCES_PER_DOCUMENT (a batched request holds sentences of one document)."""
    return [Segment(doc_id=f"d{level}-{i // SENTENCES_PER_DOCUMENT}", seg_id=i % SENTENCES_PER_DOCUMENT,
                    part="body", src=text, zh=text)
            for i in range(count)
            for text in [f"第{level}组第{i + 1}家公司三季度营收增长{(i * 7) % 90 + 1}%，净利润为{i + level}.5亿元。"]]


def measure(url: str, state: ServerState, level: int, count: int, batch: int,
            glossary_hash: str, fallback: GlossTranslator) -> dict[str, float]:
    options = resolve_model(LLMOptions(url=url, concurrency=level, timeout=60, batch=batch))
    translator = LLMTranslator(options, fallback, glossary_hash)
    translator.setup()
    segments = sentences(level, count)
    with state.lock:
        state.completions, state.max_in_flight, state.in_flight_sum = 0, 0, 0.0
    t0 = time.perf_counter()
    results = translator.translate_batch(segments)
    seconds = time.perf_counter() - t0
    translator.close()
    fallbacks = sum(any(n.startswith("fallback:") for n in r.notes) for r in results)
    return {"level": level, "seconds": seconds, "rate": count / seconds, "requests": state.completions,
            "max_in_flight": state.max_in_flight, "mean_in_flight": state.in_flight_sum / max(state.completions, 1),
            "fallbacks": fallbacks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.1, help="seconds the test model takes per request")
    parser.add_argument("--sentences", type=int, default=80, help="sentences per concurrency level")
    parser.add_argument("--levels", default="1,2,4,8", help="llm_concurrency values, the first is the baseline")
    parser.add_argument("--batch", type=int, default=1, help="llm_batch (sentences per request)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    glossary = compile_glossary(small_glossary_dir(WORK / "glossary"))
    fallback = GlossTranslator(glossary)
    print(f"# llm client throughput: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    print(f"test server delay {args.delay * 1000:.0f} ms per request, {args.sentences} sentences per level, "
          f"llm_batch {args.batch}\n")
    print("| llm_concurrency | sentences/s | ratio to 1 | requests in flight max | mean | requests | fallbacks |")
    print("|---|---|---|---|---|---|---|")
    state = ServerState(delay=args.delay)
    base = None
    with llm_server(state) as server:
        for level in levels:
            row = measure(server.url, state, level, args.sentences, args.batch, glossary.content_hash, fallback)
            base = base or row["rate"]
            print(f"| {level} | {row['rate']:.1f} | {row['rate'] / base:.2f}x | {row['max_in_flight']} | "
                  f"{row['mean_in_flight']:.2f} | {row['requests']} | {row['fallbacks']} |", flush=True)
    print(f"\nload at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
