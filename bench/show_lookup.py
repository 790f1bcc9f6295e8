"""How `newsbridge show` finds one document in a large output: segments.parquet of N rows (the seeds' segments
repeated under shuffled doc ids, written in 10,000-row groups like the writers do), one id looked up by
`RunOutput.rows` (statistics, then the doc_id column, then one row group) and by a plain filtered scan.

    .venv/bin/python bench/show_lookup.py OUT [ROWS]     # OUT: a finished run, e.g. of seeds/
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.io.writers import ROW_GROUP_ROWS
from pipeline.views.output import RunOutput

DEFAULT_ROWS = 500_000
SEED = 11


def build(source: Path, target: Path, rows: int) -> str:
    segments = pq.read_table(source / "segments.parquet")
    copies = rows // segments.num_rows + 1
    ids = [f"doc-{i:07d}" for i in range(copies)]
    random.Random(SEED).shuffle(ids)  # corpus order, not id order: statistics alone prune little
    tables = []
    for i in range(copies):
        tables.append(segments.set_column(0, "doc_id", pa.array([ids[i]] * segments.num_rows)))
    table = pa.concat_tables(tables).slice(0, rows)
    target.mkdir(parents=True)
    pq.write_table(table, target / "segments.parquet", row_group_size=ROW_GROUP_ROWS)
    (target / "manifest.json").write_text(json.dumps({"counts": {}}), encoding="utf-8")
    return ids[copies // 2]


def main() -> None:
    source, rows = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_ROWS
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "big"
        doc_id = build(source, out, rows)
        size = (out / "segments.parquet").stat().st_size
        started = time.perf_counter()
        found = RunOutput.open(out).rows("segments", doc_id)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        dataset = ds.dataset(out / "segments.parquet", format="parquet")
        plain = dataset.to_table(filter=ds.field("doc_id") == doc_id).to_pylist()
        scan = time.perf_counter() - started
        assert found == plain
        print(f"segments.parquet {rows:,} rows, {size / 2**20:.1f} MB; {len(found)} rows of {doc_id}: "
              f"show's lookup {ours:.3f}s, plain filtered scan {scan:.3f}s")


if __name__ == "__main__":
    main()
