"""Undoable dimension edits that keep people's values when a category is removed.

:class:`services.edits.SaveDimension` restores a removed category on undo but not
the values that pointed at it (they are deleted with the category). The Event
area uses :class:`EditDimension`, which remembers those values and puts them back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.models import PersonValue
from dialogue_app.services import edits, events


@dataclass(frozen=True)
class EditDimension:
    info: events.DimensionInfo
    label: str
    #: (person id, category id) values to put back after saving (from an earlier removal)
    restore_values: tuple[tuple[uuid.UUID, uuid.UUID], ...] = ()

    def apply(self, session: Session) -> edits.Edit:
        keep = {c.id for c in self.info.categories}
        lost = tuple(
            (v.person_id, v.category_id)
            for v in session.scalars(select(PersonValue).where(PersonValue.dimension_id == self.info.id))
            if v.category_id is not None and v.category_id not in keep
        )
        before = events.save_dimension(session, self.info)
        if self.restore_values:
            taken = set(
                session.scalars(select(PersonValue.person_id).where(PersonValue.dimension_id == self.info.id))
            )
            for pid, cid in self.restore_values:
                if pid not in taken and cid in keep:
                    session.add(PersonValue(person_id=pid, dimension_id=self.info.id, category_id=cid))
            session.flush()
        if before is None:
            return edits.DeleteDimension(self.info.id, self.label)
        return EditDimension(before, self.label, lost)


def values_count(session: Session, category_id: uuid.UUID) -> int:
    """How many people have this category (asked before removing it)."""
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(PersonValue).where(PersonValue.category_id == category_id)) or 0
