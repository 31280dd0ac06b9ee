"""Operations that must run alone on a server event: PostgreSQL advisory locks.

On an event file one writer holds the file (:mod:`.file_lock`), so merging packages or forgetting a
person never meets a second writer. On a server several organisers write at once; merging packages
and forgetting people rewrite rows all over the event and must not interleave with each other (a
merge started before a forget could bring the person back into rows the forget already passed).
They take one session-level advisory lock per event, keyed by the event's schema: a second
organiser who tries meanwhile is told who holds it and nothing is changed. The server drops the
lock when the holder's connection ends, so a crashed laptop never leaves it behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dialogue_app.errors import EventFileInUse
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dialogue_app.storage.event_store import EventStore

#: The second key of the lock: every operation that must run alone takes the same one.
ALONE = "dialogue_app:alone"


def _holder(conn, schema: str) -> str:
    row = conn.execute(
        text(
            "SELECT a.usename FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
            "AND l.classid::int = hashtext(:schema) AND l.objid::int = hashtext(:op) LIMIT 1"
        ),
        {"schema": schema, "op": ALONE},
    ).first()
    return str(row[0]) if row and row[0] else "?"


@contextlib.contextmanager
def alone(store: EventStore) -> Iterator[None]:
    """Run the block as the only merge or erasure on this event (a no-op on an event file, which one
    writer holds). Raises :class:`EventFileInUse` at once when another organiser runs one."""
    if not store.is_server:
        yield
        return
    schema = store.address.schema  # type: ignore[attr-defined]
    try:
        conn = store.engine.connect()
    except DBAPIError as exc:
        raise store.translate(exc) from exc
    try:
        got = conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:schema), hashtext(:op))"),
                           {"schema": schema, "op": ALONE}).scalar()
        who = None if got else _holder(conn, schema)
        conn.commit()  # the lock outlives the transaction: no connection idles in one meanwhile
        if not got:
            raise EventFileInUse(
                _("{user} is merging packages or forgetting people in “{event}” just now. Try again when that "
                  "has finished; nothing was changed.").format(user=who, event=store.address.event)  # type: ignore[attr-defined]
            )
        try:
            yield
        finally:
            with contextlib.suppress(DBAPIError):
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:schema), hashtext(:op))"),
                             {"schema": schema, "op": ALONE})
                conn.commit()
    except DBAPIError as exc:
        raise store.translate(exc) from exc
    finally:
        conn.close()


def lock_additions(session: Session) -> None:
    """Until the commit, this transaction alone adds to the server event (tables, walk-ins, a plan
    being stored): a transaction-level advisory lock keyed by the event's schema, which every role
    may take (a row lock on the event would need an UPDATE right the door does not have)."""
    session.execute(text("SELECT pg_advisory_xact_lock(hashtext('dialogue-additions:' || current_schema()))"))
