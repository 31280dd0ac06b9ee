"""Undo of a walk-in at the desk (an event file, or an organiser on a server): the walk-in goes,
Redo brings back the same person with the same code; an Undo after someone else changed the walk-in
is refused with the reason instead of deleting their change."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from dialogue_app.models import Person
from dialogue_app.services import edits, people, seating
from dialogue_app.services.versions import StaleEdit


def _codes(store, name):
    with store.read_session() as s:
        return s.scalars(select(Person.code).where(Person.first_name == name)).all()


def test_undo_and_redo_of_a_walk_in(new_event):
    """Undo removes the walk-in; Redo brings them back with the same code."""
    with new_event.session() as s:
        undo = seating.AddWalkIn("Walker", "Typo", None, 1, "Add walk-in").apply(s)
    [code] = _codes(new_event, "Walker")
    with new_event.session() as s:
        redo = undo.apply(s)
    assert _codes(new_event, "Walker") == []
    with new_event.session() as s:
        redo.apply(s)
    assert _codes(new_event, "Walker") == [code]


def test_undo_of_a_walk_in_someone_changed_is_refused(new_event, other):
    """Another organiser corrected the walk-in's phone since: Undo is refused, the walk-in stays."""
    with new_event.session() as s:
        undo = seating.AddWalkIn("Walker", "", None, 1, "Add walk-in").apply(s)
        pid = s.scalars(select(Person.id).where(Person.first_name == "Walker")).one()
    with other.session() as s:
        data = people.get_person(s, pid)
        edits.SavePerson(dataclasses.replace(data, phone="0606"), "Edit").apply(s)
    with pytest.raises(StaleEdit), new_event.session() as s:
        undo.apply(s)
    assert len(_codes(new_event, "Walker")) == 1
