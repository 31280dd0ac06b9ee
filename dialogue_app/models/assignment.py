"""Seat assignments: who sits at which table in which round."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue_app.models.base import Base, IdMixin
from dialogue_app.models.event import DialogueTable
from dialogue_app.models.people import Person


class Assignment(IdMixin, Base):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("person_id", "round"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dialogue_table.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Set at check-in once the person actually sits there: never moved by rebalancing.
    seated: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship()
    table: Mapped[DialogueTable] = relationship()
