"""Explain, before planning, why the hard rules cannot all be met."""

from __future__ import annotations

import numpy as np

from .model import Infeasibility, PlanProblem
from .rules import Compiled, compile_problem

CODES = {
    "no_tables": "there are no tables",
    "bad_table": "a table has min_size > max_size or a negative size",
    "bad_reference": "a rule refers to a person or table index that does not exist",
    "capacity_too_small": "the tables' maximum sizes cannot seat all attending people",
    "capacity_too_large": "there are too few people to reach every table's minimum size",
    "too_few_facilitators": "fewer attending facilitators than facilitator seats",
    "too_many_facilitators": "more attending facilitators than facilitator seats",
    "table_facilitators_locked": "more facilitators locked to a table than it has seats",
    "group_too_large": "a keep-together group (or host with guests) fits no table",
    "group_locked_apart": "members of one keep-together group are locked to different tables",
    "apart_in_group": "a keep-apart pair is also required to sit together",
    "apart_locked_same_table": "a keep-apart pair is locked to the same table",
    "locked_table_full": "more people are locked to a table than it can seat",
    "locked_not_allowed": "a person is locked to a table that breaks another rule (accessibility)",
    "no_accessible_table": "wheelchair users need more accessible seats than exist",
    "no_common_language": "a person shares no language with any facilitator or table, and no interpreter",
    "no_allowed_table": "a person (or group) has no table that satisfies all their rules",
    "no_feasible_start": "each rule can be met alone but the search found no plan meeting all together",
}
"""Machine codes returned in ``Infeasibility.code`` (the text is for developers only)."""


def check_feasibility(problem: PlanProblem) -> list[Infeasibility]:
    """Return the reasons why no plan can meet every hard rule (empty list: go ahead).

    The checks are necessary conditions: capacities, facilitator seats, groups, locks,
    accessibility and languages. ``plan`` may still report ``no_feasible_start`` when
    the rules are only jointly impossible (e.g. many keep-apart pairs).
    """
    if problem.n_tables == 0:
        return [Infeasibility("no_tables")]
    out = _reference_problems(problem)
    if out:
        return out
    c = compile_problem(problem)
    out.extend(_seat_problems(problem, c))
    out.extend(_lock_problems(problem, c))
    out.extend(_pair_problems(problem, c))
    out.extend(_access_and_language_problems(problem, c))
    # "no table meets every rule" says nothing more for people a specific reason names
    named = {i for x in out if x.code in ("no_accessible_table", "no_common_language", "locked_not_allowed")
             for i in x.people}
    return [x for x in out if not (x.code == "no_allowed_table" and named.intersection(x.people))]


def _reference_problems(problem: PlanProblem) -> list[Infeasibility]:
    """Tables with impossible sizes, and rules naming people or tables that do not exist."""
    out: list[Infeasibility] = []
    n, K = problem.n_people, problem.n_tables
    for g, t in enumerate(problem.tables):
        if t.min_size < 0 or t.min_size > t.max_size:
            out.append(Infeasibility("bad_table", tables=(g,)))
    bad_people = set()
    for pair in problem.apart:
        bad_people |= {i for i in pair if not 0 <= i < n}
    for group in problem.together:
        bad_people |= {i for i in group if not 0 <= i < n}
    bad_tables = set()
    for i, person in enumerate(problem.people):
        if person.host is not None and not 0 <= person.host < n:
            bad_people.add(i)
        if person.locked_table is not None and not 0 <= person.locked_table < K:
            bad_tables.add(person.locked_table)
    if problem.distance is not None and np.shape(problem.distance) != (n, n):
        out.append(Infeasibility("bad_reference", detail={"distance_rows": float(np.shape(problem.distance)[0])}))
    if problem.distance is None and problem.values is not None and np.shape(problem.values)[0] != n:
        out.append(Infeasibility("bad_reference", detail={"value_rows": float(np.shape(problem.values)[0])}))
    if bad_people or bad_tables:
        out.append(Infeasibility("bad_reference", people=tuple(sorted(bad_people)), tables=tuple(sorted(bad_tables))))
    return out


def _seat_problems(problem: PlanProblem, c: Compiled) -> list[Infeasibility]:
    """Seats for everybody, people for every minimum, a facilitator for every facilitator seat."""
    out: list[Infeasibility] = []
    K, orig, nl, lo, hi = problem.n_tables, c.people, len(c.people), c.lo, c.hi
    if hi.sum() < nl:
        out.append(Infeasibility("capacity_too_small", tables=tuple(range(K)),
                                 detail={"people": nl, "seats": float(hi.sum())}))
    if lo.sum() > nl:
        out.append(Infeasibility("capacity_too_large", tables=tuple(range(K)),
                                 detail={"people": nl, "minimum": float(lo.sum())}))
    facs = tuple(int(orig[k]) for k in np.flatnonzero(c.fac_person))
    if problem.facilitators_required:
        seats = int(c.need.sum())
        if len(facs) < seats:
            # tables that cannot get one: those without a locked facilitator, beyond what we have
            out.append(Infeasibility("too_few_facilitators", people=facs, tables=tuple(range(K)),
                                     detail={"facilitators": len(facs), "seats": seats}))
        elif len(facs) > seats:
            out.append(Infeasibility("too_many_facilitators", people=facs,
                                     detail={"facilitators": len(facs), "seats": seats}))
    return out


