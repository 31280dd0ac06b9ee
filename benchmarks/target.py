"""Issue 34's yardstick: plans at the app's default budget against the best-known plans.

The app's budget is wall-clock time (5 s up to 240 people, 10 s at 480, 30 s at 2,000), but
on a loaded machine a wall-clock run gets a fraction of a core, so the benchmark plans a
fixed amount of work instead: the number of iterations the search does in that many *CPU*
seconds, measured per size and mode with two short pilot runs (``iterations_for``: the
planner's fixed cost and its cost per iteration). Plans limited by iterations are also
exactly repeatable. Reported: the median share of the best-known plan's score and of the
upper bound, people alone against the best-known plan, CPU seconds, and whether the issue's
targets hold (median within 0.1 % of the best known at 120 and 480 people, 0.3 % at 2,000,
with "don't isolate" on; nobody more alone than the best-known plan).
"""

from __future__ import annotations

import statistics
import time

from benchmarks.best_known import MODES, key, load
from benchmarks.realistic import generate
from dialogue_app.planning import PlanProblem, PlanResult, plan

#: the app's default planning budget by size (seconds)
APP_BUDGET = {48: 5.0, 120: 5.0, 240: 5.0, 480: 10.0, 2000: 30.0}
#: the issue's targets: largest median gap to the best known (share), by size
TARGET_GAP = {120: 0.001, 480: 0.001, 2000: 0.003}
EVENTS = 3


def iterations_for(problem: PlanProblem, cpu_seconds: float, seed: int = 0) -> int:
    """Iterations the planner does on ``problem`` in ``cpu_seconds`` of one core: two pilot
    runs, of 100 and 400 iterations, give its fixed cost (start, bound, repair, polish) and
    its cost per iteration. (A pilot of a few iterations would overstate the fixed cost:
    the repair and polish after a very short search take much longer.)"""
    costs = []
    for its in (100, 400):
        c0 = time.process_time()
        plan(problem, seconds=None, seed=seed, max_iterations=its)
        costs.append(time.process_time() - c0)
    per = max(1e-6, (costs[1] - costs[0]) / 300)
    fixed = max(0.0, costs[0] - 100 * per)
    return max(10, round((cpu_seconds - fixed) / per))


def alone(result: PlanResult) -> int:
    """People alone with their origin or religion at their table."""
    return len({p for p, _ in result.isolated})


def report(sizes: list[int], seeds: int, modes: tuple[str, ...] = ("isolate", "plain")) -> int:
    """Print the yardstick table (see the module docstring) for ``modes``; returns 0."""
    data = load()["plans"]
    print("median over 3 events x seeds; gap = 1 - score / best-known score; budget as CPU seconds")
    print(f"{'n':>5} {'mode':>8} {'iters':>6} {'CPU s':>6} {'% best':>8} {'worst':>8} {'% bound':>8} "
          f"{'alone':>5} {'best alone':>10} {'target':>8}")
    for n in sizes:
        budget = APP_BUDGET.get(n, 10.0)
        for mode in modes:
            its = iterations_for(generate(n, 0, frozenset(MODES[mode])), budget)
            rows = []
            for event in range(EVENTS):
                best = data.get(key(n, event, mode))
                problem = generate(n, event, frozenset(MODES[mode]))
                for seed in range(seeds):
                    c0 = time.process_time()
                    res = plan(problem, seconds=None, seed=seed, max_iterations=its)
                    cpu = time.process_time() - c0
                    ref = best["score"] if best else float("nan")
                    rows.append((res.score / ref, res.share_of_bound or 0.0, alone(res), best["alone"] if best else -1, cpu,
                                 len(res.violations)))
            share = statistics.median(r[0] for r in rows)
            more_alone = sum(r[2] > r[3] for r in rows)
            verdict = "—"
            if mode == "isolate" and n in TARGET_GAP:
                met = 1 - share <= TARGET_GAP[n] and not more_alone
                verdict = "met" if met else "missed"
            print(f"{n:5d} {mode:>8} {its:6d} {statistics.median(r[4] for r in rows):6.1f} {100 * share:7.2f}% "
                  f"{100 * min(r[0] for r in rows):7.2f}% {100 * statistics.median(r[1] for r in rows):7.2f}% "
                  f"{statistics.median(r[2] for r in rows):5.0f} {statistics.median(r[3] for r in rows):10.0f} "
                  f"{verdict:>8}  (more alone than best: {more_alone}/{len(rows)} runs; "
                  f"violations {sum(r[5] for r in rows)})", flush=True)
    return 0
