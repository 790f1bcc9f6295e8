"""bench.learn_pairs folds the fit split by connected component of records: pairs that share a record, directly or
through other pairs, are scored in one fold, so no fold's model was trained on a record it scores."""

import numpy as np

from bench.learn_pairs import components


def test_pairs_sharing_a_record_share_a_component():
    records = np.array([("s/a", "s/b"), ("s/d", "s/e"), ("s/b", "s/c"), ("s/c", "s/a"), ("s/x", "s/b"),
                        ("t/a", "t/f")])
    labels = components(records)
    assert len(set(labels[[0, 2, 3, 4]])) == 1  # a-b, b-c, c-a and x-b: one topic
    assert len({labels[0], labels[1], labels[5]}) == 3  # d-e alone; t/a is another source's record


def test_a_chain_joins_through_later_pairs():
    labels = components(np.array([("a", "b"), ("c", "d"), ("b", "c")]))
    assert labels[0] == labels[1] == labels[2]
