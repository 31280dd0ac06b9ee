"""Dialogue tables and venues."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import DialogueTable, Venue
from dialogue_app.services.events import current_event


@dataclass(frozen=True)
class TableInfo:
    id: uuid.UUID
    number: int
    name: str
    venue: str
    capacity_min: int
    capacity_max: int
    accessible: bool
    languages: str
    is_training: bool
    has_interpreter: bool
    host_id: uuid.UUID | None = None


def _info(t: DialogueTable) -> TableInfo:
    return TableInfo(
        id=t.id, number=t.number, name=t.name, venue=t.venue.name if t.venue else "",
        capacity_min=t.capacity_min, capacity_max=t.capacity_max, accessible=t.accessible,
        languages=t.languages, is_training=t.is_training, has_interpreter=t.has_interpreter, host_id=t.host_id,
    )


def list_tables(session: Session) -> list[TableInfo]:
    e = current_event(session)
    return [
        _info(t)
        for t in session.scalars(
            select(DialogueTable).where(DialogueTable.event_id == e.id).order_by(DialogueTable.number)
        )
    ]


def venue_by_name(session: Session, name: str, *, create: bool = True) -> Venue | None:
    e = current_event(session)
    name = name.strip()
    v = session.scalars(select(Venue).where(Venue.event_id == e.id, func.lower(Venue.name) == name.lower())).first()
    if v is None and create and name:
        v = Venue(event_id=e.id, name=name)
        session.add(v)
        session.flush()
    return v


def next_number(session: Session, event_id: uuid.UUID) -> int:
    """The number after the highest table number, read under the file's write lock so that two adds
    at the same time (the app and a script, two windows) number one after the other instead of
    colliding on the unique (event, number) key."""
    from dialogue_app.services.row_locks import lock_additions

    lock_additions(session)  # a file: its write lock; a server: the event's additions lock
    return (session.scalar(select(func.max(DialogueTable.number)).where(DialogueTable.event_id == event_id)) or 0) + 1


def add_tables(
    session: Session,
    count: int,
    *,
    capacity: tuple[int, int] | None = None,
    venue: str = "",
    accessible: bool = False,
    languages: str = "",
) -> list[TableInfo]:
    """Add ``count`` tables numbered after the highest existing number."""
    e = current_event(session)
    if not 1 <= count <= 1000:
        raise UserInputError(_("The number of tables to add must be between 1 and 1000."))
    lo, hi = capacity or (e.table_size_min, e.table_size_max)
    if not 1 <= lo <= hi <= 50:
        raise UserInputError(
            _("A table's capacity must satisfy 1 ≤ minimum ≤ maximum ≤ 50 (got {lo}–{hi}).").format(lo=lo, hi=hi)
        )
    v = venue_by_name(session, venue) if venue.strip() else None
    start = next_number(session, e.id)
    made = []
    for i in range(count):
        t = DialogueTable(
            event_id=e.id, number=start + i, capacity_min=lo, capacity_max=hi, accessible=accessible,
            venue=v, languages=languages or e.language,
        )
        session.add(t)
        made.append(t)
    session.flush()
    return [_info(t) for t in made]

