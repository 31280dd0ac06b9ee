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
from dialogue_app.models import Event


@dataclass(frozen=True)
class RecentEvent:
    path: str
    exists: bool
    readable: bool
    title: str = ""
    date: dt.date | None = None


def describe(path: str) -> RecentEvent:
    """Title and date of the event file at ``path`` (read-only, no lock, no upgrade)."""
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


def describe_all(paths: list[str]) -> list[RecentEvent]:
    return [describe(p) for p in paths]
