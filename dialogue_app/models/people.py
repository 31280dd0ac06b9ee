"""People, their roles, diversity dimensions and values, consent, pair rules."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue_app.models.base import Base, IdMixin

ROLES = ("participant", "host", "facilitator", "trainer")
ATTENDANCE = ("registered", "present", "absent", "cancelled")


class Person(IdMixin, Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    #: Random short code for badges and QR codes; never derived from the name.
    code: Mapped[str] = mapped_column(String(16), info={"personal": True})
    first_name: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    last_name: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    email: Mapped[str] = mapped_column(String(320), default="", info={"personal": True})
    phone: Mapped[str] = mapped_column(String(64), default="", info={"personal": True})
    #: Comma-separated ISO 639-1 codes.
    languages: Mapped[str] = mapped_column(String(100), default="")
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    needs: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    attendance: Mapped[str] = mapped_column(String(20), default="registered")
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    #: Normalised identity used to recognise the same person in a second import.
    identity_key: Mapped[str] = mapped_column(String(128), default="", index=True, info={"personal": True})
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)

    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    values: Mapped[list[PersonValue]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class PersonRole(IdMixin, Base):
    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    person: Mapped[Person] = relationship(back_populates="roles")


class Dimension(IdMixin, Base):
    """A diversity dimension of an event (age band, gender, cultural origin...)."""

    __tablename__ = "dimension"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    #: Stable key ("age_band", "gender", "origin", "religion", "education",
    #: "neighbourhood", "organisation" or a custom slug).
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="nominal")  # nominal | ordinal
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    dont_isolate: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Open dimensions gain new categories from imports; closed ones do not.
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    categories: Mapped[list[Category]] = relationship(
        back_populates="dimension",
        cascade="all, delete-orphan",
        order_by="Category.position",
        lazy="selectin",
    )


class Category(IdMixin, Base):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("dimension_id", "label"),)

    dimension_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Built-in categories carry a stable key ("female", "18-24", ...) used for synonyms.
    key: Mapped[str] = mapped_column(String(64), default="")

    dimension: Mapped[Dimension] = relationship(back_populates="categories")


class PersonValue(IdMixin, Base):
    """A person's value on a dimension. ``category_id`` None means "prefer not to say"."""

    __tablename__ = "person_value"
    __table_args__ = (UniqueConstraint("person_id", "dimension_id"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)

    person: Mapped[Person] = relationship(back_populates="values")


class Consent(IdMixin, Base):
    """Explicit, separate consent of one person for one purpose (e.g. a sensitive dimension)."""

    __tablename__ = "consent"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    #: What was consented to: "dimension" for a sensitive dimension, or another purpose key.
    purpose: Mapped[str] = mapped_column(String(64), default="dimension")
    text_version: Mapped[str] = mapped_column(String(32), default="1")
    text: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    given_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    source: Mapped[str] = mapped_column(String(32), default="app")  # registration | app | form
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    person: Mapped[Person] = relationship(back_populates="consents")


class ConsentText(IdMixin, Base):
    """The consent wording shown to people, per purpose, language and version (editable)."""

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("event_id", "purpose", "dimension_key", "language", "version"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(64), default="dimension")
    dimension_key: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(32), default="1")
    text: Mapped[str] = mapped_column(Text)


class PairRule(IdMixin, Base):
    """Two people who must (or should) sit together or apart."""

    __tablename__ = "pair_rule"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    person_b_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # together | apart
    hard: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Strength of a soft rule (added to or subtracted from the pair's distance).
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    note: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
