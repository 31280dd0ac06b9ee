"""Live screens on a server: every change to an event's tables sends a notification naming the table.

Each event schema gets one trigger function and one statement-level trigger per table (``AFTER INSERT
OR UPDATE OR DELETE OR TRUNCATE … FOR EACH STATEMENT``) that calls ``pg_notify(channel, table_name)``.
PostgreSQL delivers notifications only when the transaction commits, and folds identical ones of one
transaction into one, so a save of many rows costs one message per table. The channel is per event
(:func:`channel_for`), so a client listens to the event it shows and no other.

Installed when an event is created (``pg_server.AFTER_EVENT_CREATED``) and by ``server init`` for the
events already there (``pg_server.AFTER_INIT``); installing again changes nothing (idempotent), and a
table added by a later migration gets its trigger at the next ``server init``.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from dialogue_app.storage.address import ServerAddress

#: Name of the trigger function (in each event's schema) and of every trigger calling it.
FUNCTION = "dialogue_notify_change"
TRIGGER = "dialogue_notify"
#: Tables not worth a notification (Alembic's bookkeeping).
SKIPPED = frozenset({"alembic_version"})


def channel_for(schema: str) -> str:
    """The LISTEN/NOTIFY channel of the event stored in ``schema`` (``dialogue_ev_<name>``)."""
    return f"dialogue_{schema}"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def event_tables(conn: Connection, schema: str) -> list[str]:
    """The ordinary tables of an event's schema (without Alembic's), by name."""
    rows = conn.execute(
        text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = :s AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        ),
        {"s": schema},
    ).all()
    return [str(r.table_name) for r in rows if r.table_name not in SKIPPED]


def install_notify_triggers(conn: Connection, schema: str) -> list[str]:
    """Create (or replace) the trigger function and a statement trigger on every table of ``schema``,
    in ``conn``'s transaction; returns the tables now notifying."""
    channel = channel_for(schema).replace("'", "''")
    conn.execute(
        text(
            f"""CREATE OR REPLACE FUNCTION {_quote(schema)}.{FUNCTION}() RETURNS trigger
                LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_notify('{channel}', TG_TABLE_NAME);
                    RETURN NULL;
                END
                $fn$"""
        )
    )
    tables = event_tables(conn, schema)
    for table in tables:
        target = f"{_quote(schema)}.{_quote(table)}"
        conn.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {target}"))
        conn.execute(
            text(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {target} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_quote(schema)}.{FUNCTION}()"
            )
        )
    return tables


def _after_event_created(conn: Connection, address: ServerAddress) -> None:
    install_notify_triggers(conn, address.schema)


def _after_init(conn: Connection) -> None:
    from dialogue_app.storage.pg_server import CONTROL_SCHEMA

    query = text(f"SELECT schema_name FROM {CONTROL_SCHEMA}.event_registry ORDER BY name")
    schemas = [str(row[0]) for row in conn.execute(query).all()]
    for schema in schemas:
        install_notify_triggers(conn, str(schema))


def register() -> None:
    """Install the triggers with every new event and at every ``server init`` (once per process)."""
    from dialogue_app.storage import pg_server

    if _after_event_created not in pg_server.AFTER_EVENT_CREATED:
        pg_server.AFTER_EVENT_CREATED.append(_after_event_created)
    if _after_init not in pg_server.AFTER_INIT:
        pg_server.AFTER_INIT.append(_after_init)


__all__ = ["FUNCTION", "TRIGGER", "channel_for", "event_tables", "install_notify_triggers", "register"]
