"""Separable upper bound on the diversity score (PLANNING.md, "An upper bound").

Every dimension is reduced to *splits*: a nominal dimension is one split into its
categories; an ordinal dimension with R + 1 levels is R binary threshold splits
("value <= θ" vs "> θ") of weight 1/R each, because |a - b| / R counts the thresholds
between a and b. For one split, the within-table score of table t is

    C(s_t, 2) - Σ_c C(n_tc, 2) - (1 - u) · (pairs at t involving an unknown value)

with n_tc the known members of category c at t and u the unknown-pair distance. The
three terms are bounded separately (sound for any plan):

* Σ_t C(s_t, 2): maximised over feasible size vectors (a small DP; fixed sizes: exact);
* Σ_t Σ_c C(n_tc, 2): smallest when every category is spread as evenly as possible,
  as far as groups that must share a table (families, hosts and guests, people locked
  to one table) allow;
* unknown pairs k_t (s_t - k_t) + C(k_t, 2): concave in k_t, smallest when unknowns are
  concentrated (DP over tables).

For plans that honour "don't isolate" (at most a given number of people of a category
alone at their table), a category's members sit alone or in twos and more, which the
spread term also bounds (``_least_pairs_alone``; the larger of the two lower bounds is
used).

The bound is exact (reached by a round-robin over the sorted values) for equal table
sizes, no unknown values and one dimension. What it cannot see loosens it on real
events: how the dimensions combine (above all where "prefer not to say" values sit:
each dimension alone would gather its own at a few tables), the language and
facilitator rules, and group constraints together with unknown values or unequal sizes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np

from .model import Dimension


def _c2(x: np.ndarray | int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x * (x - 1) / 2.0


def _even(count: int, K: int) -> float:
    q, r = divmod(int(count), K)
    return float(r * _c2(q + 1) + (K - r) * _c2(q))


def _spread(masses: np.ndarray, K: int) -> float:
    """Lower bound on Σ_t C(x_t, 2) when ``masses`` (people of one category in each unit
    that must sit together; singletons are 1) are placed at K tables.

    Whatever the placement, the j fullest tables hold at least the j largest masses, so
    the sorted prefix sums of x dominate P_j = sum of the j largest masses. The most even
    such x (least concave majorant of (j, P_j) and (K, N), spread evenly along each of its
    segments) minimises the convex sum; with only singletons it is the even spread.
    """
    masses = np.asarray(masses, dtype=np.int64)
    masses = masses[masses > 0]
    N = int(masses.sum())
    if N == 0:
        return 0.0
    if masses.max() <= 1 or K == 1:
        return _even(N, K)
    top = -np.sort(-masses)[:K]
    P = np.concatenate(([0], np.cumsum(top), np.full(K - len(top), N)))
    P[K] = N
    hull = [0]  # indices of the upper concave hull of (j, P_j)
    for j in range(1, K + 1):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (P[b] - P[a]) * (j - a) <= (P[j] - P[a]) * (b - a):
                hull.pop()  # b lies on or below the chord a-j
            else:
                break
        hull.append(j)
    total = 0.0
    for a, b in pairwise(hull):
        total += _even(int(P[b] - P[a]), b - a)
    return float(total)


def _least_pairs_alone(N: int, K: int, alone: int) -> float:
    """min Σ_t C(x_t, 2) for N people of one category at K tables when at most ``alone``
    tables hold exactly one of them ("don't isolate"): some sit alone, the others in
    groups of two or more, as evenly as possible over as many tables as that allows."""
    best = math.inf
    for s in range(min(alone, N, K) + 1):
        rest, tables = N - s, K - s
        if rest == 0:
            return 0.0
        if rest == 1 or tables <= 0:
            continue
        best = min(best, _even(rest, min(tables, rest // 2)))
    return best if math.isfinite(best) else _even(N, K)


def _max_pairs(lo: np.ndarray, hi: np.ndarray, n: int) -> float:
    """max Σ C(s_t, 2) over integer s with lo <= s <= hi and Σ s = n."""
    dp = np.full(n + 1, -np.inf)
    dp[0] = 0.0
    for a, b in zip(lo, hi, strict=True):
        new = np.full(n + 1, -np.inf)
        for s in range(int(a), int(b) + 1):
            if s > n:
                break
            new[s:] = np.maximum(new[s:], dp[: n + 1 - s] + _c2(s))
        dp = new
    if not np.isfinite(dp[n]):
        raise ValueError("table sizes cannot hold all people")
    return float(dp[n])


def _min_unknown_pairs(lo: np.ndarray, hi: np.ndarray, k: int) -> float:
    """min Σ g(k_t) with g = k_t (s_t - k_t) + C(k_t, 2), s_t >= max(lo_t, k_t), k_t <= hi_t."""
    if k == 0:
        return 0.0
    dp = np.full(k + 1, np.inf)
    dp[0] = 0.0
    for a, b in zip(lo, hi, strict=True):
        new = dp.copy()  # k_t = 0 costs nothing
        for kt in range(1, min(int(b), k) + 1):
            s = max(int(a), kt)
            g = kt * (s - kt) + _c2(kt)
            new[kt:] = np.minimum(new[kt:], dp[: k + 1 - kt] + g)
        dp = new
    return float(dp[k])


def upper_bound(
    dims: Sequence[Dimension],
    values: np.ndarray,
    sizes: Sequence[int] | None = None,
    ranges: Sequence[tuple[int, int]] | None = None,
    unknown: float = 0.5,
    refine: bool = True,
    groups: Sequence[Sequence[int]] = (),
    alone: Sequence[Mapping[int, int] | None] = (),
) -> float:
    """Upper bound on Σ over tables of within-table weighted Gower distances.

    Give either fixed table ``sizes`` (summing to the number of rows of ``values``) or
    ``ranges`` [(min, max), ...] per table. ``values`` uses -1 for unknown. With
    ``refine`` each dimension's closed-form bound is tightened by a Lagrangian bound
    (about 0.1 s per dimension); the minimum of two valid bounds is taken, lowered to
    the largest score the dimension can have below it (``_down_to_lattice``).
    ``groups``: disjoint sets of rows that always share a table (keep-together groups,
    hosts and guests, people locked to the same table); their same-category pairs cannot
    be spread, which tightens the closed form.
    ``alone[k]`` (nominal dimensions, optional): {category: number of people of it who
    may sit alone at their table}; the bound then holds for plans that leave no more
    people of each category alone, e.g. those that honour "don't isolate" as well as a
    given plan (categories not listed: nobody alone).
    """
    values = np.asarray(values, dtype=np.int64).reshape(-1, len(dims)) if len(dims) else np.zeros((0, 0))
    n = values.shape[0] if len(dims) else 0
    if ranges is None:
        if sizes is None:
            raise ValueError("give sizes or ranges")
        lo = hi = np.asarray(sizes, dtype=np.int64)
    else:
        lo = np.array([r[0] for r in ranges], dtype=np.int64)
        hi = np.array([r[1] for r in ranges], dtype=np.int64)
    K = len(lo)
    if n == 0 or K == 0:
        return 0.0
    pairs = _max_pairs(lo, hi, n)
    unit = np.arange(n)  # unit id per row: singletons keep their own
    for g, rows in enumerate(groups):
        unit[np.asarray(rows, dtype=np.int64)] = n + g
    _, unit = np.unique(unit, return_inverse=True)
    grouped = len(groups) > 0

    def spread(mask: np.ndarray) -> float:
        if not grouped:
            return _even(int(mask.sum()), K)
        return _spread(np.bincount(unit[mask]), K)

    cache: dict[int, float] = {}
    total = 0.0
    for k, dim in enumerate(dims):
        if not dim.weight:
            continue
        col = values[:, k]
        known = col[col >= 0]
        n_unknown = int((col < 0).sum())
        if n_unknown not in cache:
            cache[n_unknown] = _min_unknown_pairs(lo, hi, n_unknown)
        unk = (1.0 - unknown) * cache[n_unknown]
        if dim.kind == "ordinal":
            R = max(1, dim.n_categories - 1)
            sub = 0.0
            for theta in range(R):
                sub += spread((col >= 0) & (col <= theta)) + spread(col > theta)
            value = pairs - sub / R - unk
        else:
            counts = np.bincount(known, minlength=1) if len(known) else np.zeros(1, dtype=np.int64)
            rule = alone[k] if k < len(alone) else None
            value = pairs - unk - sum(
                spread(col == c) if rule is None else max(spread(col == c), _least_pairs_alone(int(x), K, rule.get(c, 0)))
                for c, x in enumerate(counts) if x)
        if refine:
            L = max(int(dim.n_categories), int(known.max()) + 1 if len(known) else 1)
            value = min(value, _dual_bound(dim.kind, L, known, n_unknown, unknown, lo, hi))
        R = max(1, dim.n_categories - 1) if dim.kind == "ordinal" else 1
        total += dim.weight * _down_to_lattice(value, R, unknown if n_unknown else None)
    return float(total)


def _down_to_lattice(value: float, R: int, unknown: float | None) -> float:
    """The largest score one dimension can take that is not above ``value``.

    A dimension's score is a sum of pair distances: multiples of 1/R (R = 1 for nominal,
    the number of steps for ordinal), plus ``unknown`` for each pair touching an unknown
    value. Where ``unknown`` is a simple fraction the scores lie on a lattice of step
    1/(R·q), so a bound between two lattice points can be lowered to the one below it
    (the tolerance keeps a bound that float rounding put a hair under a point on it).
    """
    q = 1
    if unknown is not None:
        for q in range(1, 65):
            if abs(unknown * R * q - round(unknown * R * q)) < 1e-9:
                break
        else:
            return value
    step = R * q
    return math.floor(value * step + 1e-6) / step


def upper_bound_matrix(d: np.ndarray, max_sizes: Sequence[int]) -> float:
    """Generic (weak) bound for a raw distance matrix: each person keeps at most the
    largest (s_max - 1) positive distances of their row; halved for double counting."""
    d = np.asarray(d, dtype=np.float64)
    n = d.shape[0]
    k = max(0, min(n - 1, int(max(max_sizes)) - 1))
    if n == 0 or k == 0:
        return 0.0
    x = np.maximum(d, 0.0).copy()
    np.fill_diagonal(x, 0.0)
    top = -np.partition(-x, k - 1, axis=1)[:, :k]
    return float(0.5 * top.sum())


# --------------------------------------------------------------------------------------
# Lagrangian (dual) bound per dimension: tables decouple once the category supplies,
# the total number of people and the number of unknowns are priced. Any multipliers
# give a valid bound; a short subgradient search makes it small. It fixes the two
# weaknesses of the closed form: unequal table sizes and unknown values.
# --------------------------------------------------------------------------------------


def _compositions(m: int, L: int) -> np.ndarray:
    """All vectors of L non-negative integers summing to m."""
    if L == 1:
        return np.array([[m]], dtype=np.int64)
    out = []
    for first in range(m + 1):
        rest = _compositions(m - first, L - 1)
        out.append(np.hstack([np.full((len(rest), 1), first), rest]))
    return np.vstack(out)


class _Inner:
    """Best known-known composition per number of known members m, for given prices."""

    def __init__(self, kind: str, L: int, R: int, m_max: int) -> None:
        self.kind, self.L, self.m_max = kind, L, m_max
        self.comps: list[np.ndarray] = []
        self.kk: list[np.ndarray] = []
        if kind == "ordinal":
            dist = np.abs(np.arange(L)[:, None] - np.arange(L)[None, :]) / R
            for m in range(m_max + 1):
                C = _compositions(m, L).astype(np.float64)
                self.comps.append(C)
                self.kk.append(0.5 * np.einsum("pi,ij,pj->p", C, dist, C))
            self.comps_all = np.vstack(self.comps)
            self.kk_all = np.concatenate(self.kk)
            ends = np.cumsum([len(c) for c in self.comps])
            self.seg = list(zip(np.concatenate(([0], ends[:-1])), ends, strict=True))

    def solve(self, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(value[m], comp[m, L]) maximising KK(comp) - lam . comp with |comp| = m."""
        vals = np.zeros(self.m_max + 1)
        comps = np.zeros((self.m_max + 1, self.L))
        if self.kind == "ordinal":
            v = self.kk_all - self.comps_all @ lam
            for m, (a, b) in enumerate(self.seg):
                j = a + int(v[a:b].argmax())
                vals[m], comps[m] = v[j], self.comps_all[j]
            return vals, comps
        # Greedy: the m-th person joins the category with the largest marginal
        # (m - 1) - n_c - lam_c (new pairs with the others minus the price), i.e. the
        # k-th member of category c costs k + lam_c and the table takes the m cheapest
        # (a stable sort breaks ties towards the lowest category, as argmax would).
        if self.m_max == 0:
            return vals, comps
        cost = (lam[:, None] + np.arange(self.m_max)[None, :]).ravel()
        order = np.argsort(cost, kind="stable")[: self.m_max]
        sizes = np.arange(1, self.m_max + 1)
        vals[1:] = sizes * (sizes - 1) / 2.0 - np.cumsum(cost[order])
        comps[1:] = np.cumsum(np.eye(self.L)[order // self.m_max], axis=0)
        return vals, comps


_DUAL_CACHE: dict[tuple, float] = {}


def _dual_bound(kind: str, L: int, known: np.ndarray, k_unknown: int, unknown: float,
                lo: np.ndarray, hi: np.ndarray) -> float:
    """Dual bound of one dimension, or +inf when its inner enumeration would be too big
    (cached: it depends only on the category counts and tables, and costs ~0.1 s)."""
    R = max(1, L - 1)
    if kind == "ordinal" and math.comb(int(hi.max()) + L - 1, L - 1) > 20000:
        return math.inf
    counts = np.bincount(known, minlength=L).astype(np.float64)
    key = (kind, L, counts.tobytes(), k_unknown, unknown, lo.tobytes(), hi.tobytes())
    if key not in _DUAL_CACHE:
        _DUAL_CACHE[key] = _dual_split(kind, L, R, counts, k_unknown, unknown, lo, hi)
        while len(_DUAL_CACHE) > 64:
            _DUAL_CACHE.pop(next(iter(_DUAL_CACHE)))
    return _DUAL_CACHE[key]


def _dual_split(kind: str, L: int, R: int, counts: np.ndarray, k_unknown: int, unknown: float,
                lo: np.ndarray, hi: np.ndarray, iters: int = 1500) -> float:
    """Lagrangian bound on one dimension's score (unweighted)."""
    types, mult = np.unique(np.stack([lo, hi], axis=1), axis=0, return_counts=True)
    n = int(counts.sum()) + k_unknown
    m_max = int(hi.max())
    inner = _Inner(kind, L, R, m_max)
    K = len(lo)
    mbar = n / K
    if kind == "ordinal":
        share = counts / max(1, counts.sum())
        dist = np.abs(np.arange(L)[:, None] - np.arange(L)[None, :]) / R
        lam = (mbar - 1) * (dist @ share)
    else:
        lam = (mbar - 1) * (1 - counts / max(1, counts.sum()))
    mu, nu = 0.0, 0.0
    best, last_gain = np.inf, 0
    scale = 1.0
    combos = []
    for a, b in types:
        S, Kk = np.meshgrid(np.arange(a, b + 1), np.arange(m_max + 1), indexing="ij")
        ok = (Kk <= S) & ((Kk == 0) | (k_unknown > 0))
        S, Kk = S[ok], Kk[ok]
        M = np.clip(S - Kk, 0, m_max)
        combos.append((S, Kk, M, unknown * (_c2(S) - _c2(M))))
    for it in range(iters):
        vals, comps = inner.solve(lam)
        phi = float(lam @ counts + mu * n + nu * k_unknown)
        g_lam = counts.astype(np.float64).copy()
        g_mu, g_nu = float(n), float(k_unknown)
        for (S, Kk, M, U), cnt in zip(combos, mult, strict=True):
            val = vals[M] + U - mu * S - nu * Kk
            j = int(val.argmax())
            phi += cnt * float(val[j])
            sv, kv = int(S[j]), int(Kk[j])
            g_lam -= cnt * comps[sv - kv]
            g_mu -= cnt * sv
            g_nu -= cnt * kv
        if not np.isfinite(best) or phi < best - 1e-9 * max(1.0, abs(best)):
            best, last_gain = phi, it
        elif it - last_gain > 40:
            scale *= 0.5  # Held-Karp style: halve the step after a stall
            last_gain = it
            if scale < 1e-4:
                break
        norm = float(np.sqrt(g_lam @ g_lam + g_mu**2 + g_nu**2))
        if norm < 1e-12:
            break
        step = scale * mbar / norm
        lam = lam - step * g_lam
        mu -= step * g_mu
        nu -= step * g_nu
    return best
