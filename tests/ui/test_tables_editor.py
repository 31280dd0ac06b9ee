"""The Tables and venues editor driven like an organiser: a new event gets 17 tables at a new
venue through the widgets (keys and clicks) and they show on the Tables screen; edit,
remove (saying who loses a seat), undo/redo; the suggestion; a venue's address; and the
Tables screen's empty state offering "Add tables…"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.models import Assignment
from dialogue_app.services import events, tables
from dialogue_app.services import planning as plan_svc
from dialogue_app.services.seating import table_edits
from dialogue_app.ui import context, tables_editor
from tests.ui.windows import open_main_window


@pytest.fixture
def fresh(qtbot, tmp_path):
    """The main window (1366×768) with a new, empty event open: no tables, no venues, 68 people."""
    from dialogue_app.models import Person, PersonRole

    path = tmp_path / "new.dialogue"
    store = storage.create_event_file(path)
    with store.session() as s:
        e = events.create_event(s, "Neighbourhood day", lang="en")
        for i in range(68):
            p = Person(event_id=e.id, code=f"P{i:04d}", first_name=f"Person {i}")
            s.add(p)
            s.flush()
            s.add(PersonRole(person_id=p.id, role="participant"))
    store.close()
    yield from open_main_window(qtbot, path)


def ok(qtbot, form):
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_tables_screen_of_a_new_event_offers_add_tables(qtbot, fresh):
    """A new event's Tables screen says there are no tables and offers "Add tables…" (instead of only an
    error on planning); the button opens the editor's Add tables form with the suggestion filled in."""
    panel = fresh.show_area("tables")
    view = panel.plan_view
    assert "no tables yet" in view.summary.text()
    assert view.add_tables_button.isVisible()
    qtbot.mouseClick(view.add_tables_button, Qt.MouseButton.LeftButton)
    editor = fresh._tables_editor
    assert editor.isVisible() and editor.form is not None
    assert editor.form.count.value() == 10
    assert "68 people at 6–8 per table: 9 to 11 tables; 10 suggested" in editor.form.suggestion.text()


def test_planning_without_tables_points_to_the_editor(qtbot, fresh):
    """Plan tables (Ctrl+P) on an event without tables opens the Add tables form instead of an error."""
    from dialogue_app.ui import context

    view = fresh.show_area("tables").plan_view
    view.plan()
    assert context.REPORTED == []
    assert fresh._tables_editor.form is not None


def test_add_17_tables_at_a_new_venue_through_the_widgets(qtbot, fresh):
    """From the Event screen: Tables and venues…, Add tables…, 17 tables at a new venue with its address,
    5–7 people, accessible, Dutch and French, an interpreter: the Event screen says "17 tables, 85–119 seats",
    the Tables screen shows 17 cards, and Edit ▸ Undo / Redo take them away and back."""
    event = fresh.show_area("event")
    assert event.tables_overview.text() == "No tables yet"
    qtbot.mouseClick(event.tables_button, Qt.MouseButton.LeftButton)
    editor = fresh._tables_editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    form = editor.form
    type_into(qtbot, form.count, "17")
    form.venue.setFocus()
    qtbot.keyClick(form.venue, Qt.Key.Key_End)  # the last entry: New venue…
    assert form.new_name.isEnabled()
    type_into(qtbot, form.new_name, "Town hall")
    type_into(qtbot, form.new_address, "Market square 1, 9000 Ghent")
    type_into(qtbot, form.size_min, "5")
    type_into(qtbot, form.size_max, "7")
    type_into(qtbot, form.languages, "nl, fr")
    qtbot.mouseClick(form.accessible, Qt.MouseButton.LeftButton)
    form.interpreter.setFocus()
    qtbot.keyClick(form.interpreter, Qt.Key.Key_Space)
    ok(qtbot, form)
    assert not form.isVisible()
    assert editor.tables.rowCount() == 17
    assert [editor.tables.item(0, c).text() for c in range(7)] == ["1", "Town hall", "5–7", "yes", "nl, fr",
                                                                   "yes", "no"]
    assert editor.venues.item(0, 1).text() == "Market square 1, 9000 Ghent"
    assert event.tables_overview.text() == "17 tables, 85–119 seats"
    panel = fresh.show_area("tables")
    assert len(panel.plan_view.cards) == 17 and not panel.plan_view.add_tables_button.isVisible()
    fresh.act_undo.trigger()
    assert editor.tables.rowCount() == 0 and editor.venues.rowCount() == 0
    assert event.tables_overview.text() == "No tables yet"
    fresh.act_redo.trigger()
    assert editor.tables.rowCount() == 17
    assert fresh.ctx.read(table_edits.list_venues)[0].address == "Market square 1, 9000 Ghent"


