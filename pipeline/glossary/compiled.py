"""The compiled glossary: Aho-Corasick automata over normalized names, built once and shared by stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from pipeline.glossary.loader import Glossary, load_glossary
from pipeline.glossary.schema import Entry

ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# Latin names this short match only with their exact case: "Arm" or "LI" must not fire on "arm" or "li".
CASE_SENSITIVE_MAX_LEN = 4


@dataclass(frozen=True)
class Match:
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
                self.zh_keys.setdefault(normalize(name), entry.id)
            if entry.type != "term":  # a term's English is a rendering, not a name to look for
                for name in entry.en_names():
                    self.en_keys.setdefault(normalize(name), entry.id)
        self.zh_keys.pop("", None)
        self.en_keys.pop("", None)
        # Chinese text names companies in Latin letters too (Meta, AMD, GB200).
        self._zh = self._automaton({**self.en_keys, **self.zh_keys})
        self._en = self._automaton(self.en_keys)

    @staticmethod
    def _automaton(keys: dict[str, str]) -> ahocorasick.Automaton:
        """Keys are lowercased; short Latin names keep their exact form for a case-sensitive check."""
        automaton = ahocorasick.Automaton()
        for key, entry_id in keys.items():
            exact = key if len(key) <= CASE_SENSITIVE_MAX_LEN and key.isascii() else None
            lowered = _lower_same_length(key)
            if exact is None and lowered in automaton:
                continue
            automaton.add_word(lowered, (len(key), entry_id, exact))
        if keys:
            automaton.make_automaton()
        return automaton

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
        automaton = self._zh if lang == "zh" else self._en
        if len(automaton) == 0:
            return []
        haystack = _lower_same_length(text)
        candidates: list[tuple[int, int, str]] = []
        for end_index, (length, entry_id, exact) in automaton.iter(haystack):
            start, end = end_index - length + 1, end_index + 1
            if exact is not None and text[start:end] != exact:
                continue
            if _is_word_char(haystack[start]) and start > 0 and _is_word_char(haystack[start - 1]):
                continue
            if _is_word_char(haystack[end - 1]) and end < len(haystack) and _is_word_char(haystack[end]):
                continue
            candidates.append((start, -(end - start), entry_id))
        candidates.sort()
        matches: list[Match] = []
        covered_to = 0
        for start, neg_len, entry_id in candidates:
            if start >= covered_to:
                matches.append(Match(start, start - neg_len, entry_id))
                covered_to = start - neg_len
        return matches


def compile_glossary(root: Path) -> CompiledGlossary:
    from stages.normalize import TextNormalizer

    normalize = TextNormalizer()
    return CompiledGlossary(load_glossary(root, normalize), normalize)
