"""A translation memory in SQLite: re-runs and repeated boilerplate cost a lookup, not a model call.

Keyed by (normalized source sentence, translator signature, glossary hash): a different model, decoding
setting or glossary never reuses an old translation. The translator signature already names the glossary;
it is a column of its own so that `DELETE ... WHERE glossary != ?` can prune.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pipeline.records import Segment
from stages.translators.base import Translation, Translator
from stages.translators.results_currency import RMB_WRITTEN, SUBJECT, SUBJECT_DIVIDENDS
from stages.translators.subject_currency import BODIES

log = logging.getLogger(__name__)
SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    source TEXT NOT NULL,
    translator TEXT NOT NULL,
    glossary TEXT NOT NULL,
    english TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, translator, glossary)
) WITHOUT ROWID
"""
# Verification results of (sentence, English, mentions) under one verifier version: a re-run answered from
# memory would otherwise spend most of its time checking again English that was checked before.
CHECKS_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    key TEXT PRIMARY KEY,
    flags TEXT NOT NULL,
    counts TEXT NOT NULL
) WITHOUT ROWID
"""
LOOKUP_CHUNK = 500  # SQLite's bound-variable limit is far above this; it keeps statements small


# What a stored row may fail with besides SQLite itself: notes or flags that are not the JSON list written.
DAMAGED_ROW = (ValueError, TypeError)


# Where a sentence was written changes its English (a bare 元 is yuan, HK$ or NT$; 證監會 the CSRC or the SFC), so
# a Hong Kong or Taiwan sentence is remembered under its locale too; mainland sentences keep the plain key.
PLAIN_KEY_LOCALES = frozenset({"", "cn"})
LOCALE_KEY_SEPARATOR = "\x1f"


def memory_source(seg: Segment) -> str:
    """The memory's key for a segment: its normalized sentence, plus its locale outside the mainland, plus the
    reporting currency of the document's company a Hong Kong sentence that names none reads its bare 元 in
    (results_currency.carry_subjects: 收入1,928亿元 is yuan after a Tencent lede, HK$ elsewhere)."""
    zh = seg.zh or ""
    if seg.locale in PLAIN_KEY_LOCALES:
        return zh
    subject = seg.attrs.get(SUBJECT)
    key = f"{zh}{LOCALE_KEY_SEPARATOR}{seg.locale}"
    key = f"{key}{LOCALE_KEY_SEPARATOR}{subject}" if subject else key
    # what a dividend's or a body's bare 元 reads from the document (results_currency, subject_currency): only on
    # the sentences where it may matter, so other keys stay as they were
    extra = [f"{name}={seg.attrs[name]}" for name in (SUBJECT_DIVIDENDS, RMB_WRITTEN) if seg.attrs.get(name)]
    if seg.attrs.get(BODIES):  # (start, end, currency) triples, however a copy of the segment holds them
        extra.append(f"{BODIES}=" + ",".join(f"{s}-{e}-{c}" for s, e, c in seg.attrs[BODIES]))
    return LOCALE_KEY_SEPARATOR.join((key, *extra)) if extra else key


# The fluency figure rides in the notes column as one more note (no new column, so memories written before it
# open unchanged); a translator that measures it has a signature of its own, so its rows always carry it.
FLUENCY_NOTE = "\x00fluency="


def stored_notes(t: Translation) -> list[str]:
    return [*t.notes, *([f"{FLUENCY_NOTE}{t.fluency!r}"] if t.fluency is not None else [])]


def from_notes(english: str, notes: list[str]) -> Translation:
    fluency = next((float(n.removeprefix(FLUENCY_NOTE)) for n in notes if n.startswith(FLUENCY_NOTE)), None)
    return Translation(english, tuple(n for n in notes if not n.startswith(FLUENCY_NOTE)), fluency)


class TranslationMemory:
    """One SQLite file. Opening checks the tables answer the queries used here, so a file that is not a
    database, or one an older version laid out otherwise, fails in the constructor; a failure later (a damaged
    page, a full or read-only disk) makes the memory `broken`: lookups answer nothing and stores do nothing,
    with one warning, and the run goes on translating."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.broken = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
            self._db.execute(CHECKS_SCHEMA)
            self._db.commit()
            self._db.execute("SELECT source, translator, glossary, english, notes FROM memory LIMIT 0").fetchall()
            self._db.execute("SELECT key, flags, counts FROM checks LIMIT 0").fetchall()
        except sqlite3.Error:
            self._db.close()
            raise

    def _fail(self, error: Exception) -> None:
        """Stop using the memory for the rest of this process, saying so once."""
        if not self.broken:
            log.warning("translation memory %s failed (%s: %s): going on without it", self.path,
                        type(error).__name__, error)
        self.broken = True

    def lookup(self, sources: Iterable[str], translator: str, glossary: str) -> dict[str, Translation]:
        if self.broken:
            return {}
        wanted = list(dict.fromkeys(sources))
        found: dict[str, Translation] = {}
        try:
            for i in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[i:i + LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, english, notes FROM memory WHERE translator = ? AND glossary = ? "
                    f"AND source IN ({marks})", [translator, glossary, *chunk])
                for source, english, notes in rows:
                    found[source] = from_notes(str(english), list(map(str, json.loads(notes))))
        except (sqlite3.Error, *DAMAGED_ROW) as e:
            self._fail(e)
            return {}
        return found

    def store(self, items: dict[str, Translation], translator: str, glossary: str) -> None:
        if self.broken:
            return
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO memory (source, translator, glossary, english, notes) VALUES (?, ?, ?, ?, ?)",
                [(src, translator, glossary, t.en, json.dumps(stored_notes(t))) for src, t in items.items()])
            self._db.commit()
        except sqlite3.Error as e:
            self._fail(e)

    def lookup_checks(self, keys: Iterable[str]) -> dict[str, tuple[list[str], dict]]:
        """Stored verification results by key: (flags, raw counts)."""
        if self.broken:
            return {}
        wanted = list(dict.fromkeys(keys))
        found: dict[str, tuple[list[str], dict]] = {}
        try:
            for i in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[i:i + LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, flags, counts FROM checks WHERE key IN ({marks})", chunk)
                for key, flags, counts in rows:
                    flags, counts = json.loads(flags), json.loads(counts)
                    if not isinstance(flags, list) or not isinstance(counts, dict):
                        raise TypeError(f"check {key!r} holds {type(flags).__name__}, {type(counts).__name__}")
                    found[key] = (flags, counts)
        except (sqlite3.Error, *DAMAGED_ROW) as e:
            self._fail(e)
            return {}
        return found

    def store_checks(self, items: dict[str, tuple[list[str], dict]]) -> None:
        if self.broken:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO checks (key, flags, counts) VALUES (?, ?, ?)",
                                 [(key, json.dumps(flags, ensure_ascii=False), json.dumps(counts))
                                  for key, (flags, counts) in items.items()])
            self._db.commit()
        except sqlite3.Error as e:
            self._fail(e)

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM memory").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class MemoizedTranslator:
    """Wraps a translator: segments found in memory skip it; new translations are stored."""

    def __init__(self, inner: Translator, memory_path: Path, glossary_hash: str) -> None:
        self.inner = inner
        self.memory_path = Path(memory_path)
        self.glossary_hash = glossary_hash
        self.label = inner.label
        self.memory: TranslationMemory | None = None
        self.hits = 0
        self.misses = 0

    def __getstate__(self) -> dict[str, object]:
        """Options only (the SQLite connection cannot cross processes); setup() opens the memory again and the
        hit counts start at zero, as in a newly constructed translator."""
        return {"inner": self.inner, "memory_path": self.memory_path, "glossary_hash": self.glossary_hash}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        self.inner.setup()
        try:
            self.memory = TranslationMemory(self.memory_path)
        except (sqlite3.Error, OSError) as e:  # not a database, locked, or its directory a file: speed, not the run
            log.warning("translation memory %s unusable (%s): translating without it", self.memory_path, e)

    def translate_batch(self, segments: list[Segment]) -> list[Translation]:
        if self.memory is not None and self.memory.broken:
            self.memory = None  # failed in an earlier batch (or in verification): the stats say it is off
        if self.memory is None:
            self.misses += len(segments)
            return self.inner.translate_batch(segments)
        signature = self.inner.signature()
        keys = [memory_source(s) for s in segments]
        known = self.memory.lookup(keys, signature, self.glossary_hash)
        todo: dict[str, Segment] = {}
        for key, seg in zip(keys, segments, strict=True):
            if key not in known:
                todo.setdefault(key, seg)
        fresh = dict(zip(todo, self.inner.translate_batch(list(todo.values())), strict=True)) if todo else {}
        keep = getattr(self.inner, "remember", None)  # llm: a fallback forced by a busy server is asked again later
        kept = {k: t for k, t in fresh.items() if keep(t)} if keep is not None else fresh
        if kept:
            self.memory.store(kept, signature, self.glossary_hash)
        if self.memory.broken:
            self.memory = None
        self.hits += len(segments) - len(todo)
        self.misses += len(todo)
        return [known.get(key) or fresh[key] for key in keys]

    def see_documents(self, docs: list) -> None:
        """Handed on to a translator that reads the documents around its sentences (llm)."""
        if (see := getattr(self.inner, "see_documents", None)) is not None:
            see(docs)

    def signature(self) -> str:
        return self.inner.signature()

    def stats(self) -> dict[str, object]:
        return {"path": str(self.memory_path), "hits": self.hits, "misses": self.misses,
                "enabled": self.memory is not None}
