"""Writes pipeline/glossary/data/latin_acronyms.txt: capitals tokens that equal a US ticker of the glossary but
that dev news mostly writes as something else (pipeline/glossary/latin_tickers.py).

Reads every sentence of cls_telegraph_2026 (a dev source; A-share telegraphs, few US tickers): a token in 5 or
more sentences of which fewer than half carry a ticker's evidence (a `$`, the company's Chinese name, US-market
words) is an acronym there. Run: NEWSBRIDGE_SHARED=../shared python -m bench.latin_acronyms
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from bench.linking_eval import NEWS
from pipeline.glossary import compile_glossary
from pipeline.glossary.latin_tickers import DATA, HAND_ACRONYMS, US_MARKET, candidates, us_tickers
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT

MIN_SENTENCES = 5
MIN_EVIDENCE_SHARE = 0.5
SENTENCE = re.compile(r"[^。！？\n]+")


def main(argv: list[str]) -> int:
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    tickers, names = us_tickers(glossary.entries)
    own_names = {e: {*glossary.entries[e].zh_names(), *glossary.entries[e].en_names()} for e in names}
    seen: Counter[str] = Counter()
    evidenced: Counter[str] = Counter()
    for path in sorted((NEWS / "zh-hans" / "cls_telegraph_2026").glob("*.jsonl")):
        for row in json_lines(path):
            for sentence in SENTENCE.findall(row.get("body") or row.get("title") or ""):
                for _start, _end, dollar, token in {c for c in candidates(sentence)}:
                    entity = tickers.get(token)
                    if entity is None or token in HAND_ACRONYMS or token in own_names[entity]:
                        continue  # (AMD, IBM, KKR: the company's own Latin name, linked as a name)
                    seen[token] += 1
                    if dollar or US_MARKET.search(sentence) or any(n in sentence for n in names[entity]):
                        evidenced[token] += 1
    rows = sorted((t for t, n in seen.items() if n >= MIN_SENTENCES and evidenced[t] < MIN_EVIDENCE_SHARE * n),
                  key=lambda t: (-seen[t], t))
    lines = ["# Capitals tokens equal to a US ticker that cls_telegraph_2026 writes as something else: made by",
             f"# bench/latin_acronyms.py (>= {MIN_SENTENCES} sentences, < {MIN_EVIDENCE_SHARE:.0%} with a ticker's"
             " evidence). token, sentences, with evidence.",
             *(f"{t}\t{seen[t]}\t{evidenced[t]}" for t in rows)]
    DATA.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} tokens → {DATA}", file=sys.stderr)
    for t, n in seen.most_common(80):
        print(t, n, evidenced[t], "ACRONYM" if t in rows else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
