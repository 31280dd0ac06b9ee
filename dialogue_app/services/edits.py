"""Undoable edits as small value objects (Orange3 style).

``edit.apply(session)`` performs the change and returns its inverse edit, so an
undo stack only has to keep pairs of edits. The GUI wraps them in
``QUndoCommand``s; tests and the CLI can use them directly.

An edit says what it changes (Anki's operations): its ``areas`` (:class:`Area`), read
with :func:`edit_areas`; the window's ``AppContext.apply`` announces them with who
started the edit, so each panel refreshes only what changed and the panel that made the
change can skip reloading what it already shows. Rows saved, deleted and restored the
same way share the generic :class:`SaveRow` / :class:`DeleteRow` / :class:`RestoreRow`
edits, given a :class:`RowKind` (how to save, delete and restore that kind of row).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from dialogue_app.importing.model import ImportChanges
from dialogue_app.models import IdMixin
from dialogue_app.services import events, import_undo, people, versions


class Area(StrEnum):
    """The areas of the event an edit can change (the window's areas, ui/areas.py). A member
    equals its name as a string, so ``"people" in {Area.PEOPLE}`` holds."""

    EVENT = "event"
    PEOPLE = "people"
    TABLES = "tables"
    FACILITATION = "facilitation"
    COMMITMENTS = "commitments"
    SURVEYS = "surveys"
    REPORTS = "reports"
    TRAINING = "training"
    PRIVACY = "privacy"


class Edit(Protocol):
    @property
    def label(self) -> str:
        """Short, translated description for the Undo menu ("Edit Ana Silva")."""
        ...

    def apply(self, session: Session) -> Edit: ...


def edit_areas(edit: Edit) -> frozenset[Area]:
    """The areas ``edit`` says it changes (its ``areas``; empty when it does not say)."""
    return frozenset(Area(a) for a in getattr(edit, "areas", ()))


D = TypeVar("D")
S = TypeVar("S")


@dataclass(frozen=True)
class RowKind(Generic[D, S]):
    """How one kind of row is saved, deleted and restored, for the generic row edits.

    ``save(session, data)`` writes the row and returns the data before (None: it was new);
    ``delete(session, id)`` removes it and returns a snapshot of what went (the row and what
    hangs off it); ``restore(session, snapshot)`` puts that back; ``data_id`` and
    ``snapshot_id`` give the row's id. ``areas``: what saving or deleting such a row changes.
    ``model`` (the ORM class), ``fields`` (attribute, translated name) and ``describe`` (the row in
    words) let a save or undo based on an old version of the row be refused (services/versions.py)."""

    save: Callable[[Session, D], D | None]
    delete: Callable[[Session, uuid.UUID], S]
    restore: Callable[[Session, S], Any]
    data_id: Callable[[D], uuid.UUID]
    snapshot_id: Callable[[S], uuid.UUID]
    areas: frozenset[Area]
    model: type[IdMixin] | None = None
    fields: Callable[[], tuple[versions.FieldSpec, ...]] = tuple
    describe: Callable[[D], str] | None = None

    def row(self, session: Session, row_id: uuid.UUID) -> IdMixin | None:
        return session.get(self.model, row_id) if self.model is not None else None


@dataclass(frozen=True)
class SaveRow(Generic[D, S]):
    """Add or change one row; the inverse deletes a new row or saves the values before.

    ``seen``: the row's version the edit is based on (None: the data's ``row_version``, if it has
    one; 0: not known); another version now refuses the save (``versions.StaleEdit``). The inverse
    carries the version this save produced, so an undo after someone else's change is refused too."""

    kind: RowKind[D, S]
    data: D
    label: str
    seen: int | None = None
    undo: bool = False

    @property
    def areas(self) -> frozenset[Area]:
        return self.kind.areas

    def apply(self, session: Session) -> Edit:
        row_id = self.kind.data_id(self.data)
        row = self.kind.row(session, row_id)
        version_before = row.row_version if row is not None else 0
        seen = self.seen if self.seen is not None else getattr(self.data, "row_version", 0)
        before = self.kind.save(session, self.data)
        if before is not None:
            describe = self.kind.describe
            versions.refuse_if_changed(
                row, version_before, seen, label=describe(before) if describe else self.label, undo=self.undo,
                differences=lambda: versions.field_differences(before, self.data, self.kind.fields()))
        after = self.kind.row(session, row_id)
        version = versions.version_of(session, after) if after is not None else 0
        if before is None:
            return DeleteRow(self.kind, row_id, self.label, seen=version)
        return SaveRow(self.kind, before, self.label, seen=version, undo=True)

    def rebase(self, version: int) -> SaveRow[D, S]:
        """The same save based on ``version`` (the user chose to keep theirs over another change)."""
        return SaveRow(self.kind, self.data, self.label, seen=version, undo=self.undo)


