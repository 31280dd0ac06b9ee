"""Check-in by participant code: the desk's overview, checking in (undoable), walk-ins,
closing check-in, and where a person sits in the later rounds."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Load, Session

from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole, utcnow
from dialogue_app.services import people as people_service
from dialogue_app.services.events import check_event_round, check_round, current_event
from dialogue_app.services.row_locks import lock_event, lock_person_by_code
from dialogue_app.services.seating.door_checks import check_free_seat
from dialogue_app.services.seating.edits import _assignment, table_id_by_number
from dialogue_app.wording import table_sequence


def door_columns() -> Load:
    """Load only the person's columns the door may read on a server, and not their background values
    (the rest loads when read)."""
    return Load(Person).load_only(Person.id, Person.event_id, Person.code, Person.first_name, Person.last_name,
                                  Person.attendance, Person.checked_in_at, Person.walk_in).lazyload(Person.values)


@dataclass(frozen=True)
class CheckInResult:
    person_id: uuid.UUID
    code: str
    name: str
    table: int | None
    already: bool
    #: the person's tables in the event's later rounds (None: no seat yet in that round)
    later: tuple[int | None, ...] = ()
    #: when they checked in (UTC; for ``already``: at another door, perhaps a moment before)
    checked_in_at: dt.datetime | None = None


@dataclass(frozen=True)
class WaitingPerson:
    name: str
    code: str
    table: int | None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    no_show: bool = False  # marked "not arrived" when check-in was closed

    @property
    def search_parts(self) -> tuple[str, ...]:
        return (self.first_name, self.last_name, self.code, self.email)


@dataclass(frozen=True)
class TableArrivals:
    number: int
    arrived: int
    missing: int  # not (yet) here: registered, absent or cancelled


@dataclass(frozen=True)
class CheckInOverview:
    waiting: tuple[WaitingPerson, ...]  # seated-role people not checked in yet, by name
    tables: tuple[TableArrivals, ...]
    arrived: int = 0  # registered people (not walk-ins) who checked in
    expected: int = 0  # registered people (not walk-ins, not cancelled)
    walk_ins: int = 0  # walk-ins present


def checkin_overview(session: Session, round_no: int = 1) -> CheckInOverview:
    """What the check-in desk shows after every scan: three plain queries, no scoring."""
    e = current_event(session)
    seated_roles = {"participant", "host", "facilitator"}
    roles: dict[uuid.UUID, set[str]] = {}
    for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role).join(Person)
                                     .where(Person.event_id == e.id)):
        roles.setdefault(pid, set()).add(role)
    numbers = {tid: n for tid, n in session.execute(
        select(DialogueTable.id, DialogueTable.number).where(DialogueTable.event_id == e.id))}
    seat = dict(session.execute(select(Assignment.person_id, Assignment.table_id).join(Person)
                                .where(Person.event_id == e.id, Assignment.round == round_no)).all())
    arrived = dict.fromkeys(numbers.values(), 0)
    missing = dict.fromkeys(numbers.values(), 0)
    waiting = []
    came = expected = walk_ins = 0
    for pid, code, first, last, email, attendance, walk_in in session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.email, Person.attendance,
               Person.walk_in)
        .where(Person.event_id == e.id)
    ):
        if not roles.get(pid, set()) & seated_roles:
            continue
        tid = seat.get(pid)
        number = numbers.get(tid) if tid is not None else None
        if number is not None:
            (arrived if attendance == "present" else missing)[number] += 1
        if walk_in:
            walk_ins += attendance == "present"
        elif attendance != "cancelled":
            expected += 1
            came += attendance == "present"
        if attendance != "present":
            waiting.append(WaitingPerson(f"{first} {last}".strip(), code, number, first or "", last or "",
                                         email or "", attendance == "absent"))
    waiting.sort(key=lambda w: w.name.casefold())
    return CheckInOverview(
        tuple(waiting), tuple(TableArrivals(n, arrived[n], missing[n]) for n in sorted(numbers.values())),
        came, expected, walk_ins,
    )


def check_in(session: Session, code: str, round_no: int = 1) -> CheckInResult:
    """Mark the person with this code present; their seat becomes "seated" (never moved by rebalancing)."""
    check_round(round_no)
    text = normalise_code(code)
    if not text:
        raise UserInputError(_("Type or scan a participant code."))
    e = current_event(session)
    check_event_round(e, round_no)
    # locked and read afresh: two doors checking in one code one after the other, the second sees "already"
    p = lock_person_by_code(session, e.id, text, door_columns())
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    already = p.attendance == "present"
    p.attendance = "present"
    if p.checked_in_at is None:
        p.checked_in_at = utcnow()
    seat = session.execute(select(Assignment, DialogueTable.number).join(DialogueTable)
                           .where(Assignment.person_id == p.id, Assignment.round == round_no)).first()
    number = None
    if seat is not None:  # (one query for the seat and its table: a door waits for every round trip)
        seat[0].seated = True
        number = seat[1]
    session.flush()
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, already,
                         later_tables(session, p.id, round_no, e.rounds), p.checked_in_at)


def add_walk_in(session: Session, first_name: str, last_name: str = "", *, languages: str = "",
                wheelchair: bool = False, table_number: int | None = None, round_no: int = 1,
                person_id: uuid.UUID | None = None, code: str = "") -> CheckInResult:
    """Register someone who walks in: present at once, seated at a table if one is given
    (``person_id`` and ``code``: the same walk-in again, when an undone one is redone)."""
    check_round(round_no)
    check_event_round(current_event(session), round_no)
    lock_event(session)  # walk-ins at two doors: one after the other, distinct codes and seats
    if table_number is not None:
        check_free_seat(session, table_number, round_no)
    data = people_service.PersonData(
        id=person_id or people_service.new_person().id, code=code, first_name=first_name, last_name=last_name,
        languages=languages, wheelchair=wheelchair, attendance="present",
    )
    people_service.save_person(session, data)
    p = session.get(Person, data.id)
    assert p is not None  # saved just above
    p.walk_in = True
    number = None
    if table_number is not None:
        tid = table_id_by_number(session, table_number)
        session.add(Assignment(person_id=p.id, table_id=tid, round=round_no, seated=True))
        number = table_number
    session.flush()
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, False)


def close_check_in(session: Session) -> int:
    """Everyone registered who did not check in becomes absent (a no-show). Returns how many."""
    e = current_event(session)
    n = 0
    for p in session.scalars(select(Person).options(door_columns()).where(Person.event_id == e.id, Person.attendance == "registered")):
        roles = {r.role for r in p.roles}
        if roles & {"participant", "host", "facilitator"}:
            p.attendance = "absent"
            n += 1
    session.flush()
    return n


@dataclass(frozen=True)
class AttendanceState:
    person_id: uuid.UUID
    attendance: str
    checked_in_at: dt.datetime | None
    seated: bool


@dataclass(frozen=True)
class RestoreAttendance:
    states: tuple[AttendanceState, ...]
    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        before = tuple(_attendance_state(session, s.person_id, self.round) for s in self.states)
        for st in self.states:
            p = session.get(Person, st.person_id, options=[door_columns()])
            if p is None:
                continue
            p.attendance, p.checked_in_at = st.attendance, st.checked_in_at
            a = _assignment(session, st.person_id, self.round)
            if a is not None:
                a.seated = st.seated
        session.flush()
        return RestoreAttendance(before, self.round, self.label)


def _attendance_state(session: Session, person_id: uuid.UUID, round_no: int) -> AttendanceState:
    p = session.get(Person, person_id, options=[door_columns()])
    assert p is not None  # a person of the event
    a = _assignment(session, person_id, round_no)
    return AttendanceState(person_id, p.attendance, p.checked_in_at, bool(a and a.seated))


@dataclass(frozen=True)
class CheckIn:
    """Check a person in by code (undoable)."""

    code: str
    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        e = current_event(session)
        p = lock_person_by_code(session, e.id, normalise_code(self.code), door_columns())
        before = (_attendance_state(session, p.id, self.round),) if p is not None else ()
        check_in(session, self.code, self.round)
        return RestoreAttendance(before, self.round, self.label)


@dataclass(frozen=True)
class CloseCheckIn:
    """Everyone registered who did not come becomes absent (undoable)."""

    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        e = current_event(session)
        ids = list(session.scalars(select(Person.id).where(Person.event_id == e.id,
                                                           Person.attendance == "registered")))
        before = tuple(_attendance_state(session, pid, self.round) for pid in ids)
        close_check_in(session)
        return RestoreAttendance(before, self.round, self.label)


def lookup_code(session: Session, code: str, round_no: int = 1) -> CheckInResult:
    """Who has this code and where do they sit (no change)."""
    e = current_event(session)
    p = session.scalars(select(Person).options(door_columns()).where(Person.event_id == e.id, Person.code == normalise_code(code))).first()
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    a = _assignment(session, p.id, round_no)
    number = _table_number(session, a.table_id) if a is not None else None
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, p.attendance == "present",
                         later_tables(session, p.id, round_no, e.rounds),
                         p.checked_in_at if p.attendance == "present" else None)


def _table_number(session: Session, table_id: uuid.UUID) -> int:
    """The number of a seat's table (a seat always has its table)."""
    table = session.get(DialogueTable, table_id)
    assert table is not None  # foreign key of the seat
    return table.number


