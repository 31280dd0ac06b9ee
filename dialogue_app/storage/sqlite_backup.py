"""Consistent copies of an event file with SQLite's online backup API, and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy.engine import Engine

from dialogue_app import EVENT_SUFFIX, outputs
from dialogue_app.errors import (
    EventFileCorrupt,
    EventFileError,
    NotAnEventFile,
)
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.sqlite_file import _raw_check, integrity_check, make_engine

if TYPE_CHECKING:
    from dialogue_app.storage.event_store import EventStore


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
        src = cast(sqlite3.Connection, raw.driver_connection)  # pysqlite under SQLAlchemy
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
