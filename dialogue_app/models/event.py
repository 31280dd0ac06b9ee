"""The event, its venues, time slots and tables."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue_app.models.base import Base, IdMixin


class Event(IdMixin, Base):
    """One Day of Dialogue (or one training event); one per event file."""

    __tablename__ = "event"

    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    language: Mapped[str] = mapped_column(String(16), default="en")
    kind: Mapped[str] = mapped_column(String(20), default="dialogue")  # dialogue | training
    table_size_min: Mapped[int] = mapped_column(Integer, default=6)
    table_size_target: Mapped[int] = mapped_column(Integer, default=7)
    table_size_max: Mapped[int] = mapped_column(Integer, default=8)
    rounds: Mapped[int] = mapped_column(Integer, default=1)
    retention_date: Mapped[dt.date | None] = mapped_column(Date)
    #: Distance counted for "prefer not to say" in planning (0 = same, 1 = different).
    unknown_distance: Mapped[float] = mapped_column(default=0.5)
    #: For table packages: the event this file was cut from (None for a full event).
    source_event_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    #: Organisers' free-text notes: may mention people, so treated as personal.
    notes: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    #: The city or organiser name written into survey exports for pooling across events ("" = none).
    network_name: Mapped[str] = mapped_column(String(200), default="", server_default="")

    venues: Mapped[list[Venue]] = relationship(back_populates="event", cascade="all, delete-orphan")
    tables: Mapped[list[DialogueTable]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="DialogueTable.number"
    )


class Venue(IdMixin, Base):
    __tablename__ = "venue"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    accessible: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[Event] = relationship(back_populates="venues")


class TimeSlot(IdMixin, Base):
    __tablename__ = "time_slot"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    start: Mapped[dt.time | None] = mapped_column(Time)
    end: Mapped[dt.time | None] = mapped_column(Time)


class DialogueTable(IdMixin, Base):
    """A dialogue table (named to avoid a clash with SQLAlchemy's ``Table``)."""

    __tablename__ = "dialogue_table"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    venue_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"))
    slot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("time_slot.id", ondelete="SET NULL"))
    capacity_min: Mapped[int] = mapped_column(Integer, default=6)
    capacity_max: Mapped[int] = mapped_column(Integer, default=8)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Comma-separated ISO 639-1 codes spoken at the table ("nl,en").
    languages: Mapped[str] = mapped_column(String(100), default="")
    is_training: Mapped[bool] = mapped_column(Boolean, default=False)
    has_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    host_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)

    event: Mapped[Event] = relationship(back_populates="tables")
    venue: Mapped[Venue | None] = relationship()
    slot: Mapped[TimeSlot | None] = relationship()
