"""Public planning entry points: ``plan`` and ``plan_rounds``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from .construct import construct
from .core import SearchParams, bound_tolerance, search
from .distance import base_distance, search_distance
from .feasibility import check_feasibility
from .isolation import IsolationRule, unit_counts
from .model import Infeasibility, PlanProblem, PlanResult
from .repair import polish, repair
from .report import evaluate, problem_bound, table_scores
from .rules import Compiled, compile_problem, core_problem
from .spread import spread, unknown_counts
from .state import State
from .unitproblem import CoreProblem
from .validate import validate

Progress = Callable[[float, float], None]
StopFlag = Callable[[], bool]


def plan(
    problem: PlanProblem,
    seconds: float | None = 5.0,
    seed: int = 0,
    progress: Progress | None = None,
    should_stop: StopFlag | None = None,
    max_iterations: int | None = None,
    params: SearchParams | None = None,
    incumbent: np.ndarray | None = None,
    start: np.ndarray | None = None,
) -> PlanResult:
    """Plan one round: maximise within-table diversity under all hard rules.

    Runs ``check_feasibility`` first; when it reports anything, nothing is planned and
    the result has ``feasible=False`` and the reasons. Otherwise builds a feasible start
    and runs the iterated maxima search until ``seconds`` pass, ``max_iterations``
    iterations (blocks of ten weak steps) are done or ``should_stop()`` returns True (the
    best plan is kept; with no limit at all, 200 iterations).
    A last pass (``spread.spread``) then brings every table within one person of its fair
    share of people who did not say, on every dimension, where moves that keep every hard
    rule and leave nobody more alone can.
    ``progress(best_objective, fraction_done)`` is called now and then. Deterministic for
    a given ``seed`` when limited by ``max_iterations`` (``seconds=None``).
    ``incumbent`` (e.g. the plan stored now): when it seats every attending person,
    keeps every hard rule and is at least as good as the search's plan (fewer people alone on
    "don't isolate" dimensions, then a higher objective), it is returned instead, with
    ``kept_incumbent`` set, so that planning again never makes a plan worse.
    ``start`` (e.g. the plan stored now): when it seats every attending person and keeps
    every hard rule, the search starts from it instead of from a plan built afresh, so
    that planning again goes on where the last search stopped; otherwise it is ignored.
    """
    t0 = time.perf_counter()
    if seconds is None and max_iterations is None and should_stop is None:
        max_iterations = 200  # never run unbounded
    n = problem.n_people
    none = np.full(n, -1, dtype=np.int64)
    reasons = check_feasibility(problem)
    if reasons:
        return PlanResult(assignment=none, feasible=False, infeasibilities=reasons, seconds=time.perf_counter() - t0)
    c = compile_problem(problem)
    base = base_distance(problem)
    full = search_distance(problem, base)
    local = full[np.ix_(c.people, c.people)]
    # the bound's costly parts (cached) are computed first so that they count against the budget;
    # when no pair is worth more to the search than its base distance (no soft pair
    # wishes) the search's objective never exceeds it, so a plan that reaches it is
    # optimal and the search stops there
    plain_bound = problem_bound(problem, base)
    # (people who did not say are re-priced to spread them, which can lift a pair above its
    # base distance: then the bound is no bound on the objective and the search runs on)
    target = plain_bound if problem.distance is None and not (full > base + 1e-12).any() else None
    assignment = none.copy()
    iterations, objective, stopped = 0, 0.0, False
    if len(c.people):
        cp = core_problem(c, local)
        rng = np.random.default_rng(seed)
        p0 = _start_units(problem, c, start) if start is not None else None
        if p0 is None:
            p0 = construct(c, cp, rng)
        if p0 is None:
            return PlanResult(assignment=none, feasible=False, infeasibilities=[Infeasibility("no_feasible_start")],
                              seconds=time.perf_counter() - t0)
        X = [] if problem.values is None or not problem.avoid_isolation else unit_counts(
            problem.dims, np.asarray(problem.values)[c.people], c.unit_of, len(c.units))
        if X:
            # one person alone outweighs four pairs of entirely different people: the
            # fewest people alone first, then diversity (enumeration tests check both)
            top = float(np.abs(cp.D).max()) if cp.m > 1 else 0.0
            cp.iso = IsolationRule(X, 4.0 * top if top > 0 else 1.0)
        left = None if seconds is None else max(0.0, seconds - (time.perf_counter() - t0))
        search_left = left if left is None or not X else ISOLATION_SHARE_OF_SEARCH * left
        search_progress = progress
        if X and progress is not None:
            def search_progress(best: float, frac: float) -> None:  # repair and polish take the rest
                progress(best, ISOLATION_SHARE_OF_SEARCH * frac)
        out = search(cp, p0, seconds=search_left, seed=seed + 1, max_iterations=max_iterations,
                     progress=search_progress, should_stop=should_stop, params=params, target=target)
        optimal = target is not None and out.objective >= target - bound_tolerance(target, cp.eps)
        if X and not out.stopped and not optimal:
            final = _avoid_isolation(cp, out.p, t0, seconds, should_stop, params or SearchParams())
        else:
            final = State(cp, out.p)
        if _spreads(problem) and not (should_stop is not None and should_stop()):
            H = unknown_counts(np.asarray(problem.values)[c.people], c.unit_of, len(c.units))
            spread(final, H, _spread_stop(t0, seconds, should_stop))
        p, objective = final.p, final.diversity()
        if X and progress is not None:
            progress(objective, 1.0)
        assignment[c.people] = p[c.unit_of]
        iterations, stopped = out.iterations, out.stopped
    # the bound above warmed the caches; with "don't isolate" it is now narrowed to the
    # plans that leave no more people alone than this one
    result = evaluate(problem, assignment, base)
    result.objective = objective
    if incumbent is not None:
        kept = _better_incumbent(problem, full, result, np.asarray(incumbent, dtype=np.int64), base)
        if kept is not None:
            result = kept
    result.iterations = iterations
    result.stopped = stopped
    result.proven_optimal = _proven_optimal(problem, result)
    result.seconds = time.perf_counter() - t0
    return result


def _spread_stop(t0: float, seconds: float | None, should_stop: Callable[[], bool] | None) -> Callable[[], bool]:
    """When the last pass stops: at the end of the plan's time limit, or a fifth of the limit after
    the search when the search used all of it (the limit stays a cap, within 20 %; at 2,000 people
    an uncapped pass took 50 s beyond a 10-s budget). No time limit (``max_iterations`` alone): the
    pass runs to its end, so the plan stays reproducible."""
    if seconds is None:
        return should_stop or (lambda: False)
    deadline = max(t0 + seconds, time.perf_counter() + 0.2 * seconds)
    return lambda: time.perf_counter() > deadline or (should_stop is not None and should_stop())


def _spreads(problem: PlanProblem) -> bool:
    """People who did not say are spread over the tables (``PlanProblem.spread_unknowns``)."""
    return problem.values is not None and problem.distance is None and problem.spread_unknowns


def _proven_optimal(problem: PlanProblem, result: PlanResult) -> bool:
    """The plan's score reaches the upper bound, leaving nobody alone where the planner
    avoids it: no plan of these people can mix more."""
    ub = result.upper_bound
    if ub is None or not result.feasible or result.violations:
        return False
    honour = problem.values is not None and problem.avoid_isolation
    if honour and result.isolated:
        return False
    return result.score >= ub - bound_tolerance(ub)


def _complete(problem: PlanProblem, a: np.ndarray) -> bool:
    """``a`` has one table (in range) for every attending person and none for the others."""
    attending = np.array([p.attending for p in problem.people], dtype=bool)
    if a.shape != (problem.n_people,) or not np.array_equal(a >= 0, attending):
        return False
    return not np.any(a >= problem.n_tables)


def _start_units(problem: PlanProblem, c: Compiled, start: np.ndarray) -> np.ndarray | None:
    """The unit assignment of ``start`` when it is complete, keeps every hard rule and
    seats the members of each unit together; else None (a fresh start is built)."""
    a = np.asarray(start, dtype=np.int64)
    if not _complete(problem, a) or validate(problem, a):
        return None
    local = a[c.people]
    p0 = np.zeros(len(c.units), dtype=np.int64)
    p0[c.unit_of] = local
    return p0 if np.array_equal(p0[c.unit_of], local) else None


def _better_incumbent(problem: PlanProblem, full: np.ndarray, result: PlanResult, incumbent: np.ndarray,
                      base: np.ndarray) -> PlanResult | None:
    """The incumbent's report when it is a complete, valid plan at least as good as ``result``."""
    if not _complete(problem, incumbent):
        return None
    honour = problem.values is not None and problem.avoid_isolation

    def key(r: PlanResult) -> tuple[int, float]:
        alone = len(r.isolated) if honour else 0
        return -alone, float(table_scores(full, r.assignment, problem.n_tables).sum())

    other = evaluate(problem, incumbent, base)
    if other.violations:
        return None
    mine, theirs = key(result), key(other)
    eps = 1e-9 * max(1.0, abs(mine[1]))
    # a tie keeps the incumbent: no seat changes for nothing
    if theirs[0] < mine[0] or (theirs[0] == mine[0] and theirs[1] < mine[1] - eps):
        return None
    other.objective = theirs[1]
    other.kept_incumbent = True
    return other


