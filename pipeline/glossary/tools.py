"""Glossary maintenance: lookup (by name or ticker), export (jieba, CSV, TBX v2), add, fmt and suggest.

Anything that rewrites YAML goes through ruamel.yaml's round-trip mode, so comments and layout survive.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.glossary.compiled import CompiledGlossary
from pipeline.glossary.loader import GlossaryError, file_problems, glossary_files
from pipeline.glossary.naming import canonical_english
from pipeline.glossary.schema import TYPES, Entry, ticker_problem

KEY_ORDER = ("id", "type", "zh", "en", "ticker", "tickers", "aliases", "legal_en", "ambiguous", "note")
EXPORT_FORMATS = ("jieba", "csv", "tbx")
CSV_COLUMNS = ("id", "type", "zh", "en", "ticker", "other_tickers", "aliases")
CSV_JOIN = "; "
# jieba frequency written for exported names: the same value the segment stage uses.
JIEBA_EXPORT_FREQ = 100_000
JIEBA_TAGS = {"company": "nt", "fund": "nz", "index": "nz", "product": "nz", "person": "nr", "org": "nt",
              "term": "n"}
# Spans that look like company names: 2-6 Chinese characters before a corporate suffix word.
COMPANY_LIKE = re.compile(r"([\u4e00-\u9fff]{2,6}?)(股份|科技|集团|公司|银行|证券|控股|电子|医药)")
LEADING_NOISE = re.compile(r"^(?:的|和|与|及|对|在|是|为|据|由|从|向|将|被|把|了|也|都|其|该|各|等)+")
SUGGEST_CONTEXT = 12
MAX_CONTEXTS = 3


class GlossaryToolError(Exception):
    """A maintenance command that cannot do what was asked; the message says why."""


# ---------------------------------------------------------------- lookup


TICKER_QUERY = re.compile(r"^(?:\d{1,6}(?:\.[A-Za-z]{2})?|[A-Za-z]{1,5}(?:\.[A-Za-z]{1,2})?)$")


def ticker_keys(ticker: str) -> list[str]:
    """Every spelling a maintainer may type for one ticker: 300308.SZ → 300308.SZ and 300308;
    0700.HK → 0700.HK, 0700 and 700; NVDA → NVDA."""
    ticker = ticker.upper()
    code, dot, _market = ticker.partition(".")
    keys = [ticker]
    if dot and code.isdigit():
        keys += [code, code.lstrip("0") or "0"]
    return list(dict.fromkeys(keys))


def find_by_ticker(glossary: CompiledGlossary, query: str) -> list[Entry]:
    """Entries listed under `query` (300308, 300308.SZ, NVDA, 0700, 700.HK), primary ticker, any other, or a
    former symbol (FB finds Meta)."""
    wanted = set(ticker_keys(query.strip()))
    return [e for e in sorted(glossary.entries.values(), key=lambda e: e.id)
            if wanted & {k for t in [e.ticker, *e.tickers, *e.former_tickers] if t for k in ticker_keys(t)}]


def _describe(entry: Entry) -> str:
    return f"{entry.id}: {entry.type} {entry.en!r}" + (f", {entry.ticker}" if entry.ticker else "")


def lookup(glossary: CompiledGlossary, name: str, normalize) -> list[str]:
    """Which entry a Simplified, Traditional or English name, or a ticker, resolves to, and why."""
    key = normalize(name)
    lines = []
    if key != name:
        lines.append(f"{name!r} normalizes to {key!r} (width, Traditional → Simplified)")
    hits: list[tuple[str, str]] = []
    if key in glossary.zh_keys:
        hits.append(("Chinese name", glossary.zh_keys[key]))
    folded = {k.casefold(): v for k, v in glossary.en_keys.items()}
    if key.casefold() in folded:
        hits.append(("English name", folded[key.casefold()]))
    for how, entry_id in dict.fromkeys(hits):
        entry = glossary.entries[entry_id]
        lines.append(_describe(entry))
        role = "canonical" if key in (normalize(entry.zh), normalize(entry.en)) else "alias"
        lines.append(f"  matched as {how} ({role}); defined at {entry.where}"
                     + (" [generated]" if entry.generated else ""))
        if key in glossary.context_keys:
            lines.append("  ambiguous short name: linked only with market context (stock code, 股份, 涨/跌 ...)")
        if entry.tickers:
            lines.append(f"  other listings: {', '.join(entry.tickers)}")
    by_ticker = find_by_ticker(glossary, key) if TICKER_QUERY.match(key) else []
    for entry in by_ticker:
        lines.append(_describe(entry))
        primary = set(ticker_keys(key)) & set(ticker_keys(entry.ticker or ""))
        former = set(ticker_keys(key)) & {k for t in entry.former_tickers for k in ticker_keys(t)}
        listed = "primary ticker" if primary else "former ticker" if former else "other listing"
        lines.append(f"  matched as ticker ({listed}); zh {entry.zh!r}; defined at {entry.where}"
                     + (" [generated]" if entry.generated else ""))
        if entry.tickers:
            lines.append(f"  all listings: {', '.join([entry.ticker or '', *entry.tickers])}")
        if entry.former_tickers:
            lines.append(f"  former tickers: {', '.join(entry.former_tickers)}")
    if not hits and not by_ticker:
        shadowed = [e for e in glossary.entries.values() if key in e.unlinkable or key.casefold() in e.unlinkable]
        for entry in shadowed:
            lines.append(f"{key!r} is a name of {entry.id} ({entry.where}) but is not linked: it is shared with "
                         "another entry or shadowed by a curated one")
        if not shadowed:
            lines.append(f"{name!r}: not in any glossary")
    return lines


# ---------------------------------------------------------------- export


def _names(entry: Entry) -> list[tuple[str, str]]:
    return [("zh", n) for n in entry.zh_names()] + [("en", n) for n in entry.en_names()]


def export(glossary: CompiledGlossary, fmt: str) -> str:
    entries = sorted(glossary.entries.values(), key=lambda e: e.id)
    if fmt == "jieba":
        words = {w: JIEBA_TAGS[glossary.entries[i].type] for w, i in glossary.zh_keys.items() if " " not in w}
        return "".join(f"{w} {JIEBA_EXPORT_FREQ} {tag}\n" for w, tag in sorted(words.items()))
    if fmt == "csv":
        # One row per entity, for spreadsheets and review; several values in a cell are joined by "; ".
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for entry in entries:
            aliases = list(dict.fromkeys([*entry.aliases_zh, *entry.aliases_en]))
            writer.writerow([entry.id, entry.type, entry.zh, entry.en, entry.ticker or "",
                             CSV_JOIN.join(entry.tickers), CSV_JOIN.join(aliases)])
        return out.getvalue()
    if fmt == "tbx":
        return _tbx(entries)
    raise GlossaryToolError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")


def _tbx(entries: list[Entry]) -> str:
    """TBX v2 (ISO 30042:2008, `martif`), the dialect translate-toolkit and most CAT tools read: one termEntry
    per entity, zh and en langSets, the canonical name first and marked preferred."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = ET.Element("martif", {"type": "TBX", xml_lang: "zh"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "newsbridge glossary export"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in entries:
        concept = ET.SubElement(body, "termEntry", {"id": entry.id})
        ET.SubElement(concept, "descrip", {"type": "subjectField"}).text = entry.type
        if entry.ticker:
            ET.SubElement(concept, "note").text = " ".join([entry.ticker, *entry.tickers])
        for lang, names in (("zh", entry.zh_names()), ("en", [entry.en, *entry.aliases_en])):
            section = ET.SubElement(concept, "langSet", {xml_lang: lang})
            for i, name in enumerate(dict.fromkeys(names)):
                tig = ET.SubElement(section, "tig")
                ET.SubElement(tig, "term").text = name
                status = ET.SubElement(tig, "termNote", {"type": "administrativeStatus"})
                status.text = "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------- add and fmt (ruamel round trip)


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def default_id(entry_type: str, ticker: str | None, en: str) -> str:
    if ticker:
        code, _, market = ticker.partition(".")
        prefix = {"SZ": "cn", "SH": "cn", "BJ": "cn", "HK": "hk", "TW": "tw", "KS": "kr"}.get(market, "us")
        if entry_type == "fund":
            prefix = "fund"
        return f"{prefix}.{code if prefix != 'us' else ticker.replace('.', '_')}"
    slug = re.sub(r"[^a-z0-9]+", "_", en.lower()).strip("_")
    return f"{entry_type}.{slug}"


