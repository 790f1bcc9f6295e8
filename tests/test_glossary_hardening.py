"""Hostile glossary files and damaged caches: each is one FILE:LINE problem or a warning and a rebuild, never a
traceback, a hang or a run that stops."""

from __future__ import annotations

import logging
import marshal
import pickle
import re
import sqlite3
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.glossary import CompiledGlossary, GlossaryError, commonness, compile_glossary, load_glossary
from pipeline.glossary.compiled import cache_header, read_cache
from pipeline.glossary.loader import ANCHOR_MESSAGE, parse_file
from pipeline.glossary.schema import ALIAS_KEYS, ENTRY_KEYS
from pipeline.records import Segment
from pipeline.text.normalizer import TextNormalizer
from stages.translators.gloss import GlossTranslator
from stages.translators.memory import MemoizedTranslator, TranslationMemory
from tests.test_glossary import GOOD, HEADER

GOOD_ENTRY = {"id": "cn.300308", "type": "company", "zh": "中际旭创", "en": "Zhongji Xuchuang", "ticker": "300308.SZ"}
WHERE = re.compile(r"^g\.yaml:\d+: \S")
# The classic billion laughs: nine levels of nine, a 9**9-item value once walked or printed.
LAUGH_LEVELS = 9
# Far above what parsing a 1 kB file allocates (a few kB), far below one level of expansion of the laughs.
LAUGH_PEAK_BYTES = 1_000_000


def billion_laughs(levels: int = LAUGH_LEVELS) -> str:
    anchors = ["    ticker:\n      - &l0 lol\n"]
    for level in range(1, levels):
        anchors.append(f"      - &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]\n")
    return HEADER + GOOD.replace("    ticker: 300308.SZ\n", "") + "".join(anchors)


def _problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "g.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    problems: list[str] = []
    parse_file(path, problems, display="g.yaml")
    return problems


@pytest.mark.parametrize(("text", "expected"), [
    # anchors and aliases
    (billion_laughs(), f"g.yaml:8: {ANCHOR_MESSAGE}"),
    (HEADER + GOOD.replace("zh: 中际旭创", "zh: &name 中际旭创"), f"g.yaml:5: {ANCHOR_MESSAGE}"),
    (HEADER + GOOD + GOOD.replace("cn.300308", "*first").replace("  - id:", "  - id:"), f"g.yaml:8: {ANCHOR_MESSAGE}"),
    # a field of the wrong type
    (HEADER + GOOD.replace("300308.SZ", "{exchange: SZ}"), "g.yaml:7: field 'ticker' must be a string, got a mapping"),
    (HEADER + GOOD.replace("300308.SZ", "300308"),
     "g.yaml:7: field 'ticker' must be a string, got a number (quote it: '300308')"),
    (HEADER + GOOD.replace("zh: 中际旭创", "zh: [中际旭创]"), "g.yaml:5: field 'zh' must be a string, got a list"),
    (HEADER + GOOD.replace("id: cn.300308", "id: true"), "g.yaml:3: field 'id' must be a string, got a boolean"),
    (HEADER + GOOD.replace("type: company", "type: 1.5"), "g.yaml:4: field 'type' must be a string, got a number"),
    (HEADER + GOOD.replace("type: company", "type: null"), "g.yaml:4: missing or empty 'type'"),
    (HEADER + GOOD + "    legal_en: 2020-01-01\n", "g.yaml:8: field 'legal_en' must be a string, got a date"),
    (HEADER + GOOD + "    note: !!binary aGVsbG8=\n", "g.yaml:8: field 'note' must be a string, got binary data"),
    (HEADER + GOOD + "    tickers: {a: b}\n",
     "g.yaml:8: field 'tickers' must be a list of non-empty strings, got a mapping"),
    (HEADER + GOOD + "    aliases: [旭创]\n",
     "g.yaml:8: field 'aliases' must be a mapping with zh and/or en lists, got a list"),
    (HEADER + GOOD + "    aliases: {zh: [旭创, 7]}\n",
     "g.yaml:8: field 'aliases.zh' must be a list of non-empty strings, got a list holding a number"),
    (HEADER + GOOD + "    aliases: {en: [{x: 1}]}\n",
     "g.yaml:8: field 'aliases.en' must be a list of non-empty strings, got a list holding a mapping"),
    (HEADER + GOOD + "    aliases: {zh: !!set {旭创}}\n",
     "g.yaml:8: field 'aliases.zh' must be a list of non-empty strings, got a set"),
    (HEADER + GOOD + "    ambiguous: 3\n",
     "g.yaml:8: field 'ambiguous' must be true, false or a list of names, got a number"),
    (HEADER + GOOD.replace("zh: 中际旭创", 'zh: "中际\\x01旭创"'),
     "g.yaml:5: field 'zh' contains control character U+0001"),
    (HEADER + GOOD + "    true: 1\n", "g.yaml:8: unknown key 'true'"),
    # values Python cannot hold
    (HEADER + GOOD.replace("300308.SZ", "1" * 5000), "g.yaml:7: invalid YAML: cannot read this value"),
    (HEADER + GOOD + "    legal_en: 2020-13-45\n", "g.yaml:8: invalid YAML: cannot read this value"),
    # duplicate keys, with both lines
    (HEADER + GOOD + "    en: Innolight\n", "g.yaml:8: duplicate key 'en' (first at line 6); keep one"),
    ("meta: {}\nmeta: {}\nentries: []\n", "g.yaml:2: duplicate key 'meta' (first at line 1); keep one"),
])
def test_bad_entry_is_named_with_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    problems = _problems(tmp_path, text)
    assert any(p.startswith(expected) for p in problems), problems
    assert all(WHERE.match(p) for p in problems), problems


