"""Is there a plan above a given share of the bound? An exact model of a realistic event in CP-SAT.

    python benchmarks/exact_cpsat.py [--people 120] [--seed 1] [--layers all,-undisclosed]
                                     [--share 0.999] [--seconds 600] [--workers 8] [--maximize]

Writes the whole event as a constraint model: one boolean per person and table, every
hard rule of the engine (sizes, locks, families and guests together, keep-apart,
facilitators per table, accessibility, the facilitator's language), and the score through
category counts per table (nominal: same-category pairs; ordinal: pairs on one side of
each threshold), scaled to integers. Two redundant constraints help the solver: no
dimension scores above the app's own bound for that dimension alone, and the losses
against those bounds add up to at most ``(1 - share)`` of the bound; identical tables
without locks are ordered by their facilitator. Without ``--maximize`` it asks whether a
plan reaching ``share`` of the bound exists: INFEASIBLE would prove that the target cannot
be met on that event. With ``--maximize`` it reports its best plan and best bound.

Research tooling for docs/notes/planning.md (session 11), not part of the app or the test
run: needs OR-Tools (``pip install ortools``), which the app does not depend on. Only for
events without "prefer not to say" values and without soft pair wishes.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - research tooling
    raise SystemExit("benchmarks/exact_cpsat.py needs OR-Tools: pip install ortools") from None

from benchmarks.planner import parse_layers
from benchmarks.realistic import generate
from dialogue_app.planning import PlanProblem, plan, upper_bound, validate
from dialogue_app.planning.report import bound_groups

SCALE = 20  # weights 1, 0.75, 0.5 and ordinal steps 1/5, 1/3 become whole numbers


def parts_of(problem: PlanProblem) -> list[tuple[int, float, np.ndarray]]:
    """(dimension, weight per same-side pair, members) for every category (nominal) and
    both sides of every threshold (ordinal): the score is Σ_tables W·C(s, 2) minus the
    weighted C(count, 2) of each part at each table."""
    vals = np.asarray(problem.values)
    out = []
    for k, d in enumerate(problem.dims):
        col = vals[:, k]
        if d.kind == "ordinal":
            R = d.n_categories - 1
            for th in range(R):
                out += [(k, d.weight / R, np.flatnonzero(col <= th)), (k, d.weight / R, np.flatnonzero(col > th))]
        else:
            out += [(k, d.weight, np.flatnonzero(col == c)) for c in range(d.n_categories)]
    return out


def score_of(problem: PlanProblem, parts: list[tuple[int, float, np.ndarray]], assign: np.ndarray) -> float:
    """The score written through the parts (checked against the planner's own score)."""
    W = sum(d.weight for d in problem.dims)
    f = 0.0
    for t in range(problem.n_tables):
        s = int((assign == t).sum())
        f += W * s * (s - 1) / 2
        for _, w, mem in parts:
            c = int((assign[mem] == t).sum())
            f -= w * c * (c - 1) / 2
    return f


def scaled(x: float) -> int:
    v = x * SCALE
    if abs(v - round(v)) > 1e-9:
        raise SystemExit(f"weight {x} is not a multiple of 1/{SCALE}")
    return round(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layers", default="all,-undisclosed")
    ap.add_argument("--share", type=float, default=0.999)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--plan-seconds", type=float, default=5)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--maximize", action="store_true")
    a = ap.parse_args(argv)

    p = generate(a.people, a.seed, parse_layers(a.layers))
    vals = np.asarray(p.values)
    if p.distance is not None or (vals < 0).any() or p.soft_pairs:
        raise SystemExit("only events without 'prefer not to say' values and soft pair wishes")
    K = p.n_tables
    res = plan(p, seconds=a.plan_seconds, seed=a.seed)
    UB = res.upper_bound
    parts = parts_of(p)
    print(f"planner, {a.plan_seconds:g} s: {res.score:.3f} of {UB:.3f} ({100 * res.share_of_bound:.3f} %); "
          f"the same through the model's terms: {score_of(p, parts, res.assignment):.3f}", flush=True)

    att = [i for i in range(p.n_people) if p.people[i].attending]
    m = cp_model.CpModel()
    x = {(i, t): m.NewBoolVar(f"x{i}_{t}") for i in att for t in range(K)}
    for i in att:
        m.AddExactlyOne(x[i, t] for t in range(K))
        person = p.people[i]
        if person.locked_table is not None:
            m.Add(x[i, person.locked_table] == 1)
        if person.needs_accessible:
            for t in range(K):
                if not p.tables[t].accessible:
                    m.Add(x[i, t] == 0)
        if person.host is not None:
            for t in range(K):
                m.Add(x[i, t] == x[person.host, t])
    for group in p.together:
        for b in group[1:]:
            for t in range(K):
                m.Add(x[group[0], t] == x[b, t])
    for i, j in p.apart:
        for t in range(K):
            m.AddBoolOr([x[i, t].Not(), x[j, t].Not()])
    fac = [i for i in att if p.people[i].is_facilitator]
    for t, tab in enumerate(p.tables):
        if not p.facilitators_required:
            continue
        m.Add(sum(x[f, t] for f in fac) == tab.facilitators_needed)
        if tab.interpreter:
            continue
        for i in att:
            person = p.people[i]
            if person.is_facilitator or not person.languages or person.languages & tab.languages:
                continue
            m.AddBoolOr([x[i, t].Not()] + [x[f, t] for f in fac if p.people[f].languages & person.languages])

    c2 = [k * (k - 1) // 2 for k in range(max(t.max_size for t in p.tables) + 1)]
    W = sum(d.weight for d in p.dims)
    size_pairs = []
    dim_terms: dict[int, list] = {k: [] for k in range(len(p.dims))}
    for t, tab in enumerate(p.tables):
        s = m.NewIntVar(tab.min_size, tab.max_size, f"s{t}")
        m.Add(s == sum(x[i, t] for i in att))
        cs = m.NewIntVar(0, c2[-1], f"cs{t}")
        m.AddElement(s, c2, cs)
        size_pairs.append(cs)
        for q, (k, w, mem) in enumerate(parts):
            members = [i for i in mem if p.people[i].attending]
            if len(members) < 2:
                continue
            hi = min(tab.max_size, len(members))
            cnt = m.NewIntVar(0, hi, f"n{t}_{q}")
            m.Add(cnt == sum(x[i, t] for i in members))
            cc = m.NewIntVar(0, c2[hi], f"c{t}_{q}")
            m.AddElement(cnt, c2[: hi + 1], cc)
            dim_terms[k].append(-scaled(w) * cc)
    # each dimension's score (scaled), and at most the app's bound for it alone
    att_arr = np.array(att)
    groups = bound_groups(p, att_arr)
    ranges = [(t.min_size, t.max_size) for t in p.tables]
    caps, losses = [], []
    for k, d in enumerate(p.dims):
        cap = math.floor(SCALE * upper_bound([d], vals[att_arr][:, [k]], ranges=ranges, groups=groups) + 1e-6)
        score_k = scaled(d.weight) * sum(size_pairs) + sum(dim_terms[k])
        loss = m.NewIntVar(0, 10**7, f"loss{k}")
        m.Add(loss == cap - score_k)
        caps.append(cap)
        losses.append(loss)
    total = sum(caps) - sum(losses)
    # identical tables without locks: order them by their facilitator (any plan can be relabelled so)
    locked = {p.people[i].locked_table for i in att if p.people[i].locked_table is not None}
    kinds: dict[tuple, list[int]] = {}
    for t, tab in enumerate(p.tables):
        if t not in locked and tab.facilitators_needed == 1:
            kinds.setdefault((tab.min_size, tab.max_size, tab.accessible, tab.languages, tab.interpreter), []).append(t)
    if p.facilitators_required:
        for ts in kinds.values():
            who = [sum(f * x[f, t] for f in fac) for t in ts]
            for u, v in itertools.pairwise(who):
                m.Add(u < v)
    print(f"scaled bound {sum(caps)} (app: {SCALE * UB:.1f}); W = {W}", flush=True)
    if a.maximize:
        m.Maximize(total)
    else:
        target = math.ceil(SCALE * a.share * UB - 1e-9)
        m.Add(total >= target)
        print(f"asking for a plan of at least {target / SCALE:.3f} ({100 * a.share:.2f} % of the bound): "
              f"a loss of at most {(sum(caps) - target) / SCALE:.2f}", flush=True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = a.seconds
    solver.parameters.num_workers = a.workers
    t0 = time.perf_counter()
    status = solver.Solve(m)
    print(f"status {solver.StatusName(status)} after {time.perf_counter() - t0:.1f} s", flush=True)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assign = np.full(p.n_people, -1)
        for (i, t), v in x.items():
            if solver.Value(v):
                assign[i] = t
        f = score_of(p, parts, assign)
        print(f"plan: {f:.3f} = {100 * f / UB:.3f} % of the bound; violations: {len(validate(p, assign))}")
    if a.maximize:
        print(f"solver's bound: {solver.BestObjectiveBound() / SCALE:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
