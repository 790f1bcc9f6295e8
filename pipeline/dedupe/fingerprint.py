"""A document's identity as a story: its normalized text, the exact hash of it and a MinHash of its shingles.

Two tellings of one story differ in punctuation, spacing, script (Traditional/Simplified), width and case, so all
of that is removed before anything is hashed. The MinHash is stored on disk (`story_index.py`), so every value in
it must be the same in every process and every Python run: shingles are hashed with BLAKE2b, never hash().
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.text.datelines import DATE, split_furniture
from pipeline.text.normalizer import TextNormalizer

# Fingerprint format version: part of the index's stored parameters, so an index made with other rules is refused
# (or, from version 3, brought up to date: pipeline/dataset/refigure.py). 4: figures, dates and the title are read from
# figure_text (v3 read "增长7%" + "8月10日" as the date 78月10日); the MinHash and exact hashes are v3's.
VERSION = "4"
# Character shingle length. Fit pairs (bench/near_dups.py) at threshold 0.7, precision/recall: 3 0.654/0.739,
# 4 0.692/0.783, 5 0.739/0.739, 6 0.696/0.696; 5 also leaves a 20-character title 16 shingles.
SHINGLE = 5
# Permutations of the MinHash: 64 gives a standard error of at most 0.0625 on a Jaccard estimate (0.05 at 0.8),
# small beside the gap between the judged same and different pairs, at 256 bytes of signature per document on disk
# (a million documents: 256 MB). Not swept: the fit pairs' errors are wording shared by different stories,
# not estimation noise.
NUM_PERM = 64
# datasketch's permutation seed and scheme: both fixed, as the signatures are stored ("affine32" is datasketch 2's
# bijective 32-bit scheme; its signatures are uint32).
SEED = 19
SCHEME = "affine32"
EXACT_BYTES = 16
# Shingle hash: a polynomial over the code points modulo 2^64 (numpy's uint64 arithmetic wraps the same way on
# every platform), folded to 32 bits for the affine32 scheme, which mixes it again (MurmurHash3's finalizer).
# BLAKE2b per shingle cost 380 µs on a 190-character telegraph; this costs ~15.
SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime: odd, so the map from the last code point is 1-1
# Numbers in a story text: runs of digits with their decimals (the story text keeps a point between digits);
# Chinese numerals too ("七连板") were measured: no better on the fit pairs. At most MAX_NUMBERS are kept, in text
# order, so a long article stores a bounded list (8 bytes each: the value).
DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
MAX_NUMBERS = 64
# A bare headline is the same story as a document whose title starts with it when it has at least this many
# letters (dev pairs: 6, 8 and 10 found the same 4 hot-list pairs of 100 judged same and no judged-different one;
# containment anywhere in the title, or title bigram overlap, found more but brought RTHK's "美股初段上升" beside
# "美股初段上升，市场关注…" of another hour: 11 and 26 false pairs).
HEADLINE_PREFIX = 6
# Not a letter or a number (re's \w is Unicode letters, digits and "_"), except a decimal point between digits: two
# copies that round a figure differently (1.635亿 / 1.64亿) must still read as numbers that agree.
NOT_LETTER = re.compile(r"(?:(?!(?<=\d)\.(?=\d))[\W_])+")
# A comma before exactly three digits is a thousands separator ("182,980股", "2,870万"): figure_text keeps the
# digits together, as the story text (which drops every comma) always read them; NFKC makes "，" a "," too, so
# "7，800家" reads 7800 as before.
THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# Decimal places looked at when two numbers are compared as roundings of each other.
MAX_DECIMALS = 6
# An integer of at least this value also agrees with a figure with decimals that is it in 万 (ten thousands),
# rounded, as Chinese copies write a count either way: "182,980股" and "18.3万股" (a figure written "2,870万" or
# "2870万" reads 2870 either way: the unit is dropped and the separator is not a letter). Only with a figure with
# decimals: compared in 万 outright, 20000 became a digest's list number "2" and joined two days' digests on
# cls_telegraph_2026. Round 4: dev-blind2 recall +1 (Berkshire's 182,980 / 18.3万), no judged pair lost.
WAN = 10_000
# An integer agrees with a decimal that rounds to it only when the decimal lies this close to it: a title's
# "收涨3%" beside the body's 3.02%, but never "涨3%" beside "涨3.5%" nor "跌超9%" beside "9.4%" (a long text's many
# figures would hold a near one by chance). Round 4 (fit | dev-seen-test | dev-blind1 | dev-blind2 precision and
# recall in DOCS-stories20b.md).
INTEGER_ROUNDING = 0.05
# Texts whose bigram sets are kept (bigrams): the titles of a few hours of a busy feed.
BIGRAM_CACHE = 8192
# Number lists whose distinct values and decimal places are kept (numbers_contained): a document's numbers, title
# figures and moves are compared with every candidate near it, so each is read once, not once per pair.
FIGURES_CACHE = 8192
# Integers in this range are years: a title's "预算案2025｜" or "2026陆家嘴论坛" is a series tag, not a fact two
# tellings share by being one story (round 5: with years, two remarks of one budget speech shared "2025").
YEAR = (1900, 2100)
# A number glued to Latin letters is part of a name ("SU7", "HBM4", "3nm", "Grok4.5"), not a figure: two hot-list
# titles about one car model ("SU7 Ultra车主…" / "网友…给SU7 Ultra…") share it whatever their story.
NAMED_NUMBER = re.compile(r"[a-z]+[0-9]+(?:\.[0-9]+)?[a-z]*|[0-9]+(?:\.[0-9]+)?[a-z]+")


@dataclass(frozen=True)
class Fingerprint:
    """What the story index stores of a document: `exact` (16 bytes), the MinHash values and the shingle count."""

    text: str
    exact: bytes
    signature: np.ndarray  # uint32[NUM_PERM]
    shingles: int
    numbers: np.ndarray  # float64, in text order: the numbers outside dates (amounts, counts, times)
    # The exact hash of the title alone, where the document has more than its title (None for a bare headline,
    # whose `exact` is already its title's): a hot list's bare headline is the same story as the article under it.
    title: bytes | None = None
    # The normalized title (figure_text: a space between two figures that punctuation kept apart), and its head:
    # the first HEADLINE_PREFIX letters (without those spaces) hashed to a signed 64-bit integer (None for a
    # shorter title). A hot list's bare headline is often the start of another board's longer title
    # for the same event ("X宣布Y" / "X宣布Y，股价能否止跌"); the head finds those candidates.
    title_text: str = ""
    head: int | None = None
    # The calendar dates the text names (6月30日), its dateline's too, as hashes of month and day: compared only
    # when both texts name one (see story_index.story_score).
    dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))


@lru_cache(maxsize=1)
def _normalizer() -> TextNormalizer:
    return TextNormalizer(t2s=True)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws the permutations from numpy's RandomState(SEED) (stable by numpy's policy); drawn once.
    datasketch is imported here, not at the top: its package imports scipy.integrate (~0.5 s of CPU), which every
    process importing the runner paid, the spawned shard workers of a run, which never hash a story, too."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def story_parts(title: str, body: str) -> tuple[str, str]:
    """(normalized title, story text): see story_text."""
    title_text, story, _ = _parts(title, body)
    return _joined(title_text), _joined(story)


def _parts(title: str, body: str) -> tuple[str, str, str]:
    """(title, story, dateline), each a figure_text: the story is the title and the body, or the body alone when
    it starts with the title; without its gaps it is the story text."""
    stripped, dateline = split_furniture(body or "")
    title_text, body_text = figure_text(title), figure_text(stripped)
    if _joined(body_text).startswith(_joined(title_text)):
        return title_text, body_text, figure_text(dateline)
    return title_text, f"{title_text} {body_text}".strip(), figure_text(dateline)


def story_text(title: str, body: str) -> str:
    """Title and body as one string of letters and digits: the project's normalizer (width, Traditional →
    Simplified with OpenCC hk2s, invisible characters), then NFKC and case folding, then every character that is
    not a letter or a number dropped (punctuation, spaces, symbols). The body's wire furniture (a dateline, a
    【headline】, a byline, a source tag: pipeline.text.datelines) is dropped first; a body that starts with its
    title does not repeat it."""
    return story_parts(title, body)[1]


def _letters(text: str, gap: str = "", figures: bool = False) -> str:
    """story_text's normalization of one text; `gap` replaces each run of dropped characters (a space keeps
    "31.25%，5000亿" two numbers: pipeline/dedupe/entities.py); with `figures`, a space replaces only a run that
    stands between two digits (figure_text)."""
    folded = unicodedata.normalize("NFKC", _normalizer()(text or "")).casefold()
    if not figures:
        return NOT_LETTER.sub(gap, folded)
    folded = THOUSANDS.sub("", folded)
    return NOT_LETTER.sub(lambda run: " " if _between_digits(folded, run.start(), run.end()) else "", folded)


def _between_digits(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and "0" <= text[start - 1] <= "9" and "0" <= text[end] <= "9"


def figure_text(text: str) -> str:
    """`text` normalized as story_text normalizes it, with a space where dropped characters stood between two
    digits ("1.5%、2.3%" -> "1.5 2.3"; a thousands separator excepted: THOUSANDS): what figures, dates and title
    rules read, so digits on both sides of punctuation never merge into one number. Without its spaces it is the
    story text's letters (_joined)."""
    return _letters(text, figures=True)


