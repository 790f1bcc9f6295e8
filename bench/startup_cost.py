"""What a run pays before its first sentence, in this process, the old way and the new, measured in the same run:
jieba's tokenizer and part-of-speech tagger (three made per run: segment, gloss translator, report suggestions)
and CC-CEDICT's entries. Prints seconds per step and the ratio new/old (the machine is shared: compare ratios).

    .venv/bin/python -m bench.startup_cost [--repeats N]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.text import cedict_entries as entries  # noqa: E402
from pipeline.text.jieba_base import new_tagger, new_tokenizer  # noqa: E402

TOKENIZERS_PER_RUN = 3


def _old_tokenizers() -> None:
    """Before jieba_base: each part loaded jieba's dictionary and tags itself."""
    import jieba
    import jieba.posseg

    for _ in range(TOKENIZERS_PER_RUN):
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        jieba.posseg.POSTokenizer(tokenizer)


def _new_tokenizers() -> None:
    for _ in range(TOKENIZERS_PER_RUN):
        new_tagger(new_tokenizer())


def _old_cedict() -> None:
    entries._parse()


def _new_cedict() -> None:
    entries.cedict_entries.cache_clear()
    entries.cedict_entries()  # read from the cache directory


def _median_seconds(step: Callable[[], None], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    new_tagger(new_tokenizer())  # the one per-process load, paid once by the first part of a run
    entries.cedict_entries()  # writes the cache when there is none
    print(f"{'step':<40}{'old s':>9}{'new s':>9}{'new/old':>9}")
    for label, old, new in ((f"{TOKENIZERS_PER_RUN} jieba tokenizers + taggers", _old_tokenizers, _new_tokenizers),
                            ("CC-CEDICT entries", _old_cedict, _new_cedict)):
        before, after = _median_seconds(old, args.repeats), _median_seconds(new, args.repeats)
        print(f"{label:<40}{before:>9.3f}{after:>9.3f}{after / before:>9.3f}")
    print("new: after the process's first load (jieba_base) / from the cache directory (cedict-*.marshal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
