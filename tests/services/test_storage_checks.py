"""The storage operations every event has, on a file and on a server (tests/services runs both)."""

from __future__ import annotations

from dialogue_app.storage import backups
from dialogue_app.storage.checks import check_event
from dialogue_app.storage.transfer import row_counts


def test_an_event_passes_its_integrity_check_on_either_backend(demo_store):
    """Checking an event says "ok" whether it is a laptop file or an event on a server."""
    assert check_event(demo_store) == "ok"


def test_a_backup_of_either_backend_is_an_event_file_holding_every_row(demo_store):
    """The backup of an event, file or server, is an event file in the app's backups folder that holds
    every row of the event and passes its own integrity check."""
    from dialogue_app import storage

    dest = backups.make_backup(demo_store, label="before-merge")
    assert backups.backups_root() in dest.parents
    with storage.open_event_file(dest, read_only=True) as copy:
        assert check_event(copy) == "ok"
        assert row_counts(copy) == row_counts(demo_store)
