"""The event file on disk: the only module that speaks SQLite directly.

An event is one SQLite file (suffix ``.dialogue``) handled like a document.
This module owns everything below the ORM: connection PRAGMAs (WAL journal,
foreign keys, ``synchronous=FULL``, secure delete), recognising an event file
(SQLite header + ``application_id``), integrity checks, schema upgrades through
Alembic (with a backup first), consistent backups with SQLite's online backup
API and WAL checkpoints. Everything above it uses SQLAlchemy ORM/Core only, so
the same models can later run on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.resources
import json
import logging
import os
import shutil
import socket
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dialogue_app import EVENT_SUFFIX, outputs, sqlite_paths
from dialogue_app.errors import (
    EventFileCorrupt,
    EventFileError,
    EventFileInUse,
    EventFileReadOnly,
    EventFileTooNew,
    NotAnEventFile,
)
from dialogue_app.i18n import gettext as _

log = logging.getLogger(__name__)

#: Written into every event file's header (PRAGMA application_id): "DDLG".
APPLICATION_ID = 0x44444C47
SQLITE_HEADER = b"SQLite format 3\x00"


def _alembic_config():  # imported lazily: Alembic costs start-up time
    from alembic.config import Config

    cfg = Config()
    location = importlib.resources.files("dialogue_app.models") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


@functools.lru_cache(maxsize=1)
def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def schema_heads() -> set[str]:
    """The revision(s) this version of the app writes."""
    return set(_script_directory().get_heads())


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA secure_delete=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _set_read_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # read-only: never try to switch the journal mode (a backup copy uses DELETE and cannot be changed)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


# --- ORM hooks on every session a store makes --------------------------------------------

#: Run before every flush of every session storage makes, as (session, flush context, instances).
#: The layers above register theirs (the consent hook of :mod:`dialogue_app.services.privacy`); storage
#: installs one dispatcher on each session factory, so a store opened before a hook was registered gets
#: it too, and sessions made elsewhere do not.
_BEFORE_FLUSH: list[Callable[[Session, object, object], None]] = []


def on_before_flush(hook: Callable[[Session, object, object], None]) -> Callable[[Session, object, object], None]:
    """Register ``hook`` to run before every flush of the sessions of every store (once per hook)."""
    if hook not in _BEFORE_FLUSH:
        _BEFORE_FLUSH.append(hook)
    return hook


def _before_flush(session: Session, context: object, instances: object) -> None:
    for hook in tuple(_BEFORE_FLUSH):
        hook(session, context, instances)


def session_factory(engine: Engine, **options: object) -> sessionmaker[Session]:
    """A session factory on ``engine`` whose sessions run the registered flush hooks."""
    factory = sessionmaker(engine, **options)  # type: ignore[call-overload]
    event.listen(factory, "before_flush", _before_flush)
    return factory


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """A SQLAlchemy engine on an event file with the app's PRAGMAs on every connection."""
    # built from its parts, never parsed: a "%20", "#" or "?" in the name is part of the name
    # (read-only media: immutable, SQLite cannot create the WAL index there)
    engine = create_engine(sqlite_paths.engine_url(path, read_only=read_only),
                           connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_read_pragmas if read_only else _set_pragmas)
    return engine


@dataclass
class EventStore:
    """An open event file: its path, engine and session factory.

    Use one session per unit of work (``with store.session() as s: ...``);
    sessions are never shared between threads.
    """

    path: Path
    engine: Engine
    read_only: bool = False
    upgraded_from: str | None = None
    backup_path: Path | None = None
    #: The OS lock that keeps a second instance from writing (None when not locked).
    file_lock: FileLock | None = None
    #: Copy every commit from the WAL into the main file at once (table packages: a
    #: facilitator may copy just the .dialogue file to a USB stick while the app runs).
    checkpoint_after_commit: bool = False

    def __post_init__(self) -> None:
        self._factory = session_factory(self.engine, expire_on_commit=False)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on any error."""
        if self.read_only:
            with self._factory() as s:
                yield s
                s.rollback()
            return
        with self._factory() as s:
            try:
                with s.begin():
                    yield s
            except OperationalError as exc:
                raise _translate_operational(exc, self.path) from exc
        if self.checkpoint_after_commit:
            with contextlib.suppress(SQLAlchemyError), self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def reader(self) -> Session:
        """A plain session for read-only queries (caller closes it)."""
        return self._factory()

    def checkpoint(self) -> None:
        """Move the WAL into the main file and truncate the WAL."""
        if self.read_only:
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with contextlib.suppress(SQLAlchemyError):
            self.checkpoint()
        self.engine.dispose()
        if self.file_lock is not None:
            self.file_lock.release()
            self.file_lock = None

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _translate_operational(exc: OperationalError, path: Path) -> EventFileError:
    msg = str(exc.orig) if exc.orig else str(exc)
    if "readonly" in msg or "read-only" in msg:
        return EventFileReadOnly(_("The event file {path} is read-only: changes cannot be saved.").format(path=path))
    if "disk is full" in msg or ("disk I/O error" in msg and _nearly_full(path)):
        return EventFileError(_("The disk is full: the last change to {path} was not saved.").format(path=path))
    if "locked" in msg:
        return EventFileError(_("The event file {path} is busy in another program. Try again.").format(path=path))
    return EventFileCorrupt(_("The event file {path} could not be written: {error}").format(path=path, error=msg))


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1_000_000
    except OSError:
        return False


def _raw_check(path: Path) -> str | None:
    """Header and application id check without SQLAlchemy. Returns the problem, or None."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except IsADirectoryError:
        return _("{path} is a folder, not an event file.").format(path=path)
    except PermissionError:
        return _("You do not have permission to read {path}.").format(path=path)
    except OSError as exc:
        return _("{path} cannot be read: {error}").format(path=path, error=exc.strerror or exc)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return _("{path} is not an event file.").format(path=path)
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        return _("{path} is a database, but not an event file of this app.").format(path=path)
    return None


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