def _joined(text: str) -> str:
    """A figure_text without its gaps: the letters-only text the MinHash and exact hashes are taken from (a
    figure_text has no other space: NOT_LETTER drops every one)."""
    return text.replace(" ", "")


def spaced_letters(text: str) -> str:
    """`text` normalized as story_text normalizes it, but each run of dropped characters a space."""
    return _letters(text, " ").strip()


@lru_cache(maxsize=BIGRAM_CACHE)
def bigrams(text: str) -> frozenset[str]:
    """A normalized text's character bigrams (the story index's title overlap, the vetoes' shared letters), cached:
    each title is a candidate of every document published near it."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def shingle_hashes(text: str) -> list[int]:
    """The distinct hashes (32 bits, sorted) of the SHINGLE-character substrings of `text`; a text shorter than
    SHINGLE is one shingle."""
    if not text:
        return []
    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    width = min(SHINGLE, len(points))
    count = len(points) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        hashes = hashes * SHINGLE_BASE + points[offset:offset + count]
    folded = (hashes ^ (hashes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded).tolist()


def minhash(hashes: list[int]) -> np.ndarray:
    """The MinHash values (uint32[NUM_PERM]) of shingle hashes, by datasketch with the fixed permutations."""
    from datasketch import MinHash  # imported on the first call (see _permutations), then a look-up

    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int, permutations=_permutations())
    sketch.update_batch(hashes)
    return sketch.hashvalues.astype(np.uint32, copy=False)


def fingerprint(title: str, body: str) -> Fingerprint:
    """A document's Fingerprint: the hashes of its story text (letters only); its numbers, dates and title_text
    read from figure_text, where a title ending in a figure and a body starting with one stay two numbers."""
    title_text, story, dateline = _parts(title, body)
    text, letters_title = _joined(story), _joined(title_text)
    hashes = shingle_hashes(text)
    return Fingerprint(text=text, exact=_exact(text), signature=minhash(hashes), shingles=len(hashes),
                       numbers=number_values(DATE.sub(" ", story)),
                       title=_exact(letters_title) if letters_title != text else None,
                       title_text=title_text, head=headline_head(letters_title),
                       dates=date_hashes(f"{dateline} {story}"))


def headline_head(title_text: str) -> int | None:
    """The head key of a normalized title (see Fingerprint.head)."""
    if len(title_text) < HEADLINE_PREFIX:
        return None
    digest = hashlib.blake2b(title_text[:HEADLINE_PREFIX].encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _exact(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=EXACT_BYTES).digest()


def number_values(text: str) -> np.ndarray:
    """The numbers of a text in order ("2026年5月26日" gives 2026, 5, 26; "1.64亿" 1.64) as float64; a story's
    dates are taken out first (see date_hashes).
    Recurring notices (an exchange's daily position limits, a weekly navigation warning, a turnover flash each
    hour) share their wording and differ only in these; a copy of a story keeps them, or rounds them."""
    return np.array([float(run) for run in DIGITS.findall(text)[:MAX_NUMBERS]], dtype=np.float64)


def title_figures(title_text: str) -> np.ndarray:
    """The figures of a normalized title that can be evidence of one story: its numbers outside dates (date_hashes)
    and names (NAMED_NUMBER), without years (YEAR)."""
    values = number_values(NAMED_NUMBER.sub(" ", DATE.sub(" ", title_text)))
    return values[~((values >= YEAR[0]) & (values <= YEAR[1]) & (values == np.round(values)))]


def _wan_agrees(counts: np.ndarray, others: np.ndarray, places: np.ndarray) -> np.ndarray:
    """[i, j]: whether counts[i], an integer of WAN or more, is others[j] 万 rounded to others[j]'s decimal places
    (at least one: 182980 and 18.3, never 20000 and a list's "2", nor 30000 and "3"). Done when numbers are
    compared, not when they are stored, so an index written before round 4 stays valid."""
    count = (counts >= WAN) & (counts == np.round(counts))
    gap = np.abs(counts[:, None] / WAN - others[None, :])
    return count[:, None] & (places[None, :] >= 1) & (gap <= 0.5 * 10.0 ** -places[None, :] + 1e-9)


def date_hashes(text: str) -> np.ndarray:
    """The month and day of each date in `text` (the year left out: one copy may omit it), hashed like numbers."""
    return np.array([_hash32(f"{int(m['month'])}-{int(m['day'])}") for m in DATE.finditer(text)][:MAX_NUMBERS],
                    dtype=np.uint32)


def _hash32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def hashes_contained(smaller: np.ndarray, larger: np.ndarray) -> float:
    """The share of the smaller text's distinct hashes (dates) that the larger text has too (1.0 when it has
    none)."""
    smaller = distinct(smaller)
    if len(smaller) == 0:
        return 1.0
    return float(np.isin(smaller, larger).sum()) / len(smaller)


def numbers_contained(smaller: np.ndarray, larger: np.ndarray) -> float:
    """The share of the smaller text's distinct numbers that the larger text has too, or a rounding of (1.0 when
    it has none): 1.64 and 1.635 agree (the one with fewer decimals is the other rounded, to at least one
    decimal); an integer only with a value within INTEGER_ROUNDING of it: 3 and 3.02 or 7 and 6.96 agree, 3 and 3.5
    or 9 and 9.4 do not, as a long text's many figures would hold a near one by chance ("跌超9%" beside "9.4%")."""
    small = _figures_read(smaller.dtype.str, smaller.tobytes(), True)
    if len(small.values) == 0:
        return 1.0
    if len(larger) == 0:
        return 0.0
    large = _figures_read(larger.dtype.str, larger.tobytes(), False)
    places = np.minimum(small.places[:, None], large.places[None, :])
    gap = np.abs(small.values[:, None] - large.values[None, :])
    close = (gap <= 1e-9) | (places >= 1) & (gap <= 0.5 * 10.0 ** -places + 1e-9) | \
        (places == 0) & (gap <= INTEGER_ROUNDING + 1e-9)
    # _wan_agrees is all False unless one side has a count of WAN or more and the other a figure with decimals
    if small.counts and large.decimal:
        close |= _wan_agrees(small.values, large.values, large.places)
    if large.counts and small.decimal:
        close |= _wan_agrees(large.values, small.values, small.places).T
    return float(close.any(axis=1).sum()) / len(small.values)


