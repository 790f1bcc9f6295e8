"""`glossary add` and `glossary alias`: change the glossary without ever shadowing an entry silently.

A curated entry overrides a generated one of the same id whole, claims its listings (loader.drop_claimed_listings)
and takes its names (loader.resolve_collisions). So a new entry that shares an id, a ticker or a name with any
entry, generated ones included, would hide that entry's other names: `add` refuses it, naming the file and line
of the entry it collides with, or with `merge=True` adds the new names and ticker to that entity instead.

An entity defined in a curated file is edited in place (ruamel round trip: comments and layout survive). One
defined in a generated file (rebuilt by `make glossary-build`, never edited by hand) gets a curated override of
the same id in the target file: a copy of all its fields with the additions, so none of its names is lost.
Every write is checked by loading the whole glossary again; a change that would make it invalid is undone.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.glossary.compiled import CompiledGlossary
from pipeline.glossary.loader import GlossaryError, entry_names, load_glossary
from pipeline.glossary.naming import canonical_english
from pipeline.glossary.schema import LOCALE_ALIAS_KEYS, TYPES, Entry, ticker_problem
from pipeline.glossary.tools import KEY_ORDER, GlossaryToolError, _yaml, default_id, find_by_ticker, name_hits

Normalize = Callable[[str], str]
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Chinese names share one namespace here, whatever script an alias is limited to: a new 中钢 would compete with
# a Traditional-only 中钢 in Traditional text.
ZH_LANGS = ("zh", "zh_hant", "zh_hans", *(f"zh_{locale}" for locale in LOCALE_ALIAS_KEYS.values()))
GENERATED_DIR = "generated"


class GlossaryEditError(GlossaryToolError):
    """An add or alias that would lose or hide a name; the message is one line naming the entry it meets."""


@dataclass
class Collision:
    """An existing entry the new names would meet, and how."""

    entry: Entry
    reasons: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One clause: 'name '华安证券' already maps to cn.600909 (FILE:LINE, generated)'."""
        where = self.entry.where + (", generated" if self.entry.generated else "")
        reason = self.reasons[0]
        if reason.startswith("id "):
            return f"{reason} already exists at {where}"
        if reason.startswith("ticker "):
            return f"{reason} already belongs to {self.entry.id} ({where})"
        return f"{reason} already maps to {self.entry.id} ({where})"


def is_chinese(name: str) -> bool:
    return HAN.search(name) is not None


def _name_index(glossary: CompiledGlossary, normalize: Normalize) -> dict[tuple[str, str], list[Entry]]:
    """(language, normalized key) → the entries holding that name, linkable or not."""
    index: dict[tuple[str, str], list[Entry]] = {}
    for entry in glossary.entries.values():
        for lang, key in entry_names(entry, normalize):
            index.setdefault(("zh" if lang in ZH_LANGS else lang, key), []).append(entry)
    return index


def _keys(names: list[str], normalize: Normalize) -> list[tuple[str, str, str]]:
    """(name as given, language, key) for names in either language."""
    out = []
    for name in names:
        key = normalize(name)
        out.append((name, "zh", key) if is_chinese(name) else (name, "en", key.casefold()))
    return out


def _ticker_holders(glossary: CompiledGlossary, ticker: str) -> list[Entry]:
    wanted = ticker.upper()
    return [e for e in glossary.entries.values()
            if wanted in {t.upper() for t in [e.ticker, *e.tickers, *e.former_tickers] if t}]


def find_collisions(glossary: CompiledGlossary, normalize: Normalize, *, entry_id: str | None, names: list[str],
                    ticker: str | None, exclude: str | None = None) -> list[Collision]:
    """Every existing entry (but `exclude`) that shares the id, a name or the ticker, in glossary order of
    discovery: id first, then names, then ticker."""
    found: dict[str, Collision] = {}

    def note(entry: Entry, reason: str) -> None:
        if entry.id != exclude:
            found.setdefault(entry.id, Collision(entry)).reasons.append(reason)

    if entry_id and entry_id in glossary.entries:
        note(glossary.entries[entry_id], f"id {entry_id}")
    index = _name_index(glossary, normalize)
    for name, lang, key in _keys(names, normalize):
        for entry in index.get((lang, key), []):
            note(entry, f"name {name!r}")
    if ticker:
        for entry in _ticker_holders(glossary, ticker):
            note(entry, f"ticker {ticker}")
    return list(found.values())


