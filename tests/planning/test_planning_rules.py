"""Hard rules: property tests on planted feasible problems and infeasibility codes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planning_helpers import planted_problem

from dialogue_app.planning import (
    Dimension,
    Person,
    PlanProblem,
    Table,
    check_feasibility,
    plan,
    validate,
)

LAYERS = ["fac", "lang", "acc", "lock", "host", "apart", "together"]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n_tables=st.integers(2, 6),
       layers=st.sets(st.sampled_from([*LAYERS, "all"]), min_size=1))
def test_feasible_problems_never_break_a_rule(seed, n_tables, layers) -> None:
    """Problems built around a hidden valid plan: plan() succeeds, seats every attending
    person at exactly one table, and the independent validator finds nothing."""
    problem = planted_problem(seed, n_tables, frozenset(layers))
    assert check_feasibility(problem) == []
    res = plan(problem, seconds=None, max_iterations=4, seed=seed)
    assert res.feasible, res.infeasibilities
    assert res.violations == []
    assert validate(problem, res.assignment) == []
    a = res.assignment
    assert a.shape == (problem.n_people,)
    assert np.all((a >= 0) & (a < problem.n_tables))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_absent_people_are_not_seated(seed) -> None:
    """People with attending=False get -1; everybody else stays within the rules."""
    problem = planted_problem(seed, 4, frozenset({"acc", "apart"}))
    rng = np.random.default_rng(seed)
    people = list(problem.people)
    absent = {int(i) for i in rng.choice(len(people), 2, replace=False)}
    people = [Person(needs_accessible=p.needs_accessible, attending=i not in absent) for i, p in enumerate(people)]
    tables = [Table(max(0, t.min_size - 2), t.max_size, accessible=t.accessible) for t in problem.tables]
    problem = PlanProblem(tables=tables, people=people, dims=problem.dims, values=problem.values,
                          apart=problem.apart, facilitators_required=False)
    res = plan(problem, seconds=None, max_iterations=3, seed=seed)
    assert res.feasible and res.violations == []
    assert all(res.assignment[i] == -1 for i in absent)


def _simple(n=12, tables=None, **kw) -> PlanProblem:
    dims = [Dimension("x", "nominal", 3)]
    values = (np.arange(n) % 3).reshape(-1, 1)
    people = kw.pop("people", [Person() for _ in range(n)])
    return PlanProblem(tables=tables or [Table(3, 4)] * 3, people=people, dims=dims, values=values,
                       facilitators_required=kw.pop("facilitators_required", False), **kw)


def _codes(problem: PlanProblem) -> set[str]:
    return {r.code for r in check_feasibility(problem)}


def test_infeasible_capacity() -> None:
    """Too few seats -> capacity_too_small; too many minimum seats -> capacity_too_large."""
    assert "capacity_too_small" in _codes(_simple(n=20))
    assert "capacity_too_large" in _codes(_simple(n=6))


def test_infeasible_facilitators() -> None:
    """A table without a facilitator (too few) and surplus facilitators are both reported."""
    people = [Person(is_facilitator=i < 2) for i in range(12)]
    reasons = check_feasibility(_simple(people=people, facilitators_required=True))
    assert [r.code for r in reasons] == ["too_few_facilitators"]
    assert set(reasons[0].people) == {0, 1}
    people = [Person(is_facilitator=i < 4) for i in range(12)]
    assert "too_many_facilitators" in _codes(_simple(people=people, facilitators_required=True))


def test_infeasible_groups_and_locks() -> None:
    """Oversized together group, apart pair inside a group, apart pair locked together,
    group members locked apart, and an overfull locked table each get their own code."""
    assert "group_too_large" in _codes(_simple(together=[tuple(range(5))]))
    assert "apart_in_group" in _codes(_simple(together=[(0, 1)], apart=[(0, 1)]))
    people = [Person(locked_table=0 if i in (0, 1) else None) for i in range(12)]
    reasons = check_feasibility(_simple(people=people, apart=[(0, 1)]))
    assert [(r.code, r.people, r.tables) for r in reasons] == [("apart_locked_same_table", (0, 1), (0,))]
    people = [Person(locked_table=i if i < 2 else None) for i in range(12)]
    assert "group_locked_apart" in _codes(_simple(people=people, together=[(0, 1)]))
    people = [Person(locked_table=0 if i < 5 else None) for i in range(12)]
    assert "locked_table_full" in _codes(_simple(people=people))


def test_infeasible_accessibility_and_language() -> None:
    """Wheelchair users beyond accessible seats, a locked wheelchair user at a
    non-accessible table, and a person sharing no language are reported."""
    tables = [Table(3, 4, accessible=g == 0) for g in range(3)]
    people = [Person(needs_accessible=i < 5) for i in range(12)]
    reasons = check_feasibility(_simple(tables=tables, people=people))
    assert [r.code for r in reasons] == ["no_accessible_table"]
    assert set(reasons[0].people) == set(range(5)) and reasons[0].tables == (0,)
    # no accessible table at all: the one reason, not also "no table meets every rule" per person
    reasons = check_feasibility(_simple(tables=[Table(3, 4, accessible=False) for _ in range(3)],
                                        people=[Person(needs_accessible=i < 2) for i in range(12)]))
    assert [(r.code, r.people) for r in reasons] == [("no_accessible_table", (0, 1))]
    people = [Person(needs_accessible=i == 0, locked_table=1 if i == 0 else None) for i in range(12)]
    assert "locked_not_allowed" in _codes(_simple(tables=tables, people=people))
    people = [Person(is_facilitator=i < 3, languages=frozenset({"nl"}) if i < 3 else frozenset()) for i in range(12)]
    people[7] = Person(languages=frozenset({"ti"}))
    reasons = check_feasibility(_simple(people=people, facilitators_required=True))
    assert [(r.code, r.people) for r in reasons] == [("no_common_language", (7,))]
    # an interpreter table makes it feasible, and the plan seats person 7 there
    tables = [Table(3, 4), Table(3, 4), Table(3, 4, interpreter=True)]
    problem = _simple(tables=tables, people=people, facilitators_required=True)
    assert check_feasibility(problem) == []
    res = plan(problem, seconds=None, max_iterations=3)
    assert res.feasible and res.violations == [] and res.assignment[7] == 2


def test_infeasible_plans_nothing() -> None:
    """When infeasible, plan() returns feasible=False, the reasons, and seats nobody."""
    res = plan(_simple(n=20), seconds=1)
    assert not res.feasible
    assert res.infeasibilities and np.all(res.assignment == -1)


@pytest.mark.parametrize("seed", range(3))
def test_rules_hold_on_bigger_instance(seed: int) -> None:
    """A 10-table planted instance with all layers: a short timed run keeps every rule
    and keeps facilitators on facilitator seats (exactly the required count per table)."""
    problem = planted_problem(1000 + seed, 10)
    res = plan(problem, seconds=0.5, seed=seed)
    assert res.feasible and res.violations == []
    for g, t in enumerate(problem.tables):
        facs = [i for i, p in enumerate(problem.people) if p.is_facilitator and res.assignment[i] == g]
        assert len(facs) == t.facilitators_needed
