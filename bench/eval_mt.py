"""Translation quality on the finance subset of ../shared/data/parallel: sacrebleu chrF and BLEU against
the human references, with term success and number fidelity, for gloss and (when installed) argos.

    python bench/eval_mt.py [--limit N]      (make eval-mt)
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.config import PROJECT_ROOT, load_config
from pipeline.glossary import compile_glossary
from pipeline.runner import run
from stages.translate import installed_zh_en

SUBSET = PROJECT_ROOT.parent / "shared" / "data" / "parallel" / "zh_en_financial_subset.jsonl"


def translate_corpus(pairs: list[dict], translator: str, work: Path, glossary) -> tuple[list[str], dict]:
    """Each source becomes one document body; its segments' English, joined, is the hypothesis."""
    corpus = work / f"{translator}.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "title": "", "body": p["zh"]}, ensure_ascii=False) + "\n"
                              for i, p in enumerate(pairs)), encoding="utf-8")
    config = replace(load_config(None), translator=translator, translation_memory="off")
    out = work / f"out-{translator}"
    manifest = run([corpus], out, config, glossary=glossary).manifest
    english: dict[str, list[str]] = {}
    for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        english.setdefault(row["doc_id"], []).append(row["en"] or "")
    return [" ".join(english.get(f"p{i}", [])) for i in range(len(pairs))], manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N pairs")
    args = parser.parse_args()
    if not SUBSET.exists():
        print(f"eval-mt skipped: {SUBSET} not present (the parallel test sets exist only in development)")
        return 0
    import sacrebleu

    pairs = [json.loads(line) for line in SUBSET.read_text(encoding="utf-8").splitlines() if line.strip()]
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
    print(f"{len(pairs)} finance sentence pairs (WMT18-20 zh→en news, human references)")
    print(f"{'translator':<34} {'chrF':>6} {'BLEU':>6} {'terms':>7} {'numbers':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for translator in translators:
            hypotheses, manifest = translate_corpus(pairs, translator, Path(tmp), glossary)
            chrf = sacrebleu.corpus_chrf(hypotheses, references).score
            bleu = sacrebleu.corpus_bleu(hypotheses, references).score
            quality = manifest["quality"]
            print(f"{manifest['translator']:<34} {chrf:6.1f} {bleu:6.1f} {quality['term_success_rate']:7.3f} "
                  f"{quality['number_fidelity']:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
