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


@pytest.mark.parametrize("seed", range(6))
def test_spread_never_above_best_placement(seed: int) -> None:
    """The grouped spread term is a lower bound on Σ C(x, 2) over every placement of the
    groups, equal to the even spread when everyone is alone, and exact for one big group."""
    from itertools import product

    from dialogue_app.planning.bound import _even, _spread

    rng = np.random.default_rng(seed)
    for _ in range(40):
        K = int(rng.integers(1, 5))
        masses = rng.choice([1, 1, 1, 2, 3, 4], int(rng.integers(1, 7)))
        best = min(
            float(sum(x * (x - 1) / 2 for x in np.bincount(a, weights=masses, minlength=K)))
            for a in product(range(K), repeat=len(masses))
        )
        assert _spread(masses, K) <= best + 1e-9
    assert _spread(np.ones(7, dtype=int), 3) == _even(7, 3)
    assert _spread(np.array([5, 1, 1]), 3) == pytest.approx(10.0)  # the group of 5 forces C(5,2)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), unknown_rate=st.sampled_from([0.0, 0.25]), ranged=st.booleans())
def test_bound_with_groups_at_least_optimum_of_grouped_plans(seed, unknown_rate, ranged) -> None:
    """With groups that must share a table, the bound still holds for every plan that
    keeps them together, and it is never looser than without the groups."""
    from planning_helpers import all_assignments

    rng = np.random.default_rng(seed)
    n = 8
    dims = [Dimension("a", "nominal", 3, 1.0), Dimension("b", "ordinal", 4, 0.5)]
    values = np.stack([rng.integers(0, 3, n), rng.integers(0, 4, n)], axis=1)
    values[rng.random((n, 2)) < unknown_rate] = -1
    perm = rng.permutation(n)
    groups = [tuple(int(x) for x in perm[:3]), tuple(int(x) for x in perm[3:5])]
    values[list(groups[0])] = values[groups[0][0]]  # a family shares its background
    lo, hi = ([2, 2, 2], [4, 4, 3]) if ranged else ([3, 3, 2], [3, 3, 2])
    A = all_assignments(n, lo, hi)
    for grp in groups:
        A = A[np.all(A[:, list(grp)] == A[:, [grp[0]]], axis=1)]
    d = distance_matrix(dims, values)
    same = A[:, :, None] == A[:, None, :]
    opt = float((same * np.triu(d, 1)[None]).sum(axis=(1, 2)).max())
    ranges = list(zip(lo, hi, strict=True))
    with_groups = upper_bound(dims, values, ranges=ranges, groups=groups)
    assert opt - 1e-9 <= with_groups <= upper_bound(dims, values, ranges=ranges) + 1e-9


def test_family_of_a_rare_background_lowers_the_bound() -> None:
    """The only two people of a minority background are a couple who sit together: the
    bound knows their same-background pair cannot be mixed away, and a plan reaches it."""
    from dialogue_app.planning import Person, PlanProblem, Table, plan

    values = np.array([[1], [1]] + [[0]] * 5 + [[2]] * 5)
    dims = [Dimension("origin", "nominal", 3)]
    problem = PlanProblem(tables=[Table(4, 4)] * 3, people=[Person() for _ in range(12)], dims=dims,
                          values=values, together=[(0, 1)], facilitators_required=False)
    assert upper_bound(dims, values, sizes=[4, 4, 4]) == pytest.approx(14.0)  # couple apart
    res = plan(problem, seconds=None, max_iterations=50)
    assert res.upper_bound == pytest.approx(13.0)
    assert res.score == pytest.approx(res.upper_bound)  # proven optimal


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), unknown_rate=st.sampled_from([0.0, 0.25]), ranged=st.booleans())
def test_bound_with_people_alone_at_least_optimum_of_such_plans(seed, unknown_rate, ranged) -> None:
    """With alone={category: k} ("don't isolate"), the bound is >= every enumerated plan
    that leaves at most k people of each category alone at their table, and never looser
    than without it."""
    from planning_helpers import all_assignments

    rng = np.random.default_rng(seed)
    n = 9
    dims = [Dimension("a", "nominal", int(rng.integers(2, 5)), 1.0, dont_isolate=True),
            Dimension("b", str(rng.choice(["nominal", "ordinal"])), 3, float(rng.choice([0.5, 1.0])))]
    values = np.stack([rng.integers(0, dims[0].n_categories, n), rng.integers(0, 3, n)], axis=1)
    values[rng.random((n, 2)) < unknown_rate] = -1
    lo, hi = ([2, 2, 2], [4, 4, 3]) if ranged else ([3, 3, 3], [3, 3, 3])
    A = all_assignments(n, lo, hi)
    same = A[:, :, None] == A[:, None, :]
    scores = (same * np.triu(distance_matrix(dims, values), 1)[None]).sum(axis=(1, 2))
    C = dims[0].n_categories
    alone = np.zeros((len(A), C), dtype=np.int64)  # per plan and category: tables with exactly one
    for g in range(len(lo)):
        for c in range(C):
            alone[:, c] += ((g == A) & (values[:, 0] == c)[None, :]).sum(axis=1) == 1
    plain = upper_bound(dims, values, ranges=list(zip(lo, hi, strict=True)))
    for profile in {tuple(row) for row in alone}:
        allowed = np.all(alone <= np.array(profile)[None, :], axis=1)
        bound = upper_bound(dims, values, ranges=list(zip(lo, hi, strict=True)),
                            alone=({c: k for c, k in enumerate(profile) if k}, None))
        assert bound >= scores[allowed].max() - 1e-9
        assert bound <= plain + 1e-9


def test_bound_lowered_to_the_scores_a_plan_can_have() -> None:
    """A dimension's score is a sum of pair distances (multiples of 1/R, plus ``unknown``
    per pair touching an unknown value), so a bound between two such scores comes down
    to the lower one: here the Lagrangian bound alone says 6.5, every plan scores at most
    6 (enumerated), and the bound says 6."""
    dims = [Dimension("d", "nominal", 3)]
    values = np.array([[1], [1], [1], [-1], [0], [0], [2], [2]])
    lo, hi = [2, 2, 2], [4, 4, 3]
    opt = brute_force(distance_matrix(dims, values, 0.0), lo, hi)
    ub = upper_bound(dims, values, ranges=list(zip(lo, hi, strict=True)), unknown=0.0)
    assert opt == pytest.approx(6.0)
    assert ub == pytest.approx(6.0)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), unknown=st.sampled_from([None, 0.5, 0.25]))
def test_bound_lies_on_the_lattice_of_scores(seed: int, unknown: float | None) -> None:
    """Ordinal with R steps: every score, and so the bound, is a multiple of 1/R
    (1/(2R) with ``unknown`` = 0.5 and unknown values, 1/(4R) with 0.25)."""
    rng = np.random.default_rng(seed)
    nc = int(rng.integers(2, 6))
    col = rng.integers(0, nc, 30)
    q = 1
    if unknown is not None:
        col[rng.random(30) < 0.2] = -1
        q = 2 if unknown == 0.5 else 4
    dims = [Dimension("age", "ordinal", nc)]
    ub = upper_bound(dims, col[:, None], ranges=[(6, 8)] * 4, unknown=0.5 if unknown is None else unknown)
    step = (nc - 1) * q
    assert ub * step == pytest.approx(round(ub * step), abs=1e-9)
