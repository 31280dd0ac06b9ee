"""Practice rounds: every trainee facilitates at least once and sits with as many
different trainees as possible.

How: the planning engine (:func:`dialogue_app.planning.plan_rounds`) plans the groups of
every round so that repeated pairs are avoided whenever possible (each pair that met
before costs far more than any gain in mix); then facilitator turns are given by a
bipartite matching of trainees to (round, table) slots, so that everyone who can get a
turn gets one, and spare slots go to the trainees with the fewest turns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dialogue_app.planning import Person as PlanPerson
from dialogue_app.planning import PlanProblem, Table, pairs_of, plan_rounds


@dataclass(frozen=True)
class PracticeTable:
    members: tuple[int, ...]  # trainee indices, facilitator included
    facilitator: int


@dataclass(frozen=True)
class PracticeSchedule:
    rounds: tuple[tuple[PracticeTable, ...], ...]
    repeated_pairs: int  # pairs that sit together in more than one round (counted once per repeat)
    unfacilitated: tuple[int, ...]  # trainees without a turn (only when there are too few slots)

    def turns(self, n: int) -> list[int]:
        out = [0] * n
        for rnd in self.rounds:
            for t in rnd:
                out[t.facilitator] += 1
        return out


def table_count(n: int, size: int) -> int:
    """Number of practice tables for ``n`` trainees at tables of about ``size``."""
    return max(1, int(n / max(2, size) + 0.5))


def rounds_needed(n: int, size: int) -> int:
    """Rounds needed so that every trainee can facilitate once."""
    return math.ceil(n / table_count(n, size))


def practice_schedule(n: int, size: int = 5, rounds: int | None = None, *, groups: Sequence[int] | None = None,
                      met_before: Sequence[tuple[int, int]] = (), seed: int = 0,
                      should_stop: Callable[[], bool] | None = None, iterations: int = 300) -> PracticeSchedule:
    """Plan practice rounds for ``n`` trainees at tables of about ``size`` (facilitator included).

    ``rounds`` defaults to :func:`rounds_needed`. ``groups`` (one label per trainee, e.g. a
    city) are mixed across tables when it costs no repeats. Deterministic for a seed.
    """
    if n < 2:
        raise ValueError("at least two trainees")
    k = table_count(n, size)
    rounds = rounds or rounds_needed(n, size)
    lo, hi = n // k, math.ceil(n / k)
    tables = [Table(min_size=lo, max_size=hi) for _ in range(k)]
    if groups is not None:
        g = np.asarray(groups)
        distance = (g[:, None] != g[None, :]).astype(float)
    else:
        distance = np.zeros((n, n))
    np.fill_diagonal(distance, 0.0)
    problem = PlanProblem(tables=tables, people=[PlanPerson() for _ in range(n)], distance=distance,
                          met_before=list(met_before), repeat_penalty=float(n * n), facilitators_required=False)
    res = plan_rounds(problem, rounds, seconds=None, seed=seed, max_iterations=iterations, should_stop=should_stop)
    groups_per_round: list[list[list[int]]] = []
    for r in res.rounds:
        a = np.asarray(r.assignment)
        groups_per_round.append([np.flatnonzero(a == t).tolist() for t in range(k)])
    facilitators = _assign_turns(n, groups_per_round)
    seen: set[tuple[int, int]] = {(min(a, b), max(a, b)) for a, b in met_before}
    repeats = 0
    for r in res.rounds:
        pairs = pairs_of(r.assignment)
        repeats += len(pairs & seen)
        seen |= pairs
    out_rounds = tuple(
        tuple(PracticeTable(tuple(members), facilitators[(ri, ti)]) for ti, members in enumerate(rnd) if members)
        for ri, rnd in enumerate(groups_per_round)
    )
    got = {f for f in facilitators.values()}
    return PracticeSchedule(out_rounds, repeats, tuple(i for i in range(n) if i not in got))


def _assign_turns(n: int, groups: list[list[list[int]]]) -> dict[tuple[int, int], int]:
    """Facilitator per (round, table): a maximum matching of trainees to slots (Kuhn's
    augmenting paths), then the remaining slots to the members with the fewest turns."""
    slots = [(r, t) for r, rnd in enumerate(groups) for t, members in enumerate(rnd) if members]
    of_person: dict[int, list[int]] = {i: [] for i in range(n)}
    for si, (r, t) in enumerate(slots):
        for p in groups[r][t]:
            of_person[p].append(si)
    owner: dict[int, int] = {}

    def augment(p: int, visited: set[int]) -> bool:
        for si in of_person[p]:
            if si in visited:
                continue
            visited.add(si)
            if si not in owner or augment(owner[si], visited):
                owner[si] = p
                return True
        return False

    for p in range(n):
        augment(p, set())
    turns = [0] * n
    for p in owner.values():
        turns[p] += 1
    out: dict[tuple[int, int], int] = {}
    for si, (r, t) in enumerate(slots):
        if si in owner:
            out[(r, t)] = owner[si]
        else:
            p = min(groups[r][t], key=lambda q: (turns[q], q))
            turns[p] += 1
            out[(r, t)] = p
    return out
