"""The compiled glossary: Aho-Corasick automata over normalized names, built once and shared by stages."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from pipeline.glossary.loader import Glossary, glossary_digest, load_glossary
from pipeline.glossary.schema import Entry
from pipeline.io.atomic import write_bytes_atomic

log = logging.getLogger(__name__)
# Bump when the compiled layout changes, so old caches are not read.
COMPILER_VERSION = 3  # 3: Entry.former_tickers
ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# Latin names this short match only with their exact case: "Arm" or "LI" must not fire on "arm" or "li".
CASE_SENSITIVE_MAX_LEN = 4
# Chinese names this short of an entry marked `ambiguous` (common words such as 长城, 平安) link only with
# market context nearby: a stock code, or words like 股份, 公司, 股价, 涨, 跌.
AMBIGUOUS_MAX_LEN = 2
CONTEXT_BEFORE, CONTEXT_AFTER = 6, 8
# A name glued to more Chinese that ends in 有限公司 names another legal entity (南宁比亚迪新能源…有限公司 is a
# subsidiary, not BYD); only the legal-form words may stand between a name and 有限公司.
SUBSIDIARY_TAIL = re.compile(r"([\u4e00-\u9fff()（）]{1,24}?)有限公司")
LEGAL_FORM_WORDS = re.compile(r"股份|集团|控股|[()（）]")
# Characters that, right after a context-needing short name, show it is part of a longer word (巴士拉, 生物技术).
HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
SHORT_NAME_FOLLOWERS = frozenset("涨跌股公集控发宣称表将于在的与和及等今昨近日拟获因已再也均年月")
MARKET_CONTEXT = re.compile(r"\d{6}|\d{4}\.HK|\.S[HZ]|股份|公司|股价|股票|集团|控股|涨|跌|市值|股东|公告|停牌|复牌|"
                            r"董事|营收|净利|业绩|收盘|开盘|板块|个股|龙头")


class Match(NamedTuple):
    start: int
    end: int
    entry_id: str


def _is_word_char(ch: str) -> bool:
    return ch in ASCII_WORD


def _lower_same_length(text: str) -> str:
    """Lowercase without changing any offset (a few characters lowercase to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class CompiledGlossary:
    """Names → entries, with leftmost-longest, non-overlapping matching in Chinese and English text."""

    def __init__(self, glossary: Glossary, normalize: Callable[[str], str]) -> None:
        self.glossary = glossary
        self.entries: dict[str, Entry] = glossary.by_id()
        self.zh_keys: dict[str, str] = {}  # normalized Chinese name → entry id
        self.en_keys: dict[str, str] = {}  # normalized English name → entry id
        for entry in glossary.entries:
            for name in entry.zh_names():
                key = normalize(name)
                if key not in entry.unlinkable:
                    self.zh_keys.setdefault(key, entry.id)
            if entry.type != "term":  # a term's English is a rendering, not a name to look for
                for name in entry.en_names():
                    key = normalize(name)
                    if key.casefold() not in entry.unlinkable:
                        self.en_keys.setdefault(key, entry.id)
        self.zh_keys.pop("", None)
        self.en_keys.pop("", None)
        # Chinese text names companies in Latin letters too (Meta, AMD, GB200).
        listed = {normalize(n) for e in glossary.entries for n in e.context_names}
        self.context_keys = {key for key, entry_id in self.zh_keys.items()
                             if key in listed or (self.entries[entry_id].ambiguous and len(key) <= AMBIGUOUS_MAX_LEN)}
        self._zh = NameMatcher({**self.en_keys, **self.zh_keys}, self.context_keys)
        self._en = NameMatcher(self.en_keys, set())

    @property
    def content_hash(self) -> str:
        return self.glossary.content_hash

    def __len__(self) -> int:
        return len(self.entries)

    def jieba_words(self) -> list[str]:
        """Every Chinese name, so the tokenizer keeps 中际旭创 whole."""
        return sorted(self.zh_keys)

    def find(self, text: str, lang: str) -> list[Match]:
        """Leftmost-longest non-overlapping matches. Latin names need word boundaries on their Latin ends,
        so 'TPU' is not found inside 'TPUs' and 'Meta' not inside 'metadata'."""
        return (self._zh if lang == "zh" else self._en).find(text, check_legal_names=lang == "zh")


class NameMatcher:
    """One Aho-Corasick automaton (Rust, ahocorasick-rs) plus what each name needs checked around a hit.

    The scan costs the same for a hundred names or fifty thousand; the Python work is per hit, and the
    checks a name needs are worked out once here, so a plain Chinese name costs one flag test per hit."""

    def __init__(self, keys: dict[str, str], context_keys: set[str]) -> None:
        names: dict[str, NameInfo] = {}
        for key, entry_id in keys.items():
            exact = key if len(key) <= CASE_SENSITIVE_MAX_LEN and key.isascii() else None
            lowered = _lower_same_length(key)
            if exact is None and lowered in names:
                continue
            checks = exact is not None or key in context_keys or key.endswith("公司") \
                or _is_word_char(key[0]) or _is_word_char(key[-1])
            names[lowered] = NameInfo(entry_id, exact, key in context_keys, checks)
        self.patterns = list(names)
        self.infos = list(names.values())
        self._build()

    def _build(self) -> None:
        # Leftmost-longest hits are the answer whenever every hit passes its checks; the overlapping
        # automaton, built on first need, finds the shorter names under a rejected long one.
        self._longest = ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST) \
            if self.patterns else None
        self._overlapping: ahocorasick_rs.AhoCorasick | None = None

    def __getstate__(self) -> dict:
        return {"patterns": self.patterns, "infos": self.infos}

    def __setstate__(self, state: dict) -> None:
        self.patterns, self.infos = state["patterns"], state["infos"]
        self._build()  # the Rust automaton does not pickle; rebuilding takes milliseconds

    def __len__(self) -> int:
        return len(self.patterns)

    def find(self, text: str, check_legal_names: bool) -> list[Match]:
        if self._longest is None:
            return []
        haystack = _lower_same_length(text)
        mentions_llc = check_legal_names and "有限公司" in text
        infos = self.infos
        matches: list[Match] = []
        for index, start, end in self._longest.find_matches_as_indexes(haystack):
            info = infos[index]
            if (info.needs_checks or mentions_llc) and not self._accept(text, haystack, start, end, info,
                                                                      check_legal_names, mentions_llc):
                return self._find_overlapping(text, haystack, check_legal_names, mentions_llc)
            matches.append(Match(start, end, info.entry_id))
        return matches

    def _find_overlapping(self, text: str, haystack: str, check_legal_names: bool, mentions_llc: bool) -> list[Match]:
        """Every hit, checked, then leftmost-longest among those that pass."""
        if self._overlapping is None:
            self._overlapping = ahocorasick_rs.AhoCorasick(self.patterns)
        infos = self.infos
        candidates: list[tuple[int, int, str]] = []
        for index, start, end in self._overlapping.find_matches_as_indexes(haystack, overlapping=True):
            info = infos[index]
            if (info.needs_checks or mentions_llc) and not self._accept(text, haystack, start, end, info,
                                                                      check_legal_names, mentions_llc):
                continue
            candidates.append((start, start - end, info.entry_id))
        candidates.sort()
        matches: list[Match] = []
        covered_to = 0
        for start, neg_len, entry_id in candidates:
            if start >= covered_to:
                matches.append(Match(start, start - neg_len, entry_id))
                covered_to = start - neg_len
        return matches

    @staticmethod
    def _accept(text: str, haystack: str, start: int, end: int, info: NameInfo, check_legal_names: bool,
                mentions_llc: bool) -> bool:
        if info.exact is not None and text[start:end] != info.exact:
            return False
        if info.needs_context and not (has_market_context(text, start, end) and ends_word(text, end)):
            return False
        if check_legal_names and is_inside_legal_name(text, start, end):
            return False
        if mentions_llc and names_subsidiary(text, end):
            return False
        if _is_word_char(haystack[start]) and start > 0 and _is_word_char(haystack[start - 1]):
            return False
        return not (_is_word_char(haystack[end - 1]) and end < len(haystack) and _is_word_char(haystack[end]))


