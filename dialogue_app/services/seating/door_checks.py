"""What a door says when another door got there a moment before: a seat taken meanwhile, a person
already checked in (with the time)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.services.events import current_event


def guests_at(session: Session, table_id: object, round_no: int) -> int:
    """Guests (not facilitators, not cancelled or absent) with a seat at the table in the round."""
    facilitators = select(PersonRole.person_id).where(PersonRole.role == "facilitator")
    return int(session.scalar(
        select(func.count()).select_from(Assignment).join(Person, Person.id == Assignment.person_id)
        .where(Assignment.table_id == table_id, Assignment.round == round_no,
               Person.attendance.in_(("registered", "present")), Person.id.not_in(facilitators))) or 0)


def check_free_seat(session: Session, table_number: int, round_no: int) -> None:
    """Refuse (nothing changed) when the table has no free guest seat any more. Call it under
    :func:`~dialogue_app.services.row_locks.lock_event`, so that two doors seating walk-ins at
    the last free seat of a table cannot both have it."""
    e = current_event(session)
    t = session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id,
                                                    DialogueTable.number == table_number)).first()
    if t is not None and guests_at(session, t.id, round_no) >= t.capacity_max:
        raise UserInputError(_("Table {number} has no free seat any more (someone was seated there a moment "
                               "ago): choose another table.").format(number=table_number))


def local_time(at: dt.datetime | None) -> str:
    """A stored UTC time as the local clock shows it ("10:42"; "" when unknown)."""
    if at is None:
        return ""
    return at.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")


def already_text(name: str, at: dt.datetime | None, table: int | None) -> str:
    """"Ana Lima was already checked in at 10:42: table 7." (another door, or earlier)."""
    if at is None or table is None:
        return ""
    return _("{name} was already checked in at {time}: table {table}.").format(
        name=name, time=local_time(at), table=table)
