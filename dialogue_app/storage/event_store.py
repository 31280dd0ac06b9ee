"""An open event: its engine and session factory, with the flush hooks the layers above register."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dialogue_app.storage.file_lock import FileLock
from dialogue_app.storage.sqlite_errors import _translate_operational

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


def session_factory(engine: Engine, *, expire_on_commit: bool = True) -> sessionmaker[Session]:
    """A session factory on ``engine`` whose sessions run the registered flush hooks."""
    factory = sessionmaker(engine, expire_on_commit=expire_on_commit)
    event.listen(factory, "before_flush", _before_flush)
    return factory


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

    #: Which database holds the event ("sqlite": a file; "postgresql": a shared server).
    backend = "sqlite"
    #: The driver errors :meth:`translate` turns into plain words.
    _translated: type[Exception] = OperationalError

    @property
    def label(self) -> str:
        """The event's place for people to read (a file name, or "name on server")."""
        return self.path.name

    @property
    def location(self) -> str:
        """The address the command line and the app take for this event (a path, or a server URL with ?event=)."""
        return str(self.path)

    @property
    def is_server(self) -> bool:
        return self.backend != "sqlite"

    def translate(self, exc: Exception) -> Exception:
        """The driver error ``exc`` in plain words (an :class:`EventFileError`)."""
        assert isinstance(exc, OperationalError)
        return _translate_operational(exc, self.path)

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
                raise self.translate(exc) from exc
        if self.checkpoint_after_commit:
            with contextlib.suppress(SQLAlchemyError), self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reads that never commits: whatever its code changes by accident is
        rolled back at the end. Loaded rows stay readable afterwards (they are detached
        before the rollback, so it does not expire them)."""
        with self._factory() as s:
            try:
                yield s
            except self._translated as exc:
                raise self.translate(exc) from exc
            finally:
                s.expunge_all()
                s.rollback()

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
