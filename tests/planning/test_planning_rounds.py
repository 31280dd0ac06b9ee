"""Multi-round planning and on-the-day rebalancing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue_app.planning import (
    Dimension,
    Person,
    PlanProblem,
    Table,
    forced_pairs,
    max_repeat_free_rounds,
    plan,
    plan_rounds,
    rebalance,
    validate,
)


def _problem(n: int, k: int, size: int, seed: int = 0) -> PlanProblem:
    rng = np.random.default_rng(seed)
    dims = [Dimension("a", "nominal", 4), Dimension("b", "ordinal", 5)]
    values = np.stack([rng.integers(0, 4, n), rng.integers(0, 5, n)], axis=1)
    return PlanProblem(tables=[Table(size, size)] * k, people=[Person() for _ in range(n)], dims=dims,
                       values=values, facilitators_required=False)


def test_forced_pairs_follow_the_locks_of_the_plan_at_hand() -> None:
    """Pairs every plan seats together: a keep-together group, and people locked at one
    table; with a plan and its current locks given, those locks count instead."""
    people = [Person(locked_table=0), Person(locked_table=0)] + [Person() for _ in range(6)]
    problem = PlanProblem(tables=[Table(4, 4), Table(4, 4)], people=people, together=[[4, 5]],
                          facilitators_required=False)
    assert forced_pairs(problem) == {(0, 1), (4, 5)}
    a = np.array([0, 0, 0, 1, 1, 1, 0, 1])
    fixed = np.array([True, False, True, False, False, False, True, False])
    assert forced_pairs(problem, a, fixed) == {(0, 2), (0, 6), (2, 6), (4, 5)}


def test_rounds_without_repeats_when_possible() -> None:
    """16 people at 4 tables of 4: 3 rounds without anybody meeting twice (5 are possible)."""
    problem = _problem(16, 4, 4)
    assert max_repeat_free_rounds(16, 4) == 5
    out = plan_rounds(problem, rounds=3, seconds=None, max_iterations=40, seed=1)
    assert out.feasible and out.repeated_pairs == [0, 0, 0]
    assert all(not r.violations for r in out.rounds)
    assert len(out.scores) == 3 and all(s > 0 for s in out.scores)


def test_rounds_repeats_reported_when_unavoidable() -> None:
    """6 people at 2 tables of 3: round 2 must repeat pairs, and the count is reported."""
    out = plan_rounds(_problem(6, 2, 3), rounds=2, seconds=None, max_iterations=10)
    assert out.repeated_pairs[0] == 0 and out.repeated_pairs[1] >= 1


def test_rebalance_fixes_no_shows_and_walk_ins_with_fewest_moves() -> None:
    """After no-shows and walk-ins, rebalance reaches a valid plan with exactly the
    minimal number of moves and never moves a seated person."""
    problem = _problem(24, 4, 6)
    problem = replace(problem, tables=[Table(5, 7)] * 4)
    base = np.repeat(np.arange(4), 6)
    absent = list(np.flatnonzero(base == 0)[:3]) + list(np.flatnonzero(base == 2)[:1])
    n2 = 24 + 1
    people = [Person(attending=i not in absent) for i in range(24)] + [Person()]
    values = np.vstack([problem.values, [[1, 1]]])
    p2 = PlanProblem(tables=problem.tables, people=people, dims=problem.dims, values=values,
                     facilitators_required=False)
    current = np.concatenate([base, [-1]])
    current[absent] = -1
    seated = {i for i in range(24) if base[i] in (2, 3)}
    res = rebalance(p2, current, seated)
    assert res.feasible and validate(p2, res.assignment) == []
    # table 0 lost 3 (now 3, min 5): needs 2 arrivals -> walk-in + 1 pull = 2 moves
    assert len(res.moves) == 2
    assert all(m.person not in seated for m in res.moves)
    assert {m.person for m in res.moves} >= {n2 - 1}


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), walk_ins=st.integers(0, 4), no_shows=st.integers(0, 5))
def test_rebalance_minimal_moves_property(seed, walk_ins, no_shows) -> None:
    """Capacity-only cases: moves == walk-ins + overflow + max(0, shortage - walk-ins -
    overflow) (the lower bound), seated people stay, and every rule holds."""
    rng = np.random.default_rng(seed)
    K = 4
    tables = [Table(int(lo), int(lo) + 2) for lo in rng.integers(3, 5, K)]
    n = sum(t.min_size + 1 for t in tables)
    current = np.concatenate([np.full(t.min_size + 1, g) for g, t in enumerate(tables)])
    # make one table overfull by moving people there
    for i in rng.choice(n, 2, replace=False):
        current[i] = 0
    absent = set(rng.choice(n, no_shows, replace=False).tolist())
    people = [Person(attending=i not in absent) for i in range(n)] + [Person() for _ in range(walk_ins)]
    current = np.concatenate([current, np.full(walk_ins, -1)])
    current[list(absent)] = -1
    total = len(people) - len(absent)
    if not sum(t.min_size for t in tables) <= total <= sum(t.max_size for t in tables):
        return
    dims = [Dimension("a", "nominal", 3)]
    values = rng.integers(0, 3, (len(people), 1))
    problem = PlanProblem(tables=tables, people=people, dims=dims, values=values, facilitators_required=False)
    sizes = np.bincount(current[current >= 0], minlength=K)
    over = int(sum(max(0, s - t.max_size) for s, t in zip(sizes, tables, strict=True)))
    short = int(sum(max(0, t.min_size - s) for s, t in zip(sizes, tables, strict=True)))
    seated = {i for i in range(n) if current[i] == 3 and rng.random() < 0.5}
    res = rebalance(problem, current, seated)
    if not res.feasible:
        # only acceptable when the unseated people cannot cover the shortage
        free = total - len(seated)
        assert free < short or any(r.code == "table_under_capacity" for r in res.infeasibilities)
        return
    assert validate(problem, res.assignment) == []
    assert len(res.moves) == walk_ins + over + max(0, short - walk_ins - over)
    assert all(m.person not in seated for m in res.moves)


def test_rebalance_improve_only_moves_unseated() -> None:
    """Optional improvement spends at most the extra-move budget and never moves seated people."""
    problem = _problem(24, 4, 6)
    problem = replace(problem, tables=[Table(5, 7)] * 4)
    current = np.repeat(np.arange(4), 6)
    seated = set(range(12))
    res = rebalance(problem, current, seated, improve_moves=4)
    assert res.feasible and res.improve_moves <= 4 and res.repair_moves == 0
    assert len(res.moves) <= 4 and all(m.person not in seated for m in res.moves)
    assert plan(problem, seconds=None, max_iterations=1).feasible
