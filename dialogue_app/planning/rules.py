"""Compile a ``PlanProblem`` into units and masks for the core search; build a start.

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
        members = [local[i] for i in group if i in local]
        for a in members[1:]:
            uf.union(members[0], a)
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
        locks = {problem.people[int(people[k])].locked_table for k in members} - {None}
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
    conflict = None
    if problem.apart:
        conflict = np.zeros((m, m), dtype=np.float64)
        for a, b in problem.apart:
            if a in local and b in local:
                ua, ub = unit_of[local[a]], unit_of[local[b]]
                if ua != ub:
                    conflict[ua, ub] = conflict[ub, ua] = 1.0
        if not conflict.any():
            conflict = None
    need = np.array([t.facilitators_needed if fac_rule else 0 for t in problem.tables], dtype=np.int64)
    lo = np.array([t.min_size for t in problem.tables], dtype=np.int64)
    hi = np.array([t.max_size for t in problem.tables], dtype=np.int64)
    lang_rule = fac_rule and bool(PL.any())
    return Compiled(people, local, unit_of, units, w, fc, lock, allowed, conflict, need, lo, hi, PL, TL,
                    interp, fac_person, lang_rule)


class LanguageHooks(FacilitatorHooks):
    """Language rule: everyone shares a language with a facilitator at the table (or the
    table serves the language itself, or has an interpreter)."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.fac_units = np.flatnonzero(c.fc > 0)
        self.has_lang = c.PL.any(axis=1)
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


def construct(c: Compiled, cp: CoreProblem, rng: np.random.Generator, attempts: int = 40) -> np.ndarray | None:
    """A feasible unit assignment built greedily with repair, or None after ``attempts``."""
    LAST_FAILURE.clear()
    for _ in range(attempts):
        p = _construct_once(c, cp, rng)
        if p is not None:
            return p
    return None


LAST_FAILURE: list[str] = []
"""Where the attempts of the latest ``construct`` call failed (diagnostics only)."""


def _fail(where: str) -> None:
    LAST_FAILURE.append(where)
    return None


