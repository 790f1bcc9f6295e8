"""Which A-share companies' English names the naming change alters, among the companies that link in a sample
of dev news (issue 16 item 6; docs/linking.md). Prints counts and a random sample of (id, old, new) to judge by
hand; writes names only, never news text.

    python bench/naming_changes.py OLD_A_SHARES_YAML [N_PER_SOURCE] [N_SHOWN]
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT as ROOT
from pipeline.paths import SHARED_DIR

NEWS = SHARED_DIR / "data" / "news" / "zh-hans"
SOURCES = {"cls_telegraph_2026": lambda: _jsonl(sorted((NEWS / "cls_telegraph_2026").glob("*.jsonl")),
                                                  ("title", "body")),
           "cfbenchmark": lambda: _jsonl(sorted(NEWS.glob("cfbenchmark*.jsonl")), ("input",))}
SEED = 20261206
# Patterns an editor rejects: a closing industry word left in pinyin, a pinyin word cut off its syllables.
INDUSTRY_PINYIN = re.compile(r"\b(?:Yeya|Zheye|Dianqu|Gongye|Keji|Yiyao|Shiye|Kuangye|Nengyuan|Dianzi|Cailiao|"
                             r"Zhineng|Shebei|Zhiyao|Huagong|Jixie|Dianqi|Qiche|Guangdian|Xinxi|Tongxin|Yaoye|"
                             r"Shengwu|Jiaoyu|Chuanmei|Wuliu|Huanbao|Jiance|Sheji|Chuangxin|Chuangye|Zhuangbei|"
                             r"Jituan|Kongzhi|Jiguang|Yule|Chucun|Jicheng|Suodao|Huojian|Lidian)\b")


def _jsonl(files: list[Path], keys: tuple[str, ...]) -> list[str]:
    out = []
    for f in files:
        for row in json_lines(f):
            out.append("\n".join(str(row.get(k) or "") for k in keys))
    return out


def cut_pinyin(en: str, zh: str) -> bool:
    """A three-character name romanized 2+1 (Zhouda Sheng): the seed's cut, wrong for a person's name."""
    words = en.split()
    return len(zh) == 3 and len(words) == 2 and all(w.isalpha() and w[0].isupper() and w[1:].islower()
                                                     for w in words)


def main(argv: list[str]) -> int:
    from pipeline.glossary import compile_glossary
    from stages.link import LinkStage

    old = {e["id"]: e for e in yaml.safe_load(Path(argv[0]).read_text("utf-8"))["entries"]}
    per_source = int(argv[1]) if len(argv) > 1 else 3000
    stage = LinkStage(compile_glossary(ROOT / "glossaries"))
    rng = random.Random(SEED)
    linked: dict[str, tuple[str, str]] = {}
    for name, read in SOURCES.items():
        texts = read()
        sample = rng.sample(texts, min(per_source, len(texts)))
        ids = {m.entity_id: m.canonical for t in sample for m in stage.mentions(t, "zh") if m.entity_id in old}
        print(f"{name}: {len(sample)} records, {len(ids)} A-share companies linked")
        linked.update({i: (old[i]["zh"], en) for i, en in ids.items()})
    # A curated file's English overrides the generated one in both runs: only generated names can have changed.
    generated = {e["id"]: e["en"] for e in yaml.safe_load((ROOT / "glossaries" / "generated" / "a_shares.yaml")
                                                          .read_text("utf-8"))["entries"]}
    linked = {i: (zh, en) for i, (zh, en) in linked.items() if generated.get(i) == en}
    changes = [(i, zh, old[i]["en"], new) for i, (zh, new) in sorted(linked.items()) if old[i]["en"] != new]
    print(f"all: {len(linked)} companies named by the generator, {len(changes)} English names changed")
    for label, test in (("industry word in pinyin", lambda en, zh: bool(INDUSTRY_PINYIN.search(en))),
                        ("3-char name cut 2+1", cut_pinyin)):
        before = sum(test(old[i]["en"], zh) for i, (zh, _) in linked.items())
        after = sum(test(en, zh) for i, (zh, en) in linked.items())
        print(f"{label}: {before} → {after}")
    for row in random.Random(SEED).sample(changes, min(int(argv[2]) if len(argv) > 2 else 60, len(changes))):
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
