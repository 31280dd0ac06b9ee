"""Training sessions and attendance (attendance at a session counts as a readiness step)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models.training import (
    ATTENDANCE_STATUSES,
    SESSION_KINDS,
    SessionAttendance,
    TrainingSession,
)
from dialogue_app.services import rowsnap
from dialogue_app.services.events import current_event
from dialogue_app.services.training.rows import (
    SessionData,
    SessionInfo,
    _check_training,
)

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
        snap = rowsnap.snapshot(session, cast(Table, TrainingSession.__table__),  # a mapped class's table
                                TrainingSession.id == row.id)
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