@pytest.mark.parametrize(("content", "expected"), [
    ((HEADER + GOOD).encode("gbk"),
     "g.yaml:5: not UTF-8 (invalid continuation byte at byte 74); save the file as UTF-8"),
    (b"", "g.yaml:1: empty file; a glossary file is a mapping with 'meta' and 'entries'"),
    (b"# only a comment\n", "g.yaml:1: empty file; a glossary file is a mapping with 'meta' and 'entries'"),
    (GOOD.encode(), "g.yaml:1: the file holds a list; a glossary file is a mapping with 'meta' and 'entries' "
                    "(put the list under 'entries:')"),
    (b"just words\n", "g.yaml:1: the file holds a string; a glossary file is a mapping with 'meta' and 'entries'"),
    (HEADER.replace("entries:\n", "entries: {a: b}\n").encode(), "g.yaml:2: 'entries' must be a list, got a mapping"),
    (b"meta: {}\n", "g.yaml:1: missing 'entries'"),
    (b"meta: [1]\nentries: []\n", "g.yaml:1: 'meta' must be a mapping, got a list"),
    ((HEADER + GOOD.replace("    type:", "\ttype:")).encode(), "g.yaml:4: invalid YAML: found a tab character "
                                                               "that violates indentation (a tab: indent with spaces)"),
    ((HEADER + GOOD.replace("Zhongji", "Zhong\x07ji")).encode(),
     "g.yaml:6: invalid YAML: character U+0007 is not allowed in YAML"),
    ((HEADER + GOOD + "---\n" + HEADER).encode(), "g.yaml:8: invalid YAML: expected a single document in the stream, "
                                            "but found another document"),
    (b"entries:\n  - [" + b"[" * 2000 + b"\n", "g.yaml:2: invalid YAML: exceeded maximum nesting depth"),
])
def test_bad_file_is_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    problems = _problems(tmp_path, content)
    assert problems == [expected] or (len(problems) == 1 and problems[0].startswith(expected)), problems


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD).encode())
    problems: list[str] = []
    assert [e.id for e in parse_file(path, problems)] == ["cn.300308"] and problems == []


