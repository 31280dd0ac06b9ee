"""Making an erasure final on a PostgreSQL server, as far as a client can (issue 30).

The rows and text are removed and redacted exactly as in a file (:mod:`.erasure`, one committed
transaction that also marks the erasure pending). Then, instead of the file's VACUUM and WAL
truncation (:mod:`.scrub`):

* every table of the event is VACUUMed, so the old row versions leave the tables (tables this login
  does not own are left to autovacuum and named in the privacy log);
* the backups of this server event on this computer (event files pulled by the app) are deleted;
* a check in SQL: no text column of the event still holds the person's name, e-mail or phone;
* the privacy log records what the server still keeps: old row versions in its write-ahead log, WAL
  archives, base backups and replicas until the administrator's retention recycles them (see the
  README, "Shared server").

Only then is the pending mark removed; otherwise :class:`.scrub.ErasureIncomplete` and running the
same forget again finishes the job.
"""

from __future__ import annotations

from pathlib import Path

from dialogue_app import storage
from dialogue_app.i18n import gettext as _
from dialogue_app.services.privacy import scrub, suppression
from dialogue_app.services.privacy.activity_log import _log

#: The privacy log's action for "erased on a server; what the server still keeps".
ACTION = "server_erasure"


def _tables():
    from dialogue_app.models import Base

    return Base.metadata.sorted_tables


def finish_server_erasure(store: storage.EventStore, needles: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """VACUUM, delete this computer's backups of the event, verify in SQL, record in the privacy log
    what the server keeps. Returns the backups deleted."""
    from dialogue_app.storage.pg_backup import purge_server_backups
    from dialogue_app.storage.pg_erasure import rows_mentioning, vacuum_tables

    tables = _tables()
    skipped = vacuum_tables(store, [t.name for t in tables])
    removed = purge_server_backups(store.address)  # type: ignore[attr-defined]
    left = rows_mentioning(store, tables, needles)
    if left:
        raise scrub.ErasureIncomplete(_(
            "The records were erased, but traces of them remain in {path}. Close other windows or programs "
            "using the event and try again (run the same command, or open the event again in the app)."
        ).format(path=", ".join(left)))
    with store.session() as s:
        # the tables left to autovacuum, if any: "how many of how many: names" (cut at 200 characters)
        detail = f"{len(skipped)}/{len(tables)}: {','.join(skipped)}" if skipped else ""
        _log(s, ACTION, detail=detail)
        suppression.clear_pending(s)
    return removed
