"""Forgetting on a PostgreSQL server: VACUUM after the erasing transaction, and a check in SQL.

A DELETE or UPDATE on PostgreSQL leaves the old row versions in the table's pages until VACUUM
removes them; :func:`vacuum_tables` runs it on the event's tables once the erasure is committed
(VACUUM cannot run inside a transaction). It only removes versions no open transaction can still
see, and only the tables' owner (or, from PostgreSQL 16, a role granted MAINTAIN) may vacuum: the
tables it could not vacuum are returned so the privacy log can say so (autovacuum reaches them later).

What the server itself still keeps — its write-ahead log, WAL archives, base backups, replicas —
is outside any client's reach; the README says what the administrator must set for erasure to hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import String, Text, func, or_, select, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from sqlalchemy import Table

    from dialogue_app.storage.event_store import EventStore


def vacuum_tables(store: EventStore, tables: Iterable[str]) -> tuple[str, ...]:
    """VACUUM these tables of a server event (outside any transaction); returns the tables this
    login may not vacuum (not their owner), which are left to autovacuum."""
    schema = store.address.schema  # type: ignore[attr-defined]
    names = list(dict.fromkeys(tables))
    skipped: list[str] = []
    try:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            owned = {
                str(r[0]) for r in conn.execute(
                    text("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = :schema AND c.relkind = 'r' "
                         "AND pg_has_role(current_user, c.relowner, 'USAGE')"),
                    {"schema": schema},
                )
            }
            for name in names:
                if name not in owned:
                    skipped.append(name)
                    continue
                conn.exec_driver_sql(f'VACUUM (ANALYZE) "{schema}"."{name}"')
    except DBAPIError as exc:
        raise store.translate(exc) from exc
    return tuple(skipped)


def _text_columns(table: Table) -> list:
    return [c for c in table.columns if isinstance(c.type, String | Text)]


def rows_mentioning(store: EventStore, tables: Iterable[Table], needles: Iterable[str]) -> list[str]:
    """``table.column`` of every text column that still holds one of ``needles`` (ignoring case)."""
    given = [n for n in needles if n]
    if not given:
        return []
    # as written and lower-cased on both sides (a server in the C locale lower-cases ASCII only)
    wanted = list(dict.fromkeys(v for n in given for v in (n, n.lower(), n.upper())))
    found: list[str] = []
    try:
        with store.engine.connect() as conn:
            for table in tables:
                for column in _text_columns(table):
                    hit = conn.execute(
                        select(column).where(or_(
                            *[column.contains(n, autoescape=True) for n in wanted],
                            *[func.lower(column).contains(n.lower(), autoescape=True) for n in wanted]))
                        .limit(1)
                    ).first()
                    if hit is not None:
                        found.append(f"{table.name}.{column.name}")
    except DBAPIError as exc:
        raise store.translate(exc) from exc
    return found