def _construct_once(c: Compiled, cp: CoreProblem, rng: np.random.Generator) -> np.ndarray | None:
    m, K = len(c.units), len(c.lo)
    p = np.full(m, -1, dtype=np.int64)
    s = np.zeros(K, dtype=np.int64)
    facs = np.zeros(K, dtype=np.int64)
    A = c.conflict
    cnt = np.zeros((K, m)) if A is not None else None

    def place(u: int, g: int) -> None:
        p[u] = g
        s[g] += c.w[u]
        facs[g] += c.fc[u]
        if cnt is not None:
            cnt[g] += A[u]

    def unplace(u: int) -> None:
        g = p[u]
        s[g] -= c.w[u]
        facs[g] -= c.fc[u]
        if cnt is not None:
            cnt[g] -= A[u]
        p[u] = -1

    for u in np.flatnonzero(c.lock >= 0):
        g = int(c.lock[u])
        if not c.allowed[u, g] or (cnt is not None and cnt[g, u] > 0) or s[g] + c.w[u] > c.hi[g]:
            return _fail("1")
        place(u, g)
    if (facs > c.need).any():
        return _fail("2")
    hooks = LanguageHooks(c)
    locked_people = (c.lock[c.unit_of] >= 0) & ~c.fac_person
    # facilitator units: most constrained first, random tie-break
    fu = [u for u in np.flatnonzero((c.fc > 0) & (c.lock == -1))]
    rng.shuffle(fu)
    if c.lang_rule and locked_people.any():
        # first give tables with locked people a facilitator who speaks their language
        for g in rng.permutation(K):
            while facs[g] < c.need[g]:
                at = np.flatnonzero(locked_people & (p[c.unit_of] == g))
                if len(at) == 0:
                    break
                unserved = at[~hooks.person_ok(hooks.served(p, int(g)), int(g), at)]
                if len(unserved) == 0:
                    break
                options = np.array([u for u in fu if p[u] < 0], dtype=np.int64)
                if len(options) == 0:
                    break
                options = options[c.allowed[options, g] & (facs[g] + c.fc[options] <= c.need[g])
                                  & (s[g] + c.w[options] <= c.hi[g])]
                if cnt is not None:
                    options = options[cnt[g, options] < 0.5]
                if len(options) == 0:
                    break
                helps = (hooks.FL[options].astype(np.int64) @ c.PL[unserved].T.astype(np.int64) > 0).sum(axis=1)
                if helps.max() == 0:
                    break
                place(int(options[int(np.argmax(helps))]), int(g))
        fu = [u for u in fu if p[u] < 0]
    fu.sort(key=lambda u: (-c.fc[u], c.allowed[u].sum()))
    for u in fu:
        ok = c.allowed[u] & (facs + c.fc[u] <= c.need) & (s + c.w[u] <= c.hi)
        if cnt is not None:
            ok &= cnt[:, u] < 0.5
        cand = np.flatnonzero(ok)
        if len(cand) == 0:
            return _fail("3")
        # prefer tables where u serves locked people nobody serves yet, then the emptiest
        if c.lang_rule and locked_people.any():
            helps = np.array([_serves_locked(c, hooks, p, u, int(g), locked_people) for g in cand])
            cand = cand[helps == helps.max()]
        gap = (c.need - facs)[cand]
        cand = cand[gap == gap.max()]
        place(u, int(rng.choice(cand)))
    if (facs != c.need).any():
        return _fail("4")
    if c.lang_rule:
        _fix_languages(c, hooks, p, rng, cnt)
    st_hooks = cp.hooks if c.lang_rule else None
    if st_hooks is not None:
        for g in range(K):
            ok = hooks.person_ok(hooks.served(p, g), g)
            if not ok[locked_people & (p[c.unit_of] == g)].all():
                return _fail("5")
    dyn = np.ones((K, m), dtype=bool)
    if st_hooks is not None:

        class _P:  # minimal state for the hook
            pass

        fake = _P()
        fake.p = p
        for g in range(K):
            col = st_hooks.dynamic_column(fake, g)
            if col is not None:
                dyn[g] = col
    ok_static = c.allowed & dyn.T
    rest = [u for u in np.flatnonzero((c.fc == 0) & (c.lock == -1))]
    rng.shuffle(rest)
    rest.sort(key=lambda u: (ok_static[u].sum(), -c.w[u]))
    queue = list(rest)
    ejections = 0
    while queue:
        u = queue.pop(0)
        ok = ok_static[u] & (s + c.w[u] <= c.hi)
        if cnt is not None:
            ok &= cnt[:, u] < 0.5
        cand = np.flatnonzero(ok)
        if len(cand) == 0:
            # ejection: free a table u may use by sending one placed unit back to the queue
            ejections += 1
            if ejections > 5 * m + 10:
                return _fail("6")
            options = []
            for g in np.flatnonzero(ok_static[u]):
                for v in np.flatnonzero((p == g) & (c.fc == 0) & (c.lock == -1)):
                    room = s[g] - c.w[v] + c.w[u] <= c.hi[g]
                    clash = 0.0 if cnt is None else cnt[g, u] - A[u, v]
                    if room and clash < 0.5:
                        options.append(int(v))
            if not options:
                return _fail("6")
            v = int(rng.choice(options))
            g = int(p[v])
            unplace(v)
            place(u, g)
            queue.append(v)
            continue
        deficit = (c.lo - s)[cand]
        if deficit.max() > 0:
            cand = cand[deficit == deficit.max()]
        else:
            room = (c.hi - s)[cand] / np.maximum(1, c.hi[cand])
            cand = cand[room >= room.max() - 1e-12]
        place(u, int(rng.choice(cand)))
    # repair tables below their minimum
    movable = (c.fc == 0) & (c.lock == -1)
    for _ in range(4 * m + 10):
        low = np.flatnonzero(s < c.lo)
        if len(low) == 0:
            return p
        g = int(rng.choice(low))
        donors = np.flatnonzero(movable & (p >= 0) & (p != g) & ok_static[:, g])
        donors = donors[(s[p[donors]] - c.w[donors] >= c.lo[p[donors]]) & (s[g] + c.w[donors] <= c.hi[g])]
        if cnt is not None:
            donors = donors[cnt[g, donors] < 0.5]
        if len(donors) == 0:
            # take from any table above its minimum even if it then needs help (chain)
            donors = np.flatnonzero(movable & (p >= 0) & (p != g) & ok_static[:, g])
            donors = donors[(s[g] + c.w[donors] <= c.hi[g]) & (s[p[donors]] > c.lo[p[donors]])]
            if cnt is not None:
                donors = donors[cnt[g, donors] < 0.5]
            if len(donors) == 0:
                return _fail("7")
        u = int(rng.choice(donors))
        unplace(u)
        place(u, g)
    return _fail("8")


