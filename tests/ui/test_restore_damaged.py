"""Issue 28, class 6 in the app: opening a damaged event offers its newest backup."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dialogue_app import backups, storage
from dialogue_app.ui import context, restore_offer
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
    context.record_errors_for_tests()
    context.REPORTED.clear()
    store = storage.open_event_file(demo_path)
    backups.make_backup(store)
    store.close()
    _damage(demo_path)
    damaged = demo_path.read_bytes()
    monkeypatch.setattr(restore_offer, "ANSWER", answer)
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
