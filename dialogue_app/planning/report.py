"""Scores, explanations and warnings for an assignment (no text, only data)."""

from __future__ import annotations

import numpy as np

from .bound import upper_bound, upper_bound_matrix
from .distance import base_distance
from .model import DimensionSummary, PlanProblem, PlanResult, TableReport
from .rules import UnionFind
from .validate import validate


def table_scores(d: np.ndarray, assignment: np.ndarray, K: int) -> np.ndarray:
    """Σ of within-table distances per table (people with assignment -1 are ignored)."""
    a = np.asarray(assignment)
    out = np.zeros(K)
    for g in range(K):
        idx = np.flatnonzero(a == g)
        if len(idx) > 1:
            out[g] = 0.5 * d[np.ix_(idx, idx)].sum()
    return out


def blau(counts: dict[int, int]) -> float:
    """Blau heterogeneity index 1 - Σ p² over known categories (0 when nobody is known)."""
    known = np.array([c for cat, c in counts.items() if cat >= 0], dtype=np.float64)
    if known.sum() <= 0:
        return 0.0
    p = known / known.sum()
    return float(1.0 - (p * p).sum())


def isolated_people(problem: PlanProblem, assignment: np.ndarray) -> list[tuple[int, int]]:
    """(person, dimension) pairs: the only one of their (known) category at their table,
    on dimensions marked ``dont_isolate``."""
    out: list[tuple[int, int]] = []
    if problem.values is None:
        return out
    a = np.asarray(assignment)
    vals = np.asarray(problem.values)
    for k, dim in enumerate(problem.dims):
        if not dim.dont_isolate:
            continue
        for g in range(problem.n_tables):
            idx = np.flatnonzero(a == g)
            col = vals[idx, k]
            for i, v in zip(idx, col, strict=True):
                if v >= 0 and (col == v).sum() == 1:
                    out.append((int(i), k))
    return sorted(out)


_RANDOM_ALONE_CACHE: dict[tuple, float] = {}


def random_isolated(problem: PlanProblem, assignment: np.ndarray) -> float | None:
    """Expected number of seated people who would be the only one of their (known)
    category at their table, on some ``dont_isolate`` dimension, if the same people were
    seated at random at tables of the same sizes; None without such a dimension.

    Exact, not sampled: person i sits at a table of size s with probability s / N, and is
    alone on every dimension of a set T when none of the s - 1 others comes from the U
    people who share i's category on some dimension of T (probability
    C(N-1-U, s-1) / C(N-1, s-1)); inclusion-exclusion over the sets T gives "alone on at
    least one"."""
    dims = [k for k, dim in enumerate(problem.dims) if dim.dont_isolate]
    if problem.values is None or not dims:
        return None
    a = np.asarray(assignment, dtype=np.int64)
    seated = np.flatnonzero(a >= 0)
    N = len(seated)
    if N == 0:
        return 0.0
    vals = np.asarray(problem.values, dtype=np.int64)[np.ix_(seated, np.asarray(dims, dtype=np.int64))]
    sizes = np.bincount(a[seated])
    sizes = sizes[sizes > 0]
    key = (tuple(dims), vals.tobytes(), vals.shape, sizes.tobytes())
    if key in _RANDOM_ALONE_CACHE:
        return _RANDOM_ALONE_CACHE[key]
    size_values, size_counts = np.unique(sizes, return_counts=True)

    def p_alone(U: np.ndarray) -> np.ndarray:
        """P(none of the s - 1 table mates is among U given people), averaged over i's table."""
        out = np.zeros(len(U))
        for s, cnt in zip(size_values.tolist(), size_counts.tolist(), strict=True):
            ratio = np.ones(len(U))
            for r in range(s - 1):
                ratio *= np.clip(N - 1 - U - r, 0, None) / max(1, N - 1 - r)
            out += cnt * s / N * ratio
        return out

    same = [(vals[:, c][:, None] == vals[:, c][None, :]) & (vals[:, c] >= 0)[:, None] for c in range(len(dims))]
    known = [vals[:, c] >= 0 for c in range(len(dims))]
    eye = np.eye(N, dtype=bool)
    total = np.zeros(N)
    for mask in range(1, 1 << len(dims)):
        members = [c for c in range(len(dims)) if mask >> c & 1]
        union = np.zeros((N, N), dtype=bool)
        ok = np.ones(N, dtype=bool)
        for c in members:
            union |= same[c]
            ok &= known[c]
        U = (union & ~eye).sum(axis=1)
        sign = 1.0 if len(members) % 2 else -1.0
        total += sign * np.where(ok, p_alone(U), 0.0)
    result = float(total.sum())
    _RANDOM_ALONE_CACHE[key] = result
    while len(_RANDOM_ALONE_CACHE) > 16:
        _RANDOM_ALONE_CACHE.pop(next(iter(_RANDOM_ALONE_CACHE)))
    return result


def explain(problem: PlanProblem, assignment: np.ndarray, scores: np.ndarray) -> list[TableReport]:
    """Per table: size, score and, per dimension, category counts and Blau index."""
    a = np.asarray(assignment)
    vals = None if problem.values is None else np.asarray(problem.values)
    out = []
    for g in range(problem.n_tables):
        idx = np.flatnonzero(a == g)
        summaries = []
        if vals is not None:
            for k in range(len(problem.dims)):
                cats, cnt = np.unique(vals[idx, k], return_counts=True)
                counts = {int(c): int(x) for c, x in zip(cats, cnt, strict=True)}
                summaries.append(DimensionSummary(k, counts, blau(counts)))
        out.append(TableReport(g, len(idx), float(scores[g]), tuple(summaries)))
    return out


