"""Backups and integrity checks of an event on a PostgreSQL server.

A backup of a server event is an ordinary event file pulled from the server (every row, in one
consistent snapshot: :func:`dialogue_app.storage.transfer.copy_event`), kept private (0600) in the
app's backups folder beside the event files' backups:
``<data dir>/backups/server-<event>-<8 hex of server and event>/<stamp>[.<label>].dialogue``, with a
``source.txt`` holding the server address. It opens like any event file (and can be pushed back).
The server's own backups (``pg_dump -n ev_<event>``, base backups) are its administrator's.

The integrity check of a server event reads what a client can: the event is in the server's
registry, its schema is at this app's version, and every table of the event can be read (row counts).
The server checks its own pages (checksums; ``amcheck`` for the administrator).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dialogue_app import EVENT_SUFFIX, outputs, paths
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from dialogue_app.storage.address import ServerAddress
    from dialogue_app.storage.event_store import EventStore

STAMP = "%Y%m%d-%H%M%S"


def server_backup_dir(address: ServerAddress, *, create: bool = False) -> Path:
    """The folder holding the backups of one server event (named by the event, told apart by server)."""
    digest = hashlib.sha256(f"{address.url}\n{address.event}".encode()).hexdigest()[:8]
    folder = paths.data_dir() / "backups" / f"server-{address.event}-{digest}"
    if create:
        outputs.make_private_dir(folder)
        (folder / "source.txt").write_text(str(address) + "\n", encoding="utf-8")
    return folder


def list_server_backups(address: ServerAddress) -> list[Path]:
    """The backups of a server event on this computer, newest first."""
    folder = server_backup_dir(address)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file() and p.name.endswith(EVENT_SUFFIX)), reverse=True)


def make_server_backup(store: EventStore, *, keep: int = 5, label: str = "open") -> Path:
    """Pull the whole server event into a new private event file in its backups folder; keep the newest
    ``keep`` of each label. Nothing is left behind when the copy fails."""
    from dialogue_app.storage import create_event_file
    from dialogue_app.storage.transfer import copy_event

    address: ServerAddress = store.address  # type: ignore[attr-defined]
    folder = server_backup_dir(address, create=True)
    suffix = "" if label == "open" else f".{label}"
    stamp = dt.datetime.now().strftime(STAMP)
    dest = folder / f"{stamp}{suffix}{EVENT_SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{stamp}-{n}{suffix}{EVENT_SUFFIX}"
    part = folder / f".{dest.name}.part"
    target = create_event_file(part, overwrite=True)  # private (0600) whatever the umask
    snapshot = copy.copy(store)  # every table read in one snapshot while others keep writing
    snapshot.engine = store.engine.execution_options(isolation_level="REPEATABLE READ")
    try:
        copy_event(snapshot, target)
    except BaseException:
        target.close()
        for extra in ("", "-wal", "-shm"):
            Path(str(part) + extra).unlink(missing_ok=True)
        raise
    target.close()
    os.replace(part, dest)
    _prune(folder, label, keep)
    return dest


def _prune(folder: Path, label: str, keep: int) -> None:
    tail = EVENT_SUFFIX if label == "open" else f".{label}{EVENT_SUFFIX}"
    same = [p for p in sorted(folder.iterdir(), reverse=True) if p.name.endswith(tail)
            and (label != "open" or p.name.count(".") == 1)]
    for old in same[max(1, keep):]:
        old.unlink(missing_ok=True)


def purge_server_backups(address: ServerAddress) -> tuple[Path, ...]:
    """Delete every backup of a server event on this computer (they still hold forgotten people)."""
    folder = server_backup_dir(address)
    found = tuple(list_server_backups(address))
    if folder.is_dir():
        shutil.rmtree(folder)
    return found


def server_integrity_check(store: EventStore) -> str:
    """"ok", or what is wrong with a server event as a client sees it (registry, schema version,
    tables that cannot be read)."""
    from dialogue_app.storage.pg_server import CONTROL_SCHEMA
    from dialogue_app.storage.schema import _current_revisions, _script_directory
    from dialogue_app.storage.transfer import row_counts

    address: ServerAddress = store.address  # type: ignore[attr-defined]
    try:
        with store.engine.connect() as conn:
            known = conn.execute(text(f"SELECT schema_name FROM {CONTROL_SCHEMA}.event_registry WHERE name = :n"),
                                 {"n": address.event}).scalar()
            current = _current_revisions(conn)
        if known != address.schema:
            return _("The server {server} has no event called “{name}”.").format(
                server=address.host_label, name=address.event)
        if current != set(_script_directory().get_heads()):
            return _("The event “{name}” on the server needs an upgrade for this version of the app. The server's "
                     "administrator upgrades it, after a backup, with: dialogue-app server init URL").format(
                         name=address.event)
        row_counts(store)  # every table of the event can be read, to its last row count
    except DBAPIError as exc:
        return str(store.translate(exc))
    return "ok"
