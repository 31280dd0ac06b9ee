"""Re-planning on the day: fix tables after no-shows and walk-ins with the fewest moves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .distance import base_distance, search_distance
from .feasibility import check_feasibility
from .isolation import IsolationRule, unit_counts
from .model import Infeasibility, Move, PlanProblem, Violation
from .rules import Compiled, LanguageHooks, compile_problem, core_problem
from .state import State
from .unitproblem import Positions
from .validate import validate


@dataclass
class RebalanceResult:
    """Moves to apply (in order), the resulting assignment and what (if anything) failed."""

    moves: list[Move]
    assignment: np.ndarray
    feasible: bool
    infeasibilities: list[Infeasibility] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    repair_moves: int = 0
    improve_moves: int = 0


def rebalance(
    problem: PlanProblem,
    current: np.ndarray,
    seated: Iterable[int] = (),
    improve_moves: int = 0,
) -> RebalanceResult:
    """Repair ``current`` so every hard rule holds, moving as few people as possible.

    ``problem`` describes who is here now (no-shows: ``attending=False``; walk-ins:
    ``attending=True`` with ``current[i] == -1``). People in ``seated`` never move.
    Walk-ins are seated first where a table is short, then overfull tables send people
    to short tables (or tables with room), then short tables take people from tables
    above their minimum; ties are broken by diversity gain. With ``improve_moves > 0``
    up to that many extra moves (a swap counts as two) raise diversity among unseated
    people. With "don't isolate" dimensions (and ``problem.avoid_isolation``) every choice
    of table first avoids leaving someone alone with their group; the number of moves
    stays the fewest. Returns the moves; nothing is moved when it fails.
    """
    cur = np.asarray(current, dtype=np.int64).copy()
    n, K = problem.n_people, problem.n_tables
    none = RebalanceResult([], cur, False)
    reasons = check_feasibility(problem)
    if reasons:
        none.infeasibilities = reasons
        return none
    seated_set = {int(i) for i in seated}
    c = compile_problem(problem)
    m = len(c.units)
    orig = c.people
    D = search_distance(problem, base_distance(problem))[np.ix_(orig, orig)]
    # unit positions: majority of members' current tables (-1 if none)
    p = np.full(m, -1, dtype=np.int64)
    fixed = np.zeros(m, dtype=bool)
    u: int | np.integer  # a unit: from range() or from NumPy index arrays below
    for u, members in enumerate(c.units):
        tabs = cur[orig[members]]
        tabs = tabs[(tabs >= 0) & (tabs < K)]
        if len(tabs):
            vals, cnt = np.unique(tabs, return_counts=True)
            p[u] = int(vals[np.argmax(cnt)])
        fixed[u] = any(int(orig[k]) in seated_set for k in members)
    hooks = LanguageHooks(c)

    st = Positions(p)

    def sizes() -> np.ndarray:
        return np.bincount(p[p >= 0], weights=c.w[p >= 0], minlength=K).astype(np.int64)

    def facs() -> np.ndarray:
        return np.bincount(p[p >= 0], weights=c.fc[p >= 0], minlength=K).astype(np.int64)

    def conflict_free(u: int | np.integer, g: int) -> bool:
        if c.conflict is None:
            return True
        others = np.flatnonzero((p == g) & (np.arange(m) != u))
        return not c.conflict[u, others].any()

    def lang_ok(u: int | np.integer, g: int) -> bool:
        if not c.lang_rule:
            return True
        saved = p[u]
        p[u] = g
        col = hooks.dynamic_column(st, g)
        p[u] = saved
        return bool(col[u]) if col is not None else True

    def fits(u: int | np.integer, g: int, s: np.ndarray) -> bool:
        return bool(c.allowed[u, g]) and s[g] + c.w[u] <= c.hi[g] and conflict_free(u, g) and lang_ok(u, g)

    X = [] if problem.values is None or not problem.avoid_isolation else unit_counts(
        problem.dims, np.asarray(problem.values)[orig], c.unit_of, m)
    top = float(np.abs(D).max()) if D.size else 0.0
    beta = 4.0 * top if top > 0 else 1.0  # as in the planner: nobody alone first, then diversity

    def alone_with(u: int | np.integer, g: int) -> int:
        """People alone with their group at table g with u there, minus without u."""
        members = np.flatnonzero((p == g) & (np.arange(m) != u))
        out = 0
        for x in X:
            t = x[members].sum(axis=0)
            with_u = t + x[u]
            out += int((with_u == 1).sum() - (t == 1).sum())
        return out

    def gain(u: int | np.integer, g: int) -> float:
        members = np.flatnonzero(p == g)
        members = members[members != u]
        rows = c.units[u]
        cols = np.concatenate([c.units[v] for v in members]) if len(members) else np.zeros(0, dtype=np.int64)
        div = float(D[np.ix_(rows, cols)].sum()) if len(cols) else 0.0
        return div - beta * alone_with(u, g) if X else div

    failed: list[Infeasibility] = []

    def relocate(u: int | np.integer, targets: np.ndarray) -> bool:
        s = sizes()
        if p[u] >= 0:
            s[p[u]] -= c.w[u]
        cand = [g for g in targets if g != p[u] and fits(u, int(g), s)]
        if not cand:
            return False
        best = max(cand, key=lambda g: (gain(u, int(g)), -int(g)))
        p[u] = int(best)
        return True

    # 1. units that are placed but break a rule where they sit (and may move) are unplaced
    for u in range(m):
        if p[u] >= 0 and not fixed[u]:
            g = p[u]
            p[u] = -1
            ok = c.allowed[u, g] and conflict_free(u, g) and lang_ok(u, g)
            p[u] = g if ok else -1
    # 2. facilitator seats: unplaced facilitator units go where seats are missing
    for u in sorted(np.flatnonzero((p < 0) & (c.fc > 0)), key=lambda u: -c.fc[u]):
        lacking = np.flatnonzero(facs() + c.fc[u] <= c.need)
        if not relocate(u, lacking):
            failed.append(Infeasibility("no_facilitator_seat", people=tuple(int(orig[k]) for k in c.units[u])))
    # 3. walk-ins / unplaced regular units: short tables first, then any table with room
    todo = sorted(np.flatnonzero((p < 0) & (c.fc == 0)), key=lambda u: (-c.w[u], c.allowed[u].sum()))
    for u in todo:
        s = sizes()
        short = np.flatnonzero(s < c.lo)
        if not relocate(u, short) and not relocate(u, np.arange(K)):
            failed.append(Infeasibility("no_room", people=tuple(int(orig[k]) for k in c.units[u])))
    movable = ~fixed & (c.fc == 0) & (c.lock < 0)
    # 4. overfull tables shed people, preferring short tables as destinations
    for g in range(K):
        guard = 0
        while sizes()[g] > c.hi[g] and guard < m:
            guard += 1
            s = sizes()
            cands = [u for u in np.flatnonzero((p == g) & movable) if s[g] - c.w[u] >= min(c.lo[g], s[g] - 1)]
            cands.sort(key=lambda u: (abs(int(s[g] - c.hi[g] - c.w[u])), c.w[u]))
            moved = False
            for u in cands:
                short = np.flatnonzero((s < c.lo) & (np.arange(K) != g))
                if relocate(u, short) or relocate(u, np.flatnonzero(np.arange(K) != g)):
                    moved = True
                    break
            if not moved:
                failed.append(Infeasibility("table_over_capacity", tables=(g,)))
                break
    # 5. short tables pull people from tables above their minimum
    for g in range(K):
        guard = 0
        while sizes()[g] < c.lo[g] and guard < m:
            guard += 1
            s = sizes()
            donors = [u for u in np.flatnonzero(movable & (p >= 0) & (p != g))
                      if s[p[u]] - c.w[u] >= c.lo[p[u]] and fits(u, g, s)]
            if not donors:
                failed.append(Infeasibility("table_under_capacity", tables=(g,)))
                break
            surplus = {u: int(s[p[u]] - c.lo[p[u]]) for u in donors}
            u = max(donors, key=lambda u: (surplus[u], gain(u, g) - gain(u, int(p[u])), -u))
            p[u] = g
    if failed:
        return RebalanceResult([], cur, False, infeasibilities=failed)
    repair_assignment = np.full(n, -1, dtype=np.int64)
    repair_assignment[orig] = p[c.unit_of]
    n_repair = int(sum(1 for i in orig if repair_assignment[i] != cur[i]))
    n_improve = 0
    if improve_moves > 0:
        p, n_improve = _improve(c, D, p, movable, improve_moves, IsolationRule(X, beta) if X else None)
    assignment = np.full(n, -1, dtype=np.int64)
    assignment[orig] = p[c.unit_of]
    moves = [Move(int(i), int(cur[i]), int(assignment[i])) for i in orig if assignment[i] != cur[i]]
    violations = validate(problem, assignment)
    return RebalanceResult(moves, assignment, not violations, violations=violations,
                           repair_moves=n_repair, improve_moves=n_improve)


def _improve(c: Compiled, D: np.ndarray, p: np.ndarray, movable: np.ndarray, budget: int,
             iso: IsolationRule | None = None) -> tuple[np.ndarray, int]:
    """Greedy best-improvement swaps/inserts among movable units, spending at most
    ``budget`` person moves; keeps every hard rule via the core state masks (and prices
    people alone with their group like the planner when ``iso`` is given)."""
    cp = core_problem(c, D)
    cp.iso = iso
    cp.movable = movable & cp.movable
    cp.mov_idx = np.flatnonzero(cp.movable)
    cp.blocked = np.flatnonzero(~cp.movable)
    cp.fac_units = np.zeros(0, dtype=np.int64)
    if len(cp.mov_idx) < 1:
        return p, 0
    st = State(cp, p)
    used = 0
    while True:
        delta, kind, a, b = st.best_in_chunk(cp.mov_idx)
        cost = int(c.w[a]) if kind == 0 else int(c.w[a] + c.w[b])
        if delta <= cp.eps or used + cost > budget:
            break
        st.apply(kind, a, b, delta)
        used += cost
    return st.p.copy(), used
