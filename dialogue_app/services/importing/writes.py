"""The writing half of an import: new categories of open dimensions, the people already in
the event (loaded as plain rows and brought up to date), and the new people; every kind
of row is written in bulk at the end. Used by :func:`dialogue_app.services.importing.apply`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from dialogue_app.codes import new_code
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import values as V
from dialogue_app.importing.model import ParsedPerson
from dialogue_app.models import Category, Consent, Dimension, Person, PersonRole, PersonValue, utcnow
from dialogue_app.wording import Attendance


def _table(model: type) -> Table:
    """A model's table, typed as one (``__table__`` is typed as any FROM clause)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


CategoryId = Callable[[str, str | None], uuid.UUID | None]


class Categories:
    """Category label lookup (folded), creating new categories of open dimensions as they come."""

    def __init__(self, session: Session, dims: dict[str, Dimension], now: dt.datetime) -> None:
        self.session, self.dims, self.now = session, dims, now
        self.ids: dict[str, dict[str, uuid.UUID]] = {}
        self.next_pos: dict[str, int] = {}
        for key, d in dims.items():
            self.ids[key] = {V.key(c.label): c.id for c in d.categories}
            self.next_pos[key] = max((c.position for c in d.categories), default=-1) + 1
        self.created: dict[str, list[str]] = {}
        self.created_ids: list[uuid.UUID] = []

    def id(self, dk: str, label: str | None) -> uuid.UUID | None:
        if label is None:
            return None
        f = V.key(label)
        cid = self.ids[dk].get(f)
        if cid is None:
            d = self.dims[dk]
            if not d.open:
                raise ImportRejected(_("“{value}” is no longer a category of {dimension}; check the file again.")
                                     .format(value=label, dimension=d.name))
            cid = uuid.uuid4()
            self.ids[dk][f] = cid
            # inserted at once: rows of people already in the event may point at it before the end
            self.session.execute(insert(_table(Category)), [dict(
                id=cid, dimension_id=d.id, label=label, position=self.next_pos[dk], key="", created_at=self.now,
                updated_at=self.now)])
            self.next_pos[dk] += 1
            self.created.setdefault(dk, []).append(label)
            self.created_ids.append(cid)
        return cid


@dataclass
class ExistingRows:
    """The people already in the event that the import touches, as plain rows (no ORM objects:
    fast for thousands), with their roles and values."""

    rows: dict[uuid.UUID, dict] = field(default_factory=dict)
    #: value row -> (category, updated_at) before the import
    value_before: dict[uuid.UUID, tuple] = field(default_factory=dict)
    roles: dict[uuid.UUID, set[str]] = field(default_factory=dict)
    values: dict[uuid.UUID, dict[uuid.UUID, list]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, ids: Iterable[uuid.UUID]) -> ExistingRows:
        out = cls()
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for row in session.execute(select(*[_table(Person).c[c] for c in PERSON_COLS], Person.updated_at)
                                       .where(Person.id.in_(chunk))).mappings():
                out.rows[row["id"]] = dict(row)
            for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role)
                                             .where(PersonRole.person_id.in_(chunk))):
                out.roles.setdefault(pid, set()).add(role)
            for vid, pid, did, cid, stamp in session.execute(
                select(PersonValue.id, PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id,
                       PersonValue.updated_at)
                .where(PersonValue.person_id.in_(chunk))
            ):
                out.values.setdefault(pid, {})[did] = [vid, cid]
                out.value_before[vid] = (cid, stamp)
        return out


