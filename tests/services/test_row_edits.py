"""Edits say what they change: the generic row edits (save, delete, restore) and the areas."""

from __future__ import annotations

from dialogue_app.services import edits, people
from dialogue_app.services.edits import Area


def test_a_generic_row_edit_saves_deletes_and_restores_a_person(demo_store):
    """SaveRow/DeleteRow/RestoreRow with the people's RowKind behave as SavePerson and DeletePerson:
    each apply returns its inverse, and everything comes back."""
    pid = people.new_person().id
    with demo_store.session() as s:
        undo_add = edits.SaveRow(edits.PERSON_ROWS, people.PersonData(id=pid, first_name="Eva"), "add").apply(s)
    assert isinstance(undo_add, edits.DeleteRow) and undo_add.row_id == pid
    with demo_store.session() as s:
        row = next(r for r in people.list_people(s) if r.values.get("origin"))
        before = people.get_person(s, row.id)
    with demo_store.session() as s:
        restore = edits.DeleteRow(edits.PERSON_ROWS, row.id, "delete").apply(s)
    with demo_store.session() as s:
        assert all(r.id != row.id for r in people.list_people(s))
        again = restore.apply(s)
    with demo_store.session() as s:
        assert people.get_person(s, row.id) == before
        undo_add.apply(s)
    with demo_store.session() as s:
        assert all(r.id != pid for r in people.list_people(s))
    assert isinstance(again, edits.DeleteRow) and again.row_id == row.id


def test_edits_say_which_areas_they_change():
    """An edit's areas: declared by its class or its row kind; a composite changes what its parts do;
    an area equals its name, so the window's string sets keep working."""
    pid = people.new_person().id
    assert edits.edit_areas(edits.DeletePerson(pid, "x")) == {Area.PEOPLE}
    assert edits.edit_areas(edits.SaveRow(edits.PERSON_ROWS, people.PersonData(id=pid), "x")) == {"people"}
    both = edits.Composite((edits.DeletePerson(pid, "x"), edits.SaveSettings(None, "y")), "z")  # type: ignore[arg-type]
    assert edits.edit_areas(both) == {Area.PEOPLE, Area.EVENT}

    class Unsaid:
        label = "x"

    assert edits.edit_areas(Unsaid()) == frozenset()  # type: ignore[arg-type]
