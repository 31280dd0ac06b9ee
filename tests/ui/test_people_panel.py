"""The People area: loading, sorting, searching, adding, editing, deleting (with
undo/redo), the consent gate of sensitive dimensions, and the keyboard paths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dialogue_app.services import people as people_service
from dialogue_app.services.events import list_dimensions
from dialogue_app.ui import context
from dialogue_app.ui.person_dialog import PersonDialog


def _shown(panel, col: int) -> list[str]:
    return [panel.proxy.index(r, col).data() for r in range(panel.proxy.rowCount())]


def _fill_and_accept(monkeypatch, fill):
    """Replace PersonDialog.exec: fill the real dialog's widgets, then press OK."""
    calls = []

    def fake_exec(dlg):
        calls.append(dlg)
        fill(dlg)
        dlg._accept()
        return dlg.result()

    monkeypatch.setattr(PersonDialog, "exec", fake_exec)
    return calls


def test_loads_all_people_with_dimension_columns(window, people):
    """Every person of the event is a row; dimension names are columns; the status counts them."""
    rows = window.ctx.read(people_service.list_people)
    dims = window.ctx.read(list_dimensions)
    assert people.model.rowCount() == len(rows) == people.proxy.rowCount()
    headers = [people.model.headerData(c, Qt.Orientation.Horizontal) for c in range(people.model.columnCount())]
    assert headers[:3] == ["Code", "First name", "Last name"]
    assert [d.name for d in dims] == headers[8:]
    assert people.status.text() == f"{len(rows)} people"


def test_sort_by_first_name_and_table(people):
    """Clicking a column sorts by it (case-insensitive), both ways."""
    people.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    names = _shown(people, 1)
    assert names == sorted(names, key=str.casefold)
    people.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _shown(people, 1) == sorted(names, key=str.casefold, reverse=True)


def test_table_column_shows_each_rounds_table(window, people):
    """With a second round planned the Table column reads "3 → 7" for people who move and
    "3" for people who stay; sorting still goes by the first round's table."""
    from dialogue_app.services import planning as plan_svc

    plan_svc.plan_event(window.ctx.store, round_no=2, seconds=None, iterations=20, seed=1)
    people.refresh()
    rows = {r.code: r for r in window.ctx.read(people_service.list_people)}
    shown = {people.model.data(people.model.index(i, 0)): people.model.data(people.model.index(i, 4))
             for i in range(people.model.rowCount())}
    moved = [r for r in rows.values() if r.table is not None and r.later_tables[0] not in (None, r.table)]
    stayed = [r for r in rows.values() if r.table is not None and r.later_tables[0] == r.table]
    assert moved and stayed
    assert all(shown[r.code] == f"{r.table} → {r.later_tables[0]}" for r in moved)
    assert all(shown[r.code] == str(r.table) for r in stayed)


def test_search_filters_by_code_name_and_email(qtbot, people):
    """Typing in the search box keeps only matching people and the status says how many are shown."""
    row = people.model.rows[5]
    total = people.model.rowCount()
    qtbot.keyClicks(people.search, row.code.lower())
    assert people.proxy.rowCount() == 1
    assert people.proxy.index(0, 0).data() == row.code
    assert people.status.text() == f"{total} people, 1 shown"
    people.search.clear()
    people.search.setText(f"{row.last_name} {row.first_name}")
    assert row.code in _shown(people, 0)
    if row.email:
        people.search.setText(row.email.upper())
        assert _shown(people, 0) == [row.code]
    people.search.setText("zzzz-nobody")
    assert people.proxy.rowCount() == 0
    assert people.status.text() == f"{total} people, 0 shown"


def test_role_and_attendance_filters(people):
    """The role filter keeps people with that role; the attendance filter those with that status."""
    people.role_filter.setCurrentIndex(people.role_filter.findData("facilitator"))
    shown = people.proxy.rowCount()
    expected = sum(1 for r in people.model.rows if "facilitator" in r.roles)
    assert 0 < shown == expected < people.model.rowCount()
    people.attendance_filter.setCurrentIndex(people.attendance_filter.findData("cancelled"))
    assert people.proxy.rowCount() == sum(
        1 for r in people.model.rows if "facilitator" in r.roles and r.attendance == "cancelled"
    )


