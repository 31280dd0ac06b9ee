"""What a server's administrator asks before and after ``server init`` and ``server list``: is the
server prepared, which events need an upgrade (or were made by a newer app), and each event's own
title and date (read from its schema, not only the registry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dialogue_app.storage.pg_server import (
    CONTROL_SCHEMA,
    _control_ready,
    _server_failure,
    list_events,
    make_server_engine,
)
from dialogue_app.storage.schema import _current_revisions, _script_directory


@dataclass(frozen=True)
class ServerState:
    """A server before ``server init``: prepared at all, and its events' schema versions."""

    prepared: bool
    outdated: list[str] = field(default_factory=list)  # events an upgrade would change
    too_new: list[str] = field(default_factory=list)  # events made by a newer version of the app


@dataclass(frozen=True)
class ServerEventRow:
    """One event on a server as ``server list`` shows it."""

    name: str
    title: str
    date: dt.date | None
    created_at: dt.datetime | None
    created_by: str


def _schemas(conn) -> list[tuple[str, str]]:
    rows = conn.execute(text(f"SELECT name, schema_name FROM {CONTROL_SCHEMA}.event_registry ORDER BY name")).all()
    return [(str(r.name), str(r.schema_name)) for r in rows]


def server_state(url: str) -> ServerState:
    """Whether the server at ``url`` is prepared and which events ``server init`` would upgrade."""
    script = _script_directory()
    heads = set(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            if not _control_ready(conn):
                return ServerState(prepared=False)
            outdated, too_new = [], []
            for name, schema in _schemas(conn):
                conn.execute(text(f'SET search_path TO "{schema}"'))
                current = _current_revisions(conn)
                if current - known:
                    too_new.append(name)
                elif current != heads:
                    outdated.append(name)
            conn.rollback()
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()
    return ServerState(True, outdated, too_new)


def event_rows(url: str) -> list[ServerEventRow]:
    """The events on the server with their own title and date (the registry's title when an event's
    schema cannot be read, e.g. by a role without access to it)."""
    listed = list_events(url)
    engine = make_server_engine(url)
    rows: list[ServerEventRow] = []
    try:
        with engine.connect() as conn:
            schemas = dict(_schemas(conn))
            for info in listed:
                title, date = info.title, None
                try:
                    with conn.begin_nested():
                        found = conn.execute(
                            text(f'SELECT title, date FROM "{schemas[info.name]}".event LIMIT 1')
                        ).first()
                    if found is not None:
                        title, date = found.title or title, found.date
                except DBAPIError:
                    pass  # not readable by this role, or an older layout: the registry's title
                rows.append(ServerEventRow(info.name, title, date, info.created_at, info.created_by))
            conn.rollback()
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()
    return rows
