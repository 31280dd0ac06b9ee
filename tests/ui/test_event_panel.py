"""The Event area: settings and dimensions are stored as undoable edits, refused
values change nothing and are explained next to the form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dialogue_app.services import events
from dialogue_app.services import people as people_service
from dialogue_app.ui import context
from dialogue_app.ui.event import common as event_panel


def _settings(window):
    return window.ctx.read(events.get_settings)


def _dims(window):
    return {d.key: d for d in window.ctx.read(events.list_dimensions)}


def test_settings_change_is_saved_and_undone(window, event):
    """Save settings stores title, rounds and table sizes as one undo step; undo and redo swap them."""
    before = _settings(window)
    assert event.title.text() == before.title and not event.save_button.isEnabled()
    event.title.setText("Harbour dialogue")
    event.title.textEdited.emit("Harbour dialogue")
    event.rounds.setValue(3)
    event.size_max.setValue(9)
    assert event.save_button.isEnabled()
    steps = window.ctx.undo_stack.count()
    event.save_button.click()
    after = _settings(window)
    assert (after.title, after.rounds, after.table_size_max) == ("Harbour dialogue", 3, 9)
    assert window.ctx.undo_stack.count() == steps + 1
    assert "Harbour dialogue" in window.windowTitle()
    assert not event.save_button.isEnabled()
    window.act_undo.trigger()
    assert _settings(window) == before
    assert event.title.text() == before.title and event.rounds.value() == before.rounds
    window.act_redo.trigger()
    assert _settings(window).title == "Harbour dialogue"


def test_refused_settings_change_nothing_and_say_why(window, event):
    """Minimum above target is refused: nothing is stored, no undo step, the reason is shown."""
    before = _settings(window)
    steps = window.ctx.undo_stack.count()
    event.size_min.setValue(before.table_size_target + 1)
    event.save_button.click()
    assert _settings(window) == before
    assert window.ctx.undo_stack.count() == steps
    assert not event.settings_problem.isHidden()
    assert "Table sizes must satisfy" in event.settings_problem.text()
    assert not context.REPORTED  # shown next to the form, not as a pop-up
    event.revert_button.click()
    assert event.size_min.value() == before.table_size_min and event.settings_problem.isHidden()


def test_empty_dates_and_distance_round_trip(window, event):
    """Clearing the date stores no date; the “prefer not to say” distance is stored."""
    event.date.setDate(event_panel.NO_DATE)
    event.unknown.setValue(0.75)
    assert event.save_settings()
    st = _settings(window)
    assert st.date is None and st.unknown_distance == 0.75


def test_dimension_rename_and_flags_undo(window, event):
    """Renaming a dimension and ticking “don't isolate” are separate undo steps."""
    event.select_dimension(_dims(window)["gender"].id)
    event.dim_name.setText("Gender identity")
    event.dim_name.editingFinished.emit()
    assert _dims(window)["gender"].name == "Gender identity"
    assert event.dim_list.currentItem().text() == "Gender identity"
    was = _dims(window)["gender"].dont_isolate
    event.dim_dont_isolate.setChecked(not was)
    assert _dims(window)["gender"].dont_isolate is (not was)
    window.act_undo.trigger()
    assert _dims(window)["gender"].dont_isolate is was
    window.act_undo.trigger()
    assert _dims(window)["gender"].name == "Gender"
    assert event.dim_name.text() == "Gender"


def test_refused_dimension_name_is_explained(window, event):
    """An empty dimension name is refused, the stored name shows again and the reason is displayed."""
    event.select_dimension(_dims(window)["gender"].id)
    event.dim_name.setText("   ")
    event.dim_name.editingFinished.emit()
    assert _dims(window)["gender"].name == "Gender"
    assert event.dim_name.text() == "Gender"
    assert "needs a name" in event.dim_problem.text() and not event.dim_problem.isHidden()


def test_categories_add_rename_reorder_with_undo(window, event, monkeypatch):
    """Categories can be added, renamed and moved (ordinal order is stored); each is undoable."""
    age = _dims(window)["age_band"]
    event.select_dimension(age.id)
    labels = [c.label for c in age.categories]
    event.cat_list.setCurrentRow(0)
    monkeypatch.setitem(context.record_errors_for_tests().answers, event_panel.ASK_KEY, "Under 12")
    event.add_cat_button.click()
    assert [c.label for c in _dims(window)["age_band"].categories][:2] == [labels[0], "Under 12"]
    event.cat_list.setCurrentRow(1)
    event.up_cat_button.click()
    assert [c.label for c in _dims(window)["age_band"].categories][:2] == ["Under 12", labels[0]]
    assert event.cat_list.currentRow() == 0 and event.cat_list.item(0).text() == "1. Under 12"
    monkeypatch.setitem(context.record_errors_for_tests().answers, event_panel.ASK_KEY, "Children")
    event.rename_cat_button.click()
    assert _dims(window)["age_band"].categories[0].label == "Children"
    for _step in range(3):
        window.act_undo.trigger()
    assert [c.label for c in _dims(window)["age_band"].categories] == labels


