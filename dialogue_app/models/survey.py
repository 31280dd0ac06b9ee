"""The before/after survey: the instrument's items, the forms filled in and their answers."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue_app.models.base import Base, IdMixin


class SurveyItem(IdMixin, Base):
    """One question of the event's survey instrument."""

    __tablename__ = "survey_item"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    #: Stable key used as the export column ("connected", "trust", ...).
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # yes_no | agree5 | freq5 | choice | text
    #: The question in the event language (editable).
    label: Mapped[str] = mapped_column(Text, default="")
    #: Comma-separated waves the item is asked in: before, after, follow-up.
    waves: Mapped[str] = mapped_column(String(40), default="after")
    #: Options of a single-choice item, one per line.
    choices: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class SurveyResponse(IdMixin, Base):
    """One filled-in form: one respondent, one wave."""

    __tablename__ = "survey_response"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    wave: Mapped[str] = mapped_column(String(16))
    #: The participant whose badge code was on the form (None for self-generated codes).
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, info={"personal": True}
    )
    # self-generated code, each element separately ("" = not answered)
    sgc_mother_letter: Mapped[str] = mapped_column(String(4), default="", info={"personal": True})
    sgc_birth_month: Mapped[str] = mapped_column(String(4), default="", info={"personal": True})
    sgc_older_siblings: Mapped[str] = mapped_column(String(4), default="", info={"personal": True})
    sgc_birthplace_letter: Mapped[str] = mapped_column(String(4), default="", info={"personal": True})
    sgc_birth_day: Mapped[str] = mapped_column(String(4), default="", info={"personal": True})
    table_number: Mapped[int | None] = mapped_column(Integer)
    #: How it was entered: screen | paper | import | demo
    source: Mapped[str] = mapped_column(String(16), default="paper")
    #: The language the form was filled in ("" = the event language).
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")

    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", lazy="selectin"
    )


class SurveyAnswer(IdMixin, Base):
    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_item.id", ondelete="CASCADE"), index=True)
    #: "1"/"0" for yes/no, "1".."5" for scales, the option number, or free text.
    value: Mapped[str] = mapped_column(Text, default="", info={"personal": True})

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
