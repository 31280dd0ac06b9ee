"""Tasks that tell the truth: an error of a background task is never hidden under its
progress dialog, long tasks report real progress, and a failed PDF leaves nothing stale."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog

from dialogue_app import storage
from dialogue_app.errors import DialogueError
from dialogue_app.ui import context

pytestmark = pytest.mark.qt


def visible_progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def watch_error_boxes(ctx) -> list[dict]:
    """Record, for each error box, what is on screen while the user would read it: the box
    runs its own event loop for a while (here: 700 ms), in which a pending progress dialog
    would pop up above it."""
    seen: list[dict] = []

    def on_box(box) -> None:
        QTest.qWait(700)
        seen.append({"text": box.text(), "parent": box.parent(), "progress": visible_progress_dialogs()})

    ctx.error_shown.connect(on_box)
    return seen


def test_a_quickly_failing_pdf_shows_its_error_without_a_progress_dialog(window, qtbot):
    """Reports, tables "1, 999": the error box belongs to the main window and no "0 %"
    progress dialog opens while (or after) it is shown."""
    seen = watch_error_boxes(window.ctx)
    panel = window.show_area("reports")
    panel.tables.setText("1, 999")
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None, timeout=30000)
    assert len(seen) == 1 and "999" in seen[0]["text"]
    assert seen[0]["progress"] == [], "a progress dialog is shown while the error box is open"
    assert seen[0]["parent"] is window
    QTest.qWait(400)
    assert visible_progress_dialogs() == []


def test_planning_without_tables_shows_its_error_on_top(qtbot, tmp_path):
    """Tables ▸ Plan in an event whose people cannot be seated (6 people, one table of 2: the
    plan fails at once): the error is on top, the progress dialog is gone. (An event with no
    tables at all no longer fails: Plan opens the tables editor.)"""
    from dialogue_app.services import events, people, tables
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    store = storage.create_event_file(tmp_path / "empty.dialogue")
    with store.session() as s:
        events.create_event(s, "No tables", lang="en")
        for i in range(6):
            people.save_person(s, replace(people.new_person(), first_name=f"P{i}", last_name="Test"))
        tables.add_tables(s, 1, capacity=(2, 2))
    store.close()
    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.open_path(tmp_path / "empty.dialogue")
    seen = watch_error_boxes(win.ctx)
    panel = win.show_area("tables")
    view = panel.plan_view
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=20000)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0]["progress"] == [] and seen[0]["parent"] is win
    assert len(context.REPORTED) == 1 and isinstance(context.REPORTED[0], DialogueError)
    win.ctx.close_event()


def test_a_failed_pdf_clears_the_preview_and_disables_save(window, qtbot, tmp_path):
    """After badges were made, a failed document (table 999) says it could not be made and
    why, shows no preview, and Save PDF… is disabled (it would save the old badges)."""
    panel = window.show_area("reports")
    panel.docs.setCurrentRow(0)
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None, timeout=60000)
    assert panel.save_button.isEnabled() and panel.pdf.pageCount() > 0
    panel.tables.setText("999")
    panel.create_button.click()
    assert not panel.save_button.isEnabled()  # nothing to save while it is being made
    qtbot.waitUntil(lambda: panel.handle is None, timeout=30000)
    assert "could not be made" in panel.status.text() and "999" in panel.status.text()
    assert "Creating" not in panel.status.text()
    assert panel.pdf.pageCount() == 0
    assert not panel.save_button.isEnabled()
    assert panel.save_pdf(tmp_path / "stale.pdf") is None and not (tmp_path / "stale.pdf").exists()
    panel.tables.setText("")
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None, timeout=60000)
    assert panel.save_button.isEnabled() and panel.pdf.pageCount() > 0
