"""The smallest change that makes impossible rules possible (the way sortition tools
propose the smallest quota relaxation).

For the first reason :func:`~.feasibility.check_feasibility` gives that has a remedy,
the candidates are tried from the smallest up and a fix is only proposed when the
feasibility check passes on the problem with that change made (:func:`apply_fix`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from .construct import construct
from .feasibility import check_feasibility
from .model import Infeasibility, PlanProblem
from .rules import compile_problem, core_problem

FixKind = Literal["add_tables", "raise_max", "mark_accessible", "interpreter", "drop_apart"]


@dataclass(frozen=True)
class Fix:
    """One change to the event. ``add_tables``: ``count`` tables like table ``tables[0]``;
    ``raise_max``: the maximum size of ``tables`` up by ``count``; ``mark_accessible``:
    ``tables`` become wheelchair accessible; ``interpreter``: an interpreter at
    ``tables[0]``; ``drop_apart``: the hard "apart" rule between ``people`` goes."""

    kind: FixKind
    tables: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    count: int = 0


def apply_fix(problem: PlanProblem, fix: Fix) -> PlanProblem:
    """The problem with ``fix`` made (a changed copy)."""
    tables = list(problem.tables)
    if fix.kind == "add_tables":
        like = tables[fix.tables[0]]
        tables += [replace(like, interpreter=False, training=False)] * fix.count
    elif fix.kind == "raise_max":
        for g in fix.tables:
            tables[g] = replace(tables[g], max_size=tables[g].max_size + fix.count)
    elif fix.kind == "mark_accessible":
        for g in fix.tables:
            tables[g] = replace(tables[g], accessible=True)
    elif fix.kind == "interpreter":
        tables[fix.tables[0]] = replace(tables[fix.tables[0]], interpreter=True)
    elif fix.kind == "drop_apart":
        pair = set(fix.people)
        return replace(problem, apart=[p for p in problem.apart if set(p) != pair])
    return replace(problem, tables=tables)


def smallest_fix(problem: PlanProblem, reasons: list[Infeasibility] | None = None,
                 seconds: float = 5.0) -> Fix | None:
    """The least change after which the feasibility check passes and a first plan can be
    built, or None when no single change of the kinds above is enough. Rules that are
    only impossible together (no first plan, e.g. too many "apart" pairs for the number
    of tables) get the "apart" pair whose dropping makes a first plan possible. Trying
    stops after about ``seconds`` (a large event with many rules: None rather than a wait)."""
    reasons = check_feasibility(problem) if reasons is None else reasons
    if not reasons:
        candidates: Iterator[Fix] = _apart_candidates(problem) if not _starts(problem) else iter(())
    else:
        candidates = (fix for reason in reasons for fix in _candidates(problem, reason))
    until = time.monotonic() + seconds
    for fix in candidates:
        if _starts(apply_fix(problem, fix)):
            return fix
        if time.monotonic() > until:
            break
    return None


def _starts(problem: PlanProblem, attempts: int = 40) -> bool:
    """Whether every rule check passes and the planner can build a first plan."""
    if check_feasibility(problem):
        return False
    c = compile_problem(problem)
    n = len(c.people)
    return n == 0 or construct(c, core_problem(c, np.zeros((n, n))), np.random.default_rng(0), attempts) is not None


def _apart_candidates(problem: PlanProblem, limit: int = 20) -> Iterator[Fix]:
    """Drop one "apart" pair: of the people with the most "apart" rules first."""
    count: dict[int, int] = {}
    for a, b in problem.apart:
        count[a], count[b] = count.get(a, 0) + 1, count.get(b, 0) + 1
    pairs = sorted({tuple(sorted(p)) for p in problem.apart}, key=lambda p: (-count[p[0]] - count[p[1]], p))
    for pair in pairs[:limit]:
        yield Fix("drop_apart", people=pair)


def _attending(problem: PlanProblem) -> int:
    return sum(1 for p in problem.people if p.attending)


def _candidates(problem: PlanProblem, reason: Infeasibility) -> Iterator[Fix]:
    """Changes that may remove ``reason``, smallest first."""
    code, K = reason.code, problem.n_tables
    hi = np.array([t.max_size for t in problem.tables], dtype=np.int64)
    if code == "capacity_too_small":
        short = _attending(problem) - int(hi.sum())
        like = _usual_table(problem)
        yield Fix("add_tables", tables=(like,), count=math.ceil(short / max(1, int(hi[like]))))
        yield Fix("raise_max", tables=tuple(range(K)), count=math.ceil(short / K))
    elif code == "group_too_large":
        g = int(np.argmax(hi))
        yield Fix("raise_max", tables=(g,), count=int(reason.detail.get("size", 0)) - int(hi[g]))
    elif code == "locked_table_full":
        g = reason.tables[0]
        yield Fix("raise_max", tables=(g,), count=int(reason.detail.get("locked", 0)) - int(hi[g]))
    elif code == "locked_not_allowed":
        yield Fix("mark_accessible", tables=reason.tables)
    elif code == "no_accessible_table":
        yield from _accessible_candidates(problem, int(reason.detail.get("needed", 0)))
    elif code == "no_common_language":
        yield from _interpreter_candidates(problem, reason.people)
    elif code in ("apart_in_group", "apart_locked_same_table"):
        yield Fix("drop_apart", people=tuple(sorted(reason.people)))


def _usual_table(problem: PlanProblem) -> int:
    """The table new ones are made like: the most common size among ordinary tables."""
    plain = [g for g, t in enumerate(problem.tables) if not t.training and not t.interpreter] or list(
        range(problem.n_tables))
    sizes = [(problem.tables[g].min_size, problem.tables[g].max_size) for g in plain]
    common = max(set(sizes), key=lambda s: (sizes.count(s), s[1]))
    return plain[sizes.index(common)]


def _accessible_candidates(problem: PlanProblem, needed: int) -> Iterator[Fix]:
    """Mark the fewest tables accessible (the largest first) to seat ``needed`` people, or
    a few more when the rules need them."""
    seats = sum(t.max_size for t in problem.tables if t.accessible)
    others = sorted((g for g, t in enumerate(problem.tables) if not t.accessible),
                    key=lambda g: (-problem.tables[g].max_size, g))
    chosen: list[int] = []
    for g in others:  # enough seats first, then one table more at a time (wheelchair users
        chosen.append(g)  # with their families, hosts and locks may need more room)
        seats += problem.tables[g].max_size
        if seats >= needed:
            yield Fix("mark_accessible", tables=tuple(sorted(chosen)))


def _interpreter_candidates(problem: PlanProblem, people: tuple[int, ...]) -> Iterator[Fix]:
    """An interpreter at a table the people can sit at: their locked table, else an
    accessible one when they need it, else the largest."""
    for i in people:
        locked = problem.people[i].locked_table
        if locked is not None:
            yield Fix("interpreter", tables=(locked,))
    wheel = any(problem.people[i].needs_accessible for i in people)
    order = sorted(range(problem.n_tables), key=lambda g: (
        wheel and not problem.tables[g].accessible, problem.tables[g].training, -problem.tables[g].max_size, g))
    for g in order[:3]:
        yield Fix("interpreter", tables=(g,))