def test_billion_laughs_is_refused_before_anything_expands(tmp_path: Path) -> None:
    """No wall clock: the memory the parse allocated shows nothing was expanded (one level of nine would be
    tens of megabytes once printed)."""
    tracemalloc.start()
    try:
        problems = _problems(tmp_path, billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [f"g.yaml:8: {ANCHOR_MESSAGE}"]
    assert peak < LAUGH_PEAK_BYTES
    (tmp_path / "g.yaml").rename(tmp_path / "laughs.yaml")
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path)
    assert info.value.problems == [f"{tmp_path / 'laughs.yaml'}:8: {ANCHOR_MESSAGE}"]


def test_ampersands_and_stars_in_names_are_not_anchors(tmp_path: Path) -> None:
    text = HEADER + GOOD + "    aliases: {en: ['AT&T', '*ST Zhongji', 'S & P']}\n"
    problems: list[str] = []
    (tmp_path / "g.yaml").write_text(text, encoding="utf-8")
    entries = parse_file(tmp_path / "g.yaml", problems)
    assert problems == [] and entries[0].aliases_en == ["AT&T", "*ST Zhongji", "S & P"]


def test_project_glossaries_have_no_file_problems(glossary) -> None:
    """Every shipped file, generated ones too, passes the stricter checks (no duplicate key, no anchor).
    load_glossary raises on any problem parse_file finds in any of its files, so the session's compiled project
    glossary (its cache is keyed by the files' content) is that answer without a second parse (~16 s CPU)."""
    from tests.conftest import GLOSSARIES

    files = {p.relative_to(GLOSSARIES) for p in GLOSSARIES.rglob("*.yaml")}
    assert any("generated" in p.parts for p in files)
    assert files <= {Path(p).relative_to(glossary.compiled_under) for p in glossary.glossary.files}


# --- property: whatever YAML value sits in whatever field, the answer is an entry or FILE:LINE problems ----------

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates()
           | st.binary(max_size=4))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)
FIELDS = sorted(ENTRY_KEYS) + [f"aliases.{lang}" for lang in sorted(ALIAS_KEYS)] + ["extra"]
# Keys YAML reads as something other than a string (true:, 1:, null:, 2020-01-01:), added to an entry.
ODD_KEYS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates()
NORMALIZE = TextNormalizer()


def _entry_with(field: str, value: Any) -> dict[str, Any]:
    entry: dict[str, Any] = dict(GOOD_ENTRY)
    if field == "odd key":
        entry[value] = "x"
    elif field.startswith("aliases."):
        entry["aliases"] = {field.partition(".")[2]: value}
    else:
        entry[field] = value
    return entry


def _load_or_problems(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "g.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_glossary(Path(tmp), NORMALIZE)
            return []
        except GlossaryError as e:
            return [p.replace(str(Path(tmp) / "g.yaml"), "g.yaml") for p in e.problems]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(st.tuples(st.sampled_from(FIELDS), VALUES) | st.tuples(st.just("odd key"), ODD_KEYS),
                        min_size=1, max_size=3))
def test_any_value_in_any_field_is_an_entry_or_a_located_problem(entries: list[tuple[str, Any]]) -> None:
    document = {"meta": {"source": "test"},
                "entries": [_entry_with(field, value) | {"id": f"cn.{600000 + i}", "ticker": f"{600000 + i}.SH"}
                            if field not in ("id", "ticker") else _entry_with(field, value)
                            for i, (field, value) in enumerate(entries)]}
    problems = _load_or_problems(yaml.safe_dump(document, allow_unicode=True))
    assert all(WHERE.match(p) for p in problems), problems


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(), max_size=80) | VALUES.map(lambda v: yaml.safe_dump(v)))
def test_any_file_content_is_problems_never_an_exception(text: str) -> None:
    problems = _load_or_problems(text)
    assert all(WHERE.match(p) for p in problems), problems


# --- caches: garbage, truncated, foreign or old files are warned about and rebuilt -------------------------------

@pytest.fixture()
def tiny_glossary(tmp_path: Path) -> Path:
    root = tmp_path / "glossaries"
    root.mkdir()
    (root / "g.yaml").write_text(HEADER + GOOD, encoding="utf-8")
    return root


