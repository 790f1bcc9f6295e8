"""How common a name is as an ordinary Chinese word, and where a sentence's word boundaries fall.

Both come from jieba's own dictionary (dict.txt ships with the package: about 350,000 words with a corpus
frequency and a part-of-speech tag), so the linker needs no data from ../shared at run time:

- a company name that is also a frequent common word (浪潮 "wave", 平安 "safe", 招商 "attract investment")
  links only with company context nearby, whatever its length; a rare word or a proper noun (花旗, 高盛,
  野村, 摩根士丹利) links on its own;
- a hit is a word only where the most probable segmentation of its neighbourhood, with the name counted as
  one more dictionary word, puts boundaries at both of its ends (回升达 is 回升/达, not 回/升达; 三星级 is
  one word, not 三星 + 级; 长江三峡/旅游, not 长江/三峡旅游).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

# jieba's part-of-speech tags for proper nouns: person (nr, nrt), organisation (nt), other proper (nz). A word
# tagged so is a name in the dictionary's own corpus, not an everyday word. Place names (ns) stay common:
# 长城, 长江 and 京东 are places before they are companies.
PROPER_NOUN_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz"})
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
FULL_NAME_LEN = 3
# Occurrences per million words above which an everyday word needs company context to be read as a name.
# 浪潮 (wave) is 7.7 per million, 平安 24, 招商 9.9; 野村 is 0.75 and stays a name. Chosen from the false
# positives listed in issue 7: every one of them is above, every unambiguous financial name below.
CONTEXT_PER_MILLION = 2.0
# Frequency a glossary name counts with when the dictionary does not know it (jieba's median word is ~3;
# a name beats a split into two rare words but loses to a split into two everyday ones).
NAME_FREQ = 100
# Longest dictionary word considered when segmenting a hit's neighbourhood, and how far either side to look.
MAX_WORD = 6
WINDOW = 4


class Dictionary:
    """jieba's dictionary as word → (frequency, tag), loaded once per process."""

    def __init__(self, path: Path) -> None:
        self.words: dict[str, tuple[int, str]] = {}
        total = 0
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2:
                    continue
                freq = int(parts[1])
                self.words[parts[0]] = (freq, parts[2] if len(parts) > 2 else "")
                total += freq
        self.total = total
        self.log_total = math.log(total)

    def freq(self, word: str) -> int:
        found = self.words.get(word)
        return found[0] if found else 0

    def per_million(self, word: str) -> float:
        return self.freq(word) * 1_000_000 / self.total

    def is_proper_noun(self, word: str) -> bool:
        found = self.words.get(word)
        return found is not None and found[1] in PROPER_NOUN_TAGS


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    import jieba

    return Dictionary(Path(jieba.__file__).parent / "dict.txt")


def commonness(name: str) -> float:
    """Occurrences per million words of the name as an everyday word; 0 for proper nouns and unknown words."""
    words = dictionary()
    return 0.0 if words.is_proper_noun(name) else words.per_million(name)


def needs_context(name: str) -> bool:
    """A name that is also a frequent everyday word is linked only with company context nearby."""
    return commonness(name) >= CONTEXT_PER_MILLION


def _overrides_name(words: Dictionary, text: str, i: int, j: int, start: int, end: int) -> bool:
    """Dictionary words that are no evidence against the name: a proper noun containing it (韩国三星电子 is
    still Samsung Electronics) and full personal names (于长江 before 三峡旅游), which jieba lists by the
    thousand and which rarely sit next to a company name in financial news."""
    if (i, j) == (start, end):
        return False
    found = words.words.get(text[i:j])
    if found is None:
        return False
    if found[1] in PERSON_TAGS and j - i >= FULL_NAME_LEN:
        return True
    return i <= start and end <= j and found[1] in PROPER_NOUN_TAGS


def is_word_at(text: str, start: int, end: int) -> bool:
    """Does the most probable segmentation of text around [start, end) keep that span as one word?

    A max-probability segmentation (the same model as jieba's) over a few characters either side, with the
    span counted as a word of at least NAME_FREQ; characters that are no word on their own count as 1."""
    words = dictionary()
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    log_total = words.log_total
    span_score = math.log(max(words.freq(text[start:end]), NAME_FREQ)) - log_total
    unknown_char = -log_total  # a character jieba does not know counts as frequency 1
    # best[k]: log-probability of the best segmentation of text[lo:lo+k], and whether it has a boundary at
    # start and at end (only meaningful once k reaches them).
    best: list[tuple[float, bool, bool]] = [(-math.inf, False, False)] * (hi - lo + 1)
    best[0] = (0.0, start == lo, False)
    for i in range(lo, hi):
        score, at_start, at_end = best[i - lo]
        if score == -math.inf:
            continue
        pieces = [(j, words.freq(text[i:j])) for j in range(i + 1, min(hi, i + MAX_WORD) + 1)
                  if not _overrides_name(words, text, i, j, start, end)]
        if i == start:
            pieces.append((end, max(words.freq(text[start:end]), NAME_FREQ)))
        for j, freq in pieces:
            if not freq and j > i + 1:
                continue
            candidate = score + (math.log(freq) - log_total if freq else unknown_char)
            if j == end and i == start:
                candidate = max(candidate, score + span_score)
            if candidate > best[j - lo][0]:
                best[j - lo] = (candidate, (at_start and i >= start) or j == start,
                                (at_end and i >= end) or j == end)
    _, through_start, through_end = best[hi - lo]
    return through_start and through_end
