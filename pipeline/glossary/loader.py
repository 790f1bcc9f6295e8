"""Load glossary YAML files safely, validating every entry with FILE:LINE messages."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.glossary.reporting import REPORTING_CURRENCIES, derived_reports_in
from pipeline.glossary.schema import (
    ALIAS_KEYS,
    COUNTRY_RE,
    ENTRY_KEYS,
    ID_RE,
    LOCALE_ALIAS_KEYS,
    REQUIRED_KEYS,
    STRING_KEYS,
    TYPES,
    Entry,
    name_length_problem,
    ticker_problem,
)
from pipeline.safe_yaml import READ_CHUNK_BYTES, YAMLProblem, compose, read_yaml_text, structure_problems
from pipeline.safe_yaml import node_line as _line
from pipeline.text.normalizer import TextNormalizer

STR_TAG = "tag:yaml.org,2002:str"
TOP_LEVEL_KEYS = {"meta", "entries"}
FILE_SHAPE = "a glossary file is a mapping with 'meta' and 'entries'"
ANCHOR_MESSAGE = "YAML anchors and aliases are not allowed in glossaries (write the value out)"
# A glossary file larger than this is not read (a huge scalar or file would be held, then parsed, whole): 40 times
# the largest in glossaries/ (generated/a_shares.yaml, 1.6 MB).
GLOSSARY_FILE_MAX_BYTES = 64 * 2**20
# Numbers below this are suggested back quoted (a ticker written 300308); a longer one is not echoed.
QUOTE_HINT_MAX = 10**12
# Names with these never match normalized text; the note is free text and may span lines.
FREE_TEXT_KEY = "note"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# bool before int: True is an int to isinstance.
VALUE_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"), (int, "a number"), (float, "a number"), (str, "a string"), (bytes, "binary data"),
    (list, "a list"), (dict, "a mapping"), (set, "a set"), (datetime.date, "a date"))


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
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        try:  # in chunks: a file past GLOSSARY_FILE_MAX_BYTES is refused by the loader, never held here either
            with path.open("rb") as f:
                while chunk := f.read(READ_CHUNK_BYTES):
                    digest.update(chunk)
        except OSError as e:  # the loader reports it ("cannot read"); the hash only has to differ
            digest.update(f"unreadable: {e}".encode(errors="replace"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def describe(value: Any) -> str:
    """What a YAML value is, in the words of a glossary error message."""
    if value is None:
        return "null"
    return next((name for kind, name in VALUE_KINDS if isinstance(value, kind)), type(value).__name__)


def _mapping_lines(node: yaml.MappingNode) -> dict[str, int]:
    """Line of each string key's value (keys of other types are reported as unknown, never looked up)."""
    return {k.value: _line(v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.tag == STR_TAG}


def _key_names(node: yaml.MappingNode) -> list[tuple[str, int, bool]]:
    """(key as written, its line, is it a string) of every key of a mapping."""
    return [(str(k.value) if isinstance(k, yaml.ScalarNode) else describe(k.value), _line(k),
             isinstance(k, yaml.ScalarNode) and k.tag == STR_TAG) for k, _ in node.value]


def _control_problem(value: str) -> str | None:
    """A name holding a control character (written as an escape such as "\\x01") can never match text."""
    found = CONTROL_CHARS.search(value)
    return f"contains control character U+{ord(found.group()):04X}" if found else None


def _string(raw: dict, key: str, line: int, file: str, problems: list[str], required: bool = False) -> str | None:
    """A string field, stripped; None (and a problem) when it has another type or, if required, is empty."""
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{file}:{line}: missing or empty {key!r}")
        return None
    if not isinstance(value, str):
        # A bare 300308 or 0050 is read as a number; quoting it is the fix.
        hint = (f" (quote it: '{value}')" if isinstance(value, int | float) and not isinstance(value, bool)
                and abs(value) < QUOTE_HINT_MAX else "")
        problems.append(f"{file}:{line}: field {key!r} must be a string, got {describe(value)}{hint}")
        return None
    if key != FREE_TEXT_KEY and (why := _control_problem(value)):
        problems.append(f"{file}:{line}: field {key!r} {why}")
        return None
    if why := name_length_problem(key, value.strip()):
        problems.append(f"{file}:{line}: {why}")
        return None
    return value.strip()


def _string_list(value: Any, where: str, what: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(f"{where}: field {what!r} must be a list of non-empty strings, got {describe(value)}")
        return []
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        got = "an empty string" if isinstance(bad[0], str) else describe(bad[0])
        problems.append(f"{where}: field {what!r} must be a list of non-empty strings, got a list holding {got}")
        return []
    for v in value:
        if why := _control_problem(v):
            problems.append(f"{where}: field {what!r}: {v!r} {why}")
            return []
        if why := name_length_problem(what, v.strip()):
            problems.append(f"{where}: {why}")
            return []
    return [v.strip() for v in value]


def _parse_entry(raw: Any, node: yaml.Node, file: str, problems: list[str]) -> Entry | None:
    """One entry, every field's type checked before it is used; None when it cannot be an Entry."""
    where = f"{file}:{_line(node)}"
    if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(f"{where}: entry must be a mapping, got {describe(raw)}")
        return None
    lines = _mapping_lines(node)
    for key, line, is_string in _key_names(node):
        if not is_string or key not in ENTRY_KEYS:
            problems.append(f"{file}:{line}: unknown key {key!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    before = len(problems)
    fields = {key: _string(raw, key, lines.get(key, _line(node)), file, problems, required=key in REQUIRED_KEYS)
              for key in STRING_KEYS}
    if any(fields[key] is None for key in REQUIRED_KEYS):
        return None
    entry_id, entry_type = fields["id"], fields["type"]
    if not ID_RE.match(entry_id):
        problems.append(f"{file}:{lines['id']}: id {entry_id!r} must look like 'cn.300308' or 'term.optical_module'")
    if entry_type not in TYPES:
        problems.append(f"{file}:{lines['type']}: type {entry_type!r} is not one of {', '.join(TYPES)}")
    if fields["country"] is not None and not COUNTRY_RE.match(fields["country"]):
        problems.append(f"{file}:{lines['country']}: country {fields['country']!r} must be a two-letter code "
                        "such as US, CN, HK (ISO 3166) or EU")
    if fields["reports_in"] is not None and fields["reports_in"] not in REPORTING_CURRENCIES:
        problems.append(f"{file}:{lines['reports_in']}: reports_in {fields['reports_in']!r} must be one of "
                        f"{', '.join(sorted(REPORTING_CURRENCIES))}")
    ticker = fields["ticker"]
    tickers = _string_list(raw.get("tickers"), f"{file}:{lines.get('tickers', 0)}", "tickers", problems)
    former = _string_list(raw.get("former_tickers"), f"{file}:{lines.get('former_tickers', 0)}", "former_tickers",
                          problems)
    for key, values in (("ticker", [ticker] if ticker else []), ("tickers", tickers), ("former_tickers", former)):
        for t in values:
            if why := ticker_problem(t):
                problems.append(f"{file}:{lines.get(key)}: {why}")
    aliases = raw.get("aliases")
    alias_line = lines.get("aliases", _line(node))
    if aliases is None:
        aliases = {}
    elif not isinstance(aliases, dict):
        problems.append(f"{file}:{alias_line}: field 'aliases' must be a mapping with zh and/or en lists, "
                        f"got {describe(aliases)}")
        aliases = {}
    for key in sorted({k if isinstance(k, str) else describe(k) for k in aliases if k not in ALIAS_KEYS}):
        problems.append(f"{file}:{alias_line}: unknown alias language {key!r} "
                        f"(use zh, en, zh_hant, zh_hans, zh_hk, zh_tw, zh_cn or zh_mo)")
    names = {lang: _string_list(aliases.get(lang), f"{file}:{alias_line}", f"aliases.{lang}", problems)
             for lang in sorted(ALIAS_KEYS)}
    ambiguous = raw.get("ambiguous", False)
    context_names: list[str] = []
    if isinstance(ambiguous, list):
        context_names = _string_list(ambiguous, f"{file}:{lines['ambiguous']}", "ambiguous", problems)
        ambiguous = True
    elif not isinstance(ambiguous, bool):
        problems.append(f"{file}:{lines['ambiguous']}: field 'ambiguous' must be true, false or a list of names, "
                        f"got {describe(ambiguous)}")
        ambiguous = False
    if len(problems) > before:
        return None
    return Entry(
        id=entry_id, type=entry_type, zh=fields["zh"], en=fields["en"], ticker=ticker, tickers=tickers,
        former_tickers=former, aliases_zh=names["zh"], aliases_en=names["en"], aliases_zh_hant=names["zh_hant"],
        aliases_zh_hans=names["zh_hans"],
        aliases_zh_locale={locale: names[key] for key, locale in LOCALE_ALIAS_KEYS.items() if names[key]},
        legal_en=fields["legal_en"], en_official=fields["en_official"], role=fields["role"],
        country=fields["country"], reports_in=fields["reports_in"], ambiguous=ambiguous,
        context_names=context_names, file=file, line=_line(node),
    )


def one_character_names(entry: Entry) -> list[str]:
    """A one-character name matches inside any word (银 in 银行), so it is almost always a mistake."""
    return [f"{entry.where}: one-character name {n!r} of {entry.id} matches inside other words"
            for n in dict.fromkeys([*entry.zh_names(), *entry.en_names()]) if len(n.strip()) == 1]


def _raw_entries(path: Path, file: str, problems: list[str]) -> list[tuple[Any, yaml.Node]]:
    """Each entry's value and node, after the checks of the file as a whole (encoding, YAML, anchors, duplicate
    keys, its shape); none when those leave nothing to read."""
    try:
        node, data = compose(read_yaml_text(path, GLOSSARY_FILE_MAX_BYTES), ANCHOR_MESSAGE)
    except OSError as e:
        problems.append(f"{file}:1: cannot read ({e.strerror or e})")
        return []
    except YAMLProblem as e:
        problems.append(f"{file}:{e.line}: {e.reason}" if e.line else
                        f"{file}:1: {e.reason}: not read; split it into smaller glossary files")
        return []
    if node is None:
        problems.append(f"{file}:1: empty file; {FILE_SHAPE}")
        return []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        hint = " (put the list under 'entries:')" if isinstance(data, list) else ""
        problems.append(f"{file}:{_line(node)}: the file holds {describe(data)}; {FILE_SHAPE}{hint}")
        return []
    problems.extend(structure_problems(node, file))
    lines = _mapping_lines(node)
    for key, line, is_string in _key_names(node):
        if not is_string or key not in TOP_LEVEL_KEYS:
            problems.append(f"{file}:{line}: unknown top-level key {key!r} (expected meta, entries)")
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        problems.append(f"{file}:{lines['meta']}: 'meta' must be a mapping, got {describe(meta)}")
    entries_node = next((v for k, v in node.value if k.value == "entries"), None)
    raw_entries = data.get("entries")
    if raw_entries is None:
        problems.append(f"{file}:{lines.get('entries', 1)}: missing 'entries'")
        return []
    if not isinstance(raw_entries, list) or not isinstance(entries_node, yaml.SequenceNode):
        problems.append(f"{file}:{lines['entries']}: 'entries' must be a list, got {describe(raw_entries)}")
        return []
    return list(zip(raw_entries, entries_node.value, strict=True))


def parse_file(path: Path, problems: list[str], display: str | None = None) -> list[Entry]:
    """Entries of one YAML file; problems are appended, never raised, so one run reports them all."""
    file = display or str(path)
    parsed = (_parse_entry(raw, node, file, problems) for raw, node in _raw_entries(path, file, problems))
    return [e for e in parsed if e is not None]


def file_problems(path: Path) -> list[str]:
    """What keeps a file from being read as a glossary at all, an entry that is not a mapping included: what
    must be fixed before `glossary fmt` may rewrite it. Problems of single fields are `glossary check`'s."""
    problems: list[str] = []
    for raw, node in _raw_entries(path, str(path), problems):
        if not isinstance(raw, dict):
            problems.append(f"{path}:{_line(node)}: entry must be a mapping, got {describe(raw)}")
    return problems


def entry_names(entry: Entry, normalize) -> list[tuple[str, str]]:
    """(language, key) of every name an entry can be linked by."""
    names = [("zh", normalize(n)) for n in entry.zh_names()]
    # A script-specific alias may share its characters with another entry's name: 超微 is AMD only in hant.
    names += [("zh_hant", normalize(n)) for n in entry.aliases_zh_hant]
    names += [("zh_hans", normalize(n)) for n in entry.aliases_zh_hans]
    # So may a locale's alias: 证监会 is the CSRC's name and, in Hong Kong documents only, the SFC's.
    names += [(f"zh_{locale}", normalize(n)) for locale, aliases in entry.aliases_zh_locale.items() for n in aliases]
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
            if owner.en_official is None and owner.ticker == entry.ticker:  # its home listing's official English
                owner.en_official = entry.en_official
            owner.reports_in = owner.reports_in or entry.reports_in  # the company's, whichever listing
            continue
        kept.append(entry)
    return kept


# A listing's name a curated copy does not write is kept from this length (长芯博创; not a two-character form).
LISTING_NAME_MIN_LEN = 3
A_SHARE_ID = "cn."  # the id prefix of A-share companies (generate.build_a_shares)


def keep_listing_names(overridden: list[tuple[Entry, Entry]], entries: list[Entry], normalize) -> list[str]:
    """A curated entry written before a rename (博创科技) keeps the listing's current names (长芯博创, *ST闻泰)
    from the generated entry it replaces: news writes the current name. Only names of three characters or more
    that need no context there and no other entry holds; returns the names added."""
    held = {normalize(n) for e in entries for n in e.zh_names()}
    added = []
    for generated, curated in overridden:
        if not generated.id.startswith(A_SHARE_ID):  # HK, Taiwan, US lists hold vendors' cut names (摩根士丹)
            continue
        if generated.ambiguous and not generated.context_names:  # vendor abbreviations: all need context
            continue
        for name in generated.zh_names():
            key = normalize(name)
            if len(key) >= LISTING_NAME_MIN_LEN and key not in held and name not in generated.context_names:
                curated.aliases_zh.append(name)
                held.add(key)
                added.append(name)
    return added


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


def root_problem(root: Path) -> str | None:
    """Why `root` cannot be a glossary directory (not there, or a name the system refuses: too long), or None."""
    try:
        if root.is_dir():
            return None
    except OSError as e:  # is_dir() answers False for a missing path, but raises ENAMETOOLONG, ELOOP, EACCES
        return f"{root}: cannot open the glossary directory ({e.strerror or e})"
    return f"{root}: no such glossary directory"


def load_glossary(root: Path, normalize=None) -> Glossary:
    """Load and validate every file under root; raise GlossaryError listing every problem found."""
    root = Path(root)
    if (why := root_problem(root)) is not None:
        raise GlossaryError([why])
    files = glossary_files(root)
    if not files:
        raise GlossaryError([f"{root}: no .yaml glossary files"])
    problems: list[str] = []
    warnings: list[str] = []
    merged: dict[str, Entry] = {}
    overridden: list[tuple[Entry, Entry]] = []  # (generated, the curated entry that replaces it)
    for path in files:
        generated = "generated" in path.relative_to(root).parts
        seen_here: dict[str, Entry] = {}
        for entry in parse_file(path, problems):
            entry.generated = generated
            if entry.id in seen_here:
                problems.append(f"{entry.where}: duplicate id {entry.id} (first at {seen_here[entry.id].where})")
                continue
            seen_here[entry.id] = entry
            previous = merged.get(entry.id)
            if previous is not None and not generated and "generated" not in Path(previous.file).parts:
                problems.append(f"{entry.where}: duplicate id {entry.id} (first at {previous.where})")
                continue
            if previous is not None and previous.generated and entry.en_official is None:
                entry.en_official = previous.en_official  # the listing's fact, which a curated copy need not repeat
            if previous is not None and previous.generated and entry.reports_in is None:
                entry.reports_in = previous.reports_in
            if previous is not None and previous.generated and not generated:
                overridden.append((previous, entry))
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
    for entry in entries:
        entry.reports_in = entry.reports_in or derived_reports_in([entry.ticker, *entry.tickers], entry.type)
    keep_listing_names(overridden, entries, normalize)
    shared_identities(entries, warnings)
    resolve_collisions(entries, normalize, problems, warnings)
    if problems:
        raise GlossaryError(problems)
    return Glossary(entries=entries, files=files, content_hash=glossary_digest(root, files), warnings=warnings)
