"""Practice rounds: every trainee facilitates at least once and sits with as many
different trainees as possible.

How: the planning engine (:func:`dialogue_app.planning.plan_rounds`) plans the groups of
every round so that repeated pairs are avoided whenever possible (each pair that met
before costs far more than any gain in mix); then facilitator turns are given by a
bipartite matching of trainees to (round, table) slots, so that everyone who can get a
turn gets one, and spare slots go to the trainees with the fewest turns.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dialogue_app.planning import Person as PlanPerson
from dialogue_app.planning import PlanProblem, Table, plan_rounds


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
                      should_stop: Callable[[], bool] | None = None, iterations: int = 300,
                      attempts: int = 4) -> PracticeSchedule:
    """Plan practice rounds for ``n`` trainees at tables of about ``size`` (facilitator included).

    ``rounds`` defaults to :func:`rounds_needed`. ``groups`` (one label per trainee, e.g. a
    city) are mixed across tables when it costs no repeats. Rounds are planned one after the
    other, so an early round can block a later one: up to ``attempts`` seeds are tried and the
    schedule with the fewest repeated pairs (then the fewest trainees without a turn) is kept;
    the search stops at the first one without repeats. Deterministic for a seed.
    """
    if n < 2:
        raise ValueError("at least two trainees")
    best: PracticeSchedule | None = None
    for k in range(max(1, attempts)):
        s = _schedule_once(n, size, rounds, groups, met_before, seed + 101 * k, should_stop, iterations)
        if best is None or (s.repeated_pairs, len(s.unfacilitated)) < (best.repeated_pairs, len(best.unfacilitated)):
            best = s
        if best.repeated_pairs <= _repeat_bound(n, best, met_before) and not best.unfacilitated:
            break
        if should_stop is not None and should_stop():
            break
    assert best is not None  # at least one attempt
    return best


def _repeat_bound(n: int, schedule: PracticeSchedule, met_before: Sequence[tuple[int, int]]) -> int:
    """A lower bound on repeated pairs: seats beside each other beyond the pairs still unmet."""
    slots = sum(len(t.members) * (len(t.members) - 1) // 2 for rnd in schedule.rounds for t in rnd)
    met = len({(min(a, b), max(a, b)) for a, b in met_before})
    return max(0, slots - (n * (n - 1) // 2 - met))


def _schedule_once(n: int, size: int, rounds: int | None, groups: Sequence[int] | None,
                   met_before: Sequence[tuple[int, int]], seed: int, should_stop: Callable[[], bool] | None,
                   iterations: int) -> PracticeSchedule:
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
    # Rounds were planned one after the other; a joint repair of all rounds removes repeats
    # that an early choice forced on a later round (e.g. 16 trainees in fours, round 4).
    _repair(n, groups_per_round, met_before, random.Random(seed), should_stop)
    facilitators = _assign_turns(n, groups_per_round)
    seen: set[tuple[int, int]] = {(min(a, b), max(a, b)) for a, b in met_before}
    repeats = 0
    for rnd in groups_per_round:
        pairs = {(min(x, y), max(x, y)) for members in rnd for x, y in itertools.combinations(members, 2)}
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


def _meeting_counts(n: int, groups: list[list[list[int]]], met_before: Sequence[tuple[int, int]]) -> list[list[int]]:
    """How often each two people meet: before, and at the tables of ``groups``."""
    count = [[0] * n for _ in range(n)]
    for a, b in met_before:
        count[a][b] += 1
        count[b][a] += 1
    for rnd in groups:
        for members in rnd:
            for x, y in itertools.combinations(members, 2):
                count[x][y] += 1
                count[y][x] += 1
    return count


def _swap_delta(count: list[list[int]], a: int, b: int, a_members: list[int], b_members: list[int]) -> int:
    """The change in repeated meetings when ``a`` (at ``a_members``) and ``b`` (at ``b_members``) swap."""
    delta = 0
    for q in a_members:
        if q != a:
            delta += (count[b][q] >= 1) - (count[a][q] >= 2)
    for q in b_members:
        if q != b:
            delta += (count[a][q] >= 1) - (count[b][q] >= 2)
    return delta


def _swap(count: list[list[int]], a: int, b: int, a_members: list[int], b_members: list[int]) -> None:
    """Swap ``a`` and ``b`` between their tables (in place), keeping ``count`` up to date."""
    for q in a_members:
        if q != a:
            count[a][q] -= 1
            count[q][a] -= 1
            count[b][q] += 1
            count[q][b] += 1
    for q in b_members:
        if q != b:
            count[b][q] -= 1
            count[q][b] -= 1
            count[a][q] += 1
            count[q][a] += 1
    a_members[a_members.index(a)] = b
    b_members[b_members.index(b)] = a


def _repair(n: int, groups: list[list[list[int]]], met_before: Sequence[tuple[int, int]], rng: random.Random,
            should_stop: Callable[[], bool] | None, max_steps: int = 20000) -> int:
    """Swap people between tables of the same round to remove repeated pairs across all rounds
    (in place). Cost: for every pair, the meetings beyond the first. Sideways moves are taken
    and a worse move now and then (annealing), so plateaus are crossed. Returns the cost."""
    count = _meeting_counts(n, groups, met_before)

    def cost() -> int:
        return sum(max(0, count[x][y] - 1) for x in range(n) for y in range(x + 1, n))

    def conflicted(members: list[int], p: int) -> bool:
        return any(count[p][q] > 1 for q in members if q != p)

    current = cost()
    rounds = [r for r, rnd in enumerate(groups) if sum(1 for m in rnd if m) > 1]
    if current == 0 or not rounds:
        return current
    best = current
    best_groups = [[list(m) for m in rnd] for rnd in groups]
    temperature = 0.6
    for step in range(max_steps):
        if step % 2000 == 0 and should_stop is not None and should_stop():
            break
        r = rng.choice(rounds)
        rnd = groups[r]
        tables = [t for t, m in enumerate(rnd) if m]
        ta, tb = rng.sample(tables, 2)
        a_members, b_members = rnd[ta], rnd[tb]
        cands = [p for p in a_members if conflicted(a_members, p)] or a_members
        a = rng.choice(cands)
        b = rng.choice(b_members)
        delta = _swap_delta(count, a, b, a_members, b_members)
        if delta > 0 and rng.random() >= math.exp(-delta / temperature):
            continue
        _swap(count, a, b, a_members, b_members)
        current += delta
        if current < best:
            best = current
            best_groups = [[list(m) for m in rd] for rd in groups]
            if best == 0:
                break
    for r, rnd in enumerate(best_groups):
        groups[r] = rnd
    return best
