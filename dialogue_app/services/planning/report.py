"""Table planning on an event file: loads the event into the planning engine
(:mod:`dialogue_app.planning`, pure NumPy), stores the plan, explains problems.

Capacities in the event file count the guests at a table; the facilitator
seat(s) come on top (one, two at a training table), so the engine's table
size is the capacity plus the facilitator seats.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.errors import DialogueError, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import (
    Assignment,
    DialogueTable,
    Dimension,
    PairRule,
    Person,
    PersonRole,
    PersonValue,
)
from dialogue_app.services.events import MAX_ROUNDS, check_round, check_rounds, current_event

ATTENDING = ("registered", "present")
MAX_SECONDS = 3600.0


def default_seconds(n_people: int) -> float:
    """Search time per round when the organiser does not choose one: 5 s up to 240
    people, then 1 s per 48 people up to 30 s (480 people: 10 s, 1,440 and more: 30 s),
    the budgets at which README's plan quality is measured. Stop keeps the best plan."""
    return float(min(30.0, max(5.0, n_people / 48.0)))


class PlanInfeasible(DialogueError):
    """The hard rules cannot all be met; nothing was planned."""


@dataclass(frozen=True)
class LoadedProblem:
    """The engine's problem plus the mapping back to the event's records."""

    problem: planning.PlanProblem
    person_ids: list[uuid.UUID]
    codes: list[str]
    first_names: list[str]
    table_ids: list[uuid.UUID]
    table_numbers: list[int]
    dimension_keys: list[str]
    dimension_names: list[str]
    sensitive: list[bool]
    category_labels: list[list[str]]
    round: int
    current: np.ndarray  # the stored plan of this round (-1: not seated)
    locked: np.ndarray  # bool per person
    seated: np.ndarray  # bool per person (seated at check-in: never moved)


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
            "repeated_pairs": self.repeated_pairs,
            "repeated_same_group": self.repeated_same_group,
            "iterations": self.iterations,
            "seconds": round(self.seconds, 3),
            "stopped": self.stopped,
        }


def _languages(text: str) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in (text or "").split(",") if x.strip())