def add_entry(glossary: CompiledGlossary, normalize, file: Path, *, zh: str, entry_type: str,
              en: str | None = None, ticker: str | None = None, aliases_zh: list[str] = (),
              aliases_en: list[str] = (), entry_id: str | None = None) -> dict:
    """Append one entry to `file` (created if missing), refusing any id or name another entry has."""
    if entry_type not in TYPES:
        raise GlossaryToolError(f"type {entry_type!r} is not one of {', '.join(TYPES)}")
    if ticker and (why := ticker_problem(ticker)):
        raise GlossaryToolError(why)
    en = en or canonical_english(zh)
    entry_id = entry_id or default_id(entry_type, ticker, en)
    if entry_id in glossary.entries and not glossary.entries[entry_id].generated:
        raise GlossaryToolError(f"id {entry_id} already exists at {glossary.entries[entry_id].where}")
    for name in [zh, *aliases_zh]:
        owner = glossary.zh_keys.get(normalize(name))
        if owner and owner != entry_id and not glossary.entries[owner].generated:
            raise GlossaryToolError(f"name {name!r} already maps to {owner} ({glossary.entries[owner].where})")
    folded = {k.casefold(): v for k, v in glossary.en_keys.items()}
    for name in [en, *aliases_en]:
        owner = folded.get(normalize(name).casefold())
        if owner and owner != entry_id and not glossary.entries[owner].generated:
            raise GlossaryToolError(f"name {name!r} already maps to {owner} ({glossary.entries[owner].where})")
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    if file.exists():
        data = yaml.load(file.read_text(encoding="utf-8"))
    else:
        data = CommentedMap(meta=CommentedMap(source="hand-curated", license="CC0-1.0"), entries=CommentedSeq())
    item = CommentedMap(id=entry_id, type=entry_type, zh=zh, en=en)
    if ticker:
        item["ticker"] = ticker
    if aliases_zh or aliases_en:
        aliases = CommentedMap()
        for lang, names in (("zh", aliases_zh), ("en", aliases_en)):
            if names:
                seq = CommentedSeq(names)
                seq.fa.set_flow_style()
                aliases[lang] = seq
        item["aliases"] = aliases
    data["entries"].append(item)
    file.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    yaml.dump(data, out)
    from pipeline.io.atomic import write_text_atomic

    write_text_atomic(file, out.getvalue())
    return dict(item)


