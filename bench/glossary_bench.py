"""Glossary performance, every figure a ratio against a baseline measured in the same run:
compile cold vs warm (cache), linking with the full glossary vs a 100-entry one, and jieba with every
glossary name loaded vs plain jieba.

    python bench/glossary_bench.py [--repeat N] [--baseline-tree PATH …]

With --baseline-tree (another checkout, e.g. `git worktree add /tmp/b762 b762e67`), the link stage on dev news
is also timed against it in the same run, per character (bench/link_speed.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from pipeline.glossary import compile_glossary
from pipeline.io.readers import read_corpus
from pipeline.paths import PROJECT_ROOT, SHARED_DIR
from pipeline.records import Document
from pipeline.text.normalizer import TextNormalizer
from stages.segment import GLOSSARY_WORD_FREQ

GLOSSARIES = PROJECT_ROOT / "glossaries"
SHARED = SHARED_DIR
CFSC = SHARED / "data" / "news" / "zh-hans" / "cfsc_ner_test.json"
SMALL_SIZE = 100


def corpus_texts() -> list[str]:
    """Real sentences when ../shared is here, else the project's own seeds."""
    normalize = TextNormalizer()
    if CFSC.exists():
        texts = [row["text"] for row in json.loads(CFSC.read_text(encoding="utf-8"))]
    else:
        docs = [d for d in read_corpus([PROJECT_ROOT / "seeds"]) if isinstance(d, Document)]
        texts = [t for d in docs for t in (d.title, d.body)] * 20
    return [normalize(t) for t in texts]


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def curated_entries() -> list[dict]:
    entries = []
    for path in sorted(GLOSSARIES.rglob("*.yaml")):
        if "generated" not in path.parts:
            entries += yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    return entries


def all_entries() -> dict[str, dict]:
    """Every entry by id, curated ones overriding generated ones as the loader does."""
    by_id: dict[str, dict] = {}
    for path in sorted(GLOSSARIES.rglob("*.yaml"), key=lambda p: "generated" not in p.parts):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            by_id[entry["id"]] = entry
    return by_id


def glossary_dir(root: Path, name: str, entries: list[dict]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "entries.yaml").write_text(yaml.safe_dump({"meta": {}, "entries": entries}, allow_unicode=True),
                                         encoding="utf-8")
    return folder


def most_mentioned(full, texts: list[str], n: int) -> list[str]:
    counts = Counter(m.entry_id for t in texts for m in full.find(t, "zh"))
    return [entry_id for entry_id, _ in counts.most_common(n)]


def scan_only(compiled, texts: list[str]) -> None:
    """The automaton pass alone, without the per-hit checks."""
    for text in texts:
        compiled._zh._automaton.find_matches_as_indexes(text, overlapping=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-tree", type=Path, action="append", default=[],
                        help="also time the link stage against this checkout (bench/link_speed.py)")
    parser.add_argument("--passes", type=int, default=15, help="link-stage passes per tree with --baseline-tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cold = best_of(args.repeat, lambda: compile_glossary(GLOSSARIES, use_cache=False))
        compile_glossary(GLOSSARIES, cache_dir=cache)
        warm = best_of(args.repeat, lambda: compile_glossary(GLOSSARIES, cache_dir=cache))
        full = compile_glossary(GLOSSARIES, cache_dir=cache)
        texts = corpus_texts()
        by_id = all_entries()
        small = compile_glossary(glossary_dir(Path(tmp), "first", curated_entries()[:SMALL_SIZE]), use_cache=False)
        top_ids = most_mentioned(full, texts, SMALL_SIZE)
        top = compile_glossary(glossary_dir(Path(tmp), "top", [by_id[i] for i in top_ids if i in by_id]),
                               use_cache=False)
    print(f"glossary: {len(full)} entries, {len(full.zh_keys)} Chinese + {len(full.en_keys)} English names")
    print(f"compile: cold {cold:.3f}s, warm (cache) {warm:.3f}s, cold/warm {cold / warm:.1f}x")

    chars = sum(map(len, texts))
    link_full = best_of(args.repeat, lambda: [full.find(t, "zh") for t in texts])
    hits = {name: sum(len(g.find(t, "zh")) for t in texts) for name, g in (("full", full), ("first", small),
                                                                         ("top", top))}
    print(f"link: {len(texts)} texts, {chars} chars; full glossary {chars / link_full / 1e6:.2f} M chars/s, "
          f"{hits['full']} mentions")
    for name, label, compiled in (("top", f"the {SMALL_SIZE} entries this corpus names most", top),
                                  ("first", f"the first {SMALL_SIZE} curated entries", small)):
        link_small = best_of(args.repeat, lambda c=compiled: [c.find(t, "zh") for t in texts])
        scan_full = best_of(args.repeat, lambda: scan_only(full, texts))
        scan_small = best_of(args.repeat, lambda c=compiled: scan_only(c, texts))
        print(f"  vs {label} ({hits[name]} mentions): link time full/small {link_full / link_small:.2f}x, "
              f"automaton scan alone {scan_full / scan_small:.2f}x")

    import jieba

    jieba.setLogLevel(logging.WARNING)

    def plain_tokenizer():
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        return tokenizer

    def loaded_tokenizer():
        tokenizer = plain_tokenizer()
        for word in full.jieba_words():
            tokenizer.add_word(word, GLOSSARY_WORD_FREQ)
        return tokenizer

    load_plain = best_of(args.repeat, plain_tokenizer)
    load_full = best_of(args.repeat, loaded_tokenizer)
    plain, loaded = plain_tokenizer(), loaded_tokenizer()
    seg_plain = best_of(args.repeat, lambda: [list(plain.cut(t)) for t in texts])
    seg_loaded = best_of(args.repeat, lambda: [list(loaded.cut(t)) for t in texts])
    print(f"jieba: load plain {load_plain:.3f}s, with {len(full.jieba_words())} glossary words {load_full:.3f}s; "
          f"segmentation {chars / seg_loaded / 1e3:.0f}k chars/s loaded vs {chars / seg_plain / 1e3:.0f}k plain, "
          f"throughput ratio loaded/plain {seg_plain / seg_loaded:.2f}")
    if args.baseline_tree:
        from bench.link_speed import DEFAULT_FILES, DEFAULT_LIMIT, compare

        for line in compare([*args.baseline_tree, PROJECT_ROOT], list(DEFAULT_FILES), args.passes, DEFAULT_LIMIT):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
