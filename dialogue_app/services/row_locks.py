"""Locks that order concurrent writers of one event, the same call on both backends.

An event file has one writer at a time: a write that changes nothing takes SQLite's write lock
at once, so every read after it sees the latest data and nobody else writes until the commit.
On a server, writers run side by side: ``SELECT … FOR UPDATE`` locks the rows a decision rests
on (the event's row orders additions; a person's row orders check-ins of that person) until the
transaction ends, and the rows are read again once locked (``populate_existing``), so a decision
is never made on what another door or organiser changed a moment before.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dialogue_app.models import Event, Person


def take_write_lock(session: Session) -> None:
    """An event file: take the file's write lock now (held until the commit). A server: nothing
    (the row locks below do it; no round trip spent)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(update(Event).where(Event.id.is_(None)).values(title=Event.title)
                    .execution_options(synchronize_session=False))


def lock_event(session: Session) -> Event:
    """The event, locked until the commit: additions (tables, walk-ins, a plan being stored)
    happen one after the other."""
    take_write_lock(session)
    event = session.scalars(select(Event).limit(1).with_for_update()
                            .execution_options(populate_existing=True)).first()
    if event is None:  # pragma: no cover - every event store holds its event
        from dialogue_app.services.events import current_event

        return current_event(session)
    return event


def lock_person_by_code(session: Session, event_id: uuid.UUID, code: str, *options: Any) -> Person | None:
    """The person with this (normalised) code, locked and read afresh (None: no such person); ``options``
    limit what is loaded (the door's columns on a server)."""
    take_write_lock(session)
    return session.scalars(select(Person).options(*options).where(Person.event_id == event_id, Person.code == code)
                           .with_for_update().execution_options(populate_existing=True)).first()


def lock_people(session: Session, event_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Every person's attendance, all of them locked (in id order, so two lockers never deadlock)."""
    take_write_lock(session)
    return dict(session.execute(select(Person.id, Person.attendance).where(Person.event_id == event_id)
                                .order_by(Person.id).with_for_update()).all())  # type: ignore[arg-type]
