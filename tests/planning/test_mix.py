"""The yardstick of a table's mix: the most mixed table of a size the event's people allow."""

from __future__ import annotations

import itertools

import numpy as np

from dialogue_app.planning.distance import dimension_distance
from dialogue_app.planning.mix import dimension_max, table_mix
from dialogue_app.planning.model import Dimension


def test_dimension_max_is_the_best_table_by_enumeration():
    """For random small events (nominal and ordinal, with "prefer not to say" values) the
    computed maximum equals the best table found by trying every set of people."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        kind = str(rng.choice(["nominal", "ordinal"]))
        nc = int(rng.integers(2, 5))
        dim = Dimension("x", kind, nc)
        col = rng.integers(-1, nc, size=int(rng.integers(3, 9)))
        size = int(rng.integers(2, len(col) + 1))
        d = dimension_distance(dim, col)
        best = max(d[np.ix_(c, c)].sum() / 2 for c in map(list, itertools.combinations(range(len(col)), size)))
        assert abs(dimension_max(dim, col, size) - best) < 1e-9


def test_table_mix_is_a_share():
    """A table's mix is its score over the maximum for its size, between 0 and 1; none
    below two people."""
    assert table_mix(3.0, 4, {4: 6.0}) == 0.5
    assert table_mix(1.0, 1, {}) is None and table_mix(0.0, 3, {}) is None