def _lock_problems(problem: PlanProblem, c: Compiled) -> list[Infeasibility]:
    """Groups and locks: groups that fit no table, locked seats that break a rule or overfill a table."""
    out: list[Infeasibility] = []
    K, orig, hi = problem.n_tables, c.people, c.hi
    # locks per table
    locked_size = np.zeros(K, dtype=np.int64)
    locked_facs = np.zeros(K, dtype=np.int64)
    for u, members in enumerate(c.units):
        ppl = tuple(int(orig[k]) for k in members)
        if c.lock[u] == -2:
            out.append(Infeasibility("group_locked_apart", people=ppl))
            continue
        if c.lock[u] >= 0:
            g = int(c.lock[u])
            locked_size[g] += c.w[u]
            locked_facs[g] += c.fc[u]
            acc_needed = any(problem.people[i].needs_accessible for i in ppl)
            if acc_needed and not problem.tables[g].accessible:
                out.append(Infeasibility("locked_not_allowed", people=ppl, tables=(g,)))
        if c.w[u] > hi.max():
            out.append(Infeasibility("group_too_large", people=ppl, detail={"size": float(c.w[u]),
                                                                              "largest_table": float(hi.max())}))
        elif c.lock[u] == -1 and not (c.allowed[u] & (hi >= c.w[u])).any():
            out.append(Infeasibility("no_allowed_table", people=ppl))
    for full in np.flatnonzero(locked_size > hi):
        who = tuple(int(orig[k]) for u in np.flatnonzero(c.lock == full) for k in c.units[u])
        out.append(Infeasibility("locked_table_full", people=who, tables=(int(full),),
                                 detail={"locked": float(locked_size[full]), "max": float(hi[full])}))
    for short in np.flatnonzero(locked_facs > c.need):
        who = tuple(int(orig[k]) for u in np.flatnonzero(c.lock == short) for k in c.units[u] if c.fac_person[k])
        out.append(Infeasibility("table_facilitators_locked", people=who, tables=(int(short),)))
    return out


def _pair_problems(problem: PlanProblem, c: Compiled) -> list[Infeasibility]:
    """Keep-apart pairs that must sit together (one group) or are locked to one table."""
    out: list[Infeasibility] = []
    # apart pairs
    for a, b in problem.apart:
        if a in c.local and b in c.local:
            ua, ub = c.unit_of[c.local[a]], c.unit_of[c.local[b]]
            if ua == ub:
                out.append(Infeasibility("apart_in_group", people=(a, b)))
            elif c.lock[ua] >= 0 and c.lock[ua] == c.lock[ub]:
                out.append(Infeasibility("apart_locked_same_table", people=(a, b), tables=(int(c.lock[ua]),)))
    return out


def _access_and_language_problems(problem: PlanProblem, c: Compiled) -> list[Infeasibility]:
    """Too few accessible seats; people who share no language with any facilitator or table."""
    out: list[Infeasibility] = []
    orig, nl, hi = c.people, len(c.people), c.hi
    # accessibility capacity
    acc = np.array([t.accessible for t in problem.tables], dtype=bool)
    wheel = [k for k in range(nl) if problem.people[int(orig[k])].needs_accessible]
    if wheel:
        units_w = sorted({int(c.unit_of[k]) for k in wheel})
        need_seats = int(sum(c.w[u] for u in units_w))
        if need_seats > hi[acc].sum() or not acc.any():
            out.append(Infeasibility("no_accessible_table", people=tuple(int(orig[k]) for k in wheel),
                                     tables=tuple(int(g) for g in np.flatnonzero(acc)),
                                     detail={"needed": float(need_seats), "seats": float(hi[acc].sum())}))
    # languages
    if c.PL.shape[1] and c.PL.any():
        served_any = c.TL.any(axis=0).copy()
        if problem.facilitators_required:
            served_any |= c.PL[c.fac_person].any(axis=0)
        if not c.interp.any():
            for k in range(nl):
                if c.PL[k].any() and not c.fac_person[k] and not (c.PL[k] & served_any).any():
                    out.append(Infeasibility("no_common_language", people=(int(orig[k]),)))
    return out