@dataclass(frozen=True)
class _Figures:
    """What numbers_contained reads of one number list, read once per list (_figures_read)."""

    values: np.ndarray  # the list, or its distinct values (sorted)
    places: np.ndarray  # _decimals of values
    counts: bool  # an integer of WAN or more among them (_wan_agrees can hold)
    decimal: bool  # a value with decimal places among them


@lru_cache(maxsize=FIGURES_CACHE)
def _figures_read(dtype: str, raw: bytes, unique: bool) -> _Figures:
    """numbers_contained's reading of the number list of dtype `dtype` and bytes `raw` (its distinct values when
    `unique`), cached by content: equal lists read alike, whichever array holds them."""
    values = _distinct(dtype, raw) if unique else np.frombuffer(raw, dtype=dtype)
    places = _decimals(values)
    places.flags.writeable = False
    return _Figures(values, places, bool(((values >= WAN) & (values == np.round(values))).any()),
                    bool((places >= 1).any()))


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values), cached by content (FIGURES_CACHE) and read-only: a document's numbers and dates are
    compared with every candidate near it."""
    return _distinct(values.dtype.str, values.tobytes())


@lru_cache(maxsize=FIGURES_CACHE)
def _distinct(dtype: str, raw: bytes) -> np.ndarray:
    values = np.unique(np.frombuffer(raw, dtype=dtype))
    values.flags.writeable = False
    return values


def _decimals(values: np.ndarray) -> np.ndarray:
    """The decimal places each value is written with (4.50 has 1), up to MAX_DECIMALS."""
    scaled = values[:, None] * 10.0 ** np.arange(MAX_DECIMALS)
    return (np.abs(scaled - np.round(scaled)) > 1e-6 * np.maximum(1.0, np.abs(scaled))).sum(axis=1, dtype=np.int64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two shingle sets: the share of equal values."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(jaccard_estimate: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set that is in the larger: |A∩B| = J(|A|+|B|)/(1+J), divided by the
    smaller size (capped at 1, as the estimate can overshoot). A flash contained in its full item has a low
    Jaccard but a containment near 1."""
    smaller = min(size_a, size_b)
    if smaller == 0:
        return 0.0
    inter = jaccard_estimate * (size_a + size_b) / (1.0 + jaccard_estimate)
    return min(1.0, inter / smaller)
