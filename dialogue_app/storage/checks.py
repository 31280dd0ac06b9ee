"""One integrity check for an open event, whichever backend holds it.

* an event file: SQLite's ``PRAGMA integrity_check`` on the file (:func:`.sqlite_file.integrity_check`);
* an event on a server: what a client can check (:func:`.pg_backup.server_integrity_check`): the event is
  in the server's registry, its schema is at this app's version, every table can be read. The server
  checks its own pages (data checksums; ``amcheck`` for its administrator).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogue_app.storage.event_store import EventStore


def check_event(store: EventStore) -> str:
    """"ok", or what is wrong with the open event, in words."""
    if store.is_server:
        from dialogue_app.storage.pg_backup import server_integrity_check

        return server_integrity_check(store)
    from dialogue_app.storage.sqlite_file import integrity_check

    return integrity_check(store.path)