def test_add_person_then_undo_and_redo(window, people, monkeypatch):
    """Adding through the dialog stores the person; Edit > Undo removes them, Redo brings them back."""

    def fill(dlg):
        dlg.first_name.setText("Zora")
        dlg.last_name.setText("Aardvark")
        dlg.email.setText("zora@example.org")
        dlg.role_boxes["host"].setChecked(True)
        dlg.languages.setText("nl; fr")

    _fill_and_accept(monkeypatch, fill)
    before = people.model.rowCount()
    people.add_button.click()
    assert people.model.rowCount() == before + 1
    new = next(r for r in people.model.rows if r.last_name == "Aardvark")
    assert new.roles == ("participant", "host") and new.languages == "nl,fr" and new.code
    assert people.current_id() == new.id
    assert window.act_undo.text().replace("&", "") == "Undo Add Zora Aardvark"
    window.act_undo.trigger()
    assert people.model.rowCount() == before
    window.act_redo.trigger()
    assert any(r.last_name == "Aardvark" for r in people.model.rows)


def test_dialog_refuses_a_person_without_name(people, monkeypatch):
    """OK without a name keeps the dialog open with a visible problem; nothing is stored."""
    seen = []

    def fill(dlg):
        dlg.first_name.setText("  ")
        seen.append(dlg)

    _fill_and_accept(monkeypatch, fill)
    before = people.model.rowCount()
    people.add_person()
    assert people.model.rowCount() == before
    assert not seen[0].problem.isHidden() and "name" in seen[0].problem.text()


def test_enter_edits_the_current_row_and_undo_restores(qtbot, window, people, monkeypatch):
    """Enter on a row opens the editor for that person; the change is one undo step."""
    people.view.setFocus()
    people.select_person(people.model.rows[3].id)
    target = people.model.rows[3]
    calls = _fill_and_accept(monkeypatch, lambda dlg: dlg.first_name.setText("Renamed"))
    qtbot.keyClick(people.view, Qt.Key.Key_Return)
    assert len(calls) == 1 and calls[0].last_name.text() == target.last_name
    row = people.model.rows[people.model.row_of(target.id)]
    assert row.first_name == "Renamed"
    window.act_undo.trigger()
    row = people.model.rows[people.model.row_of(target.id)]
    assert row.first_name == target.first_name
    window.act_redo.trigger()
    assert people.model.rows[people.model.row_of(target.id)].first_name == "Renamed"


def test_delete_key_deletes_with_undo_restoring_values(qtbot, window, people):
    """Delete on the table deletes the selected person; undo restores them with their dimension values."""
    target = next(r for r in people.model.rows if len(r.values) >= 3)
    people.view.setFocus()
    people.select_person(target.id)
    qtbot.keyClick(people.view, Qt.Key.Key_Delete)
    assert people.model.row_of(target.id) == -1
    window.act_undo.trigger()
    restored = people.model.rows[people.model.row_of(target.id)]
    assert restored.values == target.values and restored.roles == target.roles


def test_delete_refused_changes_nothing(people, monkeypatch):
    """Answering No to the confirmation deletes nobody."""
    from dialogue_app.ui import people_panel

    monkeypatch.setitem(context.record_errors_for_tests().answers, people_panel.CONFIRM_KEY, False)
    before = people.model.rowCount()
    people.select_person(people.model.rows[0].id)
    people.delete_selected()
    assert people.model.rowCount() == before


