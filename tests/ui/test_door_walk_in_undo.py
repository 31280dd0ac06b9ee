"""At the door on a shared server: Undo of a walk-in just added works for the door volunteer (the
walk-in goes, Redo brings them back); when an organiser has recorded more about the walk-in since,
Undo says so in words, and that this step has left the Undo list (pressing Undo again would undo
something else, not retry it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.models import Category, Person, PersonValue
from dialogue_app.ui import context
from tests.test_server_roles import demo_server, login, open_as  # noqa: F401  (fixtures)
from tests.ui.test_server_role_ui import door_window  # noqa: F401  (fixture)


def _walk_in(win, qtbot, name: str) -> None:
    tables = win.pages.currentWidget()
    ci = tables.checkin
    qtbot.keyClicks(ci.walk_first, name)
    qtbot.keyClick(ci.walk_first, Qt.Key.Key_Return)


def _named(address, name):
    with storage.open_event(str(address)) as admin, admin.read_session() as s:
        return s.scalars(select(Person.id).where(Person.first_name == name)).all()


def test_door_volunteer_undoes_a_walk_in(door_window, demo_server, qtbot):  # noqa: F811
    """Edit ▸ Undo right after adding a walk-in removes them; Redo brings them back; nothing refused."""
    win = door_window
    _walk_in(win, qtbot, "Zeynep")
    assert len(_named(demo_server, "Zeynep")) == 1
    win.ctx.undo_stack.undo()
    assert context.REPORTED == [] and _named(demo_server, "Zeynep") == []
    win.ctx.undo_stack.redo()
    assert context.REPORTED == [] and len(_named(demo_server, "Zeynep")) == 1


def test_refused_walk_in_undo_says_it_left_the_undo_list(door_window, demo_server, qtbot):  # noqa: F811
    """An organiser added a background value to the walk-in meanwhile: Undo explains that an organiser
    can remove them and that the step is off the Undo list; the walk-in stays."""
    win = door_window
    _walk_in(win, qtbot, "Yusuf")
    before = win.ctx.undo_stack.count()
    with storage.open_event(str(demo_server)) as admin, admin.session() as s:
        [pid] = s.scalars(select(Person.id).where(Person.first_name == "Yusuf")).all()
        category = s.scalars(select(Category).limit(1)).one()
        s.add(PersonValue(person_id=pid, dimension_id=category.dimension_id, category_id=category.id))
    win.ctx.undo_stack.undo()
    [shown] = context.REPORTED
    assert "An organiser can remove them" in shown.message and "taken off the Undo list" in shown.message
    assert win.ctx.undo_stack.count() == before - 1 and len(_named(demo_server, "Yusuf")) == 1
    context.REPORTED.clear()
