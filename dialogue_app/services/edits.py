"""Undoable edits as small value objects (Orange3 style).

``edit.apply(session)`` performs the change and returns its inverse edit, so an
undo stack only has to keep pairs of edits. The GUI wraps them in
``QUndoCommand``s; tests and the CLI can use them directly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from dialogue_app.importing.model import ImportChanges
from dialogue_app.services import events, import_undo, people


class Edit(Protocol):
    #: Short, translated description for the Undo menu ("Edit Ana Silva").
    label: str

    def apply(self, session: Session) -> Edit: ...


@dataclass(frozen=True)
class SavePerson:
    data: people.PersonData
    label: str

    def apply(self, session: Session) -> Edit:
        before = people.save_person(session, self.data)
        if before is None:
            return DeletePerson(self.data.id, self.label)
        return SavePerson(before, self.label)


@dataclass(frozen=True)
class DeletePerson:
    person_id: uuid.UUID
    label: str

    def apply(self, session: Session) -> Edit:
        return RestorePerson(people.delete_person(session, self.person_id), self.label)


@dataclass(frozen=True)
class RestorePerson:
    snapshot: people.PersonSnapshot
    label: str

    def apply(self, session: Session) -> Edit:
        people.restore_person(session, self.snapshot)
        return DeletePerson(self.snapshot.data.id, self.label)


@dataclass(frozen=True)
class SaveSettings:
    settings: events.EventSettings
    label: str

    def apply(self, session: Session) -> Edit:
        return SaveSettings(events.update_settings(session, self.settings), self.label)


@dataclass(frozen=True)
class SaveDimension:
    info: events.DimensionInfo
    label: str

    def apply(self, session: Session) -> Edit:
        before = events.save_dimension(session, self.info)
        if before is None:
            return DeleteDimension(self.info.id, self.label)
        return SaveDimension(before, self.label)


@dataclass(frozen=True)
class DeleteDimension:
    dimension_id: uuid.UUID
    label: str

    def apply(self, session: Session) -> Edit:
        from sqlalchemy import select

        from dialogue_app.models import PersonValue

        values = tuple(
            (v.person_id, v.category_id)
            for v in session.scalars(select(PersonValue).where(PersonValue.dimension_id == self.dimension_id))
        )
        info = events.delete_dimension(session, self.dimension_id)
        return RestoreDimension(info, values, self.label)


@dataclass(frozen=True)
class RestoreDimension:
    info: events.DimensionInfo
    values: tuple[tuple[uuid.UUID, uuid.UUID | None], ...]
    label: str

    def apply(self, session: Session) -> Edit:
        from dialogue_app.models import PersonValue

        events.save_dimension(session, self.info)
        for pid, cid in self.values:
            session.add(PersonValue(person_id=pid, dimension_id=self.info.id, category_id=cid))
        session.flush()
        return DeleteDimension(self.info.id, self.label)


@dataclass(frozen=True)
class Composite:
    """Several edits as one undo step (e.g. deleting a selection of people)."""

    edits: tuple[Edit, ...]
    label: str

    def apply(self, session: Session) -> Edit:
        inverses = [e.apply(session) for e in self.edits]
        return Composite(tuple(reversed(inverses)), self.label)


@dataclass(frozen=True)
class UndoImport:
    """Takes back an import (the import itself runs in the background; this inverse is
    pushed on the undo stack when it is done)."""

    changes: ImportChanges
    label: str

    def apply(self, session: Session) -> Edit:
        return RedoImport(import_undo.undo_import(session, self.changes), self.label)


@dataclass(frozen=True)
class RedoImport:
    undone: import_undo.UndoneImport
    label: str

    def apply(self, session: Session) -> Edit:
        return UndoImport(import_undo.redo_import(session, self.undone), self.label)
