"""Planning an event's rounds and storing the plans (long work: a worker thread), and
seating the demo event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.errors import DialogueError, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import (
    Assignment,
)
from dialogue_app.services.events import MAX_ROUNDS, check_round, check_rounds, current_event
from dialogue_app.services.planning.problem import (
    LoadedProblem,
    load_problem,
)
from dialogue_app.services.planning.report import (
    PlanReport,
    _violation_text,
    explain_infeasibility,
    report_for,
    same_group_pairs,
)
from dialogue_app.services.planning.snapshot import Snapshot, kept_text, read_snapshot, store_on_snapshot

MAX_SECONDS = 3600.0


def default_seconds(n_people: int) -> float:
    """Search time per round when the organiser does not choose one: 5 s up to 240
    people, then 1 s per 48 people up to 30 s (480 people: 10 s, 1,440 and more: 30 s),
    the budgets at which README's plan quality is measured. Stop keeps the best plan."""
    return float(min(30.0, max(5.0, n_people / 48.0)))


@dataclass(frozen=True)
class PlanOutcome(PlanReport):
    """A stored plan's report, and how it was planned."""

    #: the plan reaches the upper bound (nobody left alone): no plan can mix more, so the
    #: search stopped there
    proven_optimal: bool = False
    #: False when the rule "each table has a facilitator" was off for this plan
    facilitator_rule: bool = True
    #: people checked in while planning (they keep their tables; see :mod:`.snapshot`)
    kept_checked_in: tuple[uuid.UUID, ...] = ()
    #: people someone else seated, moved or locked while planning (they keep their seats)
    kept_changed: tuple[uuid.UUID, ...] = ()

    @property
    def kept_text(self) -> str:
        """"3 people checked in while planning kept their tables." ("" when nobody)."""
        return kept_text(len(self.kept_checked_in), len(self.kept_changed))

    def to_json(self) -> dict:
        out = super().to_json()
        out["proven_optimal"] = self.proven_optimal
        out["facilitator_rule"] = self.facilitator_rule
        out["kept_checked_in"] = len(self.kept_checked_in)
        out["kept_changed"] = len(self.kept_changed)
        return out


def _outcome(report: PlanReport, proven_optimal: bool, facilitator_rule: bool,
             kept: tuple[set[uuid.UUID], set[uuid.UUID]] = (set(), set())) -> PlanOutcome:
    return PlanOutcome(**{f.name: getattr(report, f.name) for f in fields(PlanReport)},
                       proven_optimal=proven_optimal, facilitator_rule=facilitator_rule,
                       kept_checked_in=tuple(sorted(kept[0])), kept_changed=tuple(sorted(kept[1] - kept[0])))


class PlanInfeasible(DialogueError):
    """The hard rules cannot all be met; nothing was planned."""


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


#: How often planning starts again (briefly) around people checked in while it ran, before
#: it stores the plan with their seats kept as they are.
REPLANS = 2


@dataclass(frozen=True)
class Search:
    """How one round is searched (see :func:`plan_event`)."""

    seconds: float | None
    iterations: int | None
    seed: int
    keep_better: bool
    facilitator_rule: bool