def resolve_entity(glossary: CompiledGlossary, normalize: Normalize, ref: str) -> Entry:
    """The entity an id, a full ticker (or a code only one listing has) or a name refers to."""
    if ref in glossary.entries:
        return glossary.entries[ref]
    hits = [entry_id for _how, entry_id, _note in name_hits(glossary, normalize(ref))]
    if not hits:
        hits = [e.id for e in find_by_ticker(glossary, ref)]
    hits = list(dict.fromkeys(hits))
    if len(hits) == 1:
        return glossary.entries[hits[0]]
    if not hits:
        raise GlossaryEditError(f"{ref!r} names no entity (give its id, ticker or a name it is linked by; "
                                f"`newsbridge glossary lookup` finds it)")
    choices = ", ".join(f"{i} ({glossary.entries[i].where})" for i in hits)
    raise GlossaryEditError(f"{ref!r} names {len(hits)} entities: {choices}; give the id or the full ticker")


# ---------------------------------------------------------------- YAML


def _flow(values: list[str]):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _item(fields: dict[str, Any]):
    """A YAML entry in the canonical key order, lists written inline."""
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    for key in (*KEY_ORDER, "former_tickers"):
        value = fields.get(key)
        if value in (None, [], {}, False):
            continue
        if key == "aliases":
            aliases = CommentedMap()
            for lang, names in value.items():
                if names:
                    aliases[lang] = _flow(names)
            value = aliases
        elif isinstance(value, list):
            value = _flow(value)
        item[key] = value
    return item


def _entry_fields(entry: Entry, normalize: Normalize) -> dict[str, Any]:
    """Every field of an entry, as a curated override must repeat them; names it could not link by (shared with
    another entry or claimed by a curated one) are left out, since a curated copy would make them collide."""
    keep = [n for n in entry.aliases_zh if normalize(n) not in entry.unlinkable]
    return {
        "id": entry.id, "type": entry.type, "zh": normalize(entry.zh), "en": entry.en, "ticker": entry.ticker,
        "tickers": list(entry.tickers), "former_tickers": list(entry.former_tickers),
        "aliases": {"zh": keep, "en": [n for n in entry.aliases_en if normalize(n).casefold() not in entry.unlinkable],
                    "zh_hant": list(entry.aliases_zh_hant), "zh_hans": list(entry.aliases_zh_hans),
                    **{key: list(entry.aliases_zh_locale.get(locale, ()))
                       for key, locale in LOCALE_ALIAS_KEYS.items()}},
        "legal_en": entry.legal_en if entry.legal_en and normalize(entry.legal_en).casefold() not in entry.unlinkable
        else None,
        "en_official": entry.en_official,
        "role": entry.role, "country": entry.country,
        "ambiguous": list(entry.context_names) if entry.context_names else entry.ambiguous,
    }


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _load_or_new(file: Path) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if file.exists():
        return _yaml().load(file.read_text(encoding="utf-8"))
    return CommentedMap(meta=CommentedMap(source="hand-curated", license="CC0-1.0"), entries=CommentedSeq())


def _write_checked(root: Path | None, changes: dict[Path, str], normalize: Normalize) -> None:
    """Write the files, then load the whole glossary; undo every write if it no longer loads."""
    from pipeline.io.atomic import write_text_atomic

    before = {path: path.read_text(encoding="utf-8") if path.exists() else None for path in changes}
    for path, text in changes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    if root is None:
        return
    try:
        load_glossary(root, normalize)
    except GlossaryError as e:
        for path, text in before.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_text_atomic(path, text)
        raise GlossaryEditError(f"not written: the glossary would not load ({e.problems[0]})") from None


