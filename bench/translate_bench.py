"""The translate stage against `argostranslate.translate.translate()`, same package, same sentences, one run.

A package with the shape of argos' zh→en model (6+6 layers, d_model 512, random weights, int8) is built
and installed into a temporary argos directory. argostranslate runs in its own interpreter (its full
install pulls torch, stanza and spaCy; give it with --argos-python, `make bench-translate` builds one),
once at its default thread setting and once with ARGOS_INTRA_THREADS=1. Its sentence splitter is
replaced by the identity (MiniSBD would download a model; the sentences are already split), so both
sides translate exactly the same sentences. Figures are sentences per second and their ratios, and the
share of identical outputs.

    python bench/translate_bench.py [--argos-python PATH] [--sentences 200]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="newsbridge-translate-bench-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(WORK / "packages")  # before argostranslate.settings is imported
os.environ["NEWSBRIDGE_CACHE_DIR"] = str(WORK / "cache")

from pipeline.models.packages import install_file  # noqa: E402
from pipeline.models.random_package import ModelShape, build_package  # noqa: E402
from pipeline.paths import PROJECT_ROOT  # noqa: E402

PARALLEL = PROJECT_ROOT.parent / "shared" / "data" / "parallel"
TARGET_TOKENS = (30, 40)  # "~35 SentencePiece tokens" per sentence

ARGOS_SIDE = r"""
import json, sys, time
import argostranslate.translate as at

class WholeText:
    def split_sentences(self, text):
        return [text]

sentences = json.load(open(sys.argv[1], encoding="utf-8"))
max_decoding_length = int(sys.argv[2])


class SameDecodeLength:
    # argostranslate gives no setting for it; both sides decode at most this many tokens
    def __init__(self, translator):
        self.translator = translator

    def translate_batch(self, *args, **kwargs):
        return self.translator.translate_batch(*args, max_decoding_length=max_decoding_length, **kwargs)


translation = at.get_translation_from_codes("zh", "en")
translation.underlying.sentencizer = WholeText()
translation.translate("预热")  # load the model outside the timing
translation.underlying.translator = SameDecodeLength(translation.underlying.translator)
started = time.perf_counter()
out = [at.translate(s, "zh", "en") for s in sentences]
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "outputs": out}, ensure_ascii=False))
"""


def corpus() -> tuple[list[str], list[str]]:
    """(training text for SentencePiece, candidate Chinese sentences): WMT news when ../shared is here,
    else the project's seeds."""
    if PARALLEL.exists():
        lines, chinese = [], []
        for path in sorted(PARALLEL.glob("damo_mt_testsets_zh2en_news_wmt*.csv")):
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    if len(row) == 2 and row[0] != "0":
                        lines += row
                        chinese.append(row[0])
        return lines, chinese
    lines = [line for p in sorted((PROJECT_ROOT / "seeds").rglob("*")) if p.is_file()
             for line in p.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines, [line for line in lines if any("\u4e00" <= c <= "\u9fff" for c in line)]


def pick_sentences(candidates: list[str], sp_model: Path, n: int) -> list[str]:
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
    low, high = TARGET_TOKENS
    chosen = [s for s in candidates if low <= len(sp.encode(s)) <= high]
    if len(chosen) < n:  # small fallback corpus: take the longest, repeated
        chosen = sorted(candidates, key=len, reverse=True) * (n // max(1, len(candidates)) + 1)
    return chosen[:n]


def run_argos(python: str, sentences_file: Path, intra_threads: int | None, max_decoding_length: int) -> dict:
    env = {**os.environ}
    env.pop("ARGOS_INTRA_THREADS", None)
    if intra_threads is not None:
        env["ARGOS_INTRA_THREADS"] = str(intra_threads)
    result = subprocess.run([python, "-c", ARGOS_SIDE, str(sentences_file), str(max_decoding_length)],
                            capture_output=True, text=True,
                            env=env, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"argostranslate side failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def comparable(text: str) -> str:
    """Outputs compared modulo what decoding does differently on purpose: argos turns '_' into spaces,
    newsbridge drops control characters and collapses whitespace."""
    from stages.translators.argos import CONTROL

    return " ".join(CONTROL.sub("", text).replace("_", " ").split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--argos-python", help="interpreter with the full argostranslate installed")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--max-decoding-length", type=int, default=64,
                        help="on both sides: random weights rarely emit </s>, so every output would run to "
                             "CTranslate2's 256-token default; real translations of 35-token sentences stop "
                             "well before 64")
    args = parser.parse_args()

    from pipeline.records import Segment
    from stages.translators.argos import ArgosTranslator, DecodeOptions

    lines, candidates = corpus()
    started = time.perf_counter()
    package_file = build_package(lines, WORK / "translate-zh_en-1_0.argosmodel", ModelShape.argos_zh_en())
    package = install_file(package_file)
    print(f"package: 6+6 layers, d_model 512, random weights, int8; built in {time.perf_counter() - started:.1f}s")
    sentences = pick_sentences(candidates, package.sentencepiece_model, args.sentences)
    sentences_file = WORK / "sentences.json"
    sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    sys.stdout.flush()
    print(f"{len(sentences)} sentences, {TARGET_TOKENS[0]}-{TARGET_TOKENS[1]} SentencePiece tokens each")

    options = DecodeOptions(max_decoding_length=args.max_decoding_length)
    ours = ArgosTranslator(package, "bench", options)
    ours.translate_texts(["预热"])  # load the model outside the timing, as on the argos side
    t0 = time.perf_counter()
    our_outputs = ours.translate_texts(sentences)
    our_seconds = time.perf_counter() - t0
    segments = [Segment(doc_id="b", seg_id=i, part="body", src_lang="zh", src=s, zh=s) for i, s in enumerate(sentences)]
    t0 = time.perf_counter()
    ours.translate_batch(segments)
    stage_seconds = time.perf_counter() - t0
    our_rate = len(sentences) / our_seconds
    print(f"newsbridge translate_batch (beam 4, batches of {options.max_batch_size} examples, one thread each, "
          f"int8, at most "
          f"{options.max_decoding_length} tokens): "
          f"{our_rate:.1f} sentences/s; with number protection and repair: {len(sentences) / stage_seconds:.1f}")

    if not args.argos_python:
        print("argostranslate side skipped: give --argos-python (make bench-translate builds one)")
        return 0
    for label, threads in (("default threads", None), ("intra_threads=1", 1)):
        argos = run_argos(args.argos_python, sentences_file, threads, args.max_decoding_length)
        rate = len(sentences) / argos["seconds"]
        same = sum(comparable(a) == comparable(b) for a, b in zip(argos["outputs"], our_outputs, strict=True))
        same /= len(sentences)
        print(f"argostranslate.translate.translate(), {label}: {rate:.2f} sentences/s; newsbridge is "
              f"{our_rate / rate:.1f}x faster; identical outputs {same:.1%} (modulo whitespace)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
