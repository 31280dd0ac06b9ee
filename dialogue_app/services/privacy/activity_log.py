"""The privacy log: what was done with personal data in an event, never to whom."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.models import utcnow
from dialogue_app.models.privacy import PrivacyLogEntry
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy import suppression


class Counts(Protocol):
    """What an erasure did, as a forget or purge reports it (:class:`.forgetting.ForgetResult`)."""

    @property
    def people(self) -> int: ...
    @property
    def deleted_rows(self) -> int: ...
    @property
    def anonymised_rows(self) -> int: ...
    @property
    def redacted_mentions(self) -> int: ...

# --- the privacy log ----------------------------------------------------------------------------

ACTION_LABELS = {
    "forget": N_("A person was forgotten"),
    "purge": N_("Everyone was anonymised (retention)"),
    "consent_text": N_("New consent text version"),
    "retention": N_("Retention date changed"),
    # a forget or purge on a server (services/privacy/server_erasure.py); detail: tables left to autovacuum
    "server_erasure": N_("Erased on the server: old copies remain in its write-ahead log, WAL archives, base "
                         "backups and replicas until their retention period ends"),
}


@dataclass(frozen=True)
class LogRow:
    at: dt.datetime
    action: str
    people: int
    deleted: int
    anonymised: int
    redacted: int
    detail: str

    @property
    def label(self) -> str:
        return _(ACTION_LABELS[self.action]) if self.action in ACTION_LABELS else self.action


def _log(session: Session, action: str, result: Counts | None = None, detail: str = "",
         subject_id: uuid.UUID | None = None) -> None:
    """Record what was done, never whom it was done to (only a forgotten person's former row id)."""
    e = current_event(session)
    entry = PrivacyLogEntry(event_id=e.id, at=utcnow(), action=action, detail=detail[:200], subject_id=subject_id)
    if result is not None:
        entry.people, entry.deleted = result.people, result.deleted_rows
        entry.anonymised, entry.redacted = result.anonymised_rows, result.redacted_mentions
    session.add(entry)
    session.flush()


def privacy_log(session: Session) -> list[LogRow]:
    """What was done with personal data in this event, newest first (no names, no codes)."""
    e = current_event(session)
    rows = session.scalars(
        select(PrivacyLogEntry).where(PrivacyLogEntry.event_id == e.id, ~PrivacyLogEntry.action.startswith("_", autoescape=True))
        .order_by(PrivacyLogEntry.at.desc())
    )
    return [LogRow(r.at, r.action, r.people, r.deleted, r.anonymised, r.redacted, r.detail) for r in rows]


def forgotten_ids(session: Session) -> set[uuid.UUID]:
    """Former row ids of the people forgotten or purged in this event: a table-package merge must never
    bring such a person (or a row pointing at them) back."""
    return suppression.suppressed_ids(session)
