"""Before/after for issue 10 (inputs): the documents and rejects that main's readers (commit 9efae60) and
this branch's give for real and written inputs, and how long each takes.

    .venv/bin/python bench/inputs_before_after.py     (the cnyes row needs ../shared; "before" needs git)
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.before import module_at  # noqa: E402

BASE = "9efae60"  # main before the inputs slice
ROWS = 1_000
PLAIN_COPIES = 50


def _old_readers(tmp: Path):
    return module_at(BASE, "pipeline/io/readers.py", "old_readers", tmp)


def _cases(tmp: Path) -> dict[str, list[Path]]:
    shared = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT)
    rows = [json.dumps({"id": f"r{i}", "title": "中际旭创第三季度营收增长", "body": "公司公告称，营收同比增长30%。"},
                       ensure_ascii=False) for i in range(ROWS)]
    (tmp / "gb.jsonl").write_bytes("\n".join(rows).encode("gb18030"))
    (tmp / "u16.jsonl").write_bytes("\n".join(rows).encode("utf-16"))
    (tmp / "cr.jsonl").write_bytes("\r".join(rows).encode())
    (tmp / "plain.jsonl").write_bytes("\n".join(r.replace('"r', f'"p{k}-') for k in range(PLAIN_COPIES)
                                                for r in rows).encode())
    (tmp / "hostile.jsonl").write_text("\n".join([
        '{"id": "deep", "title": "t", "x": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"id": "big", "title": "t", "n": ' + "9" * 5_000 + "}", rows[0]]), encoding="utf-8")
    (tmp / "gzdir").mkdir()
    (tmp / "gzdir" / "a.jsonl.gz").write_bytes(gzip.compress("\n".join(rows).encode()))
    return {
        "cnyes CSV (5 months, real)": sorted((shared / "data/news/zh-hant").glob("*.csv")),
        f"GB18030 JSONL ({ROWS:,})": [tmp / "gb.jsonl"],
        f"UTF-16 JSONL ({ROWS:,})": [tmp / "u16.jsonl"],
        f"CR-only JSONL ({ROWS:,})": [tmp / "cr.jsonl"],
        "deep + 5,000-digit + 1 good JSONL": [tmp / "hostile.jsonl"],
        f"dir of .jsonl.gz ({ROWS:,})": [tmp / "gzdir"],
        f"plain UTF-8 JSONL ({ROWS * PLAIN_COPIES:,})": [tmp / "plain.jsonl"],
    }


def main() -> None:
    from pipeline.io import readers as new
    from pipeline.records import Document

    tmp = Path(tempfile.mkdtemp())
    old = _old_readers(tmp)
    print(f"{'input':32} {'before docs/rejects':>20} {'after docs/rejects':>20} {'before s':>9} {'after s':>8}")
    for name, paths in _cases(tmp).items():
        counts, seconds = [], []
        for module in (old, new):
            t0 = time.perf_counter()
            try:
                items = list(module.read_corpus(paths))
                docs = sum(isinstance(i, Document) for i in items)
                counts.append(f"{docs}/{len(items) - docs}")
            except Exception as e:  # the old readers raise on some inputs
                counts.append(type(e).__name__)
            seconds.append(time.perf_counter() - t0)
        print(f"{name:32} {counts[0]:>20} {counts[1]:>20} {seconds[0]:9.2f} {seconds[1]:8.2f}")


if __name__ == "__main__":
    main()
