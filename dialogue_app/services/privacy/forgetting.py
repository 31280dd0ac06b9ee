"""Personal data handled lawfully: consent, forgetting, retention, subject access.

The generic machinery lives in :mod:`dialogue_app.privacy`; this module offers it
to the CLI and the privacy page as functions taking a Session (or an open
EventStore where the file itself must change) and returning frozen dataclasses.

* Consent is explicit and separate per person and sensitive dimension; it records
  the consent text and its version, when, and who recorded it. Withdrawing is one
  call and deletes the value at once; :func:`tables_to_rebalance` then lists the
  tables planned with values that no longer exist.
* Consent texts ship in every language (gettext) and are editable per event:
  each edit is a new version; version 1 is the app's default text.
* :func:`forget` removes a person everywhere (generic, see
  :mod:`dialogue_app.services.privacy.policy`), then rewrites the file (VACUUM, WAL
  truncated) and deletes the app's backups of it, which still hold the person.
* :func:`purge` does the same for every person once the retention date has passed,
  keeping anonymous commitments and survey answers for the report.
* :func:`subject_access` gathers everything held about one person.

This module holds forgetting and purging; its siblings the other parts (see the package).
"""


from __future__ import annotations

import contextlib
import importlib
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dialogue_app import EVENT_SUFFIX, storage
from dialogue_app.errors import DialogueError, EventFileInUse, NotAllowed, NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy import erasure, scrub, suppression
from dialogue_app.services.privacy.activity_log import _log
from dialogue_app.storage.pg_lock import alone

log = logging.getLogger(__name__)

#: raised by forget / purge when the records are gone but the file or a backup is not yet clean
ErasureIncomplete = scrub.ErasureIncomplete

#: Names storage.backup_file gives to copies next to the event ("demo.before-upgrade-20261105-101500.dialogue").
_BACKUP_NAME = r"\.[a-z][a-z-]*-\d{8}-\d{6}(?:-\d+)?" + re.escape(EVENT_SUFFIX)


# --- forgetting and purging ------------------------------------------------------------------------


@dataclass(frozen=True)
class ForgetResult:
    people: int
    deleted_rows: int
    anonymised_rows: int
    redacted_mentions: int
    #: tables whose plan used the forgotten people's values (see tables_to_rebalance)
    tables: tuple[int, ...] = ()


@dataclass(frozen=True)
class CleanupResult:
    backups_removed: tuple[Path, ...]
    wal_bytes: int


def _result(counts: erasure.ErasureCounts, tables: tuple[int, ...] = ()) -> ForgetResult:
    return ForgetResult(counts.people, sum(counts.deleted.values()), sum(counts.anonymised.values()),
                        counts.redacted, tables)


def _tables_of(session: Session, person_ids: list[uuid.UUID]) -> tuple[int, ...]:
    if not person_ids:
        return ()
    rows = session.scalars(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .where(Assignment.person_id.in_(person_ids[:500])).distinct()
    )
    return tuple(sorted(rows))


def forget_person(session: Session, person_id: uuid.UUID) -> ForgetResult:
    """Remove one person everywhere in the database (one unit of work). Call
    :func:`finish_erasure` on the store afterwards so no trace stays in the file or backups."""
    if session.get(Person, person_id) is None:
        raise NotFound(_("That person no longer exists."))
    tables = _tables_of(session, [person_id])
    e = current_event(session)
    suppression.record(session, e.id, suppression.identifiers_by_person(session, [person_id]))
    result = _result(erasure.erase(session, [person_id]), tables)
    _log(session, "forget", result, subject_id=person_id)
    suppression.mark_pending(session, e.id)
    return result


def purge_people(session: Session) -> ForgetResult:
    """Anonymise every person of the event (retention): people, their values, consents,
    seating and notes go; commitments and survey answers stay as anonymous records."""
    e = current_event(session)
    ids = list(session.scalars(select(Person.id).where(Person.event_id == e.id)))
    suppression.record(session, e.id, suppression.identifiers_by_person(session, ids))
    result = _result(erasure.erase(session, ids))
    _log(session, "purge", result)
    suppression.mark_pending(session, e.id)
    return result


def app_backups(event_path: Path) -> list[Path]:
    """Every backup the app made of this event file: the automatic backups (when
    :mod:`dialogue_app.storage.backups` exists) and the copies storage writes next to the file
    (``<stem>.before-upgrade-<stamp>.dialogue``, ``<stem>.backup-<stamp>.dialogue``)."""
    event_path = Path(event_path)
    found: list[Path] = []
    backups = _backups_module()
    if backups is not None:  # BackupInfo objects (with .path) or paths
        found.extend(Path(getattr(b, "path", b)) for b in backups.list_backups(event_path))
    found.extend(_copies_next_to(event_path))
    if backups is not None and hasattr(backups, "former_locations"):
        # the file was moved or renamed: upgrade copies left next to where it was, if they are of this event
        ident = backups.event_identity(event_path)
        for old in backups.former_locations(event_path):
            for p in _copies_next_to(old):
                other = backups.event_identity(p)
                if ident is not None and other is not None and other.key == ident.key:
                    found.append(p)
    return list(dict.fromkeys(found))


def _copies_next_to(event_path: Path) -> list[Path]:
    """Copies storage wrote next to an event file ("<stem>.before-upgrade-<stamp>.dialogue")."""
    pattern = re.compile(re.escape(event_path.stem) + _BACKUP_NAME + "$")
    if not event_path.parent.is_dir():
        return []
    return [p for p in sorted(event_path.parent.iterdir()) if pattern.fullmatch(p.name) and p != event_path]