def discard_event_file(path: Path) -> None:
    """Remove an event file this process was creating and failed to finish, with its sidecars."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _upgrade(conn, target: str) -> None:
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def _current_revisions(conn) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(conn).get_current_heads())


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


def backup_file(store: EventStore, *, suffix: str = "backup", dest: Path | None = None) -> Path:
    """A consistent copy of the event file (SQLite online backup), next to it by default."""
    if dest is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = store.path.with_name(f"{store.path.stem}.{suffix}-{stamp}{EVENT_SUFFIX}")
        n = 1
        while dest.exists():
            n += 1
            dest = store.path.with_name(f"{store.path.stem}.{suffix}-{stamp}-{n}{EVENT_SUFFIX}")
    copy_database(store.engine, dest)
    return dest


def copy_database(engine: Engine, dest: Path) -> None:
    """Write a consistent, self-contained copy of the database to ``dest`` (no WAL left)."""
    dest = Path(dest)
    tmp = outputs.new_temporary(dest, ".tmp")  # private (0600), O_EXCL: never a planted symlink
    raw = engine.raw_connection()
    try:
        src = raw.driver_connection
        target = sqlite3.connect(tmp)
        try:
            src.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise EventFileError(_("Could not write a copy to {path}: {error}").format(path=dest, error=exc)) from exc
    finally:
        raw.close()
    os.replace(tmp, dest)


def vacuum(store: EventStore) -> None:
    """Rewrite the file so that deleted data no longer exists in its pages (after forgetting)."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(text("VACUUM"))
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# --- one writer per file: an OS lock on "<file>.lock" -----------------------------------

_HELD: dict[Path, FileLock] = {}
_HELD_GUARD = threading.Lock()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class FileLock:
    """An exclusive OS lock (fcntl / msvcrt) held while an event file is open for writing.

    The OS drops it when the process dies, so a crash never leaves a stale lock;
    the file's content (pid, host, time) only serves the message shown to a
    second opener. Re-entrant inside one process (reference counted).
    """

    def __init__(self, path: Path, handle) -> None:
        self.path = path
        self._handle = handle
        self._count = 1

    def release(self) -> None:
        with _HELD_GUARD:
            if self._handle is None:
                return
            self._count -= 1
            if self._count > 0:
                return
            _HELD.pop(self.path, None)
            handle, self._handle = self._handle, None
            with contextlib.suppress(OSError):
                lock_path(self.path).unlink()
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):  # a full disk cannot flush the lock file's text
                handle.close()


def _try_lock(handle) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_holder(path: Path) -> dict:
    """What the lock file says about its holder (may be stale or empty)."""
    try:
        raw = lock_path(Path(path)).read_text(encoding="utf-8").strip()
        info = json.loads(raw) if raw else {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def acquire_lock(path: str | os.PathLike[str]) -> FileLock | None:
    """Lock an event file for writing, or raise :class:`EventFileInUse`.

    Returns None when the folder cannot hold a lock file (read-only media): the
    file cannot be written there anyway.
    """
    path = Path(path).resolve()
    with _HELD_GUARD:
        held = _HELD.get(path)
        if held is not None:
            held._count += 1
            return held
        target = lock_path(path)
        for _attempt in range(5):
            try:  # never through a symlink planted at the lock's name (it would be truncated)
                handle = outputs.open_lock_file(target)
            except OSError:
                log.warning("cannot create the lock file %s", target, exc_info=True)
                return None
            if not _try_lock(handle):
                handle.close()
                info = lock_holder(path)
                raise EventFileInUse(
                    _(
                        "{path} is open in another window or program (process {pid} on {host} since {time}). "
                        "Close it there first, or open the file read-only."
                    ).format(
                        path=path, pid=info.get("pid", "?"), host=info.get("host", "?"), time=info.get("time", "?")
                    )
                )
            try:  # the previous holder may have removed the file between our open and lock
                same = os.fstat(handle.fileno()).st_ino == os.stat(target).st_ino
            except OSError:
                same = False
            if not same and sys.platform != "win32":
                _unlock(handle)
                handle.close()
                continue
            break
        else:  # pragma: no cover - needs a pathological race
            raise EventFileInUse(_("{path} is being opened by another program. Try again.").format(path=path))
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "time": dt.datetime.now().isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(info))
            handle.flush()
        lock = FileLock(path, handle)
        _HELD[path] = lock
        return lock


