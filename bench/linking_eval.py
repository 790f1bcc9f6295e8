"""Precision and recall of entity linking against the hand-judged sample in tests/fixtures/linking_judged/.

    python -m bench.linking_eval [--all]      (--all lists every false positive and miss, not only the first 40)
    python -m bench.linking_eval --draw SOURCE COUNT [SKIP]     (the judges' draw: draft rows, with text, on stdout)

The fixture records where each judged segment sits in ../shared/data/news (source file, record index,
title or body, character offsets into the normalized text) and the gold mentions in it; the news text
itself stays in ../shared. Each record is run through the real normalize → segment → link stages, so the
figures follow whatever the linker does today.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.glossary.subsidiary import UNIT_SEPARATOR, unit_entry
from pipeline.io.jsonl import json_lines
from pipeline.paths import PROJECT_ROOT, SHARED_DIR
from pipeline.records import Document, Mention, Segment
from pipeline.stage import Stage
from stages.link import LinkStage
from stages.normalize import NormalizeStage
from stages.segment import SegmentStage

SHARED = SHARED_DIR
NEWS = SHARED / "data" / "news"
FIXTURE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "linking_judged"
SEGMENTS_FILE = FIXTURE_DIR / "segments.jsonl"
HEADLINES_FILE = FIXTURE_DIR / "headlines.jsonl"
# Entity types the judges were complete for; terms and products are phrase renderings, not judged here.
JUDGED_TYPES = frozenset({"company", "fund", "index", "org", "person"})
# A gold key: a ticker (600938.SH, 0883.HK, 2330.TW, 6488.TWO, 00933B.TW, 7203.T, 005930.KS, NVDA, BRK.B,
# SIE.DE; Tokyo's newer codes carry a letter: 285A.T) or name:<English>; "|" joins equivalent keys of one entity.
TICKER_RE = re.compile(r"^(?:\d{4,6}[A-Z]?\.[A-Z]{1,3}|\d{3}[A-Z]\.T|[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z]{1,2})?)$")
NAME_PREFIX = "name:"
KEY_SEPARATOR = "|"
# What may follow a name without making it another mention (the gold marks the name without it).
# So are the listing markers the exchanges append to a short name: Taiwan's -KY (a foreign issuer), the STAR and
# ChiNext -U (not yet profitable), -W (weighted voting rights) and -UW, which the judges keep outside the span as
# they keep *ST (fresh/README.md, round 6).
LISTING_MARKERS = ("-KY", "–KY", "-U", "-W", "-UW")
LEGAL_FORMS = frozenset({"股份有限公司", "企业股份有限公司", "有限责任公司", "有限公司", "集团股份有限公司",
                         "集团有限公司", "集团", "公司", *LISTING_MARKERS})
# A company's own generic word that media write as part of its name (蔚来汽车 is NIO, 思科系统 Cisco Systems):
# the same mention whether the span includes it or not; so is an office's title (财政司 and 财政司司长, both the
# Financial Secretary: the judges mark 财政司).
NAME_TAILS = frozenset({"汽车", "系统", " Systems", "证券", "司长"})
# Trading-status markers before an A-share name (*ST锦港, N红四方): the judges keep them outside the company span
# (fresh/README.md, round 2), the linker reads them as part of the listed name; the same mention either way.
STATUS_MARKERS = frozenset({"*ST", "ST", "S*ST", "退市", "N", "C", "XD", "XR", "DR"})
SHOWN_BY_DEFAULT = 40
# The seed of the judged draw (issue 7).
SEED = 7

# Source file (relative to NEWS) → how its records read: (title, body) pairs.
CFSC_FILES = ("zh-hans/cfsc_ner_test.json", "zh-hans/cfsc_ner_val.json")
CFBENCH_FILE = "zh-hans/cfbenchmark_basic_company.jsonl"
FINNA_FILE = "zh-hans/bbt_fincuge_finna_eval_list.json"
CNYES_GLOB = "zh-hant/cnyes_headlines_*.csv"
# A word in the file name → the corpus, for per-source figures.
SOURCE_GROUPS = {"cfsc": "CFSC", "cfbenchmark": "CFBenchmark", "finna": "FinNA", "cnyes": "cnyes"}


def source_group(source: str) -> str:
    name = Path(source).name
    return next(label for word, label in SOURCE_GROUPS.items() if word in name)


@cache
def record_origins(source: str) -> list[dict[str, str]]:
    """The `source` and `url` fields of each record of a JSONL news file, as `newsbridge run` keeps them in a
    document's meta (the other formats here carry none: each gives {})."""
    if not source.endswith(".jsonl"):
        return [{} for _ in read_records(source)]
    return [{k: row[k] for k in ("source", "url") if row.get(k)} for row in json_lines(NEWS / source)]


