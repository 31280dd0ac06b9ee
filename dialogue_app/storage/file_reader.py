"""Reading many event files in turn through one engine (merging table packages)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from dialogue_app import sqlite_paths
from dialogue_app.errors import (
    EventFileCorrupt,
    EventFileError,
    NotAnEventFile,
)
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.event_store import session_factory
from dialogue_app.storage.schema import _current_revisions, schema_heads
from dialogue_app.storage.sqlite_file import _raw_check, _set_read_pragmas


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
