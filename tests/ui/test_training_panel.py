"""The Training area inside the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import shutil

import pytest

from dialogue_app.ui import context
from dialogue_app.ui import dialogs as dialog_service

pytestmark = pytest.mark.qt


@pytest.fixture
def training_window(qtbot, tmp_path):
    from dialogue_app.services.training.demo import create_demo_training
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    context.record_errors_for_tests()
    path = create_demo_training(tmp_path / "t.dialogue", trainees=12)
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.open_path(path)
    panel = window.show_area("training")
    yield window, panel
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_panel_lists_trainees_ready_filter_and_practice(training_window):
    """The roster, the ready filter, attendance grid and practice tables are filled from the services."""
    _window, panel = training_window
    assert panel.trainee_model.rowCount() == 12
    panel.ready_only.setChecked(True)
    ready = sum(t.ready and t.track == "facilitator" for t in panel.trainees)
    assert panel.trainee_model.rowCount() == ready
    assert panel.att_model.columnCount() == 1 + len(panel.sessions)
    assert panel.practice_model.rowCount() == len(panel.practice) > 0
    assert "facilitat" in panel.card_view.toPlainText()


def test_attendance_cycles_and_undoes(training_window):
    """Double-clicking an attendance cell cycles its status; Undo restores it."""
    _window, panel = training_window
    idx = panel.att_proxy.index(0, 1)
    before = panel.att_model.rows[panel.att_proxy.mapToSource(idx).row()][1]
    panel._cycle_attendance(idx)
    after = panel.att_model.rows[panel.att_proxy.mapToSource(panel.att_proxy.index(0, 1)).row()][1]
    assert after != before
    panel.ctx.undo_stack.undo()
    again = panel.att_model.rows[panel.att_proxy.mapToSource(panel.att_proxy.index(0, 1)).row()][1]
    assert again == before
    assert not context.REPORTED


def test_rehearse_opens_facilitator_screen_with_fast_clock(training_window, qtbot):
    """Rehearse opens the facilitator screen on the selected practice table with the chosen speed."""
    _window, panel = training_window
    panel.speed_combo.setCurrentIndex(panel.speed_combo.findData(4))
    panel.tabs.setCurrentIndex(2)
    panel.rehearse()
    dlg = panel.rehearsals[-1]
    p = panel._current_practice()
    assert dlg.panel.table_id == p.table_id
    assert dlg.clock.factor == 4
    assert dlg.panel.timer.clock is dlg.clock
    dlg.close()


def _mnemonics(root, extra_texts) -> list[str]:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    texts = list(extra_texts)
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if (isinstance(w, QLabel) and w.buddy() is not None) or isinstance(w, QAbstractButton):
            texts.append(w.text())
    keys = []
    for t in texts:
        m = re.search(r"&([^&\s])", t.replace("&&", ""))
        if m:
            keys.append(m.group(1).lower())
    return keys


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_no_clashing_mnemonics_on_any_page(qtbot, tmp_path, lang):
    """On each page of the Training area (with the tab titles, the menus and the bottom button) no two
    controls share an Alt+letter, in English, Dutch and French."""
    from dialogue_app import i18n
    from dialogue_app.services.training.demo import create_demo_training
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    context.record_errors_for_tests()
    previous = i18n.current_language()
    i18n.set_language(lang)
    try:
        path = create_demo_training(tmp_path / "t.dialogue", trainees=6)
        window = MainWindow(AppContext())
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        assert window.open_path(path)
        panel = window.show_area("training")
        tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
        menus = [a.text() for a in window.menuBar().actions()]
        menu_keys = _mnemonics(window.menuBar(), menus)
        assert len(menu_keys) == len(menus)  # only the menu titles
        for i in range(panel.tabs.count()):
            panel.tabs.setCurrentIndex(i)
            keys = _mnemonics(panel, tabs + menus)
            clashes = sorted({k for k in keys if keys.count(k) > 1} - {k for k in menu_keys if menu_keys.count(k) > 1})
            assert clashes == [], (lang, tabs[i], clashes)
    finally:
        i18n.set_language(previous)


def test_dialogue_event_offers_a_new_training_event(qtbot, tmp_path, demo_path):
    """On a dialogue event the area says so and "New training event…" creates and opens an empty
    training event, where trainees can then be added."""
    from dialogue_app.services import training as tr
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    context.record_errors_for_tests()
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.open_path(demo_path)
    panel = window.show_area("training")
    assert panel.banner.isVisible() and panel.new_training_button.isVisible()
    assert not panel.add_trainee_button.isEnabled()
    keys = _mnemonics(panel, [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
                      + [a.text() for a in window.menuBar().actions()])
    assert sorted({k for k in keys if keys.count(k) > 1}) == []
    assert panel.create_training_event(tmp_path / "new")
    panel = window.show_area("training")
    assert not panel.banner.isVisible() and panel.add_trainee_button.isEnabled()
    window.ctx.write(lambda s: tr.add_trainee(s, tr.TraineeData("Ana", "Silva")), areas={"training"})
    assert panel.trainee_model.rowCount() == 1
    assert not context.REPORTED


# --- correcting the roster and the sessions -------------------------------------------------

def _trainee_index(panel, name):
    """The view index of the trainee called ``name`` in the roster."""
    row = [r[0] for r in panel.trainee_model.rows].index(name)
    return panel.trainee_proxy.mapFromSource(panel.trainee_model.index(row, 0))


def _names(panel) -> list[str]:
    return sorted(r[0] for r in panel.trainee_model.rows)


def _headers(panel) -> list[str]:
    return list(panel.att_model.headers)


@pytest.fixture
def answers(monkeypatch):
    """Confirmation questions are really built as QMessageBoxes; their texts are recorded and the
    answer is taken from the list (Yes by default)."""
    from PySide6.QtWidgets import QMessageBox


    asked: list[tuple[str, str]] = []
    replies: list[bool] = []

    def fake_exec(box):
        asked.append((box.windowTitle(), box.text()))
        ok = replies.pop(0) if replies else True
        return QMessageBox.StandardButton.Yes if ok else QMessageBox.StandardButton.No

    # the questions open as real message boxes (answered by fake_exec), not by the unattended service
    monkeypatch.setattr(dialog_service.Unattended, "confirm", dialog_service.Dialogs.confirm)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked, replies


def test_double_click_edits_a_trainee_and_undo_restores_the_name(training_window, qtbot, monkeypatch):
    """Double-clicking a trainee opens "Edit trainee" filled with their details; the corrected name,
    track and city show in the roster, the attendance grid and the path; Edit ▸ Undo brings the old ones back."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from dialogue_app.services import training as tr
    from dialogue_app.ui.training.dialogs import TraineeDialog

    window, panel = training_window
    t = panel.trainees[0]
    seen = {}

    def fake_exec(dlg):
        seen.update(title=dlg.windowTitle(), first=dlg.first.text(), city=dlg.city.text())
        dlg.first.setText("Corrected")
        dlg.track.setCurrentIndex(dlg.track.findData("coordinator"))
        dlg.city.setText("  Utrecht ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TraineeDialog, "exec", fake_exec)
    idx = _trainee_index(panel, t.name)
    rect = panel.trainee_view.visualRect(idx)
    qtbot.mouseClick(panel.trainee_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.trainee_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == {"title": "Edit trainee", "first": t.first_name, "city": t.city}
    new_name = f"Corrected {t.last_name}".strip()
    assert new_name in _names(panel) and t.name not in _names(panel)
    row = panel.trainee_model.rows[panel.trainee_model.keys.index(t.id)]
    assert (row[1], row[2]) == ("Coordinator", "Utrecht")
    assert new_name in [r[0] for r in panel.att_model.rows]
    assert new_name in panel.path_view.toPlainText()  # the edited trainee stays selected
    assert window.act_undo.text() == f"&Undo Edit {new_name}"
    email = window.ctx.read(lambda s: tr.trainee_data(s, t.id)).email
    window.act_undo.trigger()
    assert t.name in _names(panel) and new_name not in _names(panel)
    assert window.ctx.read(lambda s: tr.trainee_data(s, t.id)).email == email
    window.act_redo.trigger()
    assert new_name in _names(panel)
    assert not context.REPORTED


def test_an_edit_without_a_name_keeps_the_dialog_open_and_changes_nothing(training_window, qtbot, monkeypatch):
    """Clearing both names and pressing OK shows the problem inside the dialog (no error popup, no undo
    step); cancelling then leaves the trainee as they were."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from dialogue_app.ui.training.dialogs import TraineeDialog

    window, panel = training_window
    panel.trainee_view.setCurrentIndex(panel.trainee_proxy.index(0, 0))
    before = list(panel.trainee_model.rows)
    problems = []

    def fake_exec(dlg):
        if dlg.problem.isHidden():
            dlg.first.setText(" ")
            dlg.last.setText("")
            return QDialog.DialogCode.Accepted
        problems.append(dlg.problem.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(TraineeDialog, "exec", fake_exec)
    panel.trainee_view.setFocus()
    qtbot.keyClick(panel.trainee_view, Qt.Key.Key_Return)  # Enter opens the editor too
    assert problems and "name" in problems[0]
    assert panel.trainee_model.rows == before
    assert window.ctx.undo_stack.count() == 0
    assert not context.REPORTED


def test_added_trainee_is_selected_and_adding_can_be_undone(training_window, monkeypatch):
    """"Add trainee…" adds the trainee, selects them, and Edit ▸ Undo removes them again."""
    from PySide6.QtWidgets import QDialog

    from dialogue_app.ui.training.dialogs import TraineeDialog

    window, panel = training_window
    n = panel.trainee_model.rowCount()

    def fake_exec(dlg):
        assert dlg.windowTitle() == "Add trainee"
        dlg.first.setText("Zoë")
        dlg.last.setText("Nieuw")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TraineeDialog, "exec", fake_exec)
    panel.add_trainee_button.click()
    assert panel.trainee_model.rowCount() == n + 1
    assert panel._current_trainee().name == "Zoë Nieuw"
    window.act_undo.trigger()
    assert panel.trainee_model.rowCount() == n and "Zoë Nieuw" not in _names(panel)
    window.act_redo.trigger()
    assert "Zoë Nieuw" in _names(panel)
    assert not context.REPORTED


def test_remove_trainee_with_delete_key_asks_first_and_undo_brings_everything_back(training_window, qtbot,
                                                                                 answers):
    """Delete on the roster asks "Remove trainee" naming the trainee and mentioning Ctrl+Z; No keeps them,
    Yes removes them from the roster and the attendance grid; Undo restores their attendance and turns."""
    from PySide6.QtCore import Qt

    window, panel = training_window
    asked, replies = answers
    t = max(panel.trainees, key=lambda x: (x.sessions_attended, x.turns))
    grid_row = panel.att_model.rows[panel.att_model.keys.index(t.id)]
    n = panel.trainee_model.rowCount()
    panel.trainee_view.setCurrentIndex(_trainee_index(panel, t.name))
    panel.trainee_view.setFocus()
    replies.append(False)
    qtbot.keyClick(panel.trainee_view, Qt.Key.Key_Delete)
    assert asked[-1][0] == "Remove trainee"
    assert t.name in asked[-1][1] and "Ctrl+Z" in asked[-1][1]
    assert panel.trainee_model.rowCount() == n
    qtbot.keyClick(panel.trainee_view, Qt.Key.Key_Delete)
    assert panel.trainee_model.rowCount() == n - 1
    assert t.id not in panel.att_model.keys and t.name not in _names(panel)
    assert window.act_undo.text() == f"&Undo Remove {t.name}"
    window.act_undo.trigger()
    assert panel.trainee_model.rowCount() == n
    back = next(x for x in panel.trainees if x.id == t.id)
    assert back == t
    assert panel.att_model.rows[panel.att_model.keys.index(t.id)] == grid_row
    assert not context.REPORTED


def test_edit_and_remove_act_on_the_session_of_the_current_column(training_window, qtbot, monkeypatch, answers):
    """The session buttons work on the column of the current cell (named above the grid): editing changes
    its header and keeps the column current; removing asks, drops the column, and Undo restores the session
    with its attendance."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from dialogue_app.ui.training.dialogs import SessionDialog

    window, panel = training_window
    asked, _replies = answers
    panel.tabs.setCurrentIndex(1)
    panel.att_view.setCurrentIndex(panel.att_proxy.index(0, 0))
    assert not panel.edit_session_button.isEnabled() and not panel.remove_session_button.isEnabled()
    target = panel.sessions[1]
    panel.att_view.setCurrentIndex(panel.att_proxy.index(3, 2))
    assert panel.edit_session_button.isEnabled() and panel.remove_session_button.isEnabled()
    assert target.title in panel.session_choice.text()
    column = [r[2] for r in panel.att_model.rows]
    seen = {}

    def fake_exec(dlg):
        seen.update(title=dlg.windowTitle(), text=dlg.title.text(), minutes=dlg.minutes.value())
        dlg.title.setText("Evening practice")
        dlg.minutes.setValue(90)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SessionDialog, "exec", fake_exec)
    qtbot.mouseClick(panel.edit_session_button, Qt.MouseButton.LeftButton)
    assert seen == {"title": "Edit session", "text": target.title, "minutes": target.minutes}
    assert _headers(panel)[2].startswith("Evening practice")
    assert panel._current_session().id == target.id and "Evening practice" in panel.session_choice.text()
    assert [r[2] for r in panel.att_model.rows] == column

    headers = _headers(panel)
    qtbot.mouseClick(panel.remove_session_button, Qt.MouseButton.LeftButton)
    assert asked[-1][0] == "Remove session"
    assert "Evening practice" in asked[-1][1] and "Ctrl+Z" in asked[-1][1]
    assert f"attendance recorded for {sum(1 for c in column if c)} trainees" in asked[-1][1]
    assert len(_headers(panel)) == len(headers) - 1
    assert not any(h.startswith("Evening practice") for h in _headers(panel))
    window.act_undo.trigger()
    assert _headers(panel) == headers
    assert [r[2] for r in panel.att_model.rows] == column
    window.act_undo.trigger()  # the edit
    assert _headers(panel)[2].startswith(target.title)
    assert not context.REPORTED


def _open_read_only(qtbot, tmp_path, monkeypatch):
    """A training event opened read-only because another instance holds it."""
    from dialogue_app import storage
    from dialogue_app.errors import EventFileInUse
    from dialogue_app.services.training.demo import create_demo_training
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    path = create_demo_training(tmp_path / "t.dialogue", trainees=6)
    real_open = storage.open_event_file

    def held_elsewhere(p, read_only=False, **kw):
        if not read_only:
            raise EventFileInUse("in use")
        return real_open(p, read_only=True, **kw)

    monkeypatch.setattr(storage, "open_event_file", held_elsewhere)
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path) and window.ctx.store.read_only
    return window


