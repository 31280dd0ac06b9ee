"""Words and choices for the Tables screen, built from what the screen already holds in
memory (no queries): rule warnings that name the people and tables, people alone with
their group by name, and where a person can be moved (free seats per table).

Seats: a table's capacity counts its guests; the facilitator seat(s) come on top, and
people who are not coming (absent, cancelled) keep their seat on the card until the tables
are rebalanced but take no seat.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext

ATTENDING = ("registered", "present")


def takes_a_seat(person) -> bool:
    """A listed person who counts in the table's seats: a guest who is coming."""
    return not person.is_facilitator and person.attendance in ATTENDING


def violation_text(code: str, people: Sequence[int], tables: Sequence[int], name: Callable[[int], str],
                   table_of: Callable[[int], int | None], number: Callable[[int], int],
                   facilitators_needed: Callable[[int], int]) -> str:
    """A broken rule in words, naming the people and tables (``people`` and ``tables`` are
    the engine's indices; the callables turn them into names and table numbers)."""
    names = i18n.format_list([name(i) for i in people])

    def at(i: int) -> str:
        g = table_of(i)
        return _("{name} (table {number})").format(name=name(i), number=number(g)) if g is not None else name(i)

    table = number(tables[0]) if tables else None
    if code == "over_capacity" and table is not None:
        return _("Table {number} has more people than seats").format(number=table)
    if code == "under_capacity" and table is not None:
        return _("Table {number} has fewer people than its minimum").format(number=table)
    if code == "facilitator_count" and table is not None:
        need = facilitators_needed(tables[0])
        if not people:
            return ngettext("Table {number} has no facilitator (it needs {n})",
                            "Table {number} has no facilitator (it needs {n})", need).format(number=table, n=need)
        return ngettext("Table {number} has {count} facilitators ({names}); it needs {n}",
                        "Table {number} has {count} facilitators ({names}); it needs {n}", need).format(
            number=table, count=len(people), names=names, n=need)
    if code == "not_accessible" and people and table is not None:
        return _("{name} uses a wheelchair, but table {number} is not accessible").format(
            name=name(people[0]), number=table)
    if code == "language" and people and table is not None:
        return _("{name} shares no language with the facilitator of table {number}").format(
            name=name(people[0]), number=table)
    if code == "locked_moved" and people and table is not None:
        return _("{person} is locked at table {number}").format(person=at(people[0]), number=table)
    if code == "guest_not_with_host" and len(people) == 2:
        host_table = table_of(people[1])
        return _("{guest} is not at the table of their host {host} (table {number})").format(
            guest=at(people[0]), host=name(people[1]),
            number=number(host_table) if host_table is not None else "–")
    if code == "apart_together" and len(people) == 2 and table is not None:
        return _("{a} and {b} must sit apart but are both at table {number}").format(
            a=name(people[0]), b=name(people[1]), number=table)
    if code == "together_split" and people:
        where = sorted({number(g) for g in (table_of(i) for i in people) if g is not None})
        return _("{names} must sit together but are at tables {numbers}").format(
            names=names, numbers=i18n.format_list([str(n) for n in where]))
    if code == "absent_seated" and people:
        return _("{name} is not coming but has a seat").format(name=name(people[0]))
    if code == "not_seated" and people:
        return _("{name} is coming but has no seat").format(name=name(people[0]))
    return code


def isolated_text(names: Sequence[str], dimension: str) -> str:
    """"Fatima Yılmaz is the only one of their group on “Cultural origin”"."""
    return ngettext("{names} is the only one of their group on “{dimension}”",
                    "{names} are each the only one of their group on “{dimension}”",
                    len(names)).format(names=i18n.format_list(list(names)), dimension=dimension)


# --- where people can be moved ------------------------------------------------------


@dataclass(frozen=True)
class TableChoice:
    """One table as a destination for the people being moved."""

    id: uuid.UUID
    number: int
    name: str
    venue: str
    free: int  # guest seats still free (may be negative on an overfull table)
    capacity: int
    current: bool  # every person being moved already sits here
    full: bool  # too few free seats for the guests being moved


def _needed(card, people: Sequence) -> int:
    """Guest seats the moving people would take at ``card`` (facilitators bring their own seat)."""
    here = {p.id for p in card.people}
    return sum(1 for p in people if takes_a_seat(p) and p.id not in here)


def table_choices(view, person_ids: Sequence[uuid.UUID]) -> list[TableChoice]:
    """Every table of the round with its free seats, for moving ``person_ids``."""
    moving = people_by_id(view, person_ids)
    out = []
    for card in view.tables:
        seats = sum(1 for p in card.people if takes_a_seat(p))
        free = card.capacity_max - seats
        here = {p.id for p in card.people}
        out.append(TableChoice(card.id, card.number, card.name, card.venue, free, card.capacity_max,
                               bool(moving) and all(p.id in here for p in moving), _needed(card, moving) > free))
    return out


def people_by_id(view, person_ids: Sequence[uuid.UUID]) -> list:
    """The SeatPersons of ``person_ids`` (in that order) from the view's cards and unseated list."""
    every = {p.id: p for card in view.tables for p in card.people}
    every.update((p.id, p) for p in view.unseated)
    return [every[pid] for pid in person_ids if pid in every]


def room_problem(view, person_ids: Sequence[uuid.UUID], table_id: uuid.UUID | None) -> str | None:
    """Why ``person_ids`` cannot move to the table (None: they can): a full table says so
    and how to swap instead."""
    if table_id is None:
        return None
    card = next((c for c in view.tables if c.id == table_id), None)
    if card is None:
        return None
    moving = people_by_id(view, person_ids)
    seats = sum(1 for p in card.people if takes_a_seat(p))
    need = _needed(card, moving)
    if need and seats + need > card.capacity_max:
        free = max(0, card.capacity_max - seats)
        if free == 0:
            text = _("Table {number} is full ({seats} of {max} seats taken).").format(
                number=card.number, seats=seats, max=card.capacity_max)
        else:
            text = ngettext("Table {number} has only {free} free seat, too few for {n} people.",
                            "Table {number} has only {free} free seats, too few for {n} people.", free).format(
                number=card.number, free=free, n=need)
        return text + " " + _("To swap instead, hold Shift while dropping on a person, or select two people "
                              "and press Swap (Ctrl+Shift+W).")
    return None


def who_text(view, person_ids: Sequence[uuid.UUID]) -> str:
    """"Fatima Yılmaz (table 3)" for one person, "3 people" for more."""
    moving = people_by_id(view, person_ids)
    if len(moving) == 1:
        p = moving[0]
        if p.table is None:
            return _("{name} (no table yet)").format(name=p.name)
        return _("{name} (table {number})").format(name=p.name, number=p.table)
    return ngettext("{n} person", "{n} people", len(person_ids)).format(n=len(person_ids))
