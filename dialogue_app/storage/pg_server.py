"""Events on a shared PostgreSQL server: one schema per event, a registry of events, Alembic per event.

Layout of a server database (made by ``dialogue-app server init``, never implicitly):

* schema ``dialogue_server``: ``event_registry`` (name, schema, title, created_at, created_by) and
  ``server_info`` (the layout's version);
* one schema ``ev_<name>`` per event holding the same tables as an event file, its own
  ``alembic_version`` included, so one Alembic chain serves files and server events alike.

Connections set ``search_path`` to the event's schema, so the ORM models (which name no schema)
read and write that event only. The driver is psycopg 3 (``postgresql+psycopg``); the URL is the
user's, so libpq's own means for credentials and TLS (``sslmode=verify-full``) apply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from dialogue_app.errors import EventFileError, EventFileTooNew, NotAllowed, ServerUnavailable
from dialogue_app.i18n import gettext as _
from dialogue_app.storage import pg_roles
from dialogue_app.storage.address import ServerAddress, schema_for
from dialogue_app.storage.pg_errors import translate_server_error
from dialogue_app.storage.schema import _current_revisions, _script_directory, _upgrade

CONTROL_SCHEMA = "dialogue_server"
#: Version of the control schema's layout (``server_info.layout``).
LAYOUT_VERSION = "1"


@dataclass(frozen=True)
class ServerEventInfo:
    """One event listed on a server."""

    name: str
    title: str
    created_at: dt.datetime | None
    created_by: str


def driver_url(url: str) -> str:
    """SQLAlchemy's URL for psycopg 3 from a ``postgresql://`` URL."""
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def make_server_engine(url: str, schema: str | None = None, **kwargs: object) -> Engine:
    """An engine on the server; with ``schema``, every connection reads and writes that event only."""
    options = f"-c search_path={schema}" if schema else ""
    connect_args: dict[str, object] = {"application_name": "dialogue_app", "connect_timeout": 10}
    if options:
        connect_args["options"] = options
    return create_engine(driver_url(url), pool_pre_ping=True, connect_args=connect_args, **kwargs)  # type: ignore[arg-type]


def _server_failure(exc: DBAPIError, url: str) -> EventFileError:
    error = translate_server_error(exc, url, connecting=True)
    return error if isinstance(error, EventFileError) else EventFileError(str(error))


def _control_ready(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT 1 FROM information_schema.tables WHERE table_schema = :s AND table_name = 'event_registry'"),
            {"s": CONTROL_SCHEMA},
        ).first()
    )


def _require_control(conn: Connection, url: str) -> None:
    if not _control_ready(conn):
        raise EventFileError(
            _(
                "The server {server} is not prepared for Day of Dialogue events. Its administrator prepares it "
                "once with: dialogue-app server init URL"
            ).format(server=ServerAddress(url, "x").host_label)
        )


