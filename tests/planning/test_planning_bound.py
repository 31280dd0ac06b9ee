"""The separable upper bound: sound against enumeration, tight where theory says so."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planning_helpers import brute_force

from dialogue_app.planning import Dimension, distance_matrix, upper_bound


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_dims=st.integers(1, 3),
    unknown_rate=st.sampled_from([0.0, 0.2, 0.5]),
    unknown=st.sampled_from([0.0, 0.5, 1.0]),
    ranged=st.booleans(),
)
def test_bound_at_least_brute_force_optimum(seed, n_dims, unknown_rate, unknown, ranged) -> None:
    """upper_bound >= the enumerated optimum for random nominal/ordinal data with unknowns,
    fixed or ranged table sizes."""
    rng = np.random.default_rng(seed)
    n = 8
    dims, cols = [], []
    for k in range(n_dims):
        kind = str(rng.choice(["nominal", "ordinal"]))
        nc = int(rng.integers(2, 5))
        dims.append(Dimension(f"d{k}", kind, nc, float(rng.choice([0.5, 1.0, 3.0]))))
        col = rng.integers(0, nc, n)
        col[rng.random(n) < unknown_rate] = -1
        cols.append(col)
    values = np.stack(cols, axis=1)
    lo, hi = ([2, 2, 2], [4, 4, 3]) if ranged else ([3, 3, 2], [3, 3, 2])
    opt = brute_force(distance_matrix(dims, values, unknown), lo, hi)
    ub = upper_bound(dims, values, ranges=list(zip(lo, hi, strict=True)), unknown=unknown)
    assert ub >= opt - 1e-9


@pytest.mark.parametrize("seed", range(8))
def test_bound_tight_single_dimension_equal_sizes(seed: int) -> None:
    """One nominal or ordinal dimension, equal table sizes, no unknowns: bound == optimum."""
    rng = np.random.default_rng(seed)
    kind = "nominal" if seed % 2 else "ordinal"
    nc = int(rng.integers(2, 5))
    dims = [Dimension("x", kind, nc, 1.5)]
    values = rng.integers(0, nc, (9, 1))
    opt = brute_force(distance_matrix(dims, values), [3, 3, 3], [3, 3, 3])
    assert upper_bound(dims, values, sizes=[3, 3, 3]) == pytest.approx(opt)


def test_bound_closed_form_nominal() -> None:
    """Closed form: 12 people, 3 categories of 4, 4 tables of 3 -> every table all different."""
    dims = [Dimension("x", "nominal", 3)]
    values = np.repeat(np.arange(3), 4).reshape(-1, 1)
    assert upper_bound(dims, values, sizes=[3] * 4) == pytest.approx(4 * 3)
