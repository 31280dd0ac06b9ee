"""The "seating-csv" export: who sits where, one row per person and a table and venue
column per round, for mail merges ("you sit at table 7"), the venues' lists and the
people at the door. Names, participant codes, roles and table numbers only: no contact
details, no background values. UTF-8 with BOM, formula-safe (:mod:`dialogue_app.csvsafe`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import field_label
from dialogue_app.models import DialogueTable, Person, Venue
from dialogue_app.services.events import current_event
from dialogue_app.services.people import list_people
from dialogue_app.wording import attendance_label, role_label


def seating_table(session: Session, tables: tuple[int, ...] = ()) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the seating list, in the current language, by round-1 table
    (people without a table last), then name. ``tables``: only the people of those
    tables in some round."""
    e = current_event(session)
    rounds = max(1, e.rounds)
    venue_of = {number: name or "" for number, name in session.execute(
        select(DialogueTable.number, Venue.name).outerjoin(Venue, Venue.id == DialogueTable.venue_id)
        .where(DialogueTable.event_id == e.id))}
    anonymised = set(session.scalars(select(Person.id).where(Person.event_id == e.id, Person.anonymised.is_(True))))
    header = [field_label(f) for f in ("code", "first_name", "last_name", "roles", "attendance")]
    for r in range(1, rounds + 1):
        if rounds == 1:
            header += [_("Table"), _("Venue")]
        else:
            header += [_("Table, round {n}").format(n=r), _("Venue, round {n}").format(n=r)]
    rows: list[tuple[tuple, list[str]]] = []
    for p in list_people(session):  # roles in their usual order, each round's table
        places = (p.table, *p.later_tables)
        if p.id in anonymised or (tables and not any(n in tables for n in places if n is not None)):
            continue
        row = [p.code, p.first_name, p.last_name, ", ".join(role_label(x) for x in p.roles),
               attendance_label(p.attendance)]
        for n in places:
            row += ["", ""] if n is None else [str(n), venue_of.get(n, "")]
        key = (p.table if p.table is not None else 1 << 30, p.first_name.casefold(), p.last_name.casefold(), p.code)
        rows.append((key, row))
    rows.sort(key=lambda x: x[0])
    return header, [row for _key, row in rows]


def write_seating_csv(store, out: Path, options, progress, should_stop) -> int:
    """Write the seating list to ``out``; returns the number of people."""
    from dialogue_app.exports import write_table_csv

    return write_table_csv(store, out, options, progress, should_stop, lambda s: seating_table(s, options.tables))
