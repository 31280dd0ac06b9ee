"""Undo of a walk-in added at the door.

On an event file, or for an organiser on a server, undoing a walk-in deletes the person like any
other (a snapshot of everything about them, which Redo puts back). A door volunteer on a server may
not read people's background values, consent or notes, so that snapshot is refused; for them the
server's ``dialogue_undo_walk_in`` function (storage/pg_roles.py) removes the walk-in with their
roles and seats only — and refuses, said in words here, once anything else was recorded about them.
Redo adds the same walk-in again, with the same code and table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Load, Session

from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Person
from dialogue_app.services import versions
from dialogue_app.services.server_role import current_role
from dialogue_app.storage import pg_roles


@dataclass(frozen=True)
class UndoWalkIn:
    """The inverse of ``AddWalkIn``: remove the walk-in ``person_id`` (refused, with the reason, when
    someone changed them since version ``seen``); its inverse is ``added`` (the same walk-in again)."""

    person_id: uuid.UUID
    label: str
    added: Any  # checkin.AddWalkIn with the person's id and code (checkin.py imports this module)
    seen: int = 0

    def apply(self, session: Session) -> Any:
        if current_role(session).reads_background:  # an event file, an organiser: the whole person, restorable
            from dialogue_app.services.edits import DeletePerson

            return DeletePerson(self.person_id, self.label, seen=self.seen).apply(session)
        p = session.scalars(
            select(Person).options(_door_view()).where(Person.id == self.person_id).with_for_update(of=Person)
        ).one_or_none()
        if p is None:
            raise NotFound(_("That person no longer exists."))
        name = f"{p.first_name} {p.last_name}".strip()
        versions.check(p, self.seen, label=name, undo=True, differences=tuple)
        outcome = pg_roles.undo_walk_in(session.connection(), self.person_id)
        if outcome is None:
            raise versions.UndoRefused(_(
                "The server was prepared by an older version of the app, so a walk-in cannot be undone at "
                "the door yet. Its administrator runs “dialogue-app server init” again; until then an "
                "organiser can remove {name} in People.").format(name=name))
        if outcome == "gone":
            raise NotFound(_("That person no longer exists."))
        if outcome != "deleted":
            raise versions.UndoRefused(_(
                "{name} cannot be removed at the door any more: more has been recorded about them since. "
                "An organiser can remove them in People.").format(name=name))
        session.expire_all()
        return self.added


def _door_view() -> Load:
    """The columns of the person the door may read (none of the background values)."""
    return Load(Person).load_only(Person.id, Person.first_name, Person.last_name, Person.walk_in,
                                  Person.row_version, Person.updated_at).lazyload(Person.values)


__all__ = ["UndoWalkIn"]
