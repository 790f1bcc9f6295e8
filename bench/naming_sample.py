"""Canonical English of linked mentions in dev news, for judging names by hand (issue 16 item 6).

Links every record of the dev sources (cls_telegraph_2026 items with publisher stock tags, us_stocks_zh_2026,
cnyes headlines), writes the canonical English of every linked entity with its mention count, and draws a seeded
random sample of mentions (source, record, part, offsets, surface, entity, English: names only, never news text).
Judging: a verdicts TSV (entity id, English, verdict, why) is read back; a mention is acceptable when its
entity's current English has an "ok" verdict, and a mention with an unjudged English is listed to judge.

    python bench/naming_sample.py OUT_DIR [N] [VERDICTS_TSV]

The round-3 draw and its verdicts are in tests/fixtures/naming_round3/ (copy sample.jsonl into OUT_DIR to re-read
the same mentions; mentions are located by source, record, part and offsets, with the normalized text's offsets).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT as ROOT
from pipeline.paths import SHARED_DIR

NEWS = SHARED_DIR / "data" / "news"
SEED = 20261206
TYPES = ("company", "fund", "org", "person", "index")  # entity types, as the fresh fixture's gold


def _cls() -> list[tuple[int, str, str]]:
    out, n = [], 0
    for f in sorted((NEWS / "zh-hans" / "cls_telegraph_2026").glob("*.jsonl")):
        for row in json_lines(f):
            if row.get("tagged_stocks"):
                out += [(n, "title", row.get("title") or ""), (n, "body", row.get("body") or "")]
            n += 1
    return out


def _us() -> list[tuple[int, str, str]]:
    out = []
    path = NEWS / "zh-hans" / "us_stocks_zh_2026" / "us_stocks_zh_2026.jsonl"
    for n, row in enumerate(json_lines(path)):
        out += [(n, "title", row.get("title") or ""), (n, "body", row.get("body") or "")]
    return out


def _cnyes() -> list[tuple[int, str, str]]:
    out = []
    for f in sorted((NEWS / "zh-hant").glob("cnyes_headlines_*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            out += [(n, f"title:{f.name}", row["標題"]) for n, row in enumerate(csv.DictReader(fh))]
    return out


SOURCES = {"cls_telegraph_2026": (_cls, "hans"), "us_stocks_zh_2026": (_us, "hans"), "cnyes": (_cnyes, "hant")}


def linked(stage, normalize) -> list[dict]:
    """Every linked mention of every dev source."""
    rows = []
    for source, (read, script) in SOURCES.items():
        for record, part, text in read():
            text = normalize(text)
            for m in stage.mentions(text, "zh", script):
                if m.type not in TYPES:
                    continue  # terms and products are not names an editor judges (the fresh fixture's gold)
                rows.append({"source": source, "record": record, "part": part, "start": m.start, "end": m.end,
                             "surface": m.surface, "entity": m.entity_id, "type": m.type, "en": m.canonical})
    return rows


def _verdicts(path: Path | None) -> dict[tuple[str, str], tuple[str, str]]:
    if not path or not path.exists():
        return {}
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            entity, en, verdict, *why = line.split("\t")
            out[(entity, en)] = (verdict, why[0] if why else "")
    return out


def main(argv: list[str]) -> int:
    from pipeline.glossary import compile_glossary
    from pipeline.text.normalizer import TextNormalizer
    from stages.link import LinkStage

    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    n = int(argv[1]) if len(argv) > 1 else 200
    verdicts = _verdicts(Path(argv[2]) if len(argv) > 2 else None)
    stage = LinkStage(compile_glossary(ROOT / "glossaries"))
    rows = linked(stage, TextNormalizer())
    by_entity = Counter((r["entity"], r["en"], r["type"]) for r in rows)
    with (out / "entities.tsv").open("w", encoding="utf-8") as fh:
        for (entity, en, kind), count in by_entity.most_common():
            surface = Counter(r["surface"] for r in rows if r["entity"] == entity).most_common(1)[0][0]
            fh.write(f"{count}\t{entity}\t{kind}\t{surface}\t{en}\n")
    sample_file = out / "sample.jsonl"
    if sample_file.exists():  # the same mentions, re-read with today's English
        keys = list(json_lines(sample_file))
        index = {(r["source"], r["record"], r["part"], r["start"], r["end"]): r for r in rows}
        sample = [index.get((k["source"], k["record"], k["part"], k["start"], k["end"]), {**k, "en": "(unlinked)"})
                  for k in keys]
    else:
        sample = random.Random(SEED).sample(rows, min(n, len(rows)))
        sample_file.write_text("".join(json.dumps({k: r[k] for k in ("source", "record", "part", "start", "end",
                                                                        "surface", "entity")}, ensure_ascii=False)
                                       + "\n" for r in sample), "utf-8")
    print(f"{len(rows)} mentions, {len(by_entity)} entities; sample {len(sample)}")
    per: dict[str, Counter] = {}
    todo = set()
    for r in sample:
        v = verdicts.get((r["entity"], r["en"]))
        per.setdefault(r["source"], Counter())[v[0] if v else "unjudged"] += 1
        if not v:
            todo.add((r["entity"], r["en"], r["surface"]))
    for source, c in sorted(per.items()):
        judged = c["ok"] + c["bad"]
        print(f"{source}: {dict(c)}" + (f" acceptable {c['ok'] / judged:.3f}" if judged else ""))
    total = sum(per.values(), Counter())
    if total["ok"] + total["bad"]:
        print(f"all: {dict(total)} acceptable {total['ok'] / (total['ok'] + total['bad']):.3f}")
    for entity, en, surface in sorted(todo):
        print(f"TODO\t{entity}\t{en}\t{surface}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
