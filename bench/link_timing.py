"""One tree's link stage on dev news, timed: run by bench/link_speed.py as a script in a subprocess whose
PYTHONPATH and working directory are the checkout to measure (this one or an older one), so it imports only
what every version of the project has: read_corpus, NormalizeStage, SegmentStage, LinkStage.

    python bench/link_timing.py [--limit N] [--mentions OUT.jsonl] FILE...

It reads, normalizes and segments the files, links them once (lazy tables are built then), prints "ready",
and then times one LinkStage.process pass for every line "pass" it reads on stdin, printing the CPU seconds
(time.process_time: other processes on the machine count less than with a wall clock). Before each pass every
memo of the project's modules is emptied (clear_memos), so a pass costs what the first pass over new text
costs. At end of input it prints one JSON line: the tree's modules, the Chinese characters linked, the
mention count and a digest of every mention. The driver alternates passes between trees, so all of them are
timed under the same load.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import sys
import time
from pathlib import Path


def clear_memos() -> int:
    """Empty every lru_cache with room for more than one answer (memos of texts, windows, hits) in the loaded
    project modules; tables loaded once (maxsize 1: jieba's dictionary, the context words) stay."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith(("pipeline.", "stages.")):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name and info().maxsize != 1:
                value.cache_clear()
                cleared += 1
    return cleared


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="documents per file (0: all)")
    parser.add_argument("--mentions", type=Path, help="write every segment's mentions here, one JSON line each")
    args = parser.parse_args()

    import pipeline
    from pipeline.glossary import compile_glossary
    from pipeline.io.readers import read_corpus
    from pipeline.paths import PROJECT_ROOT
    from pipeline.records import Document
    from stages.link import LinkStage
    from stages.normalize import NormalizeStage
    from stages.segment import SegmentStage

    docs = []
    for path in args.files:
        found = [d for d in read_corpus([path]) if isinstance(d, Document)]
        docs += found[:args.limit] if args.limit else found
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    normalize = NormalizeStage()
    normalize.setup()
    segment = SegmentStage(glossary)
    segment.setup()
    docs = segment.process(normalize.process(docs))
    link = LinkStage(glossary)
    link.process(docs)  # warm: lazy tables (dictionary, automata, country context) are built here
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "pass":
            break
        clear_memos()
        gc.collect()
        started = time.process_time()
        link.process(docs)
        print(f"{time.process_time() - started:.6f}", flush=True)
    rows = [json.dumps({"doc": d.id, "seg": s.seg_id, "m": [vars(m) for m in s.entities]},
                       ensure_ascii=False, sort_keys=True, default=str)
            for d in docs for s in d.segments]
    if args.mentions:
        args.mentions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    chars = sum(len(s.zh or "") for d in docs for s in d.segments if s.src_lang == "zh")
    print(json.dumps({"tree": str(Path(pipeline.__file__).parent.parent), "docs": len(docs), "chars": chars,
                      "glossary": len(glossary),
                      "mentions": sum(len(s.entities) for d in docs for s in d.segments),
                      "digest": hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
