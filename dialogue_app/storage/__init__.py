"""The event file on disk: the only package that speaks SQLite directly.

An event is one SQLite file (suffix ``.dialogue``) handled like a document.
This package owns everything below the ORM: connection PRAGMAs (WAL journal,
foreign keys, ``synchronous=FULL``, secure delete), recognising an event file
(SQLite header + ``application_id``), integrity checks, schema upgrades through
Alembic (with a backup first), consistent backups with SQLite's online backup
API and WAL checkpoints. Everything above it uses SQLAlchemy ORM/Core only, so
the same models can later run on PostgreSQL.

This module is the public API (create and open an event file; the store and its
session factory); the parts:

* :mod:`.event_store`: :class:`EventStore`, its session factory and the flush hooks
  the layers above register (:func:`on_before_flush`);
* :mod:`.schema`: Alembic, the schema heads, upgrades;
* :mod:`.sqlite_file`: PRAGMAs, the file header, checks, an event's identity;
* :mod:`.sqlite_errors`: SQLite's errors in plain words;
* :mod:`.file_lock`: one writer per file (an OS lock);
* :mod:`.sqlite_backup`: consistent copies (online backup API), restoring;
* :mod:`.sqlite_erasure`: VACUUM and the WAL after forgetting;
* :mod:`.file_reader`: many files through one engine (merging packages);
* :mod:`.backups`: the automatic backups in the app's data folder;
* :mod:`.address`: where an event lives (a file path, or ``postgresql://…`` plus an event name);
* :mod:`.pg_server`, :mod:`.server_store`, :mod:`.pg_errors`: events on a shared PostgreSQL
  server (one schema per event), their store and the server's errors in plain words;
* the server twins of the file-only parts: :mod:`.pg_backup` (a server event's backup is a pulled,
  private event file; its integrity check), :mod:`.pg_lock` (merges and erasures run alone: an
  advisory lock), :mod:`.pg_erasure` (VACUUM after forgetting, a check in SQL); :mod:`.checks`
  (one integrity check for either backend).

:func:`open_event` and :func:`create_event` take either kind of address.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from dialogue_app import outputs
from dialogue_app.errors import (
    EventFileCorrupt,
    EventFileError,
    EventFileReadOnly,
    EventFileTooNew,
    NotAnEventFile,
)
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.event_store import EventStore, on_before_flush, session_factory
from dialogue_app.storage.file_lock import FileLock, acquire_lock, lock_holder, lock_path
from dialogue_app.storage.file_reader import FileReader
from dialogue_app.storage.schema import (
    _alembic_config,
    _current_revisions,
    _script_directory,
    _upgrade,
    schema_heads,
)
from dialogue_app.storage.sqlite_backup import backup_file, copy_database, replace_event_file
from dialogue_app.storage.sqlite_erasure import free_pages, rewrite_for_erasure, vacuum
from dialogue_app.storage.sqlite_errors import _translate_operational
from dialogue_app.storage.sqlite_file import (
    APPLICATION_ID,
    SQLITE_HEADER,
    _raw_check,
    discard_event_file,
    integrity_check,
    limit_size_for_tests,
    make_engine,
    read_event_identity,
)

__all__ = [
    "APPLICATION_ID",
    "SQLITE_HEADER",
    "EventStore",
    "FileLock",
    "FileReader",
    "_alembic_config",
    "acquire_lock",
    "backup_file",
    "copy_database",
    "create_event",
    "create_event_file",
    "discard_event_file",
    "free_pages",
    "integrity_check",
    "limit_size_for_tests",
    "lock_holder",
    "lock_path",
    "make_engine",
    "on_before_flush",
    "open_event",
    "open_event_file",
    "read_event_identity",
    "replace_event_file",
    "rewrite_for_erasure",
    "schema_heads",
    "session_factory",
    "vacuum",
]

log = logging.getLogger(__name__)

from dialogue_app.storage import pg_notify as _pg_notify  # noqa: E402

_pg_notify.register()  # every new server event, and every `server init`, installs the change notifications


def open_event(
    address: str | os.PathLike[str], *, event: str | None = None, read_only: bool = False, lock: bool = True
) -> EventStore:
    """Open an event file, or an event on a server (``postgresql://…?event=NAME`` or ``event=NAME``)."""
    from dialogue_app.storage.address import parse_address

    where = parse_address(address, event)
    if isinstance(where, Path):
        return open_event_file(where, read_only=read_only, lock=lock)
    from dialogue_app.storage.pg_server import open_server_event

    return open_server_event(where, read_only=read_only)


def create_event(
    address: str | os.PathLike[str], *, event: str | None = None, overwrite: bool = False, title: str = ""
) -> EventStore:
    """Create an empty event file, or an empty event on a server (never replacing one there)."""
    from dialogue_app.storage.address import parse_address

    where = parse_address(address, event)
    if isinstance(where, Path):
        return create_event_file(where, overwrite=overwrite)
    from dialogue_app.storage.pg_server import create_server_event

    return create_server_event(where, title=title)


def create_event_file(path: str | os.PathLike[str], *, overwrite: bool = False) -> EventStore:
    """Create a new, empty event file with the current schema."""
    path = Path(path).expanduser().resolve()
    if path.exists() and not overwrite:
        raise EventFileError(_("{path} already exists.").format(path=path))
    if not path.parent.is_dir():
        raise EventFileError(_("The folder {folder} does not exist.").format(folder=path.parent))
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = None
    try:
        outputs.create_private(path)  # 0600 whatever the umask; SQLite gives its -wal/-shm the same mode
        engine = make_engine(path)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            _upgrade(conn, "heads")
    except BaseException as exc:  # a full disk or a kill must not leave a half-made event file behind
        if engine is not None:
            engine.dispose()
        discard_event_file(path)
        if isinstance(exc, PermissionError):
            raise EventFileReadOnly(_("You do not have permission to write {path}.").format(path=path)) from exc
        if isinstance(exc, OperationalError):
            raise _translate_operational(exc, path) from exc
        raise
    return EventStore(path, engine)


def open_event_file(
    path: str | os.PathLike[str], *, read_only: bool = False, upgrade: bool = True, lock: bool = True
) -> EventStore:
    """Open an existing event file after checking that it is one and is healthy.

    * not a file, not SQLite, another SQLite database, corrupt: a clear
      :class:`EventFileError` and nothing changed;
    * made by a newer version of the app: :class:`EventFileTooNew`, nothing changed;
    * made by an older version: a backup copy is written next to it, then the
      schema is upgraded;
    * opened for writing by another running instance (``lock``, the default for
      writers): :class:`EventFileInUse`; open it with ``read_only=True`` instead.
    """
    path = Path(path).expanduser().resolve()
    if not path.exists():
        raise EventFileError(_("The event file {path} does not exist.").format(path=path))
    problem = _raw_check(path)
    if problem:
        raise NotAnEventFile(problem)
    if not read_only and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        read_only = True  # a read-only file or folder (SQLite needs the folder for its WAL): not "damaged"
    file_lock = acquire_lock(path) if lock and not read_only else None
    try:
        store = _open_checked(path, read_only=read_only, upgrade=upgrade)
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        raise
    store.file_lock = file_lock
    return store


def _open_checked(path: Path, *, read_only: bool, upgrade: bool) -> EventStore:
    engine = make_engine(path, read_only=read_only)
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if result != "ok":
                raise EventFileCorrupt(
                    _("The event file {path} is damaged ({detail}). Restore a backup.").format(
                        path=path, detail=result
                    )
                )
            current = _current_revisions(conn)
    except DatabaseError as exc:
        engine.dispose()
        if isinstance(exc, OperationalError) and not isinstance(_translate_operational(exc, path), EventFileCorrupt):
            raise _translate_operational(exc, path) from exc  # a full disk or read-only place is not damage
        raise EventFileCorrupt(
            _("The event file {path} is damaged and cannot be opened. Restore a backup.").format(path=path)
        ) from exc
    except EventFileError:
        engine.dispose()
        raise
    script = _script_directory()
    heads = set(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    store = EventStore(path, engine, read_only=read_only)
    if not current:
        engine.dispose()
        raise NotAnEventFile(_("{path} is not an event file.").format(path=path))
    if current - known:
        engine.dispose()
        raise EventFileTooNew(
            _(
                "{path} was made by a newer version of this app. Update the app to open it; "
                "the file was not changed."
            ).format(path=path)
        )
    if current != heads:
        if not upgrade or read_only:
            engine.dispose()
            raise EventFileError(
                _("{path} was made by an older version of this app and must be upgraded first.").format(
                    path=path
                )
            )
        store.backup_path = backup_file(store, suffix="before-upgrade")
        try:
            with engine.begin() as conn:
                _upgrade(conn, "heads")
        except SQLAlchemyError as exc:
            engine.dispose()
            raise EventFileError(
                _("Upgrading {path} failed; the backup {backup} holds the original.").format(
                    path=path, backup=store.backup_path
                )
            ) from exc
        store.upgraded_from = ",".join(sorted(current))
    return store