@cache
def read_records(source: str) -> list[tuple[str, str]]:
    """(raw title, raw body) for every record of one source file, in file order (the record index)."""
    path = NEWS / source
    if source in CFSC_FILES:
        return [("", row["text"]) for row in json.loads(path.read_text(encoding="utf-8"))]
    if source == CFBENCH_FILE:
        # No blank lines are skipped: a record index is a line number.
        return [("", row["input"]) for row in json_lines(path)]
    if source == FINNA_FILE:  # [summary headline, article]
        return [(pair[0], pair[1]) for pair in json.loads(path.read_text(encoding="utf-8"))]
    if Path(source).match(CNYES_GLOB):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [(row["標題"], "") for row in csv.DictReader(fh)]
    if source.endswith(".jsonl"):  # the newer news folders: one {"title", "body", ...} record a line
        return [(row.get("title") or "", row.get("body") or "") for row in json_lines(path)]
    raise ValueError(f"unknown source {source}")


class Pipeline:
    """The real normalize → segment → link stages, built once."""

    def __init__(self, glossary: CompiledGlossary) -> None:
        self.stages: list[Stage] = [NormalizeStage(), SegmentStage(glossary), LinkStage(glossary)]
        for stage in self.stages:
            stage.setup()

    def run(self, title: str, body: str, doc_id: str = "judged", meta: dict | None = None) -> Document:
        """`meta`: the record's other fields as a run reads them (its `source` and `url` decide the locale)."""
        docs = [Document(id=doc_id, title=title, body=body, meta=dict(meta or {}))]
        for stage in self.stages:
            docs = stage.process(docs)
        return docs[0]


def located_segments(doc: Document, part: str) -> list[tuple[Segment, int]]:
    """The Chinese segments of the title or the body, each with where its text starts in the normalized field
    (segments are sentences of it, found in order)."""
    text = doc.title if part == "title" else doc.body
    out, cursor = [], 0
    for seg in doc.segments:
        if seg.part != part or seg.src_lang != "zh" or not seg.zh:
            continue
        at = text.find(seg.zh, cursor)
        if at < 0:
            raise ValueError(f"segment not found in the normalized {part}: {seg.zh[:30]}")
        out.append((seg, at))
        cursor = at + len(seg.zh)
    return out


def field_mentions(doc: Document, part: str) -> list[Mention]:
    """Linked mentions of the title or the body, with offsets into the normalized field."""
    return [Mention(m.entity_id, m.surface, m.start + at, m.end + at, m.canonical, m.ticker, m.type)
            for seg, at in located_segments(doc, part) for m in seg.entities]


@dataclass
class Judged:
    """One judged segment of the fixture."""

    source: str
    record: int
    part: str
    start: int
    end: int
    gold: list[dict]
    verdicts: list[dict] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict) -> Judged:
        return cls(d["source"], d["record"], d["part"], d["start"], d["end"], d["gold"], d.get("verdicts", []))


def load_fixture(path: Path) -> list[Judged]:
    return [Judged.from_dict(row) for row in json_lines(path)]