def test_bad_capacity_is_shown_in_the_form_and_changes_nothing(qtbot, fresh):
    """A minimum above the maximum is refused in the form in words; no table is added."""
    editor = tables_editor.open_tables_editor(fresh.ctx, fresh, add=True)
    form = editor.form
    type_into(qtbot, form.size_min, "9")
    type_into(qtbot, form.size_max, "4")
    ok(qtbot, form)
    assert form.isVisible() and "capacity" in form.problem.text()
    assert fresh.ctx.read(tables.list_tables) == []


def test_edit_with_enter_and_remove_with_delete(qtbot, fresh, monkeypatch):
    """Enter on a table opens its form (a change is undoable); Delete removes the selected tables after a
    question, and undo brings them back."""
    ctx = fresh.ctx
    ctx.apply(table_edits.AddTables(3, table_edits.TableFields(), "add"), {"tables"})
    editor = tables_editor.open_tables_editor(ctx, fresh)
    editor.tables.setFocus()
    editor.tables.selectRow(1)
    qtbot.keyClick(editor.tables, Qt.Key.Key_Return)
    form = editor.form
    assert form is not None and form.windowTitle() == "Table 2"
    form.training.setFocus()
    qtbot.keyClick(form.training, Qt.Key.Key_Space)
    ok(qtbot, form)
    assert editor.tables.item(1, 6).text() == "yes"
    assert ctx.undo_stack.undoText() == "Edit table 2"
    monkeypatch.setitem(context.record_errors_for_tests().answers, tables_editor.CONFIRM_KEY, True)
    editor.tables.selectRow(1)
    qtbot.keyClick(editor.tables, Qt.Key.Key_Delete)
    assert [editor.tables.item(r, 0).text() for r in range(editor.tables.rowCount())] == ["1", "3"]
    assert "Remove table 2?" in editor.last_question
    ctx.undo_stack.undo()
    assert editor.tables.rowCount() == 3 and editor.tables.item(1, 6).text() == "yes"


def test_removing_a_table_with_people_says_they_lose_their_seat(qtbot, window, monkeypatch):
    """On a planned event, removing a table asks first and names how many people lose their seat (and
    how many already sit there after check-in); "No" keeps it; "Yes" removes it and undo seats them again."""
    ctx = window.ctx
    plan_svc.plan_event(ctx.store, seconds=None, iterations=20, seed=2)
    first = ctx.read(tables.list_tables)[0]
    seated = ctx.read(lambda s: table_edits.people_seated(s, [first.id]))
    with ctx.store.session() as s:  # two of them have checked in and sit there
        for a in s.scalars(select(Assignment).where(Assignment.table_id == first.id).limit(2)):
            a.seated = True
    editor = tables_editor.open_tables_editor(ctx, window)
    editor.tables.selectRow(0)
    monkeypatch.setitem(context.record_errors_for_tests().answers, tables_editor.CONFIRM_KEY, False)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert f"{seated} people have a seat there and will lose it" in editor.last_question
    assert "2 of them have checked in and are sitting there now." in editor.last_question
    assert len(ctx.read(tables.list_tables)) == 9
    monkeypatch.setitem(context.record_errors_for_tests().answers, tables_editor.CONFIRM_KEY, True)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert len(ctx.read(tables.list_tables)) == 8
    ctx.undo_stack.undo()
    assert ctx.read(lambda s: table_edits.people_seated(s, [first.id])) == seated


