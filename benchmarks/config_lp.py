"""How far is a plan from the best possible one? The configuration LP of a realistic event.

    python benchmarks/config_lp.py [--people 120] [--seed 1] [--layers all,-undisclosed]
                                   [--plan-seconds 2] [--seconds 900] [--dive]

The app's upper bound (``planning/bound.py``) treats one dimension at a time. This script
computes a bound over whole tables: the *configuration LP* (every possible table is a
column; each person sits at exactly one chosen table; each table of the event is used
once), by column generation. New tables come from a local search on the dual prices
(hard rules kept: sizes, facilitators, languages, accessibility, locks, families and
guests, keep-apart pairs) and, when it finds none, from an exact MILP per kind of table.
Whatever the prices, ``Σ prices + Σ_tables max(table value − its prices)`` is an upper
bound on every plan (Lagrangian relaxation), so the figure printed as "table bound" is
valid even when the run stops early; it equals the LP optimum when the run converges.

``--dive`` then fixes the LP's most-used tables one by one and lets the app's planner
seat the rest around them (2 s each): plans that show what the search could still find.

Needs SciPy (HiGHS), which is in the test extras, not in the app. This is research
tooling for docs/notes/planning.md, not part of the test run: about 5 minutes for 120
people, much longer beyond.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import scipy.optimize as so
    import scipy.sparse as sp
except ImportError:  # pragma: no cover - research tooling
    raise SystemExit("benchmarks/config_lp.py needs SciPy: pip install -e '.[test]'") from None

from benchmarks.planner import parse_layers
from benchmarks.realistic import generate
from dialogue_app.planning import PlanProblem, plan, validate
from dialogue_app.planning.distance import base_distance
from dialogue_app.planning.rules import compile_problem

FAR = 1e6  # price that keeps a person out of every new table (already seated while diving)


def c2(x: float) -> float:
    return x * (x - 1) / 2.0


@dataclasses.dataclass
class TableKind:
    """Tables that are interchangeable for the LP (same sizes, access, languages, no locks)."""

    tables: list[int]
    allowed: np.ndarray  # people who may sit there
    forced: list[int]  # people locked to it (a locked table is a kind of its own)


def table_kinds(problem: PlanProblem) -> list[TableKind]:
    locked: dict[int, list[int]] = {}
    for i, person in enumerate(problem.people):
        if person.locked_table is not None:
            locked.setdefault(person.locked_table, []).append(i)
    kinds: dict[tuple, list[int]] = {}
    for g, t in enumerate(problem.tables):
        key = (t.min_size, t.max_size, t.accessible, t.training, t.interpreter, t.languages, g if g in locked else -1)
        kinds.setdefault(key, []).append(g)
    out = []
    for gs in kinds.values():
        g0, t = gs[0], problem.tables[gs[0]]
        allowed = [i for i, person in enumerate(problem.people)
                   if (person.locked_table is None or person.locked_table == g0)
                   and (t.accessible or not person.needs_accessible)
                   and (problem.facilitators_required or not person.languages or t.interpreter
                        or person.languages & t.languages)]
        out.append(TableKind(gs, np.array(allowed), locked.get(g0, [])))
    return out


class ExactTable:
    """max f(S) - π(S) over the tables S one kind allows, as a MILP: one binary per person;
    f is written through category counts per dimension split (ordinal: thresholds), whose
    C(n, 2) terms are convex pieces, and a one-hot size and known-count per dimension."""

    def __init__(self, problem: PlanProblem, kind: TableKind) -> None:
        A = kind.allowed
        self.allowed = A
        pos = {int(p): k for k, p in enumerate(A)}
        t = problem.tables[kind.tables[0]]
        vals = np.asarray(problem.values)[A]
        lo, hi, u = t.min_size, t.max_size, problem.unknown
        obj: list[float] = []
        lb: list[float] = []
        ub: list[float] = []
        integ: list[int] = []
        rows: list[tuple[dict[int, float], float, float]] = []

        def var(c: float, low: float = 0.0, high: float = 1.0, integer: int = 1) -> int:
            obj.append(c)
            lb.append(low)
            ub.append(high)
            integ.append(integer)
            return len(obj) - 1

        x = [var(0.0) for _ in A]
        self.x = np.array(x)
        has_unknown = [bool((vals[:, k] < 0).any()) for k in range(len(problem.dims))]
        pair_weight = sum(d.weight * (u if has_unknown[k] else 1.0) for k, d in enumerate(problem.dims))
        sizes = list(range(lo, hi + 1))
        ys = [var(pair_weight * c2(s)) for s in sizes]
        rows.append(({v: 1.0 for v in ys}, 1, 1))
        rows.append(({**{v: float(s) for v, s in zip(ys, sizes, strict=True)}, **{xi: -1.0 for xi in x}}, 0, 0))
        for k, dim in enumerate(problem.dims):
            if not dim.weight:
                continue
            col = vals[:, k]
            if has_unknown[k]:  # pairs of known members score 1 - same, pairs touching an unknown u
                zs = [var(dim.weight * (1 - u) * c2(m)) for m in range(hi + 1)]
                rows.append(({v: 1.0 for v in zs}, 1, 1))
                row = {v: float(m) for m, v in enumerate(zs)}
                for j in np.flatnonzero(col >= 0):
                    row[x[j]] = -1.0
                rows.append((row, 0, 0))
            if dim.kind == "ordinal":
                R = max(1, dim.n_categories - 1)
                splits = [[np.flatnonzero((col >= 0) & (col <= th)), np.flatnonzero(col > th)] for th in range(R)]
            else:
                R = 1
                splits = [[np.flatnonzero(col == c) for c in range(int(col.max()) + 1)]]
            for parts in splits:
                for members in parts:
                    if len(members) < 2:
                        continue
                    h = var(-dim.weight / R, 0.0, np.inf, 0)  # h >= C(count, 2), piecewise
                    for m in range(1, min(hi, len(members))):
                        rows.append(({h: 1.0, **{x[j]: -float(m) for j in members}}, -m * (m + 1) / 2.0, np.inf))
        fac = [k for k, p in enumerate(A) if problem.people[p].is_facilitator]
        if problem.facilitators_required:
            rows.append(({x[k]: 1.0 for k in fac}, t.facilitators_needed, t.facilitators_needed))
        for p in kind.forced:
            lb[x[pos[p]]] = 1.0
        for group in problem.together:
            g = [pos[p] for p in group if p in pos]
            rows.extend(({x[g[0]]: 1.0, x[a]: -1.0}, 0, 0) for a in g[1:])
        for p, person in enumerate(problem.people):
            if person.host is not None and p in pos and person.host in pos:
                rows.append(({x[pos[p]]: 1.0, x[pos[person.host]]: -1.0}, 0, 0))
        for a, b in problem.apart:
            if a in pos and b in pos:
                rows.append(({x[pos[a]]: 1.0, x[pos[b]]: 1.0}, -np.inf, 1))
        if problem.facilitators_required and not t.interpreter:
            for k, p in enumerate(A):
                person = problem.people[p]
                if not person.languages or person.is_facilitator or person.languages & t.languages:
                    continue
                row = {x[k]: 1.0}
                for f in fac:
                    if problem.people[A[f]].languages & person.languages:
                        row[x[f]] = -1.0
                rows.append((row, -np.inf, 0))
        data, ri, ci = [], [], []
        for r, (row, _, _) in enumerate(rows):
            for v, c in row.items():
                data.append(c)
                ri.append(r)
                ci.append(v)
        self.constraint = so.LinearConstraint(sp.csr_matrix((data, (ri, ci)), shape=(len(rows), len(obj))),
                                              [r[1] for r in rows], [r[2] for r in rows])
        self.obj = np.array(obj)
        self.bounds = so.Bounds(np.array(lb), np.array(ub))
        self.integrality = np.array(integ)

    def solve(self, prices: np.ndarray, seconds: float) -> tuple[np.ndarray | None, float]:
        """(best table found or None, upper bound on max f(S) - π(S))."""
        c = self.obj.copy()
        c[self.x] -= prices[self.allowed]
        res = so.milp(-c, constraints=self.constraint, integrality=self.integrality, bounds=self.bounds,
                      options={"time_limit": seconds, "disp": False, "mip_rel_gap": 1e-7})
        if res.x is None:
            return None, -res.mip_dual_bound if res.mip_dual_bound is not None else math.inf
        S = self.allowed[np.flatnonzero(res.x[self.x] > 0.5)]
        bound = -res.mip_dual_bound if res.mip_dual_bound is not None else -res.fun
        return S, max(-res.fun, bound)


class TableSearch:
    """Local search for a table of one kind with a large value minus prices, over units
    (families and guests move together), keeping every hard rule."""

    def __init__(self, problem: PlanProblem, d: np.ndarray, kind: TableKind) -> None:
        c = compile_problem(problem)
        self.c = c
        g0 = kind.tables[0]
        m = len(c.units)
        P = np.zeros((len(c.unit_of), m))
        P[np.arange(len(c.unit_of)), c.unit_of] = 1.0
        Du = P.T @ d[np.ix_(c.people, c.people)] @ P
        self.inside = 0.5 * np.diag(Du).copy()
        np.fill_diagonal(Du, 0.0)
        self.Du, self.P, self.m = Du, P, m
        self.w = c.w.astype(float)
        self.forced = (c.lock == g0) if kind.forced else np.zeros(m, bool)
        self.ok = (c.allowed[:, g0] & (c.lock < 0)) | self.forced
        self.lo, self.hi, self.need = int(c.lo[g0]), int(c.hi[g0]), int(c.need[g0])
        self.isfac = c.fc > 0
        self.fac = np.flatnonzero(self.isfac & self.ok)
        self.conflict = c.conflict if c.conflict is not None else np.zeros((m, m))
        self.served = np.ones((m, m), bool)  # served[u, f]: u may sit with facilitator unit f
        if c.lang_rule and not c.interp[g0]:
            FL = np.zeros((m, c.PL.shape[1]), bool)
            for u in np.flatnonzero(self.isfac):
                members = c.units[u]
                FL[u] = c.PL[members[c.fac_person[members]]].any(0)
            for u in range(m):
                for k in c.units[u]:
                    if c.PL[k].any() and not c.fac_person[k] and not (c.PL[k] & c.TL[g0]).any():
                        self.served[u] &= (FL & c.PL[k][None, :]).any(1)

    def tables(self, prices: np.ndarray, rng: np.random.Generator, tries: int) -> list[np.ndarray]:
        pu = self.P.T @ prices[self.c.people]
        val = self.inside - pu
        avail = pu < FAR / 2
        out = []
        for _ in range(tries):
            S = self._start(val, avail, rng)
            if S is not None:
                S = self._descend(S, val, avail)
                out.append(self.c.people[np.concatenate([self.c.units[u] for u in np.flatnonzero(S)])])
        return out

    def _start(self, val: np.ndarray, avail: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
        S = self.forced.copy()
        nf = int(self.c.fc[S].sum())
        for f in rng.permutation(self.fac):
            if nf >= self.need:
                break
            if avail[f] and not S[f] and self.conflict[f, S].sum() == 0:
                S[f] = True
                nf += int(self.c.fc[f])
        if nf != self.need:
            return None
        F = np.flatnonzero(S & self.isfac)
        goal = self.lo + rng.integers(0, self.hi - self.lo + 1)
        while self.w[S].sum() < goal:
            ok = (self.ok & avail & ~S & ~self.isfac & (self.conflict[:, S].sum(1) == 0)
                  & (self.w[S].sum() + self.w <= self.hi))
            if self.need:
                ok &= self.served[:, F].any(1)
            if not ok.any():
                break
            gain = self.Du[:, S].sum(1) + val + 0.5 * rng.random(self.m)
            S[int(np.argmax(np.where(ok, gain, -np.inf)))] = True
        return S if self.lo <= self.w[S].sum() <= self.hi else None

    def _descend(self, S: np.ndarray, val: np.ndarray, avail: np.ndarray) -> np.ndarray:
        free = self.ok & avail & ~self.forced & ~self.isfac
        Du, w = self.Du, self.w
        for _ in range(500):
            F = np.flatnonzero(S & self.isfac)
            served = self.served[:, F].any(1) if self.need else np.ones(self.m, bool)
            g = Du[:, S].sum(1) + val  # gain of adding u, or what u brings when in S
            C = self.conflict[:, S].sum(1)
            size = w[S].sum()
            best, move = 1e-9, None
            add = free & ~S & served & (C == 0) & (size + w <= self.hi)
            if add.any():
                u = int(np.argmax(np.where(add, g, -np.inf)))
                if g[u] > best:
                    best, move = g[u], (u, -1)
            drop = free & S & (size - w >= self.lo)
            if drop.any():
                v = int(np.argmax(np.where(drop, -g, -np.inf)))
                if -g[v] > best:
                    best, move = -g[v], (-1, v)
            ins, outs = np.flatnonzero(free & ~S & served), np.flatnonzero(free & S)
            if len(ins) and len(outs):
                G = g[ins][:, None] - Du[np.ix_(ins, outs)] - g[outs][None, :]
                new_size = size + w[ins][:, None] - w[outs][None, :]
                ok = (new_size >= self.lo) & (new_size <= self.hi)
                ok &= (C[ins][:, None] - self.conflict[np.ix_(ins, outs)]) == 0
                G = np.where(ok, G, -np.inf)
                a, b = np.unravel_index(int(np.argmax(G)), G.shape)
                if G[a, b] > best:
                    best, move = G[a, b], (int(ins[a]), int(outs[b]))
            others = np.flatnonzero(S & ~self.isfac)
            for f_out in F:
                if self.forced[f_out]:
                    continue
                for f_in in self.fac:
                    if S[f_in] or not avail[f_in] or self.c.fc[f_in] != self.c.fc[f_out]:
                        continue
                    F2 = [f for f in F if f != f_out] + [f_in]
                    if not self.served[np.ix_(others, F2)].any(1).all() or C[f_in] - self.conflict[f_in, f_out]:
                        continue
                    gain = g[f_in] - Du[f_in, f_out] - g[f_out]
                    if gain > best:
                        best, move = gain, (int(f_in), int(f_out))
            if move is None:
                return S
            if move[0] >= 0:
                S[move[0]] = True
            if move[1] >= 0:
                S[move[1]] = False
        return S


class ColumnGeneration:
    def __init__(self, problem: PlanProblem, seed: int = 0) -> None:
        self.problem = problem
        self.d = base_distance(problem)
        self.kinds = table_kinds(problem)
        self.search = [TableSearch(problem, self.d, k) for k in self.kinds]
        self.exact: list[ExactTable | None] = [None] * len(self.kinds)
        self.count = np.array([len(k.tables) for k in self.kinds], float)
        self.columns: list[tuple[int, tuple[int, ...]]] = []
        self.values: list[float] = []
        self.seen: set[tuple[int, tuple[int, ...]]] = set()
        self.kind_of = {g: c for c, k in enumerate(self.kinds) for g in k.tables}
        self.rng = np.random.default_rng(seed)
        self.bound = math.inf

    def add(self, kind: int, people) -> bool:
        key = (kind, tuple(sorted(int(x) for x in people)))
        if key in self.seen:
            return False
        self.seen.add(key)
        self.columns.append(key)
        S = np.array(key[1])
        self.values.append(0.5 * float(self.d[np.ix_(S, S)].sum()))
        return True

    def add_plan(self, assignment: np.ndarray) -> None:
        for g in range(self.problem.n_tables):
            self.add(self.kind_of[g], np.flatnonzero(assignment == g))

    def master(self, seated: np.ndarray, used: np.ndarray):
        n = self.problem.n_people
        data, ri, ci = [], [], []
        for j, (c, S) in enumerate(self.columns):
            ri.extend(S)
            ci.extend([j] * len(S))
            ri.append(n + c)
            ci.append(j)
        data = np.ones(len(ri))
        A = sp.csr_matrix((data, (ri, ci)), shape=(n + len(self.kinds), len(self.columns)))
        b = np.concatenate([np.where(seated, 0.0, 1.0), self.count - used])
        return so.linprog(-np.array(self.values), A_eq=A, b_eq=b, bounds=(0, None), method="highs")

    def run(self, seconds: float, seated: np.ndarray | None = None, used: np.ndarray | None = None,
            exact: bool = True, log=None) -> tuple[float | None, np.ndarray | None]:
        """Column generation until no column improves (or time is up); returns (LP value, x)."""
        n = self.problem.n_people
        seated = np.zeros(n, bool) if seated is None else seated
        used = np.zeros(len(self.kinds)) if used is None else used
        t0 = time.perf_counter()
        lp = None
        while time.perf_counter() - t0 < seconds:
            lp = self.master(seated, used)
            if lp.status != 0:  # not enough columns for a partition yet
                prices = np.where(seated, FAR, 0.0)
                if not any(self.add(c, S) for c in range(len(self.kinds)) if self.count[c] > used[c]
                           for S in self.search[c].tables(prices, self.rng, 30)):
                    return None, None
                continue
            duals = -lp.eqlin.marginals
            prices = np.where(seated, FAR, duals[:n])
            rho = duals[n:]
            added = 0
            for c in range(len(self.kinds)):
                if self.count[c] > used[c]:
                    for S in self.search[c].tables(prices, self.rng, 12):
                        if self.values_of(S) - prices[S].sum() - rho[c] > 1e-6:
                            added += self.add(c, S)
            if added == 0 and exact:
                lagrangian = float(prices[~seated].sum())
                for c in range(len(self.kinds)):
                    if self.count[c] <= used[c]:
                        continue
                    if self.exact[c] is None:
                        self.exact[c] = ExactTable(self.problem, self.kinds[c])
                    S, top = self.exact[c].solve(prices, max(1.0, seconds - (time.perf_counter() - t0)))
                    lagrangian += (self.count[c] - used[c]) * top
                    if S is not None and self.values_of(S) - prices[S].sum() - rho[c] > 1e-6:
                        added += self.add(c, S)
                if not seated.any():
                    self.bound = min(self.bound, lagrangian)
                if log:
                    log(f"  LP {-lp.fun:.3f}, table bound {self.bound:.3f}, {len(self.columns)} columns, "
                        f"{time.perf_counter() - t0:.0f} s")
            if added == 0:
                break
        return (None, None) if lp is None or lp.status != 0 else (-lp.fun, lp.x)

    def values_of(self, S: np.ndarray) -> float:
        return 0.5 * float(self.d[np.ix_(S, S)].sum())


def dive(cg: ColumnGeneration, plan_seconds: float, log, lp_seconds: float = 120.0) -> tuple[float, np.ndarray | None]:
    """Fix the LP's most-used table, let the planner seat the rest around the fixed ones,
    repeat; returns the best complete plan seen."""
    problem = cg.problem
    n = problem.n_people
    seated, used = np.zeros(n, bool), np.zeros(len(cg.kinds))
    fixed: list[int] = []
    best, best_plan = -math.inf, None
    _, x = cg.run(lp_seconds, exact=False)
    while x is not None and used.sum() < cg.count.sum():
        j = int(np.argmax(x))
        kind, S = cg.columns[j]
        fixed.append(j)
        seated[list(S)] = True
        used[kind] += 1
        free = {c: list(k.tables) for c, k in enumerate(cg.kinds)}
        people = list(problem.people)
        for k in fixed:
            c, members = cg.columns[k]
            g = free[c].pop(0)
            for i in members:
                people[i] = dataclasses.replace(people[i], locked_table=g)
        res = plan(dataclasses.replace(problem, people=people), seconds=plan_seconds, seed=len(fixed))
        if res.feasible and res.score > best:
            best, best_plan = res.score, res.assignment.copy()
        log(f"  {len(fixed)} tables fixed (x = {x[j]:.2f}): plan around them {res.score if res.feasible else '-'}")
        _, x = cg.run(lp_seconds, seated, used, exact=False)
    if x is None and used.sum() < cg.count.sum():
        log("  the columns found cannot seat the rest: the dive stops here")
    return best, best_plan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layers", default="all,-undisclosed")
    ap.add_argument("--plan-seconds", type=float, default=2.0)
    ap.add_argument("--seconds", type=float, default=900.0, help="column generation budget")
    ap.add_argument("--dive", action="store_true")
    ap.add_argument("--dive-seconds", type=float, default=120.0, help="column generation budget per dive step")
    ap.add_argument("--no-bound", action="store_true", help="skip the exact pricing (no table bound; for --dive)")
    args = ap.parse_args(argv)
    problem = generate(args.people, args.seed, parse_layers(args.layers))
    if problem.soft_pairs or problem.met_before:
        raise SystemExit("soft pairs and earlier rounds are not modelled here")
    res = plan(problem, seconds=args.plan_seconds, seed=args.seed)
    assert res.feasible
    sep = res.upper_bound

    def log(text: str) -> None:
        print(text, flush=True)

    log(f"{args.people} people, seed {args.seed}, layers {args.layers}: plan ({args.plan_seconds:g} s) "
        f"{res.score:.3f}; separable bound {sep:.3f} ({100 * res.score / sep:.3f} %)")
    cg = ColumnGeneration(problem, args.seed)
    cg.add_plan(res.assignment)
    t0 = time.perf_counter()
    if not args.no_bound:
        value, _ = cg.run(args.seconds, log=log)
        log(f"configuration LP: value {value:.3f}, table bound {cg.bound:.3f} "
            f"({time.perf_counter() - t0:.0f} s); the plan reaches {100 * res.score / cg.bound:.3f} % of it, "
            f"the separable bound is {100 * (sep - cg.bound) / cg.bound:.3f} % above it")
    if args.dive:
        best, assignment = dive(cg, args.plan_seconds, log, args.dive_seconds)
        if assignment is not None:
            violations = validate(problem, assignment)
            log(f"best plan from the LP's tables: {best:.3f} ({100 * best / sep:.3f} % of the separable bound, "
                f"{100 * best / cg.bound:.3f} % of the table bound), {len(violations)} violations")
        log(f"  the planner alone ({args.plan_seconds:g} s): {res.score:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