def init_control_schema(conn: Connection) -> None:
    """Create (or keep) the control schema: the event registry and the layout's version."""
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {CONTROL_SCHEMA}"))
    conn.execute(
        text(
            f"""CREATE TABLE IF NOT EXISTS {CONTROL_SCHEMA}.event_registry (
                name text PRIMARY KEY,
                schema_name text NOT NULL UNIQUE,
                title text NOT NULL DEFAULT '',
                created_at timestamptz NOT NULL DEFAULT now(),
                created_by text NOT NULL DEFAULT current_user)"""
        )
    )
    conn.execute(
        text(f"CREATE TABLE IF NOT EXISTS {CONTROL_SCHEMA}.server_info (key text PRIMARY KEY, value text NOT NULL)")
    )
    conn.execute(
        text(
            f"INSERT INTO {CONTROL_SCHEMA}.server_info (key, value) VALUES ('layout', :v) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        ),
        {"v": LAYOUT_VERSION},
    )


def upgrade_event_schema(conn: Connection, schema: str) -> None:
    """Bring one event's schema to this app's heads with Alembic (an administrator's step)."""
    conn.execute(text(f'SET LOCAL search_path TO "{schema}"'))
    _upgrade(conn, "heads")


def list_events(url: str) -> list[ServerEventInfo]:
    """The events on the server at ``url``, by name."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            _require_control(conn, url)
            rows = conn.execute(
                text(f"SELECT name, title, created_at, created_by FROM {CONTROL_SCHEMA}.event_registry ORDER BY name")
            ).all()
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()
    return [ServerEventInfo(r.name, r.title, r.created_at, r.created_by) for r in rows]


def create_event_schema(conn: Connection, address: ServerAddress, title: str = "") -> None:
    """Register ``address``'s event and create its schema at the current heads, in ``conn``'s transaction."""
    _require_control(conn, address.url)
    taken = conn.execute(
        text(f"SELECT 1 FROM {CONTROL_SCHEMA}.event_registry WHERE name = :n"), {"n": address.event}
    ).first()
    if taken:
        raise EventFileError(
            _("The server already has an event called “{name}”.").format(name=address.event)
        )
    conn.execute(
        text(f"INSERT INTO {CONTROL_SCHEMA}.event_registry (name, schema_name, title) VALUES (:n, :s, :t)"),
        {"n": address.event, "s": address.schema, "t": title},
    )
    conn.execute(text(f'CREATE SCHEMA "{address.schema}"'))
    upgrade_event_schema(conn, address.schema)
    for hook in tuple(AFTER_EVENT_CREATED):
        hook(conn, address)


#: Run in the creating transaction after an event's schema exists, as (connection, address): the roles
#: module grants the event's tables to the server's roles here.
AFTER_EVENT_CREATED: list = []


def create_server_event(address: ServerAddress, title: str = ""):
    """Create an empty event on the server and open it (a ``ServerEventStore``)."""
    from dialogue_app.storage.server_store import ServerEventStore

    engine = make_server_engine(address.url)
    try:
        with engine.begin() as conn:
            create_event_schema(conn, address, title)
    except IntegrityError as exc:  # two organisers creating the same name at once
        raise EventFileError(
            _("The server already has an event called “{name}”.").format(name=address.event)
        ) from exc
    except DBAPIError as exc:
        raise _server_failure(exc, address.url) from exc
    finally:
        engine.dispose()
    return ServerEventStore(address, make_server_engine(address.url, address.schema))


def open_server_event(address: ServerAddress, *, read_only: bool = False):
    """Open an event on the server after checking it exists and has this app's schema version.

    An older schema is never upgraded here (that is ``server init``, after a backup, by the
    administrator); a newer one asks for an update of the app.
    """
    from dialogue_app.storage.server_store import ServerEventStore

    engine = make_server_engine(address.url, address.schema)
    try:
        with engine.connect() as conn:
            _require_control(conn, address.url)
            known = conn.execute(
                text(f"SELECT schema_name FROM {CONTROL_SCHEMA}.event_registry WHERE name = :n"), {"n": address.event}
            ).first()
            if not known:
                raise EventFileError(
                    _("The server {server} has no event called “{name}”.").format(
                        server=address.host_label, name=address.event
                    )
                )
            current = _current_revisions(conn)
    except DBAPIError as exc:
        engine.dispose()
        raise _server_failure(exc, address.url) from exc
    except BaseException:
        engine.dispose()
        raise
    script = _script_directory()
    heads = set(script.get_heads())
    if current - {rev.revision for rev in script.walk_revisions()}:
        engine.dispose()
        raise EventFileTooNew(
            _("The event “{name}” on the server was made by a newer version of this app. Update the app.").format(
                name=address.event
            )
        )
    if current != heads:
        engine.dispose()
        raise EventFileError(
            _(
                "The event “{name}” on the server needs an upgrade for this version of the app. The server's "
                "administrator upgrades it, after a backup, with: dialogue-app server init URL"
            ).format(name=address.event)
        )
    return ServerEventStore(address, engine, read_only=read_only)


#: Run by :func:`init_server` in its transaction after the control schema exists, as (connection,):
#: the roles module creates the server's group roles and grants here.
AFTER_INIT: list = []


def init_server(url: str) -> list[str]:
    """Prepare a server database, or upgrade it: the control schema, every event's schema to this
    app's heads, and the hooks of :data:`AFTER_INIT` (roles). One transaction: all or nothing.
    Returns the names of the events whose schema was upgraded."""
    engine = make_server_engine(url)
    upgraded: list[str] = []
    heads = set(_script_directory().get_heads())
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(4471474)"))  # two administrators at once
            init_control_schema(conn)
            rows = conn.execute(
                text(f"SELECT name, schema_name FROM {CONTROL_SCHEMA}.event_registry ORDER BY name")
            ).all()
            for name, schema in ((str(r.name), str(r.schema_name)) for r in rows):
                conn.execute(text(f'SET LOCAL search_path TO "{schema}"'))
                if _current_revisions(conn) != heads:
                    upgrade_event_schema(conn, schema)
                    upgraded.append(name)
            conn.execute(text("SET LOCAL search_path TO DEFAULT"))
            for hook in tuple(AFTER_INIT):
                hook(conn)
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()
    return upgraded


def drop_server_event(address: ServerAddress) -> None:
    """Remove an event and all its rows from the server (administrators; tests)."""
    engine = make_server_engine(address.url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_for(address.event)}" CASCADE'))
            conn.execute(text(f"DELETE FROM {CONTROL_SCHEMA}.event_registry WHERE name = :n"), {"n": address.event})
    except (OperationalError, ProgrammingError) as exc:
        raise _server_failure(exc, address.url) from exc
    finally:
        engine.dispose()


__all__ = [
    "AFTER_EVENT_CREATED",
    "CONTROL_SCHEMA",
    "NotAllowed",
    "ServerEventInfo",
    "ServerUnavailable",
    "create_event_schema",
    "create_server_event",
    "drop_server_event",
    "init_control_schema",
    "init_server",
    "list_events",
    "make_server_engine",
    "open_server_event",
    "upgrade_event_schema",
]

# The server's roles (storage/pg_roles.py): every new event's grants; the roles and all grants on init.
AFTER_EVENT_CREATED.append(pg_roles.on_event_created)
AFTER_INIT.append(pg_roles.apply_all)