#: share of the time left after the start that the iterated search gets when some
#: dimension is marked "don't isolate" (the rest polishes after the repair)
ISOLATION_SHARE_OF_SEARCH = 0.9


def _avoid_isolation(cp: CoreProblem, p: np.ndarray, t0: float, seconds: float | None,
                     should_stop: StopFlag | None, params: SearchParams) -> State:
    """Remove the isolations the search left where a single move can, then polish
    diversity without adding any back."""
    st = State(cp, p)

    def cancelled() -> bool:
        return should_stop is not None and should_stop()

    def late() -> bool:
        return cancelled() or (seconds is not None and time.perf_counter() - t0 >= seconds)

    repair(st, cancelled)
    polish(st, params.chunk_elems, late)
    return st


@dataclass
class RoundsResult:
    """Outcome of ``plan_rounds``: one ``PlanResult`` per round plus repeat statistics.

    ``repeated_pairs[r]``: pairs seated together in round r who already met (in an
    earlier round or in ``problem.met_before``), not counting *forced* pairs (same
    keep-together group or host/guest, or both locked to the same table), which meet in
    every round; ``forced_pairs`` is their number. ``scores[r]``: diversity of round r.
    """

    rounds: list[PlanResult]
    repeated_pairs: list[int] = field(default_factory=list)
    forced_pairs: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        """True when every round could be planned."""
        return all(r.feasible for r in self.rounds)


