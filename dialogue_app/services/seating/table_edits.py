"""Tables and venues edited in the app: undoable edits (value objects whose ``apply``
returns the inverse, see ``services/edits.py``), venues with an address, and how many
tables the people who are coming need.

Removing a table or a venue keeps a snapshot (``services/rowsnap.py``) of everything
that hung off it (seats, table sessions, the tables' link to a venue), so Edit ▸ Undo
puts it all back.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field, replace
from typing import cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole, Venue
from dialogue_app.services import edits, rowsnap, tables, versions
from dialogue_app.services.events import current_event

#: attendance values of people who are coming (as the planner counts them)
ATTENDING = ("registered", "present")
#: roles that take a seat at a table
SEATED_ROLES = ("participant", "host", "facilitator")
MAX_ADD = 1000
MAX_CAPACITY = 50
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class TableFields:
    """What the organiser sets for a table (the number is given by the app)."""

    venue_id: uuid.UUID | None = None
    capacity_min: int = 6
    capacity_max: int = 8
    accessible: bool = False
    languages: str = ""
    has_interpreter: bool = False
    is_training: bool = False
    name: str = ""
    #: the table's version when read (0: not known): an edit finding another one is refused
    row_version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class VenueData:
    id: uuid.UUID
    name: str
    address: str = ""
    accessible: bool = True
    #: the venue's version when read (0: new or not known): a save finding another one is refused
    row_version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class VenueInfo:
    id: uuid.UUID
    name: str
    address: str
    accessible: bool
    tables: int  # how many tables stand there
    #: the venue's version when read (the edit dialog bases its save on it)
    row_version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TablesOverview:
    tables: int
    seats_min: int
    seats_max: int


@dataclass(frozen=True)
class TableSuggestion:
    people: int  # attending participants, hosts and facilitators
    size_min: int
    size_max: int
    fewest: int
    most: int
    suggested: int
    existing: int

    @property
    def to_add(self) -> int:
        """How many tables to add to reach the suggestion (at least one)."""
        return max(1, self.suggested - self.existing)

    def text(self) -> str:
        """"68 people at 6–8 per table: 9 to 11 tables; 10 suggested"."""
        if self.people == 0:
            return _("Nobody is registered yet: add people first, or add the tables you know you will have.")
        head = ngettext("{n} person at {lo}–{hi} per table", "{n} people at {lo}–{hi} per table",
                        self.people).format(n=self.people, lo=self.size_min, hi=self.size_max)
        if self.fewest == self.most:
            tail = ngettext("{n} table", "{n} tables", self.suggested).format(n=self.suggested)
        else:
            tail = _("{fewest} to {most} tables; {suggested} suggested").format(
                fewest=self.fewest, most=self.most, suggested=self.suggested)
        return _("{people}: {tables}").format(people=head, tables=tail)


# --- reading ------------------------------------------------------------------------------
def list_venues(session: Session) -> list[VenueInfo]:
    e = current_event(session)
    used = dict(session.execute(
        select(DialogueTable.venue_id, func.count()).where(DialogueTable.event_id == e.id)
        .group_by(DialogueTable.venue_id)).all())
    return [VenueInfo(v.id, v.name, v.address, v.accessible, used.get(v.id, 0), row_version=v.row_version)
            for v in session.scalars(select(Venue).where(Venue.event_id == e.id).order_by(func.lower(Venue.name)))]


def table_fields(session: Session, table_id: uuid.UUID) -> TableFields:
    t = _table(session, table_id)
    return TableFields(venue_id=t.venue_id, capacity_min=t.capacity_min, capacity_max=t.capacity_max,
                       accessible=t.accessible, languages=t.languages, has_interpreter=t.has_interpreter,
                       is_training=t.is_training, name=t.name, row_version=t.row_version)


def overview(session: Session) -> TablesOverview:
    e = current_event(session)
    n, lo, hi = session.execute(
        select(func.count(), func.coalesce(func.sum(DialogueTable.capacity_min), 0),
               func.coalesce(func.sum(DialogueTable.capacity_max), 0)).where(DialogueTable.event_id == e.id)).one()
    return TablesOverview(int(n), int(lo), int(hi))


def people_seated(session: Session, table_ids: list[uuid.UUID]) -> int:
    """How many people have a seat (in any round) at these tables: they lose it when the
    tables are removed."""
    if not table_ids:
        return 0
    return session.scalar(select(func.count(func.distinct(Assignment.person_id)))
                          .where(Assignment.table_id.in_(table_ids))) or 0


def people_sitting(session: Session, table_ids: list[uuid.UUID]) -> int:
    """How many of them are already sitting there (checked in at that table)."""
    if not table_ids:
        return 0
    return session.scalar(select(func.count(func.distinct(Assignment.person_id)))
                          .where(Assignment.table_id.in_(table_ids), Assignment.seated.is_(True))) or 0


def suggest_tables(session: Session) -> TableSuggestion:
    """How many tables the people who are coming need at the event's table size."""
    e = current_event(session)
    coming = select(PersonRole.person_id).where(PersonRole.role.in_(SEATED_ROLES))
    n = session.scalar(select(func.count()).select_from(Person).where(
        Person.event_id == e.id, Person.attendance.in_(ATTENDING), Person.id.in_(coming))) or 0
    existing = session.scalar(select(func.count()).where(DialogueTable.event_id == e.id)) or 0
    lo_size, target, hi_size = e.table_size_min, e.table_size_target, e.table_size_max
    if n == 0:
        return TableSuggestion(0, lo_size, hi_size, 0, 0, 0, existing)
    fewest = math.ceil(n / hi_size)
    most = max(fewest, n // lo_size)
    suggested = min(most, max(fewest, round(n / max(1, target))))
    return TableSuggestion(n, lo_size, hi_size, fewest, most, suggested, existing)


# --- checking -----------------------------------------------------------------------------
def _table(session: Session, table_id: uuid.UUID) -> DialogueTable:
    t = session.get(DialogueTable, table_id)
    if t is None:
        raise NotFound(_("That table no longer exists."))
    return t


def normalise_languages(text: str) -> str:
    """"NL, en" → "nl,en"; anything but two- or three-letter codes is refused."""
    codes = [c.strip().lower() for c in (text or "").replace(";", ",").split(",") if c.strip()]
    bad = [c for c in codes if not _LANG.match(c)]
    if bad:
        raise UserInputError(_("Languages are written as two-letter codes separated by commas, e.g. “nl, fr, en” "
                               "(not understood: {bad}).").format(bad=", ".join(bad)))
    return ",".join(dict.fromkeys(codes))


def check_fields(session: Session, f: TableFields) -> TableFields:
    if not 1 <= f.capacity_min <= f.capacity_max <= MAX_CAPACITY:
        raise UserInputError(
            _("A table's capacity must satisfy 1 ≤ minimum ≤ maximum ≤ 50 (got {lo}–{hi}).").format(
                lo=f.capacity_min, hi=f.capacity_max))
    if f.venue_id is not None and session.get(Venue, f.venue_id) is None:
        raise NotFound(_("That venue no longer exists."))
    return TableFields(f.venue_id, f.capacity_min, f.capacity_max, f.accessible, normalise_languages(f.languages),
                       f.has_interpreter, f.is_training, f.name.strip())


# --- edits ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AddTables:
    """Add ``count`` tables numbered after the highest number, all with ``fields``."""

    count: int
    fields: TableFields
    label: str

    def apply(self, session: Session) -> edits.Edit:
        if not 1 <= self.count <= MAX_ADD:
            raise UserInputError(_("The number of tables to add must be between 1 and 1000."))
        f = check_fields(session, self.fields)
        e = current_event(session)
        start = tables.next_number(session, e.id)  # under the write lock: concurrent adds never collide
        made = [DialogueTable(event_id=e.id, number=start + i, name=f.name, venue_id=f.venue_id,
                              capacity_min=f.capacity_min, capacity_max=f.capacity_max, accessible=f.accessible,
                              languages=f.languages or e.language, has_interpreter=f.has_interpreter,
                              is_training=f.is_training) for i in range(self.count)]
        session.add_all(made)
        session.flush()
        return RemoveTables(tuple(t.id for t in made), self.label)


@dataclass(frozen=True)
class EditTable:
    """Change a table, based on ``fields.row_version`` (another version now: refused, with both
    values); the inverse carries the version this edit produced, so its undo is refused likewise."""

    table_id: uuid.UUID
    fields: TableFields
    label: str
    undo: bool = False

    def apply(self, session: Session) -> edits.Edit:
        before = table_fields(session, self.table_id)
        f = check_fields(session, self.fields)
        t = _table(session, self.table_id)
        versions.check(t, self.fields.row_version, label=_("Table {number}").format(number=t.number), undo=self.undo,
                       differences=lambda: versions.field_differences(before, f, _table_field_names()))
        t.venue_id, t.capacity_min, t.capacity_max = f.venue_id, f.capacity_min, f.capacity_max
        t.accessible, t.languages, t.has_interpreter = f.accessible, f.languages, f.has_interpreter
        t.is_training, t.name = f.is_training, f.name
        done = replace(before, row_version=versions.version_of(session, t))
        return EditTable(self.table_id, done, self.label, undo=True)

    def rebase(self, version: int) -> EditTable:
        """The same edit based on ``version`` (the user chose to keep theirs over another change)."""
        return EditTable(self.table_id, replace(self.fields, row_version=version), self.label, self.undo)


def _table_field_names() -> tuple[tuple[str, str], ...]:
    return (("capacity_min", _("Minimum people per table")), ("capacity_max", _("Maximum people per table")),
            ("accessible", _("&Wheelchair accessible")), ("languages", _("&Languages:")),
            ("has_interpreter", _("An in&terpreter sits at the table")),
            ("is_training", _("T&raining table (two facilitators)")), ("name", _("Na&me (optional):")))


@dataclass(frozen=True)
class RemoveTables:
    """Remove tables with the seats at them (their people lose that seat)."""

    table_ids: tuple[uuid.UUID, ...]
    label: str

    def apply(self, session: Session) -> edits.Edit:
        ids = [i for i in self.table_ids if session.get(DialogueTable, i) is not None]
        if not ids:
            raise NotFound(_("Those tables no longer exist."))
        snap = rowsnap.snapshot(session, cast(Table, DialogueTable.__table__), DialogueTable.id.in_(ids))
        session.execute(delete(DialogueTable).where(DialogueTable.id.in_(ids)))
        session.flush()
        session.expire_all()
        return RestoreTables(snap, tuple(ids), self.label)


@dataclass(frozen=True)
class RestoreTables:
    snapshot: rowsnap.RowSnapshot
    table_ids: tuple[uuid.UUID, ...]
    label: str

    def apply(self, session: Session) -> edits.Edit:
        rowsnap.restore_or_refuse(session, self.snapshot, _(
            "The tables cannot come back: their numbers or venue have been taken or removed since."))
        return RemoveTables(self.table_ids, self.label)


def check_venue(session: Session, v: VenueData) -> VenueData:
    name = v.name.strip()
    if not name:
        raise UserInputError(_("A venue needs a name."))
    e = current_event(session)
    clash = session.scalars(select(Venue).where(Venue.event_id == e.id, func.lower(Venue.name) == name.lower(),
                                                Venue.id != v.id)).first()
    if clash is not None:
        raise UserInputError(_("There is already a venue called “{name}”.").format(name=clash.name))
    return VenueData(v.id, name, v.address.strip(), v.accessible, row_version=v.row_version)


def save_venue(session: Session, venue: VenueData) -> VenueData | None:
    """Add a venue (a new id) or change one; returns the values before (None: it is new)."""
    v = check_venue(session, venue)
    row = session.get(Venue, v.id)
    if row is None:
        session.add(Venue(id=v.id, event_id=current_event(session).id, name=v.name, address=v.address,
                          accessible=v.accessible))
        session.flush()
        return None
    before = VenueData(row.id, row.name, row.address, row.accessible, row_version=row.row_version)
    row.name, row.address, row.accessible = v.name, v.address, v.accessible
    session.flush()
    return before


@dataclass(frozen=True)
class VenueSnapshot:
    """A removed venue and the tables' links to it, for undo."""

    venue_id: uuid.UUID
    rows: rowsnap.RowSnapshot


def remove_venue(session: Session, venue_id: uuid.UUID) -> VenueSnapshot:
    """Remove a venue; its tables stay, without a venue (restoring the snapshot links them again)."""
    if session.get(Venue, venue_id) is None:
        raise NotFound(_("That venue no longer exists."))
    snap = rowsnap.snapshot(session, cast(Table, Venue.__table__), Venue.id == venue_id)
    session.execute(delete(Venue).where(Venue.id == venue_id))
    session.flush()
    session.expire_all()
    return VenueSnapshot(venue_id, snap)


def restore_venue(session: Session, snap: VenueSnapshot) -> None:
    rowsnap.restore_or_refuse(session, snap.rows, _("The venue cannot come back: it has been changed since."))


#: Venues as generic rows (SaveVenue / RemoveVenue are this kind's save and delete).
VENUE_ROWS: edits.RowKind[VenueData, VenueSnapshot] = edits.RowKind(
    save=save_venue, delete=remove_venue, restore=restore_venue,
    data_id=lambda v: v.id, snapshot_id=lambda snap: snap.venue_id, areas=frozenset({edits.Area.TABLES}),
    model=Venue, describe=lambda v: _("Venue {name}").format(name=v.name),
    fields=lambda: (("name", _("&Name:")), ("address", _("&Address:")),
                    ("accessible", _("&Wheelchair accessible (entrance, toilets)"))),
)


class SaveVenue(edits.SaveRow[VenueData, VenueSnapshot]):
    """Undoable: add a venue (a new id) or change one."""

    def __init__(self, venue: VenueData, label: str) -> None:
        super().__init__(VENUE_ROWS, venue, label)


class RemoveVenue(edits.DeleteRow[VenueData, VenueSnapshot]):
    """Undoable: remove a venue; its tables stay, without a venue (undo links them again)."""

    def __init__(self, venue_id: uuid.UUID, label: str) -> None:
        super().__init__(VENUE_ROWS, venue_id, label)


def add_tables_edit(count: int, fields: TableFields, label: str, new_venue: VenueData | None = None) -> edits.Edit:
    """Adding tables, with a new venue first when one is given (one undo step)."""
    add = AddTables(count, fields, label)
    if new_venue is None:
        return add
    return edits.Composite((SaveVenue(new_venue, label), add), label)
