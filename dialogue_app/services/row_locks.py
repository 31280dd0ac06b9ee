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
from sqlalchemy.orm import Session, defer

from dialogue_app.models import Event, Person


def take_write_lock(session: Session) -> None:
    """An event file: take the file's write lock now (held until the commit). A server: nothing
    (the row locks below do it; no round trip spent)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(update(Event).where(Event.id.is_(None)).values(title=Event.title)
                    .execution_options(synchronize_session=False))


def lock_additions(session: Session) -> None:
    """Until the commit, this session alone adds to the event (tables, walk-ins, a plan being stored).
    A file: its write lock. A server: a transaction-level advisory lock on the event's schema, which
    every role may take (a row lock on the event would need an UPDATE right the door does not have)."""
    if session.get_bind().dialect.name == "sqlite":
        take_write_lock(session)
        return
    from dialogue_app.storage.pg_lock import lock_additions as server_lock_additions

    server_lock_additions(session)


def lock_event(session: Session) -> Event:
    """The event, read afresh after :func:`lock_additions`: additions (tables, walk-ins, a plan being
    stored) happen one after the other."""
    lock_additions(session)
    # the organisers' notes load when read (as in current_event): a door's connection may not read them
    event = session.scalars(select(Event).options(defer(Event.notes)).limit(1)
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
