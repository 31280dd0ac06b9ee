"""Copy a whole event between stores (a file onto a server, a server event into a file), in one
transaction on the receiving side, row for row through SQLAlchemy Core: nothing is converted,
renamed or left out, so both directions round-trip without loss."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, func, insert, select, update

from dialogue_app.storage.event_store import EventStore

#: Rows per INSERT batch.
BATCH = 500


def _tables():
    from dialogue_app.models import Base

    return Base.metadata.sorted_tables  # parents before children


def row_counts(store: EventStore) -> dict[str, int]:
    """Rows per table of an event (to say what a copy holds and to check it)."""
    counts: dict[str, int] = {}
    with store.engine.connect() as conn:
        for table in _tables():
            counts[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    return counts


def copy_event(
    source: EventStore, target: EventStore, *, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of ``source`` into the empty event ``target`` in one transaction.

    ``target`` must be empty (a freshly created event); on any error nothing is written there.
    ``progress(done, total)`` is called after each table. Returns the rows copied per table.
    """
    tables = _tables()
    copied: dict[str, int] = {}
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in tables:  # never merged into, never emptied: a copy goes into a new event only
            if dst.execute(select(func.count()).select_from(table)).scalar_one():
                raise ValueError(f"copy_event: the target event is not empty ({table.name})")
        for index, table in enumerate(tables, 1):
            # a row may point at a later row of its own table (a guest at their host): those
            # columns are filled in a second pass, once every row of the table is there
            own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
            later: list[dict] = []
            rows = src.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            count = 0
            while batch := rows.fetchmany(BATCH):
                values = [dict(row) for row in batch]
                for row in values:
                    if any(row[name] is not None for name in own):
                        later.append({"_pk": row["id"], **{name: row[name] for name in own}})
                        row.update(dict.fromkeys(own, None))
                dst.execute(insert(table), values)
                count += len(batch)
            if later:
                dst.execute(
                    update(table).where(table.c.id == bindparam("_pk")).values(
                        {name: bindparam(name) for name in own}
                    ),
                    later,
                )
            copied[table.name] = count
            if progress is not None:
                progress(index, len(tables))
    return copied