def test_edit_and_remove_are_disabled_when_the_file_is_read_only(qtbot, tmp_path, monkeypatch):
    """A file opened read-only (in use elsewhere) offers no edit or remove buttons, and Delete does nothing."""
    from PySide6.QtCore import Qt

    window = _open_read_only(qtbot, tmp_path, monkeypatch)
    panel = window.show_area("training")
    panel.trainee_view.setCurrentIndex(panel.trainee_proxy.index(0, 0))
    panel.att_view.setCurrentIndex(panel.att_proxy.index(0, 1))
    for b in (panel.edit_trainee_button, panel.remove_trainee_button, panel.edit_session_button,
              panel.remove_session_button, panel.add_trainee_button, panel.add_session_button):
        assert not b.isEnabled(), b.text()
    n = panel.trainee_model.rowCount()
    panel.trainee_view.setFocus()
    qtbot.keyClick(panel.trainee_view, Qt.Key.Key_Delete)
    assert panel.trainee_model.rowCount() == n
    window.ctx.close_event()


def test_an_edit_on_a_read_only_file_is_refused_in_words(qtbot, tmp_path, monkeypatch):
    """An edit that reaches a read-only file anyway says the file is read-only and leaves
    no undo step behind (before, it vanished silently)."""
    from dialogue_app.errors import EventFileReadOnly
    from dialogue_app.services import training as tr

    context.record_errors_for_tests()
    context.REPORTED.clear()
    window = _open_read_only(qtbot, tmp_path, monkeypatch)
    ok = window.ctx.apply(tr.AddTrainee(tr.TraineeData("Ada"), "Add trainee"), areas={"training"})
    assert not ok and window.ctx.undo_stack.count() == 0
    assert isinstance(context.REPORTED[-1], EventFileReadOnly)
    assert "read-only" in context.REPORTED[-1].message
    window.ctx.close_event()


