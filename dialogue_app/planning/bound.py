"""Separable upper bound on the diversity score (PLANNING.md, "An upper bound").

Every dimension is reduced to *splits*: a nominal dimension is one split into its
categories; an ordinal dimension with R + 1 levels is R binary threshold splits
("value <= θ" vs "> θ") of weight 1/R each, because |a - b| / R counts the thresholds
between a and b. For one split, the within-table score of table t is

    C(s_t, 2) - Σ_c C(n_tc, 2) - (1 - u) · (pairs at t involving an unknown value)

with n_tc the known members of category c at t and u the unknown-pair distance. The
three terms are bounded separately (sound for any plan):

* Σ_t C(s_t, 2): maximised over feasible size vectors (a small DP; fixed sizes: exact);
* Σ_t Σ_c C(n_tc, 2): smallest when every category is spread as evenly as possible;
* unknown pairs k_t (s_t - k_t) + C(k_t, 2): concave in k_t, smallest when unknowns are
  concentrated (DP over tables).

The bound is exact (reached by a round-robin over the sorted values) for equal table
sizes, no unknown values and one dimension; correlated dimensions, unequal sizes and
unknowns loosen it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Dimension


def _c2(x: np.ndarray | int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x * (x - 1) / 2.0


def _even(count: int, K: int) -> float:
    q, r = divmod(int(count), K)
    return float(r * _c2(q + 1) + (K - r) * _c2(q))


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
) -> float:
    """Upper bound on Σ over tables of within-table weighted Gower distances.

    Give either fixed table ``sizes`` (summing to the number of rows of ``values``) or
    ``ranges`` [(min, max), ...] per table. ``values`` uses -1 for unknown.
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
                low = int((known <= theta).sum())
                sub += _even(low, K) + _even(len(known) - low, K)
            value = pairs - sub / R - unk
        else:
            counts = np.bincount(known, minlength=1) if len(known) else np.zeros(1, dtype=np.int64)
            value = pairs - sum(_even(int(c), K) for c in counts if c) - unk
        total += dim.weight * value
    return float(total)


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