def _cache_file(cache_dir: Path) -> Path:
    (found,) = cache_dir.glob("glossary-*.pickle")
    return found


def _pickle_of(path: Path) -> bytes:
    return path.read_bytes().partition(b"\n")[2]


def _flip_byte(good: bytes) -> bytes:
    """One bit changed near the middle of the pickle: it may still unpickle, into a different glossary."""
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 1
    return bytes(damaged)


def _signed(good: bytes, blob: bytes) -> bytes:
    """A header that matches (this version, this glossary, the blob's checksum) over another pickle."""
    return cache_header(good.split(b" ")[2].decode(), blob) + blob


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda good: b"\x00garbage\xff" * 10, "is not a glossary cache"),
    (lambda good: good[:len(good) // 2], "is damaged (checksum)"),  # a write cut short
    (_flip_byte, "is damaged (checksum)"),
    (lambda good: b"", "is not a glossary cache"),
    (lambda good: pickle.dumps({"not": "a glossary"}), "is not a glossary cache"),
    (lambda good: good.partition(b"\n")[2], "is not a glossary cache"),  # the bare pickle older versions wrote
    (lambda good: good.replace(b" v", b" v0", 1), "was written by another version"),
    (lambda good: _signed(good, pickle.dumps(["a", "list"])), "holds list"),
    (lambda good: _signed(good, b"\x80\x05junk"), "is unusable"),
])
def test_damaged_glossary_cache_is_rebuilt(tiny_glossary: Path, tmp_path: Path, caplog, damage, expected) -> None:
    cache_dir = tmp_path / "cache"
    compile_glossary(tiny_glossary, cache_dir=cache_dir)
    cache = _cache_file(cache_dir)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    with caplog.at_level(logging.WARNING, logger="pipeline.glossary.compiled"):
        compiled = compile_glossary(tiny_glossary, cache_dir=cache_dir)
    assert isinstance(compiled, CompiledGlossary) and compiled.find("中际旭创涨停", "zh")[0].entry_id == "cn.300308"
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and expected in messages[0] and messages[0].endswith("rebuilding it"), messages
    assert read_cache(cache, compiled.content_hash) is not None  # replaced by a good one
    assert sorted(p.name for p in cache_dir.iterdir()) == [cache.name]  # no temporary file left


def test_warm_cache_is_read_without_a_warning(tiny_glossary: Path, tmp_path: Path, caplog) -> None:
    compile_glossary(tiny_glossary, cache_dir=tmp_path / "cache")
    cache = _cache_file(tmp_path / "cache")
    with caplog.at_level(logging.WARNING, logger="pipeline.glossary.compiled"):
        warm = compile_glossary(tiny_glossary, cache_dir=tmp_path / "cache")
    assert caplog.records == [] and read_cache(cache, warm.content_hash) is not None
    assert pickle.loads(_pickle_of(cache)).content_hash == warm.content_hash


def test_unusable_cache_directory_costs_a_warning(tiny_glossary: Path, tmp_path: Path, caplog) -> None:
    not_a_dir = tmp_path / "cache"
    not_a_dir.write_text("a file where the cache directory should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pipeline.glossary.compiled"):
        compiled = compile_glossary(tiny_glossary, cache_dir=not_a_dir / "sub")
    assert len(compiled) == 1
    assert any("cannot write glossary cache" in r.getMessage() for r in caplog.records)


def test_damaged_jieba_dictionary_cache_is_rebuilt(caplog) -> None:
    """A cache of the right format but the wrong shape (four numbers) used to escape as an AttributeError."""
    size = len(commonness.dictionary().freqs)
    cache = commonness.dictionary_cache_file()
    try:
        cache.write_bytes(marshal.dumps((1, 2, 3, 4)))
        commonness.dictionary.cache_clear()
        with caplog.at_level(logging.WARNING, logger="pipeline.glossary.commonness"):
            assert len(commonness.dictionary().freqs) == size
        assert any("rebuilding" in r.getMessage() for r in caplog.records)
        freqs, _, _, _ = marshal.loads(cache.read_bytes())
        assert len(freqs) == size
    finally:
        commonness.dictionary.cache_clear()


