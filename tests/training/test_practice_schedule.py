"""Practice rounds: facilitation turns for everyone and as few repeated pairs as possible."""

from __future__ import annotations

import itertools

import pytest

from dialogue_app.training.schedule import practice_schedule, rounds_needed, table_count


def _pairs(schedule):
    out = []
    for rnd in schedule.rounds:
        for t in rnd:
            out.extend(itertools.combinations(sorted(t.members), 2))
    return out


@pytest.mark.parametrize(("n", "size"), [(9, 3), (16, 4), (12, 3)])
def test_no_pair_meets_twice_when_possible(n, size):
    """With enough trainees for repeat-free rounds (9 in threes, 16 in fours, 12 in threes), no pair meets
    twice and every trainee facilitates at least once."""
    s = practice_schedule(n, size)
    pairs = _pairs(s)
    assert len(pairs) == len(set(pairs))
    assert s.repeated_pairs == 0
    assert min(s.turns(n)) >= 1
    assert s.unfacilitated == ()


@pytest.mark.parametrize(("n", "size"), [(10, 4), (14, 5), (7, 3), (20, 5), (5, 5)])
def test_everyone_facilitates_and_everyone_is_seated_once_per_round(n, size):
    """For awkward numbers too: each round seats every trainee exactly once, each table's facilitator sits at
    that table, and every trainee gets a facilitation turn."""
    s = practice_schedule(n, size)
    assert len(s.rounds) == rounds_needed(n, size)
    for rnd in s.rounds:
        seated = sorted(m for t in rnd for m in t.members)
        assert seated == list(range(n))
        for t in rnd:
            assert t.facilitator in t.members
    assert min(s.turns(n)) >= 1


def test_repeats_only_when_unavoidable_are_the_minimum():
    """12 trainees at 3 tables of 4: in round 2 every table draws 4 people from 3 earlier tables, so each
    table repeats at least one pair (pigeonhole); the schedule repeats exactly that minimum of 3."""
    s = practice_schedule(12, 4, rounds=2)
    assert s.repeated_pairs == 3
    assert min(s.turns(12)) >= 0 and len(s.rounds) == 2


def test_met_before_counts_and_groups_do_not_break_turns():
    """Pairs who met before are avoided in round 1; city groups do not stop anyone facilitating."""
    met = [(0, 1), (2, 3)]
    s = practice_schedule(8, 4, rounds=2, met_before=met, groups=[0, 0, 0, 0, 1, 1, 1, 1])
    for t in s.rounds[0]:
        assert not ({0, 1} <= set(t.members) or {2, 3} <= set(t.members))
    assert table_count(8, 4) == 2


def test_schedule_is_deterministic_for_a_seed():
    """The same seed gives the same schedule."""
    assert practice_schedule(10, 4, seed=3) == practice_schedule(10, 4, seed=3)
