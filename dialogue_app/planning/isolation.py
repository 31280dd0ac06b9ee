"""Keep people from being the only one of their category at a table ("don't isolate").

On a dimension marked ``dont_isolate`` (cultural origin and religion by default), a
person whose known category nobody else at the table shares is *isolated*. GroupEng's
"cluster" rule avoids that; pure diversity does the opposite (it spreads a minority one
per table). The planner therefore prices every isolated person in the search objective
(``IsolationRule.beta``, set high enough that the fewest people alone comes first and
diversity second) and, after the search (:mod:`.repair`):

* **repair**: for each isolated person, tries to bring someone of the same category to
  the table (swap with a tablemate, or insert) or to move the person to a table where
  their category already sits, and applies the best such move; until none is left;
* **polish**: a descent that never lets the number of isolated people grow.

Hard rules stay in the move set as everywhere else (moves that break one have delta
-inf and are never made). People whose category is unique in the event, or whom the
rules keep from everybody of their category, stay isolated and are reported. Unknown
values ("prefer not to say") never count.

The counts per table live in ``IsolationState``, which gives the change in the number
of isolated people for whole matrices of swaps and inserts from cached leave/join terms
(families and units of mixed categories included); the plain recount in
``IsolationRule`` is the reference for short candidate lists and the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from .model import Dimension


def unit_counts(dims: Sequence[Dimension], values: np.ndarray, unit_of: np.ndarray, m: int) -> list[np.ndarray]:
    """Per ``dont_isolate`` dimension with any known value: (m, C) counts of each unit's
    members per category (``values`` rows are the people of ``unit_of``)."""
    out: list[np.ndarray] = []
    vals = np.asarray(values, dtype=np.int64)
    for k, dim in enumerate(dims):
        if not dim.dont_isolate or vals.shape[0] == 0:
            continue
        col = vals[:, k]
        known = col >= 0
        if not known.any():
            continue
        X = np.zeros((m, int(col.max()) + 1), dtype=np.int64)
        np.add.at(X, (unit_of[known], col[known]), 1)
        out.append(X)
    return out


#: largest matrix product (multiply-adds) that ``IsolationState.swap_matrix`` leaves to BLAS
#: in one call. NumPy hands float products to BLAS, and OpenBLAS runs products above about
#: half a million multiply-adds on several threads: on a busy 2-core machine those threads
#: cost 3-30 times the product itself (480 people: a block of 91 x 48 x 438 took 0.3-7 ms of
#: CPU against 0.09 ms on one thread, and three quarters of a plan's CPU time went there).
#: Row blocks below that size run on one thread; the products are of whole numbers, so the
#: result is the same to the bit.
ONE_THREAD_PRODUCT = 1 << 18


def _h(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """+1 where a count becomes 1, -1 where it stops being 1."""
    return (new == 1).astype(np.int64) - (old == 1)


class IsolationRule:
    """The "don't isolate" dimensions at unit level: per dimension the (m, C) member
    counts ``X`` and each unit's single category ``cat`` (-1: no known member, -2:
    members of several categories); ``beta`` is the price of one isolated person in the
    search objective. ``swap_delta`` and ``insert_delta`` recount exactly (dense over
    the categories: fine for candidate lists and small blocks; whole move matrices come
    from ``IsolationState``)."""

    def __init__(self, X: list[np.ndarray], beta: float) -> None:
        self.X = X
        self.beta = float(beta)
        self.cat: list[np.ndarray] = []
        for x in X:
            kinds = (x > 0).sum(1)
            self.cat.append(np.where(kinds == 1, x.argmax(1), np.where(kinds == 0, -1, -2)).astype(np.int64))

    def tables(self, p: np.ndarray, K: int) -> list[np.ndarray]:
        """Category counts per table (K, C) for every dimension."""
        out = []
        for x in self.X:
            t = np.zeros((K, x.shape[1]), dtype=np.int64)
            np.add.at(t, p, x)
            out.append(t)
        return out

    @staticmethod
    def count(T: list[np.ndarray]) -> int:
        """Number of (person, dimension) isolations."""
        return int(sum((t == 1).sum() for t in T))

    @staticmethod
    def instances(T: list[np.ndarray]) -> list[tuple[int, int, int]]:
        """(dimension index, table, category) of every isolation."""
        out: list[tuple[int, int, int]] = []
        for k, t in enumerate(T):
            g, c = np.nonzero(t == 1)
            out.extend((k, int(a), int(b)) for a, b in zip(g, c, strict=True))
        return out

    def swap_delta(self, T: list[np.ndarray], p: np.ndarray, U: np.ndarray, V: np.ndarray) -> np.ndarray:
        """Change in the isolation count when U and V swap tables (broadcast, e.g.
        ``U[:, None]`` and ``V[None, :]`` for a matrix); meaningless where p[U] == p[V]."""
        U, V = np.broadcast_arrays(np.asarray(U), np.asarray(V))
        a, b = p[U], p[V]
        out = np.zeros(U.shape, dtype=np.int64)
        for x, t in zip(self.X, T, strict=True):
            diff = x[V] - x[U]
            ta, tb = t[a], t[b]
            out += (_h(ta + diff, ta) + _h(tb - diff, tb)).sum(-1)
        return out

    def insert_delta(self, T: list[np.ndarray], p: np.ndarray, U: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Change in the isolation count when U moves to table G (broadcast)."""
        U, G = np.broadcast_arrays(np.asarray(U), np.asarray(G))
        a = p[U]
        out = np.zeros(U.shape, dtype=np.int64)
        for x, t in zip(self.X, T, strict=True):
            xu, ta, tg = x[U], t[a], t[G]
            out += (_h(ta - xu, ta) + _h(tg + xu, tg)).sum(-1)
        return out


