"""Facilitation: the script of rounds per event, ground rules, live table sessions
(timer state), talking-stick order, private notes and commitments to action.

Timer state is stored as wall-clock UTC times plus accumulated pause seconds on
every Start / Pause / Next / Back, so a session resumes with the right remaining
time after a crash; ticks are never stored.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_app.models.base import Base, IdMixin

COMMITMENT_KINDS = ("personal", "together", "organisation")
FOLLOWUP_STATUSES = ("not_asked", "done", "partly", "not_yet")


class ScriptPhase(IdMixin, Base):
    """One phase of an event's script (opening, a round, closing...)."""

    __tablename__ = "script_phase"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Stable key of a built-in phase ("opening", "acquainted", "experiences", "dream", "do",
    #: "closing") or "" for one an organiser added.
    key: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=10)
    question: Mapped[str] = mapped_column(Text, default="")
    #: Back-pocket questions, one per line.
    back_pocket: Mapped[str] = mapped_column(Text, default="")
    say: Mapped[str] = mapped_column(Text, default="")
    do: Mapped[str] = mapped_column(Text, default="")
    #: What to capture in this phase: "" or "commitments".
    capture: Mapped[str] = mapped_column(String(32), default="")


class GroundRule(IdMixin, Base):
    __tablename__ = "ground_rule"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")


class TableSession(IdMixin, Base):
    """The live session of one table in one round: which phase is current."""

    __tablename__ = "table_session"
    __table_args__ = (UniqueConstraint("table_id", "round"),)

    table_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dialogue_table.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    #: Index into the script's phases; equal to the number of phases once finished.
    current: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="", info={"personal": True})


class PhaseRun(IdMixin, Base):
    """How one phase actually ran at one table (UTC wall-clock times)."""

    __tablename__ = "phase_run"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("table_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    paused_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    pause_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class TalkingTurn(IdMixin, Base):
    """A person's place in a table's talking-stick order and their tally of turns."""

    __tablename__ = "talking_turn"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("table_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True, info={"personal": True}
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    turns: Mapped[int] = mapped_column(Integer, default=0)


class Commitment(IdMixin, Base):
    """A commitment to action harvested in the "do" round; anonymous unless a participant is set."""

    __tablename__ = "commitment"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dialogue_table.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, info={"personal": True}
    )
    partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, info={"personal": True}
    )
    kind: Mapped[str] = mapped_column(String(20), default="personal")  # personal | together | organisation
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    followup_status: Mapped[str] = mapped_column(String(20), default="not_asked")
    followup_date: Mapped[dt.date | None] = mapped_column(Date)
    #: the answer to "what happened?" at the follow-up (free text; may mention people)
    followup_note: Mapped[str] = mapped_column(Text, default="", server_default="", info={"personal": True})