def _plan_round(store, r: int, how: Search, prog: Callable[[float, float], None],
                should_stop: Callable[[], bool] | None
                ) -> tuple[LoadedProblem, planning.PlanResult, tuple[set[uuid.UUID], set[uuid.UUID]]]:
    """Plan round ``r`` on a snapshot and store it (:mod:`.snapshot`): when people checked in
    meanwhile would be moved, plan again briefly around them (up to :data:`REPLANS` times), then
    store with their seats kept. Returns the problem and result stored, and who was kept
    (checked in; changed by someone else)."""
    kept: tuple[set[uuid.UUID], set[uuid.UUID]] = (set(), set())
    previous: tuple[LoadedProblem, Snapshot, planning.PlanResult] | None = None
    for attempt in range(REPLANS + 1):
        with store.session() as s:  # the snapshot: who is present, then the whole problem
            snap = read_snapshot(s)
            lp = load_problem(s, r, facilitator_rule=how.facilitator_rule)
        incumbent = lp.current if how.keep_better and bool((lp.current >= 0).any()) else None
        budget = how.seconds if how.seconds is not None else MAX_SECONDS if how.iterations is not None else (
            default_seconds(sum(p.attending for p in lp.problem.people)))
        start, its = incumbent, how.iterations
        if previous is not None:  # again around the people who arrived: briefly, from the last plan
            start = _carried(previous[0], previous[2].assignment, lp)
            budget, its = min(budget, max(1.0, budget / 5)), None if its is None else max(1, its // 5)
        try:
            _check_feasible(lp)
            result = planning.plan(lp.problem, seconds=budget, seed=how.seed + attempt, progress=prog,
                                   should_stop=should_stop, incumbent=incumbent, start=start, max_iterations=its)
            _check_result(lp, result)
        except DialogueError:
            if previous is None:
                raise
            lp, snap, result = previous  # no plan around them: the last plan, their seats kept
            attempt = REPLANS
        last = attempt == REPLANS or (should_stop is not None and should_stop())  # Stop keeps the best plan
        with store.session() as s:
            stored = None if result.kept_incumbent else store_on_snapshot(s, lp, snap, result.assignment,
                                                                           keep_conflicts=last)
            if stored is None or stored.stored:
                e = current_event(s)
                if e.rounds < r:  # a round planned is a round of the event (the screens show it)
                    e.rounds = r
        if stored is not None:
            kept[0].update(stored.checked_in)
            kept[1].update(stored.changed)
        if stored is None or stored.stored:
            break
        previous = (lp, snap, result)
    # kept: those the stored plan left where they were (locked or seated in the last snapshot, or kept)
    held = set(lp.person_ids) if stored is None else {
        pid for i, pid in enumerate(lp.person_ids) if lp.locked[i] or lp.seated[i]} | stored.kept
    return lp, result, (kept[0] & held, kept[1] & held)


def _check_feasible(lp: LoadedProblem) -> None:
    reasons = planning.check_feasibility(lp.problem)
    if reasons:
        raise PlanInfeasible(
            _("The rules cannot all be met, so nothing was planned:"),
            details=[explain_infeasibility(lp, x) for x in reasons],
        )


def _check_result(lp: LoadedProblem, result: planning.PlanResult) -> None:
    if not result.feasible:
        raise PlanInfeasible(
            _("The rules cannot all be met, so nothing was planned:"),
            details=[explain_infeasibility(lp, x) for x in result.infeasibilities],
        )
    if result.violations:  # never store a plan that breaks a hard rule
        raise DialogueError(_("The planner produced a plan that breaks a rule; nothing was stored."),
                            details=[_violation_text(lp, v) for v in result.violations])


def _carried(old: LoadedProblem, assignment: np.ndarray, lp: LoadedProblem) -> np.ndarray:
    """The plan ``assignment`` (made on ``old``) on the newer snapshot ``lp``, with the people
    locked since at their tables: where planning again starts."""
    where = {pid: old.table_ids[g] for pid, g in zip(old.person_ids, assignment.tolist(), strict=True) if g >= 0}
    index = {t: g for g, t in enumerate(lp.table_ids)}
    start = np.array([index[where[pid]] if where.get(pid) in index else -1 for pid in lp.person_ids], dtype=np.int64)
    for i, p in enumerate(lp.problem.people):
        if p.locked_table is not None:
            start[i] = p.locked_table
    return start


Progress = Callable[..., None]


def plan_event(store, *, round_no: int = 1, rounds: int = 1, seconds: float | None = 5.0, seed: int = 0,
               progress: Progress | None = None,
               should_stop: Callable[[], bool] | None = None,
               keep_better: bool = False, iterations: int | None = None,
               facilitator_rule: bool = True) -> list[PlanOutcome]:
    """Plan ``rounds`` rounds starting at ``round_no`` and store them.

    ``seconds=None``: ``default_seconds`` for the number of people attending, or with
    ``iterations`` (blocks of search steps, the same on any machine: the same input, seed
    and iterations give the same plan) no limit but ``MAX_SECONDS``; with both, whichever
    comes first. The search stops early when the plan is proven optimal (its report
    says ``proven_optimal``). ``facilitator_rule=False``: tables need no facilitator
    (facilitators not assigned yet; those there are seated like everybody, a table's own
    languages serve the language rule; the report says so).
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
    if iterations is not None and iterations < 1:
        raise UserInputError(_("The number of iterations must be a whole number from 1."))
    reports: list[PlanOutcome] = []
    for r in range(round_no, round_no + rounds):
        step = r - round_no

        def prog(best: float, frac: float, step: int = step, r: int = r) -> None:
            if progress is not None:  # (the raw score, e.g. 872.9, means nothing to an organiser)
                progress((step + frac) / rounds, _(
                    "Round {round}: looking for the most mixed tables. Stop keeps the best plan found so far."
                ).format(round=r))

        lp, result, kept = _plan_round(store, r, Search(seconds, iterations, seed + 7919 * step, keep_better,
                                                        facilitator_rule), prog, should_stop)
        met = {(min(a, b), max(a, b)) for a, b in lp.problem.met_before}
        # families, hosts with their guests and people locked together meet in every round
        again = (planning.pairs_of(result.assignment) & met) - planning.forced_pairs(lp.problem)
        repeated = len(again)
        reports.append(_outcome(report_for(lp, result, repeated, same_group_pairs(lp, again)),
                                result.proven_optimal, facilitator_rule, kept))
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