class IsolationState:
    """Counts per table plus cached parts of every move's change, kept current as units
    move (the search evaluates whole matrices of moves, so these must be cheap).

    The categories of all "don't isolate" dimensions are laid side by side (S columns in
    all), since every count is its own: ``Ls[u]`` is the change when unit u leaves its
    table and ``Js[g, u]`` the change when u joins table g, for units of any size and mix
    of categories. An insert of u into g changes the count by exactly Ls[u] + Js[g, u]. A
    swap of u and v changes it by Ls[u] + Ls[v] + Js[p(v), u] + Js[p(u), v] when they
    share no category; for each category both have, that sum counts the two changes of
    the same count separately, which ``swap_matrix`` corrects. ``T`` holds each
    dimension's (K, C) counts as views of the side-by-side (K, S) counts.
    """

    def __init__(self, rule: IsolationRule, p: np.ndarray, K: int) -> None:
        self.rule, self.p, self.K = rule, p, K  # p is the search state's own array
        m = len(p)
        self.X = np.hstack(rule.X).astype(np.int64) if rule.X else np.zeros((m, 0), dtype=np.int64)
        self.counts = np.zeros((K, self.X.shape[1]), dtype=np.int64)
        np.add.at(self.counts, p, self.X)
        cols = np.cumsum([0] + [x.shape[1] for x in rule.X])
        self.T = [self.counts[:, a:b] for a, b in pairwise(cols)]
        self.has = (self.X > 0).astype(np.float64)
        self.one = (self.X == 1).astype(np.float64)
        self.Js = np.zeros((K, m), dtype=np.int64)
        self.Ls = np.zeros(m, dtype=np.int64)
        # the overlap correction of ``swap_matrix`` is F @ G.T with the column blocks
        # [A, P, -Z, -one] and [P, A, one, Z] (see there); a unit's rows change only when
        # the counts at its table do
        self.F = np.zeros((m, 4 * self.X.shape[1]))
        self.G = np.zeros((m, 4 * self.X.shape[1]))
        self._at = np.zeros(K, dtype=bool)
        self.rebuild()

    def rebuild(self) -> None:
        """Recompute every cache from T and p."""
        self.refresh(np.arange(self.K))

    def refresh(self, tables: np.ndarray | Sequence[int]) -> None:
        """Update the caches after the counts of ``tables`` changed (and p, for the units
        that moved between them)."""
        tabs = np.asarray(tables, dtype=np.int64)
        p, X = self.p, self.X
        tt = self.counts[tabs][:, None, :]
        self.Js[tabs] = _h(tt + X[None], tt).sum(-1)
        self._at[:] = False
        self._at[tabs] = True
        rows = np.flatnonzero(self._at[p])  # the units whose table's counts changed
        tx = self.counts[p[rows]]  # each category's count at the unit's table
        rest = tx - X[rows]
        self.Ls[rows] = _h(rest, tx).sum(-1)
        P, one = self.has[rows], self.one[rows]
        A = P * ((rest == 1).astype(np.float64) - (tx == 1))
        Z = P * (rest == 0)
        self.F[rows] = np.hstack([A, P, -Z, -one])
        self.G[rows] = np.hstack([P, A, one, Z])

    def moved(self, u: int, a: int, g: int) -> None:
        """Record in the counts that unit u moved from a to g (call ``refresh`` after
        the search state's p is updated)."""
        self.counts[a] -= self.X[u]
        self.counts[g] += self.X[u]

    def count(self) -> int:
        """Number of (person, dimension) isolations."""
        return IsolationRule.count(self.T)

    def swap_delta(self, U: np.ndarray, V: np.ndarray) -> np.ndarray:
        """Change in the isolation count when U and V swap tables (broadcast, exact;
        for short candidate lists)."""
        return self.rule.swap_delta(self.T, self.p, U, V)

    def insert_delta(self, U: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Change in the isolation count when U moves to table G (broadcast, exact)."""
        return self.rule.insert_delta(self.T, self.p, U, G)

    def swap_matrix(self, R: np.ndarray, V: np.ndarray | None = None) -> np.ndarray:
        """``swap_delta(R[:, None], V[None, :])`` from the caches, V = every unit by
        default (pairs that share a table are meaningless, as such swaps are never made).

        The cached leave and join terms count each unit's move on its own; where u and v
        share a category c, u leaving table a while v joins it (and the other way round)
        overlap. With x = members of c in u (>= 1), y in v and t = c's count at a (>= x),
        the overlap is [t - x == 1] - [t == 1] - [t - x == 0][y == 1]: per category a sum
        of products of a term of u and a term of v. With P = [x > 0], A = P·([t - x == 1] -
        [t == 1]) and Z = P·[t - x == 0] per unit, the whole correction is
        A_R P_V' + P_R A_V' - Z_R one_V' - one_R Z_V', one product F_R G_V' of the cached
        factors."""
        p = self.p
        if V is None:
            d = (self.Js[p[R]] + self.Js[:, R][p].T).astype(np.float64)
            d += self.Ls[None, :]
            GT = self.G.T
        else:
            d = (self.Js[p[R]][:, V] + self.Js[:, R][p[V]].T).astype(np.float64)
            d += self.Ls[V][None, :]
            GT = self.G[V].T
        # in row blocks that BLAS multiplies on one thread (see ONE_THREAD_PRODUCT)
        rows = max(1, ONE_THREAD_PRODUCT // max(1, GT.size))
        for i in range(0, len(R), rows):
            d[i : i + rows] -= self.F[R[i : i + rows]] @ GT
        d += self.Ls[R][:, None]
        return d

    def insert_matrix(self, R: np.ndarray) -> np.ndarray:
        """``insert_delta(R[:, None], every table[None, :])`` from the caches."""
        return self.Js[:, R].T + self.Ls[R][:, None]

    def insert_into(self, G: np.ndarray) -> np.ndarray:
        """``insert_delta(every unit[None, :], G[:, None])`` from the caches."""
        return self.Js[G] + self.Ls[None, :]
