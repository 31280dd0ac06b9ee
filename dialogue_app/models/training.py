"""Training events: trainees, sessions with attendance, readiness steps and practice turns.

A training event is an :class:`~dialogue_app.models.Event` with ``kind == "training"``.
Trainees are ordinary :class:`~dialogue_app.models.Person` rows (so practice tables,
seats and the facilitator screen work as for a dialogue event) with one
:class:`TraineeProfile` each.

Table packages (dialogue_app.offline): a practice table's turn travels with the table
("scoped"); the trainer's records (profiles, sessions, attendance, readiness) never leave
the trainer's file ("never").

Forgetting a person (dialogue_app.privacy) deletes their profile, attendance and steps;
a practice turn they facilitated stays with its facilitator cleared.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_app.models.base import Base, IdMixin

TRACKS = ("facilitator", "coordinator")
SESSION_KINDS = ("basic", "practice", "coordinator", "other")
ATTENDANCE_STATUSES = ("present", "absent", "excused")
#: The steps of a facilitator's path, in the usual order.
STEPS = ("dialogue", "basic_training", "co_facilitated", "practice_evening", "facilitated")


class TraineeProfile(IdMixin, Base):
    """What a trainer needs to know about one trainee."""

    __tablename__ = "trainee_profile"
    __table_args__ = (UniqueConstraint("person_id"), {"info": {"package": "never", "privacy": "delete"}})

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True,
                                                 info={"personal": True})
    #: "facilitator" (future table facilitator) or "coordinator" (future city coordinator).
    track: Mapped[str] = mapped_column(String(20), default="facilitator")
    city: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    organisation: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    #: Language the trainee will facilitate in (ISO 639-1).
    language: Mapped[str] = mapped_column(String(16), default="", info={"personal": True})


class TrainingSession(IdMixin, Base):
    """One meeting of a training: a basic training evening, a practice evening, a coordinator day..."""

    __tablename__ = "training_session"
    __table_args__ = ({"info": {"package": "never"}},)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="basic")  # basic | practice | coordinator | other
    date: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer, default=120)


class SessionAttendance(IdMixin, Base):
    """Whether a trainee came to one session."""

    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),
                      {"info": {"package": "never", "privacy": "delete"}})

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                                  index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True,
                                                 info={"personal": True})
    status: Mapped[str] = mapped_column(String(20), default="present")  # present | absent | excused


class ReadinessStep(IdMixin, Base):
    """One dated step on a trainee's path (took part in a dialogue, basic training, ...)."""

    __tablename__ = "readiness_step"
    __table_args__ = ({"info": {"package": "never", "privacy": "delete"}},)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True,
                                                 info={"personal": True})
    step: Mapped[str] = mapped_column(String(32))  # one of STEPS
    date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", info={"personal": True})


class PracticeTurn(IdMixin, Base):
    """Who facilitates a practice table in a practice round, and the scenario card dealt to it."""

    __tablename__ = "practice_turn"
    __table_args__ = (UniqueConstraint("table_id", "round"), {"info": {"package": "scoped", "privacy": "unlink"}})

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dialogue_table.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    facilitator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"),
                                                             index=True, info={"personal": True})
    #: Key of a scenario card (see dialogue_app.training.content.SCENARIOS) or "".
    scenario: Mapped[str] = mapped_column(String(32), default="")
