"""Training events: the roster of trainees, sessions and attendance, readiness and practice rounds.

Functions take a Session and return frozen dataclasses. Trainees are Person rows with
role "participant" plus a TraineeProfile, so practice tables work in the facilitator
screen exactly like dialogue tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogue_app import codes
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.models.training import (
    ATTENDANCE_STATUSES,
    SESSION_KINDS,
    STEPS,
    TRACKS,
    PracticeTurn,
    ReadinessStep,
    SessionAttendance,
    TraineeProfile,
    TrainingSession,
)
from dialogue_app.services import rowsnap
from dialogue_app.services.edits import DeletePerson, Edit
from dialogue_app.services.events import current_event
from dialogue_app.training import content
from dialogue_app.training.readiness import check_readiness
from dialogue_app.training.schedule import practice_schedule

#: Attendance at a session of this kind counts as this readiness step.
SESSION_STEP = {"basic": "basic_training", "practice": "practice_evening", "coordinator": "coordinator_session"}
ALL_STEPS = (*STEPS, "coordinator_session")


@dataclass(frozen=True)
class StepInfo:
    step: str
    date: dt.date | None
    source: str  # "step" (recorded by hand) or "session" (from attendance)
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class TraineeInfo:
    id: uuid.UUID
    code: str
    first_name: str
    last_name: str
    track: str
    city: str
    organisation: str
    language: str
    steps: tuple[StepInfo, ...]
    ready: bool
    missing: tuple[str, ...]
    ready_since: dt.date | None
    sessions_attended: int
    turns: int  # practice rounds facilitated

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class TraineeData:
    first_name: str
    last_name: str = ""
    track: str = "facilitator"
    city: str = ""
    organisation: str = ""
    language: str = ""
    email: str = ""

    def stripped(self) -> TraineeData:
        """The values as they are stored (text without surrounding spaces)."""
        return dataclasses.replace(self, first_name=self.first_name.strip(), last_name=self.last_name.strip(),
                                   city=self.city.strip(), organisation=self.organisation.strip(),
                                   email=self.email.strip())


@dataclass(frozen=True)
class SessionData:
    """The values of a session a trainer can edit."""

    title: str
    kind: str = "basic"
    date: dt.date | None = None
    minutes: int = 120

    def stripped(self) -> SessionData:
        """The values as they are stored (the title without surrounding spaces)."""
        return dataclasses.replace(self, title=self.title.strip())


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    position: int
    title: str
    kind: str
    date: dt.date | None
    start_time: dt.time | None
    minutes: int
    present: int


@dataclass(frozen=True)
class PracticeTableInfo:
    table_id: uuid.UUID
    number: int
    round: int
    facilitator_id: uuid.UUID | None
    facilitator: str
    members: tuple[str, ...]  # names, facilitator first
    scenario: str  # scenario key or ""


@dataclass(frozen=True)
class PracticeSummary:
    rounds: int
    tables: int
    repeated_pairs: int
    without_turn: tuple[str, ...]


def _check_training(session: Session):
    e = current_event(session)
    if e.kind != "training":
        raise UserInputError(_("This is not a training event; create a training event for trainees."))
    return e


# --- trainees ---------------------------------------------------------------------------

def _check_trainee(data: TraineeData) -> None:
    if not (data.first_name.strip() or data.last_name.strip()):
        raise UserInputError(_("A trainee needs a name."))
    if data.track not in TRACKS:
        raise UserInputError(_("Unknown track “{track}”.").format(track=data.track))


def add_trainee(session: Session, data: TraineeData, *, person_id: uuid.UUID | None = None) -> uuid.UUID:
    """Add a trainee to the roster (a Person with a TraineeProfile); ``person_id`` chooses the new id."""
    e = _check_training(session)
    _check_trainee(data)
    taken = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    p = Person(id=person_id or uuid.uuid4(), event_id=e.id, code=codes.new_code(taken),
               first_name=data.first_name.strip(), last_name=data.last_name.strip(), email=data.email.strip(),
               languages=data.language, attendance="registered")
    p.roles = [PersonRole(role="participant")]
    session.add(p)
    session.add(TraineeProfile(person_id=p.id, track=data.track, city=data.city.strip(),
                               organisation=data.organisation.strip(), language=data.language))
    session.flush()
    return p.id


def _trainee_rows(session: Session, person_id: uuid.UUID) -> tuple[Person, TraineeProfile]:
    p = session.get(Person, person_id)
    prof = session.scalars(select(TraineeProfile).where(TraineeProfile.person_id == person_id)).first()
    if p is None or prof is None:
        raise NotFound(_("This trainee no longer exists."))
    return p, prof


def trainee_data(session: Session, person_id: uuid.UUID) -> TraineeData:
    """A trainee's editable values, as they are now."""
    p, prof = _trainee_rows(session, person_id)
    return TraineeData(p.first_name, p.last_name, prof.track, prof.city, prof.organisation, prof.language, p.email)