# --- the translation memory: a damaged file means translating without it, said once ------------------------------

def _segments() -> list[Segment]:
    return [Segment(doc_id="d", seg_id=i, part="body", src="", zh=zh) for i, zh in enumerate(("中际旭创涨停",
                                                                                              "光模块板块走强"))]


@pytest.fixture(scope="module")
def tiny_gloss(tmp_path_factory: pytest.TempPathFactory) -> GlossTranslator:
    root = tmp_path_factory.mktemp("tiny-glossary")
    (root / "g.yaml").write_text(HEADER + GOOD, encoding="utf-8")
    translator = GlossTranslator(compile_glossary(root, use_cache=False))
    translator.setup()
    return translator


def _old_layout(path: Path, translator: GlossTranslator) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE memory (source TEXT, english TEXT)")


def _damaged_row(path: Path, translator: GlossTranslator) -> None:
    """A database that opens, with a stored translation whose notes are not the JSON written."""
    TranslationMemory(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO memory VALUES (?, ?, 'g', 'x', 'not json')",
                   (_segments()[0].zh, translator.signature()))


@pytest.mark.parametrize(("damage", "at"), [
    (lambda path, _: path.write_bytes(b"this is not an SQLite database" * 100), "setup"),
    (lambda path, _: path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), "setup"),  # a header, then garbage
    (_old_layout, "setup"),
    (lambda path, _: path.parent.rmdir() or path.parent.write_text("a file", encoding="utf-8"), "setup"),
    (_damaged_row, "lookup"),
])
def test_damaged_translation_memory_means_no_memory(tiny_gloss: GlossTranslator, tmp_path: Path, caplog,
                                                    damage, at: str) -> None:
    path = tmp_path / "tm" / "memory.sqlite"
    path.parent.mkdir()
    damage(path, tiny_gloss)
    expected = tiny_gloss.translate_batch(_segments())
    memoized = MemoizedTranslator(tiny_gloss, path, "g")
    with caplog.at_level(logging.WARNING, logger="stages.translators.memory"):
        memoized.setup()
        assert (memoized.memory is None) == (at == "setup")
        assert memoized.translate_batch(_segments()) == expected
        assert memoized.translate_batch(_segments()) == expected
    assert memoized.memory is None and memoized.stats()["enabled"] is False
    assert len([r for r in caplog.records if "translation memory" in r.getMessage()]) == 1


# --- `glossary fmt` rewrites nothing while a file cannot be read as a glossary -----------------------------------

UNORDERED = HEADER + "  - en: Zhongji Xuchuang\n    zh: 中际旭创\n    type: company\n    id: cn.300308\n"


@pytest.mark.parametrize(("content", "expected"), [
    ((HEADER + GOOD + "    en: Innolight\n").encode(), "bad.yaml:8: duplicate key 'en' (first at line 6); keep one"),
    ((HEADER + GOOD).encode("gbk"), "bad.yaml:5: not UTF-8"),
    ((HEADER + GOOD.replace("zh: 中际旭创", "zh: &n 中际旭创") + "    aliases: {zh: [*n]}\n").encode(),
     f"bad.yaml:5: {ANCHOR_MESSAGE}"),
    ((HEADER + "  - just a string\n").encode(), "bad.yaml:3: entry must be a mapping, got a string"),
])
def test_fmt_refuses_an_unreadable_file_and_writes_nothing(tmp_path: Path, capsys, content: bytes,
                                                           expected: str) -> None:
    from pipeline.cli import main

    (tmp_path / "bad.yaml").write_bytes(content)
    (tmp_path / "messy.yaml").write_text(UNORDERED, encoding="utf-8")
    code = main(["glossary", "fmt", "--glossaries", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1 and "nothing formatted" in err
    assert any(line.startswith(f"{tmp_path}/{expected}") for line in out.splitlines()), out
    assert (tmp_path / "messy.yaml").read_text(encoding="utf-8") == UNORDERED
    assert (tmp_path / "bad.yaml").read_bytes() == content
