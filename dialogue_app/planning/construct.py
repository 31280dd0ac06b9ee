"""A first feasible plan for the search: units placed greedily, hard rules first, with
repair (see :func:`construct`); languages fixed by swapping facilitators.
"""

from __future__ import annotations

import numpy as np

from .rules import Compiled, LanguageHooks
from .unitproblem import CoreProblem, Positions


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

    def place(u: int | np.integer, g: int) -> None:
        p[u] = g
        s[g] += c.w[u]
        facs[g] += c.fc[u]
        if cnt is not None:
            assert A is not None  # cnt is kept exactly when there are conflicts
            cnt[g] += A[u]

    def unplace(u: int | np.integer) -> None:
        g = p[u]
        s[g] -= c.w[u]
        facs[g] -= c.fc[u]
        if cnt is not None:
            assert A is not None  # cnt is kept exactly when there are conflicts
            cnt[g] -= A[u]
        p[u] = -1

    u: int | np.integer  # units and tables come from int() and from NumPy index arrays
    g: int | np.integer
    v: int | np.integer
    for u in np.flatnonzero(c.lock >= 0):
        g = int(c.lock[u])
        if not c.allowed[u, g] or (cnt is not None and cnt[g, u] > 0) or s[g] + c.w[u] > c.hi[g]:
            _fail("1")
            return None
        place(u, g)
    if (facs > c.need).any():
        _fail("2")
        return None
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
            _fail("3")
            return None
        # prefer tables where u serves locked people nobody serves yet, then the emptiest
        if c.lang_rule and locked_people.any():
            helps = np.array([_serves_locked(c, hooks, p, u, int(g), locked_people) for g in cand])
            cand = cand[helps == helps.max()]
        gap = (c.need - facs)[cand]
        cand = cand[gap == gap.max()]
        place(u, int(rng.choice(cand)))
    if (facs != c.need).any():
        _fail("4")
        return None
    if c.lang_rule:
        _fix_languages(c, hooks, p, rng, cnt)
    st_hooks = cp.hooks if c.lang_rule else None
    if st_hooks is not None:
        for g in range(K):
            ok = hooks.person_ok(hooks.served(p, g), g)
            if not ok[locked_people & (p[c.unit_of] == g)].all():
                _fail("5")
                return None
    dyn = np.ones((K, m), dtype=bool)
    if st_hooks is not None:

        class _P:  # minimal state for the hook
            p: np.ndarray

        fake = _P()
        fake.p = p
        for g in range(K):
            col = st_hooks.dynamic_column(fake, g)
            if col is not None:
                dyn[g] = col
    ok_static = c.allowed & dyn.T
    rest: list[int | np.integer] = [u for u in np.flatnonzero((c.fc == 0) & (c.lock == -1))]
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
                _fail("6")
                return None
            ejectable = []
            for g in np.flatnonzero(ok_static[u]):
                for v in np.flatnonzero((p == g) & (c.fc == 0) & (c.lock == -1)):
                    room = s[g] - c.w[v] + c.w[u] <= c.hi[g]
                    clash = 0.0 if cnt is None or A is None else cnt[g, u] - A[u, v]
                    if room and clash < 0.5:
                        ejectable.append(int(v))
            if not ejectable:
                _fail("6")
                return None
            v = int(rng.choice(ejectable))
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
                _fail("7")
                return None
        u = int(rng.choice(donors))
        unplace(u)
        place(u, g)
    _fail("8")
    return None


def _serves_locked(c: Compiled, hooks: LanguageHooks, p: np.ndarray, u: int | np.integer, g: int, locked: np.ndarray) -> int:
    """How many locked people at table g are unserved now but served once u sits there."""
    at = np.flatnonzero(locked & (p[c.unit_of] == g))
    if len(at) == 0:
        return 0
    unserved = at[~hooks.person_ok(hooks.served(p, g), g, at)]
    if len(unserved) == 0:
        return 0
    return int((c.PL[unserved] & hooks.FL[u][None, :]).any(axis=1).sum())


def _fix_languages(c: Compiled, hooks: LanguageHooks, p: np.ndarray, rng: np.random.Generator,
                   cnt: np.ndarray | None, tries: int = 300) -> None:
    """Swap facilitators so that every regular unit has some table serving its languages
    (random targeted swaps, accepted when they do not increase the number of unserved units)."""
    K = len(c.lo)
    pos = Positions(p)
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
        if cnt is not None and c.conflict is not None and (cnt[g, f1] - c.conflict[f1, f2] > 0.5 or cnt[a, f2] - c.conflict[f1, f2] > 0.5):
            continue
        p[f1], p[f2] = g, a
        if cnt is not None and c.conflict is not None:  # cnt is kept exactly when there are conflicts
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
            if cnt is not None and c.conflict is not None:
                cnt[a] -= c.conflict[f2] - c.conflict[f1]
                cnt[g] -= c.conflict[f1] - c.conflict[f2]