def _backups_module():
    """Integration point with the automatic backups (dialogue_app.storage.backups: list_backups, purge_backups)."""
    try:
        return importlib.import_module("dialogue_app.storage.backups")
    except ModuleNotFoundError as exc:
        if exc.name == "dialogue_app.storage.backups":
            return None
        raise


def remove_backups(event_path: Path) -> tuple[Path, ...]:
    """Delete every backup of the event (they still hold forgotten people).

    Backups are deleted rather than rewritten: an upgrade backup is in an older
    schema the current code cannot edit safely, and a backup that was edited is no
    longer a faithful backup. The event file itself is the up-to-date copy."""
    event_path = Path(event_path)
    found = app_backups(event_path)
    backups = _backups_module()
    if backups is not None:
        backups.purge_backups(event_path)
    removed = []
    for p in found:
        for extra in (p, Path(str(p) + "-wal"), Path(str(p) + "-shm"), Path(str(p) + "-journal")):
            if extra.exists():
                extra.unlink()
                if extra == p:
                    removed.append(p)
            elif extra == p:
                removed.append(p)  # already purged by the backups module
    return tuple(removed)


def finish_erasure(store: storage.EventStore, needles: tuple[str, ...] = ()) -> CleanupResult:
    """After forgetting or purging: rewrite the file so deleted data is gone from its pages,
    truncate the WAL, delete the app's backups of the event (found by its identity, wherever the
    file lived), make one fresh, clean backup, then VERIFY: the WAL is empty and no byte of
    ``needles`` (the person's name, e-mail, phone) is in the file, its WAL/SHM or any backup.

    Raises :class:`scrub.ErasureIncomplete` (nothing claims success) when another program keeps
    the old pages alive, the disk is full, or bytes remain; the erasure itself is committed and
    marked pending, so running forget/purge again finishes the job.

    On a server (``store.is_server``) the same rows and text are gone; what follows is
    :func:`.server_erasure.finish_server_erasure` (VACUUM, a check in SQL, the privacy log)."""
    if store.is_server:
        from dialogue_app.services.privacy.server_erasure import finish_server_erasure

        return CleanupResult(finish_server_erasure(store, _needles_still_needed(store, needles)), 0)
    wal_bytes = scrub.rewrite(store)
    removed = remove_backups(store.path)
    backups = _backups_module()
    make = getattr(backups, "make_backup", None) if backups is not None else None
    if make is not None:
        try:
            make(store, label="after-erasure")
        except (DialogueError, OSError):  # a missing safety copy must not undo or hide a completed erasure
            log.warning("could not make a fresh backup after erasure", exc_info=True)
    files = scrub.files_of_event(store.path, app_backups(store.path))
    scrub.verify(store, files, _needles_still_needed(store, needles))
    with store.session() as s:
        suppression.clear_pending(s)
    with contextlib.suppress(DialogueError, SQLAlchemyError):
        store.checkpoint()
    return CleanupResult(removed, wal_bytes)


def _needles_still_needed(store: storage.EventStore, needles: tuple[str, ...]) -> tuple[str, ...]:
    """The needles that no remaining person legitimately holds (another person may share a name)."""
    if not needles:
        return ()
    with store.session() as s:
        full = Person.first_name + " " + Person.last_name
        kept = []
        for n in needles:
            held = s.scalar(select(func.count()).select_from(Person).where(
                (func.lower(full) == n.lower()) | (func.lower(Person.email) == n.lower()) | (Person.phone == n)))
            if not held:
                kept.append(n)
    return tuple(kept)


def erasure_needles(session: Session, person_ids: list[uuid.UUID]) -> tuple[str, ...]:
    """What must not remain anywhere after erasing these people: full name, e-mail, phone."""
    out: list[str] = []
    for pid in person_ids[:50]:  # one person (forget); a purge is verified structurally
        p = session.get(Person, pid)
        if p is None:
            continue
        if p.first_name and p.last_name:
            out.append(f"{p.first_name} {p.last_name}")
        out += [v for v in (p.email, p.phone) if v and len(v) >= 6]
    return tuple(out)


def finish_pending(store: storage.EventStore) -> CleanupResult | None:
    """Finish an erasure that was interrupted (reader, kill, full disk); None when none is pending.

    On a server: None too when this login's role may not read the privacy log (a door volunteer, a
    facilitator) or when another organiser's forget or merge is running (it finishes its own)."""
    try:
        with store.session() as s:
            pending = suppression.is_pending(s)
    except NotAllowed:
        return None
    if not pending:
        return None
    try:
        with alone(store):
            return finish_erasure(store)
    except EventFileInUse:
        if store.is_server:
            return None
        raise


def forget(store: storage.EventStore, person_id: uuid.UUID) -> tuple[ForgetResult, CleanupResult]:
    """Forget one person and make it final; on a server, as the only merge or erasure running."""
    with alone(store):
        with store.session() as s:
            needles = erasure_needles(s, [person_id])
            result = forget_person(s, person_id)
        return result, finish_erasure(store, needles)


def purge(store: storage.EventStore) -> tuple[ForgetResult, CleanupResult]:
    with alone(store):
        with store.session() as s:
            result = purge_people(s)
        return result, finish_erasure(store)