def entity_keys(glossary: CompiledGlossary, entity_id: str) -> set[str]:
    """Every key a gold mention may name this entity by: its tickers (current and former) and English names."""
    entry = glossary.entries.get(entity_id)
    if entry is None and UNIT_SEPARATOR in entity_id:
        # A subsidiary unit (`<parent id>~<word>`) lives in the link stage, not in the compiled glossary: rebuild it.
        parent_id, word = entity_id.rsplit(UNIT_SEPARATOR, 1)
        entry = unit_entry(glossary.entries[parent_id], word)
    if entry is None:
        raise KeyError(entity_id)
    keys = {t for t in [entry.ticker, *entry.tickers, *getattr(entry, "former_tickers", [])] if t}
    names = [entry.en, *entry.aliases_en, *([entry.legal_en] if entry.legal_en else [])]
    return keys | {NAME_PREFIX + n.casefold() for n in names if n}


def key_alternatives(gold_key: str) -> list[str]:
    """A gold key may list equivalent keys of one entity: "601186.SH|1186.HK", "name:Fed|name:Federal Reserve"."""
    return gold_key.split(KEY_SEPARATOR)


def key_matches(gold_key: str, keys: set[str]) -> bool:
    return any((alt.casefold() if alt.startswith(NAME_PREFIX) else alt) in keys for alt in key_alternatives(gold_key))


