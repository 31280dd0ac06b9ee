"""Tables screen: an impossible plan's message names the smallest fix, and its button
makes the fix (undoable) and plans."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.ui import context
from dialogue_app.ui.plan_fix import APPLY_BUTTON


@pytest.fixture
def window(planned_tables):
    """The planned demo's main window and its Tables panel (tests/ui/conftest.py)."""
    return planned_tables


def test_apply_the_smallest_fix_then_plan(window, qtbot):
    """A wheelchair user and no accessible table: the message says which table to mark
    accessible; its button marks it, the plan is made with the guest at that table, and
    Edit ▸ Undo takes the change back."""
    w, panel = window
    view = panel.plan_view
    with w.ctx.store.session() as s:
        for t in s.scalars(select(DialogueTable)):
            t.accessible = False
        guest = s.scalars(select(Person).where(Person.attendance == "registered").order_by(Person.code)).first()
        guest.wheelchair = True
        guest_id = guest.id
    shown = []

    def click(box):
        shown.append(box.informativeText())
        button = box.findChild(QPushButton, APPLY_BUTTON)
        assert button is not None and button.accessibleDescription().startswith("Smallest fix")
        button.click()

    w.ctx.error_shown.connect(click)
    panel.plan_seconds = 0.2
    view.plan()

    def accessible_seat():
        return w.ctx.read(lambda s: s.execute(select(DialogueTable.accessible).join(Assignment).where(
            Assignment.person_id == guest_id, Assignment.round == 1)).scalar())

    qtbot.waitUntil(lambda: bool(shown) and not view.task.running and accessible_seat(), timeout=30000)
    w.ctx.error_shown.disconnect(click)
    assert "Smallest fix: mark table 1 wheelchair accessible." in shown[0]
    assert len(context.REPORTED) == 1  # the impossible plan; the second run planned
    assert w.ctx.read(lambda s: s.scalars(select(DialogueTable.accessible).where(DialogueTable.number == 1)).one())
    while w.ctx.undo_stack.undoText() != "Smallest fix: mark table 1 wheelchair accessible.":
        w.ctx.undo_stack.undo()
    w.ctx.undo_stack.undo()
    assert not w.ctx.read(lambda s: s.scalars(select(DialogueTable.accessible).where(DialogueTable.number == 1)).one())
    context.REPORTED.clear()
