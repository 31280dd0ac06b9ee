"""Subject access: everything the app holds about one person, as plain data.

Built from the same plan as erasure (:func:`dialogue_app.services.privacy.policy.plan`):
the person's row, every row of every table that points at them, and quotes of
free text elsewhere that mentions them. References to other rows are shown
readably (a table number, a category label); other people are never revealed
(their references read "another person").
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import MetaData, or_, select
from sqlalchemy.orm import Session

from dialogue_app.services.privacy import policy as pol
from dialogue_app.services.privacy.erasure import Redactor, _metadata, identifiers

ANOTHER_PERSON = "another person"
#: columns that name a row readably, in order of preference
LABEL_COLUMNS = ("number", "title", "name", "label", "key")


def _plain(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _label_of(session: Session, table, row_id) -> object:
    for name in LABEL_COLUMNS:
        if name in table.c:
            return session.execute(select(table.c[name]).where(table.c.id == row_id)).scalar()
    return None


def _readable(session: Session, md: MetaData, table, row, person_id: uuid.UUID, other: str) -> dict:
    out: dict = {}
    for col in table.columns:
        value = row[col.name]
        fks = list(col.foreign_keys)
        if fks and value is not None:
            target = fks[0].column.table
            if target.name == pol.PERSON_TABLE:
                out[col.name] = "self" if value == person_id else other
                continue
            label = _label_of(session, target, value) if "id" in target.c else None
            out[col.name] = _plain(value)
            if label is not None:
                out[col.name.removesuffix("_id") + "_label"] = _plain(label)
            continue
        out[col.name] = _plain(value)
    return out


def covered(metadata: MetaData, policies=None) -> dict[str, set[str]]:
    """Tables and columns that :func:`collect` reads (for the coverage test)."""
    return {s.table: s.columns for s in pol.plan(metadata, policies)}


def collect(
    session: Session,
    person_id: uuid.UUID,
    metadata: MetaData | None = None,
    policies=None,
    *,
    another_person: str = ANOTHER_PERSON,
) -> dict:
    """``{"person": {...}, "records": {table: [rows]}, "mentions": [...]}`` for one person."""
    md = _metadata(metadata)
    steps = pol.plan(md, policies)
    person = md.tables[pol.PERSON_TABLE]
    row = session.execute(select(person).where(person.c.id == person_id)).mappings().first()
    if row is None:
        return {}
    result: dict = {"person": _readable(session, md, person, row, person_id, another_person), "records": {},
                    "mentions": []}
    redactor = Redactor(identifiers(session, [person_id], md))
    for step in steps:
        table = md.tables[step.table]
        if step.links and step.action != pol.SUBJECT:
            rows = session.execute(
                select(table).where(or_(*[table.c[c] == person_id for c in step.links]))
            ).mappings().all()
            if rows:
                result["records"][step.table] = [
                    _readable(session, md, table, r, person_id, another_person) for r in rows
                ]
        for c in step.free_text:
            result["mentions"].extend(_mentions(session, table, c, redactor, person_id, step))
    return result


def _mentions(session: Session, table, column: str, redactor: Redactor, person_id, step) -> Iterable[dict]:
    col = table.c[column]
    for r in session.execute(select(table).where(col.is_not(None), col != "")).mappings():
        if step.links and any(r[c] == person_id for c in step.links):
            continue  # already in their records
        if step.action == pol.SUBJECT and r["id"] == person_id:
            continue
        if redactor.mentions(r[column]):
            yield {"table": table.name, "column": column, "text": r[column]}