def test_venue_address_kept_and_venue_in_use(qtbot, window, monkeypatch):
    """A venue added in the editor keeps its address; removing a venue in use says how many tables stand
    there, and they stay without a venue."""
    ctx = window.ctx
    editor = tables_editor.open_tables_editor(ctx, window)
    qtbot.mouseClick(editor.add_venue_button, Qt.MouseButton.LeftButton)
    form = editor.form
    type_into(qtbot, form.name, "Community centre")
    type_into(qtbot, form.address, "Kerkstraat 12, 2000 Antwerpen")
    qtbot.keyClick(form.address, Qt.Key.Key_Return)  # Enter is OK
    venues = {v.name: v for v in ctx.read(table_edits.list_venues)}
    assert venues["Community centre"].address == "Kerkstraat 12, 2000 Antwerpen"
    used = max(venues.values(), key=lambda v: v.tables)
    assert used.tables == 2
    row = next(r for r in range(editor.venues.rowCount()) if editor.venues.item(r, 0).text() == used.name)
    editor.venues.selectRow(row)
    monkeypatch.setitem(context.record_errors_for_tests().answers, tables_editor.CONFIRM_KEY, True)
    editor.venues.setFocus()
    qtbot.keyClick(editor.venues, Qt.Key.Key_Delete)
    assert f"{used.tables} tables stand there" in editor.last_question
    assert used.name not in {v.name for v in ctx.read(table_edits.list_venues)}
    assert len(ctx.read(tables.list_tables)) == 9


def test_every_control_is_named_and_reached_with_tab(qtbot, window):
    """Each control of the editor and of its forms has an accessible name, and Tab goes from the tables list
    through its buttons to the venues list and its buttons, in reading order."""
    from PySide6.QtWidgets import QWidget

    editor = tables_editor.open_tables_editor(window.ctx, window)
    editor.tables.selectRow(0)
    editor.venues.selectRow(0)
    for root in (editor, editor.add_tables(), editor.edit_table(), editor.add_venue()):
        for w in root.findChildren(QWidget):
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root) and w.isEnabled():
                if w.parent() is not None and w.parent().inherits("QAbstractSpinBox"):
                    continue  # the line edit inside a spin box: the box has the name
                assert w.accessibleName().strip(), (root.windowTitle(), type(w).__name__, getattr(w, "text", str)())
        if root is not editor:
            root.reject()
    chain, w = [], editor.tables
    for _i in range(12):
        chain.append(w)
        w = w.nextInFocusChain()
        while not (w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled() and w.isVisible()):
            w = w.nextInFocusChain()
    order = [editor.tables, editor.add_button, editor.edit_button, editor.remove_button, editor.venues,
             editor.add_venue_button, editor.edit_venue_button, editor.remove_venue_button]
    assert [chain.index(x) for x in order] == sorted(chain.index(x) for x in order)


def test_adding_tables_keeps_unsaved_event_settings(qtbot, fresh):
    """Typing a new title on the Event screen, then adding tables from there, neither loses the typed title
    nor saves it: the tables line updates and Save settings is still offered."""
    event = fresh.show_area("event")
    type_into(qtbot, event.title, "Harbour day")
    qtbot.mouseClick(event.tables_button, Qt.MouseButton.LeftButton)
    editor = fresh._tables_editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    ok(qtbot, editor.form)
    assert event.tables_overview.text() == "10 tables, 60–80 seats"
    assert event.title.text() == "Harbour day" and event.save_button.isEnabled()
