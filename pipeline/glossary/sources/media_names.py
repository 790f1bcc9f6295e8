"""Two-character media short names of listed companies, learned from dev news: 石药 for 石药集团, 创科 for 创科实业.

Mainland media shorten many listed names to their first two characters (or to the core of core_names.py), and a
story that does so usually names the company in full or by its code as well. A candidate short name is the first
two characters of a listed company's Chinese name of four or more characters, or its two-character core. It is
kept for the company when, in the dev news read (cls_telegraph_2026 and us_stocks_zh_2026, never the held-out
sources), it stands alone (not as the start of a longer glossary name) in at least MIN_DOCS documents, and in at
least MIN_SHARE of those the company's full name or code is also written, and no other company is written as often
beside it, and dev news never writes it as the root of another organisation's name (三安集团,
国轩控股集团, 国晟能源 are parents; 上海恩捷 a unit: the first learned list linked those, 5 of 10 links wrong).
The generator makes each kept name a context-needing alias (it links only with company context:
石药涨超5%, 创科股价 link; 石药 alone does not).

Run: python -m pipeline.glossary.sources.media_names NEWS_DIR  → pipeline/glossary/data/media_short_names.tsv
(then make glossary-build).
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.io.atomic import write_text_atomic
from pipeline.io.jsonl import json_lines

DATA = Path(__file__).resolve().parent.parent / "data" / "media_short_names.tsv"
MIN_DOCS = 3
MIN_SHARE = 0.6
# A rival's co-occurrence count may be at most this share of the winner's.
MAX_RIVAL = 0.25
CODE = re.compile(r"\d{4,6}")
RISK_FORM = re.compile(r"^\*?ST(..)$")
# A short name that dev news also writes as the root of another organisation's name is no short name: followed by
# a group or business word (三安集团, 国轩控股集团, 国晟能源: parents) or after a place (上海恩捷, 江苏恩捷: units).
ROOT_NEXT = ("集团", "控股", "能源", "实业", "投资", "资本", "国际", "新能源", "新材", "科技有限",
             "有限公司")
PLACES = frozenset("""
北京 上海 天津 重庆 江苏 浙江 广东 深圳 湖北 湖南 安徽 四川 山东 河南 河北 福建 江西 云南 贵州 陕西
山西 辽宁 吉林 广西 海南 甘肃 青海 宁夏 新疆 西藏 珠海 厦门 苏州 无锡 宁波 杭州 广州 成都 武汉 合肥 南京 青岛 东莞 佛山
常州 南通 绍兴 嘉兴 温州 泉州 福州 长沙 郑州 西安 济南 沈阳 大连 香港 中国""".split())
SOURCES = ("zh-hans/cls_telegraph_2026/*.jsonl", "zh-hans/us_stocks_zh_2026/*.jsonl")


def read(path: Path) -> dict[str, str]:
    """short name → entity id, from the committed table."""
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


def candidates(entries) -> tuple[dict[str, set[str]], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """short → entity ids it may shorten; entity id → its full names (3+ characters); entity id → its codes."""
    shorts: dict[str, set[str]] = defaultdict(set)
    full: dict[str, tuple[str, ...]] = {}
    codes: dict[str, frozenset[str]] = {}
    for e in entries.values():
        if e.type != "company" or not e.ticker:
            continue
        names = [n for n in e.zh_names() if re.fullmatch(r"[\u4e00-\u9fff]+", n)]
        for n in names:
            if len(n) >= 4:
                shorts[n[:2]].add(e.id)
            if (m := RISK_FORM.match(n)) is not None:
                shorts[m.group(1)].add(e.id)
        for n in e.zh_names():
            if (m := RISK_FORM.match(n)) is not None and re.fullmatch(r"[\u4e00-\u9fff]{2}", m.group(1)):
                shorts[m.group(1)].add(e.id)
        full[e.id] = tuple(n for n in names if len(n) >= 3)
        codes[e.id] = frozenset(t.split(".")[0].lstrip("0") for t in [e.ticker, *e.tickers] if t and t[0].isdigit())
    return shorts, full, codes


def learn(news: Path, entries, held: set[str], everyday) -> list[tuple[str, str, int, int, int]]:
    """(short, entity id, documents where it stands alone, of them with the company named, rival's count)."""
    shorts, full, codes = candidates(entries)
    shorts = {s: ids for s, ids in shorts.items() if s not in held and not everyday(s)}
    longer: dict[str, list[str]] = defaultdict(list)  # short → glossary names that begin with it
    for name in held:
        if len(name) > 2 and name[:2] in shorts:
            longer[name[:2]].append(name)
    import ahocorasick_rs

    long_names = sorted(n for n in held if len(n) >= 3)
    automaton = ahocorasick_rs.AhoCorasick(long_names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    alone: Counter[str] = Counter()
    roots: Counter[str] = Counter()  # uses as another organisation's root
    beside: Counter[tuple[str, str]] = Counter()
    for pattern in SOURCES:
        for path in sorted(news.glob(pattern)):
            for row in json_lines(path):
                text = f"{row.get('title') or ''}\n{row.get('body') or ''}"
                inside = set()
                for _k, a, b in automaton.find_matches_as_indexes(text):
                    inside.update(range(a, b))
                places = [i for i in range(len(text) - 1)
                          if text[i:i + 2] in shorts and i not in inside and i + 1 not in inside
                          and not any(text.startswith(n, i) for n in longer[text[i:i + 2]])]
                found = {text[i:i + 2] for i in places}
                for i in places:
                    if text.startswith(ROOT_NEXT, i + 2) or text[max(0, i - 2):i] in PLACES:
                        roots[text[i:i + 2]] += 1
                if not found:
                    continue
                numbers = {c.lstrip("0") for c in CODE.findall(text)}
                for s in found:
                    alone[s] += 1
                    for entity in shorts[s]:
                        if any(n in text for n in full[entity]) or codes[entity] & numbers:
                            beside[s, entity] += 1
    out = []
    for s, n in alone.items():
        ranked = sorted(((beside[s, e], e) for e in shorts[s]), reverse=True)
        best, entity = ranked[0]
        rival = ranked[1][0] if len(ranked) > 1 else 0
        if best >= MIN_DOCS and best >= MIN_SHARE * n and rival <= MAX_RIVAL * best and not roots[s]:
            out.append((s, entity, n, best, rival))
    return sorted(out)


def main(argv: list[str]) -> int:
    from pipeline.glossary import compile_glossary
    from pipeline.glossary.generate import everyday_or_common_words
    from pipeline.paths import PROJECT_GLOSSARIES, SHARED_DIR

    news = Path(argv[0]) if argv else SHARED_DIR / "data" / "news"
    glossary = compile_glossary(PROJECT_GLOSSARIES)
    held = {n for e in glossary.entries.values()
            for n in [*e.zh_names(), *e.aliases_zh_hant, *e.aliases_zh_hans,
                      *(x for names in e.aliases_zh_locale.values() for x in names)]}
    held -= set(read(DATA))  # the table's own names, which the generated glossary already holds
    rows = learn(news, glossary.entries, held, everyday_or_common_words().__contains__)
    lines = ["# Two-character media short names of listed companies, learned from dev news (cls_telegraph_2026,",
             "# us_stocks_zh_2026) by pipeline/glossary/sources/media_names.py: short, entity id, documents where it",
             f"# stands alone, of them naming the company in full or by code (>= {MIN_DOCS}, >= {MIN_SHARE:.0%}),"
             " the best rival's count.",
             *("\t".join(map(str, row)) for row in rows)]
    write_text_atomic(DATA, "\n".join(lines) + "\n")
    print(f"{len(rows)} short names → {DATA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
