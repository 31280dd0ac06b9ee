"""The window's context announces what an edit changed and who started it; try_read guards reads."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dialogue_app.errors import NotFound
from dialogue_app.services import edits, people
from dialogue_app.ui import context


def test_apply_announces_the_areas_and_the_initiator_and_undo_says_so_too(window):
    ctx = window.ctx
    seen: list[context.Change] = []
    ctx.changed.connect(seen.append)
    panel = window.show_area("people")
    pid = people.new_person().id
    assert ctx.apply(edits.SavePerson(people.PersonData(id=pid, first_name="Eva"), "Add Eva"), initiator=panel)
    assert seen[-1] == context.Change(frozenset({"people"}), panel, "Add Eva")
    ctx.undo_stack.undo()
    assert seen[-1].areas == {"people"} and seen[-1].initiator is None and seen[-1].undo
    ctx.undo_stack.redo()
    assert not seen[-1].undo
    assert ctx.apply(edits.DeletePerson(pid, "Remove Eva"), areas={"people", "tables"})
    assert seen[-1].areas == {"people", "tables"}


def test_try_read_shows_an_expected_problem_instead_of_raising(window):
    def vanished(_session):
        raise NotFound("That person is no longer in the event.")

    context.REPORTED.clear()
    assert window.ctx.try_read(vanished) is None
    assert len(context.REPORTED) == 1 and "no longer" in str(context.REPORTED[0])
    shown = []
    assert window.ctx.try_read(vanished, on_error=shown.append) is None and len(shown) == 1
    assert window.ctx.try_read(lambda s: 42) == 42
    context.REPORTED.clear()


def test_a_read_that_changes_a_row_by_mistake_changes_nothing(window):
    """ctx.read runs on a session that is rolled back: a read function that renames a person
    leaves the event as it was (nothing to undo, nothing saved)."""
    from dialogue_app.models import Person

    ctx = window.ctx
    pid = ctx.read(lambda s: people.list_people(s)[0].id)
    name = ctx.read(lambda s: people.get_person(s, pid).first_name)

    def careless(s):
        row = s.get(Person, pid)
        row.first_name = "Renamed by a read"
        s.flush()
        return row.first_name

    assert ctx.read(careless) == "Renamed by a read"
    assert ctx.read(lambda s: people.get_person(s, pid).first_name) == name
