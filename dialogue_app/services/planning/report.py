"""A plan in words and numbers: each table's score and composition, the plan's share of
the upper bound, and the rules that cannot be met, naming the people and tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from dialogue_app import planning
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services.planning.problem import (
    LoadedProblem,
)


@dataclass(frozen=True)
class Composition:
    dimension: str
    key: str
    sensitive: bool
    counts: dict[str, int]  # label -> people ("Prefer not to say"/unknown under "?")
    blau: float


@dataclass(frozen=True)
class TablePlan:
    table_id: uuid.UUID
    number: int
    person_ids: tuple[uuid.UUID, ...]
    codes: tuple[str, ...]
    score: float
    size: int
    composition: tuple[Composition, ...] = ()


@dataclass(frozen=True)
class PlanReport:
    round: int
    score: float
    upper_bound: float | None
    share_of_bound: float | None
    normalised_regret: float | None
    worst_table: int | None  # table number
    worst_score: float | None
    tables: tuple[TablePlan, ...]
    violations: tuple[str, ...]
    isolated: tuple[tuple[str, str], ...]  # (participant code, dimension name)
    seconds: float
    #: pairs who already met in an earlier round, not counting those who always sit
    #: together (families, hosts with their guests, people locked to one table)
    repeated_pairs: int = 0
    #: of those, the pairs who share a group on a "don't isolate" dimension (keeping each
    #: other company comes before meeting someone new)
    repeated_same_group: int = 0
    iterations: int = 0
    stopped: bool = False
    #: planning again found nothing better than the stored plan, which was kept as it was
    kept_current: bool = False
    #: expected score of a random seating with the same table sizes, as a share of the bound
    random_share: float | None = None
    #: with "don't isolate" dimensions: people a random seating would leave alone (expected)
    random_isolated: float | None = None

    @property
    def unknown_spread(self) -> tuple[tuple[str, int, int], ...]:
        """Per dimension where some people did not say: (dimension, fewest, most) of them at a table."""
        out = []
        names = list(dict.fromkeys(c.dimension for t in self.tables for c in t.composition))
        for name in names:
            counts = [sum(n for label, n in c.counts.items() if label == "?")
                      for t in self.tables for c in t.composition if c.dimension == name]
            if any(counts):
                out.append((name, min(counts), max(counts)))
        return tuple(out)

    def to_json(self) -> dict:
        return {
            "round": self.round,
            "score": round(self.score, 6),
            "upper_bound": None if self.upper_bound is None else round(self.upper_bound, 6),
            "share_of_bound": self.share_of_bound,
            "normalised_regret": self.normalised_regret,
            "random_share": self.random_share,
            "random_isolated": None if self.random_isolated is None else round(self.random_isolated, 3),
            "worst_table": None if self.worst_table is None else {"table": self.worst_table,
                                                                   "score": round(self.worst_score or 0.0, 6)},
            "tables": [{"table": t.number, "people": list(t.codes), "score": round(t.score, 6), "size": t.size}
                       for t in self.tables],
            "violations": list(self.violations),
            "isolated": [{"code": c, "dimension": d} for c, d in self.isolated],
            "unknown_spread": [{"dimension": d, "fewest": lo, "most": hi} for d, lo, hi in self.unknown_spread],
            "repeated_pairs": self.repeated_pairs,
            "repeated_same_group": self.repeated_same_group,
            "iterations": self.iterations,
            "seconds": round(self.seconds, 3),
            "stopped": self.stopped,
        }


def same_group_pairs(lp: LoadedProblem, pairs: Iterable[tuple[int, int]]) -> int:
    """How many of the pairs share a known category on a "don't isolate" dimension."""
    cols = [j for j, d in enumerate(lp.problem.dims) if d.dont_isolate]
    if not cols or lp.problem.values is None:
        return 0
    v = np.asarray(lp.problem.values)
    return sum(1 for i, j in pairs if any(v[i, c] >= 0 and v[i, c] == v[j, c] for c in cols))


def same_group_text(k: int, n: int) -> str:
    """"(9 of them share a “don't isolate” group)": why some of ``n`` pairs meet again."""
    if k == n:
        return ngettext("(it shares a “don't isolate” group)", "(all of them share a “don't isolate” group)", n)
    return ngettext("({k} of them shares a “don't isolate” group)", "({k} of them share a “don't isolate” group)",
                    k).format(k=k)


def _who(lp: LoadedProblem, people: tuple[int, ...], limit: int = 8) -> str:
    names = [f"{lp.first_names[i]} ({lp.codes[i]})" for i in people[:limit]]
    more = len(people) - limit
    if more > 0:
        names.append(ngettext("and {n} more", "and {n} more", more).format(n=more))
    return ", ".join(names)


def _tables(lp: LoadedProblem, tables: tuple[int, ...]) -> str:
    return ", ".join(str(lp.table_numbers[g]) for g in tables)


def explain_infeasibility(lp: LoadedProblem, reason: planning.Infeasibility) -> str:
    """A translated sentence naming the rule and the people or tables involved."""
    d = reason.detail
    who = _who(lp, reason.people)
    tabs = _tables(lp, reason.tables)
    code = reason.code
    if code == "no_tables":
        return _("There are no tables: add tables first.")
    if code == "capacity_too_small":
        return _("The tables seat at most {seats} people (facilitators included) but {people} are coming: "
                 "add tables or raise capacities.").format(seats=int(d.get("seats", 0)), people=int(d.get("people", 0)))
    if code == "capacity_too_large":
        return _("The tables need at least {minimum} people to reach their minimum sizes but only {people} are "
                 "coming: remove tables or lower the minimums.").format(minimum=int(d.get("minimum", 0)),
                                                                         people=int(d.get("people", 0)))
    if code == "too_few_facilitators":
        return _("There are {facilitators} facilitators for {seats} facilitator seats: every table needs exactly "
                 "one (two at a training table).").format(facilitators=int(d.get("facilitators", 0)),
                                                           seats=int(d.get("seats", 0)))
    if code == "too_many_facilitators":
        return _("There are {facilitators} facilitators for only {seats} facilitator seats: add tables or mark "
                 "some facilitators as not attending.").format(facilitators=int(d.get("facilitators", 0)),
                                                               seats=int(d.get("seats", 0)))
    if code == "table_facilitators_locked":
        return _("Too many facilitators are locked to table {tables}: {people}.").format(tables=tabs, people=who)
    if code == "group_too_large":
        return _("These people must sit together but no table is large enough: {people}.").format(people=who)
    if code == "group_locked_apart":
        return _("These people must sit together but are locked to different tables: {people}.").format(people=who)
    if code == "apart_in_group":
        return _("These people must sit apart and also together: {people}.").format(people=who)
    if code == "apart_locked_same_table":
        return _("These people must sit apart but are locked to the same table {tables}: {people}.").format(
            tables=tabs, people=who)
    if code == "locked_table_full":
        return _("More people are locked to table {tables} than it can seat: {people}.").format(tables=tabs, people=who)
    if code == "locked_not_allowed":
        return _("These people are locked to table {tables}, which is not wheelchair accessible: {people}.").format(
            tables=tabs, people=who)
    if code == "no_accessible_table":
        return _("Wheelchair users need {needed} seats at accessible tables but there are only {seats}: "
                 "{people}.").format(needed=int(d.get("needed", 0)), seats=int(d.get("seats", 0)), people=who)
    if code == "no_common_language":
        return _("No facilitator shares a language with these people and no table has an interpreter: "
                 "{people}.").format(people=who)
    if code == "no_allowed_table":
        return _("No table meets every rule for these people: {people}.").format(people=who)
    if code == "table_under_capacity":
        return _("Table {tables} stays below its minimum size: no one can move there without breaking a rule or "
                 "moving someone already seated. Consider closing that table and seating its people elsewhere."
                 ).format(tables=tabs)
    if code == "table_over_capacity":
        return _("Table {tables} stays over its maximum size: there is no free seat elsewhere for its people."
                 ).format(tables=tabs)
    if code == "no_room":
        return _("There is no free seat that fits every rule for: {people}.").format(people=who)
    if code == "no_facilitator_seat":
        return _("There is no free facilitator seat for: {people}.").format(people=who)
    if code == "no_feasible_start":
        return _("Each rule can be met on its own, but not all of them together (often: too many keep-apart "
                 "rules for the number of tables).")
    return _("A rule cannot be met ({code}): {people}.").format(code=code, people=who)


def _violation_text(lp: LoadedProblem, v: planning.Violation) -> str:
    return _("Broken rule {code}: {people} {tables}").format(code=v.code, people=_who(lp, v.people),
                                                            tables=_tables(lp, v.tables)).strip()


def report_for(lp: LoadedProblem, result: planning.PlanResult, repeated: int = 0,
               repeated_same_group: int = 0) -> PlanReport:
    """Turn an engine result into the event's terms (table numbers, codes, labels)."""
    tables = []
    scores = result.table_scores if result.table_scores is not None else np.zeros(len(lp.table_ids))
    by_table: dict[int, list[int]] = {}
    for i, g in enumerate(result.assignment.tolist()):
        if g >= 0:
            by_table.setdefault(g, []).append(i)
    reports = {tr.table: tr for tr in result.tables}
    for g, tid in enumerate(lp.table_ids):
        members = by_table.get(g, [])
        comp = []
        tr = reports.get(g)
        if tr is not None:
            for ds in tr.dimensions:
                j = ds.dimension
                labels = lp.category_labels[j]
                counts = {(labels[k] if 0 <= k < len(labels) else "?"): int(n) for k, n in ds.counts.items()}
                comp.append(Composition(lp.dimension_names[j], lp.dimension_keys[j], lp.sensitive[j], counts,
                                        float(ds.blau)))
        tables.append(TablePlan(
            table_id=tid, number=lp.table_numbers[g], person_ids=tuple(lp.person_ids[i] for i in members),
            codes=tuple(lp.codes[i] for i in members), score=float(scores[g]) if g < len(scores) else 0.0,
            size=len(members), composition=tuple(comp),
        ))
    worst = result.worst_table
    return PlanReport(
        round=lp.round, score=float(result.score), upper_bound=result.upper_bound,
        share_of_bound=result.share_of_bound, normalised_regret=result.normalised_regret,
        worst_table=lp.table_numbers[worst] if worst is not None else None,
        worst_score=float(scores[worst]) if worst is not None else None,
        tables=tuple(tables),
        violations=tuple(_violation_text(lp, v) for v in result.violations),
        isolated=tuple((lp.codes[i], lp.dimension_names[j]) for i, j in result.isolated),
        seconds=float(result.seconds), repeated_pairs=repeated, repeated_same_group=repeated_same_group,
        iterations=int(result.iterations),
        stopped=bool(result.stopped), kept_current=bool(result.kept_incumbent),
        random_share=(result.random_score / result.upper_bound
                      if result.random_score is not None and result.upper_bound else None),
        random_isolated=(planning.random_isolated(lp.problem, result.assignment)
                         if lp.problem.avoid_isolation else None),
    )
