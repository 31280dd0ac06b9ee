"""The retention date: until when the event keeps personal data, and the undoable edit of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Person
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy.activity_log import _log

# --- retention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionStatus:
    date: dt.date | None
    past: bool
    days_left: int | None
    people: int


def retention_status(session: Session, today: dt.date | None = None) -> RetentionStatus:
    e = current_event(session)
    today = today or dt.date.today()
    people = session.scalar(select(func.count()).select_from(Person).where(Person.event_id == e.id)) or 0
    if e.retention_date is None:
        return RetentionStatus(None, False, None, people)
    return RetentionStatus(e.retention_date, today > e.retention_date, (e.retention_date - today).days, people)


def set_retention_date(session: Session, date: dt.date | None) -> dt.date | None:
    """Store a new retention date; returns the previous one (for undo)."""
    e = current_event(session)
    if date is not None and e.date is not None and date < e.date:
        raise UserInputError(_("The retention date cannot be before the event itself."))
    before = e.retention_date
    e.retention_date = date
    if before != date:
        _log(session, "retention", detail=date.isoformat() if date else "")
    return before


@dataclass(frozen=True)
class SetRetentionDate:
    """Undoable edit of the retention date."""

    date: dt.date | None
    label: str

    def apply(self, session: Session) -> SetRetentionDate:
        return SetRetentionDate(set_retention_date(session, self.date), self.label)