def pairs_of(assignment: np.ndarray) -> set[tuple[int, int]]:
    """All unordered pairs (i < j) seated at the same table."""
    a = np.asarray(assignment)
    out: set[tuple[int, int]] = set()
    for g in np.unique(a[a >= 0]):
        idx = np.flatnonzero(a == g).tolist()
        out.update((x, y) for k, x in enumerate(idx) for y in idx[k + 1 :])
    return out


def forced_pairs(problem: PlanProblem, assignment: np.ndarray | None = None,
                 fixed: np.ndarray | None = None) -> set[tuple[int, int]]:
    """Pairs that every valid plan seats together (units and shared locks).

    Locks are the problem's ``locked_table`` values; with ``assignment`` and ``fixed`` (one
    flag per person) the people flagged count as locked at their table in ``assignment``
    instead, so a hand-edited plan can be judged with its current locks."""
    c = compile_problem(problem)
    out: set[tuple[int, int]] = set()
    groups = [c.people[m] for m in c.units]
    if fixed is None:
        lock = c.lock
    else:
        a, f = np.asarray(assignment), np.asarray(fixed, dtype=bool)
        lock = np.full(len(c.units), -1, dtype=np.int64)
        for u, members in enumerate(c.units):
            tables = {int(a[c.people[k]]) for k in members if f[c.people[k]] and a[c.people[k]] >= 0}
            if len(tables) == 1:
                lock[u] = tables.pop()
    for g in range(problem.n_tables):
        locked = [int(c.people[k]) for u in np.flatnonzero(lock == g) for k in c.units[u]]
        groups.append(np.array(locked, dtype=np.int64))
    for grp in groups:
        idx = sorted(int(x) for x in grp)
        out.update((x, y) for k, x in enumerate(idx) for y in idx[k + 1 :])
    return out


def max_repeat_free_rounds(n: int, table_size: int) -> int:
    """Upper limit ⌊(n-1)/(s-1)⌋ on rounds in which nobody meets anybody twice."""
    return (n - 1) // max(1, table_size - 1)


def plan_rounds(
    problem: PlanProblem,
    rounds: int,
    seconds: float | None = 5.0,
    seed: int = 0,
    progress: Progress | None = None,
    should_stop: StopFlag | None = None,
    max_iterations: int | None = None,
    params: SearchParams | None = None,
) -> RoundsResult:
    """Plan ``rounds`` successive rounds so that people meet new people.

    Round r maximises d - λ·[met before] (λ = ``problem.repeat_penalty`` or, by default,
    above the largest gain of a single move), so repeats only happen when unavoidable.
    ``seconds`` is the budget per round; ``progress`` gets the overall fraction.
    """
    met = list(problem.met_before)
    seen = {(min(a, b), max(a, b)) for a, b in met}
    forced = forced_pairs(problem)
    out = RoundsResult(rounds=[], forced_pairs=len(forced))
    for r in range(rounds):
        sub = replace(problem, met_before=list(met))

        def prog(best: float, frac: float, r: int = r) -> None:
            if progress is not None:
                progress(best, (r + frac) / rounds)

        res = plan(sub, seconds=seconds, seed=seed + 7919 * r, progress=prog, should_stop=should_stop,
                   max_iterations=max_iterations, params=params)
        out.rounds.append(res)
        if not res.feasible:
            break
        pairs = pairs_of(res.assignment)
        out.repeated_pairs.append(len((pairs & seen) - forced))
        out.scores.append(res.score)
        seen |= pairs
        met.extend(pairs)
        if should_stop is not None and should_stop():
            break
    return out
