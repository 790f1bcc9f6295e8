"""jieba's base dictionary and part-of-speech tags, loaded once per process and copied for each tokenizer.

Three parts of a run each want a jieba tokenizer of their own, because each adds its own words: the segment stage
the glossary's names, the gloss translator its phrases, the report's glossary suggestions none. Two of them also
want part-of-speech tags. jieba loads its 349k-word dictionary afresh for every `Tokenizer` (about 1.3 s from its
cache) and parses dict.txt again for every `POSTokenizer` (about 1.1 s). A copy of tables already loaded costs a
few hundredths of a second, so a run, a pool worker or a test process pays each load once.

The copies are jieba's own tables, loaded by jieba's own code: a tokenizer made here segments exactly as
`jieba.Tokenizer()` followed by `initialize()` does."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba
    import jieba.posseg


@lru_cache(maxsize=1)
def _base_words() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (words and their prefixes) and its total count."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


@lru_cache(maxsize=1)
def _base_tags() -> dict[str, str]:
    """jieba's part-of-speech tag per dictionary word: importing jieba.posseg loads them for its default tagger
    (with POSTokenizer's own loader), so they are taken from there rather than read a second time."""
    import jieba.posseg

    return dict(jieba.posseg.dt.word_tag_tab)


def new_tokenizer() -> jieba.Tokenizer:
    """A ready tokenizer with jieba's dictionary; words added to it stay in it (the tables are copied)."""
    import jieba

    freq, total = _base_words()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(freq)
    tokenizer.total = total
    tokenizer.initialized = True
    return tokenizer


def new_tagger(tokenizer: jieba.Tokenizer, kind: type | None = None) -> jieba.posseg.POSTokenizer:
    """A part-of-speech tagger over tokenizer, with its own copy of jieba's tags (jieba adds a tokenizer's
    tagged user words to the tagger's table). `kind`: a subclass of jieba's POSTokenizer to make instead."""
    import jieba.posseg

    kind = kind or jieba.posseg.POSTokenizer
    tagger = kind.__new__(kind)
    tagger.tokenizer = tokenizer
    tagger.word_tag_tab = dict(_base_tags())
    return tagger
