"""Forgetting for good in a SQLite file: VACUUM, the WAL moved in and truncated, free pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from dialogue_app.storage.event_store import EventStore


def vacuum(store: EventStore) -> None:
    """Rewrite the file so that deleted data no longer exists in its pages (after forgetting)."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(text("VACUUM"))
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def rewrite_for_erasure(store: EventStore, *, wait: float) -> bool:
    """VACUUM, then move the WAL into the file and truncate it, retrying for up to ``wait`` seconds
    while other readers hold old pages. False when they still do (old bytes remain)."""
    import time

    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(text("VACUUM"))
        deadline = time.monotonic() + wait
        while conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.25)
    return True


def free_pages(store: EventStore) -> int:
    """Pages on SQLite's free list (they may still hold deleted data)."""
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0)