@dataclass(frozen=True, slots=True)
class NameInfo:
    entry_id: str
    exact: str | None  # short Latin names match only in this exact case
    needs_context: bool
    needs_checks: bool  # anything beyond the automaton hit: case, context, legal-name tail, Latin boundaries


def ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not HAN_CHAR.match(text[end]) or text[end] in SHORT_NAME_FOLLOWERS


def is_inside_legal_name(text: str, start: int, end: int) -> bool:
    """A matched 'X有限公司' preceded by more Chinese is the tail of some other company's legal name."""
    return text.endswith("公司", 0, end) and start > 0 and HAN_CHAR.match(text[start - 1]) is not None


def names_subsidiary(text: str, end: int) -> bool:
    tail = SUBSIDIARY_TAIL.match(text, end)
    return tail is not None and bool(LEGAL_FORM_WORDS.sub("", tail.group(1)))


def has_market_context(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - CONTEXT_BEFORE):start] + " " + text[end:end + CONTEXT_AFTER]
    return MARKET_CONTEXT.search(window) is not None


def default_cache_dir() -> Path:
    return Path(os.environ.get("NEWSBRIDGE_CACHE_DIR") or Path.home() / ".cache" / "newsbridge")


def compile_glossary(root: Path, cache_dir: Path | None = None, use_cache: bool = True) -> CompiledGlossary:
    """Load, validate and compile a glossary directory. The result is cached under its content hash, so a
    warm start reads one pickle instead of parsing tens of thousands of names."""
    from stages.normalize import TextNormalizer

    root = Path(root)
    cache_file = None
    if use_cache and root.is_dir():
        digest = glossary_digest(root)
        # The root is part of the key so that FILE:LINE messages name the files as this caller sees them.
        where = hashlib.sha256(str(root).encode()).hexdigest()[:8]
        cache_file = (cache_dir or default_cache_dir()) / f"glossary-{digest}-{where}-v{COMPILER_VERSION}.pickle"
        try:
            with cache_file.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # missing or stale: rebuild below
    normalize = TextNormalizer()
    compiled = CompiledGlossary(load_glossary(root, normalize), normalize)
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(cache_file, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as e:
            log.warning("cannot write glossary cache %s: %s", cache_file, e)
    return compiled