def test_multi_delete_is_one_undo_step(window, people):
    """Deleting three selected people is one step on the undo stack; one undo restores all three."""
    from PySide6.QtCore import QItemSelectionModel

    ids = [people.model.rows[i].id for i in (1, 4, 7)]
    sel = people.view.selectionModel()
    sel.clearSelection()
    for pid in ids:
        idx = people.proxy.mapFromSource(people.model.index(people.model.row_of(pid), 0))
        sel.select(idx, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert set(people.selected_ids()) == set(ids)
    assert "3 selected" in people.status.text()
    steps = window.ctx.undo_stack.count()
    before = people.model.rowCount()
    people.delete_button.click()
    assert people.model.rowCount() == before - 3
    assert window.ctx.undo_stack.count() == steps + 1
    assert window.act_undo.text().replace("&", "") == "Undo Delete 3 people"
    window.act_undo.trigger()
    assert people.model.rowCount() == before
    assert all(people.model.row_of(pid) >= 0 for pid in ids)


def test_consent_checkbox_gates_a_sensitive_value(window, people, monkeypatch):
    """A sensitive value can only be chosen with consent; unticking withdraws consent and clears the value."""
    dims = people.model.dimensions
    origin = next(d for d in dims if d.sensitive)
    target = next(r for r in people.model.rows if origin.key not in r.values)
    data = window.ctx.read(lambda s: people_service.get_person(s, target.id))
    dlg = PersonDialog(data, dims, "Edit person")
    ed = next(e for e in dlg.dim_editors if e.dim.id == origin.id)
    assert ed.consent is not None and not ed.consent.isChecked()
    assert not ed.combo.isEnabled()
    assert origin.id not in dlg.data().values and origin.id not in dlg.data().consents
    ed.consent.setChecked(True)
    assert ed.combo.isEnabled()
    ed.combo.setCurrentIndex(ed.combo.findData(str(origin.categories[0].id)))
    assert dlg.data().values[origin.id] == origin.categories[0].id
    assert origin.id in dlg.data().consents
    # stored through the panel: the value shows in the table
    _fill_and_accept(monkeypatch, lambda d: (
        next(e for e in d.dim_editors if e.dim.id == origin.id).consent.setChecked(True),
        (c := next(e for e in d.dim_editors if e.dim.id == origin.id).combo).setCurrentIndex(
            c.findData(str(origin.categories[0].id))),
    ))
    people.select_person(target.id)
    people.edit_current()
    assert people.model.rows[people.model.row_of(target.id)].values[origin.key] == origin.categories[0].label
    # withdrawing consent clears the value
    _fill_and_accept(monkeypatch, lambda d: next(e for e in d.dim_editors if e.dim.id == origin.id)
                     .consent.setChecked(False))
    people.edit_current()
    assert origin.key not in people.model.rows[people.model.row_of(target.id)].values
    stored = window.ctx.read(lambda s: people_service.get_person(s, target.id))
    assert origin.id not in stored.consents and origin.id not in stored.values
    # "Prefer not to say" is a value of its own
    dlg2 = PersonDialog(stored, dims, "Edit person")
    ed2 = next(e for e in dlg2.dim_editors if not e.dim.sensitive)
    ed2.combo.setCurrentIndex(1)
    assert dlg2.data().values[ed2.dim.id] is None
    assert not context.REPORTED


def test_ctrl_f_focuses_search_and_insert_adds(qtbot, window, people, monkeypatch):
    """Ctrl+F moves the focus to the search box; Insert opens the Add person dialog."""
    people.view.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(people.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert people.search.hasFocus()
    calls = []
    monkeypatch.setattr(PersonDialog, "exec", lambda dlg: calls.append(dlg.windowTitle()) or 0)
    people.view.setFocus()
    qtbot.keyClick(people.view, Qt.Key.Key_Insert)
    assert calls == ["Add person"]
    qtbot.keyClick(people.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert calls == ["Add person", "Add person"]


def test_ctrl_digit_switches_areas(qtbot, window):
    """View > Ctrl+1 / Ctrl+2 switch between the Event and People areas."""
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.panel("event")
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.panel("people")


def test_sort_order_survives_a_reload(window, people, monkeypatch):
    """After an edit reloads the rows, the chosen sort (first name, descending) still holds."""
    people.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    _fill_and_accept(monkeypatch, lambda dlg: (dlg.first_name.setText("Aaron"), dlg.last_name.setText("Zed")))
    people.add_person()
    names = _shown(people, 1)
    assert names == sorted(names, key=str.casefold, reverse=True) and names[-1] == "Aaron"


def test_ctrl_i_opens_the_import_wizard(qtbot, window, people):
    """Ctrl+I (File > Import people…) opens the import wizard from the People area."""
    from dialogue_app.ui.importing.wizard import ImportWizard

    people.view.setFocus()
    qtbot.keyClick(people.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizards = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert len(wizards) == 1 and wizards[0].currentPage() is wizards[0].file_page
    wizards[0].reject()


def test_refused_code_keeps_the_dialog_open_with_the_reason(window, people, monkeypatch):
    """Saving a code that belongs to someone else shows the reason in the dialog and keeps the input."""
    other, target = people.model.rows[0], people.model.rows[1]
    shown = []

    def fake_exec(dlg):
        shown.append(dlg.problem.text() if not dlg.problem.isHidden() else "")
        if len(shown) == 1:
            dlg.code.setText(other.code)
            dlg.first_name.setText("Changed")
            dlg._accept()
            return dlg.result()
        return 0  # the user cancels the second time

    monkeypatch.setattr(PersonDialog, "exec", fake_exec)
    steps = window.ctx.undo_stack.count()
    people.select_person(target.id)
    people.edit_current()
    assert len(shown) == 2 and other.code in shown[1] and shown[1].startswith("⚠")
    assert people.model.rows[people.model.row_of(target.id)].first_name == target.first_name
    assert window.ctx.undo_stack.count() == steps and not context.REPORTED


def test_import_action_follows_the_open_event(window):
    """File > Import people… is enabled while an event is open and disabled after closing it."""
    assert window.act_import.isEnabled() and window.act_import.shortcut().toString() == "Ctrl+I"
    window.ctx.close_event()
    assert not window.act_import.isEnabled()
    assert window.import_people() is None