def update_trainee(session: Session, person_id: uuid.UUID, data: TraineeData) -> TraineeData:
    """Change a trainee's name, track, city, organisation, language and e-mail; returns the previous values.

    The person's spoken languages follow the trainee's language when they were just that language
    (as ``add_trainee`` records them); a longer list from elsewhere is left alone.
    """
    _check_trainee(data)
    p, prof = _trainee_rows(session, person_id)
    before = trainee_data(session, person_id)
    data = data.stripped()
    p.first_name, p.last_name, p.email = data.first_name, data.last_name, data.email
    if (p.languages or "") in ("", prof.language):
        p.languages = data.language
    prof.track, prof.city = data.track, data.city
    prof.organisation, prof.language = data.organisation, data.language
    session.flush()
    return before


@dataclass(frozen=True)
class SaveTrainee:
    """Undoable: change a trainee's details (the inverse puts the previous ones back)."""

    person_id: uuid.UUID
    data: TraineeData
    label: str

    def apply(self, session: Session) -> SaveTrainee:
        return SaveTrainee(self.person_id, update_trainee(session, self.person_id, self.data), self.label)


@dataclass(frozen=True)
class AddTrainee:
    """Undoable: add a trainee. The inverse deletes the person; undoing that restores the same
    person (same id and code) with whatever was recorded for them meanwhile."""

    data: TraineeData
    label: str
    person_id: uuid.UUID | None = None

    def apply(self, session: Session) -> Edit:
        return DeletePerson(add_trainee(session, self.data, person_id=self.person_id), self.label)


def _steps_by_person(session: Session, event_id: uuid.UUID) -> dict[uuid.UUID, list[StepInfo]]:
    out: dict[uuid.UUID, list[StepInfo]] = defaultdict(list)
    rows = session.execute(
        select(ReadinessStep).join(Person, Person.id == ReadinessStep.person_id).where(Person.event_id == event_id)
    ).scalars()
    for r in rows:
        out[r.person_id].append(StepInfo(r.step, r.date, "step", r.id))
    att = session.execute(
        select(SessionAttendance.person_id, TrainingSession.kind, TrainingSession.date)
        .join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
        .where(TrainingSession.event_id == event_id, SessionAttendance.status == "present")
    ).all()
    for pid, kind, date in att:
        step = SESSION_STEP.get(kind)
        if step:
            out[pid].append(StepInfo(step, date, "session"))
    for steps in out.values():
        steps.sort(key=lambda s: (s.date is None, s.date or dt.date.min, ALL_STEPS.index(s.step)
                                  if s.step in ALL_STEPS else 99))
    return out


