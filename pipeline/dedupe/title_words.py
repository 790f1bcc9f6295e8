"""A title's words weighted by how rare they are in general Chinese, for rule 9's features (pair_features.py).

Two hot-list titles of one event are often worded apart ("X为何突然成为首富" / "X凭什么当上首富"): their bigrams
overlap little, yet the rare words (the name, "首富") are the same and only the common ones (为何, 成为, 什么) differ.
Rarity is read from jieba's own dictionary counts (general Chinese, not the feeds this project reads), so the weight
of a word says nothing learned from the judged pairs.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pipeline.dedupe import fingerprint as fp

# Words at least this common (minus log of their share of jieba's counts) weigh nothing: about one word in 1,100
# (freq / total > e^-7): function words, question words, 成为, 世界, 市场. Rarer words weigh what they exceed it by,
# so a name or a word such as 首富 (13.5) weighs about six times what 突然 (8.3) does.
COMMON_LOG = 7.0
# A word jieba's dictionary does not hold (a name its hidden Markov model cut whole, a Latin word) is read as if
# counted once: cut into single letters, a name would weigh what its common letters do. Words with a figure are left
# out (the figure features read figures).
UNSEEN_COUNT = 1
# Titles cut per process (each candidate title of rule 9's window is cut once, not once per pair).
CACHE_TITLES = 1 << 16


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202 - jieba is imported lazily (pipeline.text.jieba_base)
    from pipeline.text.jieba_base import new_tokenizer

    return new_tokenizer()


@lru_cache(maxsize=CACHE_TITLES)
def rare_words(title_text: str) -> tuple[tuple[str, float], ...]:
    """The distinct words of a normalized title (fingerprint's title_text) that weigh anything, with their weights."""
    if not title_text:
        return ()
    tokenizer = _tokenizer()
    weights: dict[str, float] = {}
    for word in tokenizer.lcut(fp._joined(title_text)):
        if not word.strip() or any(letter.isdigit() for letter in word):
            continue
        count = tokenizer.FREQ.get(word) or UNSEEN_COUNT
        weight = math.log(tokenizer.total / count) - COMMON_LOG
        if weight > 0:
            weights[word] = weight
    return tuple(weights.items())


def rare_share(title_text: str, other_title_text: str) -> float:
    """The weighted share of the first title's rare words that the other title holds (as words or inside one of
    its words: "首富" in "世界首富"); 0.0 when the first has none."""
    words = rare_words(title_text)
    total = sum(weight for _, weight in words)
    if not total:
        return 0.0
    other = fp._joined(other_title_text)
    return sum(weight for word, weight in words if word in other) / total


def rare_missing(title_text: str, other_title_text: str) -> float:
    """The weight of the rarest word of the first title that the other lacks (0.0 when it lacks none): two events
    of one subject differ in a rare word ("回购" / "减持"), two wordings of one event mostly in common ones."""
    other = fp._joined(other_title_text)
    return max((weight for word, weight in rare_words(title_text) if word not in other), default=0.0)
