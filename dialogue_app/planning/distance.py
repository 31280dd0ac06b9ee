"""Weighted Gower distance between people."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Dimension, PlanProblem


def dimension_distance(dim: Dimension, col: np.ndarray, unknown: float = 0.5) -> np.ndarray:
    """Unweighted distance (0..1) of one dimension for every pair; unknown pairs get ``unknown``."""
    col = np.asarray(col, dtype=np.int64)
    known = col >= 0
    if dim.kind == "ordinal":
        span = max(1, dim.n_categories - 1)
        d = np.abs(col[:, None] - col[None, :]) / span
    elif dim.kind == "nominal":
        d = (col[:, None] != col[None, :]).astype(np.float64)
    else:
        raise ValueError(f"unknown dimension kind {dim.kind!r}")
    d = np.where(known[:, None] & known[None, :], d, unknown)
    np.fill_diagonal(d, 0.0)
    return d


def distance_matrix(dims: Sequence[Dimension], values: np.ndarray, unknown: float = 0.5) -> np.ndarray:
    """Weighted Gower distance matrix (n x n, zero diagonal).

    d(i, j) = sum over dimensions of weight * δ, with δ = 1 for different nominal
    categories, |a - b| / (n_categories - 1) for ordinal ones and ``unknown`` (default
    0.5) when either value is -1 ("prefer not to say"). Weights are not normalised.
    """
    values = np.asarray(values, dtype=np.int64)
    if values.ndim != 2 or values.shape[1] != len(dims):
        raise ValueError("values must be an (n_people, n_dims) matrix")
    if not 0.0 <= unknown <= 1.0:
        raise ValueError("unknown must lie in [0, 1]")
    n = values.shape[0]
    out = np.zeros((n, n), dtype=np.float64)
    for k, dim in enumerate(dims):
        if dim.weight:
            out += dim.weight * dimension_distance(dim, values[:, k], unknown)
    return out


def base_distance(problem: PlanProblem) -> np.ndarray:
    """The diversity distance of a problem (explicit matrix, else Gower on dims/values)."""
    if problem.distance is not None:
        d = np.array(problem.distance, dtype=np.float64)
        np.fill_diagonal(d, 0.0)
        return d
    if problem.values is None:
        return np.zeros((problem.n_people, problem.n_people))
    return distance_matrix(problem.dims, problem.values, problem.unknown)


def repeat_penalty(problem: PlanProblem, d: np.ndarray) -> float:
    """Penalty per repeated pair: above the largest gain any single move can bring."""
    if problem.repeat_penalty is not None:
        return float(problem.repeat_penalty)
    smax = max((t.max_size for t in problem.tables), default=1)
    return float(smax * (np.abs(d).max() if d.size else 1.0) + 1.0)


def search_distance(problem: PlanProblem, d: np.ndarray | None = None) -> np.ndarray:
    """Distance the search maximises: base + soft pair terms - repeat penalties."""
    base = base_distance(problem) if d is None else d
    out = base.copy()
    for (i, j), bonus in problem.soft_pairs.items():
        if i != j:
            out[i, j] += bonus
            out[j, i] += bonus
    if len(problem.met_before):
        lam = repeat_penalty(problem, out)
        pairs = np.asarray(list(problem.met_before), dtype=np.int64).reshape(-1, 2)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        np.subtract.at(out, (pairs[:, 0], pairs[:, 1]), lam)
        np.subtract.at(out, (pairs[:, 1], pairs[:, 0]), lam)
    return out