_BOUND_CACHE: dict[tuple, float | None] = {}


def bound_groups(problem: PlanProblem, att: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Rows of ``att`` (attending people) that every plan seats together: keep-together
    groups and hosts with guests (glued into units), merged with people locked to the
    same table."""
    local = {int(i): k for k, i in enumerate(att)}
    uf = UnionFind(len(att))
    for group in problem.together:
        rows = [local[i] for i in group if i in local]
        for r in rows[1:]:
            uf.union(rows[0], r)
    first_at: dict[int, int] = {}
    for i, k in local.items():
        person = problem.people[i]
        if person.host is not None and person.host in local:
            uf.union(k, local[person.host])
        if person.locked_table is not None:
            uf.union(k, first_at.setdefault(person.locked_table, k))
    members: dict[int, list[int]] = {}
    for k in range(len(att)):
        members.setdefault(uf.find(k), []).append(k)
    return tuple(tuple(m) for m in members.values() if len(m) > 1)


def alone_profile(problem: PlanProblem, isolated: list[tuple[int, int]]) -> tuple[dict[int, int] | None, ...]:
    """Per dimension: {category: people of it alone at their table} for the nominal
    "don't isolate" dimensions the planner honours, else None (see ``upper_bound``);
    ``isolated`` as from ``isolated_people``."""
    if problem.values is None or not problem.avoid_isolation:
        return ()
    out: list[dict[int, int] | None] = [None] * len(problem.dims)
    vals = np.asarray(problem.values)
    for person, k in isolated:
        if problem.dims[k].kind == "nominal":
            c = int(vals[person, k])
            row = out[k]
            if row is None:
                row = {}
            row[c] = row.get(c, 0) + 1
            out[k] = row
    for k, dim in enumerate(problem.dims):
        if dim.dont_isolate and dim.kind == "nominal" and out[k] is None:
            out[k] = {}
    return tuple(out) if any(x is not None for x in out) else ()


def problem_bound(problem: PlanProblem, d: np.ndarray | None = None,
                  assignment: np.ndarray | None = None,
                  isolated: list[tuple[int, int]] | None = None) -> float | None:
    """Upper bound on the diversity score of any plan of the problem (cached: the same
    people, values and tables give the same bound, e.g. across rounds). With an
    ``assignment`` and "don't isolate" dimensions that the planner honours, the bound
    holds for the plans that leave no more people of each group alone than it does (the
    rule costs diversity; a bound that ignores it would hide how good the plan is).
    ``isolated``: the assignment's ``isolated_people``, when already known."""
    att = np.array([i for i, p in enumerate(problem.people) if p.attending], dtype=np.int64)
    ranges = [(t.min_size, t.max_size) for t in problem.tables]
    if problem.distance is None and problem.values is not None and len(problem.dims):
        vals = np.ascontiguousarray(np.asarray(problem.values, dtype=np.int64)[att])
        groups = bound_groups(problem, att)
        if assignment is not None and isolated is None:
            isolated = isolated_people(problem, assignment)
        alone = () if isolated is None else alone_profile(problem, isolated)
        frozen = tuple(None if a is None else tuple(sorted(a.items())) for a in alone)
        key = (vals.tobytes(), vals.shape, tuple(problem.dims), tuple(ranges), problem.unknown, groups, frozen)
        if key not in _BOUND_CACHE:
            try:
                _BOUND_CACHE[key] = upper_bound(problem.dims, vals, ranges=ranges, unknown=problem.unknown,
                                                groups=groups, alone=alone)
            except ValueError:
                _BOUND_CACHE[key] = None
            while len(_BOUND_CACHE) > 16:
                _BOUND_CACHE.pop(next(iter(_BOUND_CACHE)))
        return _BOUND_CACHE[key]
    if d is None:
        d = base_distance(problem)
    return upper_bound_matrix(d[np.ix_(att, att)], [t.max_size for t in problem.tables])


def evaluate(problem: PlanProblem, assignment: np.ndarray, d: np.ndarray | None = None,
             bound: float | None = None) -> PlanResult:
    """Full report (scores, bound, regret, isolation, explanations, violations) for any
    assignment, e.g. one edited by hand."""
    a = np.asarray(assignment, dtype=np.int64)
    if d is None:
        d = base_distance(problem)
    K = problem.n_tables
    scores = table_scores(d, a, K)
    score = float(scores.sum())
    isolated = isolated_people(problem, a)
    ub = problem_bound(problem, d, a, isolated) if bound is None else bound
    seated = np.flatnonzero(a >= 0)
    sizes = np.bincount(a[seated], minlength=K) if len(seated) else np.zeros(K, dtype=np.int64)
    rnd = None
    if len(seated) > 1:
        sub = d[np.ix_(seated, seated)]
        mean = float(sub.sum() / (len(seated) * (len(seated) - 1)))
        rnd = mean * float((sizes * (sizes - 1) / 2).sum())
    share = score / ub if ub else None
    regret = None
    if ub is not None and rnd is not None and ub - rnd > 1e-12:
        regret = (ub - score) / (ub - rnd)
    used = np.flatnonzero(sizes > 0)
    # worst table by mean pair distance, so that small tables are not always "worst"
    pairs = np.maximum(1.0, sizes * (sizes - 1) / 2.0)
    worst = int(used[np.argmin(scores[used] / pairs[used])]) if len(used) else None
    return PlanResult(
        assignment=a, feasible=True, score=score, objective=score, upper_bound=ub, share_of_bound=share,
        random_score=rnd, normalised_regret=regret, table_scores=scores, worst_table=worst,
        isolated=isolated, tables=explain(problem, a, scores),
        violations=validate(problem, a),
    )