def _serves_locked(c: Compiled, hooks: LanguageHooks, p: np.ndarray, u: int, g: int, locked: np.ndarray) -> int:
    """How many locked people at table g are unserved now but served once u sits there."""
    at = np.flatnonzero(locked & (p[c.unit_of] == g))
    if len(at) == 0:
        return 0
    unserved = at[~hooks.person_ok(hooks.served(p, g), g, at)]
    if len(unserved) == 0:
        return 0
    return int((c.PL[unserved] & hooks.FL[u][None, :]).any(axis=1).sum())


class _Positions:
    def __init__(self, p: np.ndarray) -> None:
        self.p = p


def _fix_languages(c: Compiled, hooks: LanguageHooks, p: np.ndarray, rng: np.random.Generator,
                   cnt: np.ndarray | None, tries: int = 300) -> None:
    """Swap facilitators so that every regular unit has some table serving its languages
    (random targeted swaps, accepted when they do not increase the number of unserved units)."""
    K = len(c.lo)
    pos = _Positions(p)
    dyn = np.array([hooks.dynamic_column(pos, g) for g in range(K)])  # (K, m)
    regular = np.flatnonzero(c.fc == 0)
    free_facs = np.flatnonzero((c.fc > 0) & (c.lock == -1))

    def unserved(dyn: np.ndarray) -> np.ndarray:
        return regular[~(dyn.T[regular] & c.allowed[regular]).any(axis=1)]

    bad = unserved(dyn)
    for _ in range(tries):
        if len(bad) == 0 or len(free_facs) < 2:
            return
        u = int(bad[rng.integers(len(bad))])
        needs = c.PL[c.units[u]].any(axis=0)
        speakers = free_facs[(hooks.FL[free_facs] & needs[None, :]).any(axis=1)]
        tables = np.flatnonzero(c.allowed[u])
        if len(speakers) == 0 or len(tables) == 0:
            return
        f1 = int(rng.choice(speakers))
        g = int(rng.choice(tables))
        if p[f1] == g:
            continue
        others = free_facs[(p[free_facs] == g) & (c.fc[free_facs] == c.fc[f1]) & (c.w[free_facs] == c.w[f1])]
        if len(others) == 0:
            continue
        f2 = int(rng.choice(others))
        a = int(p[f1])
        if not (c.allowed[f1, g] and c.allowed[f2, a]):
            continue
        if cnt is not None and (cnt[g, f1] - c.conflict[f1, f2] > 0.5 or cnt[a, f2] - c.conflict[f1, f2] > 0.5):
            continue
        p[f1], p[f2] = g, a
        if cnt is not None:
            cnt[a] += c.conflict[f2] - c.conflict[f1]
            cnt[g] += c.conflict[f1] - c.conflict[f2]
        new = dyn.copy()
        new[a] = hooks.dynamic_column(pos, a)
        new[g] = hooks.dynamic_column(pos, g)
        new_bad = unserved(new)
        if len(new_bad) <= len(bad):
            dyn, bad = new, new_bad
        else:
            p[f1], p[f2] = a, g
            if cnt is not None:
                cnt[a] -= c.conflict[f2] - c.conflict[f1]
                cnt[g] -= c.conflict[f1] - c.conflict[f2]
