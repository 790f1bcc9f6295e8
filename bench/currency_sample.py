"""Money amounts of dev news in their right currency: a random draw judged by hand, and its score.

    python -m bench.currency_sample --draw GROUP [COUNT]   (draft rows with the sentence, for the judge's eyes only:
                                                           stdout, never into the tree; GROUP: cnyes, cls, us)
    python -m bench.currency_sample [--list]               (score tests/fixtures/currency_dev/*.jsonl)

Two judged draws (tests/fixtures/currency_dev/):

- `amounts.jsonl`: the draw above. It shuffles the group's records with random.Random("currency6:<group>") and
  takes one money amount (an amount main's number reader gave a currency) of each record in that order, at random
  among the record's amounts, until COUNT (100 per group);
- `unitless.jsonl`: 40 per group of amounts written with 万/亿/兆 and no unit or currency word (净利润3.54亿,
  成交额1.5万亿, but also 2亿画素, 500万瓩), to which main gave no currency: drawn by the same method with the seed
  "currency6-unitless:<group>", each judged money (its currency) or not (`none`); `?` where the judge could not
  tell (left out of the score).

Rows hold the source, record index, part (title/body), offsets into the normalized field, the currency the
reader gave at the draw and the judge's currency (ISO 4217, `none`): no news text. The score re-runs each record
through normalize → segment → link, as `newsbridge run` does with the record's `source` and `url`.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from bench.fresh_eval import rendered_currencies
from bench.linking_eval import NEWS, Pipeline, located_segments, read_records, record_origins
from pipeline.glossary import compile_glossary
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "currency_dev"
GROUPS = {
    "cnyes": sorted(f"zh-hant/{p.name}" for p in (NEWS / "zh-hant").glob("cnyes_headlines_*.csv")),
    "cls": sorted(f"zh-hans/cls_telegraph_2026/{p.name}"
                  for p in (NEWS / "zh-hans/cls_telegraph_2026").glob("*.jsonl")),
    "us": ["zh-hans/us_stocks_zh_2026/us_stocks_zh_2026.jsonl"],
}


def amounts(pipeline: Pipeline, source: str, record: int) -> list[dict]:
    """Every money amount of one record: part, offsets into the normalized field, rendered ISO currency, text."""
    doc = pipeline.run(*read_records(source)[record], meta=record_origins(source)[record])
    out = []
    for part in ("title", "body"):
        text = doc.title if part == "title" else doc.body
        for seg, at in located_segments(doc, part):
            for s, e, iso in rendered_currencies(seg):
                out.append({"part": part, "start": s + at, "end": e + at, "rendered": iso, "locale": seg.locale,
                            "text": text, "sentence": seg.zh})
    return out


def draw(group: str, count: int, pipeline: Pipeline) -> list[dict]:
    records = [(source, i) for source in GROUPS[group] for i in range(len(read_records(source)))]
    rng = random.Random(f"currency6:{group}")
    rng.shuffle(records)
    rows: list[dict] = []
    for source, i in records:
        found = amounts(pipeline, source, i)
        if found:
            a = rng.choice(found)
            rows.append({"source": source, "record": i, **a})
        if len(rows) == count:
            break
    return rows


def score(rows: list[dict], pipeline: Pipeline) -> dict[str, tuple[int, int]]:
    """group → (right, total): the amount rendered now in the judged currency."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row["currency"] == "?":
            continue
        got = next((a["rendered"] for a in amounts(pipeline, row["source"], row["record"])
                    if a["part"] == row["part"] and a["start"] < row["end"] and row["start"] < a["end"]), "none")
        t = tally[row["group"]]
        t[0] += got == row["currency"]
        t[1] += 1
        if got != row["currency"] and "--list" in sys.argv:
            print(f"  wrong: {row['source']}#{row['record']}:{row['part']}:{row['start']} → {got}, judged "
                  f"{row['currency']}")
    return {g: (r, n) for g, (r, n) in tally.items()}


def main(argv: list[str]) -> int:
    pipeline = Pipeline(compile_glossary(PROJECT_ROOT / "glossaries"))
    if argv[:1] == ["--draw"]:
        for row in draw(argv[1], int(argv[2]) if len(argv) > 2 else 100, pipeline):
            print(json.dumps({"group": argv[1], **row}, ensure_ascii=False))
        return 0
    for path in sorted(Path(FIXTURES).glob("*.jsonl")):
        rows = list(json_lines(path))
        total = [0, 0]
        for group, (right, n) in sorted(score(rows, pipeline).items()):
            print(f"{path.stem} {group}: currency right {right / n:.3f} ({right}/{n})")
            total[0] += right
            total[1] += n
        print(f"{path.stem} all: currency right {total[0] / total[1]:.3f} ({total[0]}/{total[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