def same_mention(text: str, linked: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Starts equal or apart by a trading-status marker only (*ST锦港 and 锦港), and ends equal or apart by a legal
    form or a name's own tail only (中国铁建 in 中国铁建股份有限公司, 贸联 in 贸联-KY, 国泰君安 in 国泰君安证券)."""
    first, last = sorted((linked[0], gold[0]))
    if first != last and text[first:last] not in STATUS_MARKERS:
        return False
    short, long = sorted((linked[1], gold[1]))
    return short == long or text[short:long] in LEGAL_FORMS or text[short:long] in NAME_TAILS


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    linked: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 1.0


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    listed: Tally = field(default_factory=Tally)  # gold keyed by a ticker
    by_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def score(judged: Iterable[Judged], glossary: CompiledGlossary, pipeline: Pipeline) -> Score:
    """A linked mention (of a judged type) is correct when a gold mention has its exact span and a key the
    entity answers to; any other linked mention is a false positive, gold being complete per segment.
    A gold mention is found when a linked mention is correct on it."""
    result = Score()
    for item in judged:
        title, body = read_records(item.source)[item.record]
        doc = pipeline.run(title, body)
        text = doc.title if item.part == "title" else doc.body
        where = f"{Path(item.source).name}#{item.record}:{item.part}:{item.start}"
        mentions = [m for m in field_mentions(doc, item.part)
                    if item.start <= m.start and m.end <= item.end and m.type in JUDGED_TYPES]
        gold = {(g["start"], g["end"]): g for g in item.gold}
        hit: set[tuple[int, int]] = set()
        tallies = (result.overall, result.by_source[source_group(item.source)])
        for m in mentions:
            span = next((s for s in gold if same_mention(text, (m.start, m.end), s)), None)
            g = gold.get(span) if span else None
            # A second linked mention on an already found gold mention is a false positive.
            ok = g is not None and span not in hit and key_matches(g["key"], entity_keys(glossary, m.entity_id))
            for t in tallies:
                t.linked += 1
                t.correct += ok
            if ok:
                hit.add(span)
            else:
                context = text[max(item.start, m.start - 6):min(item.end, m.end + 6)]
                result.false_positives.append(f"{where} {m.surface} → {m.entity_id} ({m.ticker or m.canonical})"
                                              f"{' gold ' + g['key'] if g else ''}  …{context}…")
        for span, g in gold.items():
            found = span in hit
            listed = not g["key"].startswith(NAME_PREFIX)
            for t in (*tallies, *([result.listed] if listed else [])):
                t.gold += 1
                t.found += found
            if not found:
                result.misses.append(f"{where} {g['surface']} ({g['key']})")
    return result


def draw(source: str, count: int, pipeline: Pipeline, seed: int = SEED, whole_records: bool = False,
         skip: int = 0) -> list[dict]:
    """The judges' draw: records of one source in a seeded random order after the first `skip`, one random
    Chinese segment of each (title or body sentence; the title with whole_records). Returns draft fixture rows
    with today's linked mentions, and the segment text under "text" for the judge's eyes only (never committed)."""
    rng = random.Random(f"{seed}:{source}")
    records = read_records(source)
    order = list(range(len(records)))
    rng.shuffle(order)
    rows = []
    for index in order[skip:skip + count]:
        doc = pipeline.run(*records[index])
        spans = [(part, at, at + len(seg.zh or ""), doc.title if part == "title" else doc.body)
                 for part in ("title", "body") for seg, at in located_segments(doc, part)]
        if not spans:
            continue
        part, start, end, text = spans[0] if whole_records else rng.choice(spans)
        mentions = [m for m in field_mentions(doc, part) if start <= m.start and m.end <= end]
        rows.append({"source": source, "record": index, "part": part, "start": start, "end": end,
                     "text": text[start:end],
                     "linked": [[m.start, m.end, m.surface, m.entity_id, m.type, m.ticker or NAME_PREFIX + m.canonical]
                                for m in mentions]})
    return rows


def cfsc_listed_recall(glossary: CompiledGlossary) -> tuple[int, int]:
    """CFSC-NER's own gold: Corporate spans naming a listed glossary company (bench/cfsc_linking.py)."""
    from bench.cfsc_linking import score as cfsc_score

    rows = json.loads((NEWS / CFSC_FILES[0]).read_text(encoding="utf-8"))
    result = cfsc_score(rows, glossary)
    return result.gold_linked, result.gold


def _line(label: str, t: Tally) -> str:
    precision = f"precision {t.precision:.3f} ({t.correct}/{t.linked})" if t.linked else ""
    return f"{label:<26} {precision:<30} recall {t.recall:.3f} ({t.found}/{t.gold})"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--draw"]:  # --draw SOURCE COUNT [SKIP]: draft rows for judging, on stdout
        pipeline = Pipeline(compile_glossary(PROJECT_ROOT / "glossaries"))
        skip = int(argv[3]) if len(argv) > 3 else 0
        for row in draw(argv[1], int(argv[2]), pipeline, whole_records=argv[1].startswith("zh-hant"), skip=skip):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not NEWS.exists():
        print(f"skip: {NEWS} not present")
        return 0
    shown = None if "--all" in argv else SHOWN_BY_DEFAULT
    glossary = compile_glossary(PROJECT_ROOT / "glossaries")
    pipeline = Pipeline(glossary)
    segments = score(load_fixture(SEGMENTS_FILE), glossary, pipeline)
    headlines = score(load_fixture(HEADLINES_FILE), glossary, pipeline)
    print(f"judged sample: {len(load_fixture(SEGMENTS_FILE))} segments; "
          f"{len(load_fixture(HEADLINES_FILE))} random cnyes headlines")
    print(_line("sample, all", segments.overall))
    print(_line("sample, listed companies", segments.listed))
    for source, t in sorted(segments.by_source.items()):
        print(_line(f"  {source}", t))
    print(_line("Traditional headlines", headlines.overall))
    print(_line("  listed companies", headlines.listed))
    linked, gold = cfsc_listed_recall(glossary)
    print(f"CFSC listed-company recall (CFSC gold spans) {linked / gold if gold else 1.0:.4f} ({linked}/{gold})")
    for label, lines in (("false positive", segments.false_positives + headlines.false_positives),
                         ("miss", segments.misses + headlines.misses)):
        print(f"\n{label}: {len(lines)}")
        for line in lines[:shown]:
            print(f"  {label}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
