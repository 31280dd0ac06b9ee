"""Live table sessions: who sits at a table in a round (in talking-stick order, with their
turns), the stored timer state and the facilitator's private notes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal, overload

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound
from dialogue_app.facilitation.timer import PhaseRunState, TimerState
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.models.facilitation import PhaseRun, TableSession, TalkingTurn
from dialogue_app.services.events import current_event
from dialogue_app.wording import distinct_first_names


@dataclass(frozen=True)
class SeatInfo:
    person_id: uuid.UUID
    first_name: str
    code: str
    turns: int = 0


@dataclass(frozen=True)
class SessionData:
    """Everything the facilitator screen needs about one table in one round."""

    table_id: uuid.UUID
    table_number: int
    round: int
    timer: TimerState
    notes: str
    #: In talking-stick order.
    seats: tuple[SeatInfo, ...]


def find_table(session: Session, table: uuid.UUID | int) -> DialogueTable:
    e = current_event(session)
    if isinstance(table, int):
        t = session.scalars(
            select(DialogueTable).where(DialogueTable.event_id == e.id, DialogueTable.number == table)
        ).first()
    else:
        t = session.get(DialogueTable, table)
    if t is None or t.event_id != e.id:
        raise NotFound(_("Table {n} does not exist.").format(n=table) if isinstance(table, int)
                       else _("That table no longer exists."))
    return t


@overload
def _session_row(session: Session, table_id: uuid.UUID, round_: int, *, create: Literal[True]) -> TableSession: ...
@overload
def _session_row(session: Session, table_id: uuid.UUID, round_: int, *, create: bool) -> TableSession | None: ...
def _session_row(session: Session, table_id: uuid.UUID, round_: int, *, create: bool) -> TableSession | None:
    row = session.scalars(
        select(TableSession).where(TableSession.table_id == table_id, TableSession.round == round_)
    ).first()
    if row is None and create:
        row = TableSession(table_id=table_id, round=round_, current=0, notes="")
        session.add(row)
        session.flush()
    return row


def table_people(session: Session, table_id: uuid.UUID, round_: int = 1) -> list[SeatInfo]:
    """The people seated at a table in a round (not cancelled or absent), facilitators excluded."""
    facilitator_only = (
        select(PersonRole.person_id).where(PersonRole.role == "facilitator")
    )
    participant = select(PersonRole.person_id).where(PersonRole.role.in_(("participant", "host")))
    rows = session.execute(
        select(Person.id, Person.first_name, Person.last_name, Person.code)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(Assignment.table_id == table_id, Assignment.round == round_,
               Person.attendance.not_in(("cancelled", "absent")),
               (Person.id.in_(participant)) | (Person.id.not_in(facilitator_only)))
        .order_by(Person.first_name, Person.code)
    ).all()
    names = distinct_first_names([(first, last) for _pid, first, last, _code in rows])
    return [SeatInfo(pid, name, code) for (pid, _first, _last, code), name in zip(rows, names, strict=True)]


def load_session(session: Session, table_id: uuid.UUID, round_: int = 1) -> SessionData:
    """The stored state of a table's session (nothing is written)."""
    t = find_table(session, table_id)
    row = _session_row(session, t.id, round_, create=False)
    people = table_people(session, t.id, round_)
    if row is None:
        return SessionData(t.id, t.number, round_, TimerState(), "", tuple(people))
    runs = {r.position: r for r in session.scalars(select(PhaseRun).where(PhaseRun.session_id == row.id))}
    n = max([row.current + 1, *[p + 1 for p in runs]])
    timer = TimerState(
        current=row.current,
        runs=tuple(
            PhaseRunState(runs[i].started_at, runs[i].ended_at, runs[i].paused_at, runs[i].pause_seconds)
            if i in runs else PhaseRunState()
            for i in range(n)
        ),
    )
    turns = {t.person_id: t for t in session.scalars(select(TalkingTurn).where(TalkingTurn.session_id == row.id))}
    by_id = {p.person_id: p for p in people}
    ordered = sorted(people, key=lambda p: (turns[p.person_id].position if p.person_id in turns else 10_000,
                                            p.first_name, p.code))
    seats = tuple(
        SeatInfo(p.person_id, p.first_name, p.code, turns[p.person_id].turns if p.person_id in turns else 0)
        for p in ordered if p.person_id in by_id
    )
    return SessionData(t.id, t.number, round_, timer, row.notes, seats)


def save_timer_state(session: Session, table_id: uuid.UUID, round_: int, state: TimerState) -> None:
    """Store the timer state (called on every Start / Pause / Next / Back, never on ticks)."""
    t = find_table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    row.current = state.current
    existing = {r.position: r for r in session.scalars(select(PhaseRun).where(PhaseRun.session_id == row.id))}
    for i, run in enumerate(state.runs):
        r = existing.pop(i, None)
        if not run.started:
            if r is not None:
                session.delete(r)
            continue
        if r is None:
            r = PhaseRun(session_id=row.id, position=i)
            session.add(r)
        r.started_at, r.ended_at, r.paused_at, r.pause_seconds = (
            run.started_at, run.ended_at, run.paused_at, run.pause_seconds)
    for r in existing.values():
        session.delete(r)
    session.flush()


def save_notes(session: Session, table_id: uuid.UUID, round_: int, text: str) -> None:
    t = find_table(session, table_id)
    _session_row(session, t.id, round_, create=True).notes = text


def set_talking_order(session: Session, table_id: uuid.UUID, round_: int, person_ids: list[uuid.UUID]) -> None:
    t = find_table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    turns = {x.person_id: x for x in session.scalars(select(TalkingTurn).where(TalkingTurn.session_id == row.id))}
    for i, pid in enumerate(person_ids):
        x = turns.get(pid)
        if x is None:
            x = TalkingTurn(session_id=row.id, person_id=pid, turns=0)
            session.add(x)
        x.position = i
    session.flush()


def add_turn(session: Session, table_id: uuid.UUID, round_: int, person_id: uuid.UUID, delta: int = 1) -> int:
    """Add (or with a negative delta remove) a turn in the tally; returns the new count."""
    t = find_table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    x = session.scalars(
        select(TalkingTurn).where(TalkingTurn.session_id == row.id, TalkingTurn.person_id == person_id)
    ).first()
    if x is None:
        n = session.scalar(select(func.count()).select_from(TalkingTurn).where(TalkingTurn.session_id == row.id))
        x = TalkingTurn(session_id=row.id, person_id=person_id, position=n or 0, turns=0)
        session.add(x)
    x.turns = max(0, (x.turns or 0) + delta)
    session.flush()
    return x.turns