# --- checks, restoring, simulated full disk -------------------------------------------


def integrity_check(path: str | os.PathLike[str]) -> str:
    """SQLite's full ``integrity_check`` of a file ("ok" when healthy)."""
    problem = _raw_check(Path(path))
    if problem:
        return problem
    con = sqlite3.connect(sqlite_paths.sqlite_uri(path, **sqlite_paths.read_params(path)), uri=True)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    return "; ".join(str(r[0]) for r in rows)


def replace_event_file(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    """Replace the (closed) event file ``dest`` by a healthy copy of ``source``.

    The source is checked first; the copy is written beside ``dest`` and moved
    over it in one step, so a crash leaves either the old or the new file.
    """
    source, dest = Path(source), Path(dest)
    problem = _raw_check(source)
    if problem:
        raise NotAnEventFile(problem)
    result = integrity_check(source)
    if result != "ok":
        raise EventFileCorrupt(_("The backup {path} is damaged ({detail}).").format(path=source, detail=result))
    engine = make_engine(source, read_only=True)
    try:
        for suffix in ("-wal", "-shm"):
            Path(str(dest) + suffix).unlink(missing_ok=True)
        copy_database(engine, dest)
    finally:
        engine.dispose()


def limit_size_for_tests(store: EventStore, max_pages: int) -> None:
    """Make the file behave as if the disk were full beyond ``max_pages`` pages (tests only)."""

    def _limit(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={int(max_pages)}")

    event.listen(store.engine, "connect", _limit)
    store.engine.dispose()


class FileReader:
    """Reads several event files in turn through ONE engine (merging many packages).

    Sharing the engine shares SQLAlchemy's compiled statements, which matters when
    a hundred small files are read one after the other. Read-only, no lock; each
    file is recognised, quick-checked and must have this app's schema.
    """

    def __init__(self) -> None:
        from sqlalchemy.pool import NullPool

        self._path: Path | None = None
        self.engine = create_engine("sqlite://", creator=self._connect, poolclass=NullPool)
        event.listen(self.engine, "connect", _set_read_pragmas)
        self._factory = session_factory(self.engine)

    def _connect(self) -> sqlite3.Connection:
        assert self._path is not None
        path = self._path
        return sqlite3.connect(sqlite_paths.sqlite_uri(path, **sqlite_paths.read_params(path)), uri=True,
                               check_same_thread=False)

    @contextlib.contextmanager
    def open(self, path: str | os.PathLike[str]) -> Iterator[Session]:
        path = Path(path).expanduser().resolve()
        if not path.exists():
            raise EventFileError(_("The event file {path} does not exist.").format(path=path))
        problem = _raw_check(path)
        if problem:
            raise NotAnEventFile(problem)
        self._path = path
        try:
            with self._factory() as s:
                conn = s.connection()
                result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                if result != "ok":
                    raise EventFileCorrupt(
                        _("The event file {path} is damaged ({detail}). Restore a backup.").format(
                            path=path, detail=result
                        )
                    )
                current = _current_revisions(conn)
                if current != schema_heads():
                    raise EventFileError(
                        _("{path} was made by another version of this app; open it in the app once, "
                          "then try again.").format(path=path)
                    )
                yield s
                s.rollback()
        except DatabaseError as exc:
            raise EventFileCorrupt(
                _("The event file {path} is damaged and cannot be opened. Restore a backup.").format(path=path)
            ) from exc
        finally:
            self._path = None

    def close(self) -> None:
        self.engine.dispose()


# --- forgetting for good, and knowing an event by its identity (issue 28) ---------------


def read_event_identity(path: Path) -> tuple[str, str, bool] | None:
    """(event id, title, is a table package) read from a file, or None (unreadable, damaged)."""
    import urllib.parse

    uri = "file:" + urllib.parse.quote(Path(path).resolve().as_posix())
    for mode in ("mode=ro", "immutable=1"):
        try:
            con = sqlite3.connect(f"{uri}?{mode}", uri=True)
        except sqlite3.Error:
            continue
        try:
            row = con.execute("SELECT id, title, source_event_id FROM event LIMIT 1").fetchone()
        except sqlite3.Error:
            continue
        finally:
            con.close()
        if row is None:
            return None
        ident = row[0].hex() if isinstance(row[0], bytes) else str(row[0])
        return ident.replace("-", "").lower(), str(row[1] or ""), row[2] is not None
    return None


def rewrite_for_erasure(store: EventStore, *, wait: float) -> bool:
    """VACUUM, then move the WAL into the file and truncate it, retrying for up to ``wait`` seconds
    while other readers hold old pages. False when they still do (old bytes remain)."""
    import time

    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(text("VACUUM"))
        deadline = time.monotonic() + wait
        while conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.25)
    return True


def free_pages(store: EventStore) -> int:
    """Pages on SQLite's free list (they may still hold deleted data)."""
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0)
