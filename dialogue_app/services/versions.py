"""Several writers on one event: a save based on an old version of a row is refused, never silently
written over another user's change.

Every row carries ``row_version`` (models.base.IdMixin). An edit carries the version it was based on
(what the user saw when the dialog opened: ``PersonData.row_version``); the service compares it with
the row's version now and raises :class:`StaleEdit` (a :class:`~dialogue_app.errors.ConflictError`)
with a :class:`Conflict`: the row, the fields that differ, their value now and the user's value, and
when the row was changed. An undo carries the version the edit produced: when the row has changed
since, the undo is refused the same way (``Conflict.undo``), with a message that says why.

Versions only go forward, also when this user undoes and redoes: so an undo does not compare for
equality but asks whether every version since the one its edit produced was written by this client
(this engine, in a committed transaction: :func:`_mine`) — undoing B then A on one row is fine, an
undo after anyone else's change in between is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, object_session

from dialogue_app.errors import ConflictError
from dialogue_app.i18n import format_date, format_time
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Base, IdMixin

#: per engine (one client's connection to one event): (table, row id) -> the versions it wrote
_WRITTEN: weakref.WeakKeyDictionary[Engine, dict[tuple[str, uuid.UUID], set[int]]] = weakref.WeakKeyDictionary()
_PENDING = "versions_written"


@event.listens_for(Base, "after_update", propagate=True)
@event.listens_for(Base, "after_insert", propagate=True)
def _wrote(_mapper: Any, connection: Any, target: Any) -> None:
    session = object_session(target)
    if session is not None and hasattr(target, "row_version"):
        session.info.setdefault(_PENDING, []).append(
            (connection.engine, target.__tablename__, target.id, target.row_version))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for engine, table, row_id, version in session.info.pop(_PENDING, ()):
        _WRITTEN.setdefault(engine, {}).setdefault((table, row_id), set()).add(version)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _mine(row: IdMixin, since: int, now: int) -> bool:
    """True when every version of ``row`` after ``since`` up to ``now`` was written by this client
    (committed, or in this very transaction)."""
    session = object_session(row)
    if session is None:
        return False
    key = (getattr(row, "__tablename__", ""), row.id)
    written = set(_WRITTEN.get(session.get_bind(), {}).get(key, ()))  # type: ignore[arg-type]
    written |= {v for _e, table, rid, v in session.info.get(_PENDING, ()) if (table, rid) == key}
    return all(v in written for v in range(since + 1, now + 1))


@dataclass(frozen=True)
class FieldConflict:
    """One field of the row: its (translated) name, its value now and the value the user wants."""

    name: str
    theirs: str
    mine: str


@dataclass(frozen=True)
class Conflict:
    """What another user changed since the edit was based on the row."""

    table: str
    row_id: uuid.UUID
    #: the row as the user knows it ("Ana Silva", "table 4")
    row_label: str
    fields: tuple[FieldConflict, ...]
    #: the row's version now (saving "on purpose" over it bases the edit on this one)
    version_now: int
    #: when the row was last changed (UTC, naive), if known
    changed_at: dt.datetime | None
    #: True when an undo was refused (the row changed after the edit being undone)
    undo: bool = False


class UndoRefused(ConflictError):
    """An undo (or redo) refused for good: what it would change has changed since, in a way that
    trying again will not undo. The window takes such a step off its Undo list and says so."""


class StaleEdit(UndoRefused):
    """A save or an undo refused because the row changed since; ``conflict`` says how."""

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(conflict_message(conflict), details=[
            _("{field}: now “{theirs}”, yours “{mine}”").format(field=f.name, theirs=f.theirs, mine=f.mine)
            for f in conflict.fields
        ])
        self.conflict = conflict


def _when(changed_at: dt.datetime | None) -> str:
    if changed_at is None:
        return "?"
    return format_time(changed_at.replace(tzinfo=dt.UTC).astimezone())


def conflict_message(conflict: Conflict) -> str:
    """The sentence that tells the user what happened (an undo says why it is refused)."""
    if conflict.undo:
        return _("Someone else changed {name} at {time}, after your edit; undoing it would overwrite "
                 "their change, so it was not undone.").format(name=conflict.row_label,
                                                              time=_when(conflict.changed_at))
    return _("Someone else changed {name} at {time}, after you opened it; nothing was saved yet.").format(
        name=conflict.row_label, time=_when(conflict.changed_at))


def check(row: IdMixin, seen: int, *, label: str, differences: Callable[[], Iterable[FieldConflict]],
          undo: bool = False) -> None:
    """Refuse (``StaleEdit``) when ``row`` (an ORM object with ``row_version``) is no longer at the
    version ``seen`` the edit was based on. ``seen`` 0: not known (a new row, a script): no check."""
    now = int(row.row_version)
    if not seen or now == seen or (undo and _mine(row, seen, now)):
        return
    raise StaleEdit(Conflict(
        table=getattr(row, "__tablename__", ""), row_id=row.id, row_label=label,
        fields=tuple(differences()), version_now=now, changed_at=row.updated_at, undo=undo,
    ))


def version_of(session: Session, row: IdMixin) -> int:
    """The row's version after the session's pending changes are written (what an undo must find)."""
    session.flush()
    return int(row.row_version)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value, "short")
    return "" if value is None else str(value)


#: A field for :func:`field_differences`: (attribute, translated name) or (attribute, translated name,
#: how the screens show a value — e.g. a code as its label).
FieldSpec = tuple[str, str] | tuple[str, str, Callable[[Any], str]]


def field_differences(now: object, mine: object, fields: Iterable[FieldSpec]) -> list[FieldConflict]:
    """The named fields where two records differ, as the screens show them (a code as its label)."""
    out = []
    for attr, name, *shown in fields:
        show = shown[0] if shown else _text
        theirs, yours = getattr(now, attr), getattr(mine, attr)
        if theirs != yours:
            out.append(FieldConflict(name.replace("&", "").rstrip(":： "), show(theirs), show(yours)))
    return out


def refuse_if_changed(row: IdMixin | None, version_before: int, seen: int, *, label: str,
                      differences: Callable[[], Iterable[FieldConflict]], undo: bool = False) -> None:
    """Like :func:`check`, for a row already written by the edit: ``version_before`` is the version
    it had before (the caller's transaction is rolled back by the refusal)."""
    if row is None or not seen or version_before == seen or (undo and _mine(row, seen, version_before)):
        return
    raise StaleEdit(Conflict(
        table=getattr(row, "__tablename__", ""), row_id=row.id, row_label=label, fields=tuple(differences()),
        version_now=version_before, changed_at=row.updated_at, undo=undo,
    ))