def load_problem(session: Session, round_no: int = 1, *, keep_current_as_locks: bool = False) -> LoadedProblem:
    """Read the event into a :class:`planning.PlanProblem` for one round."""
    e = current_event(session)
    tables = list(session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id)
                                  .order_by(DialogueTable.number)))
    dims = list(session.scalars(select(Dimension).where(Dimension.event_id == e.id).order_by(Dimension.position)))
    roles: dict[uuid.UUID, set[str]] = {}
    for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role).join(Person)
                                     .where(Person.event_id == e.id)):
        roles.setdefault(pid, set()).add(role)
    people = [
        p for p in session.execute(
            select(Person.id, Person.code, Person.first_name, Person.languages, Person.wheelchair, Person.attendance,
                   Person.invited_by_id).where(Person.event_id == e.id).order_by(Person.code)
        )
        if roles.get(p.id, set()) & {"participant", "host", "facilitator"}
    ]
    index = {p.id: i for i, p in enumerate(people)}
    table_index = {t.id: g for g, t in enumerate(tables)}
    cat_index = {d.id: {c.id: k for k, c in enumerate(d.categories)} for d in dims}
    dim_col = {d.id: j for j, d in enumerate(dims)}
    values = np.full((len(people), len(dims)), planning.UNKNOWN, dtype=np.int64)
    for pid, did, cid in session.execute(
        select(PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id)
        .join(Person).where(Person.event_id == e.id)
    ):
        i = index.get(pid)
        if i is None or cid is None or did not in dim_col:
            continue
        values[i, dim_col[did]] = cat_index[did].get(cid, planning.UNKNOWN)
    current = np.full(len(people), -1, dtype=np.int64)
    locked = np.zeros(len(people), dtype=bool)
    seated = np.zeros(len(people), dtype=bool)
    for a in session.scalars(select(Assignment).join(Person).where(Person.event_id == e.id,
                                                                    Assignment.round == round_no)):
        i = index.get(a.person_id)
        if i is None or a.table_id not in table_index:
            continue
        current[i] = table_index[a.table_id]
        locked[i] = a.locked
        seated[i] = a.seated
    host_table = {t.host_id: g for g, t in enumerate(tables) if t.host_id is not None}
    engine_people = []
    for i, p in enumerate(people):
        r = roles.get(p.id, set())
        lock = None
        if locked[i] or seated[i] or (keep_current_as_locks and current[i] >= 0):
            lock = int(current[i])
        elif p.id in host_table:
            lock = host_table[p.id]
        host = index.get(p.invited_by_id) if p.invited_by_id in host_table else None
        engine_people.append(planning.Person(
            is_facilitator="facilitator" in r,
            locked_table=lock,
            needs_accessible=bool(p.wheelchair),
            languages=_languages(p.languages),
            host=host,
            attending=p.attendance in ATTENDING,
        ))
    engine_tables = []
    for t in tables:
        seats = 2 if t.is_training else 1
        engine_tables.append(planning.Table(
            min_size=t.capacity_min + seats, max_size=t.capacity_max + seats, accessible=t.accessible,
            languages=frozenset(), training=t.is_training, interpreter=t.has_interpreter,
        ))
    apart, together_pairs, soft = [], [], {}
    for r in session.scalars(select(PairRule).where(PairRule.event_id == e.id)):
        a, b = index.get(r.person_a_id), index.get(r.person_b_id)
        if a is None or b is None:
            continue
        if r.hard:
            (together_pairs if r.kind == "together" else apart).append((a, b))
        else:
            key = (min(a, b), max(a, b))
            soft[key] = soft.get(key, 0.0) + (abs(r.weight) if r.kind == "together" else -abs(r.weight))
    met = []
    if round_no > 1:
        earlier: dict[tuple[int, uuid.UUID], list[int]] = {}
        for pid, tid, rnd in session.execute(
            select(Assignment.person_id, Assignment.table_id, Assignment.round).join(Person)
            .where(Person.event_id == e.id, Assignment.round < round_no)
        ):
            if pid in index:
                earlier.setdefault((rnd, tid), []).append(index[pid])
        for members in earlier.values():
            members.sort()
            met.extend((x, y) for k, x in enumerate(members) for y in members[k + 1:])
    problem = planning.PlanProblem(
        tables=engine_tables,
        people=engine_people,
        dims=[planning.Dimension(name=d.key, kind=d.kind, n_categories=max(2, len(d.categories)), weight=d.weight,
                                 dont_isolate=d.dont_isolate) for d in dims],
        values=values,
        unknown=e.unknown_distance,
        apart=apart,
        together=groups_of_pairs(together_pairs),
        soft_pairs=soft,
        met_before=met,
    )
    return LoadedProblem(
        problem=problem, person_ids=[p.id for p in people], codes=[p.code for p in people],
        first_names=[p.first_name for p in people], table_ids=[t.id for t in tables],
        table_numbers=[t.number for t in tables], dimension_keys=[d.key for d in dims],
        dimension_names=[d.name for d in dims], sensitive=[d.sensitive for d in dims],
        category_labels=[[c.label for c in d.categories] for d in dims], round=round_no,
        current=current, locked=locked, seated=seated,
    )


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


