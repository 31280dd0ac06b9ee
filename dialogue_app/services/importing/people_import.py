"""Validating a registration list against the event, then writing it.

:func:`validate` reads nothing but the event (a handful of queries, loaded
into plain :class:`~dialogue_app.importing.context.EventFacts`) and has
:func:`dialogue_app.importing.validation.validate_table` check the rows (the rules
are there); it writes nothing. :func:`apply` writes a validated preview in the
caller's unit of work with bulk inserts, all-or-nothing unless ``valid_only``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing.context import EventFacts, dimension_index, emails_by_skeleton, people_index
from dialogue_app.importing.model import ImportChanges, ImportPreview, ImportResult, ParsedPerson, RawTable
from dialogue_app.importing.report import format_issue
from dialogue_app.importing.validation import Progress, ShouldStop, check_stop, validate_table
from dialogue_app.models import Consent, Dimension, Person, PersonValue, utcnow
from dialogue_app.services.events import current_event
from dialogue_app.services.importing.writes import (
    Categories,
    Changes,
    ExistingRows,
    NewPeople,
    update_existing,
)


def load_facts(session: Session) -> EventFacts:
    """What the event knows that an import is checked against: dimensions with every
    spelling of their categories, people by code and identity, e-mails, consents."""
    e = current_event(session)
    dims = {}
    for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id).order_by(Dimension.position)):
        dims[d.key] = dimension_index(d.key, d.name, d.sensitive, d.open, [(c.label, c.key) for c in d.categories])
    by_code, by_key = people_index(session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.email, Person.phone,
               Person.identity_key).where(Person.event_id == e.id)
    ))
    lookalikes = emails_by_skeleton(session.execute(
        select(Person.first_name, Person.last_name, Person.email).where(Person.event_id == e.id,
                                                                        Person.email != "")
    ))
    return EventFacts(date=e.date, language=e.language, dims=dims, by_code=by_code, by_key=by_key,
                      lookalikes=lookalikes, consented=consented(session, e.id))


def consented(session: Session, event_id: uuid.UUID) -> dict[uuid.UUID, set[str]]:
    """person id -> keys of dimensions with an active consent."""
    out: dict[uuid.UUID, set[str]] = {}
    for pid, key in session.execute(
        select(Consent.person_id, Dimension.key)
        .join(Dimension, Dimension.id == Consent.dimension_id)
        .where(Dimension.event_id == event_id, Consent.withdrawn_at.is_(None))
    ):
        out.setdefault(pid, set()).add(key)
    return out


def validate(session: Session, table: RawTable, mapping: dict[int, str | None],
             progress: Progress = None, should_stop: ShouldStop = None,
             consent_scope: dict[int, frozenset[str] | set[str]] | None = None) -> ImportPreview:
    """Check and normalise every row against the event; writes nothing.

    ``consent_scope``: consent column -> the sensitive dimension keys it covers (the
    user's answer in the wizard); by default :func:`mapping.consent_scope`. A consent
    is never recorded for a dimension the file has no column for."""
    return validate_table(load_facts(session), table, mapping, progress=progress, should_stop=should_stop,
                          consent_scope=consent_scope)


def _refuse_errors(preview: ImportPreview, valid_only: bool) -> None:
    errors = preview.errors
    if errors and not valid_only:
        raise ImportRejected(
            ngettext("The file has {n} error; nothing was imported.",
                     "The file has {n} errors; nothing was imported.", len(errors)).format(n=len(errors)),
            details=[format_issue(i) for i in errors],
        )


def _check_dimensions(people: list[ParsedPerson], dims: dict[str, Dimension]) -> None:
    for p in people:
        for dk in p.values:
            if dk not in dims:
                raise ImportRejected(_("The event has no dimension “{key}”; check the file again.").format(key=dk))


def _changed_columns(existing: ExistingRows, original: dict[uuid.UUID, dict], changed: set[uuid.UUID],
                     changes: Changes, now: dt.datetime) -> list[tuple[str, uuid.UUID, str, object, object]]:
    """(table, id, column, before, after) of every column the import changed in rows already there."""
    pt, vt = Person.__tablename__, PersonValue.__tablename__
    columns: list[tuple[str, uuid.UUID, str, object, object]] = [
        (pt, pid, c, original[pid][c], v) for pid in sorted(changed)
        for c, v in existing.rows[pid].items() if c != "id" and v != original[pid][c]]
    for vid, cid in changes.value_updates.items():
        cat, stamp = existing.value_before[vid]
        columns += [(vt, vid, "category_id", cat, cid), (vt, vid, "updated_at", stamp, now)]
    return columns


def apply(session: Session, preview: ImportPreview, *, valid_only: bool = False,
          progress: Progress = None, should_stop: ShouldStop = None,
          recorded_by: str = "") -> ImportResult:
    """Write a validated preview into the event (the caller's unit of work).

    Raises :class:`ImportRejected` and writes nothing when the preview has
    errors, unless ``valid_only`` (then the rows without errors are written).
    """
    _refuse_errors(preview, valid_only)
    check_stop(should_stop)
    e = current_event(session)
    dims = {d.key: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    now = utcnow()
    source = Path(preview.table.source).name if preview.table.source else ""
    recorded_by = (recorded_by or (_("import of {file}").format(file=source) if source else _("import")))[:200]
    categories = Categories(session, dims, now)
    to_write = [p for p in preview.people if not p.has_error]
    skipped = len(preview.people) - len(to_write)
    _check_dimensions(to_write, dims)

    existing = ExistingRows.load(session, {p.existing_id for p in to_write if p.existing_id is not None})
    original = {pid: dict(row) for pid, row in existing.rows.items()}
    active_consents = consented(session, e.id) if existing.rows else {}
    taken = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    code_owner = dict(session.execute(select(Person.code, Person.id).where(Person.event_id == e.id)).all())
    changes = Changes()
    new = NewPeople(e.id, dims, categories.id, now)
    row_person: dict[int, uuid.UUID] = {}
    touched_existing: set[uuid.UUID] = set()
    changed_existing: set[uuid.UUID] = set()
    sensitive = {k for k, d in dims.items() if d.sensitive}

    for n, p in enumerate(to_write):
        if n % 250 == 0:
            check_stop(should_stop)
            if progress is not None:
                progress(0.9 * n / max(1, len(to_write)))
        target = row_person.get(p.same_as_row) if p.same_as_row else None
        if target is None and p.existing_id is not None and p.existing_id in existing.rows:
            target = p.existing_id
        if target is not None and target in existing.rows:
            touched_existing.add(target)
            if update_existing(existing.rows[target], existing.roles.setdefault(target, set()),
                               existing.values.setdefault(target, {}), p, dims, categories.id,
                               active_consents.setdefault(target, set()), sensitive, code_owner, changes):
                changed_existing.add(target)
            if p.code:
                taken.add(p.code)
            row_person[p.row] = target
        elif target is not None and target in new.people:
            new.merge(target, p)
            row_person[p.row] = target
        else:
            row_person[p.row] = new.add(p, taken, code_owner)

    check_stop(should_stop)
    consents_recorded = changes.write(session, existing.rows, changed_existing, now, recorded_by)
    consents_recorded += new.write(session, recorded_by)
    session.flush()
    if progress is not None:
        progress(1.0)
    columns = _changed_columns(existing, original, changed_existing, changes, now)
    undo = ImportChanges(created_people=tuple(new.people), created_categories=tuple(categories.created_ids),
                         columns=tuple(columns), added_rows=tuple(changes.added))
    return ImportResult(
        created=len(new.people), updated=len(changed_existing), skipped_rows=skipped,
        new_categories=categories.created, consents_recorded=consents_recorded,
        unchanged=len(touched_existing - changed_existing), changes=undo,
    )
