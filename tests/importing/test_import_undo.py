"""Undoing an import (Edit ▸ Undo after the wizard) and doing it again: exactly the rows the
import wrote, never a change made after it."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from dialogue_app.errors import UserInputError
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.models import Person
from dialogue_app.services import edits, events, people, seating
from dialogue_app.services.importing import apply, validate


def _import(store, path):
    table = read_table(path)
    with store.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, events.list_dimensions(s)))
        return apply(s, preview)


def _apply(store, edit):
    with store.session() as s:
        return edit.apply(s)


@pytest.fixture
def bo(new_event):
    """Someone already in the event before the import."""
    with new_event.session() as s:
        data = people.PersonData(id=people.new_person().id, first_name="Bo", last_name="Berg",
                                 phone="+31 6 12345678", needs="Hearing loop", email="bo@old.org")
        people.save_person(s, data)
    return data.id


def _file(write_csv):
    return write_csv([
        ["Naam", "Telefoon", "E-mail", "Wijk", "Rol", "Religie", "Toestemming"],
        ["Bo Berg", "06-12345678", "bo@new.org", "Oosterhaven", "gastheer", "Boeddhist", "ja"],
        ["Ana Silva", "", "ana@x.org", "Noord", "deelnemer", "", ""],
        ["Cor de Wit", "", "", "Oosterhaven", "", "", ""],
    ])


def test_undo_takes_the_import_back_and_redo_writes_it_again(new_event, bo, write_csv, snap):
    """New people, new categories, roles, values, consents and changed columns all go, and
    come back identically (same codes and ids) on redo, as often as the user likes."""
    before = snap(new_event)
    result = _import(new_event, _file(write_csv))
    # one consent: the file has a religion column only (it used to record origin too, a defect)
    assert (result.created, result.updated, result.consents_recorded) == (2, 1, 1)
    assert result.new_categories and not result.changes.empty
    after = snap(new_event)
    undo = edits.UndoImport(result.changes, "Import of people.csv")
    for _round in range(2):
        redo = _apply(new_event, undo)
        assert snap(new_event) == before
        undo = _apply(new_event, redo)
        assert snap(new_event) == after


def test_undo_keeps_what_changed_after_the_import(new_event, bo, write_csv):
    """A check-in and an edit made after the import survive its undo; what the import alone
    wrote goes back."""
    result = _import(new_event, _file(write_csv))
    with new_event.session() as s:
        code = s.get(Person, bo).code
        seating.check_in(s, code)
        data = people.get_person(s, bo)
        people.save_person(s, dataclasses.replace(data, needs="Quiet corner"))
    _apply(new_event, edits.UndoImport(result.changes, "Import"))
    with new_event.reader() as s:
        p = people.get_person(s, bo)
        assert p.attendance == "present"  # the check-in stays
        assert p.needs == "Quiet corner"  # so does the later edit
        assert p.email == "bo@old.org" and p.values == {}  # the import's own changes are gone
        names = {(r.first_name, r.last_name) for r in people.list_people(s)}
    assert names == {("Bo", "Berg")}


def test_redo_is_refused_when_an_updated_person_is_gone(new_event, bo, write_csv, snap):
    """Redo after the person the import updated was deleted: nothing is written, the user is told."""
    result = _import(new_event, _file(write_csv))
    redo = _apply(new_event, edits.UndoImport(result.changes, "Import"))
    with new_event.session() as s:
        people.delete_person(s, bo)
    before = snap(new_event)
    with pytest.raises(UserInputError, match="can no longer be done again"):
        _apply(new_event, redo)
    assert snap(new_event) == before


def test_a_new_category_someone_uses_by_now_stays(new_event, write_csv):
    """Undo keeps a category the import created when a person added since uses it."""
    result = _import(new_event, write_csv([["Naam", "Wijk"], ["Ana Silva", "Oosterhaven"]]))
    [cat] = result.changes.created_categories
    with new_event.session() as s:
        dims = {d.key: d for d in events.list_dimensions(s)}
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Dee", last_name="Dam",
                                                values={dims["neighbourhood"].id: cat}))
    _apply(new_event, edits.UndoImport(result.changes, "Import"))
    with new_event.reader() as s:
        ppl = {p.full_name: p for p in people.list_people(s)}
        assert set(ppl) == {"Dee Dam"} and ppl["Dee Dam"].values == {"neighbourhood": "Oosterhaven"}
        assert s.scalar(select(Person.id).where(Person.first_name == "Ana")) is None
