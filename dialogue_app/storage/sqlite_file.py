"""An event file as a SQLite file: its PRAGMAs, its header (``application_id``), checks and
reading its identity without SQLAlchemy."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from dialogue_app import sqlite_paths
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from dialogue_app.storage.event_store import EventStore


#: Written into every event file's header (PRAGMA application_id): "DDLG".
APPLICATION_ID = 0x44444C47


SQLITE_HEADER = b"SQLite format 3\x00"


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


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """A SQLAlchemy engine on an event file with the app's PRAGMAs on every connection."""
    # built from its parts, never parsed: a "%20", "#" or "?" in the name is part of the name
    # (read-only media: immutable, SQLite cannot create the WAL index there)
    engine = create_engine(sqlite_paths.engine_url(path, read_only=read_only),
                           connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_read_pragmas if read_only else _set_pragmas)
    return engine


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


def discard_event_file(path: Path) -> None:
    """Remove an event file this process was creating and failed to finish, with its sidecars."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)


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


def limit_size_for_tests(store: EventStore, max_pages: int) -> None:
    """Make the file behave as if the disk were full beyond ``max_pages`` pages (tests only)."""

    def _limit(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={int(max_pages)}")

    event.listen(store.engine, "connect", _limit)
    store.engine.dispose()
