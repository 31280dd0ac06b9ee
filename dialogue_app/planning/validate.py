"""Independent re-check of every hard rule on a finished assignment."""

from __future__ import annotations

import numpy as np

from .model import PlanProblem, Violation


def validate(problem: PlanProblem, assignment: np.ndarray) -> list[Violation]:
    """Return every hard rule the assignment breaks (empty for a valid plan).

    Written without the planner's data structures on purpose (it re-derives everything
    from the problem). ``assignment[i]`` is a table index, or -1 for "not seated".
    """
    out: list[Violation] = []
    a = np.asarray(assignment, dtype=np.int64)
    n, K = problem.n_people, problem.n_tables
    if a.shape != (n,):
        return [Violation("wrong_length")]
    people = problem.people
    for i, person in enumerate(people):
        if person.attending and not 0 <= a[i] < K:
            out.append(Violation("not_seated", people=(i,)))
        if not person.attending and a[i] != -1:
            out.append(Violation("absent_seated", people=(i,), tables=(int(a[i]),) if 0 <= a[i] < K else ()))
    seated = [i for i in range(n) if 0 <= a[i] < K]
    by_table: list[list[int]] = [[] for _ in range(K)]
    for i in seated:
        by_table[a[i]].append(i)
    for g in range(K):
        out.extend(_table_violations(problem, g, by_table[g]))
    out.extend(_rule_violations(problem, a))
    return out


def _table_violations(problem: PlanProblem, g: int, members: list[int]) -> list[Violation]:
    """The rules of table ``g`` with ``members`` seated: size, facilitators, access, languages."""
    out: list[Violation] = []
    people, t = problem.people, problem.tables[g]
    size = len(members)
    if size > t.max_size:
        out.append(Violation("over_capacity", people=tuple(members), tables=(g,)))
    if size < t.min_size:
        out.append(Violation("under_capacity", people=tuple(members), tables=(g,)))
    if problem.facilitators_required:
        facs = [i for i in members if people[i].is_facilitator]
        if len(facs) != t.facilitators_needed:
            out.append(Violation("facilitator_count", people=tuple(facs), tables=(g,)))
    for i in members:
        if people[i].needs_accessible and not t.accessible:
            out.append(Violation("not_accessible", people=(i,), tables=(g,)))
    # language
    served = set(t.languages)
    if problem.facilitators_required:
        for i in members:
            if people[i].is_facilitator:
                served |= set(people[i].languages)
    if not t.interpreter:
        for i in members:
            p = people[i]
            if problem.facilitators_required and p.is_facilitator:
                continue  # pragma: no mutate (equivalent: a facilitator's languages are in `served`)
            if p.languages and not (set(p.languages) & served):
                out.append(Violation("language", people=(i,), tables=(g,)))
    return out


def _rule_violations(problem: PlanProblem, a: np.ndarray) -> list[Violation]:
    """The rules between people: locks, guests with their host, keep apart, keep together."""
    out: list[Violation] = []
    people, n, K = problem.people, problem.n_people, problem.n_tables
    for i, person in enumerate(people):
        if not person.attending or not 0 <= a[i] < K:
            continue
        if person.locked_table is not None and a[i] != person.locked_table:
            out.append(Violation("locked_moved", people=(i,), tables=(person.locked_table,)))
        h = person.host
        if h is not None and 0 <= h < n and people[h].attending and a[h] != a[i]:
            out.append(Violation("guest_not_with_host", people=(i, h)))
    for x, y in problem.apart:
        if 0 <= a[x] < K and a[x] == a[y] and people[x].attending and people[y].attending:
            out.append(Violation("apart_together", people=(x, y), tables=(int(a[x]),)))
    for group in problem.together:
        present = [i for i in group if people[i].attending]
        if len({int(a[i]) for i in present}) > 1:
            out.append(Violation("together_split", people=tuple(present)))
    return out
