"""Class 2 of issue 28 in the app: the save dialogs write through the same safe writer.

The file dialog has already asked before replacing an existing file, so an ordinary
file is replaced; an event file never is (whatever its name), and the user sees why.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest

pytest.importorskip("PySide6")

from dialogue_app.ui import context
from tests.ui.conftest import _no_modal, window  # noqa: F401 - the GUI fixtures


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_dialog_never_replaces_an_event_file(window, qtbot, tmp_path):  # noqa: F811
    """File ▸ Export data… onto an event file named like a CSV reports one clear error and leaves
    the event file as it was; onto an ordinary existing CSV it replaces it (the dialog asked)."""
    victim = tmp_path / "budget.csv"
    shutil.copyfile(window.ctx.path, victim)
    before = _digest(victim)
    dialog = window.export_data()
    kinds = [dialog.kinds.item(i).data(256) for i in range(dialog.kinds.count())]
    dialog.kinds.setCurrentRow(kinds.index("seating-csv"))
    dialog.export(victim)
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=20000)
    assert _digest(victim) == before
    assert len(context.REPORTED) == 1 and "is an event file" in str(context.REPORTED[0])
    context.REPORTED.clear()
    plain = tmp_path / "seating.csv"
    plain.write_text("old\n", encoding="utf-8")
    dialog.export(plain)
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=20000)
    assert context.REPORTED == []
    assert "Participant code" in plain.read_text(encoding="utf-8-sig")
    dialog.close()


def test_reports_panel_never_saves_a_pdf_over_an_event_file(window, qtbot, tmp_path):  # noqa: F811
    """Reports ▸ Save PDF onto an event file named ``x.pdf`` reports an error and keeps the file."""
    panel = window.show_area("reports")
    panel.docs.setCurrentRow(0)
    panel.tables.setText("1")
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None and panel.pdf.pageCount() > 0, timeout=30000)
    victim = tmp_path / "x.pdf"
    shutil.copyfile(window.ctx.path, victim)
    before = _digest(victim)
    assert panel.save_pdf(victim) is None
    assert _digest(victim) == before
    assert len(context.REPORTED) == 1 and "is an event file" in str(context.REPORTED[0])


def test_save_a_copy_never_replaces_an_event_open_elsewhere(window, tmp_path, monkeypatch):  # noqa: F811
    """File ▸ Save a copy onto an event file another instance holds open is refused with a message;
    that event keeps its bytes. (The file dialog's answer is the only thing stubbed.)"""
    from PySide6.QtWidgets import QFileDialog

    from dialogue_app import storage

    other = tmp_path / "other.dialogue"
    shutil.copyfile(window.ctx.path, other)
    held = storage.open_event_file(other)  # "another window": it holds the event lock
    try:
        before = _digest(other)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(other), "")))
        window.save_copy()
        assert _digest(other) == before
        assert len(context.REPORTED) == 1 and "open in another window" in str(context.REPORTED[0])
    finally:
        held.close()
