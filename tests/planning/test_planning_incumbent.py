"""Planning again with the stored plan as incumbent never makes the plan worse."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from planning_helpers import minority_problem, planted_problem

from dialogue_app.planning import plan


def test_planning_again_never_makes_the_plan_worse() -> None:
    kept = 0
    for seed in range(6):
        problem = planted_problem(seed, n_tables=6)
        best = plan(problem, seconds=None, max_iterations=150, seed=seed)
        again = plan(problem, seconds=None, max_iterations=1, seed=seed + 50, incumbent=best.assignment)
        assert again.violations == []
        assert again.objective >= best.objective - 1e-6
        if again.kept_incumbent:
            kept += 1
            assert np.array_equal(again.assignment, best.assignment)
            assert again.score == pytest.approx(best.score)
        else:  # a plan as good or better was found: it replaces the incumbent
            assert again.objective >= best.objective - 1e-6
    assert kept >= 1  # a one-iteration search does lose to a 150-iteration plan somewhere


def test_an_incumbent_that_is_incomplete_or_breaks_a_rule_is_not_kept() -> None:
    problem = planted_problem(3, n_tables=6)
    best = plan(problem, seconds=None, max_iterations=150, seed=3)
    # someone not seated
    hole = best.assignment.copy()
    hole[0] = -1
    r = plan(problem, seconds=None, max_iterations=1, seed=9, incumbent=hole)
    assert not r.kept_incumbent and np.all(r.assignment >= 0)
    # someone who has since cancelled is still seated in it
    people = list(problem.people)
    people[0] = dataclasses.replace(people[0], attending=False, locked_table=None, host=None)
    cancelled = dataclasses.replace(problem, people=people,
                                    together=[g for g in problem.together if 0 not in g])
    r = plan(cancelled, seconds=None, max_iterations=1, seed=9, incumbent=best.assignment)
    assert not r.kept_incumbent and r.assignment[0] == -1
    # a table over its capacity
    full = best.assignment.copy()
    over = int(np.argmax([t.max_size for t in problem.tables]))
    movable = [i for i, p in enumerate(problem.people)
               if not p.is_facilitator and p.locked_table is None and full[i] != over]
    full[movable[:3]] = over
    r = plan(problem, seconds=None, max_iterations=1, seed=9, incumbent=full)
    assert not r.kept_incumbent and r.violations == []
    # wrong length (the event changed)
    r = plan(problem, seconds=None, max_iterations=1, seed=9, incumbent=best.assignment[:-1])
    assert not r.kept_incumbent


def test_fewer_people_alone_wins_over_more_diversity() -> None:
    """Pure diversity spreads a minority one per table; with "don't isolate" that plan is
    not kept although its diversity is higher."""
    spread = plan(minority_problem(avoid=False), seconds=None, max_iterations=50, seed=1)
    r = plan(minority_problem(avoid=True), seconds=None, max_iterations=1, seed=2, incumbent=spread.assignment)
    assert not r.kept_incumbent
    assert len(r.isolated) < len(spread.isolated) and r.score < spread.score


@pytest.mark.parametrize("seed", [2, 3, 4])  # events where a descent from scratch ends below the long plan
def test_planning_again_from_the_stored_plan_goes_on_from_it(seed: int) -> None:
    """With the stored plan as ``start`` a short search begins where the long one ended:
    it is at least as good, where a short search from scratch is not."""
    problem = planted_problem(seed, n_tables=6)
    best = plan(problem, seconds=None, max_iterations=150, seed=seed)
    scratch = plan(problem, seconds=None, max_iterations=0, seed=seed + 50)
    again = plan(problem, seconds=None, max_iterations=0, seed=seed + 50, start=best.assignment)
    assert again.violations == [] and not again.kept_incumbent
    assert again.objective >= best.objective - 1e-6
    assert scratch.objective < best.objective - 1e-6  # so the start made the difference


def test_a_start_that_is_incomplete_or_breaks_a_rule_is_ignored() -> None:
    """A stored plan that no longer fits the event (someone unseated, a table over its
    capacity, the wrong length) is not searched from: a fresh start is built instead."""
    problem = planted_problem(3, n_tables=6)
    best = plan(problem, seconds=None, max_iterations=150, seed=3)
    hole = best.assignment.copy()
    hole[0] = -1
    full = best.assignment.copy()
    over = int(np.argmax([t.max_size for t in problem.tables]))
    movable = [i for i, p in enumerate(problem.people)
               if not p.is_facilitator and p.locked_table is None and full[i] != over]
    full[movable[:3]] = over
    fresh = plan(problem, seconds=None, max_iterations=0, seed=9)
    for bad in (hole, full, best.assignment[:-1]):
        r = plan(problem, seconds=None, max_iterations=0, seed=9, start=bad)
        assert r.violations == [] and np.all(r.assignment >= 0)
        assert np.array_equal(r.assignment, fresh.assignment)
