"""The privacy log: what was done with personal data, for accountability (GDPR Art. 5(2)).

Never holds a name, code or contact detail: a forgotten person is logged as "one
person forgotten" with counts. Only the random row id of a forgotten person is kept
(``subject_id``, a suppression record): it links to nothing left in this file, and
lets a merge of a table package cut before the erasure recognise the person and not
bring them back.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_app.models.base import Base, IdMixin, utcnow

#: forget | purge | consent_text | retention
PRIVACY_ACTIONS = ("forget", "purge", "consent_text", "retention")


class PrivacyLogEntry(IdMixin, Base):
    __tablename__ = "privacy_log"
    # stays with the organiser's file: never travels in a table package
    __table_args__ = ({"info": {"package": "never"}},)

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    people: Mapped[int] = mapped_column(Integer, default=0)
    #: records deleted / kept anonymously / mentions redacted, or the text version, or the new date
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    anonymised: Mapped[int] = mapped_column(Integer, default=0)
    redacted: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(String(200), default="")
    #: forget: the forgotten person's former row id (no foreign key: that row is gone)
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, index=True)