def test_removing_a_category_and_undo_restores_values(window, event):
    """Removing a used category removes its values; undo puts the category and the values back."""
    gender = _dims(window)["gender"]
    rows = window.ctx.read(people_service.list_people)
    cat = max(gender.categories, key=lambda c: sum(1 for r in rows if r.values.get("gender") == c.label))
    holders = {r.id for r in rows if r.values.get("gender") == cat.label}
    assert holders
    event.select_dimension(gender.id)
    event.cat_list.setCurrentRow([c.id for c in gender.categories].index(cat.id))
    event.remove_cat_button.click()
    assert cat.id not in {c.id for c in _dims(window)["gender"].categories}
    rows = window.ctx.read(people_service.list_people)
    assert not any(r.values.get("gender") == cat.label for r in rows)
    window.act_undo.trigger()
    rows = window.ctx.read(people_service.list_people)
    assert {r.id for r in rows if r.values.get("gender") == cat.label} == holders


def test_add_and_remove_dimension_with_undo(window, event, monkeypatch):
    """A new dimension can be added and removed again; undoing the removal restores it."""
    monkeypatch.setitem(context.record_errors_for_tests().answers, event_panel.ASK_KEY, "Favourite season")
    n = len(_dims(window))
    event.add_dim_button.click()
    dims = _dims(window)
    assert len(dims) == n + 1
    new = next(d for d in dims.values() if d.name == "Favourite season")
    assert event.dim_name.text() == "Favourite season"
    event.remove_dim_button.click()
    assert new.key not in _dims(window)
    window.act_undo.trigger()
    assert new.key in _dims(window)
    window.act_undo.trigger()
    assert new.key not in _dims(window) and len(_dims(window)) == n


def test_keyboard_in_the_category_list(qtbot, window, event, monkeypatch):
    """In the category list Insert adds, Ctrl+Down moves and Delete removes a category."""
    gender = _dims(window)["gender"]
    event.select_dimension(gender.id)
    event.cat_list.setFocus()
    event.cat_list.setCurrentRow(0)
    monkeypatch.setitem(context.record_errors_for_tests().answers, event_panel.ASK_KEY, "Non-binary")
    qtbot.keyClick(event.cat_list, Qt.Key.Key_Insert)
    labels = [c.label for c in _dims(window)["gender"].categories]
    assert labels[-1] == "Non-binary"
    event.cat_list.setCurrentRow(0)
    qtbot.keyClick(event.cat_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [c.label for c in _dims(window)["gender"].categories][:2] == [labels[1], labels[0]]
    event.cat_list.setCurrentRow(len(labels) - 1)
    qtbot.keyClick(event.cat_list, Qt.Key.Key_Delete)
    assert "Non-binary" not in [c.label for c in _dims(window)["gender"].categories]


def test_making_a_dimension_sensitive_removes_unconsented_values(window, event, monkeypatch):
    """Marking a dimension sensitive removes values held without consent (after asking); undo restores them."""
    from dialogue_app.ui import people_panel

    def holders():
        return {r.id for r in window.ctx.read(people_service.list_people) if "neighbourhood" in r.values}

    dim = _dims(window)["neighbourhood"]
    before = holders()
    assert before and not dim.sensitive
    event.select_dimension(dim.id)
    monkeypatch.setitem(context.record_errors_for_tests().answers, people_panel.CONFIRM_KEY, False)
    event.dim_sensitive.setChecked(True)
    assert not _dims(window)["neighbourhood"].sensitive and holders() == before
    assert not event.dim_sensitive.isChecked()
    monkeypatch.setitem(context.record_errors_for_tests().answers, people_panel.CONFIRM_KEY, True)
    event.dim_sensitive.setChecked(True)
    assert _dims(window)["neighbourhood"].sensitive and holders() == set()
    window.act_undo.trigger()
    assert not _dims(window)["neighbourhood"].sensitive and holders() == before


def test_removing_a_sensitive_dimension_and_undo_restores_values_and_consents(window, event):
    """Undoing the removal of a sensitive dimension restores both the values and the consents behind them."""
    origin = _dims(window)["origin"]
    rows = window.ctx.read(people_service.list_people)
    holder = next(r for r in rows if "origin" in r.values)
    before = window.ctx.read(lambda s: people_service.get_person(s, holder.id))
    assert origin.id in before.consents and origin.id in before.values
    event.select_dimension(origin.id)
    event.remove_dim_button.click()
    assert "origin" not in _dims(window)
    window.act_undo.trigger()
    after = window.ctx.read(lambda s: people_service.get_person(s, holder.id))
    assert after.consents == before.consents and after.values == before.values
