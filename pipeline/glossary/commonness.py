"""How common a name is as an ordinary Chinese word, and where a sentence's word boundaries fall.

Both come from jieba's own dictionary (dict.txt ships with the package: about 350,000 words with a corpus
frequency and a part-of-speech tag), so the linker needs no data from ../shared at run time:

- a company name that is also a frequent common word (浪潮 "wave", 平安 "safe", 招商 "attract investment")
  links only with company context nearby, whatever its length; a rare word or a proper noun (花旗, 高盛,
  野村, 摩根士丹利) links on its own;
- a hit is a word only where the most probable segmentation of its neighbourhood, with the name counted as
  one more dictionary word, puts boundaries at both of its ends (回升达 is 回升/达, not 回/升达; 三星级 is
  one word, not 三星 + 级; 长江三峡/旅游, not 长江/三峡旅游).

jieba's tags miss some brands (微软 is tagged an adjective, 小米 "millet" a noun). Real text decides those:
`data/commonness.tsv` counts, for each glossary name, its occurrences in general news (the Chinese side of
the WMT news test sets) and in financial news (cnyes headlines, CFSC-NER), and how many WMT reference
translations name the entity. A name the references translate as the company, or one far more frequent in
financial than in general news, is a company name whatever jieba says. The table is built from ../shared
at build time only; the linker needs nothing but the committed numbers.

    python -m pipeline.glossary.commonness ../shared/data   (rewrites data/commonness.tsv)
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.io.atomic import write_text_atomic
from pipeline.io.jsonl import json_lines
from pipeline.text.cedict_entries import cedict_words

# jieba's part-of-speech tags for proper nouns: person (nr, nrt), organisation (nt), other proper (nz). A word
# tagged so is a name in the dictionary's own corpus, not an everyday word. Place names (ns) stay common:
# 长城, 长江 and 京东 are places before they are companies.
PROPER_NOUN_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz"})
PLACE_TAG = "ns"
ATTRIBUTIVE_TAG = "b"  # 区别词: attributive-only words (唯, 男, 公); see compiled.glued_to_lone_char
KEPT_TAGS = PROPER_NOUN_TAGS | {PLACE_TAG, ATTRIBUTIVE_TAG}
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
FULL_NAME_LEN = 3
# Occurrences per million words above which an everyday word needs company context to be read as a name.
# 浪潮 (wave) is 7.7 per million, 平安 24, 招商 9.9; 野村 is 0.75 and stays a name. Chosen from the false
# positives listed in issue 7: every one of them is above, every unambiguous financial name below.
CONTEXT_PER_MILLION = 2.0
# Proper nouns count this many times less: only the most frequent ones (中华, 40 per million, in 中华电信,
# 中华邮政, 中华信评) are shared by so many organisations that they need context too.
PROPER_NOUN_DISCOUNT = 10
# Reference translations vouch for a name when at least this many pairs contain it and this share of their
# English sides name the entity (微软 → Microsoft 5 of 6; 浪潮 → "wave", never Inspur).
VOUCH_MIN_PAIRS = 3
VOUCH_MIN_SHARE = 0.75
# Financial news uses a company name at least this many times more often than general news does (per
# character, general count smoothed by one), in at least this many occurrences: 小米 61×, 英特尔 41×, 央行 14×;
# everyday words stay near 1× (长城 1.6, 平安 3.1) and 浪潮 ("AI浪潮") 6×.
ENRICHED_MIN_RATIO = 10.0
ENRICHED_MIN_COUNT = 5
TABLE = Path(__file__).parent / "data" / "commonness.tsv"
# Words news writes around companies, learned from publisher-tagged dev news by bench/context_words.py.
CONTEXT_WORDS_TABLE = Path(__file__).parent / "data" / "context_words.tsv"
# Legal words dropped from a canonical English name before looking for it in a reference translation.
LEGAL_SUFFIX = re.compile(r"[\s,]+(Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.?|Group|Holdings?|Ltd\.?|"
                          r"Limited|PLC|AG|SA|N\.V\.)$", re.IGNORECASE)
LEADING_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
# Frequency a glossary name counts with when the dictionary does not know it (jieba's median word is ~3;
# a name beats a split into two rare words but loses to a split into two everyday ones).
NAME_FREQ = 100
# Parts of a phrase-like name this frequent (per million words) are everyday words: 未来 101, 发展 1142,
# 东风 18; 自控 (1.1) and 线上 are too rare to count.
PHRASE_PART_PER_MILLION = 10.0
# A dictionary word across a name's end shows the name runs on only when it is at least this frequent: jieba's
# median word is ~3 and holds oddities (车盘 3) that no reader sees in 理想汽车盘前; 发展趋势 is 40.
RUN_ON_MIN_FREQ = 10
# A single character at least this frequent in jieba's dictionary is a function word (对 184,674, 与 160,984,
# 据 19,409) that may stand right before a name; name characters are rarer (尚 5,434, 龙 9,197).
FUNCTION_CHAR_FREQ = 15_000
# A name ending in a legal form (联合健康集团) is a name, however everyday its other words.
LEGAL_FORM_ENDINGS = ("集团", "控股", "股份", "公司")
# Bump when the Dictionary's fields change, so an old pickle is not read.
DICTIONARY_VERSION = 4
# Longest dictionary word considered when segmenting a hit's neighbourhood, and how far either side to look.
MAX_WORD = 6
WINDOW = 4
# Windows whose is_word_at answer is kept (a few hundred kilobytes).
WORD_AT_CACHE = 8192


class Dictionary:
    """jieba's dictionary: word → frequency, the tags that matter here, and every proper beginning of a word
    (so a scan stops as soon as no word can go on). Loaded once per process."""

    def __init__(self, freqs: dict[str, int], tags: dict[str, str], prefixes: set[str], joins: set[str]) -> None:
        self.freqs, self.tags, self.prefixes = freqs, tags, prefixes
        # Every pair of adjacent characters inside some word: a word can only cross a boundary whose two
        # neighbouring characters are such a pair, so most hits are cleared by two set lookups.
        self.joins = joins
        # Small tables of single characters, read once per position or per hit: they stay in the CPU caches where
        # the whole dictionary's do not (the segmentation's characters; the attributive-only ones, 唯).
        self.chars = {word: freq for word, freq in freqs.items() if len(word) == 1}
        self.attributive_chars = frozenset(word for word, tag in tags.items()
                                           if tag == ATTRIBUTIVE_TAG and len(word) == 1)
        self.total = sum(freqs.values())
        self.log_total = math.log(self.total)

    @classmethod
    def parse(cls, path: Path) -> Dictionary:
        freqs: dict[str, int] = {}
        tags: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2:
                    continue
                freqs[parts[0]] = int(parts[1])
                if len(parts) > 2 and parts[2] in KEPT_TAGS:
                    tags[parts[0]] = parts[2]
        prefixes = {word[:k] for word in freqs for k in range(2, len(word))} - freqs.keys()
        joins = {word[k - 1:k + 1] for word in freqs for k in range(1, len(word))}
        return cls(freqs, tags, prefixes, joins)

    def freq(self, word: str) -> int:
        return self.freqs.get(word, 0)

    def may_continue(self, piece: str) -> bool:
        """Is piece a word or the beginning of one?"""
        return piece in self.freqs or piece in self.prefixes

    def per_million(self, word: str) -> float:
        return self.freq(word) * 1_000_000 / self.total

    def is_place(self, word: str) -> bool:
        return self.tags.get(word) == PLACE_TAG

    def is_proper_noun(self, word: str) -> bool:
        return self.tags.get(word) in PROPER_NOUN_TAGS


def dictionary_source() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def dictionary_cache_file() -> Path:
    """Where the parsed dictionary is kept, named by jieba's version and the dictionary's size."""
    import jieba

    from pipeline.cachedir import default_cache_dir

    name = f"jieba-dict-{jieba.__version__}-{dictionary_source().stat().st_size}-v{DICTIONARY_VERSION}.marshal"
    return default_cache_dir() / name


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """Parsed once, then read with marshal from the cache directory (seconds → under one)."""
    from pipeline.cachedir import marshalled

    return marshalled(dictionary_cache_file(), lambda: Dictionary.parse(dictionary_source()),
                      lambda words: (words.freqs, words.tags, words.prefixes, words.joins), _dictionary_from,
                      "jieba dictionary")


def _dictionary_from(data: object) -> Dictionary:
    freqs, tags, prefixes, joins = data  # type: ignore[misc]
    if not (isinstance(freqs, dict) and isinstance(tags, dict) and isinstance(prefixes, set)
            and isinstance(joins, set)):
        raise TypeError("not the dictionary's four tables")
    return Dictionary(freqs, tags, prefixes, joins)


def signature() -> str:
    """What the context decisions depend on besides the glossary: the table, the thresholds, jieba's version."""
    import hashlib

    import jieba

    table = b"".join(path.read_bytes() for path in (TABLE, CONTEXT_WORDS_TABLE) if path.exists())
    settings = (f"{CONTEXT_PER_MILLION}|{PROPER_NOUN_DISCOUNT}|{VOUCH_MIN_PAIRS}|{VOUCH_MIN_SHARE}|"
                f"{ENRICHED_MIN_RATIO}|{ENRICHED_MIN_COUNT}|{PHRASE_PART_PER_MILLION}|{LEGAL_FORM_ENDINGS}|{RUN_ON_MIN_FREQ}|"
                f"{jieba.__version__}")
    return hashlib.sha256(table + settings.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Evidence:
    """Counts for one name from real text (data/commonness.tsv, built from ../shared)."""

    pairs: int = 0  # WMT sentence pairs whose Chinese side contains the name
    named: int = 0  # of those, pairs whose English reference names the entity
    general: int = 0  # occurrences in the Chinese side of the WMT news test sets (general news)
    finance: int = 0  # occurrences in financial news (cnyes headlines, CFSC-NER sentences)


@lru_cache(maxsize=1)
def evidence_table() -> tuple[dict[str, Evidence], float]:
    """name → Evidence, and how many times larger the financial corpus is than the general one."""
    table: dict[str, Evidence] = {}
    scale = 1.0
    if TABLE.exists():
        lines = TABLE.read_text(encoding="utf-8").splitlines()
        sizes = dict(item.split("=") for item in lines[0].lstrip("# ").split())
        scale = int(sizes["finance_chars"]) / int(sizes["general_chars"])
        for line in lines[2:]:
            name, *numbers = line.split("\t")
            table[name] = Evidence(*map(int, numbers))
    return table, scale


class ContextWords(NamedTuple):
    near: frozenset[str]  # two characters seen after company names, within the linker's window
    follows: frozenset[str]  # one or two characters seen right after company names
    precedes: frozenset[str]  # two characters seen right before company names


@lru_cache(maxsize=1)
def context_words() -> ContextWords:
    """The words news writes around company names, from CONTEXT_WORDS_TABLE (bench/context_words.py)."""
    kinds: dict[str, set[str]] = {kind: set() for kind in ContextWords._fields}
    if CONTEXT_WORDS_TABLE.exists():
        for line in CONTEXT_WORDS_TABLE.read_text(encoding="utf-8").splitlines()[2:]:
            kind, word, *_ = line.split("\t")
            kinds[kind].add(word)
    return ContextWords(**{kind: frozenset(words) for kind, words in kinds.items()})


def is_vouched(name: str) -> bool:
    """Real text shows the name used as a company: its reference translations name the entity (微软 →
    Microsoft), or it is far more frequent in financial news than in general news (小米, 英特尔, 央行)."""
    table, scale = evidence_table()
    found = table.get(name)
    if found is None:
        return False
    # A place's English is the company's too (连云港 → Lianyungang), so references do not vouch for places.
    if found.pairs >= VOUCH_MIN_PAIRS and found.named >= VOUCH_MIN_SHARE * found.pairs \
            and not dictionary().is_place(name):
        return True
    enrichment = found.finance / scale / (found.general + 1)
    return found.finance >= ENRICHED_MIN_COUNT and enrichment >= ENRICHED_MIN_RATIO


def is_known_name(name: str) -> bool:
    """Evidence that the name is a proper name for its entity: jieba tags it a proper noun (高盛, 花旗), or
    reference translations render it as the entity. (Frequency in financial news is no such evidence: 新光
    is frequent there as Taiwan's Shin Kong, not as the mainland Xinguang the list abbreviates so.)"""
    found = evidence_table()[0].get(name)
    vouched = found is not None and found.pairs >= VOUCH_MIN_PAIRS and found.named >= VOUCH_MIN_SHARE * found.pairs
    return dictionary().is_proper_noun(name) or (vouched and not dictionary().is_place(name))


def commonness(name: str) -> float:
    """Occurrences per million words of the name as an everyday word (jieba's dictionary; proper nouns count
    PROPER_NOUN_DISCOUNT times less), or 0 when real text shows it is used as a company name."""
    if is_vouched(name):
        return 0.0
    words = dictionary()
    per_million = words.per_million(name)
    return per_million / PROPER_NOUN_DISCOUNT if words.is_proper_noun(name) else per_million


# A single lowercase English word, as CC-CEDICT writes a whole definition ("billion", "universal").
ENGLISH_WORD = re.compile(r"[a-z][a-z'-]+")


@lru_cache(maxsize=1)
def everyday_english_words() -> frozenset[str]:
    """Single words that are whole CC-CEDICT definitions: a vocabulary of everyday English."""
    from pipeline.text.cedict_entries import cedict_entries

    return frozenset(d.strip() for e in cedict_entries() for d in e.definitions if ENGLISH_WORD.fullmatch(d.strip()))


def is_everyday_english(name: str) -> bool:
    """One everyday English word (Billion, Universal, Friend): as a listing's English name it would link
    "billion" in every English sentence."""
    word = name.strip().casefold()
    return ENGLISH_WORD.fullmatch(word) is not None and word in everyday_english_words()


def is_dictionary_word(name: str) -> bool:
    """The whole name is an ordinary word of CC-CEDICT and never a proper noun there: 燃料电池 "fuel cell",
    新时代 "new era", 职业教育 "vocational education". A listing named so is known by an everyday word, however
    rare the word is in jieba's counts."""
    ordinary, proper = cedict_words()
    return name in ordinary and name not in proper


def has_everyday_meaning(name: str) -> bool:
    """CC-CEDICT has the name as an ordinary word, whatever proper nouns share it: 小米 "millet", 苹果 "apple"."""
    return name in cedict_words()[0]


def is_proper_noun_word(name: str) -> bool:
    """CC-CEDICT has the name as a proper noun (华为, 长江)."""
    return name in cedict_words()[1]


def needs_context(name: str) -> bool:
    """A name that is also a frequent everyday word is linked only with company context nearby."""
    return commonness(name) >= CONTEXT_PER_MILLION


def genericness(name: str) -> float:
    """How much a candidate name reads as everyday words: its own commonness, or, when it is a run of
    everyday words, the rarest one's frequency per million (上市公司 = 上市 + 公司, 交易所 = 交易 + 所). A new
    company's name has a rare or unknown part (赛美特, 摩尔线程) or falls into single characters (宇树科技 =
    宇 + 树 + 科技) and scores low."""
    words = dictionary()
    parts, i = [], 0
    while i < len(name):  # greedy longest dictionary words, never the whole name itself
        upper = min(len(name) - (i == 0), i + MAX_WORD)
        j = next((j for j in range(upper, i + 1, -1) if words.freq(name[i:j])), i + 1)
        parts.append(name[i:j])
        i = j
    longer = [p for p in parts if len(p) > 1]
    if not longer or len(parts) - len(longer) > 1 or not all(words.freq(p) for p in parts):
        return commonness(name)
    return max(commonness(name), min(words.per_million(p) for p in longer))


def is_phrase(name: str) -> bool:
    """A name that reads as a phrase of everyday words (未来发展 = 未来 + 发展; 东风科技 = 东风 + 科技): every
    part a dictionary word of two or more characters, none a proper noun or a place, each at least
    PHRASE_PART_PER_MILLION, and the whole no dictionary word. Such a name can run on into a longer word."""
    words = dictionary()
    if words.freq(name) or name.endswith(LEGAL_FORM_ENDINGS):
        return False
    parts, i = [], 0
    while i < len(name):
        j = next((j for j in range(min(len(name) - (i == 0), i + MAX_WORD), i + 1, -1) if words.freq(name[i:j])), 0)
        if not j:
            return False
        parts.append(name[i:j])
        i = j
    return len(parts) > 1 and all(words.tags.get(p) is None and words.per_million(p) >= PHRASE_PART_PER_MILLION
                                  for p in parts)


def runs_on(text: str, start: int, end: int) -> bool:
    """Does a dictionary word start inside [start, end) and end after it (未来发展|趋势: 发展趋势)? Words rarer
    than RUN_ON_MIN_FREQ are no evidence (理想汽车|盘前 is not 车盘, frequency 3)."""
    words = dictionary()
    for i in range(max(start + 1, end - MAX_WORD + 1), end):
        for j in range(end + 1, min(len(text), i + MAX_WORD) + 1):
            piece = text[i:j]
            if words.freq(piece) >= RUN_ON_MIN_FREQ:
                return True
            if piece not in words.prefixes:
                break
    return False


def plain_reading_keeps(text: str, start: int, end: int) -> bool:
    """Does the most probable segmentation with jieba's frequencies alone (the span gets no name bonus, unlike
    is_word_at) put a word boundary at both `start` and `end`? For a phrase-like name (美元指数, 东方海外): 美元|指数|
    下跌 and 东方|海外|公布 keep it, 未来|发展趋势 does not; a rarer word across the end (外公 in 海外公布) loses to the
    words around it, where runs_on only asks whether such a word exists."""
    words = dictionary()
    known, prefixes, chars = words.freqs, words.prefixes, words.chars
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    log_total = words.log_total
    best: list[tuple[float, int]] = [(-math.inf, lo)] * (hi - lo + 1)  # (score, where the last word began)
    best[0] = (0.0, lo)
    for i in range(lo, hi):
        score = best[i - lo][0]
        if score == -math.inf:
            continue
        pieces = [(i + 1, chars.get(text[i], 0))]
        for j in range(i + 2, min(hi, i + MAX_WORD) + 1):
            piece = text[i:j]
            freq = known.get(piece)
            if freq is None and piece not in prefixes:
                break
            if freq:
                pieces.append((j, freq))
        for j, freq in pieces:
            candidate = score + (math.log(freq) - log_total if freq else -log_total)
            if candidate > best[j - lo][0]:
                best[j - lo] = (candidate, i)
    cuts, at = set(), hi
    while at > lo:
        cuts.add(at)
        at = best[at - lo][1]
    cuts.add(lo)
    return start in cuts and end in cuts


def _place_before_name(words: Dictionary, text: str, i: int, j: int, start: int, end: int) -> bool:
    """A dictionary word that is a country followed by the whole name (美国白宫, 美国微软公司): the name with its
    country, as a proper noun holding it is (韩国三星电子), no evidence against the name. Only a country: a city
    before a name is as often the place it names (广州白云机场 is the airport, not its listed operator)."""
    if not (i < start and end <= j):
        return False
    from pipeline.glossary.country import COUNTRY_NAMES  # (country.py reads this module: imported when asked)

    return text[i:start] in COUNTRY_NAMES


def _overrides_name(words: Dictionary, text: str, i: int, j: int, start: int, end: int) -> bool:
    """Dictionary words that are no evidence against the name: a proper noun containing it (韩国三星电子 is
    still Samsung Electronics) and full personal names (于长江 before 三峡旅游), which jieba lists by the
    thousand and which rarely sit next to a company name in financial news; not a word CC-CEDICT knows as an
    ordinary word (金刚石), which jieba's tags call a name by mistake."""
    if (i, j) == (start, end):
        return False
    tag = words.tags.get(text[i:j])
    if tag is None:
        return False
    if tag in PERSON_TAGS and j - i >= FULL_NAME_LEN:
        # (jieba tags some common nouns as names: 金刚石 "diamond" is no person, and keeps 金刚 out of it)
        return not has_everyday_meaning(text[i:j])
    return i <= start and end <= j and tag in PROPER_NOUN_TAGS


def _crossing_word(words: Dictionary, text: str, start: int, end: int) -> bool:
    """Is there a dictionary word across either edge of [start, end) (回升 in 回升达, 三星级 over 三星)?
    Without one, the span is a word in any segmentation, which is most hits, at a few set lookups."""
    known, prefixes, tags, joins = words.freqs, words.prefixes, words.tags, words.joins
    for edge, first in ((start, max(0, start - MAX_WORD + 1)), (end, max(start, end - MAX_WORD + 1))):
        if edge == 0 or text[edge - 1:edge + 1] not in joins:
            continue  # a word across this edge would hold these two characters side by side (is_word_at's test)
        for i in range(first, edge):
            head = text[i:edge]
            if len(head) > 1 and head not in known and head not in prefixes:
                continue  # no word starts with these characters
            for j in range(edge + 1, min(len(text), i + MAX_WORD) + 1):
                piece = text[i:j]
                freq = known.get(piece)
                if freq is None and piece not in prefixes:
                    break
                # (an untagged word overrides nothing: most pieces are cleared without the call)
                if freq and not _rare_run_on(freq, i, j, start, end) \
                        and (piece not in tags or not _overrides_name(words, text, i, j, start, end)) \
                        and not _place_before_name(words, text, i, j, start, end):
                    return True
    return False


def _rare_run_on(freq: int, i: int, j: int, start: int, end: int) -> bool:
    """A word from inside the span [start, end) across its end rarer than RUN_ON_MIN_FREQ is no evidence that the
    name runs on, as in runs_on: 北京银行|行长 is not 银行行长 (frequency 3), 理想汽车|盘前 not 车盘."""
    return freq < RUN_ON_MIN_FREQ and start <= i < end < j


# A word this frequent in jieba's dictionary (全国 48,874, 成立 14,079, 美国; a place or no proper noun) that a
# name's first characters make with the characters before it is the sentence's word when the rest of the name is
# a word too: 全国|新能源 is not 国新能源 (600617.SH), 成立|新能源公司 not 立新能源. The segmentation model alone keeps
# the name there, because it counts any name as a word of frequency NAME_FREQ while 新能源 has 3. Only the
# start: across the end the frequent word is as often the body's own title or next name (财政部长, 水利部|长江).
EDGE_WORD_MIN_FREQ = 5_000
EDGE_REACH = 2  # characters the frequent word may take from the name, and from before it


def split_by_common_word(text: str, start: int, end: int) -> bool:
    """Does a frequent word run across the name's start, the rest of the name (two characters or more) being a
    dictionary word? 全国新能源汽车 → 全国|新能源, not 国新能源. (A few set lookups per hit.)"""
    words = dictionary()
    if start == 0 or text[start - 1:start + 1] not in words.joins:
        return False  # no word runs across the start (most hits: two set lookups)
    return common_word_across(words, text, start, end)


def common_word_across(words: Dictionary, text: str, start: int, end: int) -> bool:
    """split_by_common_word for a caller that has seen a dictionary pair across the start (NameMatcher._check)."""
    freqs = words.freqs
    for k in range(1, EDGE_REACH + 1):  # k characters of the name go to the frequent word
        rest = text[start + k:end]
        if len(rest) < 2 or rest not in freqs:
            continue
        for a in range(1, min(EDGE_REACH, start) + 1):
            piece = text[start - a:start + k]
            if freqs.get(piece, 0) >= EDGE_WORD_MIN_FREQ and words.tags.get(piece, PLACE_TAG) == PLACE_TAG:
                return True
    return False


# The two scans below read the whole dictionary (~1.5 s) however few the names, and each name's answer depends on
# the name and the dictionary only. A process that compiles many small glossaries (the test suite: ~60, each a few
# names) paid the scans every time; their answers are kept per name for calls of at most MEMO_MAX_NAMES names, and
# at most MEMO_MAX_KEPT names are kept. A big glossary's call is scanned and not kept (its sets hold megabytes).
MEMO_MAX_NAMES = 1_000
MEMO_MAX_KEPT = 20_000
_MEMO: dict[str, tuple[Dictionary, dict[str, frozenset[str]]]] = {}


def _per_name(kind: str, scan: Callable[[list[str]], dict[str, frozenset[str]]],
              names: Iterable[str]) -> dict[str, frozenset[str]]:
    """scan(names), with the answers of earlier small calls (same dictionary object) reused."""
    names = list(names)
    if len(names) > MEMO_MAX_NAMES:
        return scan(names)
    words = dictionary()
    kept_for, kept = _MEMO.get(kind, (None, {}))
    if kept_for is not words or len(kept) > MEMO_MAX_KEPT:
        kept = {}
        _MEMO[kind] = (words, kept)
    missing = [name for name in dict.fromkeys(names) if name not in kept]
    if missing:
        kept.update(scan(missing))
    shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set, as the scans give
    return {name: shared.setdefault(kept[name], kept[name]) for name in names}


def end_continuations(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each name → the characters that, written right after it, continue a dictionary word begun inside it (its
    last MAX_WORD - 1 characters or fewer) that _crossing_word counts across an end: 达 of 英伟达 begins 达到, so 到
    is one. Only words of at most MAX_WORD characters (its reach) and at least RUN_ON_MIN_FREQ (a rarer one from
    inside the name is no run-on, _rare_run_on: 通上 does not make 中国联通 run on). A word can cross a hit's end only
    when the next character is one of them, so a per-name set asked once per hit clears the end edge exactly where
    the dictionary's pair table (joins) only says some word holds the pair somewhere. Worked out when the glossary
    is compiled (NameInfo.end_joins)."""
    return _per_name("end", _scan_end_continuations, names)


def _scan_end_continuations(names: list[str]) -> dict[str, frozenset[str]]:
    names = list(names)
    suffixes: dict[str, set[str]] = {name[-k:]: set() for name in names
                                     for k in range(1, min(len(name), MAX_WORD - 1) + 1)}
    for word, freq in dictionary().freqs.items():
        if freq < RUN_ON_MIN_FREQ or len(word) > MAX_WORD:
            continue  # (a shorter piece of a counted word is its prefix here: the scan goes on through it)
        for k in range(1, len(word)):
            following = suffixes.get(word[:k])
            if following is not None:
                following.add(word[k])
    shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set: the pickle stays small
    out = {}
    for name in names:
        chars = frozenset().union(*(suffixes[name[-k:]] for k in range(1, min(len(name), MAX_WORD - 1) + 1)))
        out[name] = shared.setdefault(chars, chars)
    return out


def start_continuations(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each name → the characters that, written right before it, carry a dictionary word into it: a word that ends
    with the character and one of the name's beginnings (和 of 和平 before 平安银行), or that holds the character and
    the whole name and goes on. Every word across a hit's start holds the character before it and then the name's
    first characters, so a word can cross the start only when that character is one of these; the dictionary's pair
    table (joins) says only that some word holds the pair somewhere. Worked out when the glossary is compiled
    (NameInfo.start_joins), as end_continuations is for the end."""
    return _per_name("start", _scan_start_continuations, names)


def _scan_start_continuations(names: list[str]) -> dict[str, frozenset[str]]:
    names = list(names)
    # A beginning longer than every dictionary word ends none: holding only the shorter ones keeps this linear in
    # a name's length (every beginning of a 60,000-character name was 7.7 GB).
    reach = max(map(len, dictionary().freqs), default=0)
    heads = {name[:k] for name in names for k in range(1, min(len(name), reach) + 1)}
    whole = set(names)
    before_head: dict[str, set[str]] = {}  # a name's beginning → characters before it where a word ends with it
    before_name: dict[str, set[str]] = {}  # a whole name → characters before it inside a word that goes on
    for word in dictionary().freqs:  # every key: a piece the segmentation counts is one of them
        for m in range(len(word) - 1):
            tail = word[m + 1:]
            if tail in heads:
                before_head.setdefault(tail, set()).add(word[m])
            for k in range(1, len(tail)):
                if tail[:k] in whole:
                    before_name.setdefault(tail[:k], set()).add(word[m])
    shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set: the pickle stays small
    out = {}
    empty: set[str] = set()
    for name in names:
        chars = frozenset().union(before_name.get(name, empty),
                                  *(before_head.get(name[:k], empty) for k in range(1, min(len(name), reach) + 1)))
        out[name] = shared.setdefault(chars, chars)
    return out


def is_word_at(text: str, start: int, end: int) -> bool:
    """Does the most probable segmentation of text around [start, end) keep that span as one word?

    A max-probability segmentation (the same model as jieba's) over a few characters either side, with the
    span counted as a word of at least NAME_FREQ; characters that are no word on their own count as 1."""
    joins = dictionary().joins
    if (start == 0 or text[start - 1:start + 1] not in joins) and text[end - 1:end + 1] not in joins:
        return True  # no word can run across either edge
    return word_in_window(text, start, end)


def word_in_window(text: str, start: int, end: int) -> bool:
    """is_word_at for a caller that has asked the quick test itself (a dictionary pair across an edge): the
    matcher asks it once per hit and shares it with split_by_common_word."""
    # The answer depends on no more than MAX_WORD - 1 characters either side (the crossing words reach that far,
    # the segmentation WINDOW less): asked of that window, a name in surroundings seen before (a headline
    # repeated as the body's lead, 美联储主席, 英伟达股价) is answered from the cache.
    base = max(0, start - MAX_WORD + 1)
    return _keeps_span(text[base:end + MAX_WORD - 1], start - base, end - base)


@lru_cache(maxsize=WORD_AT_CACHE)
def _keeps_span(text: str, start: int, end: int) -> bool:
    """is_word_at past its quick test, on the window around the span."""
    words = dictionary()
    if not _crossing_word(words, text, start, end):
        return True
    known, prefixes, tags = words.freqs, words.prefixes, words.tags
    chars = words.chars
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    log_total = words.log_total
    span_freq = max(known.get(text[start:end], 0), NAME_FREQ)
    span_score = math.log(span_freq) - log_total
    unknown_char = -log_total  # a character jieba does not know counts as frequency 1
    # best[k]: log-probability of the best segmentation of text[lo:lo+k], and whether it has a boundary at
    # start and at end (only meaningful once k reaches them).
    best: list[tuple[float, bool, bool]] = [(-math.inf, False, False)] * (hi - lo + 1)
    best[0] = (0.0, start == lo, False)
    for i in range(lo, hi):
        score, at_start, at_end = best[i - lo]
        if score == -math.inf:
            continue
        pieces = [(i + 1, chars.get(text[i], 0))]
        for j in range(i + 2, min(hi, i + MAX_WORD) + 1):
            piece = text[i:j]
            freq = known.get(piece)
            if freq is None and piece not in prefixes:
                break
            if freq and not _rare_run_on(freq, i, j, start, end) \
                    and (piece not in tags or not _overrides_name(words, text, i, j, start, end)) \
                    and not _place_before_name(words, text, i, j, start, end):
                pieces.append((j, freq))
        if i == start:
            pieces.append((end, span_freq))
        for j, freq in pieces:
            candidate = score + (math.log(freq) - log_total if freq else unknown_char)
            if j == end and i == start:
                candidate = max(candidate, score + span_score)
            if candidate > best[j - lo][0]:
                best[j - lo] = (candidate, (at_start and i >= start) or j == start,
                                (at_end and i >= end) or j == end)
    _, through_start, through_end = best[hi - lo]
    return through_start and through_end


def english_name(en: str) -> str:
    """'Boeing Company' → 'Boeing', 'the Fed' → 'Fed': the part a reference translation writes."""
    name = LEADING_ARTICLE.sub("", en.strip())
    return LEGAL_SUFFIX.sub("", name) or name


def english_names(entry, name: str) -> set[str]:
    """The English names a reference may use for the entry when it writes `name`: 美联储 is "the Fed" as often
    as "Federal Reserve". An alias that is the word's own dictionary meaning (星期六, alias "Saturday") is what
    a reference writes for the word, company or not, so it vouches for nothing."""
    meanings = word_meanings().get(name, frozenset())
    aliases = [n for n in entry.aliases_en if n and n.strip() and english_name(n) not in meanings]
    return {english_name(n) for n in [entry.en, *aliases] if n and n.strip()}


@lru_cache(maxsize=1)
def word_meanings() -> dict[str, frozenset[str]]:
    """Chinese word → its CC-CEDICT definitions, as written."""
    from pipeline.text.cedict_entries import cedict_entries

    out: dict[str, set[str]] = {}
    for e in cedict_entries():
        out.setdefault(e.simplified, set()).update(d.strip() for d in e.definitions)
    return {word: frozenset(ds) for word, ds in out.items()}


def read_pairs(folder: Path) -> list[tuple[str, str]]:
    """(zh, en) pairs of the WMT news test sets (CSV, header 0,1) and JSONL files with zh/en fields."""
    pairs: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            pairs += [(row[0], row[1]) for row in list(csv.reader(fh))[1:] if len(row) >= 2]
    for path in sorted(folder.glob("*.jsonl")):
        for record in json_lines(path):
            if record.get("zh") and record.get("en"):
                pairs.append((record["zh"], record["en"]))
    return pairs


def read_finance(news: Path) -> list[str]:
    """Financial news sentences: cnyes headlines (Traditional, CSV with BOM) and CFSC-NER sentences."""
    texts: list[str] = []
    for path in sorted((news / "zh-hant").glob("cnyes_headlines_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            texts += [row["標題"] for row in csv.DictReader(fh)]
    for path in sorted((news / "zh-hans").glob("cfsc_ner_*.json")):
        texts += [row["text"] for row in json.loads(path.read_text(encoding="utf-8"))]
    return texts


def _count(automaton, patterns: list[str], text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for index, _start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
        counts[patterns[index]] = counts.get(patterns[index], 0) + 1
    return counts


def build_table(shared: Path, out: Path = TABLE) -> int:
    """Count, for every Chinese glossary name, its use in general and financial news and how reference
    translations render it. Run at build time with ../shared/data; only the numbers are committed."""
    import ahocorasick_rs

    from pipeline.glossary.compiled import compile_glossary
    from pipeline.paths import PROJECT_GLOSSARIES
    from pipeline.text.normalizer import TextNormalizer

    normalize = TextNormalizer()
    glossary = compile_glossary(PROJECT_GLOSSARIES, use_cache=False)
    names = {name: entry_id for name, entry_id in glossary.zh_keys.items()
             if len(name) >= 2 and glossary.entries[entry_id].type != "term"}
    patterns = sorted(names)
    automaton = ahocorasick_rs.AhoCorasick(patterns)
    pairs = [(normalize(zh), en) for zh, en in read_pairs(shared / "parallel")]
    general_text = "\n".join(zh for zh, _ in pairs)
    finance_text = "\n".join(normalize(t) for t in read_finance(shared / "news"))
    general, finance = _count(automaton, patterns, general_text), _count(automaton, patterns, finance_text)
    in_pairs: dict[str, int] = {}
    named: dict[str, int] = {}
    for zh, en in pairs:
        for name in {patterns[i] for i, _s, _e in automaton.find_matches_as_indexes(zh, overlapping=True)}:
            in_pairs[name] = in_pairs.get(name, 0) + 1
            named[name] = named.get(name, 0) + any(n in en for n in english_names(glossary.entries[names[name]], name))
    rows = [f"{name}\t{in_pairs.get(name, 0)}\t{named.get(name, 0)}\t{general.get(name, 0)}\t{finance.get(name, 0)}"
            for name in patterns if general.get(name) or finance.get(name)]
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, f"# general_chars={len(general_text)} finance_chars={len(finance_text)}\n"
                      "name\tpairs\tnamed\tgeneral\tfinance\n" + "\n".join(rows) + "\n")
    return len(rows)


if __name__ == "__main__":
    print(f"{build_table(Path(sys.argv[1]))} names written to {TABLE}")