def groups_of_pairs(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The groups of people the pairs link (each sorted; union-find)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return [sorted(g) for g in groups.values() if len(g) > 1]


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


def store_plan(session: Session, lp: LoadedProblem, assignment: np.ndarray) -> None:
    """Replace the round's assignments with ``assignment`` (locks and check-in marks kept)."""
    person_ids = lp.person_ids
    session.execute(delete(Assignment).where(Assignment.person_id.in_(person_ids), Assignment.round == lp.round))
    rows = []
    for i, g in enumerate(assignment.tolist()):
        if g < 0:
            continue
        rows.append(Assignment(person_id=person_ids[i], table_id=lp.table_ids[g], round=lp.round,
                               locked=bool(lp.locked[i]), seated=bool(lp.seated[i])))
    session.add_all(rows)
    session.flush()


Progress = Callable[..., None]


def plan_event(store, *, round_no: int = 1, rounds: int = 1, seconds: float | None = 5.0, seed: int = 0,
               progress: Progress | None = None,
               should_stop: Callable[[], bool] | None = None,
               keep_better: bool = False) -> list[PlanReport]:
    """Plan ``rounds`` rounds starting at ``round_no`` and store them.

    ``seconds=None``: ``default_seconds`` for the number of people attending.
    ``keep_better``: the search starts from a round's stored plan when it seats everybody
    and keeps every rule (planning again goes on where the last search stopped), and
    that plan stays unless the new one is better (the report says
    ``kept_current``), so that planning again can only improve a plan.

    Long work: meant to run on a worker thread (opens its own sessions). When the
    rules cannot be met, raises :class:`PlanInfeasible` naming the rule and the
    people or tables, and stores nothing. A stop request keeps the best plan found.
    "Plan the rest" of a hand-made plan: lock the people to keep first. Planning a
    round after the event's last one raises the event's number of rounds to it.
    """
    check_rounds(rounds)
    check_round(round_no)
    if round_no + rounds - 1 > MAX_ROUNDS:
        raise UserInputError(_("Rounds {first} to {last} cannot be planned: an event has at most {max} rounds.").format(
            first=round_no, last=round_no + rounds - 1, max=MAX_ROUNDS))
    if seconds is not None and not 0 < seconds <= MAX_SECONDS:
        raise UserInputError(_("The planning time must be between 0 and {max} seconds.").format(max=int(MAX_SECONDS)))
    reports: list[PlanReport] = []
    for r in range(round_no, round_no + rounds):
        with store.session() as s:
            lp = load_problem(s, r)
        reasons = planning.check_feasibility(lp.problem)
        if reasons:
            raise PlanInfeasible(
                _("The rules cannot all be met, so nothing was planned:"),
                details=[explain_infeasibility(lp, x) for x in reasons],
            )
        step = r - round_no

        def prog(best: float, frac: float, step: int = step, r: int = r) -> None:
            if progress is not None:  # (the raw score, e.g. 872.9, means nothing to an organiser)
                progress((step + frac) / rounds, _(
                    "Round {round}: looking for the most mixed tables. Stop keeps the best plan found so far."
                ).format(round=r))

        incumbent = lp.current if keep_better and bool((lp.current >= 0).any()) else None
        budget = seconds if seconds is not None else default_seconds(
            sum(p.attending for p in lp.problem.people))
        result = planning.plan(lp.problem, seconds=budget, seed=seed + 7919 * step, progress=prog,
                               should_stop=should_stop, incumbent=incumbent, start=incumbent)
        if not result.feasible:
            raise PlanInfeasible(
                _("The rules cannot all be met, so nothing was planned:"),
                details=[explain_infeasibility(lp, x) for x in result.infeasibilities],
            )
        if result.violations:  # never store a plan that breaks a hard rule
            raise DialogueError(_("The planner produced a plan that breaks a rule; nothing was stored."),
                                details=[_violation_text(lp, v) for v in result.violations])
        met = {(min(a, b), max(a, b)) for a, b in lp.problem.met_before}
        # families, hosts with their guests and people locked together meet in every round
        again = (planning.pairs_of(result.assignment) & met) - planning.forced_pairs(lp.problem)
        repeated = len(again)
        with store.session() as s:
            if not result.kept_incumbent:
                store_plan(s, lp, result.assignment)
            e = current_event(s)
            if e.rounds < r:  # a round planned is a round of the event (the screens show it)
                e.rounds = r
        reports.append(report_for(lp, result, repeated, same_group_pairs(lp, again)))
        if should_stop is not None and should_stop():  # Stop keeps the best plan found so far
            break
    return reports



#: The demo event is planned before the other areas add their parts (commitments link to tablemates).
DEMO_ORDER = 50
DEMO_PLAN_LIMIT = 2500  # larger demos (benchmarks) stay unplanned: planning them is measured separately


def populate_demo(session: Session, rng, progress: Callable[[float], None] | None = None) -> None:
    """Seat the demo's people with a short planning run (round 1); ``progress`` gets 0..1."""
    lp = load_problem(session, 1)
    if len(lp.person_ids) > DEMO_PLAN_LIMIT or planning.check_feasibility(lp.problem):
        return
    # an iteration budget, not a time limit: the same demo on every machine. 300 iterations
    # (2-4 s up to 120 people) open the demo near what one press of Plan tables gives;
    # larger demos (benchmarks, trials) keep a short run.
    n = len(lp.person_ids)
    iterations = 300 if n <= 160 else 30 if n <= 600 else 1
    result = planning.plan(lp.problem, seconds=None, max_iterations=iterations, seed=rng.randint(0, 10_000),
                           progress=(lambda _best, frac: progress(frac)) if progress else None)
    if result.feasible and not result.violations:
        store_plan(session, lp, result.assignment)