def list_trainees(session: Session) -> list[TraineeInfo]:
    """The roster with each trainee's path and whether they are ready (see training.readiness)."""
    e = current_event(session)
    rows = session.execute(
        select(Person, TraineeProfile).join(TraineeProfile, TraineeProfile.person_id == Person.id)
        .where(Person.event_id == e.id).order_by(Person.first_name, Person.last_name)
    ).all()
    steps = _steps_by_person(session, e.id)
    attended: dict[uuid.UUID, int] = defaultdict(int)
    for (pid,) in session.execute(
        select(SessionAttendance.person_id).join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
        .where(TrainingSession.event_id == e.id, SessionAttendance.status == "present")
    ):
        attended[pid] += 1
    turns: dict[uuid.UUID, int] = defaultdict(int)
    for (fid,) in session.execute(select(PracticeTurn.facilitator_id).where(PracticeTurn.event_id == e.id)):
        if fid is not None:
            turns[fid] += 1
    out = []
    for p, prof in rows:
        st = tuple(steps.get(p.id, ()))
        r = check_readiness(prof.track, [(s.step, s.date) for s in st])
        out.append(TraineeInfo(p.id, p.code, p.first_name, p.last_name, prof.track, prof.city, prof.organisation,
                               prof.language, st, r.ready, r.missing, r.since, attended[p.id], turns[p.id]))
    return out


def ready_trainees(session: Session, track: str = "facilitator") -> list[TraineeInfo]:
    """Trainees of ``track`` who meet the readiness rules: the organiser's pool of facilitators."""
    return [t for t in list_trainees(session) if t.ready and t.track == track]


def add_step(session: Session, person_id: uuid.UUID, step: str, date: dt.date | None, note: str = "") -> uuid.UUID:
    if step not in ALL_STEPS:
        raise UserInputError(_("Unknown step “{step}”.").format(step=step))
    if session.get(Person, person_id) is None:
        raise NotFound(_("This trainee no longer exists."))
    r = ReadinessStep(id=uuid.uuid4(), person_id=person_id, step=step, date=date, note=note)
    session.add(r)
    session.flush()
    return r.id


def remove_step(session: Session, step_id: uuid.UUID) -> StepInfo:
    r = session.get(ReadinessStep, step_id)
    if r is None:
        raise NotFound(_("This step no longer exists."))
    info = StepInfo(r.step, r.date, "step", r.id)
    person = r.person_id
    session.delete(r)
    session.flush()
    return StepInfo(info.step, info.date, str(person), info.id)


@dataclass(frozen=True)
class AddStep:
    """Undoable: record a dated step on a trainee's path."""

    person_id: uuid.UUID
    step: str
    date: dt.date | None
    label: str
    step_id: uuid.UUID | None = None

    def apply(self, session: Session):
        new_id = add_step(session, self.person_id, self.step, self.date)
        if self.step_id is not None:  # keep the same id on redo
            r = session.get(ReadinessStep, new_id)
            r.id = self.step_id
            session.flush()
            new_id = self.step_id
        return RemoveStep(new_id, self.label)


@dataclass(frozen=True)
class RemoveStep:
    step_id: uuid.UUID
    label: str

    def apply(self, session: Session):
        r = session.get(ReadinessStep, self.step_id)
        if r is None:
            raise NotFound(_("This step no longer exists."))
        inverse = AddStep(r.person_id, r.step, r.date, self.label, r.id)
        session.delete(r)
        session.flush()
        return inverse


# --- sessions and attendance ----------------------------------------------------------------

def _check_session(title: str, kind: str, minutes: int) -> None:
    if kind not in SESSION_KINDS:
        raise UserInputError(_("Unknown session kind “{kind}”.").format(kind=kind))
    if not title.strip():
        raise UserInputError(_("A session needs a title."))
    if not 10 <= minutes <= 24 * 60:
        raise UserInputError(_("A session lasts between 10 minutes and a day."))


def add_session(session: Session, title: str, kind: str, date: dt.date | None, start_time: dt.time | None = None,
                minutes: int = 120, *, session_id: uuid.UUID | None = None) -> uuid.UUID:
    e = _check_training(session)
    _check_session(title, kind, minutes)
    pos = len(session.scalars(select(TrainingSession.id).where(TrainingSession.event_id == e.id)).all())
    s = TrainingSession(id=session_id or uuid.uuid4(), event_id=e.id, position=pos, title=title.strip(), kind=kind,
                        date=date, start_time=start_time, minutes=minutes)
    session.add(s)
    session.flush()
    return s.id