class NewPeople:
    """The people the import adds, as rows to insert in bulk."""

    def __init__(self, event_id: uuid.UUID, dims: dict[str, Dimension], category_id: CategoryId,
                 now: dt.datetime) -> None:
        self.event_id, self.dims, self.category_id, self.now = event_id, dims, category_id, now
        self.sensitive = {k for k, d in dims.items() if d.sensitive}
        self.people: dict[uuid.UUID, dict] = {}
        self.roles: dict[uuid.UUID, set[str]] = {}
        self.values: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID | None]] = {}
        self.consents: dict[uuid.UUID, set[str]] = {}

    def add(self, p: ParsedPerson, taken: set[str], code_owner: dict) -> uuid.UUID:
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
        now = self.now
        self.people[pid] = dict(
            id=pid, event_id=self.event_id, code=code, first_name=p.first_name, last_name=p.last_name,
            email=p.email, phone=p.phone, languages=p.languages, wheelchair=p.wheelchair, needs=p.needs,
            attendance=p.attendance, checked_in_at=now if p.attendance == Attendance.PRESENT else None,
            walk_in=False, invited_by_id=None, notes=p.notes, identity_key=p.identity_key, anonymised=False,
            created_at=now, updated_at=now,
        )
        self.roles[pid] = set(p.roles)
        self.consents[pid] = set(p.consent_dimensions) & self.sensitive
        self.values[pid] = {}
        for dk, label in p.values.items():
            if self.dims[dk].sensitive and dk not in self.consents[pid]:
                continue
            self.values[pid][self.dims[dk].id] = self.category_id(dk, label)
        return pid

    def merge(self, pid: uuid.UUID, p: ParsedPerson) -> None:
        merge_new(self.people[pid], self.roles[pid], self.values[pid], self.consents[pid], p, self.dims,
                  self.category_id, self.sensitive)

    def write(self, session: Session, recorded_by: str) -> int:
        """Insert the new people with their roles, consents and values; returns the consents recorded."""
        if not self.people:
            return 0
        now = self.now
        session.execute(insert(_table(Person)), list(self.people.values()))
        role_rows = [dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now)
                     for pid, roles in self.roles.items() for r in sorted(roles)]
        if role_rows:
            session.execute(insert(_table(PersonRole)), role_rows)
        consent_rows = [
            dict(id=uuid.uuid4(), person_id=pid, dimension_id=self.dims[dk].id, purpose="dimension",
                 text_version="1", text="", given_at=now, recorded_by=recorded_by, source="registration",
                 withdrawn_at=None, created_at=now, updated_at=now)
            for pid, keys in self.consents.items() for dk in sorted(keys)
        ]
        if consent_rows:
            session.execute(insert(_table(Consent)), consent_rows)
        value_rows = [dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid,
                           created_at=now, updated_at=now)
                      for pid, vals in self.values.items() for did, cid in vals.items()]
        if value_rows:
            session.execute(insert(_table(PersonValue)), value_rows)
        return len(consent_rows)


def merge_new(row: dict, roles: set[str], vals: dict, consents: set[str], p: ParsedPerson, dims, category_id,
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


PERSON_COLS = ("id", "code", "first_name", "last_name", "email", "phone", "languages", "wheelchair", "needs",
                "attendance", "notes", "checked_in_at", "identity_key")
_UPDATABLE = PERSON_COLS[1:]


@dataclass
class Changes:
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
        t = _table(Person)
        for pid in changed:
            existing[pid]["updated_at"] = now
        if changed:
            stmt = (update(t).where(t.c.id == bindparam("b_id"))
                    .values(updated_at=now, row_version=t.c.row_version + 1,
                            **{c: bindparam(f"b_{c}") for c in _UPDATABLE}))
            session.execute(stmt, [{"b_id": pid, **{f"b_{c}": existing[pid][c] for c in _UPDATABLE}}
                                   for pid in changed])
        if self.roles:
            session.execute(insert(_table(PersonRole)), self._rows(PersonRole.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now) for pid, r in self.roles]))
        if self.value_updates:
            vt = _table(PersonValue)
            session.execute(
                update(vt).where(vt.c.id == bindparam("b_id")).values(category_id=bindparam("b_cat"), updated_at=now,
                                                            row_version=vt.c.row_version + 1),
                [{"b_id": vid, "b_cat": cid} for vid, cid in self.value_updates.items()])
        if self.value_inserts:
            session.execute(insert(_table(PersonValue)), self._rows(PersonValue.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid, created_at=now,
                     updated_at=now) for (pid, did), cid in self.value_inserts.items()]))
        if self.consents:
            session.execute(insert(_table(Consent)), self._rows(Consent.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, purpose="dimension", text_version="1",
                     text="", given_at=now, recorded_by=recorded_by, source="registration", withdrawn_at=None,
                     created_at=now, updated_at=now) for pid, did in self.consents]))
        return len(self.consents)


def update_existing(person: dict, roles: set[str], values: dict[uuid.UUID, list], p: ParsedPerson, dims,
                     category_id, active: set[str], sensitive: set[str], code_owner: dict,
                     changes: Changes) -> bool:
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