@dataclass(frozen=True)
class DeleteRow(Generic[D, S]):
    """Delete one row (and what hangs off it); the inverse restores the snapshot. ``seen``: the
    version the deletion is based on (undoing an add: the one the add produced; 0: any)."""

    kind: RowKind[D, S]
    row_id: uuid.UUID
    label: str
    seen: int = 0

    @property
    def areas(self) -> frozenset[Area]:
        return self.kind.areas

    def apply(self, session: Session) -> Edit:
        row = self.kind.row(session, self.row_id)
        if row is not None:
            versions.check(row, self.seen, label=self.label, undo=True, differences=tuple)
        return RestoreRow(self.kind, self.kind.delete(session, self.row_id), self.label)


@dataclass(frozen=True)
class RestoreRow(Generic[D, S]):
    """Put a deleted row back from its snapshot; the inverse deletes it again."""

    kind: RowKind[D, S]
    snapshot: S
    label: str

    @property
    def areas(self) -> frozenset[Area]:
        return self.kind.areas

    def apply(self, session: Session) -> Edit:
        self.kind.restore(session, self.snapshot)
        return DeleteRow(self.kind, self.kind.snapshot_id(self.snapshot), self.label)


#: People as generic rows (SavePerson / DeletePerson / RestorePerson below are this shape)
PERSON_ROWS: RowKind[people.PersonData, people.PersonSnapshot] = RowKind(
    save=people.save_person, delete=people.delete_person, restore=people.restore_person,
    data_id=lambda d: d.id, snapshot_id=lambda snap: snap.data.id, areas=frozenset({Area.PEOPLE}),
)


@dataclass(frozen=True)
class SavePerson:
    """Save a person based on ``data.row_version`` (refused when someone changed them since); the
    inverse (``undo``) carries the version this save produced, so it too is refused then."""

    data: people.PersonData
    label: str
    undo: bool = False
    areas: ClassVar[frozenset[Area]] = frozenset({Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        before = people.save_person(session, self.data, undo=self.undo)
        if before is None:
            return DeletePerson(self.data.id, self.label, seen=people.person_version(session, self.data.id))
        return SavePerson(before, self.label, undo=True)

    def rebase(self, version: int) -> SavePerson:
        """The same save based on ``version`` (the user chose to keep theirs over another change)."""
        return SavePerson(replace(self.data, row_version=version), self.label, self.undo)


@dataclass(frozen=True)
class DeletePerson:
    person_id: uuid.UUID
    label: str
    #: the version the deletion is based on (undoing an add: the version the add produced); 0: any
    seen: int = 0
    areas: ClassVar[frozenset[Area]] = frozenset({Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        return RestorePerson(people.delete_person(session, self.person_id, seen=self.seen), self.label)


@dataclass(frozen=True)
class RestorePerson:
    snapshot: people.PersonSnapshot
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        people.restore_person(session, self.snapshot)
        return DeletePerson(self.snapshot.data.id, self.label)


@dataclass(frozen=True)
class SaveSettings:
    settings: events.EventSettings
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.EVENT})

    def apply(self, session: Session) -> Edit:
        return SaveSettings(events.update_settings(session, self.settings), self.label)


@dataclass(frozen=True)
class SaveDimension:
    info: events.DimensionInfo
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.EVENT, Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        before = events.save_dimension(session, self.info)
        if before is None:
            return DeleteDimension(self.info.id, self.label)
        return SaveDimension(before, self.label)


@dataclass(frozen=True)
class DeleteDimension:
    dimension_id: uuid.UUID
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.EVENT, Area.PEOPLE})

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
    areas: ClassVar[frozenset[Area]] = frozenset({Area.EVENT, Area.PEOPLE})

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

    @property
    def areas(self) -> frozenset[Area]:
        return frozenset().union(*(edit_areas(e) for e in self.edits))

    def apply(self, session: Session) -> Edit:
        inverses = [e.apply(session) for e in self.edits]
        return Composite(tuple(reversed(inverses)), self.label)


@dataclass(frozen=True)
class UndoImport:
    """Takes back an import (the import itself runs in the background; this inverse is
    pushed on the undo stack when it is done)."""

    changes: ImportChanges
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        return RedoImport(import_undo.undo_import(session, self.changes), self.label)


@dataclass(frozen=True)
class RedoImport:
    undone: import_undo.UndoneImport
    label: str
    areas: ClassVar[frozenset[Area]] = frozenset({Area.PEOPLE})

    def apply(self, session: Session) -> Edit:
        return UndoImport(import_undo.redo_import(session, self.undone), self.label)
