"""Issue 28, class 6 in the app: opening a damaged event offers its newest backup."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dialogue_app import storage
from dialogue_app.services.events import current_event
from dialogue_app.storage import backups
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow


def _damage(path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(4096 * 6)
        fh.write(b"\xde\xad\xbe\xef" * 4096)


@pytest.mark.parametrize("answer", [True, False])
def test_opening_a_damaged_event_offers_its_newest_backup(qtbot, demo_path, monkeypatch, answer):
    """Accepting restores the newest backup (the damaged bytes are kept as a "damaged" backup) and the event
    opens; declining leaves the file as it was and only reports the damage."""
    dialogs = context.record_errors_for_tests()
    context.REPORTED.clear()
    store = storage.open_event_file(demo_path)
    backups.make_backup(store)
    store.close()
    _damage(demo_path)
    damaged = demo_path.read_bytes()
    monkeypatch.setitem(dialogs.answers, "restore_backup", answer)
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    opened = w.open_path(demo_path)
    assert opened is answer
    if answer:
        assert context.REPORTED == [] and w.ctx.has_event
        w.ctx.close_event()
        assert storage.integrity_check(demo_path) == "ok"
        assert any(b.label == "damaged" for b in backups.list_backups(demo_path))
    else:
        assert "damaged" in str(context.REPORTED[-1]) and demo_path.read_bytes() == damaged
    context.REPORTED.clear()


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_restoring_another_events_backup_asks_first(qtbot, demo_path, new_event, monkeypatch, answer):
    """When the list holds a backup that belongs to another event (e.g. copied into the folder), choosing
    it asks first, naming that event; "No" keeps the current event."""
    from PySide6.QtWidgets import QMessageBox

    from dialogue_app.ui.offline.backups_dialog import RestoreBackupDialog

    context.record_errors_for_tests()
    context.REPORTED.clear()
    foreign = backups.make_backup(new_event)
    new_event.close()
    folder = backups.backup_dir(demo_path, create=True)
    (folder / foreign.name).write_bytes(foreign.read_bytes())
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    assert w.open_path(demo_path)  # makes this event's own backup too
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = RestoreBackupDialog(w.ctx, w)
    qtbot.addWidget(dialog)
    row = next(i for i, b in enumerate(dialog.model.items) if b.path.name == foreign.name)
    dialog.view.selectRow(row)
    assert dialog.restore(confirm=False) is (answer == "yes")
    assert asked and "another event" in asked[-1] and "Test event" in asked[-1]
    assert w.ctx.has_event
    title = w.ctx.read(lambda s: current_event(s).title)
    assert (title == "Test event") is (answer == "yes")
    w.ctx.close_event()
    context.REPORTED.clear()