def _session_row(session: Session, session_id: uuid.UUID) -> TrainingSession:
    row = session.get(TrainingSession, session_id)
    if row is None:
        raise NotFound(_("This session no longer exists."))
    return row


def session_data(session: Session, session_id: uuid.UUID) -> SessionData:
    """A session's editable values, as they are now."""
    row = _session_row(session, session_id)
    return SessionData(row.title, row.kind, row.date, row.minutes)


def update_session(session: Session, session_id: uuid.UUID, title: str, kind: str, date: dt.date | None,
                   minutes: int) -> SessionData:
    """Change a session's title, kind, date and length; returns the previous values.
    Attendance stays with the session (and counts for the step of its new kind)."""
    _check_session(title, kind, minutes)
    row = _session_row(session, session_id)
    before = session_data(session, session_id)
    row.title, row.kind, row.date, row.minutes = title.strip(), kind, date, minutes
    session.flush()
    return before


@dataclass(frozen=True)
class SaveSession:
    """Undoable: change a session's title, kind, date and length."""

    session_id: uuid.UUID
    data: SessionData
    label: str

    def apply(self, session: Session) -> SaveSession:
        d = self.data
        before = update_session(session, self.session_id, d.title, d.kind, d.date, d.minutes)
        return SaveSession(self.session_id, before, self.label)


@dataclass(frozen=True)
class AddSession:
    """Undoable: add a session (the inverse removes it; undoing that brings back the same session)."""

    data: SessionData
    label: str
    session_id: uuid.UUID | None = None

    def apply(self, session: Session) -> RemoveSession:
        d = self.data
        new_id = add_session(session, d.title, d.kind, d.date, None, d.minutes, session_id=self.session_id)
        return RemoveSession(new_id, self.label)


@dataclass(frozen=True)
class RemoveSession:
    """Undoable: remove a session with its attendance records."""

    session_id: uuid.UUID
    label: str

    def apply(self, session: Session) -> RestoreSession:
        row = _session_row(session, self.session_id)
        snap = rowsnap.snapshot(session, TrainingSession.__table__, TrainingSession.id == row.id)
        session.delete(row)
        session.flush()
        return RestoreSession(self.session_id, snap, self.label)


@dataclass(frozen=True)
class RestoreSession:
    """The inverse of :class:`RemoveSession`: the session and its attendance, all or nothing."""

    session_id: uuid.UUID
    snapshot: rowsnap.RowSnapshot
    label: str

    def apply(self, session: Session) -> RemoveSession:
        rowsnap.restore_or_refuse(session, self.snapshot, _(
            "This removal can no longer be undone: something the session's records depended on "
            "has been changed or removed since."))
        return RemoveSession(self.session_id, self.label)


def list_sessions(session: Session) -> list[SessionInfo]:
    e = current_event(session)
    present: dict[uuid.UUID, int] = defaultdict(int)
    for (sid,) in session.execute(
        select(SessionAttendance.session_id).where(SessionAttendance.status == "present")
    ):
        present[sid] += 1
    rows = session.scalars(select(TrainingSession).where(TrainingSession.event_id == e.id)
                           .order_by(TrainingSession.date, TrainingSession.position))
    return [SessionInfo(s.id, s.position, s.title, s.kind, s.date, s.start_time, s.minutes, present[s.id])
            for s in rows]


def attendance(session: Session) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """(session id, person id) -> status, for every recorded attendance."""
    e = current_event(session)
    rows = session.execute(
        select(SessionAttendance.session_id, SessionAttendance.person_id, SessionAttendance.status)
        .join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
        .where(TrainingSession.event_id == e.id)
    ).all()
    return {(sid, pid): st for sid, pid, st in rows}


