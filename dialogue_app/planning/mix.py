"""How mixed a table could be at most: the yardstick that turns a table's diversity score
into a share people can read ("mix 87 %").

For a table of ``s`` people the most mixed table is bounded dimension by dimension: on a
nominal dimension the ``s`` people are spread as evenly over the categories as the event's
people allow (each category has only so many people; a "prefer not to say" value scores
``unknown`` against anyone), on an ordinal one they are pushed to the two ends of the scale
as far as the people at each level allow. The sum over the dimensions (times their
weights) is an upper bound on any table of ``s`` of the event's people; a table reaching it
is as mixed as this event's people allow. Pure NumPy, no text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .distance import base_distance
from .model import Dimension, PlanProblem


def _pairs(n: int) -> float:
    return n * (n - 1) / 2.0


def _nominal_known(k: int, supplies: Sequence[int]) -> float:
    """Most pairs with different categories among ``k`` people taken from ``supplies``
    (None when ``k`` people are not available)."""
    if k > sum(supplies):
        return -1.0
    counts = [0] * len(supplies)
    for _ in range(k):  # water-filling: the next person joins the smallest category left
        best = min((c for c in range(len(supplies)) if counts[c] < supplies[c]), key=lambda c: counts[c])
        counts[best] += 1
    return _pairs(k) - sum(_pairs(n) for n in counts)


def _ordinal_known(k: int, supplies: Sequence[int], steps: int) -> float:
    """Largest Σ |a - b| / steps over pairs of ``k`` people taken from level ``supplies``.

    Σ_pairs |a - b| = Σ_thresholds (people at or below t) · (people above t): a DP over the
    levels with the number placed so far as state."""
    if k > sum(supplies):
        return -1.0
    neg = -1.0
    dp = [neg] * (k + 1)
    dp[0] = 0.0
    for level, supply in enumerate(supplies):
        nxt = [neg] * (k + 1)
        for c, value in enumerate(dp):
            if value < 0:
                continue
            for add in range(0, min(supply, k - c) + 1):
                c2 = c + add
                # threshold after this level (none after the last)
                gain = c2 * (k - c2) if level < len(supplies) - 1 else 0
                if value + gain > nxt[c2]:
                    nxt[c2] = value + gain
        dp = nxt
    return dp[k] / max(1, steps)


def dimension_max(dim: Dimension, column: np.ndarray, size: int, unknown: float = 0.5) -> float:
    """Largest unweighted score of one dimension at a table of ``size`` people taken from
    the people whose values are ``column`` (-1: unknown)."""
    col = np.asarray(column, dtype=np.int64)
    n_unknown = int((col < 0).sum())
    n_cat = max(int(dim.n_categories), int(col.max()) + 1 if len(col) else 0)
    supplies = np.bincount(col[col >= 0], minlength=n_cat).tolist()
    best = 0.0
    for u in range(0, min(n_unknown, size) + 1):
        k = size - u
        if dim.kind == "ordinal":
            known = _ordinal_known(k, supplies, max(1, dim.n_categories - 1))
        else:
            known = _nominal_known(k, supplies)
        if known < 0:
            continue
        best = max(best, known + unknown * (_pairs(size) - _pairs(k)))
    return best


def table_max_scores(problem: PlanProblem, sizes: Iterable[int],
                     d: np.ndarray | None = None) -> dict[int, float]:
    """For each table size: the most mixed score a table of that many of the problem's
    attending people could have (an upper bound; see the module's docstring)."""
    wanted = sorted({int(s) for s in sizes if int(s) > 1})
    att = np.array([i for i, p in enumerate(problem.people) if p.attending], dtype=np.int64)
    out: dict[int, float] = {}
    if problem.distance is not None or problem.values is None or not len(problem.dims):
        if d is None:
            d = base_distance(problem)
        top = float(d[np.ix_(att, att)].max()) if len(att) > 1 else 0.0
        return {s: top * _pairs(s) for s in wanted}
    vals = np.asarray(problem.values, dtype=np.int64)[att]
    for s in wanted:
        if s > len(att):
            continue
        out[s] = float(sum(dim.weight * dimension_max(dim, vals[:, k], s, problem.unknown)
                           for k, dim in enumerate(problem.dims) if dim.weight))
    return out


def table_mix(score: float, size: int, maxima: dict[int, float]) -> float | None:
    """A table's score as a share of the most mixed table of its size (None below two people)."""
    top = maxima.get(int(size))
    if size < 2 or not top:
        return None
    return min(1.0, max(0.0, score / top))
