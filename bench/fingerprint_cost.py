"""What the content fingerprints of issue 20 cost: planning and reading a large JSONL (and a .jsonl.gz read whole)
with them, as a ratio against the same work without them, measured in one process on the same files.

    .venv/bin/python -m bench.fingerprint_cost [RECORDS]     ("before" planning needs git: main at BASE)

- planning: this branch's plan_shards (which hashes every window in its offsets pass, and a file read whole by its
  raw bytes) against main's (BASE), which found the offsets only;
- reading: every shard's records read with each window hashed as it is read and compared (read_shard with
  digests, then _content_changed) against read_shard without;
- the bare line pass under the readers (no parsing), with and without the hash: the hashing itself;
- the hash functions of hashlib on 64 MB, for the choice of FINGERPRINT_HASH.
Each figure is the best of REPEATS rounds, the two sides taking turns within a round (the machine is shared:
the minimum is the least disturbed).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.before import module_at  # noqa: E402
from pipeline.io.lines import FINGERPRINT_HASH, WindowHash, capped_lines  # noqa: E402
from pipeline.io.readers import ReadOptions  # noqa: E402
from pipeline.shards import _content_changed, plan_shards, read_shard  # noqa: E402

BASE = "757a95b"  # main before the fingerprints
RECORDS = 200_000
SHARD_RECORDS = 500  # the default shard_records
REPEATS = 5


def _old_shards(tmp: Path):
    return module_at(BASE, "pipeline/shards.py", "old_shards", tmp)


def _best(*works: Callable[[], object]) -> list[float]:
    """The least time of each of `works` over REPEATS rounds, run in turn within each round (so a burst of load
    from the other work on a shared machine falls on both sides)."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(REPEATS):
        for work, spent in zip(works, times, strict=True):
            t0 = time.perf_counter()
            work()
            spent.append(time.perf_counter() - t0)
    return [min(spent) for spent in times]


def _read_all(plan, options: ReadOptions, hashed: bool) -> int:
    n = 0
    for shard in plan.shards:
        digests = [WindowHash(p.start, p.end) for p in shard.pieces] if hashed else None
        n += sum(1 for _ in read_shard(shard, options, digests))
        if digests is not None:
            assert not _content_changed(shard, digests)
    return n


def _lines(path: Path, hashed: bool) -> None:
    """The bare line pass under every reader of a splittable file, with or without the hash (no parsing)."""
    digest = WindowHash()
    with path.open("rb") as fh:
        for _ in capped_lines(digest.wrap(fh) if hashed else fh, ReadOptions().max_record_bytes):
            pass
    if hashed:
        digest.hexdigest(path)


def main() -> None:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else RECORDS
    options = ReadOptions()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old = _old_shards(tmp)
        text = "".join(json.dumps({"id": f"r{i}", "title": f"中际旭创第三季度营收增长{i % 97}%",
                                   "body": "公司公告称，营收同比增长30%。" * 8}, ensure_ascii=False) + "\n"
                       for i in range(records)).encode()
        plain = tmp / "news.jsonl"
        plain.write_bytes(text)
        packed = tmp / "news.jsonl.gz"
        packed.write_bytes(gzip.compress(text, compresslevel=6))
        print(f"{records:,} records: {plain.stat().st_size / 1e6:.1f} MB .jsonl, "
              f"{packed.stat().st_size / 1e6:.1f} MB .jsonl.gz; shard_records {SHARD_RECORDS}; best of {REPEATS}; "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
        print("| figure | without fingerprints | with | ratio |\n|---|---|---|---|")
        for path in (plain, packed):
            before, after = _best(lambda p=path: old.plan_shards([p], options, SHARD_RECORDS),
                                  lambda p=path: plan_shards([p], options, SHARD_RECORDS))
            print(f"| plan {path.name} | {before:.2f} s (main {BASE}) | {after:.2f} s | {after / before:.3f} |")
            plan = plan_shards([path], options, SHARD_RECORDS)
            bare, hashed = _best(lambda p=plan: _read_all(p, options, hashed=False),
                                 lambda p=plan: _read_all(p, options, hashed=True))
            print(f"| read every shard of {path.name} | {bare:.2f} s | {hashed:.2f} s | {hashed / bare:.3f} |")
        bare, hashed = _best(lambda: _lines(plain, hashed=False), lambda: _lines(plain, hashed=True))
        print(f"| the line pass alone of {plain.name} (no parsing) | {bare:.2f} s | {hashed:.2f} s | "
              f"{hashed / bare:.3f} |")
        data = os.urandom(64 << 20)
        speeds = []
        for name in ("sha256", "blake2b", "sha1", "md5"):
            (seconds,) = _best(lambda n=name: hashlib.new(n, data).digest())
            speeds.append(f"{name} {len(data) / seconds / 1e9:.2f} GB/s")
        print(f"\nhashlib on 64 MB: {', '.join(speeds)} (FINGERPRINT_HASH = {FINGERPRINT_HASH!r})")


if __name__ == "__main__":
    main()
