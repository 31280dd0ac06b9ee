"""A last pass that gives every table its fair share of the people who did not say.

The search prices people who did not say so that it spreads them (``distance.spread_unknowns``),
but with "don't isolate" priced far above them, and within a short budget, a table can
still end up 1.1–2 people off its fair share on some dimension. ``spread`` then makes the
swaps (and moves, where table sizes allow) that bring every table within one person of its
fair share on every dimension, each time the one that costs the least diversity, never
breaking a hard rule and never leaving more people alone on "don't isolate" dimensions.
A table's fair share on a dimension is the number of people who did not say there × the
table's size / the people seated.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .state import State
from .unitproblem import BIG

#: how far (in people) a table may be from its fair share of people who did not say
TOLERANCE = 1.0


def unknown_counts(values: np.ndarray, unit_of: np.ndarray, m: int) -> np.ndarray:
    """(m, k) members of each unit who did not say, for the dimensions where some but not
    everybody did not say (``values`` rows are the people of ``unit_of``; -1 = not said)."""
    vals = np.asarray(values, dtype=np.int64)
    if vals.ndim != 2 or vals.shape[0] == 0:
        return np.zeros((m, 0), dtype=np.int64)
    hidden = vals < 0
    cols = [k for k in range(vals.shape[1]) if 0 < hidden[:, k].sum() < len(vals)]
    H = np.zeros((m, len(cols)), dtype=np.int64)
    for j, k in enumerate(cols):
        np.add.at(H[:, j], unit_of[hidden[:, k]], 1)
    return H


def _excess(counts: np.ndarray, sizes: np.ndarray, totals: np.ndarray, seated: int) -> np.ndarray:
    """How far beyond the tolerance each table is from its fair share, summed over the
    dimensions (broadcast: counts (..., k), sizes (...))."""
    fair = totals * (sizes[..., None] / seated)
    return np.maximum(0.0, np.abs(counts - fair) - TOLERANCE - 1e-9).sum(-1)


def spread(st: State, H: np.ndarray, stop: Callable[[], bool] = lambda: False) -> int:
    """Moves that bring every table within ``TOLERANCE`` of its fair share of people who
    did not say (``H`` from ``unknown_counts``), the cheapest first, until none is needed
    or none is left; returns the number of moves made."""
    cp = st.cp
    if H.shape[1] == 0 or cp.m < 2:
        return 0
    totals = H.sum(0).astype(np.float64)
    seated = int(cp.w.sum())
    moves = 0
    for _ in range(4 * cp.K + 8):
        if stop():
            break
        C = np.zeros((cp.K, H.shape[1]), dtype=np.int64)
        np.add.at(C, st.p, H)
        ex = _excess(C, st.s.astype(np.float64), totals, seated)
        off = np.flatnonzero(ex > 0)
        if len(off) == 0:
            break
        found = _best_move(st, H, C, ex, totals, seated, off)
        if found is None:
            found = _rotation(st, H, C, ex, totals, seated, off)
        if found is None:
            if not _walk(st, H, totals, seated, stop):
                break
            continue
        kind, a, b, delta = found
        st.apply(kind, a, b, delta)
        moves += 1
    return moves


Moves = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _moves(st: State, H: np.ndarray, totals: np.ndarray, seated: int, R: np.ndarray) -> Moves:
    """Every valid swap and move of a unit of R: (kind, a, b, delta, change in the total
    excess, change in the number of people alone), as flat arrays (kind 1: swap of units
    a and b, 0: unit a to table b)."""
    cp, p = st.cp, st.p
    s = st.s.astype(np.float64)
    C = np.zeros((cp.K, H.shape[1]), dtype=np.int64)
    np.add.at(C, p, H)
    ex = _excess(C, s, totals, seated)
    S, Ins = st.chunk_moves(R)
    # swaps R[j] <-> v: tables a = p[R[j]] and b = p[v] trade H[R[j]] for H[v]
    a, b = p[R][:, None], p[None, :]
    dH = H[None, :, :] - H[R][:, None, :]
    dw = (cp.w[None, :] - cp.w[R][:, None]).astype(np.float64)
    gain = (_excess(C[a] + dH, s[a] + dw, totals, seated) + _excess(C[b] - dH, s[b] - dw, totals, seated)
            - ex[a] - ex[b])
    iso = st.iso.swap_matrix(R) if st.iso is not None else np.zeros(S.shape)
    parts = [(1, np.broadcast_to(np.arange(cp.m)[None, :], S.shape), S, gain, iso)]
    if Ins is not None:
        g = np.arange(cp.K)[None, :]
        hR, wR = H[R][:, None, :], cp.w[R][:, None].astype(np.float64)
        gain = (_excess(C[a] - hR, s[a] - wR, totals, seated) + _excess(C[g] + hR, s[g] + wR, totals, seated)
                - ex[a] - ex[g])
        iso = st.iso.insert_matrix(R) if st.iso is not None else np.zeros(Ins.shape)
        parts.append((0, np.broadcast_to(g, Ins.shape), Ins, gain, iso))
    out: list[list[np.ndarray]] = [[], [], [], [], [], []]
    for kind, cols, d, gn, di in parts:
        ok = np.flatnonzero((d > -BIG / 2).ravel())
        rows = np.broadcast_to(R[:, None], d.shape).ravel()[ok]
        for lst, arr in zip(out, (np.full(len(ok), kind), rows, cols.ravel()[ok], d.ravel()[ok],
                                  gn.ravel()[ok], di.ravel()[ok].astype(np.int64)), strict=True):
            lst.append(arr)
    k, u, v, d, gn, di = (np.concatenate(x) for x in out)
    return k, u, v, d, gn, di


def _best_move(st: State, H: np.ndarray, C: np.ndarray, ex: np.ndarray, totals: np.ndarray, seated: int,
               off: np.ndarray) -> tuple[int, int, int, float] | None:
    """The valid move out of one of the tables ``off`` that lowers the total excess, keeps
    the number of people alone and loses the least diversity: (kind, a, b, delta)."""
    cp = st.cp
    best: tuple[float, int, int, int, float] | None = None
    R = np.flatnonzero(np.isin(st.p, off) & cp.movable)
    if len(R):
        kind, u, v, d, gain, diso = _moves(st, H, totals, seated, R)
        ok = np.flatnonzero((gain < -1e-9) & (diso <= 0))
        if len(ok):
            j = ok[int(np.argmax(d[ok]))]
            best = (float(d[j]), int(kind[j]), int(u[j]), int(v[j]), float(d[j]))
    best = _facilitator_swap(st, H, C, ex, totals, seated, off, best)
    return None if best is None else best[1:]


#: weak steps of ``_walk`` (a few per table), and how long a unit that moved stays put
WALK_STEPS, WALK_TENURE = 12, 7


def _walk(st: State, H: np.ndarray, totals: np.ndarray, seated: int, stop: Callable[[], bool]) -> bool:
    """When no single move lowers the excess without leaving someone alone: a short tabu
    walk that prices a person off their fair share like a person alone, and makes the best
    move out of a table that is off or has someone alone even when it costs, for a few steps
    per table. Keeps the best plan seen that leaves nobody more alone than before (the
    lowest excess, then the most diversity), or the plan as it was; returns True when the
    excess is lower."""
    cp = st.cp
    iso0 = st.isolated()
    beta = cp.iso.beta if cp.iso is not None else 1.0

    def key() -> tuple[float, float]:
        C = np.zeros((cp.K, H.shape[1]), dtype=np.int64)
        np.add.at(C, st.p, H)
        return float(_excess(C, st.s.astype(np.float64), totals, seated).sum()), -st.diversity()

    best, best_p = key(), st.p.copy()
    start = best[0]
    until = np.zeros(cp.m, dtype=np.int64)
    for step in range(WALK_STEPS * cp.K):
        if best[0] <= 0 or stop():
            break
        C = np.zeros((cp.K, H.shape[1]), dtype=np.int64)
        np.add.at(C, st.p, H)
        tables = np.flatnonzero(_excess(C, st.s.astype(np.float64), totals, seated) > 0)
        if st.iso is not None:
            tables = np.union1d(tables, [g for _, g, _ in cp.iso.instances(st.iso.T)] if cp.iso else [])
        R = np.flatnonzero(np.isin(st.p, tables) & cp.movable & (until <= step))
        if len(R) == 0:
            break
        kind, u, v, d, gain, _ = _moves(st, H, totals, seated, R)
        free = (kind == 0) | (until[np.where(kind == 1, v, 0)] <= step)
        ok = np.flatnonzero(free)
        if len(ok) == 0:
            break
        j = ok[int(np.argmax(d[ok] - beta * gain[ok]))]
        st.apply(int(kind[j]), int(u[j]), int(v[j]), float(d[j]))
        until[u[j]] = step + WALK_TENURE
        if kind[j] == 1:
            until[v[j]] = step + WALK_TENURE
        now = key()
        if st.isolated() <= iso0 and now < best:
            best, best_p = now, st.p.copy()
    if not np.array_equal(best_p, st.p):
        st.reset(best_p)
    return best[0] < start - 1e-9


def _facilitator_swap(st: State, H: np.ndarray, C: np.ndarray, ex: np.ndarray, totals: np.ndarray, seated: int,
                      off: np.ndarray, best: tuple[float, int, int, int, float] | None
                      ) -> tuple[float, int, int, int, float] | None:
    """``best`` or a better swap of two facilitator units, one at a table of ``off``
    (facilitators only trade places with each other, so every table keeps its own)."""
    cp, p = st.cp, st.p
    F = cp.fac_units
    if len(F) < 2:
        return best
    s = st.s.astype(np.float64)
    for u in F[np.isin(p[F], off)]:
        for v in F:
            a, b = int(p[u]), int(p[v])
            if a == b:
                continue
            dH, dw = H[v] - H[u], float(cp.w[v] - cp.w[u])
            gain = (_excess(C[a] + dH, s[a] + dw, totals, seated) + _excess(C[b] - dH, s[b] - dw, totals, seated)
                    - ex[a] - ex[b])
            if gain >= -1e-9:
                continue
            if st.iso is not None and st.iso.swap_delta(np.array([u]), np.array([v]))[0] > 0:
                continue
            d = st.fac_swap_delta(int(u), int(v))
            if d > -BIG / 2 and (best is None or d > best[0]):
                best = (d, 1, int(u), int(v), d)
    return best


def _rotation(st: State, H: np.ndarray, C: np.ndarray, ex: np.ndarray, totals: np.ndarray, seated: int,
              off: np.ndarray) -> tuple[int, int, int, float] | None:
    """When no single move will do: the best rotation of three people among three tables
    (y leaves a table of ``off`` for z's table, z takes x's place, x takes y's) that lowers
    the excess, keeps every hard rule and leaves nobody more alone. Makes its first swap
    (x with y) and returns the second (y with z) as a move, or None."""
    cp, p = st.cp, st.p
    single = np.flatnonzero(cp.movable & (cp.w == 1))
    if len(single) < 3:
        return None
    E, M, D = st.E, st.M, cp.D
    X = st.iso.X if st.iso is not None else np.zeros((cp.m, 0), dtype=np.int64)
    T = st.iso.counts if st.iso is not None else np.zeros((cp.K, 0), dtype=np.int64)
    beta = cp.iso.beta if cp.iso is not None else 0.0
    s = st.s.astype(np.float64)
    fair = totals * (s[:, None] / seated)
    best: tuple[float, int, int, int] | None = None
    for a in off:
        over = np.sign(C[a] - fair[a])  # +1 where table a holds too many, -1 too few
        for y in single[p[single] == a]:
            # x must help table a on some dimension; z anywhere at a third table
            xs = single[(p[single] != a) & ((over[None, :] * (H[y] - H[single])) > 0).any(1)]
            xs = xs[E[a, xs] > -BIG / 2]
            zs = single[p[single] != a]
            zs = zs[E[p[zs], y] > -BIG / 2]
            if len(xs) == 0 or len(zs) == 0:
                continue
            b, c = p[xs][:, None], p[zs][None, :]
            ok = (b != c) & (E[b, zs[None, :]] > -BIG / 2)
            d = ((M[a, xs] - D[xs, y] - M[p[xs], xs])[:, None] + (M[p[zs], y] - D[y, zs] - M[p[zs], zs])[None, :]
                 + M[b, zs[None, :]] - D[np.ix_(xs, zs)] - M[a, y])
            ca = C[a] - H[y] + H[xs]  # (x, k)
            cb = C[b] - H[xs][:, None, :] + H[zs][None, :, :]
            cc = (C[p[zs]] - H[zs] + H[y])[None, :, :]
            gain = (_excess(ca, s[a], totals, seated)[:, None] - ex[a]
                    + _excess(cb, s[b], totals, seated) - ex[b] + _excess(cc, s[c], totals, seated) - ex[c])
            ok &= gain < -1e-9
            if X.shape[1] and ok.any():
                ta, tb, tc = T[a] - X[y] + X[xs], T[b] - X[xs][:, None, :] + X[zs][None, :, :], (
                    T[p[zs]] - X[zs] + X[y])[None, :, :]
                diso = ((ta == 1).sum(-1) - (T[a] == 1).sum())[:, None] + (tb == 1).sum(-1) - (T[b] == 1).sum(-1) \
                    + (tc == 1).sum(-1) - (T[c] == 1).sum(-1)
                ok &= diso <= 0
                d = d - beta * diso
            if not ok.any():
                continue
            k = int(np.argmax(np.where(ok, d, -np.inf)))
            i, j = divmod(k, len(zs))
            if best is None or d[i, j] > best[0]:
                best = (float(d[i, j]), int(xs[i]), int(y), int(zs[j]))
    if best is None:
        return None
    delta, x, y, z = best
    st.swap(x, y, 0.0)  # x takes y's seat, y x's; then y and z trade
    return 1, y, z, delta
