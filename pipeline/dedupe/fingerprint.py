"""A document's identity as a story: its normalized text, the exact hash of it and a MinHash of its shingles.

Two tellings of one story differ in punctuation, spacing, script (Traditional/Simplified), width and case, so all
of that is removed before anything is hashed. The MinHash is stored on disk (`story_index.py`), so every value in
it must be the same in every process and every Python run: shingles are hashed with BLAKE2b, never hash().
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from pipeline.text.normalizer import TextNormalizer

# Fingerprint format version: part of the index's stored parameters, so an index made with other rules is refused.
VERSION = "1"
# Character shingle length. Chinese words are 1-4 characters; 4-grams kept template sentences of unrelated
# cls_telegraph_2026 items (earnings notices, "财联社6月1日电") above 0.4 containment far more often than 5-grams
# (fit split, see bench/near_dups.py), and 5-grams still leave a 20-character title 16 shingles.
SHINGLE = 5
# Permutations of the MinHash: 64 gives a standard error of at most 0.0625 on a Jaccard estimate (0.05 at 0.8),
# small beside the gap between the judged same and different pairs, at 256 bytes of signature per document on disk
# (a million documents: 256 MB); 128 doubled the disk and the hashing time for no change on the fit pairs.
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
# Not a letter or a number (re's \w is Unicode letters, digits and "_").
NOT_LETTER = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Fingerprint:
    """What the story index stores of a document: `exact` (16 bytes), the MinHash values and the shingle count."""

    text: str
    exact: bytes
    signature: np.ndarray  # uint32[NUM_PERM]
    shingles: int


@lru_cache(maxsize=1)
def _normalizer() -> TextNormalizer:
    return TextNormalizer(t2s=True)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws the permutations from numpy's RandomState(SEED) (stable by numpy's policy); drawn once."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def story_text(title: str, body: str) -> str:
    """Title and body as one string of letters and digits: the project's normalizer (width, Traditional →
    Simplified with OpenCC hk2s, invisible characters), then NFKC and case folding, then every character that is
    not a letter or a number dropped (punctuation, spaces, symbols). A body that starts with its title (telegraphs
    open with 【title】) does not repeat it."""
    title_text, body_text = _letters(title), _letters(body)
    if body_text.startswith(title_text):
        return body_text
    return title_text + body_text


def _letters(text: str) -> str:
    return NOT_LETTER.sub("", unicodedata.normalize("NFKC", _normalizer()(text or "")).casefold())


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
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int, permutations=_permutations())
    sketch.update_batch(hashes)
    return sketch.hashvalues.astype(np.uint32, copy=False)


def fingerprint(title: str, body: str) -> Fingerprint:
    text = story_text(title, body)
    hashes = shingle_hashes(text)
    exact = hashlib.blake2b(text.encode("utf-8"), digest_size=EXACT_BYTES).digest()
    return Fingerprint(text=text, exact=exact, signature=minhash(hashes), shingles=len(hashes))


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
