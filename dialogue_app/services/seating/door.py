"""The door on the day: which table a walk-in or a late arrival should sit at, how many
people closing check-in will mark as not arrived, and checking someone in and seating
them in one undoable step.

The table choice follows the planner's rules for one person: hard rules first (a free
seat, step-free access for a wheelchair, a shared language with the facilitator,
keep-apart rules, locked seats), then — like :func:`planning.rebalance` — tables short
of their minimum before the others, then the table where the person adds the most
diversity, then the one with the most free seats.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.models import DialogueTable, Person, PersonRole
from dialogue_app.planning.distance import distance_matrix
from dialogue_app.planning.rules import LanguageHooks, compile_problem
from dialogue_app.planning.unitproblem import Positions
from dialogue_app.services import seating
from dialogue_app.services.edits import Composite
from dialogue_app.services.events import current_event
from dialogue_app.services.planning import load_problem
from dialogue_app.services.planning.problem import _languages
from dialogue_app.services.row_locks import lock_person_by_code
from dialogue_app.services.seating.checkin import door_columns

SEATED_ROLES = ("participant", "host", "facilitator")


@dataclass(frozen=True)
class TableOption:
    """One table as a choice for one person."""

    number: int
    free: int  # free guest seats (never below 0)
    fits: bool  # a free seat and every hard rule holds
    reason: str  # why not, in words ("" when it fits)


@dataclass(frozen=True)
class Placement:
    """The tables for one person, the suggested one first (``suggested`` None: none fits)."""

    options: tuple[TableOption, ...]

    @property
    def suggested(self) -> TableOption | None:
        return self.options[0] if self.options and self.options[0].fits else None


def table_options(session: Session, round_no: int = 1, *, person_id: uuid.UUID | None = None,
                  wheelchair: bool = False, languages: str = "") -> Placement:
    """Every table of the round for one person (an existing person, or a walk-in who is not
    registered yet, described by ``wheelchair`` and ``languages``), best first."""
    lp = load_problem(session, round_no)
    problem = lp.problem
    people = list(problem.people)
    current = lp.current.copy()
    values = None if problem.values is None else np.asarray(problem.values)
    if person_id is not None and person_id in lp.person_ids:
        idx = lp.person_ids.index(person_id)
        people[idx] = dataclasses.replace(people[idx], attending=True, locked_table=None)
    else:
        idx = len(people)
        people.append(planning.Person(needs_accessible=wheelchair, languages=_languages(languages)))
        current = np.append(current, -1)
        if values is not None:
            values = np.vstack([values, np.full((1, values.shape[1]), planning.UNKNOWN, dtype=values.dtype)])
    current[idx] = -1
    prob = dataclasses.replace(problem, people=people, values=values)
    c = compile_problem(prob)
    K = prob.n_tables
    u = int(c.unit_of[c.local[idx]])
    # unit positions: the table of the unit's placed members (-1 if none)
    p = np.full(len(c.units), -1, dtype=np.int64)
    for v, members in enumerate(c.units):
        tabs = current[c.people[members]]
        tabs = tabs[tabs >= 0]
        if len(tabs):
            vals, cnt = np.unique(tabs, return_counts=True)
            p[v] = int(vals[np.argmax(cnt)])
    p[u] = -1
    sizes = np.bincount(p[p >= 0], weights=c.w[p >= 0], minlength=K).astype(np.int64)
    at = current[c.people]  # table of each attending person
    is_fac = np.array([prob.people[int(i)].is_facilitator for i in c.people], dtype=bool)
    mine = c.units[u]
    caps = [t.capacity_max for t in session.scalars(
        select(DialogueTable).where(DialogueTable.event_id == current_event(session).id)
        .order_by(DialogueTable.number))]
    hooks = LanguageHooks(c) if c.lang_rule else None

    state = Positions(p)
    rows = []
    for g in range(K):
        at_g = (at == g) & (c.unit_of != u)
        guests = int((at_g & ~is_fac).sum())
        free = max(0, caps[g] - guests)
        need = int((~is_fac[mine]).sum())
        reason = ""
        if not c.allowed[u, g]:
            if prob.people[idx].needs_accessible and not prob.tables[g].accessible:
                reason = _("not wheelchair accessible")
            else:
                reason = _("not allowed by the seating rules")
        elif free < need or sizes[g] + c.w[u] > c.hi[g]:
            reason = _("full")
        elif c.conflict is not None and c.conflict[u, np.flatnonzero(p == g)].any():
            reason = _("a keep-apart rule")
        elif hooks is not None and (at_g & c.fac_person).any():
            # the language rule is judged by the facilitators present (none yet: nothing to judge)
            p[u] = g
            ok = hooks.dynamic_column(state, g)
            p[u] = -1
            if ok is not None and not ok[u]:
                reason = _("no shared language")
        score = _gain(prob, values, int(idx), [int(i) for i in c.people[at_g]])
        rows.append((TableOption(lp.table_numbers[g], free, not reason, reason), sizes[g] < c.lo[g], score))
    rows.sort(key=lambda r: (not r[0].fits, not r[1], -r[2], -r[0].free, r[0].number))
    return Placement(tuple(r[0] for r in rows))


def _gain(prob: planning.PlanProblem, values: np.ndarray | None, idx: int, members: list[int]) -> float:
    """Mean diversity the person adds at a table of ``members`` (soft pair rules included,
    people met in earlier rounds count against)."""
    if not members:
        return 0.0
    d = np.zeros(len(members))
    if values is not None and len(prob.dims):
        d = distance_matrix(prob.dims, values[[idx, *members]], prob.unknown)[0, 1:]
    for k, j in enumerate(members):
        d[k] += prob.soft_pairs.get((min(idx, j), max(idx, j)), 0.0)
    met = {b if a == idx else a for a, b in prob.met_before if idx in (a, b)}
    d -= np.array([1.0 if j in met else 0.0 for j in members])
    return float(d.mean())


def not_arrived_count(session: Session) -> int:
    """How many people closing check-in would mark as not arrived (registered, with a seat role)."""
    e = current_event(session)
    ids = set(session.scalars(select(Person.id).where(Person.event_id == e.id, Person.attendance == "registered")))
    with_role = set(session.scalars(select(PersonRole.person_id).where(PersonRole.role.in_(SEATED_ROLES))))
    return len(ids & with_role)


@dataclass(frozen=True)
class Arrival:
    """What checking in a code will do."""

    person_id: uuid.UUID
    name: str
    late: bool  # marked not arrived (check-in was closed) and now here
    table: int | None  # the table they will sit at
    own_seat: bool  # that table is the seat they had


def plan_arrival(session: Session, code: str, round_no: int = 1) -> Arrival:
    """Who has this code and, for someone marked not arrived, where they will sit now:
    their own seat if it is still free, else the suggested table (None: no free seat)."""
    e = current_event(session)
    p = session.scalars(select(Person).options(door_columns()).where(Person.event_id == e.id, Person.code == normalise_code(code))).first()
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    name = f"{p.first_name} {p.last_name}".strip()
    info = seating.lookup_code(session, code, round_no)
    if p.attendance != "absent":
        return Arrival(p.id, name, False, info.table, info.table is not None)
    placement = table_options(session, round_no, person_id=p.id)
    own = next((o for o in placement.options if o.number == info.table), None)
    if own is not None and own.fits:
        return Arrival(p.id, name, True, own.number, True)
    best = placement.suggested
    return Arrival(p.id, name, True, best.number if best else None, False)


@dataclass(frozen=True)
class CheckInAt:
    """Check a person in by code and seat them at ``table_number`` (None: keep their seat),
    as one undo step."""

    code: str
    round: int
    table_number: int | None
    label: str

    def apply(self, session: Session) -> Composite:
        e = current_event(session)
        p = lock_person_by_code(session, e.id, normalise_code(self.code), door_columns())  # another door may be at it too
        if p is None:
            raise NotFound(_("No person has the code “{code}”.").format(code=self.code.strip()))
        seat_before = seating._state(session, p.id, self.round)
        att_before = seating._attendance_state(session, p.id, self.round)
        if self.table_number is not None:
            tid = seating.table_id_by_number(session, self.table_number)
            seating.SetSeats((seating.SeatState(p.id, tid, seat_before.locked, True),), self.round,
                             self.label).apply(session)
        seating.check_in(session, self.code, self.round)
        return Composite((seating.RestoreAttendance((att_before,), self.round, self.label),
                          seating.SetSeats((seat_before,), self.round, self.label)), self.label)


@dataclass(frozen=True)
class SearchPerson:
    """A person as the name searches see them."""

    code: str
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def search_parts(self) -> tuple[str, ...]:
        return (self.first_name, self.last_name, self.code, self.email)


def people_for_search(session: Session, role: str | None = "participant") -> list[SearchPerson]:
    """Everyone of the event with ``role`` (None: everyone), by name, for a name-or-code field."""
    e = current_event(session)
    q = select(Person.code, Person.first_name, Person.last_name, Person.email).where(Person.event_id == e.id)
    if role is not None:
        q = q.where(Person.id.in_(select(PersonRole.person_id).where(PersonRole.role == role)))
    out = [SearchPerson(c, f or "", la or "", m or "") for c, f, la, m in session.execute(q)]
    out.sort(key=lambda p: p.name.casefold())
    return out
