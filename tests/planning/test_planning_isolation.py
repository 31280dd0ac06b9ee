""""Don't isolate": nobody the only one of their category at a table, where rules allow."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from planning_helpers import all_assignments, minority_problem, planted_problem, random_dims

from dialogue_app.planning import Dimension, Person, PlanProblem, Table, plan
from dialogue_app.planning.distance import base_distance, distance_matrix, search_distance
from dialogue_app.planning.isolation import IsolationRule, IsolationState, unit_counts
from dialogue_app.planning.rules import compile_problem, core_problem
from dialogue_app.planning.state import State


def _isolated(X: list[np.ndarray], p: np.ndarray, K: int) -> int:
    total = 0
    for x in X:
        t = np.zeros((K, x.shape[1]), dtype=np.int64)
        np.add.at(t, p, x)
        total += int((t == 1).sum())
    return total


@pytest.mark.parametrize("seed", range(40))
def test_isolation_deltas_match_a_recount(seed: int) -> None:
    """Swap and insert deltas equal the change in a full recount, also for units whose
    members have several categories (families) and units with unknown values."""
    rng = np.random.default_rng(seed)
    m, K = int(rng.integers(4, 25)), int(rng.integers(2, 6))
    X = []
    for _ in range(int(rng.integers(1, 3))):
        C = int(rng.integers(1, 5))
        x = np.zeros((m, C), dtype=np.int64)
        for u in range(m):
            for _member in range(int(rng.choice([0, 1, 1, 1, 2, 3]))):
                x[u, rng.integers(0, C)] += 1
        X.append(x)
    rule = IsolationRule(X, beta=1.0)
    p = rng.integers(0, K, m)
    T = rule.tables(p, K)
    base = _isolated(X, p, K)
    U, V = rng.integers(0, m, 60), rng.integers(0, m, 60)
    G = rng.integers(0, K, 60)
    sw, ins = rule.swap_delta(T, p, U, V), rule.insert_delta(T, p, U, G)
    for j in range(60):
        q = p.copy()
        q[U[j]], q[V[j]] = p[V[j]], p[U[j]]
        if p[U[j]] != p[V[j]]:
            assert sw[j] == _isolated(X, q, K) - base
        q = p.copy()
        q[U[j]] = G[j]
        if p[U[j]] != G[j]:
            assert ins[j] == _isolated(X, q, K) - base
    # the matrix form agrees with the pairwise one
    full = rule.swap_delta(T, p, np.arange(m)[:, None], np.arange(m)[None, :])
    assert np.array_equal(full[U, V], sw)


def test_search_state_keeps_the_priced_objective_exact() -> None:
    """Moves applied with their deltas keep State.f equal to diversity minus the price of
    isolation (so the search never mistakes a worse plan for a better one)."""
    problem = planted_problem(11, 5)
    c = compile_problem(problem)
    cp = core_problem(c, search_distance(problem, base_distance(problem))[np.ix_(c.people, c.people)])
    X = unit_counts(problem.dims, np.asarray(problem.values)[c.people], c.unit_of, len(c.units))
    assert X
    cp.iso = IsolationRule(X, beta=1.7)
    res = plan(dataclasses.replace(problem, avoid_isolation=False), seconds=None, max_iterations=1, seed=0)
    st = State(cp, res.assignment[c.people][np.array([u[0] for u in c.units])])
    rng = np.random.default_rng(0)
    applied = 0
    for _ in range(300):
        u, v = (int(x) for x in rng.integers(0, cp.m, 2))
        if rng.random() < 0.5:
            d = st.swap_deltas(np.array([u]), np.array([v]))[0]
            kind, b = 1, v
        else:
            b = int(rng.integers(0, cp.K))
            d = st.insert_deltas(np.array([u]), np.array([b]))[0]
            kind = 0
        if np.isfinite(d):
            st.apply(kind, u, b, float(d))
            applied += 1
    assert applied > 20
    assert st.f == pytest.approx(st.exact_objective())
    assert st.exact_objective() == pytest.approx(st.diversity() - 1.7 * st.isolated())


def test_minorities_sit_together_instead_of_alone() -> None:
    """With "don't isolate" the minority sits in twos; the one person whose category is
    unique stays alone and is reported; without it diversity spreads them one per table."""
    spread = plan(minority_problem(avoid=False), seconds=None, max_iterations=50, seed=1)
    tables_of_1 = spread.assignment[11:15]
    assert len(set(tables_of_1.tolist())) == 4
    kept = plan(minority_problem(avoid=True), seconds=None, max_iterations=50, seed=1)
    assert kept.violations == []
    assert sorted(np.bincount(kept.assignment[11:15], minlength=4).tolist()) == [0, 0, 2, 2]
    assert [person for person, _ in kept.isolated] == [15]
    assert kept.score < spread.score  # the price, in diversity


@pytest.mark.parametrize("seed", range(6))
def test_avoiding_isolation_never_breaks_a_rule(seed: int) -> None:
    """Every rule layer on: the repair and polish keep every hard rule and leave no more
    people alone than the pure diversity plan."""
    problem = planted_problem(seed, 5)
    kept = plan(problem, seconds=None, max_iterations=30, seed=seed)
    assert kept.feasible and kept.violations == []
    spread = plan(dataclasses.replace(problem, avoid_isolation=False), seconds=None, max_iterations=30, seed=seed)
    assert len(kept.isolated) <= len(spread.isolated)


@pytest.mark.parametrize("seed", range(10))
def test_tiny_plans_leave_fewest_alone_then_most_diverse(seed: int) -> None:
    """Enumeration: the plan leaves the fewest people alone that any plan can, and among
    those plans it is the most diverse."""
    rng = np.random.default_rng(100 + seed)
    n = 9
    dims, values = random_dims(rng, n, 3, unknown_rate=0.15)  # dimension 0 is "don't isolate"
    tables = [Table(2, 4), Table(2, 4), Table(3, 3)]
    problem = PlanProblem(tables=tables, people=[Person() for _ in range(n)], dims=dims, values=values,
                          facilitators_required=False, spread_unknowns=False)  # diversity as enumerated
    A = all_assignments(n, [2, 2, 3], [4, 4, 3])
    col = values[:, 0]
    alone = np.zeros(len(A), dtype=np.int64)
    for g in range(len(tables)):
        for c in range(int(col.max()) + 1):
            alone += ((g == A) & (col == c)[None, :]).sum(axis=1) == 1
    same = A[:, :, None] == A[:, None, :]
    scores = (same * np.triu(distance_matrix(dims, values), 1)[None]).sum(axis=(1, 2))
    res = plan(problem, seconds=None, max_iterations=60, seed=seed)
    assert len(res.isolated) == alone.min()
    assert res.score == pytest.approx(scores[alone == alone.min()].max(), abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_cached_deltas_match_the_reference_as_units_move(seed: int) -> None:
    """The search's cached deltas (swap matrices, pairwise swaps, inserts) equal the
    plain recount formulas, before and after a series of moves."""
    rng = np.random.default_rng(seed)
    m, K = int(rng.integers(4, 30)), int(rng.integers(2, 7))
    X = []
    for _ in range(2):
        C = int(rng.integers(1, 6))
        x = np.zeros((m, C), dtype=np.int64)
        for u in range(m):
            for _member in range(int(rng.choice([0, 1, 1, 1, 1, 2, 3]))):
                x[u, rng.integers(0, C)] += 1
        X.append(x)
    rule = IsolationRule(X, beta=1.0)
    p = rng.integers(0, K, m)
    state = IsolationState(rule, p, K)
    for _step in range(8):
        R = rng.choice(m, int(rng.integers(1, m + 1)), replace=False)
        fast = state.swap_matrix(R)
        slow = rule.swap_delta(state.T, p, R[:, None], np.arange(m)[None, :])
        differ = p[R][:, None] != p[None, :]  # same-table swaps are never made
        assert np.array_equal(fast[differ], slow[differ])
        V = rng.choice(m, int(rng.integers(1, m + 1)), replace=False)  # a block, as for facilitators
        assert np.array_equal(state.swap_matrix(R, V)[differ[:, V]], slow[:, V][differ[:, V]])
        tables = np.arange(K)
        moving = p[R][:, None] != tables[None, :]
        assert np.array_equal(state.insert_matrix(R)[moving],
                              rule.insert_delta(state.T, p, R[:, None], tables[None, :])[moving])
        into = p[None, :] != tables[:, None]
        assert np.array_equal(state.insert_into(tables)[into],
                              rule.insert_delta(state.T, p, np.arange(m)[None, :], tables[:, None])[into])
        # move a unit (or swap two) and keep the caches current, as State does
        u, v = (int(a) for a in rng.integers(0, m, 2))
        a, b = int(p[u]), int(p[v])
        if rng.random() < 0.5:
            g = int(rng.integers(0, K))
            state.moved(u, a, g)
            p[u] = g
            state.refresh((a, g))
        elif a != b:
            state.moved(u, a, b)
            state.moved(v, b, a)
            p[u], p[v] = b, a
            state.refresh((a, b))
        assert state.count() == _isolated(X, p, K)


@pytest.mark.parametrize("seed", range(3))
def test_swap_matrix_in_blocks_equals_the_recount_at_event_size(seed: int) -> None:
    """At a 480-person event the swap correction is multiplied in row blocks small enough
    for BLAS to use one thread (``ONE_THREAD_PRODUCT``; several threads cost three quarters
    of a plan's CPU on a busy machine): the blocks still give exactly the recount, so
    plans keep being the same for a seed."""
    from dialogue_app.planning.isolation import ONE_THREAD_PRODUCT

    rng = np.random.default_rng(seed)
    m, K = 440, 64
    X = []
    for C in (7, 5):
        x = np.zeros((m, C), dtype=np.int64)
        for u in range(m):
            for _member in range(int(rng.choice([0, 1, 1, 1, 1, 1, 2, 3]))):
                x[u, rng.integers(0, C)] += 1
        X.append(x)
    rule = IsolationRule(X, beta=1.0)
    p = rng.integers(0, K, m)
    state = IsolationState(rule, p, K)
    R = rng.choice(m, 100, replace=False)
    assert len(R) * state.G.size > 4 * ONE_THREAD_PRODUCT  # several blocks
    slow = rule.swap_delta(state.T, p, R[:, None], np.arange(m)[None, :])
    differ = p[R][:, None] != p[None, :]
    assert np.array_equal(state.swap_matrix(R)[differ], slow[differ])
    V = rng.choice(m, 300, replace=False)
    assert np.array_equal(state.swap_matrix(R, V)[differ[:, V]], slow[:, V][differ[:, V]])


def test_dont_isolate_holds_when_diversity_weights_are_zero() -> None:
    """With every weight at zero (nothing to mix) people are still kept from sitting alone."""
    problem = minority_problem(avoid=True)
    dims = [dataclasses.replace(d, weight=0.0) for d in problem.dims]
    res = plan(dataclasses.replace(problem, dims=dims), seconds=None, max_iterations=20, seed=3)
    assert [person for person, _ in res.isolated] == [15]


@pytest.mark.parametrize("avoid", [True, False])
def test_walk_in_joins_the_table_where_their_group_sits(avoid: bool) -> None:
    """On the day, a walk-in of a group goes where someone of that group sits alone (both
    are then in company) rather than to the table where diversity alone would put them."""
    from dialogue_app.planning import rebalance

    origin = np.array([0, 0, 1, 0, 0, 0, 1])  # person 2 sits alone with origin 1; 6 walks in
    problem = PlanProblem(tables=[Table(3, 4), Table(3, 4)], people=[Person() for _ in range(7)],
                          dims=[Dimension("origin", "nominal", 2, 1.0, dont_isolate=True)],
                          values=origin[:, None], facilitators_required=False, avoid_isolation=avoid)
    current = np.array([0, 0, 0, 1, 1, 1, -1])
    res = rebalance(problem, current)
    assert res.feasible and len(res.moves) == 1
    assert res.assignment[6] == (0 if avoid else 1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_people_alone_at_a_random_seating_match_enumeration(seed: int) -> None:
    """The expected number of people alone with their group at a random seating (what the
    Tables screen compares a plan with) equals the mean over every seating of the sizes."""
    from planning_helpers import all_assignments

    from dialogue_app.planning import random_isolated
    from dialogue_app.planning.report import isolated_people

    rng = np.random.default_rng(seed)
    n_seated = 9
    values = np.stack([rng.integers(0, 3, n_seated + 1), rng.integers(0, 4, n_seated + 1),
                       rng.integers(0, 2, n_seated + 1)], axis=1)
    values[rng.random(values.shape) < 0.15] = -1  # "prefer not to say": never alone
    dims = [Dimension("origin", "nominal", 3, 1.0, dont_isolate=True),
            Dimension("religion", "nominal", 4, 1.0, dont_isolate=True),
            Dimension("gender", "nominal", 2, 1.0)]
    sizes = [4, 3, 2]
    problem = PlanProblem(tables=[Table(s, s) for s in sizes], people=[Person() for _ in range(n_seated + 1)],
                          dims=dims, values=values)
    every = all_assignments(n_seated, sizes, sizes)
    alone = [len({i for i, _ in isolated_people(problem, np.append(a, -1))}) for a in every]
    # the last person is not seated and counts neither way
    plan_now = np.append(every[0], -1)
    assert random_isolated(problem, plan_now) == pytest.approx(float(np.mean(alone)), rel=1e-9)
    assert random_isolated(dataclasses.replace(problem, dims=[dataclasses.replace(d, dont_isolate=False)
                                                              for d in dims]), plan_now) is None
