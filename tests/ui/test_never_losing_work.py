"""Never losing work: unsaved event settings are asked about before the event goes (quit,
the window's close button, File ▸ Close event, opening another event); closing leaves no
stale panel behind; notes typed just before closing are kept; a file without its event
is not opened."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from dialogue_app import storage
from dialogue_app.services import events
from dialogue_app.ui import areas, context, unsaved

pytestmark = pytest.mark.qt
Button = QMessageBox.StandardButton


@contextlib.contextmanager
def real_question(button: Button) -> Iterator[list[str]]:
    """Within the block the question really opens and ``button`` is pressed in it, as a
    user would; the questions asked are collected. (Outside, tests answer Discard, so
    pytest-qt closing the window never waits for a user.)"""
    asked: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    answers = context.record_errors_for_tests().answers
    saved = answers.pop(unsaved.KEY, None)
    QTimer.singleShot(0, press)
    try:
        yield asked
    finally:
        if saved is not None:
            answers[unsaved.KEY] = saved


def edit_title(window, text: str):
    """Type a new title in Event settings, as a user would (not saved)."""
    panel = window.show_area("event")
    panel.title.setFocus()
    panel.title.selectAll()
    QTest.keyClicks(panel.title, text)
    assert panel.title.text() == text
    assert panel.save_button.isEnabled()
    return panel


def stored_title(path) -> str:
    with storage.open_event_file(path, lock=False, read_only=True) as store, store.session() as s:
        return events.get_settings(s).title


def test_quit_with_unsaved_settings_asks_and_cancel_keeps_everything(window, qtbot):
    """File ▸ Quit (Ctrl+Q) with an edited title asks "Save changes to the event settings?";
    Cancel keeps the window, the event and the typed title."""
    panel = edit_title(window, "Edited title")
    with real_question(Button.Cancel) as asked:
        window.act_quit.trigger()
    assert asked == ["Save changes to the event settings?"]
    assert window.isVisible() and window.ctx.has_event
    assert panel.title.text() == "Edited title" and panel.save_button.isEnabled()


def test_the_window_close_button_can_save_the_settings(window, qtbot, demo_path):
    """Closing the window (its close button) and answering Save stores the edited title."""
    edit_title(window, "Saved on quit")
    with real_question(Button.Save) as asked:
        assert window.close()
    assert asked == ["Save changes to the event settings?"] and not window.ctx.has_event
    assert stored_title(demo_path) == "Saved on quit"


def test_close_event_can_discard_the_settings(window, qtbot, demo_path):
    """File ▸ Close event and Discard: the event closes and the stored title is unchanged."""
    before = stored_title(demo_path)
    edit_title(window, "Thrown away")
    with real_question(Button.Discard) as asked:
        window.act_close.trigger()
    assert asked and not window.ctx.has_event
    assert stored_title(demo_path) == before


def test_opening_another_event_asks_first(window, qtbot, demo_path, tmp_path):
    """Opening another event with unsaved settings asks; Cancel keeps the current event open."""
    other = tmp_path / "other.dialogue"
    shutil.copyfile(demo_path, other)
    edit_title(window, "Still here")
    with real_question(Button.Cancel) as asked:
        assert not window.open_path(other)
    assert asked and window.ctx.path == demo_path.resolve()
    assert window.show_area("event").title.text() == "Still here"


def test_nothing_is_asked_without_unsaved_edits(window, qtbot):
    """With nothing unsaved, Close event closes at once (no question)."""
    window.show_area("event")
    window.act_close.trigger()
    assert not window.ctx.has_event and QApplication.activeModalWidget() is None


def test_close_after_visiting_every_area_leaves_nothing_stale(window, qtbot, demo_path):
    """Visit every area (Reports with a PDF made), close the event, click around (areas,
    shortcuts, a change signal), reopen and visit everything again: no error, and no old
    panel is still listening to the event."""
    for spec in areas.AREAS:
        assert window.show_area(spec.key) is not None
    reports = window.show_area("reports")
    reports.create_button.click()
    qtbot.waitUntil(lambda: reports.handle is None, timeout=60000)
    old = list(window._panels.values())
    window.act_close.trigger()
    assert not window.ctx.has_event and window.pages.count() == 0
    assert all(not p.isEnabled() for p in old)
    for row in range(len(areas.AREAS)):
        window.show_area_row(row)
        window.area_actions[row].trigger()
    window.ctx.data_changed.emit(set(context.AREAS))
    QTest.qWait(50)
    assert window.central.currentIndex() == 0 and window.pages.count() == 0
    assert window.open_path(demo_path)
    for spec in areas.AREAS:
        assert window.show_area(spec.key) is not None
    assert window.show_area("reports") is not reports
    assert context.REPORTED == []


def test_notes_typed_just_before_closing_are_kept(qtbot, demo_path):
    """A facilitator's notes typed a moment before File ▸ Close event are in the file."""
    from dialogue_app.services import facilitation as fac
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow
    from tests.ui.test_facilitation_ui import seat

    seat(demo_path, 1, 5)
    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(demo_path)
    panel = win.show_area("facilitation")
    table_id = panel.table_combo.currentData()
    panel.notes_edit.setPlainText("Ask Sem more")
    win.act_close.trigger()
    assert not win.ctx.has_event
    with storage.open_event_file(demo_path) as store, store.session() as s:
        assert fac.load_session(s, table_id, 1).notes == "Ask Sem more"


def test_a_file_without_its_event_is_not_opened(window, qtbot, tmp_path):
    """An event file whose event row is gone says so clearly and is not opened: the current
    event stays open and no panel fails."""
    from dialogue_app.errors import EventFileCorrupt

    broken = tmp_path / "no-event.dialogue"
    storage.create_event_file(broken).close()
    current = window.ctx.path
    assert not window.open_path(broken)
    assert len(context.REPORTED) == 1 and isinstance(context.REPORTED[0], EventFileCorrupt)
    assert "no event in it" in str(context.REPORTED[0])
    assert window.ctx.path == current
    window.act_close.trigger()
    assert not window.open_path(broken) and not window.ctx.has_event
    assert window.central.currentIndex() == 0
