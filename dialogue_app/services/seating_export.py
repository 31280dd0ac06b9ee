"""The "seating-csv" export: who sits where, one row per person and a table and venue
column per round, for mail merges ("you sit at table 7"), the venues' lists and the
people at the door. Names, participant codes, roles and table numbers only: no contact
details, no background values. UTF-8 with BOM, formula-safe (:mod:`dialogue_app.csvsafe`).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import field_label
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole, Venue
from dialogue_app.models.people import ROLES
from dialogue_app.services.events import current_event
from dialogue_app.services.people import attendance_label, role_label


def seating_table(session: Session, tables: tuple[int, ...] = ()) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the seating list, in the current language, by round-1 table
    (people without a table last), then name. ``tables``: only the people of those
    tables in some round."""
    e = current_event(session)
    rounds = max(1, e.rounds)
    where: dict[uuid.UUID, tuple[int, str]] = {
        t.id: (t.number, (venue.name if venue else "")) for t, venue in session.execute(
            select(DialogueTable, Venue).outerjoin(Venue, Venue.id == DialogueTable.venue_id)
            .where(DialogueTable.event_id == e.id))
    }
    seat: dict[tuple[uuid.UUID, int], tuple[int, str]] = {}
    for pid, tid, rnd in session.execute(
        select(Assignment.person_id, Assignment.table_id, Assignment.round).join(Person)
        .where(Person.event_id == e.id, Assignment.round.between(1, rounds))
    ):
        if tid in where:
            seat[(pid, rnd)] = where[tid]
    roles: dict[uuid.UUID, list[str]] = {}
    for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role).join(Person)
                                     .where(Person.event_id == e.id)):
        roles.setdefault(pid, []).append(role)
    order = {r: i for i, r in enumerate(ROLES)}
    header = [field_label(f) for f in ("code", "first_name", "last_name", "roles", "attendance")]
    for r in range(1, rounds + 1):
        if rounds == 1:
            header += [_("Table"), _("Venue")]
        else:
            header += [_("Table, round {n}").format(n=r), _("Venue, round {n}").format(n=r)]
    rows: list[tuple[tuple, list[str]]] = []
    for pid, code, first, last, attendance in session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.attendance)
        .where(Person.event_id == e.id, Person.anonymised.is_(False))
    ):
        places = [seat.get((pid, r)) for r in range(1, rounds + 1)]
        if tables and not any(p is not None and p[0] in tables for p in places):
            continue
        row = [code, first, last,
               ", ".join(role_label(x) for x in sorted(roles.get(pid, []), key=lambda x: order.get(x, 99))),
               attendance_label(attendance)]
        for p in places:
            row += ["", ""] if p is None else [str(p[0]), p[1]]
        first_table = places[0][0] if places[0] is not None else 1 << 30
        rows.append(((first_table, first.casefold(), last.casefold(), code), row))
    rows.sort(key=lambda x: x[0])
    return header, [row for _key, row in rows]


def write_seating_csv(store, out: Path, options, progress, should_stop) -> int:
    """Write the seating list to ``out``; returns the number of people."""
    from dialogue_app.exports import write_table_csv

    return write_table_csv(store, out, options, progress, should_stop, lambda s: seating_table(s, options.tables))