def set_attendance(session: Session, session_id: uuid.UUID, person_id: uuid.UUID, status: str | None) -> str | None:
    """Record (or with None clear) a trainee's attendance at a session; returns the previous status."""
    if status is not None and status not in ATTENDANCE_STATUSES:
        raise UserInputError(_("Unknown attendance “{status}”.").format(status=status))
    if session.get(TrainingSession, session_id) is None:
        raise NotFound(_("This session no longer exists."))
    row = session.scalars(select(SessionAttendance).where(SessionAttendance.session_id == session_id,
                                                          SessionAttendance.person_id == person_id)).first()
    before = row.status if row else None
    if status is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SessionAttendance(session_id=session_id, person_id=person_id, status=status))
    else:
        row.status = status
    session.flush()
    return before


@dataclass(frozen=True)
class SetAttendance:
    """Undoable: mark a trainee present/absent/excused at a session (None clears it)."""

    session_id: uuid.UUID
    person_id: uuid.UUID
    status: str | None
    label: str

    def apply(self, session: Session):
        before = set_attendance(session, self.session_id, self.person_id, self.status)
        return SetAttendance(self.session_id, self.person_id, before, self.label)


# --- practice rounds ----------------------------------------------------------------------

def plan_practice(session: Session, size: int = 5, rounds: int | None = None, *, seed: int = 0,
                  track: str | None = "facilitator", should_stop: Callable[[], bool] | None = None
                  ) -> PracticeSummary:
    """Plan practice tables for the trainees (of ``track``; None: everyone) and store them.

    Replaces earlier practice tables: DialogueTables marked ``is_training`` with
    Assignments per round, and a PracticeTurn per table and round naming the facilitator
    and the scenario card dealt to it (cards are dealt in rotation).
    """
    e = _check_training(session)
    people = [t for t in list_trainees(session) if track is None or t.track == track]
    if len(people) < 2:
        raise UserInputError(_("Add at least two trainees before planning practice tables."))
    if not 2 <= size <= 12:
        raise UserInputError(_("A practice table seats between 2 and 12 trainees."))
    cities = {c: i for i, c in enumerate(sorted({t.city for t in people}))}
    sched = practice_schedule(len(people), size, rounds, groups=[cities[t.city] for t in people], seed=seed,
                              should_stop=should_stop)
    # replace earlier practice tables
    old = session.scalars(select(DialogueTable.id).where(DialogueTable.event_id == e.id,
                                                         DialogueTable.is_training.is_(True))).all()
    if old:
        session.execute(delete(PracticeTurn).where(PracticeTurn.table_id.in_(old)))
        session.execute(delete(Assignment).where(Assignment.table_id.in_(old)))
        session.execute(delete(DialogueTable).where(DialogueTable.id.in_(old)))
        session.flush()
    used = set(session.scalars(select(DialogueTable.number).where(DialogueTable.event_id == e.id)))
    n_tables = max(len(r) for r in sched.rounds)
    tables = []
    number = 1
    for i in range(n_tables):
        while number in used:
            number += 1
        t = DialogueTable(id=uuid.uuid4(), event_id=e.id, number=number, is_training=True,
                          name=_("Practice table {n}").format(n=i + 1), capacity_min=2, capacity_max=12,
                          languages=e.language)
        used.add(number)
        session.add(t)
        tables.append(t)
    session.flush()
    ids = [t.id for t in people]
    session.execute(delete(Assignment).where(Assignment.person_id.in_(ids)))
    deal = 0
    for r, rnd in enumerate(sched.rounds, start=1):
        for ti, pt in enumerate(rnd):
            for m in pt.members:
                session.add(Assignment(person_id=ids[m], table_id=tables[ti].id, round=r))
            session.add(PracticeTurn(event_id=e.id, table_id=tables[ti].id, round=r,
                                     facilitator_id=ids[pt.facilitator],
                                     scenario=content.SCENARIOS[deal % len(content.SCENARIOS)].key))
            deal += 1
    e.rounds = len(sched.rounds)
    session.flush()
    return PracticeSummary(len(sched.rounds), n_tables, sched.repeated_pairs,
                           tuple(people[i].name for i in sched.unfacilitated))


