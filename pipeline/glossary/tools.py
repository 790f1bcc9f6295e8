"""Glossary maintenance: lookup (by name or ticker), export (jieba, CSV, TBX v2), fmt and suggest (add and alias
are in edits.py).

Anything that rewrites YAML goes through ruamel.yaml's round-trip mode, so comments and layout survive.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.glossary.compiled import CompiledGlossary
from pipeline.glossary.loader import GlossaryError, file_problems, glossary_files
from pipeline.glossary.naming import canonical_english
from pipeline.glossary.schema import Entry

KEY_ORDER = ("id", "type", "zh", "en", "ticker", "tickers", "aliases", "legal_en", "en_official", "role", "country",
             "reports_in", "ambiguous", "note")
EXPORT_FORMATS = ("jieba", "csv", "tbx")
CSV_COLUMNS = ("id", "type", "zh", "en", "ticker", "other_tickers", "aliases", "en_official", "role", "country")
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


def _listings(entry: Entry) -> list[str]:
    return [t for t in [entry.ticker, *entry.tickers, *entry.former_tickers] if t]


def _same_listing(query: str, ticker: str) -> bool:
    """A full ticker names one listing: the same market and code (leading zeros aside: 700.HK is 0700.HK)."""
    code, _, market = query.upper().partition(".")
    their_code, _, their_market = ticker.upper().partition(".")
    if market != their_market:
        return False
    if code.isdigit() and their_code.isdigit():
        return code.lstrip("0") == their_code.lstrip("0")
    return code == their_code


def find_by_ticker(glossary: CompiledGlossary, query: str) -> list[Entry]:
    """Entries listed under `query`, primary ticker, any other, or a former symbol (FB finds Meta). A full
    ticker (2330.TW, 700.HK, BRK.B) matches that listing only; a bare code (2330, 0700) every listing with it,
    those whose code is exactly the query first (2330: 2330.TW and 2330.HK before 002330.SZ)."""
    query = query.strip().upper()
    entries = sorted(glossary.entries.values(), key=lambda e: e.id)
    if "." in query:
        return [e for e in entries if any(_same_listing(query, t) for t in _listings(e))]
    wanted = set(ticker_keys(query))
    found = [e for e in entries if wanted & {k for t in _listings(e) for k in ticker_keys(t)}]
    exact = [e for e in found if any(t.upper() == query or t.upper().partition(".")[0] == query
                                     for t in _listings(e))]
    return exact + [e for e in found if e not in exact]


def _matches_listing(query: str, ticker: str | None) -> bool:
    if not ticker:
        return False
    if "." in query:
        return _same_listing(query, ticker)
    return bool(set(ticker_keys(query)) & set(ticker_keys(ticker)))


def _describe(entry: Entry) -> str:
    return f"{entry.id}: {entry.type} {entry.en!r}" + (f", {entry.ticker}" if entry.ticker else "")


SCRIPT_NOTES = {"hant": "links only in Traditional-script text", "hans": "links only in Simplified-script text",
                "hk": "links only in Hong Kong documents", "tw": "links only in Taiwan documents",
                "cn": "links only in mainland documents", "mo": "links only in Macao documents"}


def name_hits(glossary: CompiledGlossary, key: str) -> list[tuple[str, str, str | None]]:
    """(how, entry id, note) for every way a run links the normalized name `key`: a Chinese name, a name that
    links only in one script (上銀 → 上银, Hiwin, in Traditional text) or one locale (证监会 → the SFC in Hong
    Kong documents), or an English name."""
    hits: list[tuple[str, str, str | None]] = []
    if key in glossary.zh_keys:
        hits.append(("Chinese name", glossary.zh_keys[key], None))
    for script, keys in glossary.script_keys.items():
        if key in keys:
            hits.append(("Chinese name", keys[key], SCRIPT_NOTES[script]))
    folded = {k.casefold(): v for k, v in glossary.en_keys.items()}
    if key.casefold() in folded:
        hits.append(("English name", folded[key.casefold()], None))
    return list(dict.fromkeys(hits))


def lookup(glossary: CompiledGlossary, name: str, normalize) -> list[str]:
    """Which entry a Simplified, Traditional or English name, or a ticker, resolves to, and why: every form a
    run links is found (a Traditional-only alias included)."""
    key = normalize(name)
    lines = []
    if key != name:
        lines.append(f"{name!r} normalizes to {key!r} (width, Traditional → Simplified)")
    hits = name_hits(glossary, key)
    for how, entry_id, note in hits:
        entry = glossary.entries[entry_id]
        lines.append(_describe(entry))
        names = [normalize(n) for n in (entry.zh, entry.en)]
        role = "canonical" if key in names else "alias"
        lines.append(f"  matched as {how} ({role}{'; ' + note if note else ''}); defined at {entry.where}"
                     + (" [generated]" if entry.generated else ""))
        if glossary.needs_context(key, entry_id):
            lines.append("  ambiguous short name: linked only with market context (stock code, 股份, 涨/跌 ...)")
        if entry.tickers:
            lines.append(f"  other listings: {', '.join(entry.tickers)}")
    by_ticker = find_by_ticker(glossary, key) if TICKER_QUERY.match(key) else []
    for entry in by_ticker:
        lines.append(_describe(entry))
        primary = _matches_listing(key, entry.ticker)
        former = any(_matches_listing(key, t) for t in entry.former_tickers)
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
                             CSV_JOIN.join(entry.tickers), CSV_JOIN.join(aliases), entry.en_official or "",
                             entry.role or "", entry.country or ""])
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
        official = [entry.en_official] if entry.en_official else []
        if entry.role:
            ET.SubElement(concept, "descrip", {"type": "definition"}).text = entry.role
        if entry.country:
            ET.SubElement(concept, "descrip", {"type": "geographicalUsage"}).text = entry.country
        for lang, names in (("zh", entry.zh_names()), ("en", [entry.en, *official, *entry.aliases_en])):
            section = ET.SubElement(concept, "langSet", {xml_lang: lang})
            for i, name in enumerate(dict.fromkeys(names)):
                tig = ET.SubElement(section, "tig")
                ET.SubElement(tig, "term").text = name
                status = ET.SubElement(tig, "termNote", {"type": "administrativeStatus"})
                status.text = "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
                if lang == "en" and name == entry.en_official:  # the listing's official English short name
                    ET.SubElement(tig, "termNote", {"type": "usageNote"}).text = "official English short name"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------- fmt (ruamel round trip; edits.py uses it too)


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


def suggest(texts: Iterable[str | tuple[str, str | None]], glossary: CompiledGlossary, normalize,
            min_count: int = 2) -> list[Suggestion]:
    """Names that look like companies (jieba `nt` tags, or spans before 股份/科技/集团/公司/银行) and are
    in no glossary, most frequent first after discounting everyday words (commonness.genericness).

    A text is raw (its script is read from it, as the normalize stage does) or (normalized text, script) as an
    output's segments hold it. A name the run would link in that script is never suggested: 上銀 in Traditional
    text is Hiwin's Traditional-only alias, while 中钢 in Simplified text, which the run does not link, may be."""
    from pipeline.glossary.commonness import genericness
    from pipeline.text.jieba_base import new_tagger, new_tokenizer

    tagger = new_tagger(new_tokenizer())
    counts: Counter[str] = Counter()
    contexts: dict[str, list[str]] = defaultdict(list)
    known = {script: set(glossary.zh_keys) | set(keys) for script, keys in glossary.script_keys.items()}

    def note(name: str, text: str, at: int, script: str) -> None:
        name = LEADING_NOISE.sub("", name)
        if len(name) < 2 or name in known.get(script, glossary.zh_keys):
            return
        if any(m.start == 0 and m.end == len(name) for m in glossary.find(name, "zh", script)):
            return
        counts[name] += 1
        if len(contexts[name]) < MAX_CONTEXTS:
            contexts[name].append(text[max(0, at - SUGGEST_CONTEXT):at + len(name) + SUGGEST_CONTEXT])

    for item in texts:
        if isinstance(item, tuple):
            text, script = item[0], item[1] or "hans"
        else:
            text, script = normalize(item), normalize.script(item)
        linked = [(m.start, m.end) for m in glossary.find(text, "zh", script)]
        gap_start = 0
        for start, end in [*linked, (len(text), len(text))]:  # look only between linked names
            for m in COMPANY_LIKE.finditer(text, gap_start, start):
                note(m.group(1), text, m.start(), script)
            gap_start = end
        pos = 0
        for pair in tagger.cut(text):
            if pair.flag == "nt" and not any(s < pos + len(pair.word) and pos < e for s, e in linked):
                note(pair.word, text, pos, script)
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

