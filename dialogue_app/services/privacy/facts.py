"""What the privacy page states: who can see the data, what is stored, how to answer, and the facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from dialogue_app import storage
from dialogue_app.i18n import N_
from dialogue_app.services.privacy.consent import ConsentCount, consent_overview, consent_violations
from dialogue_app.services.privacy.forgetting import app_backups
from dialogue_app.services.privacy.retention import RetentionStatus, retention_status

WHO_CAN_SEE = N_(
    "Anyone who can open this event file on this computer: the organisers who keep it. The app sends "
    "nothing anywhere; it makes no network connection. Table packages for facilitators' laptops carry only "
    "what their tables need: never background values or consent records, contact details only if you choose."
)
WHAT_IS_STORED = N_(
    "Names, participant codes, e-mail addresses and phone numbers, languages, access needs, roles, "
    "attendance and check-in, background values for table mixing (sensitive ones such as origin and "
    "religion only with the person's explicit consent), consent records, seating, pair rules, "
    "facilitators' notes, commitments and survey answers."
)
HOW_TO_ANSWER = N_(
    "When someone asks what the app holds about them, find them below and choose “Export everything about "
    "this person…”: it writes a readable file with every record about them, their consent history and "
    "quotes of notes that mention them. Check that file and hand it over within a month. When someone "
    "asks to be erased, choose “Forget this person…”: their data is removed from the event file and the "
    "app's backups at once. Delete any copies or exports you made yourself."
)


# --- facts for the privacy page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyFacts:
    path: Path | None  # None: an event on a server (its administrator keeps the server's backups)
    backups: tuple[Path, ...]
    retention: RetentionStatus
    consent: tuple[ConsentCount, ...]
    violations: int


def privacy_facts(store: storage.EventStore, session: Session, today: dt.date | None = None) -> PrivacyFacts:
    if store.is_server:
        return PrivacyFacts(None, (), retention_status(session, today), tuple(consent_overview(session)),
                            len(consent_violations(session)))
    return PrivacyFacts(store.path, tuple(app_backups(store.path)), retention_status(session, today),
                        tuple(consent_overview(session)), len(consent_violations(session)))