def _check_target(file: Path) -> None:
    if GENERATED_DIR in file.parts:
        raise GlossaryEditError(f"{file}: generated files are rebuilt by `make glossary-build`; "
                                "write to a curated file (--file)")


# ---------------------------------------------------------------- changes


@dataclass
class Additions:
    """What to add to an entity: names (either language) and a ticker."""

    names: list[str] = field(default_factory=list)
    ticker: str | None = None


def _merged_fields(fields: dict[str, Any], entry: Entry, add: Additions, normalize: Normalize) -> list[str]:
    """Add the names and ticker the entity lacks to `fields`; returns what was added."""
    added: list[str] = []
    zh_known = {normalize(n) for n in entry.zh_names()}
    en_known = {normalize(n).casefold() for n in entry.en_names()}
    aliases = fields.setdefault("aliases", {})
    for name in dict.fromkeys(add.names):
        if is_chinese(name) and normalize(name) not in zh_known:
            aliases.setdefault("zh", []).append(name)
            zh_known.add(normalize(name))
            added.append(name)
        elif not is_chinese(name) and normalize(name).casefold() not in en_known:
            aliases.setdefault("en", []).append(name)
            en_known.add(normalize(name).casefold())
            added.append(name)
    if add.ticker and add.ticker.upper() not in {t.upper() for t in [entry.ticker, *entry.tickers] if t}:
        if not entry.ticker:
            fields["ticker"] = add.ticker
        else:
            fields["tickers"] = [*fields.get("tickers", []), add.ticker]
        added.append(add.ticker)
    return added


def _as_list(value: Any) -> list[str]:
    """A list field as the loader reads it: absent, one string, or a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _extend(mapping: Any, key: str, values: list[str]) -> None:
    """Append to a list field in place (an inline list stays inline); a field written as one string becomes a
    list."""
    current = mapping.get(key)
    if current is None or isinstance(current, str):
        mapping[key] = _flow([*_as_list(current), *values])
    else:
        current.extend(values)


def _apply(entry: Entry, add: Additions, file: Path, root: Path | None, normalize: Normalize) -> tuple[list[str], Path]:
    """Add to an entity in its curated file, or to a curated override of a generated one in `file`."""
    if entry.generated:
        _check_target(file)
        fields = _entry_fields(entry, normalize)
        added = _merged_fields(fields, entry, add, normalize)
        if not added:
            return [], file
        data = _load_or_new(file)
        data["entries"].append(_item(fields))
        _write_checked(root, {file: _dump(data)}, normalize)
        return added, file
    home = Path(entry.file)
    if not home.is_file():
        raise GlossaryEditError(f"{entry.where}: the file of {entry.id} is not here; run from the directory the "
                                "glossary was loaded from")
    data = _load_or_new(home)
    item = next((i for i in data["entries"] if isinstance(i, dict) and i.get("id") == entry.id), None)
    if item is None:
        raise GlossaryEditError(f"{entry.where}: {entry.id} not found in its file (changed since it was loaded?)")
    fields: dict[str, Any] = {"aliases": {}, "tickers": _as_list(item.get("tickers"))}
    added = _merged_fields(fields, entry, add, normalize)
    if not added:
        return [], home
    from ruamel.yaml.comments import CommentedMap

    if fields["aliases"]:
        aliases = item.get("aliases")
        if aliases is None:
            aliases = item["aliases"] = CommentedMap()
        for lang, names in fields["aliases"].items():
            _extend(aliases, lang, names)
    if "ticker" in fields:
        item["ticker"] = fields["ticker"]
    listed = _as_list(item.get("tickers"))
    if fields["tickers"] != listed:
        _extend(item, "tickers", fields["tickers"][len(listed):])
    _write_checked(root, {home: _dump(data)}, normalize)
    return added, home


@dataclass
class EditResult:
    """What an add or alias did: the entity, the file written, the names and tickers it added; `en` is a new
    entry's canonical English (given or made from the pinyin)."""

    entry_id: str
    file: Path
    added: list[str]
    merged: bool
    en: str | None = None


