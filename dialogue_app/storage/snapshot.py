"""Reading a whole event as one moment while others write to it (a pull from a live server, a push
of a file the app has open): every query of a copy sees the event as it was when the copy began."""

from __future__ import annotations

from sqlalchemy import event

from dialogue_app.storage.event_store import EventStore


def read_as_one_moment(store: EventStore) -> None:
    """Make the connections of ``store`` (opened for one copy, read-only) read one snapshot per
    transaction: REPEATABLE READ on PostgreSQL (READ COMMITTED would mix moments table by table);
    on SQLite an explicit read transaction (the driver begins none for SELECTs, so each query
    would see the file anew)."""
    if store.is_server:
        store.engine = store.engine.execution_options(isolation_level="REPEATABLE READ")
        return
    engine = store.engine.execution_options()  # its own listeners; the same pool

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # SQLAlchemy's recipe for pysqlite: begin the read transaction ourselves
        conn.exec_driver_sql("BEGIN")

    store.engine = engine
