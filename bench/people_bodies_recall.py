"""How often people and public bodies named in dev news are linked: for each watched name, the segments
that contain it and the share of those where a person/org mention covers it (and which entity).

    NEWSBRIDGE_SHARED=/work/shared python bench/people_bodies_recall.py [--docs N] [--json OUT]

Dev sources only (cls_telegraph_2026, us_stocks_zh_2026); a fixed-seed sample of N documents per source.
Not a judged measure: a covering mention is counted as linked whatever entity it names; the entity ids
seen per name are printed so a wrong identity shows.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.io.readers import read_corpus
from pipeline.paths import SHARED_DIR
from pipeline.records import Document

SHARED = SHARED_DIR
SOURCES = {"cls_telegraph_2026": SHARED / "data/news/zh-hans/cls_telegraph_2026",
           "us_stocks_zh_2026": SHARED / "data/news/zh-hans/us_stocks_zh_2026"}
WATCHED = ("特朗普", "美联储", "潘功胜", "鲍威尔", "贝森特", "卢特尼克", "沃什", "哈塞特", "习近平", "李强", "何立峰",
           "财政部", "商务部", "央行", "证监会", "FOMC", "国务院", "工信部", "海关总署", "发改委", "金融监管总局",
           "马斯克", "黄仁勋", "奥尔特曼", "OpenAI", "字节跳动", "宇树", "普京", "泽连斯基", "内塔尼亚胡", "高市早苗",
           "欧洲央行", "日本央行", "拉加德", "植田和男", "雷军", "梁文锋", "吴清", "李云泽", "王文涛", "蓝佛安")
SEED = 16
WARM_UP = 20  # documents run once before timing


def sample(folder: Path, n: int) -> list[Document]:
    docs = [d for d in read_corpus([folder]) if isinstance(d, Document)]
    random.Random(SEED).shuffle(docs)
    return docs[:n]


def measure(docs: list[Document], stages, repeat: int = 1) -> tuple[dict[str, dict], float]:
    """Per watched name: segments holding it, segments where a person/org mention covers it, entity ids seen;
    and the link stage's best time of `repeat` runs on these documents (the machine is shared: take the best)."""
    link_seconds = 0.0
    for stage in stages:
        times = []
        for _ in range(repeat if stage.name == "link" else 1):
            started = time.perf_counter()
            out = stage.process(docs)
            times.append(time.perf_counter() - started)
        docs = out
        if stage.name == "link":
            link_seconds = min(times)
    seen: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    ids: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for seg in doc.segments:
            text = seg.zh or ""
            for name in WATCHED:
                at = text.find(name)
                if at < 0:
                    continue
                seen[name] += 1
                covering = [m for m in seg.entities if m.start <= at < m.end and m.type in ("person", "org")]
                if covering:
                    linked[name] += 1
                    ids[name][covering[0].entity_id] += 1
    return {name: {"segments": seen[name], "linked": linked[name], "ids": dict(ids[name].most_common(3))}
            for name in WATCHED}, link_seconds


def main() -> None:
    from pipeline.registry import build_stages, parse_steps
    from pipeline.textapi import LINK_STEPS, _context, text_config

    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--json")
    parser.add_argument("--repeat", type=int, default=5, help="link-stage timing runs (best is reported)")
    args = parser.parse_args()
    stages = build_stages(parse_steps(list(LINK_STEPS)), _context(text_config()))
    for stage in stages:
        stage.setup()
    report = {}
    measure(sample(SOURCES["cls_telegraph_2026"], WARM_UP), stages)  # lazy loads (jieba, tables) are not timed
    for source, folder in SOURCES.items():
        docs = sample(folder, args.docs)
        chars = sum(len(d.title) + len(d.body) for d in docs)
        result, seconds = measure(docs, stages, args.repeat)
        report[source] = {"names": result, "link_seconds": seconds, "chars": chars}
        print(f"## {source} ({args.docs} documents, {chars} chars; link stage {seconds:.2f}s, "
              f"{chars / seconds / 1e3:.0f}k chars/s)")
        for name, row in result.items():
            if row["segments"]:
                print(f"{name}\t{row['linked']}/{row['segments']}\t{row['ids']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
