"""Subject access: everything the app holds about one person, as readable JSON."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import __version__, outputs, storage
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Dimension, Person, utcnow
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy import access
from dialogue_app.services.privacy.finding import person_by_code

# --- subject access ---------------------------------------------------------------------------------------


def subject_access(session: Session, person_id: uuid.UUID) -> dict:
    """Everything the app holds about one person, readable (JSON-ready)."""
    e = current_event(session)
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    data = access.collect(session, person_id, another_person=_("another person"))
    dims = {d.id: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    values = []
    for v in p.values:
        d = dims.get(v.dimension_id)
        if d is None:
            continue
        label = next((c.label for c in d.categories if c.id == v.category_id), None)
        values.append({"dimension": d.name, "value": label if label is not None else _("Prefer not to say"),
                       "sensitive": d.sensitive})
    consents = [
        {"dimension": dims[c.dimension_id].name if c.dimension_id in dims else c.purpose, "purpose": c.purpose,
         "text_version": c.text_version, "text": c.text, "given_at": c.given_at.isoformat() if c.given_at else None,
         "recorded_by": c.recorded_by, "source": c.source,
         "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
        for c in sorted(p.consents, key=lambda c: (c.given_at or utcnow(), c.created_at or utcnow()))
    ]
    return {
        "about": _("Everything this event file holds about one person (subject access)."),
        "generated_at": utcnow().replace(microsecond=0).isoformat() + "Z",
        "app_version": __version__,
        "event": {"title": e.title, "date": e.date.isoformat() if e.date else None,
                  "retention_date": e.retention_date.isoformat() if e.retention_date else None},
        "person": data["person"],
        "roles": sorted(p.role_names),
        "background_values": values,
        "consent_history": consents,
        "records": data["records"],
        "mentions": data["mentions"],
        "retention": _("Kept until {date}; then anonymised.").format(
            date=e.retention_date.isoformat()) if e.retention_date else _("No retention date is set."),
    }


def write_subject_access(store: storage.EventStore, code: str, out: Path) -> Path:
    """Write the subject-access JSON for the person with ``code``."""
    with store.session() as s:
        hit = person_by_code(s, code)
        data = subject_access(s, hit.id)
    out = Path(out)
    with outputs.atomic_output(out) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return out


def write_subject_access_export(store: storage.EventStore, out: Path, options, progress, should_stop) -> int:
    """The export-writer form of :func:`write_subject_access` (``options.extra["code"]`` names the person)."""
    code = (options.extra or {}).get("code", "")
    if not code:
        raise UserInputError(_("A subject-access export needs the person's code."))
    write_subject_access(store, code, out)
    return 1
