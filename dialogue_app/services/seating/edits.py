"""Hand moves on the Tables screen as undoable edits: move, swap and lock people, put a
replaced plan back, and who a person already sat with."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services.events import current_event
from dialogue_app.services.planning import PlanOutcome, plan_event


def _assignment(session: Session, person_id: uuid.UUID, round_no: int) -> Assignment | None:
    return session.scalars(
        select(Assignment).where(Assignment.person_id == person_id, Assignment.round == round_no)
    ).first()


@dataclass(frozen=True)
class SeatState:
    person_id: uuid.UUID
    table_id: uuid.UUID | None
    locked: bool
    seated: bool


def _seat(person_id: uuid.UUID, a: Assignment | None) -> SeatState:
    if a is None:
        return SeatState(person_id, None, False, False)
    return SeatState(person_id, a.table_id, a.locked, a.seated)


def _state(session: Session, person_id: uuid.UUID, round_no: int) -> SeatState:
    return _seat(person_id, _assignment(session, person_id, round_no))


@dataclass(frozen=True)
class SetSeats:
    """Set the seats of several people in one round; the inverse restores them."""

    states: tuple[SeatState, ...]
    round: int
    label: str

    def apply(self, session: Session) -> SetSeats:
        # one query and one flush for the lot: undoing a plan of 2,000 people stays quick
        ids = [st.person_id for st in self.states]
        current: dict[uuid.UUID, Assignment] = {}
        for k in range(0, len(ids), 500):
            current.update((a.person_id, a) for a in session.scalars(
                select(Assignment).where(Assignment.round == self.round, Assignment.person_id.in_(ids[k:k + 500]))))
        # people to seat who have no seat yet must still exist (checked before any change)
        new = list({st.person_id for st in self.states if st.table_id is not None} - current.keys())
        found: set[uuid.UUID] = set()
        for k in range(0, len(new), 500):
            found.update(session.scalars(select(Person.id).where(Person.id.in_(new[k:k + 500]))))
        if len(found) < len(new):
            raise NotFound(_("That person no longer exists."))
        before = tuple(_seat(pid, current.get(pid)) for pid in ids)
        for st in self.states:
            a = current.get(st.person_id)
            if st.table_id is None:
                if a is not None:
                    session.delete(a)
                continue
            if a is None:
                a = Assignment(person_id=st.person_id, round=self.round, table_id=st.table_id)
                session.add(a)
            a.table_id, a.locked, a.seated = st.table_id, st.locked, st.seated
        session.flush()
        return SetSeats(before, self.round, self.label)


def round_states(session: Session, round_no: int) -> tuple[SeatState, ...]:
    """Every person's seat in a round (no table: ``table_id`` None), to put back later."""
    seats = {a.person_id: a for a in session.scalars(select(Assignment).where(Assignment.round == round_no))}
    return tuple(_seat(pid, seats.get(pid)) for pid in session.scalars(select(Person.id)))


def restore_edit(session: Session, before: Iterable[SeatState], round_no: int, label: str) -> SetSeats | None:
    """The edit that puts back the seats of ``before`` (from :func:`round_states`) for the
    people whose seat has changed since, e.g. to undo a plan; None when nothing changed."""
    now = {st.person_id: st for st in round_states(session, round_no)}
    changed = tuple(st for st in before if st.person_id in now and now[st.person_id] != st)
    return SetSeats(changed, round_no, label) if changed else None


def plan_with_undo(store, round_no: int, label: str, **kwargs) -> tuple[list[PlanOutcome], SetSeats | None]:
    """``plan_event`` for one round (long work: a worker thread), with the edit that puts
    the plan it replaced back (None when nothing changed)."""
    with store.session() as s:
        before = round_states(s, round_no)
    reports = plan_event(store, round_no=round_no, **kwargs)
    # Undo never takes back a check-in or a hand move made by someone else while planning
    kept = {pid for r in reports for pid in (*r.kept_checked_in, *r.kept_changed)}
    with store.session() as s:
        return reports, restore_edit(s, [st for st in before if st.person_id not in kept], round_no, label)


def move_edit(session: Session, person_ids: Iterable[uuid.UUID], table_id: uuid.UUID | None,
              round_no: int) -> SetSeats:
    """Move people to a table (or off every table); locks are kept."""
    ids = list(person_ids)
    if table_id is not None and session.get(DialogueTable, table_id) is None:
        raise NotFound(_("That table no longer exists."))
    states = []
    for pid in ids:
        cur = _state(session, pid, round_no)
        states.append(SeatState(pid, table_id, cur.locked, cur.seated if table_id == cur.table_id else False))
    label = ngettext("Move {n} person", "Move {n} people", len(ids)).format(n=len(ids))
    return SetSeats(tuple(states), round_no, label)


def swap_edit(session: Session, a: uuid.UUID, b: uuid.UUID, round_no: int) -> SetSeats:
    """Swap the tables of two people (dropping a person on a person)."""
    sa, sb = _state(session, a, round_no), _state(session, b, round_no)
    return SetSeats((SeatState(a, sb.table_id, sa.locked, False), SeatState(b, sa.table_id, sb.locked, False)),
                    round_no, _("Swap two people"))


def lock_edit(session: Session, person_ids: Iterable[uuid.UUID], locked: bool, round_no: int) -> SetSeats:
    states = []
    for pid in person_ids:
        cur = _state(session, pid, round_no)
        if cur.table_id is None:
            continue
        states.append(SeatState(pid, cur.table_id, locked, cur.seated))
    if not states:
        raise UserInputError(_("Only seated people can be locked."))
    label = (ngettext("Lock {n} person", "Lock {n} people", len(states)) if locked else
             ngettext("Unlock {n} person", "Unlock {n} people", len(states))).format(n=len(states))
    return SetSeats(tuple(states), round_no, label)


def table_id_by_number(session: Session, number: int) -> uuid.UUID:
    e = current_event(session)
    t = session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id,
                                                    DialogueTable.number == number)).first()
    if t is None:
        raise NotFound(_("There is no table {number}.").format(number=number))
    return t.id


def met_before(session: Session, person_id: uuid.UUID, round_no: int) -> list[str]:
    """Names of the people this person already sat with in rounds before ``round_no``."""
    mine = session.execute(select(Assignment.table_id, Assignment.round)
                           .where(Assignment.person_id == person_id, Assignment.round < round_no)).all()
    names: set[str] = set()
    for tid, rnd in mine:
        for first, last in session.execute(
            select(Person.first_name, Person.last_name).join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.table_id == tid, Assignment.round == rnd, Person.id != person_id)
        ):
            names.add(f"{first} {last}".strip())
    return sorted(names, key=str.casefold)