def format_file(path: Path) -> tuple[str, str]:
    """(before, after) for one file: entries sorted by id, keys in canonical order, comments kept."""
    from ruamel.yaml.comments import CommentedMap

    if problems := file_problems(path):  # ruamel would stop with a traceback, or keep an alias
        raise GlossaryError(problems)
    yaml = _yaml()
    before = path.read_text(encoding="utf-8-sig")
    data = yaml.load(before)
    entries = data.get("entries") or []
    ordered = []
    for item in entries:
        fresh = CommentedMap()
        for key in KEY_ORDER:
            if key in item:
                fresh[key] = item[key]
        for key in item:
            if key not in fresh:  # unknown keys are kept; `glossary check` reports them
                fresh[key] = item[key]
        if hasattr(item, "ca"):
            fresh.ca.items.update(item.ca.items)
        ordered.append(fresh)
    ordered.sort(key=lambda e: str(e.get("id", "")))
    entries[:] = ordered
    out = io.StringIO()
    yaml.dump(data, out)
    return before, out.getvalue()


def format_glossaries(root: Path, write: bool) -> list[Path]:
    """Files whose formatting changes (written back when `write`); generated files are left alone."""
    from pipeline.io.atomic import write_text_atomic

    curated = [path for path in glossary_files(root) if "generated" not in path.relative_to(root).parts]
    # Every file is checked before any is rewritten: a run stops with all their problems, or formats them all.
    if problems := [problem for path in curated for problem in file_problems(path)]:
        raise GlossaryError(problems)
    changed = []
    for path in curated:
        before, after = format_file(path)
        if before != after:
            changed.append(path)
            if write:
                write_text_atomic(path, after)
    return changed


