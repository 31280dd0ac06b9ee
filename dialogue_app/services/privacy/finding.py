"""Finding a person for the privacy page and the command line (by name, code, e-mail or phone)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Person
from dialogue_app.services.events import current_event

# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHit:
    id: uuid.UUID
    code: str
    name: str


def find_people(session: Session, query: str = "", limit: int = 200) -> list[PersonHit]:
    """People whose name, code, e-mail or phone contains ``query`` (all when empty)."""
    e = current_event(session)
    stmt = select(Person.id, Person.code, Person.first_name, Person.last_name).where(Person.event_id == e.id)
    q = query.strip()
    if q:
        like = f"%{q}%"
        full = Person.first_name + " " + Person.last_name
        stmt = stmt.where(
            Person.code.ilike(like) | full.ilike(like) | Person.email.ilike(like) | Person.phone.ilike(like)
            | Person.last_name.ilike(like)
        )
    rows = session.execute(stmt.order_by(Person.last_name, Person.first_name).limit(limit)).all()
    return [PersonHit(r.id, r.code, f"{r.first_name} {r.last_name}".strip()) for r in rows]


def person_by_code(session: Session, code: str) -> PersonHit:
    e = current_event(session)
    r = session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name).where(
            Person.event_id == e.id, Person.code == normalise_code(code)
        )
    ).first()
    if r is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    return PersonHit(r.id, r.code, f"{r.first_name} {r.last_name}".strip())
