"""numbers_contained and hashes_contained read each number list once (fingerprint._figures_read, distinct), cached by
content: an answer must never depend on what was compared before, nor on which array object holds the numbers."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.dedupe import fingerprint as fp

# (smaller, larger, share): roundings, integers near decimals, counts in 万 both ways, repeats, empty lists
CASES = [
    ([1.64], [1.635], 1.0),
    ([3.0], [3.02], 1.0),
    ([3.0], [3.5], 0.0),
    ([9.0], [9.4], 0.0),
    ([182980.0], [18.3], 1.0),
    ([18.3], [182980.0], 1.0),
    ([20000.0], [2.0], 0.0),
    ([4.5, 4.5, 7.0], [4.47, 6.96], 1.0),
    ([4.5, 8.0], [4.47], 0.5),
    ([], [1.0], 1.0),
    ([1.0], [], 0.0),
]


def _clear() -> None:
    fp._figures_read.cache_clear()
    fp._distinct.cache_clear()


@pytest.mark.parametrize(("smaller", "larger", "share"), CASES)
def test_the_share_is_the_same_cached_or_not(smaller: list[float], larger: list[float], share: float) -> None:
    a, b = np.array(smaller, dtype=np.float64), np.array(larger, dtype=np.float64)
    _clear()
    first = fp.numbers_contained(a, b)
    again = fp.numbers_contained(a.copy(), b.copy())  # other arrays, the same numbers: read from the cache
    assert first == again == share


def test_an_array_changed_in_place_is_read_again() -> None:
    numbers = np.array([1.64, 7.0])
    assert fp.numbers_contained(numbers, np.array([1.635, 7.0])) == 1.0
    numbers[1] = 8.0
    assert fp.numbers_contained(numbers, np.array([1.635, 7.0])) == 0.5


def test_integer_lists_read_as_their_values() -> None:
    assert fp.numbers_contained(np.array([3, 7]), np.array([3.02, 6.96])) == 1.0
    assert fp.hashes_contained(np.array([5, 5, 9], dtype=np.uint32), np.array([9, 5], dtype=np.uint32)) == 1.0


def test_distinct_is_read_only_and_unique() -> None:
    values = fp.distinct(np.array([3.0, 1.0, 3.0]))
    assert values.tolist() == [1.0, 3.0]
    with pytest.raises(ValueError):
        values[0] = 2.0
