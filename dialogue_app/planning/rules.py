"""Compile a ``PlanProblem`` into units and masks for the core search (the start is built
by :mod:`.construct`).

Only attending people take part. Units glue keep-together groups and hosts with their
invited guests (union-find). A unit is locked when one of its members is locked.
Facilitator units (containing a facilitator) only swap with facilitator units of the
same facilitator count, so each table keeps exactly its number of facilitators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import PlanProblem
from .unitproblem import CoreProblem, FacilitatorHooks, Placed


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def language_matrix(problem: PlanProblem) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(people x languages) and (tables x languages) bool matrices."""
    langs = sorted({x for p in problem.people for x in p.languages} | {x for t in problem.tables for x in t.languages})
    index = {x: k for k, x in enumerate(langs)}
    PL = np.zeros((problem.n_people, len(langs)), dtype=bool)
    for i, person in enumerate(problem.people):
        for x in person.languages:
            PL[i, index[x]] = True
    TL = np.zeros((problem.n_tables, len(langs)), dtype=bool)
    for g, table in enumerate(problem.tables):
        for x in table.languages:
            TL[g, index[x]] = True
    return PL, TL, langs


@dataclass
class Compiled:
    """A problem reduced to units (indices refer to attending people, ``people[k]``)."""

    people: np.ndarray  # original indices of attending people
    local: dict[int, int]  # original index -> local index
    unit_of: np.ndarray  # local person -> unit
    units: list[np.ndarray]  # unit -> local people
    w: np.ndarray
    fc: np.ndarray  # facilitators per unit (0 when the rule is off)
    lock: np.ndarray  # unit -> table or -1 (or -2 when members are locked to different tables)
    allowed: np.ndarray  # (m, K) static mask
    conflict: np.ndarray | None
    need: np.ndarray  # facilitator seats per table
    lo: np.ndarray
    hi: np.ndarray
    PL: np.ndarray  # (n_local, L)
    TL: np.ndarray
    interp: np.ndarray
    fac_person: np.ndarray  # local bool
    lang_rule: bool


def compile_problem(problem: PlanProblem) -> Compiled:
    """Units, masks and rule data of the attending people."""
    n, K = problem.n_people, problem.n_tables
    people = np.array([i for i in range(n) if problem.people[i].attending], dtype=np.int64)
    local = {int(i): k for k, i in enumerate(people)}
    nl = len(people)
    uf = UnionFind(nl)
    for group in problem.together:
        grouped = [local[i] for i in group if i in local]
        for a in grouped[1:]:
            uf.union(grouped[0], a)
    for i in people:
        host = problem.people[i].host
        if host is not None and host in local:
            uf.union(local[int(i)], local[host])
    roots = np.array([uf.find(k) for k in range(nl)], dtype=np.int64)
    uniq, unit_of = np.unique(roots, return_inverse=True) if nl else (np.zeros(0, int), np.zeros(0, int))
    m = len(uniq)
    units = [np.flatnonzero(unit_of == u) for u in range(m)] if m else []
    w = np.array([len(x) for x in units], dtype=np.int64)
    fac_rule = problem.facilitators_required
    fac_person = np.array([fac_rule and problem.people[i].is_facilitator for i in people], dtype=bool)
    fc = np.array([int(fac_person[x].sum()) for x in units], dtype=np.int64)
    lock = np.full(m, -1, dtype=np.int64)
    allowed = np.ones((m, K), dtype=bool)
    acc = np.array([t.accessible for t in problem.tables], dtype=bool)
    PL_all, TL, _ = language_matrix(problem)
    PL = PL_all[people] if nl else np.zeros((0, PL_all.shape[1]), dtype=bool)
    interp = np.array([t.interpreter for t in problem.tables], dtype=bool)
    for u, members in enumerate(units):
        locks = {t for k in members if (t := problem.people[int(people[k])].locked_table) is not None}
        if len(locks) == 1:
            lock[u] = locks.pop()
            allowed[u] = False
            if 0 <= lock[u] < K:
                allowed[u, lock[u]] = True
        elif len(locks) > 1:
            lock[u] = -2
            allowed[u] = False
        if any(problem.people[int(people[k])].needs_accessible for k in members):
            allowed[u] &= acc
        if not fac_rule:
            # language served only by the table itself
            for k in members:
                if PL[k].any():
                    allowed[u] &= interp | (TL & PL[k][None, :]).any(axis=1)
    conflict = _conflicts(problem, local, unit_of, m)
    need = np.array([t.facilitators_needed if fac_rule else 0 for t in problem.tables], dtype=np.int64)
    lo = np.array([t.min_size for t in problem.tables], dtype=np.int64)
    hi = np.array([t.max_size for t in problem.tables], dtype=np.int64)
    lang_rule = fac_rule and bool(PL.any())
    return Compiled(people, local, unit_of, units, w, fc, lock, allowed, conflict, need, lo, hi, PL, TL,
                    interp, fac_person, lang_rule)


