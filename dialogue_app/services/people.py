"""People: listing for the People view, editing with consent rules, delete/restore."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import String, Table, delete, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TypeCoerce

from dialogue_app import vocab
from dialogue_app.codes import new_code, normalise_code
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import (
    Assignment,
    Category,
    Consent,
    DialogueTable,
    Dimension,
    Person,
    PersonRole,
    PersonValue,
    utcnow,
)
from dialogue_app.services import person_conflicts, rowsnap, versions
from dialogue_app.services.events import current_event
from dialogue_app.wording import Attendance, Role


@dataclass(frozen=True)
class PersonRow:
    """One line of the People view."""

    id: uuid.UUID
    code: str
    first_name: str
    last_name: str
    email: str
    phone: str
    roles: tuple[str, ...]
    languages: str
    wheelchair: bool
    needs: str
    attendance: str
    table: int | None
    #: dimension key -> category label ("Prefer not to say" included); missing = no value
    values: dict[str, str] = field(default_factory=dict)
    #: with more than one round: the table in rounds 2, 3, … (None: no seat in that round)
    later_tables: tuple[int | None, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class PersonData:
    """Everything the person editor edits. ``values`` maps dimension id -> category id
    (None = "prefer not to say"); ``consents`` holds the dimension ids with active consent."""

    id: uuid.UUID
    code: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    roles: frozenset[str] = frozenset({Role.PARTICIPANT.value})
    languages: str = ""
    wheelchair: bool = False
    needs: str = ""
    attendance: str = Attendance.REGISTERED.value
    notes: str = ""
    invited_by: uuid.UUID | None = None
    values: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)
    consents: frozenset[uuid.UUID] = frozenset()
    #: the row's version this data was read at (0: not known, e.g. a new person): a save finding
    #: another version is refused (services/versions.py), never written over another user's change
    row_version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class PersonSnapshot:
    """A deleted person with everything hanging off them, for undo."""

    data: PersonData
    rows: rowsnap.RowSnapshot


def new_person() -> PersonData:
    return PersonData(id=uuid.uuid4())


def has_people(session: Session) -> bool:
    return session.scalars(select(Person.id).limit(1)).first() is not None


def list_people(session: Session) -> list[PersonRow]:
    """All people of the event, sorted by name, with their dimension labels (fast: 4 queries).

    Person ids are read as their stored text and turned into UUIDs once per person
    (not once per value row): that halves the time for a 5,000-person event."""
    e = current_event(session)
    roles: dict[object, list[str]] = {}
    for pid, role in session.execute(
        select(_raw(PersonRole.person_id), PersonRole.role).join(Person).where(Person.event_id == e.id)
    ):
        roles.setdefault(pid, []).append(role)
    values: dict[object, dict[str, str]] = {}
    pnts = _(vocab.PREFER_NOT_TO_SAY)
    for pid, key, label in session.execute(
        select(_raw(PersonValue.person_id), Dimension.key, Category.label)
        .join(Dimension, Dimension.id == PersonValue.dimension_id)
        .outerjoin(Category, Category.id == PersonValue.category_id)
        .where(Dimension.event_id == e.id)
    ):
        values.setdefault(pid, {})[key] = label if label is not None else pnts
    rounds = max(1, e.rounds)
    seat: dict[tuple[object, int], int] = {
        (pid, rnd): number for pid, rnd, number in session.execute(
            select(_raw(Assignment.person_id), Assignment.round, DialogueTable.number)
            .join(DialogueTable, DialogueTable.id == Assignment.table_id)
            .where(DialogueTable.event_id == e.id, Assignment.round.between(1, rounds))
        )
    }
    order = {r.value: i for i, r in enumerate(Role)}
    rows = []
    for p in session.execute(
        select(
            _raw(Person.id).label("raw_id"), Person.code, Person.first_name, Person.last_name, Person.email,
            Person.phone, Person.languages, Person.wheelchair, Person.needs, Person.attendance,
        )
        .where(Person.event_id == e.id)
        .order_by(Person.last_name, Person.first_name, Person.code)  # the same order in every copy
    ):
        raw = p.raw_id
        rows.append(
            PersonRow(
                id=raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw), code=p.code, first_name=p.first_name,
                last_name=p.last_name, email=p.email, phone=p.phone,
                roles=tuple(sorted(roles.get(raw, ()), key=lambda r: order.get(r, 99))),
                languages=p.languages, wheelchair=p.wheelchair, needs=p.needs, attendance=p.attendance,
                table=seat.get((raw, 1)), values=values.get(raw, {}),
                later_tables=tuple(seat.get((raw, r)) for r in range(2, rounds + 1)),
            )
        )
    return rows


def _raw(column: Any) -> TypeCoerce[str]:
    """A UUID column read as stored (no per-row UUID conversion); only for matching ids."""
    return type_coerce(column, String)


def _active_consents(p: Person) -> set[uuid.UUID]:
    return {c.dimension_id for c in p.consents if c.withdrawn_at is None and c.dimension_id is not None}


def get_person(session: Session, person_id: uuid.UUID) -> PersonData:
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    return _data(p)


def _data(p: Person) -> PersonData:
    return PersonData(
        id=p.id, code=p.code, first_name=p.first_name, last_name=p.last_name, email=p.email, phone=p.phone,
        roles=frozenset(p.role_names), languages=p.languages, wheelchair=p.wheelchair, needs=p.needs,
        attendance=p.attendance, notes=p.notes, invited_by=p.invited_by_id,
        values={v.dimension_id: v.category_id for v in p.values},
        consents=frozenset(_active_consents(p)), row_version=p.row_version,
    )


def find_by_code(session: Session, code: str) -> PersonData:
    e = current_event(session)
    p = session.scalars(
        select(Person).where(Person.event_id == e.id, Person.code == normalise_code(code))
    ).first()
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    return _data(p)


def clean_languages(text: str) -> str:
    parts = [p.strip().lower() for p in text.replace(";", ",").replace("/", ",").split(",")]
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    return ",".join(seen)


def save_person(session: Session, data: PersonData, *, recorded_by: str = "", undo: bool = False) -> PersonData | None:
    """Create or update a person. Returns the previous state (None when new), for undo; it carries
    the version this save produced, so the undo is refused when someone changed the person since.

    ``data.row_version`` is the version the edit was based on: another one now (someone else saved
    the person meanwhile) refuses the save with ``versions.StaleEdit`` (``undo``: an undo's wording).

    Rules: a name is required; roles and attendance are known values; a sensitive
    dimension holds a value only while the person's consent for it is active:
    withdrawing consent deletes the value at once.
    """
    e = current_event(session)
    dims = {d.id: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    _check_person(data, dims)
    # a new person is not looked up whole: a door volunteer adding a walk-in may not read every column
    known = session.scalar(select(Person.id).where(Person.id == data.id)) is not None
    p = session.get(Person, data.id) if known else None
    before = _data(p) if p is not None else None
    if p is not None and before is not None:
        now = before
        versions.check(p, data.row_version, label=_name(now), undo=undo,
                       differences=lambda: person_conflicts.differences(session, now, data))
    code = normalise_code(data.code)
    if code and (p is None or code != p.code):
        clash = session.scalars(
            select(Person.id).where(Person.event_id == e.id, Person.code == code, Person.id != data.id)
        ).first()
        if clash is not None:
            raise UserInputError(_("The code “{code}” belongs to someone else.").format(code=code))
    if p is None:
        if not code:
            taken = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
            code = new_code(taken)
        p = Person(id=data.id, event_id=e.id, code=code)
        session.add(p)
    elif code:
        p.code = code
    p.first_name, p.last_name = data.first_name.strip(), data.last_name.strip()
    p.email, p.phone = data.email.strip(), data.phone.strip()
    p.languages = clean_languages(data.languages)
    p.wheelchair, p.needs, p.attendance, p.notes = data.wheelchair, data.needs, data.attendance, data.notes
    p.invited_by_id = data.invited_by
    if p.attendance == Attendance.PRESENT and p.checked_in_at is None:
        p.checked_in_at = utcnow()
    existing_roles = {r.role: r for r in p.roles}
    p.roles = [existing_roles.get(r) or PersonRole(role=r) for r in sorted(data.roles)]
    # consent before values
    _save_consents(p, data, dims, recorded_by)
    existing_values = {v.dimension_id: v for v in p.values}
    new_values = []
    for dim_id, cat_id in data.values.items():
        v = existing_values.get(dim_id) or PersonValue(dimension_id=dim_id)
        v.category_id = cat_id
        new_values.append(v)
    p.values = new_values
    p.updated_at = utcnow()  # a change of roles, values or consents only is a change of the person too
    version = versions.version_of(session, p)
    return replace(before, row_version=version) if before is not None else None


def _name(data: PersonData) -> str:
    return f"{data.first_name} {data.last_name}".strip() or data.code


def person_version(session: Session, person_id: uuid.UUID) -> int:
    """The person's version now (0: no such person), e.g. what an undo of adding them must find."""
    return session.scalar(select(Person.row_version).where(Person.id == person_id)) or 0


def _check_person(data: PersonData, dims: dict[uuid.UUID, Dimension]) -> None:
    """A name, known roles and attendance, values of categories that exist (sensitive ones with consent)."""
    if not (data.first_name.strip() or data.last_name.strip()):
        raise UserInputError(_("A person needs a first or last name."))
    if not data.roles or set(data.roles) - {r.value for r in Role}:
        raise UserInputError(_("Choose at least one role."))
    if data.attendance not in {a.value for a in Attendance}:
        raise UserInputError(_("Unknown attendance status “{status}”.").format(status=data.attendance))
    for dim_id, cat_id in data.values.items():
        d = dims.get(dim_id)
        if d is None:
            raise UserInputError(_("That dimension no longer exists."))
        if cat_id is not None and cat_id not in {c.id for c in d.categories}:
            raise UserInputError(_("That category of “{name}” no longer exists.").format(name=d.name))
        if d.sensitive and dim_id not in data.consents:
            raise UserInputError(
                _("“{name}” is sensitive: record the person's consent before storing a value.").format(
                    name=d.name
                )
            )


def _save_consents(p: Person, data: PersonData, dims: dict[uuid.UUID, Dimension], recorded_by: str) -> None:
    """New consents are recorded, the ones no longer given are withdrawn (now)."""
    now = utcnow()
    active = {c.dimension_id: c for c in p.consents if c.withdrawn_at is None and c.dimension_id}
    for dim_id in data.consents - set(active):
        if dim_id in dims:
            p.consents.append(
                Consent(dimension_id=dim_id, purpose="dimension", given_at=now, recorded_by=recorded_by, source="app")
            )
    for dim_id, c in active.items():
        if dim_id not in data.consents:
            c.withdrawn_at = now


def withdraw_consent(session: Session, person_id: uuid.UUID, dimension_id: uuid.UUID) -> None:
    """Withdraw one consent: the value on that dimension is deleted at once."""
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    now = utcnow()
    for c in p.consents:
        if c.dimension_id == dimension_id and c.withdrawn_at is None:
            c.withdrawn_at = now
    session.execute(
        delete(PersonValue).where(PersonValue.person_id == person_id, PersonValue.dimension_id == dimension_id)
    )
    session.expire(p)


def delete_person(session: Session, person_id: uuid.UUID, *, seen: int = 0) -> PersonSnapshot:
    """Delete a person and what belongs to them; returns a snapshot that restores it all,
    including the links other records had to them (survey responses, commitments, guests).
    ``seen``: the version the deletion is based on (an undo of adding them: the one the add
    produced); another one now refuses it (``versions.StaleEdit``)."""
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    versions.check(p, seen, label=_name(_data(p)), undo=True, differences=tuple)
    snap = PersonSnapshot(data=_data(p), rows=rowsnap.snapshot(session, cast(Table, Person.__table__), Person.id == p.id))
    session.delete(p)
    session.flush()
    return snap


def restore_person(session: Session, snap: PersonSnapshot) -> None:
    """Undo ``delete_person``. When something the person's records point at has gone
    since (a table, a dimension), nothing is restored and the user is told why."""
    rowsnap.restore_or_refuse(session, snap.rows, _(
        "This deletion can no longer be undone: something the person's records depended on "
        "has been changed or removed since."))
