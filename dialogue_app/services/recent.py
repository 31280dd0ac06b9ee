"""What the Welcome screen shows for each recent event: its title and date, read from the
file without locking or upgrading it, or why it cannot be shown (missing, unreadable)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from dialogue_app import storage
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Event
from dialogue_app.storage.address import ServerAddress, is_server_address, parse_address


@dataclass(frozen=True)
class RecentEvent:
    path: str
    exists: bool
    readable: bool
    title: str = ""
    date: dt.date | None = None


def describe(path: str) -> RecentEvent:
    """Title and date of the event file at ``path`` (read-only, no lock, no upgrade). An event on a
    server is listed by its name and server, without connecting (that could keep the window waiting)."""
    if is_server_address(path):
        return _server_event(path)
    p = Path(path)
    if not p.is_file():
        return RecentEvent(path, exists=False, readable=False)
    try:
        store = storage.open_event_file(p, read_only=True, upgrade=False, lock=False)
    except (DialogueError, SQLAlchemyError, OSError):
        return RecentEvent(path, exists=True, readable=False)
    try:
        with store.reader() as session:
            row = session.execute(select(Event.title, Event.date).limit(1)).first()
    except (DialogueError, SQLAlchemyError, OSError):
        row = None
    finally:
        store.close()
    if row is None:
        return RecentEvent(path, exists=True, readable=False)
    return RecentEvent(path, exists=True, readable=True, title=row.title or p.stem, date=row.date)


def _server_event(address: str) -> RecentEvent:
    try:
        where = parse_address(address)
    except DialogueError:
        return RecentEvent(address, exists=True, readable=False)
    assert isinstance(where, ServerAddress)
    label = _("{event} on {server}").format(event=where.event, server=where.host_label)
    return RecentEvent(address, exists=True, readable=True, title=label)


def describe_all(paths: list[str]) -> list[RecentEvent]:
    return [describe(p) for p in paths]
