"""The roster: trainees (a Person with a TraineeProfile), their readiness steps, undoable edits."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import codes
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Person, PersonRole
from dialogue_app.models.training import (
    TRACKS,
    PracticeTurn,
    ReadinessStep,
    SessionAttendance,
    TraineeProfile,
    TrainingSession,
)
from dialogue_app.services.edits import DeletePerson, Edit
from dialogue_app.services.events import current_event
from dialogue_app.services.training.rows import (
    ALL_STEPS,
    SESSION_STEP,
    StepInfo,
    TraineeData,
    TraineeInfo,
    _check_training,
)
from dialogue_app.training.readiness import check_readiness

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
            r = session.get_one(ReadinessStep, new_id)
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
