"""Undoable dimension edits that keep people's values safe across undo.

:class:`services.edits.SaveDimension` restores a removed category on undo but not
the values that pointed at it (they are deleted with the category). The Event
area uses :class:`EditDimension`, which remembers those values and puts them back.

It also keeps the consent rule when a dimension becomes sensitive: a sensitive
value exists only with the person's active consent, so values recorded without
consent are removed (and come back when the change is undone).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dialogue_app.models import Consent, Dimension, PersonValue
from dialogue_app.services import edits, events

Value = tuple[uuid.UUID, uuid.UUID | None]  # (person id, category id; None = "prefer not to say")


@dataclass(frozen=True)
class EditDimension:
    info: events.DimensionInfo
    label: str
    #: values to put back after saving (from an earlier removal)
    restore_values: tuple[Value, ...] = ()

    def apply(self, session: Session) -> edits.Edit:
        keep = {c.id for c in self.info.categories}
        current = session.get(Dimension, self.info.id)
        lost: list[Value] = []
        if current is not None:
            for v in session.scalars(select(PersonValue).where(PersonValue.dimension_id == self.info.id)):
                if v.category_id is not None and v.category_id not in keep:
                    lost.append((v.person_id, v.category_id))
            if self.info.sensitive and not current.sensitive:
                unconsented = values_without_consent(session, self.info.id)
                lost.extend(unconsented)
                session.execute(delete(PersonValue).where(
                    PersonValue.dimension_id == self.info.id,
                    PersonValue.person_id.in_([pid for pid, _c in unconsented]),
                ))
                session.expire_all()
        before = events.save_dimension(session, self.info)
        if self.restore_values:
            taken = set(
                session.scalars(select(PersonValue.person_id).where(PersonValue.dimension_id == self.info.id))
            )
            for pid, cid in self.restore_values:
                if pid not in taken and (cid is None or cid in keep):
                    session.add(PersonValue(person_id=pid, dimension_id=self.info.id, category_id=cid))
            session.flush()
        if before is None:
            return edits.DeleteDimension(self.info.id, self.label)
        return EditDimension(before, self.label, tuple(lost))


def values_without_consent(session: Session, dimension_id: uuid.UUID) -> list[Value]:
    """Values on a dimension held by people without active consent for it."""
    consented = select(Consent.person_id).where(Consent.dimension_id == dimension_id, Consent.withdrawn_at.is_(None))
    return [
        (pid, cid)
        for pid, cid in session.execute(
            select(PersonValue.person_id, PersonValue.category_id).where(
                PersonValue.dimension_id == dimension_id, PersonValue.person_id.not_in(consented)
            )
        )
    ]


def values_count(session: Session, category_id: uuid.UUID) -> int:
    """How many people have this category (asked before removing it)."""
    return session.scalar(
        select(func.count()).select_from(PersonValue).where(PersonValue.category_id == category_id)
    ) or 0


_CONSENT_COLS = ("id", "person_id", "dimension_id", "purpose", "text_version", "text", "given_at", "recorded_by",
                 "source", "withdrawn_at", "created_at")


@dataclass(frozen=True)
class RemoveDimension:
    """Delete a dimension; its undo brings back the values *and* the consents given for it
    (``edits.DeleteDimension`` alone loses the consents, which the database deletes with it)."""

    dimension_id: uuid.UUID
    label: str

    def apply(self, session: Session) -> edits.Edit:
        consents = tuple(
            {n: getattr(c, n) for n in _CONSENT_COLS}
            for c in session.scalars(select(Consent).where(Consent.dimension_id == self.dimension_id))
        )
        restore = edits.DeleteDimension(self.dimension_id, self.label).apply(session)
        return _RestoreDimension(restore, consents, self.label)


@dataclass(frozen=True)
class _RestoreDimension:
    restore: edits.Edit
    consents: tuple[dict, ...]
    label: str

    def apply(self, session: Session) -> edits.Edit:
        inverse = self.restore.apply(session)
        assert isinstance(inverse, edits.DeleteDimension)  # restoring a dimension gives its deletion back
        for c in self.consents:
            session.add(Consent(**c))
        session.flush()
        return RemoveDimension(inverse.dimension_id, self.label)
