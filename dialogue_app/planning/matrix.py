"""Maximally diverse grouping on a raw distance matrix (the MDGPLIB benchmark's entry).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import SearchOutcome, SearchParams, search
from .unitproblem import CoreProblem


def random_sizes(lo: np.ndarray, hi: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Random group sizes within [lo, hi] summing to n (requires sum lo <= n <= sum hi)."""
    sizes = np.array(lo, dtype=np.int64).copy()
    rest = n - int(sizes.sum())
    room = np.asarray(hi) - sizes
    while rest > 0:
        open_ = np.flatnonzero(room > 0)
        g = int(rng.choice(open_))
        sizes[g] += 1
        room[g] -= 1
        rest -= 1
    return sizes


def solve_matrix(
    d: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    seconds: float | None = 3.0,
    seed: int | None = 0,
    max_iterations: int | None = None,
    progress: Callable[[float, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    params: SearchParams | None = None,
) -> SearchOutcome:
    """Maximally diverse grouping on a raw distance matrix with group size ranges.

    The same search as ``plan`` without side rules (used by the MDGPLIB benchmark).
    """
    d = np.asarray(d, dtype=np.float64)
    n = d.shape[0]
    lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
    if lo.sum() > n or hi.sum() < n:
        raise ValueError("group size ranges cannot hold n elements")
    rng = np.random.default_rng(seed)
    sizes = random_sizes(lo, hi, n, rng)
    p0 = rng.permutation(np.repeat(np.arange(len(lo)), sizes))
    D = d.copy()
    np.fill_diagonal(D, 0.0)
    cp = CoreProblem(D=D, lo=lo, hi=hi)
    return search(
        cp,
        p0,
        seconds=seconds,
        seed=None if seed is None else seed + 1,
        max_iterations=max_iterations,
        progress=progress,
        should_stop=should_stop,
        params=params,
    )