def list_practice(session: Session) -> list[PracticeTableInfo]:
    """Every practice table in every round, ordered by round and table number."""
    e = current_event(session)
    names = {p.id: f"{p.first_name} {p.last_name}".strip()
             for p in session.scalars(select(Person).where(Person.event_id == e.id))}
    members: dict[tuple[uuid.UUID, int], list[uuid.UUID]] = defaultdict(list)
    for pid, tid, rnd in session.execute(
        select(Assignment.person_id, Assignment.table_id, Assignment.round)
        .join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(DialogueTable.event_id == e.id, DialogueTable.is_training.is_(True))
    ):
        members[(tid, rnd)].append(pid)
    rows = session.execute(
        select(PracticeTurn, DialogueTable.number).join(DialogueTable, DialogueTable.id == PracticeTurn.table_id)
        .where(PracticeTurn.event_id == e.id).order_by(PracticeTurn.round, DialogueTable.number)
    ).all()
    out = []
    for turn, number in rows:
        ms = sorted(members[(turn.table_id, turn.round)], key=lambda p: (p != turn.facilitator_id, names.get(p, "")))
        out.append(PracticeTableInfo(turn.table_id, number, turn.round, turn.facilitator_id,
                                     names.get(turn.facilitator_id, ""), tuple(names.get(p, "") for p in ms),
                                     turn.scenario))
    return out


def deal_scenario(session: Session, table_id: uuid.UUID, round_: int, key: str) -> str:
    """Give a practice table another scenario card ("" for none); returns the previous key."""
    if key and content.scenario(key) is None:
        raise UserInputError(_("Unknown scenario “{key}”.").format(key=key))
    turn = session.scalars(select(PracticeTurn).where(PracticeTurn.table_id == table_id,
                                                      PracticeTurn.round == round_)).first()
    if turn is None:
        raise NotFound(_("This practice table no longer exists."))
    before, turn.scenario = turn.scenario, key
    session.flush()
    return before


def practice_personas(table_number: int, round_: int, n: int = 6) -> list[content.Persona]:
    """The fictional guests a practice table can play (the same for a table and round every time)."""
    return content.practice_personas(n, seed=1000 * round_ + table_number)


# --- handing ready trainees to a dialogue event --------------------------------------------

def add_facilitator_to_event(session: Session, trainee_id: uuid.UUID, target) -> uuid.UUID:
    """Add a ready trainee as a facilitator to the dialogue event file ``target`` (a path).

    The trainee's name, e-mail and language are copied; nothing else. Refused for
    trainees who are not ready, and when the target already has a person with the same
    name and e-mail.
    """
    from dialogue_app import storage
    from dialogue_app.services.events import current_event as target_event

    info = next((t for t in list_trainees(session) if t.id == trainee_id), None)
    if info is None:
        raise NotFound(_("This trainee no longer exists."))
    if not info.ready:
        raise UserInputError(_("{name} is not ready to facilitate yet.").format(name=info.name))
    p = session.get(Person, trainee_id)
    store = storage.open_event_file(target)
    try:
        with store.session() as s:
            ev = target_event(s)
            if ev.kind == "training":
                raise UserInputError(_("Choose a dialogue event, not a training event."))
            for other in s.scalars(select(Person).where(Person.event_id == ev.id,
                                                        Person.first_name == p.first_name,
                                                        Person.last_name == p.last_name)):
                if other.email == p.email:
                    raise UserInputError(_("{name} is already in that event.").format(name=info.name))
            taken = set(s.scalars(select(Person.code).where(Person.event_id == ev.id)))
            new = Person(id=uuid.uuid4(), event_id=ev.id, code=codes.new_code(taken), first_name=p.first_name,
                         last_name=p.last_name, email=p.email, phone=p.phone,
                         languages=info.language or p.languages)
            new.roles = [PersonRole(role="facilitator")]
            s.add(new)
            new_id = new.id
    finally:
        store.close()
    return new_id