def add_entry(glossary: CompiledGlossary, normalize: Normalize, file: Path, *, zh: str, entry_type: str,
              en: str | None = None, ticker: str | None = None, aliases_zh: list[str] | tuple[str, ...] = (),
              aliases_en: list[str] | tuple[str, ...] = (), entry_id: str | None = None, merge: bool = False,
              root: Path | None = None) -> EditResult:
    """Append one entry to `file`; refuse one that shares an id, a name or a ticker with any entry (generated
    ones included), or with `merge` add its names and ticker to the one entity it meets."""
    if entry_type not in TYPES:
        raise GlossaryEditError(f"type {entry_type!r} is not one of {', '.join(TYPES)}")
    if ticker and (why := ticker_problem(ticker)):
        raise GlossaryEditError(why)
    given_en = en
    en = en or canonical_english(zh)
    entry_id = entry_id or default_id(entry_type, ticker, en)
    names = [zh, *aliases_zh, *([given_en] if given_en else []), *aliases_en]
    met = find_collisions(glossary, normalize, entry_id=entry_id, names=[*names, en], ticker=ticker)
    if met and not merge:
        more = f" (and {len(met) - 1} other entr{'y' if len(met) == 2 else 'ies'})" if len(met) > 1 else ""
        raise GlossaryEditError(f"{met[0].describe()}{more}; adding {zh!r} would shadow it: use --merge to add "
                                f"the names to {met[0].entry.id}, or `newsbridge glossary alias {met[0].entry.id} "
                                f"NAME`")
    if met:
        if len(met) > 1:
            entities = " and ".join(f"{m.entry.id} ({m.entry.where}, {m.reasons[0]})" for m in met[:3])
            raise GlossaryEditError(f"--merge: {zh!r} meets {len(met)} entities, {entities}; merge by hand")
        target = met[0].entry
        if not given_en and met[0].reasons == [f"name {en!r}"]:
            # Only the English made up from the pinyin meets it: no evidence that this is the same company.
            raise GlossaryEditError(f"--merge: {zh!r} meets {target.id} ({target.where}) only through the English "
                                    f"made from its pinyin, {en!r}; give --en, or name the entity with "
                                    f"`newsbridge glossary alias {target.id} {zh}`")
        if target.type != entry_type:
            raise GlossaryEditError(f"--merge: {target.id} ({target.where}) is a {target.type}, not a {entry_type}")
        added, written = _apply(target, Additions(names, ticker), file, root, normalize)
        return EditResult(target.id, written, added, merged=True)
    _check_target(file)
    data = _load_or_new(file)
    aliases = {"zh": list(aliases_zh), "en": list(aliases_en)}
    data["entries"].append(_item({"id": entry_id, "type": entry_type, "zh": zh, "en": en, "ticker": ticker,
                                  "aliases": aliases}))
    _write_checked(root, {file: _dump(data)}, normalize)
    return EditResult(entry_id, file, [zh], merged=False, en=en)


def add_alias(glossary: CompiledGlossary, normalize: Normalize, file: Path, ref: str, alias: str,
              root: Path | None = None) -> EditResult:
    """Add `alias` to the entity `ref` names; refuse an alias another entity already has."""
    entry = resolve_entity(glossary, normalize, ref)
    met = find_collisions(glossary, normalize, entry_id=None, names=[alias], ticker=None, exclude=entry.id)
    if met:
        raise GlossaryEditError(f"{met[0].describe()}; it cannot also name {entry.id} ({entry.where})")
    added, written = _apply(entry, Additions([alias]), file, root, normalize)
    return EditResult(entry.id, written, added, merged=True)