def then_text(r: CheckInResult) -> str:
    """"(then 7)" (or "(then 7 → 12)") when the person changes tables in later rounds."""
    if r.table is None or not any(t is not None and t != r.table for t in r.later):
        return ""
    return _("(then {tables})").format(tables=table_sequence(r.later))


def later_tables(session: Session, person_id: uuid.UUID, round_no: int, rounds: int) -> tuple[int | None, ...]:
    """The person's table numbers in the rounds after ``round_no`` up to ``rounds``."""
    if round_no >= rounds:
        return ()
    numbers = dict(session.execute(
        select(Assignment.round, DialogueTable.number).join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(Assignment.person_id == person_id, Assignment.round > round_no, Assignment.round <= rounds)
    ).all())
    return tuple(numbers.get(r) for r in range(round_no + 1, rounds + 1))


@dataclass(frozen=True)
class AddWalkIn:
    first_name: str
    last_name: str
    table_number: int | None
    round: int
    label: str
    wheelchair: bool = False
    languages: str = ""
    #: set on a redo: the same walk-in again (same id and code)
    person_id: uuid.UUID | None = None
    code: str = ""

    def apply(self, session: Session):
        from dataclasses import replace

        from dialogue_app.services.seating.walk_in_undo import UndoWalkIn
        from dialogue_app.services.versions import version_of

        r = add_walk_in(session, self.first_name, self.last_name, table_number=self.table_number,
                        round_no=self.round, wheelchair=self.wheelchair, languages=self.languages,
                        person_id=self.person_id, code=self.code)
        p = session.get(Person, r.person_id, options=[door_columns()])
        seen = version_of(session, p) if p is not None else 0
        return UndoWalkIn(r.person_id, self.label, replace(self, person_id=r.person_id, code=r.code), seen=seen)
