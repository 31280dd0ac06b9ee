"""An open event on a PostgreSQL server: the same session API as an event file's store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dialogue_app.errors import ConflictError, DialogueError, EventFileError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.address import ServerAddress
from dialogue_app.storage.event_store import EventStore
from dialogue_app.storage.pg_errors import translate_server_error


class ServerEventStore(EventStore):
    """An event on a shared server. No file: ``path`` refuses (a caller that needs a file says so)."""

    backend = "postgresql"
    _translated = DBAPIError

    def __init__(self, address: ServerAddress, engine: Engine, *, read_only: bool = False) -> None:
        self.address = address
        self.engine = engine
        self.read_only = read_only
        self.upgraded_from = None
        self.backup_path = None
        self.file_lock = None
        self.checkpoint_after_commit = False
        self.__post_init__()

    @property
    def path(self) -> Path:  # type: ignore[override]
        raise EventFileError(
            _("This works on an event file only; “{event}” is an event on a server. Pull it into a file first.").format(
                event=self.address.event
            )
        )

    @property
    def label(self) -> str:
        return _("{event} on {server}").format(event=self.address.event, server=self.address.host_label)

    @property
    def location(self) -> str:
        return str(self.address)

    def translate(self, exc: Exception) -> DialogueError:
        assert isinstance(exc, DBAPIError)
        return translate_server_error(exc, self.address.url)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on any error."""
        with self._factory() as s:
            try:
                if self.read_only:
                    yield s
                    s.rollback()
                    return
                with s.begin():
                    yield s
            except DBAPIError as exc:
                raise self.translate(exc) from exc
            except StaleDataError as exc:  # a row changed by someone else between this unit's read and write
                raise ConflictError(_("Someone else changed the same data at the same moment. Try again.")) from exc

    def checkpoint(self) -> None:
        """Nothing to do: the server keeps its own write-ahead log."""

    def close(self) -> None:
        self.engine.dispose()
