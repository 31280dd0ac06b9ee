"""The tabu walk's table of every move stays equal to a fresh evaluation, move after move."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from planning_helpers import planted_problem

from dialogue_app.planning import plan, validate
from dialogue_app.planning.construct import construct
from dialogue_app.planning.core import Searcher, SearchParams
from dialogue_app.planning.distance import base_distance, search_distance
from dialogue_app.planning.isolation import IsolationRule, unit_counts
from dialogue_app.planning.movetable import MoveTable
from dialogue_app.planning.rules import compile_problem, core_problem
from dialogue_app.planning.state import State

#: evaluation blocks of a few units, so that even these small problems use the table
SMALL_BLOCKS = SearchParams(chunk_elems=200)


def _walk(seed: int, isolation: bool, steps: int = 400) -> tuple[Searcher, State]:
    problem = planted_problem(seed, 8)
    c = compile_problem(problem)
    cp = core_problem(c, search_distance(problem, base_distance(problem))[np.ix_(c.people, c.people)])
    if isolation:
        X = unit_counts(problem.dims, np.asarray(problem.values)[c.people], c.unit_of, len(c.units))
        cp.iso = IsolationRule(X, beta=1.3)
    rng = np.random.default_rng(seed)
    p0 = construct(c, cp, rng)
    assert p0 is not None
    st = State(cp, p0)
    sr = Searcher(st, rng, SMALL_BLOCKS)
    assert sr.table is not None, "the problem is too small to use the table"
    sr.descent()
    best = st.f
    for _ in range(steps):
        if not sr.weak(best):
            break
        best = max(best, st.f)
    return sr, st


@pytest.mark.parametrize("isolation", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_table_matches_a_fresh_evaluation_after_a_walk(seed: int, isolation: bool) -> None:
    """After hundreds of steps (swaps, inserts, facilitator swaps that change which
    languages a table serves), every swap and insert delta in the table, and which of
    them are tabu, equals what a full re-evaluation of the plan gives."""
    sr, st = _walk(seed, isolation)
    table = sr.table
    assert table.current() and sr.step > 50
    tabu = sr.until > sr.step
    fresh = MoveTable(st)
    fresh.rebuild(tabu, 3)
    for mine, theirs in ((table.S, fresh.S), (table.St, fresh.St), (table.I, fresh.I), (table.It, fresh.It)):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-9)
    # and the deltas are true: applying the best valid swap changes the objective by it
    k = int(np.argmax(table.S))
    u, v = divmod(k, st.cp.m)
    before = st.exact_objective()
    st.swap(u, v, float(table.S[u, v]))
    assert st.exact_objective() - before == pytest.approx(float(table.S[u, v]), abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_plans_made_with_the_table_keep_every_rule(seed: int) -> None:
    problem = planted_problem(100 + seed, 8)
    for avoid in (False, True):
        res = plan(dataclasses.replace(problem, avoid_isolation=avoid), seconds=None, max_iterations=60,
                   seed=seed, params=SMALL_BLOCKS)
        assert res.feasible
        assert validate(problem, res.assignment) == []
        assert (res.assignment >= 0).all()
