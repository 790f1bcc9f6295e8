"""Translation quality on the finance subset of ../shared/data/parallel: sacrebleu chrF and BLEU against
the human references, with term success, number fidelity and the leak rates (segments whose English shows
dictionary text or Chinese characters), for gloss and (when installed) argos.

    python bench/eval_mt.py [--limit N]      (make eval-mt; NEWSBRIDGE_SHARED=DIR when ../shared is elsewhere)
    python bench/eval_mt.py --heldout 500    (N random WMT pairs outside the finance subset: does a gain generalize?)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.config import load_config
from pipeline.glossary import compile_glossary
from pipeline.io.jsonl import json_lines
from pipeline.io.output_rows import json_rows
from pipeline.paths import SHARED_DIR
from pipeline.runner import run
from stages.translate import installed_zh_en

SHARED = SHARED_DIR
SUBSET = SHARED / "data" / "parallel" / "zh_en_financial_subset.jsonl"
WMT_SETS = sorted((SHARED / "data" / "parallel").glob("damo_mt_testsets_zh2en_news_wmt1*.csv"))
# Fixed seed: the held-out sample is the same on every run and every machine.
HELDOUT_SEED = 8
COLUMNS = f"{'translator':<34} {'chrF':>6} {'BLEU':>6} {'terms':>7} {'numbers':>8} {'dict_text':>10} {'untransl':>10}"


def _rate(check: dict) -> str:
    """A success rate to 3 decimals, rounded down; n/a when nothing was checked."""
    return "n/a" if check["rate"] is None else f"{int(check['rate'] * 1000) / 1000:.3f}"


def _leak(check: dict) -> str:
    """Share of checked segments that failed, with the count: "26/944" reads better as "2.8% (26)"."""
    if not check["checked"]:
        return "n/a"
    return f"{100 * check['failed'] / check['checked']:.1f}% ({check['failed']})"


def report_line(label: str, chrf: float, bleu: float, quality: dict) -> str:
    checks = quality["checks"]
    return (f"{label:<34} {chrf:6.1f} {bleu:6.1f} {_rate(checks['terms']):>7} {_rate(checks['numbers']):>8} "
            f"{_leak(checks['dictionary_text']):>10} {_leak(checks['untranslated']):>10}")


def translate_corpus(pairs: list[dict], translator: str, work: Path, glossary) -> tuple[list[str], dict]:
    """Each source becomes one document body; its segments' English, joined, is the hypothesis."""
    corpus = work / f"{translator}.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "title": "", "body": p["zh"]}, ensure_ascii=False) + "\n"
                              for i, p in enumerate(pairs)), encoding="utf-8")
    config = replace(load_config(None), translator=translator, translation_memory="off")
    out = work / f"out-{translator}"
    manifest = run([corpus], out, config, glossary=glossary).manifest
    english: dict[str, list[str]] = {}
    for row in json_rows(out / "segments.jsonl"):
        english.setdefault(row["doc_id"], []).append(row["en"] or "")
    return [" ".join(english.get(f"p{i}", [])) for i in range(len(pairs))], manifest


def heldout_pairs(count: int, finance: list[dict]) -> list[dict]:
    """`count` WMT18/19 pairs drawn with a fixed seed from those not in the finance subset (the subset is
    where the gloss rules are measured; this sample shows whether a gain holds on news it was not tuned on)."""
    excluded = {p["zh"] for p in finance}
    pool = []
    for path in WMT_SETS:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]  # header "0,1"
        pool += [{"zh": zh, "en": en} for zh, en in rows if zh not in excluded]
    return random.Random(HELDOUT_SEED).sample(pool, min(count, len(pool)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N pairs")
    parser.add_argument("--heldout", type=int, metavar="N", help="N random WMT pairs outside the finance subset")
    args = parser.parse_args()
    if not SUBSET.exists():
        print(f"eval-mt skipped: {SUBSET} not present (the parallel test sets exist only in development)")
        return 0
    import sacrebleu

    pairs = list(json_lines(SUBSET))
    label = "finance sentence pairs (WMT18-20 zh→en news, human references)"
    if args.heldout:
        pairs, label = heldout_pairs(args.heldout, pairs), "held-out WMT18/19 pairs outside the finance subset"
    pairs = pairs[:args.limit] if args.limit else pairs
    references = [[p["en"] for p in pairs]]
    translators = ["gloss"]
    package = installed_zh_en()
    if package is None:
        print("argos: skipped, no zh→en model installed (`newsbridge models install zh_en` or "
              "`newsbridge models install PATH.argosmodel`)")
    else:
        translators.append("argos")
    glossary = compile_glossary(load_config(None).glossaries)
    print(f"{len(pairs)} {label}")
    print(COLUMNS)
    with tempfile.TemporaryDirectory() as tmp:
        for translator in translators:
            hypotheses, manifest = translate_corpus(pairs, translator, Path(tmp), glossary)
            chrf = sacrebleu.corpus_chrf(hypotheses, references).score
            bleu = sacrebleu.corpus_bleu(hypotheses, references).score
            print(report_line(manifest["translator"], chrf, bleu, manifest["quality"]))
    print("terms, numbers: share kept (rounded down); dict_text, untransl: share of segments leaking (count)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