# ---------------------------------------------------------------- suggest


@dataclass
class Suggestion:
    name: str
    count: int
    contexts: list[str]


def suggest(texts, glossary: CompiledGlossary, normalize, min_count: int = 2) -> list[Suggestion]:
    """Names that look like companies (jieba `nt` tags, or spans before 股份/科技/集团/公司/银行) and are
    in no glossary, most frequent first after discounting everyday words (commonness.genericness)."""
    import logging

    import jieba
    import jieba.posseg

    from pipeline.glossary.commonness import genericness

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    counts: Counter[str] = Counter()
    contexts: dict[str, list[str]] = defaultdict(list)
    known = set(glossary.zh_keys)

    def note(name: str, text: str, at: int) -> None:
        name = LEADING_NOISE.sub("", name)
        if len(name) < 2 or name in known:
            return
        if any(m.start == 0 and m.end == len(name) for m in glossary.find(name, "zh")):
            return
        counts[name] += 1
        if len(contexts[name]) < MAX_CONTEXTS:
            contexts[name].append(text[max(0, at - SUGGEST_CONTEXT):at + len(name) + SUGGEST_CONTEXT])

    for raw in texts:
        text = normalize(raw)
        linked = [(m.start, m.end) for m in glossary.find(text, "zh")]
        gap_start = 0
        for start, end in [*linked, (len(text), len(text))]:  # look only between linked names
            for m in COMPANY_LIKE.finditer(text, gap_start, start):
                note(m.group(1), text, m.start())
            gap_start = end
        pos = 0
        for pair in tagger.cut(text):
            if pair.flag == "nt" and not any(s < pos + len(pair.word) and pos < e for s, e in linked):
                note(pair.word, text, pos)
            pos += len(pair.word)
    # Ranked by frequency discounted by how much the name reads as everyday words, so 上市公司, 有限 and
    # 交易所 (frequent in any company news) no longer come first; ties keep the most frequent first.
    ranked = sorted(((n, c) for n, c in counts.items() if c >= min_count),
                    key=lambda item: (-item[1] / (1.0 + genericness(item[0])), -item[1], item[0]))
    return [Suggestion(n, c, contexts[n]) for n, c in ranked]


def suggestions_yaml(found: list[Suggestion]) -> str:
    """A YAML patch to review: proposed entries with their evidence as comments."""
    lines = ["# Names seen in the corpus that no glossary links. Review, fix id/ticker/type, then move the",
             "# entries you keep into a curated glossary file (`newsbridge glossary add` checks collisions).",
             "entries:"]
    for s in found:
        lines.append(f"  # seen {s.count}×: " + " | ".join(c.replace("\n", " ") for c in s.contexts))
        lines += [f"  - id: company.{re.sub(r'[^a-z0-9]+', '_', canonical_english(s.name).lower()).strip('_')}",
                  "    type: company", f"    zh: {s.name}", f"    en: {canonical_english(s.name)}"]
    return "\n".join(lines) + "\n"

