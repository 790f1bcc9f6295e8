"""Load glossary YAML files safely, validating every entry with FILE:LINE messages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.glossary.schema import ALIAS_KEYS, ENTRY_KEYS, ID_RE, TYPES, Entry, ticker_problem
from pipeline.text.normalizer import TextNormalizer

# libyaml's parser when PyYAML was built with it: same safe constructor, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GlossaryError(Exception):
    """Invalid glossary; `problems` holds one `FILE:LINE: message` per issue."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Glossary:
    entries: list[Entry]
    files: list[Path]
    content_hash: str
    warnings: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}


def glossary_files(root: Path) -> list[Path]:
    """YAML files under root, generated ones first so curated files override them."""
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return sorted(files, key=lambda p: (0 if "generated" in p.relative_to(root).parts else 1, str(p)))


def glossary_digest(root: Path, files: list[Path] | None = None) -> str:
    """Content hash of a glossary directory: file names and bytes, so any edit changes it."""
    digest = hashlib.sha256()
    for path in files if files is not None else glossary_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping_lines(node: yaml.MappingNode) -> dict[str, int]:
    return {str(k.value): _line(v) for k, v in node.value}


def _string_list(value: Any, where: str, what: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: {what} must be a list of non-empty strings")
        return []
    return [v.strip() for v in value]


def _parse_entry(raw: Any, node: yaml.Node, file: str, problems: list[str]) -> Entry | None:
    where = f"{file}:{_line(node)}"
    if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(f"{where}: entry must be a mapping")
        return None
    lines = _mapping_lines(node)
    unknown = sorted(set(map(str, raw)) - ENTRY_KEYS)
    for key in unknown:
        problems.append(f"{file}:{lines[key]}: unknown key {key!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    missing = [k for k in ("id", "type", "zh", "en") if not isinstance(raw.get(k), str) or not raw[k].strip()]
    for key in missing:
        problems.append(f"{file}:{lines.get(key, _line(node))}: missing or empty {key!r}")
    if missing:
        return None
    entry_id = raw["id"].strip()
    if not ID_RE.match(entry_id):
        problems.append(f"{file}:{lines['id']}: id {entry_id!r} must look like 'cn.300308' or 'term.optical_module'")
    if raw["type"] not in TYPES:
        problems.append(f"{file}:{lines['type']}: type {raw['type']!r} is not one of {', '.join(TYPES)}")
    ticker = raw.get("ticker")
    if ticker is not None and not isinstance(ticker, str):
        ticker = str(ticker)
        problems.append(f"{file}:{lines['ticker']}: ticker must be a string (quote it: '{ticker}')")
    tickers = _string_list(raw.get("tickers"), f"{file}:{lines.get('tickers', 0)}", "tickers", problems)
    former = _string_list(raw.get("former_tickers"), f"{file}:{lines.get('former_tickers', 0)}", "former_tickers",
                          problems)
    for key, values in (("ticker", [ticker] if ticker else []), ("tickers", tickers), ("former_tickers", former)):
        for t in values:
            if why := ticker_problem(t):
                problems.append(f"{file}:{lines.get(key)}: {why}")
    aliases = raw.get("aliases") or {}
    alias_line = lines.get("aliases", _line(node))
    if not isinstance(aliases, dict):
        problems.append(f"{file}:{alias_line}: aliases must be a mapping with zh and/or en lists")
        aliases = {}
    for key in sorted(set(map(str, aliases)) - ALIAS_KEYS):
        problems.append(f"{file}:{alias_line}: unknown alias language {key!r} (use zh, en, zh_hant or zh_hans)")
    legal_en = raw.get("legal_en")
    if legal_en is not None and not isinstance(legal_en, str):
        problems.append(f"{file}:{lines['legal_en']}: legal_en must be a string")
        legal_en = None
    ambiguous = raw.get("ambiguous", False)
    context_names: list[str] = []
    if isinstance(ambiguous, list):
        context_names = _string_list(ambiguous, f"{file}:{lines['ambiguous']}", "ambiguous", problems)
        ambiguous = True
    elif not isinstance(ambiguous, bool):
        problems.append(f"{file}:{lines['ambiguous']}: ambiguous must be true, false or a list of names")
        ambiguous = False
    return Entry(
        id=entry_id, type=raw["type"], zh=raw["zh"].strip(), en=raw["en"].strip(),
        ticker=ticker.strip() if ticker else None, tickers=tickers, former_tickers=former,
        aliases_zh=_string_list(aliases.get("zh"), f"{file}:{alias_line}", "aliases.zh", problems),
        aliases_en=_string_list(aliases.get("en"), f"{file}:{alias_line}", "aliases.en", problems),
        aliases_zh_hant=_string_list(aliases.get("zh_hant"), f"{file}:{alias_line}", "aliases.zh_hant", problems),
        aliases_zh_hans=_string_list(aliases.get("zh_hans"), f"{file}:{alias_line}", "aliases.zh_hans", problems),
        legal_en=legal_en.strip() if legal_en else None, ambiguous=ambiguous, context_names=context_names,
        file=file, line=_line(node),
    )


def duplicate_keys(node: yaml.Node, file: str) -> list[str]:
    """`FILE:LINE` warnings for keys repeated in one mapping: YAML loaders keep the last value silently, so a
    second `ticker:` in an entry would replace the first unnoticed."""
    found: list[tuple[int, str]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in current.value:
                name = str(key.value)
                if name in first:
                    found.append((_line(key), f"{file}:{_line(key)}: duplicate key {name!r} (first at line "
                                              f"{first[name]}); the last value wins"))
                else:
                    first[name] = _line(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return [message for _, message in sorted(found)]


def one_character_names(entry: Entry) -> list[str]:
    """A one-character name matches inside any word (银 in 银行), so it is almost always a mistake."""
    return [f"{entry.where}: one-character name {n!r} of {entry.id} matches inside other words"
            for n in dict.fromkeys([*entry.zh_names(), *entry.en_names()]) if len(n.strip()) == 1]


def parse_file(path: Path, problems: list[str], display: str | None = None,
               warnings: list[str] | None = None) -> list[Entry]:
    """Entries of one YAML file; problems are appended, never raised, so one run reports them all."""
    file = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{file}:1: not UTF-8 ({e.reason} at byte {e.start})")
        return []
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(f"{file}:{line}: invalid YAML: {e.problem or e.context}")
        return []
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(f"{file}:1: a glossary file is a mapping with 'meta' and 'entries'")
        return []
    if warnings is not None:
        warnings.extend(duplicate_keys(node, file))
    lines = _mapping_lines(node)
    for key in sorted(set(map(str, data)) - {"meta", "entries"}):
        problems.append(f"{file}:{lines[key]}: unknown top-level key {key!r} (expected meta, entries)")
    entries_node = next((v for k, v in node.value if k.value == "entries"), None)
    raw_entries = data.get("entries")
    if raw_entries is None:
        problems.append(f"{file}:1: missing 'entries'")
        return []
    if not isinstance(raw_entries, list) or not isinstance(entries_node, yaml.SequenceNode):
        problems.append(f"{file}:{lines['entries']}: 'entries' must be a list")
        return []
    parsed = (_parse_entry(r, n, file, problems) for r, n in zip(raw_entries, entries_node.value, strict=True))
    return [e for e in parsed if e is not None]


def entry_names(entry: Entry, normalize) -> list[tuple[str, str]]:
    """(language, key) of every name an entry can be linked by."""
    names = [("zh", normalize(n)) for n in entry.zh_names()]
    # A script-specific alias may share its characters with another entry's name: 超微 is AMD only in hant.
    names += [("zh_hant", normalize(n)) for n in entry.aliases_zh_hant]
    names += [("zh_hans", normalize(n)) for n in entry.aliases_zh_hans]
    if entry.type != "term":  # a term's English is a rendering, not a name to look for
        names += [("en", normalize(n).casefold()) for n in entry.en_names()]
    return list(dict.fromkeys(names))


def resolve_collisions(entries: list[Entry], normalize, problems: list[str], warnings: list[str]) -> None:
    """One name, two entities. Between curated entries it is an error. A curated entry wins over a
    generated one; a name two generated entries share links to neither. Both are reported as warnings."""
    owners: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        for name in entry_names(entry, normalize):
            owners.setdefault(name, []).append(entry)
    for (_lang, name), group in owners.items():
        if len(group) < 2:
            continue
        curated = [e for e in group if not e.generated]
        for other in curated[1:]:
            problems.append(f"{other.where}: alias {name!r} of {other.id} already maps to {curated[0].id} "
                            f"({curated[0].where})")
        if curated:
            for loser in (e for e in group if e.generated):
                loser.unlinkable.add(name)
                warnings.append(f"{loser.where}: name {name!r} of {loser.id} is shadowed by curated "
                                f"{curated[0].id} ({curated[0].where})")
        else:
            for e in group:
                e.unlinkable.add(name)
            ids = ", ".join(e.id for e in group)
            warnings.append(f"{group[0].where}: name {name!r} is shared by {ids}: not linked (ambiguous)")


def drop_claimed_listings(entries: list[Entry], warnings: list[str]) -> list[Entry]:
    """A generated entry whose listing a curated entry already covers (A+H, ADR) is the same company."""
    claimed = {t: e for e in entries if not e.generated for t in [e.ticker, *e.tickers] if t}
    kept = []
    for entry in entries:
        owner = claimed.get(entry.ticker or "")
        if entry.generated and owner is not None and owner.id != entry.id:
            warnings.append(f"{entry.where}: {entry.id} ({entry.ticker}) is covered by curated {owner.id}")
            continue
        kept.append(entry)
    return kept


def shared_identities(entries: list[Entry], warnings: list[str]) -> None:
    """One company, one entity: two entities holding the same ticker (current, other or former listing) or the
    same official English name are probably one company entered twice (or a wrong ticker)."""
    for what, keys_of in (("ticker", lambda e: [e.ticker, *e.tickers, *e.former_tickers]),
                          ("official name", lambda e: [" ".join(e.legal_en.casefold().split())] if e.legal_en else [])):
        holders: dict[str, list[Entry]] = {}
        for entry in entries:
            for key in dict.fromkeys(k for k in keys_of(entry) if k):
                holders.setdefault(key, []).append(entry)
        for key, group in holders.items():
            if len(group) > 1:
                others = ", ".join(f"{e.id} ({e.where})" for e in group[1:])
                warnings.append(f"{group[0].where}: {what} {key!r} of {group[0].id} is also held by {others}: "
                                "one company should be one entity")


def load_glossary(root: Path, normalize=None) -> Glossary:
    """Load and validate every file under root; raise GlossaryError listing every problem found."""
    root = Path(root)
    if not root.is_dir():
        raise GlossaryError([f"{root}: glossary directory not found"])
    files = glossary_files(root)
    if not files:
        raise GlossaryError([f"{root}: no .yaml glossary files"])
    problems: list[str] = []
    warnings: list[str] = []
    merged: dict[str, Entry] = {}
    for path in files:
        generated = "generated" in path.relative_to(root).parts
        seen_here: dict[str, Entry] = {}
        for entry in parse_file(path, problems, warnings=warnings):
            entry.generated = generated
            if entry.id in seen_here:
                problems.append(f"{entry.where}: duplicate id {entry.id} (first at {seen_here[entry.id].where})")
                continue
            seen_here[entry.id] = entry
            previous = merged.get(entry.id)
            if previous is not None and not generated and "generated" not in Path(previous.file).parts:
                problems.append(f"{entry.where}: duplicate id {entry.id} (first at {previous.where})")
                continue
            merged[entry.id] = entry  # curated files load last and override generated entries
    entries = list(merged.values())
    if normalize is None:
        normalize = TextNormalizer()
    for entry in entries:
        if not entry.generated and normalize(entry.zh) != entry.zh:
            problems.append(f"{entry.where}: zh {entry.zh!r} is not normalized Simplified Chinese "
                            f"(write {normalize(entry.zh)!r}; Traditional forms are derived with OpenCC)")
    for entry in entries:
        warnings.extend(one_character_names(entry))
    entries = drop_claimed_listings(entries, warnings)
    shared_identities(entries, warnings)
    resolve_collisions(entries, normalize, problems, warnings)
    if problems:
        raise GlossaryError(problems)
    return Glossary(entries=entries, files=files, content_hash=glossary_digest(root, files), warnings=warnings)