def _conflicts(problem: PlanProblem, local: dict[int, int], unit_of: np.ndarray, m: int) -> np.ndarray | None:
    """The (m, m) keep-apart matrix of the units (None when no pair applies)."""
    if not problem.apart:
        return None
    conflict = np.zeros((m, m), dtype=np.float64)
    for a, b in problem.apart:
        if a in local and b in local:
            ua, ub = unit_of[local[a]], unit_of[local[b]]
            if ua != ub:
                conflict[ua, ub] = conflict[ub, ua] = 1.0
    return conflict if conflict.any() else None


class LanguageHooks(FacilitatorHooks):
    """Language rule: everyone shares a language with a facilitator at the table (or the
    table serves the language itself, or has an interpreter)."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.fac_units = np.flatnonzero(c.fc > 0)
        self.has_lang: np.ndarray = c.PL.any(axis=1)  # type: ignore[assignment]  # NumPy stubs: any(axis=1) of a 2-D array is an array
        m, L = len(c.units), c.PL.shape[1]
        self.FL = np.zeros((m, L), dtype=bool)  # languages of the facilitators in each unit
        for u in self.fac_units:
            members = c.units[u]
            self.FL[u] = c.PL[members[c.fac_person[members]]].any(axis=0)

    def served(self, p: np.ndarray, g: int, swap: tuple[int, int] | None = None) -> np.ndarray:
        """Languages served at table g (optionally as if fac units swap[0] and swap[1] swapped)."""
        fu = self.fac_units
        pf = p[fu]
        if swap is not None:
            u, v = swap
            pf = np.where(fu == u, p[v], np.where(fu == v, p[u], pf))
        return self.c.TL[g] | self.FL[fu[pf == g]].any(axis=0)

    def person_ok(self, served: np.ndarray, g: int, people: np.ndarray | None = None) -> np.ndarray:
        """Bool per person (all, or the given local indices): served at table g."""
        c = self.c
        idx = slice(None) if people is None else people
        if c.interp[g]:
            return np.ones(len(c.unit_of) if people is None else len(people), dtype=bool)
        return ~self.has_lang[idx] | c.fac_person[idx] | (c.PL[idx] & served[None, :]).any(axis=1)

    def dynamic_column(self, state: Placed, g: int) -> np.ndarray | None:
        if not self.c.lang_rule:
            return None
        ok = self.person_ok(self.served(state.p, g), g)
        bad = np.bincount(self.c.unit_of, weights=~ok, minlength=len(self.c.units))
        return bad < 0.5

    def swap_ok(self, state: Placed, u: int, v: int) -> bool:
        c = self.c
        if c.fc[u] != c.fc[v]:
            return False
        if not c.lang_rule:
            return True
        pu_person = state.p[c.unit_of]
        a, b = state.p[u], state.p[v]
        for g, gone, come in ((a, u, v), (b, v, u)):
            at = np.flatnonzero((pu_person == g) & (c.unit_of != gone) | (c.unit_of == come))
            if not self.person_ok(self.served(state.p, g, (u, v)), g, at).all():
                return False
        return True


def core_problem(c: Compiled, D: np.ndarray) -> CoreProblem:
    """Unit-level core problem; ``D`` is the person-level (local) search distance."""
    m = len(c.units)
    nl = len(c.unit_of)
    # unit distance: P^T D P with zero diagonal; constant = pairs inside units
    order = np.argsort(c.unit_of, kind="stable")
    starts = np.concatenate(([0], np.cumsum(c.w)[:-1])) if m else np.zeros(0, dtype=np.int64)
    if m == nl:
        DU = D.copy()
        constant = 0.0
    else:
        rows = np.add.reduceat(D[order], starts, axis=0) if m else np.zeros((0, nl))
        DU = np.add.reduceat(rows[:, order], starts, axis=1) if m else np.zeros((0, 0))
        constant = 0.5 * float(np.trace(DU))
    DU = np.array(DU, dtype=np.float64)
    np.fill_diagonal(DU, 0.0)
    movable = (c.fc == 0) & (c.lock == -1)
    fac_units = np.flatnonzero((c.fc > 0) & (c.lock == -1))
    hooks = LanguageHooks(c) if c.lang_rule or len(fac_units) else None
    return CoreProblem(
        D=DU, lo=c.lo, hi=c.hi, w=c.w, movable=movable, allowed=c.allowed, conflict=c.conflict,
        fac_units=fac_units, hooks=hooks, constant=constant,
    )
