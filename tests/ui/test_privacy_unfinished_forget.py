"""Issue 28, class 3 in the app: a forget that another reader kept from finishing says so (no
"Done"), and is finished when the event is opened again."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox

from dialogue_app import storage
from dialogue_app.services.privacy import scrub
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "privacy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from privacy_helpers import EMAIL, FIRST, LAST, PHONE, add_marked_person

from tests.hardening.scan import scan


def test_forget_blocked_by_a_reader_warns_then_finishes_when_the_event_is_opened_again(
        qtbot, demo_path, monkeypatch, isolated_data_dir, tmp_path):
    """With another program reading the file, "Forget this person…" shows a problem (not "Done") and
    the person is gone from the page; reopening the event afterwards finishes the job: no byte of the
    person in any file of the event's folder or the data folder."""
    context.record_errors_for_tests()
    context.REPORTED.clear()
    monkeypatch.setattr(scrub, "WAIT", 0.5)
    store = storage.open_event_file(demo_path)
    marked = add_marked_person(store)
    store.close()
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(demo_path)
    panel = w.show_area("privacy")
    panel.search.setText(marked.code)
    panel._refresh_people()
    panel.people_view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    reader = sqlite3.connect(demo_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM person").fetchone()
    try:
        panel.forget_button.click()
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert "forgotten" not in panel.request_message.text()
    assert context.REPORTED and "another window or program" in str(context.REPORTED[-1])
    error_box = context.error_box(context.REPORTED[-1], w)
    error_box.show()
    qtbot.waitExposed(error_box)
    error_box.grab().save(str(tmp_path / "unfinished-forget.png"))
    error_box.close()
    panel._refresh_people()
    assert panel.people_model.rowCount() == 0
    context.REPORTED.clear()

    w.ctx.close_event()
    assert w.open_path(demo_path)
    assert context.REPORTED == []
    w.ctx.close_event()
    assert scan([demo_path.parent, isolated_data_dir], (f"{FIRST} {LAST}", LAST, EMAIL, PHONE)) == []
