"""File ▸ Upload to server… and File ▸ Save a copy as file… (issue 30), on the test PostgreSQL server."""

from __future__ import annotations

import stat

from dialogue_app import storage
from dialogue_app.storage.transfer import row_counts
from dialogue_app.ui import context
from dialogue_app.ui.server_transfer import open_upload_dialog, save_copy_as_file


def test_upload_the_open_event_to_a_server(window, qtbot, server_address, demo_path):
    """With an event file open, File ▸ Upload to server… (shown for a file; Save a copy as file… is not)
    asks for the server and a name and copies the whole event there, saying how many rows; a name
    that is not allowed keeps the dialog open with a clear message."""
    upload, pull = window.transfer_actions
    assert upload.isVisible() and upload.isEnabled() and not pull.isVisible()
    dialog = open_upload_dialog(window)
    assert dialog.url.accessibleName() and dialog.name.accessibleName()
    assert dialog.name.text() == "demo"  # from the file's name
    dialog.url.setText(server_address.url)
    dialog.name.setText("Not a name!")
    dialog.accept()
    assert dialog.isVisible() and "cannot name an event on a server" in str(context.REPORTED.pop())
    messages: list[str] = []
    window.ctx.status_message.connect(messages.append)
    dialog.name.setText(server_address.event)
    dialog.accept()
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=120_000)
    assert context.REPORTED == []
    assert any("rows to " + server_address.event + " on " in m for m in messages), messages
    with storage.open_event(str(server_address)) as there, storage.open_event_file(demo_path, read_only=True) as f:
        assert row_counts(there) == row_counts(f)


def test_save_a_copy_of_a_server_event_as_a_file(window, qtbot, server_address, demo_path, tmp_path, monkeypatch):
    """With an event on a server open, File ▸ Save a copy as file… writes the whole event into an ordinary,
    private event file (".dialogue" added to the name chosen)."""
    from dialogue_app.services.transfer import push_event

    push_event(demo_path, server_address)
    window.ctx.close_event()
    window.ctx.store = storage.open_event(str(server_address))  # what File ▸ Connect to server… opens
    monkeypatch.setitem(window.ctx.dialogs.answers, "pull_copy", str(tmp_path / "archive"))
    try:
        assert save_copy_as_file(window.ctx, window) is not None
        qtbot.waitUntil(lambda: not window.ctx.busy, timeout=120_000)
        assert context.REPORTED == []
        out = tmp_path / "archive.dialogue"
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        with storage.open_event_file(out, read_only=True) as pulled:
            assert row_counts(pulled) == row_counts(window.ctx.store)
    finally:
        window.ctx.store.close()
        window.ctx.store = None
