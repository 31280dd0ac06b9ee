"""Optimality on tiny instances: the search reaches brute-force optima."""

from __future__ import annotations

import os

import numpy as np
import pytest
from planning_helpers import MDGPLIB, brute_force, random_dims

from dialogue_app.planning import Dimension, Person, PlanProblem, Table, distance_matrix, plan, solve_matrix

MDGP_OPTIMA = {
    "RanReal_n010_ss_01": 1427.845,
    "RanReal_n012_ss_01": 956.430,
    "RanReal_n012_ds_01": 1050.349,
    "Geo_n012_ss_01": 716.463,
}


@pytest.mark.parametrize("seed", range(6))
def test_solve_matrix_hits_enumerated_optimum(seed: int) -> None:
    """solve_matrix finds the exact optimum (by enumeration) of random 9-element cases,
    with fixed and with ranged group sizes."""
    rng = np.random.default_rng(seed)
    n = 9
    x = rng.random((n, n)) * 10
    d = np.triu(x, 1) + np.triu(x, 1).T
    lo, hi = ([3, 3, 3], [3, 3, 3]) if seed % 2 == 0 else ([2, 2, 3], [4, 4, 4])
    best = brute_force(d, lo, hi)
    out = solve_matrix(d, np.array(lo), np.array(hi), seconds=None, max_iterations=60, seed=seed)
    assert out.objective == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_plan_hits_enumerated_optimum_on_people(seed: int) -> None:
    """plan() on people data (Gower distance, unknown values) reaches the brute-force optimum."""
    rng = np.random.default_rng(100 + seed)
    n = 9
    dims, values = random_dims(rng, n, 3, unknown_rate=0.15)
    tables = [Table(2, 4), Table(2, 4), Table(3, 3)]
    problem = PlanProblem(tables=tables, people=[Person() for _ in range(n)], dims=dims, values=values,
                          facilitators_required=False, avoid_isolation=False,
                          spread_unknowns=False)  # pure diversity
    best = brute_force(distance_matrix(dims, values), [2, 2, 3], [4, 4, 3])
    res = plan(problem, seconds=None, max_iterations=60, seed=seed)
    assert res.feasible and not res.violations
    assert res.score == pytest.approx(best, abs=1e-9)
    assert res.upper_bound >= best - 1e-9


def _skewed_people(seed: int, n: int = 72, size: int = 8) -> PlanProblem:
    """Backgrounds as on a real day: skewed origins and faiths, two ordinal bands, a few
    values each, so that many moves tie (wide plateaus)."""
    rng = np.random.default_rng(seed)
    dims = [Dimension("origin", "nominal", 5), Dimension("faith", "nominal", 4), Dimension("area", "nominal", 6),
            Dimension("age", "ordinal", 6), Dimension("school", "ordinal", 4, 0.75),
            Dimension("gender", "nominal", 2, 0.75)]
    cols = [rng.choice(5, n, p=[0.45, 0.25, 0.15, 0.1, 0.05]), rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1]),
            rng.integers(0, 6, n), rng.choice(6, n, p=[0.12, 0.18, 0.2, 0.2, 0.17, 0.13]), rng.integers(0, 4, n),
            rng.integers(0, 2, n)]
    return PlanProblem(tables=[Table(size, size) for _ in range(n // size)], people=[Person() for _ in range(n)],
                       dims=dims, values=np.stack(cols, axis=1), facilitators_required=False, avoid_isolation=False)


@pytest.mark.parametrize("seed", [0, 3, 6, 7])
def test_plan_proves_optimal_on_skewed_people_data(seed: int) -> None:
    """On 72 people with skewed, few-valued backgrounds a plan exists that reaches the
    upper bound (so it is provably the best); the search finds it within 150 iterations.
    (The plain iterated maxima search, whose random kicks the next descent undoes on
    these plateaus, stayed 0.04–0.1 % short on all four seeds at 150 iterations and on
    three of them after 1,500.)"""
    problem = _skewed_people(seed)
    res = plan(problem, seconds=None, max_iterations=150, seed=seed)
    assert res.feasible and not res.violations
    assert res.score == pytest.approx(res.upper_bound, abs=1e-6)


def _load(path):
    with open(path) as fh:
        head = fh.readline().split()
        n, k = int(head[0]), int(head[1])
        b = np.array([int(x) for x in head[3 : 3 + 2 * k]]).reshape(k, 2)
        data = np.loadtxt(fh, ndmin=2)
    d = np.zeros((n, n))
    i, j = data[:, 0].astype(int), data[:, 1].astype(int)
    d[i, j] = d[j, i] = data[:, 2]
    return d, b[:, 0], b[:, 1]


@pytest.mark.parametrize("name", sorted(MDGP_OPTIMA))
def test_mdgplib_small_optimum(name: str) -> None:
    """The MDGPLIB n <= 12 instances are solved to their known optimum within 0.3 s, for 3 seeds."""
    path = MDGPLIB / f"{name}.txt"
    if not path.exists():
        if os.environ.get("CI"):  # CI has shared/ beside the clone: a missing file is a fault
            pytest.fail(f"MDGPLIB instance missing in CI: {path} (set DIALOGUE_APP_MDGPLIB)")
        pytest.skip(f"MDGPLIB instances not available at {MDGPLIB} (set DIALOGUE_APP_MDGPLIB)")
    d, lo, hi = _load(path)
    for seed in range(3):
        out = solve_matrix(d, lo, hi, seconds=0.3, seed=seed)
        p = out.p
        value = float(np.triu(d * (p[:, None] == p[None, :]), 1).sum())
        assert value == pytest.approx(MDGP_OPTIMA[name], abs=2e-3)
        sizes = np.bincount(p, minlength=len(lo))
        assert np.all((sizes >= lo) & (sizes <= hi))
