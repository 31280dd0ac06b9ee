"""Consent for sensitive dimensions: the overview, one person's consents, recording and withdrawing."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, Consent, DialogueTable, Dimension, Person, PersonValue, utcnow
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy.consent_hooks import ensure_text

# --- consent --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentCount:
    dimension_id: uuid.UUID
    key: str
    name: str
    active: int
    withdrawn: int
    values: int
    prefer_not: int
    without_consent: int


def sensitive_dimensions(session: Session) -> list[Dimension]:
    e = current_event(session)
    return list(session.scalars(
        select(Dimension).where(Dimension.event_id == e.id, Dimension.sensitive).order_by(Dimension.position)
    ))


def _active_pairs(session: Session) -> set[tuple[uuid.UUID, uuid.UUID | None]]:
    rows = session.execute(select(Consent.person_id, Consent.dimension_id).where(Consent.withdrawn_at.is_(None)))
    return {(p, d) for p, d in rows}


def consent_overview(session: Session) -> list[ConsentCount]:
    """Per sensitive dimension: people with active consent, people who withdrew (and did not
    consent again), values held, "prefer not to say", and values held without consent (must be 0)."""
    active = _active_pairs(session)
    rows = session.execute(select(Consent.person_id, Consent.dimension_id).where(Consent.withdrawn_at.is_not(None)))
    withdrawn = {(p, d) for p, d in rows} - active
    out = []
    for d in sensitive_dimensions(session):
        vals = session.execute(
            select(PersonValue.person_id, PersonValue.category_id).where(PersonValue.dimension_id == d.id)
        ).all()
        out.append(ConsentCount(
            d.id, d.key, d.name,
            active=sum(1 for p, dim in active if dim == d.id),
            withdrawn=sum(1 for p, dim in withdrawn if dim == d.id),
            values=sum(1 for v in vals if v.category_id is not None),
            prefer_not=sum(1 for v in vals if v.category_id is None),
            without_consent=sum(1 for v in vals if (v.person_id, d.id) not in active),
        ))
    return out


def consent_violations(session: Session) -> list[tuple[uuid.UUID, str]]:
    """(person, dimension key) pairs holding a sensitive value without active consent (should be none)."""
    active = _active_pairs(session)
    out = []
    for d in sensitive_dimensions(session):
        for pid in session.scalars(select(PersonValue.person_id).where(PersonValue.dimension_id == d.id)):
            if (pid, d.id) not in active:
                out.append((pid, d.key))
    return out


@dataclass(frozen=True)
class PersonConsent:
    dimension_id: uuid.UUID
    name: str
    active: bool
    given_at: dt.datetime | None
    version: str
    recorded_by: str
    withdrawn_at: dt.datetime | None
    has_value: bool


def person_consents(session: Session, person_id: uuid.UUID) -> list[PersonConsent]:
    """The consent state of one person for every sensitive dimension (latest record)."""
    if session.get(Person, person_id) is None:
        raise NotFound(_("That person no longer exists."))
    valued = set(session.scalars(select(PersonValue.dimension_id).where(PersonValue.person_id == person_id)))
    out = []
    for d in sensitive_dimensions(session):
        last = session.scalars(
            select(Consent).where(Consent.person_id == person_id, Consent.dimension_id == d.id)
            .order_by(Consent.given_at.desc(), Consent.created_at.desc()).limit(1)
        ).first()
        out.append(PersonConsent(
            d.id, d.name, active=last is not None and last.withdrawn_at is None,
            given_at=last.given_at if last else None, version=last.text_version if last else "",
            recorded_by=last.recorded_by if last else "", withdrawn_at=last.withdrawn_at if last else None,
            has_value=d.id in valued,
        ))
    return out


def record_consent(session: Session, person_id: uuid.UUID, dimension_id: uuid.UUID, *, recorded_by: str = "",
                   source: str = "app", lang: str | None = None) -> PersonConsent:
    """Record explicit consent of one person for one sensitive dimension, with the current
    consent text and version (in ``lang``, default the event's language)."""
    p = session.get(Person, person_id)
    d = session.get(Dimension, dimension_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    if d is None or not d.sensitive:
        raise UserInputError(_("Consent is recorded only for sensitive dimensions."))
    if any(c.dimension_id == dimension_id and c.withdrawn_at is None for c in p.consents):
        return next(c for c in person_consents(session, person_id) if c.dimension_id == dimension_id)
    lang = i18n.normalise_language(lang or current_event(session).language)
    t = ensure_text(session, d, lang)
    session.add(Consent(person_id=person_id, dimension_id=dimension_id, purpose="dimension", text=t.text,
                        text_version=t.version, given_at=utcnow(), recorded_by=recorded_by.strip(), source=source))
    session.flush()
    session.expire(p)
    return next(c for c in person_consents(session, person_id) if c.dimension_id == dimension_id)


@dataclass(frozen=True)
class TableImpact:
    number: int
    round: int
    people: int


def withdraw(session: Session, person_id: uuid.UUID, dimension_id: uuid.UUID) -> tuple[TableImpact, ...]:
    """Withdraw one consent: the value is deleted at once. Returns the tables to rebalance."""
    from dialogue_app.services.people import withdraw_consent

    withdraw_consent(session, person_id, dimension_id)
    session.flush()
    return tables_to_rebalance(session)


def tables_to_rebalance(session: Session) -> tuple[TableImpact, ...]:
    """Tables whose plan was made with background values that have since been removed:
    a person seated there withdrew a consent after their seat was assigned (and has not
    consented again). Re-planning those seats clears the entry."""
    active = _active_pairs(session)
    rows = session.execute(
        select(DialogueTable.number, Assignment.round, Assignment.person_id, Consent.dimension_id)
        .join(Assignment, Assignment.table_id == DialogueTable.id)
        .join(Consent, Consent.person_id == Assignment.person_id)
        .where(Consent.withdrawn_at.is_not(None), Consent.withdrawn_at >= Assignment.updated_at)
    ).all()
    people: dict[tuple[int, int], set] = {}
    for number, rnd, pid, dim in rows:
        if (pid, dim) not in active:
            people.setdefault((number, rnd), set()).add(pid)
    return tuple(TableImpact(n, r, len(ps)) for (n, r), ps in sorted(people.items()))
