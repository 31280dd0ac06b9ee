"""A whole event between a laptop file and a server: push a file onto a server as a new event,
pull a server event into an ordinary event file. Both copy every row in one transaction on the
receiving side (:func:`dialogue_app.storage.transfer.copy_event`) and leave nothing half-made
behind when they fail: a pushed event that failed is removed from the server again, a pulled
file is written under a temporary name and only renamed into place once complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from dialogue_app import storage
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.address import ServerAddress
from dialogue_app.storage.snapshot import read_as_one_moment
from dialogue_app.storage.transfer import copy_event

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TransferResult:
    """What a push or pull copied: rows in all, and where to (a server event's label, or the file)."""

    rows: int
    label: str
    path: Path | None = None


def _copy(source: storage.EventStore, target: storage.EventStore, progress: Progress | None) -> int:
    try:
        return sum(copy_event(source, target, progress=progress).values())
    except DBAPIError as exc:  # the server's or the file's words (a full disk, a lost connection), not the driver's
        file_side = source if not source.is_server else target
        server_side = target if target.is_server else source
        if type(exc.orig).__module__.startswith("sqlite3"):  # the file's driver (not imported here)
            if isinstance(exc, OperationalError):
                raise file_side.translate(exc) from exc
            raise
        raise server_side.translate(exc) from exc


def push_event(path: str | os.PathLike[str], address: ServerAddress, *, progress: Progress | None = None
               ) -> TransferResult:
    """Copy the event file ``path`` onto the server as the new event ``address`` (an existing
    name is refused). On any failure the new event is removed again: nothing half-pushed stays."""
    from dialogue_app.services import events
    from dialogue_app.storage import pg_server

    source = storage.open_event_file(path, read_only=True)
    try:
        read_as_one_moment(source)  # the app may have the file open and be writing to it
        with source.read_session() as s:
            title = events.get_settings(s).title if events.has_event(s) else ""
        target = storage.create_event(str(address), title=title)
        try:
            rows = _copy(source, target, progress)
        except BaseException:
            target.close()
            with contextlib.suppress(Exception):
                pg_server.drop_server_event(address)
            raise
        label = target.label
        target.close()
    finally:
        source.close()
    return TransferResult(rows, label)


def pull_event(address: ServerAddress, out: str | os.PathLike[str], *, force: bool = False,
               progress: Progress | None = None) -> TransferResult:
    """Copy the server event ``address`` into the ordinary event file ``out`` (private, 0600).

    An existing ``out`` is replaced only with ``force`` (and never while it is open in the app);
    the copy is written next to it under a temporary name and renamed into place when complete,
    so a failed pull leaves no half file and the old file untouched."""
    out = Path(out).expanduser().absolute()
    if os.path.lexists(out) and not force:
        raise UserInputError(_("{path} already exists and is not replaced. Choose another file name, or add "
                               "--force to replace it.").format(path=out))
    lock = storage.acquire_lock(out) if out.is_file() and storage.read_event_identity(out) else None
    temp = out.with_name(f".{out.name}.{os.getpid()}.pulling")
    try:
        source = storage.open_event(str(address), read_only=True)
        read_as_one_moment(source)  # however many doors and organisers write meanwhile
        try:
            target = storage.create_event_file(temp, overwrite=True)
            try:
                rows = _copy(source, target, progress)
                target.checkpoint()  # every row in the file itself before it is renamed
            finally:
                target.close()
            for suffix in ("-wal", "-shm"):
                Path(str(temp) + suffix).unlink(missing_ok=True)
                Path(str(out) + suffix).unlink(missing_ok=True)  # the replaced file's, never the new one's
            os.replace(temp, out)
        finally:
            source.close()
    except BaseException:
        storage.discard_event_file(temp)
        raise
    finally:
        if lock is not None:
            lock.release()
    return TransferResult(rows, str(out), out)