def test_trainee_actions_need_a_selected_trainee(training_window):
    """Record step, add to a dialogue event, edit and remove are offered only once a trainee is selected."""
    _w, panel = training_window
    panel.trainee_view.setCurrentIndex(panel.trainee_proxy.index(-1, -1))
    panel.trainee_view.clearSelection()
    actions = (panel.step_button, panel.assign_button, panel.edit_trainee_button, panel.remove_trainee_button)
    assert not any(b.isEnabled() for b in actions)
    panel.trainee_view.setCurrentIndex(panel.trainee_proxy.index(0, 0))
    assert all(b.isEnabled() for b in actions)


def test_an_edit_that_only_adds_spaces_adds_no_undo_step(training_window, monkeypatch):
    """OK after typing only spaces around a name changes nothing stored, so Edit ▸ Undo stays empty."""
    from PySide6.QtWidgets import QDialog

    from dialogue_app.ui.training.dialogs import TraineeDialog

    window, panel = training_window
    panel.trainee_view.setCurrentIndex(panel.trainee_proxy.index(0, 0))

    def fake_exec(dlg):
        dlg.first.setText(f"  {dlg.first.text()} ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TraineeDialog, "exec", fake_exec)
    panel.edit_trainee()
    assert window.ctx.undo_stack.count() == 0
    assert not context.REPORTED
