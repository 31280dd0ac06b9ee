"""The privacy page in the real main window: overview, consent texts, withdraw, forget,
and the retention banner."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox

from dialogue_app import storage
from dialogue_app.services import privacy
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "privacy"))
from privacy_helpers import add_marked_person, find_in_files


@pytest.fixture
def window(qtbot, demo_path):
    context.record_errors_for_tests()
    store = storage.open_event_file(demo_path)
    marked = add_marked_person(store)
    store.close()
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(demo_path)
    w.marked = marked
    yield w
    w.ctx.close_event()


def test_privacy_page_shows_facts_and_forgets(window, qtbot, monkeypatch, tmp_path):
    """The page names the file and retention, counts consent, finds a person by code,
    exports their data and forgets them after confirmation."""
    panel = window.show_area("privacy")
    assert panel.__class__.__name__ == "PrivacyPanel"
    assert str(window.ctx.path) in panel.where.text()
    assert "2027" in panel.retention_status.text()
    assert panel.consent_model.rowCount() == 2
    assert panel.text_edit.toPlainText().startswith("I agree")
    panel.grab().save(str(tmp_path / "privacy.png"))
    panel.search.setText(window.marked.code)
    panel._refresh_people()
    assert panel.people_model.rowCount() == 1
    panel.people_view.selectRow(0)
    assert panel.forget_button.isEnabled() and panel.person_consent_model.rowCount() == 2

    out = tmp_path / "sa.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.access_button.click()
    assert out.exists() and window.marked.code in out.read_text(encoding="utf-8")

    panel._withdraw()
    assert "value was deleted" in panel.request_message.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.forget_button.click()
    assert "was forgotten" in panel.request_message.text()
    assert panel.people_model.rowCount() == 0
    assert find_in_files(window.ctx.path, window.marked.identifiers) == []
    assert context.REPORTED == []


def test_consent_text_edit_makes_version(window):
    """Saving an edited consent text shows version 2."""
    panel = window.show_area("privacy")
    panel.text_edit.setPlainText("Our own wording.")
    panel.save_text.click()
    assert panel.text_info.text().startswith("Version 2")


def test_retention_banner(window, qtbot, demo_path, monkeypatch):
    """Opening an event past its retention date shows the banner; a later date hides it."""
    assert window.retention_banner.isHidden()
    with window.ctx.store.session() as s:
        privacy.set_retention_date(s, dt.date(2026, 12, 1))
    window.ctx.close_event()
    real = privacy.retention_status
    monkeypatch.setattr(privacy, "retention_status", lambda s, today=None: real(s, today=dt.date(2027, 1, 1)))
    assert window.open_path(demo_path)
    assert not window.retention_banner.isHidden()
    assert "has passed" in window.retention_banner.message.text()
    with window.ctx.store.session() as s:
        privacy.set_retention_date(s, dt.date(2027, 6, 1))
    window.ctx.close_event()
    assert window.open_path(demo_path)
    assert window.retention_banner.isHidden()
