"""Validating a registration list against the event, then writing it.

:func:`validate` reads nothing but the event (a handful of queries, loaded
into plain :class:`~dialogue_app.importing.context.EventFacts`) and has
:func:`dialogue_app.importing.validation.validate_table` check the rows (the rules
are there); it writes nothing. :func:`apply` writes a validated preview in the
caller's unit of work with bulk inserts, all-or-nothing unless ``valid_only``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from dialogue_app.codes import new_code
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing import values as V
from dialogue_app.importing.context import EventFacts, dimension_index, emails_by_skeleton, people_index
from dialogue_app.importing.model import ImportChanges, ImportPreview, ImportResult, ParsedPerson, RawTable
from dialogue_app.importing.report import format_issue
from dialogue_app.importing.validation import Progress, ShouldStop, check_stop, validate_table
from dialogue_app.models import Category, Consent, Dimension, Person, PersonRole, PersonValue, utcnow
from dialogue_app.services.events import current_event
from dialogue_app.wording import Attendance


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


def apply(session: Session, preview: ImportPreview, *, valid_only: bool = False,
          progress: Progress = None, should_stop: ShouldStop = None,
          recorded_by: str = "") -> ImportResult:
    """Write a validated preview into the event (the caller's unit of work).

    Raises :class:`ImportRejected` and writes nothing when the preview has
    errors, unless ``valid_only`` (then the rows without errors are written).
    """
    errors = preview.errors
    if errors and not valid_only:
        raise ImportRejected(
            ngettext("The file has {n} error; nothing was imported.",
                     "The file has {n} errors; nothing was imported.", len(errors)).format(n=len(errors)),
            details=[format_issue(i) for i in errors],
        )
    check_stop(should_stop)
    e = current_event(session)
    dims = {d.key: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    now = utcnow()
    source = Path(preview.table.source).name if preview.table.source else ""
    recorded_by = recorded_by or (_("import of {file}").format(file=source) if source else _("import"))

    # category label lookup (folded), creating new categories of open dimensions
    cat_ids: dict[str, dict[str, uuid.UUID]] = {}
    next_pos: dict[str, int] = {}
    for key, d in dims.items():
        cat_ids[key] = {V.key(c.label): c.id for c in d.categories}
        next_pos[key] = max((c.position for c in d.categories), default=-1) + 1
    created_cats: dict[str, list[str]] = {}
    created_cat_ids: list[uuid.UUID] = []
    to_write = [p for p in preview.people if not p.has_error]
    skipped = len(preview.people) - len(to_write)

    def category_id(dk: str, label: str | None) -> uuid.UUID | None:
        if label is None:
            return None
        f = V.key(label)
        cid = cat_ids[dk].get(f)
        if cid is None:
            d = dims[dk]
            if not d.open:
                raise ImportRejected(_("“{value}” is no longer a category of {dimension}; check the file again.")
                                     .format(value=label, dimension=d.name))
            cid = uuid.uuid4()
            cat_ids[dk][f] = cid
            # inserted at once: rows of people already in the event may point at it before the end
            session.execute(insert(Category.__table__), [dict(
                id=cid, dimension_id=d.id, label=label, position=next_pos[dk], key="", created_at=now,
                updated_at=now)])
            next_pos[dk] += 1
            created_cats.setdefault(dk, []).append(label)
            created_cat_ids.append(cid)
        return cid

    for p in to_write:
        for dk in p.values:
            if dk not in dims:
                raise ImportRejected(_("The event has no dimension “{key}”; check the file again.").format(key=dk))

    # existing people touched by the import, as plain rows (no ORM objects: fast for thousands)
    ids = list({p.existing_id for p in to_write if p.existing_id is not None})
    existing: dict[uuid.UUID, dict] = {}
    value_before: dict[uuid.UUID, tuple] = {}  # value row -> (category, updated_at) before the import
    ex_roles: dict[uuid.UUID, set[str]] = {}
    ex_values: dict[uuid.UUID, dict[uuid.UUID, list]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in session.execute(select(*[Person.__table__.c[c] for c in _PERSON_COLS], Person.updated_at)
                                   .where(Person.id.in_(chunk))).mappings():
            existing[row["id"]] = dict(row)
        for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role)
                                         .where(PersonRole.person_id.in_(chunk))):
            ex_roles.setdefault(pid, set()).add(role)
        for vid, pid, did, cid, stamp in session.execute(
            select(PersonValue.id, PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id,
                   PersonValue.updated_at)
            .where(PersonValue.person_id.in_(chunk))
        ):
            ex_values.setdefault(pid, {})[did] = [vid, cid]
            value_before[vid] = (cid, stamp)
    original = {pid: dict(row) for pid, row in existing.items()}
    active_consents = consented(session, e.id) if existing else {}
    taken = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    code_owner = dict(session.execute(select(Person.code, Person.id).where(Person.event_id == e.id)).all())
    changes = _Changes()

    new_people: dict[uuid.UUID, dict] = {}
    new_roles: dict[uuid.UUID, set[str]] = {}
    new_values: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID | None]] = {}
    new_consents: dict[uuid.UUID, set[str]] = {}
    row_person: dict[int, uuid.UUID] = {}
    created = 0
    touched_existing: set[uuid.UUID] = set()
    changed_existing: set[uuid.UUID] = set()
    consents_recorded = 0
    sensitive = {k for k, d in dims.items() if d.sensitive}

    for n, p in enumerate(to_write):
        if n % 250 == 0:
            check_stop(should_stop)
            if progress is not None:
                progress(0.9 * n / max(1, len(to_write)))
        target = row_person.get(p.same_as_row) if p.same_as_row else None
        if target is None and p.existing_id is not None and p.existing_id in existing:
            target = p.existing_id
        if target is not None and target in existing:
            touched_existing.add(target)
            if _update_existing(existing[target], ex_roles.setdefault(target, set()),
                                ex_values.setdefault(target, {}), p, dims, category_id,
                                active_consents.setdefault(target, set()), sensitive, code_owner, changes):
                changed_existing.add(target)
            if p.code:
                taken.add(p.code)
            row_person[p.row] = target
            continue
        if target is not None and target in new_people:
            _merge_new(new_people[target], new_roles[target], new_values[target], new_consents[target], p, dims,
                       category_id, sensitive)
            row_person[p.row] = target
            continue
        pid = uuid.uuid4()
        code = p.code
        if code and (code in taken or code in code_owner):
            raise ImportRejected(_("The participant code “{code}” now belongs to someone else; check the file "
                                   "again.").format(code=code))
        if not code:
            code = new_code(taken)
        else:
            taken.add(code)
        code_owner[code] = pid
        new_people[pid] = dict(
            id=pid, event_id=e.id, code=code, first_name=p.first_name, last_name=p.last_name, email=p.email,
            phone=p.phone, languages=p.languages, wheelchair=p.wheelchair, needs=p.needs,
            attendance=p.attendance, checked_in_at=now if p.attendance == Attendance.PRESENT else None, walk_in=False,
            invited_by_id=None, notes=p.notes, identity_key=p.identity_key, anonymised=False,
            created_at=now, updated_at=now,
        )
        new_roles[pid] = set(p.roles)
        new_consents[pid] = set(p.consent_dimensions) & sensitive
        new_values[pid] = {}
        for dk, label in p.values.items():
            if dims[dk].sensitive and dk not in new_consents[pid]:
                continue
            new_values[pid][dims[dk].id] = category_id(dk, label)
        row_person[p.row] = pid
        created += 1

    check_stop(should_stop)
    consents_recorded += changes.write(session, existing, changed_existing, now, recorded_by)
    if new_people:
        session.execute(insert(Person.__table__), list(new_people.values()))
        role_rows = [dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now)
                     for pid, roles in new_roles.items() for r in sorted(roles)]
        if role_rows:
            session.execute(insert(PersonRole.__table__), role_rows)
        consent_rows = [
            dict(id=uuid.uuid4(), person_id=pid, dimension_id=dims[dk].id, purpose="dimension", text_version="1",
                 text="", given_at=now, recorded_by=recorded_by, source="registration", withdrawn_at=None,
                 created_at=now, updated_at=now)
            for pid, keys in new_consents.items() for dk in sorted(keys)
        ]
        if consent_rows:
            session.execute(insert(Consent.__table__), consent_rows)
            consents_recorded += len(consent_rows)
        value_rows = [dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid,
                           created_at=now, updated_at=now)
                      for pid, vals in new_values.items() for did, cid in vals.items()]
        if value_rows:
            session.execute(insert(PersonValue.__table__), value_rows)
    session.flush()
    if progress is not None:
        progress(1.0)
    pt, vt = Person.__tablename__, PersonValue.__tablename__
    columns = [(pt, pid, c, original[pid][c], v) for pid in sorted(changed_existing)
               for c, v in existing[pid].items() if c != "id" and v != original[pid][c]]
    for vid, cid in changes.value_updates.items():
        cat, stamp = value_before[vid]
        columns += [(vt, vid, "category_id", cat, cid), (vt, vid, "updated_at", stamp, now)]
    undo = ImportChanges(created_people=tuple(new_people), created_categories=tuple(created_cat_ids),
                         columns=tuple(columns), added_rows=tuple(changes.added))
    return ImportResult(
        created=created, updated=len(changed_existing), skipped_rows=skipped, new_categories=created_cats,
        consents_recorded=consents_recorded, unchanged=len(touched_existing - changed_existing), changes=undo,
    )


def _merge_new(row: dict, roles: set[str], vals: dict, consents: set[str], p: ParsedPerson, dims, category_id,
               sensitive: set[str]) -> None:
    """A later row of the same (new) person: what it gives overrides, roles add up."""
    for name in ("email", "phone", "languages", "wheelchair", "needs", "attendance", "notes"):
        if name in p.given:
            row[name] = getattr(p, name)
    if "roles" in p.given:
        roles |= set(p.roles)
    consents |= set(p.consent_dimensions) & sensitive
    for dk, label in p.values.items():
        if dims[dk].sensitive and dk not in consents:
            continue
        vals[dims[dk].id] = category_id(dk, label)


_PERSON_COLS = ("id", "code", "first_name", "last_name", "email", "phone", "languages", "wheelchair", "needs",
                "attendance", "notes", "checked_in_at", "identity_key")
_UPDATABLE = _PERSON_COLS[1:]


@dataclass
class _Changes:
    """What an import changes in people already in the event, written in bulk at the end."""

    roles: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    value_inserts: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID | None] = field(default_factory=dict)
    value_updates: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)
    consents: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    #: (table name, id) of every row added to people already in the event
    added: list[tuple[str, uuid.UUID]] = field(default_factory=list)

    def _rows(self, table: str, rows: list[dict]) -> list[dict]:
        self.added.extend((table, r["id"]) for r in rows)
        return rows

    def write(self, session: Session, existing: dict[uuid.UUID, dict], changed: set[uuid.UUID], now,
              recorded_by: str) -> int:
        t = Person.__table__
        for pid in changed:
            existing[pid]["updated_at"] = now
        if changed:
            stmt = (update(t).where(t.c.id == bindparam("b_id"))
                    .values(updated_at=now, **{c: bindparam(f"b_{c}") for c in _UPDATABLE}))
            session.execute(stmt, [{"b_id": pid, **{f"b_{c}": existing[pid][c] for c in _UPDATABLE}}
                                   for pid in changed])
        if self.roles:
            session.execute(insert(PersonRole.__table__), self._rows(PersonRole.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now) for pid, r in self.roles]))
        if self.value_updates:
            vt = PersonValue.__table__
            session.execute(
                update(vt).where(vt.c.id == bindparam("b_id")).values(category_id=bindparam("b_cat"), updated_at=now),
                [{"b_id": vid, "b_cat": cid} for vid, cid in self.value_updates.items()])
        if self.value_inserts:
            session.execute(insert(PersonValue.__table__), self._rows(PersonValue.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid, created_at=now,
                     updated_at=now) for (pid, did), cid in self.value_inserts.items()]))
        if self.consents:
            session.execute(insert(Consent.__table__), self._rows(Consent.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, purpose="dimension", text_version="1",
                     text="", given_at=now, recorded_by=recorded_by, source="registration", withdrawn_at=None,
                     created_at=now, updated_at=now) for pid, did in self.consents]))
        return len(self.consents)


def _update_existing(person: dict, roles: set[str], values: dict[uuid.UUID, list], p: ParsedPerson, dims,
                     category_id, active: set[str], sensitive: set[str], code_owner: dict,
                     changes: _Changes) -> bool:
    """Bring an existing person (a plain row) up to date with what the row gives; True when
    something changed. Roles add up; empty cells change nothing."""
    changed = False
    pid = person["id"]
    for name in ("first_name", "last_name", "email", "phone", "languages", "wheelchair", "needs", "attendance",
                 "notes"):
        if name in p.given and person[name] != getattr(p, name):
            person[name] = getattr(p, name)
            changed = True
    if "attendance" in p.given and person["attendance"] == Attendance.PRESENT and person["checked_in_at"] is None:
        person["checked_in_at"] = utcnow()
    if "code" in p.given and p.code != person["code"]:
        owner = code_owner.get(p.code)
        if owner is not None and owner != pid:
            raise ImportRejected(_("The participant code “{code}” now belongs to someone else; check the file "
                                   "again.").format(code=p.code))
        code_owner.pop(person["code"], None)
        person["code"] = p.code
        code_owner[p.code] = pid
        changed = True
    if "roles" in p.given:
        for r in sorted(set(p.roles) - roles):
            roles.add(r)
            changes.roles.append((pid, r))
            changed = True
    for dk in sorted((set(p.consent_dimensions) & sensitive) - active):
        changes.consents.append((pid, dims[dk].id))
        active.add(dk)
        changed = True
    for dk, label in p.values.items():
        d = dims[dk]
        if d.sensitive and dk not in active:
            continue
        cid = category_id(dk, label)
        current = values.get(d.id)
        if current is None:
            changes.value_inserts[(pid, d.id)] = cid
            values[d.id] = [None, cid]
            changed = True
        elif current[1] != cid:
            current[1] = cid
            if current[0] is None:  # inserted by an earlier row of this import
                changes.value_inserts[(pid, d.id)] = cid
            else:
                changes.value_updates[current[0]] = cid
            changed = True
    if changed and p.identity_key:
        person["identity_key"] = p.identity_key
    return changed
