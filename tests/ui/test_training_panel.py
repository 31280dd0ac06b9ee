"""The Training area inside the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import shutil

import pytest

from dialogue_app.ui import context

pytestmark = pytest.mark.qt


@pytest.fixture
def training_window(qtbot, tmp_path):
    from dialogue_app.training.demo import create_demo_training
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
    from dialogue_app.training.demo import create_demo_training
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
