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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dialogue_app import EVENT_SUFFIX, __version__, i18n, outputs, storage
from dialogue_app.codes import normalise_code
from dialogue_app.errors import DialogueError, NotFound, UserInputError
from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.models import (
    Assignment,
    Consent,
    ConsentText,
    DialogueTable,
    Dimension,
    Person,
    PersonValue,
    utcnow,
)
from dialogue_app.models.privacy import PrivacyLogEntry
from dialogue_app.services.privacy import access, erasure, scrub, suppression
from dialogue_app.services.privacy.consent_hooks import current_text, ensure_text, forget_cached_texts, version_key
from dialogue_app.privacy.texts import default_consent_text
from dialogue_app.services.events import current_event

log = logging.getLogger(__name__)

#: raised by forget / purge when the records are gone but the file or a backup is not yet clean
ErasureIncomplete = scrub.ErasureIncomplete

#: Names storage.backup_file gives to copies next to the event ("demo.before-upgrade-20261105-101500.dialogue").
_BACKUP_NAME = r"\.[a-z][a-z-]*-\d{8}-\d{6}(?:-\d+)?" + re.escape(EVENT_SUFFIX)

WHO_CAN_SEE = N_(
    "Anyone who can open this event file on this computer: the organisers who keep it. The app sends "
    "nothing anywhere; it makes no network connection. Table packages for facilitators' laptops carry only "
    "what their tables need: never background values or consent records, contact details only if you choose."
)
WHAT_IS_STORED = N_(
    "Names, participant codes, e-mail addresses and phone numbers, languages, access needs, roles, "
    "attendance and check-in, background values for table mixing (sensitive ones such as origin and "
    "religion only with the person's explicit consent), consent records, seating, pair rules, "
    "facilitators' notes, commitments and survey answers."
)
HOW_TO_ANSWER = N_(
    "When someone asks what the app holds about them, find them below and choose “Export everything about "
    "this person…”: it writes a readable file with every record about them, their consent history and "
    "quotes of notes that mention them. Check that file and hand it over within a month. When someone "
    "asks to be erased, choose “Forget this person…”: their data is removed from the event file and the "
    "app's backups at once. Delete any copies or exports you made yourself."
)


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHit:
    id: uuid.UUID
    code: str
    name: str


def find_people(session: Session, query: str = "", limit: int = 200) -> list[PersonHit]:
    """People whose name, code, e-mail or phone contains ``query`` (all when empty)."""
    e = current_event(session)
    stmt = select(Person.id, Person.code, Person.first_name, Person.last_name).where(Person.event_id == e.id)
    q = query.strip()
    if q:
        like = f"%{q}%"
        full = Person.first_name + " " + Person.last_name
        stmt = stmt.where(
            Person.code.ilike(like) | full.ilike(like) | Person.email.ilike(like) | Person.phone.ilike(like)
            | Person.last_name.ilike(like)
        )
    rows = session.execute(stmt.order_by(Person.last_name, Person.first_name).limit(limit)).all()
    return [PersonHit(r.id, r.code, f"{r.first_name} {r.last_name}".strip()) for r in rows]


def person_by_code(session: Session, code: str) -> PersonHit:
    e = current_event(session)
    r = session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name).where(
            Person.event_id == e.id, Person.code == normalise_code(code)
        )
    ).first()
    if r is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    return PersonHit(r.id, r.code, f"{r.first_name} {r.last_name}".strip())


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
    :mod:`dialogue_app.backups` exists) and the copies storage writes next to the file
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
    """Integration point with the automatic backups (dialogue_app.backups: list_backups, purge_backups)."""
    try:
        return importlib.import_module("dialogue_app.backups")
    except ModuleNotFoundError as exc:
        if exc.name == "dialogue_app.backups":
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
    marked pending, so running forget/purge again finishes the job."""
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
    """Finish an erasure that was interrupted (reader, kill, full disk); None when none is pending."""
    with store.session() as s:
        pending = suppression.is_pending(s)
    return finish_erasure(store) if pending else None


def forget(store: storage.EventStore, person_id: uuid.UUID) -> tuple[ForgetResult, CleanupResult]:
    with store.session() as s:
        needles = erasure_needles(s, [person_id])
        result = forget_person(s, person_id)
    return result, finish_erasure(store, needles)


def purge(store: storage.EventStore) -> tuple[ForgetResult, CleanupResult]:
    with store.session() as s:
        result = purge_people(s)
    return result, finish_erasure(store)


# --- the privacy log ----------------------------------------------------------------------------

ACTION_LABELS = {
    "forget": N_("A person was forgotten"),
    "purge": N_("Everyone was anonymised (retention)"),
    "consent_text": N_("New consent text version"),
    "retention": N_("Retention date changed"),
}


@dataclass(frozen=True)
class LogRow:
    at: dt.datetime
    action: str
    people: int
    deleted: int
    anonymised: int
    redacted: int
    detail: str

    @property
    def label(self) -> str:
        return _(ACTION_LABELS[self.action]) if self.action in ACTION_LABELS else self.action


def _log(session: Session, action: str, result: ForgetResult | None = None, detail: str = "",
         subject_id: uuid.UUID | None = None) -> None:
    """Record what was done, never whom it was done to (only a forgotten person's former row id)."""
    e = current_event(session)
    entry = PrivacyLogEntry(event_id=e.id, at=utcnow(), action=action, detail=detail[:200], subject_id=subject_id)
    if result is not None:
        entry.people, entry.deleted = result.people, result.deleted_rows
        entry.anonymised, entry.redacted = result.anonymised_rows, result.redacted_mentions
    session.add(entry)
    session.flush()


def privacy_log(session: Session) -> list[LogRow]:
    """What was done with personal data in this event, newest first (no names, no codes)."""
    e = current_event(session)
    rows = session.scalars(
        select(PrivacyLogEntry).where(PrivacyLogEntry.event_id == e.id, ~PrivacyLogEntry.action.startswith("_", autoescape=True))
        .order_by(PrivacyLogEntry.at.desc())
    )
    return [LogRow(r.at, r.action, r.people, r.deleted, r.anonymised, r.redacted, r.detail) for r in rows]


def forgotten_ids(session: Session) -> set[uuid.UUID]:
    """Former row ids of the people forgotten or purged in this event: a table-package merge must never
    bring such a person (or a row pointing at them) back."""
    return suppression.suppressed_ids(session)


# --- retention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionStatus:
    date: dt.date | None
    past: bool
    days_left: int | None
    people: int


def retention_status(session: Session, today: dt.date | None = None) -> RetentionStatus:
    e = current_event(session)
    today = today or dt.date.today()
    people = session.scalar(select(func.count()).select_from(Person).where(Person.event_id == e.id)) or 0
    if e.retention_date is None:
        return RetentionStatus(None, False, None, people)
    return RetentionStatus(e.retention_date, today > e.retention_date, (e.retention_date - today).days, people)


def set_retention_date(session: Session, date: dt.date | None) -> dt.date | None:
    """Store a new retention date; returns the previous one (for undo)."""
    e = current_event(session)
    if date is not None and e.date is not None and date < e.date:
        raise UserInputError(_("The retention date cannot be before the event itself."))
    before = e.retention_date
    e.retention_date = date
    if before != date:
        _log(session, "retention", detail=date.isoformat() if date else "")
    return before


@dataclass(frozen=True)
class SetRetentionDate:
    """Undoable edit of the retention date."""

    date: dt.date | None
    label: str

    def apply(self, session: Session) -> SetRetentionDate:
        return SetRetentionDate(set_retention_date(session, self.date), self.label)


# --- consent --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentCount:
    dimension_id: uuid.UUID
    key: str
    name: str
    active: int
    withdrawn: int
    values: int
    prefer_not: int
    without_consent: int


def sensitive_dimensions(session: Session) -> list[Dimension]:
    e = current_event(session)
    return list(session.scalars(
        select(Dimension).where(Dimension.event_id == e.id, Dimension.sensitive).order_by(Dimension.position)
    ))


def _active_pairs(session: Session) -> set[tuple[uuid.UUID, uuid.UUID]]:
    rows = session.execute(select(Consent.person_id, Consent.dimension_id).where(Consent.withdrawn_at.is_(None)))
    return {(p, d) for p, d in rows}


def consent_overview(session: Session) -> list[ConsentCount]:
    """Per sensitive dimension: people with active consent, people who withdrew (and did not
    consent again), values held, "prefer not to say", and values held without consent (must be 0)."""
    active = _active_pairs(session)
    rows = session.execute(select(Consent.person_id, Consent.dimension_id).where(Consent.withdrawn_at.is_not(None)))
    withdrawn = {(p, d) for p, d in rows} - active
    out = []
    for d in sensitive_dimensions(session):
        vals = session.execute(
            select(PersonValue.person_id, PersonValue.category_id).where(PersonValue.dimension_id == d.id)
        ).all()
        out.append(ConsentCount(
            d.id, d.key, d.name,
            active=sum(1 for p, dim in active if dim == d.id),
            withdrawn=sum(1 for p, dim in withdrawn if dim == d.id),
            values=sum(1 for v in vals if v.category_id is not None),
            prefer_not=sum(1 for v in vals if v.category_id is None),
            without_consent=sum(1 for v in vals if (v.person_id, d.id) not in active),
        ))
    return out


def consent_violations(session: Session) -> list[tuple[uuid.UUID, str]]:
    """(person, dimension key) pairs holding a sensitive value without active consent (should be none)."""
    active = _active_pairs(session)
    out = []
    for d in sensitive_dimensions(session):
        for pid in session.scalars(select(PersonValue.person_id).where(PersonValue.dimension_id == d.id)):
            if (pid, d.id) not in active:
                out.append((pid, d.key))
    return out


@dataclass(frozen=True)
class PersonConsent:
    dimension_id: uuid.UUID
    name: str
    active: bool
    given_at: dt.datetime | None
    version: str
    recorded_by: str
    withdrawn_at: dt.datetime | None
    has_value: bool


def person_consents(session: Session, person_id: uuid.UUID) -> list[PersonConsent]:
    """The consent state of one person for every sensitive dimension (latest record)."""
    if session.get(Person, person_id) is None:
        raise NotFound(_("That person no longer exists."))
    valued = set(session.scalars(select(PersonValue.dimension_id).where(PersonValue.person_id == person_id)))
    out = []
    for d in sensitive_dimensions(session):
        last = session.scalars(
            select(Consent).where(Consent.person_id == person_id, Consent.dimension_id == d.id)
            .order_by(Consent.given_at.desc(), Consent.created_at.desc()).limit(1)
        ).first()
        out.append(PersonConsent(
            d.id, d.name, active=last is not None and last.withdrawn_at is None,
            given_at=last.given_at if last else None, version=last.text_version if last else "",
            recorded_by=last.recorded_by if last else "", withdrawn_at=last.withdrawn_at if last else None,
            has_value=d.id in valued,
        ))
    return out


def record_consent(session: Session, person_id: uuid.UUID, dimension_id: uuid.UUID, *, recorded_by: str = "",
                   source: str = "app", lang: str | None = None) -> PersonConsent:
    """Record explicit consent of one person for one sensitive dimension, with the current
    consent text and version (in ``lang``, default the event's language)."""
    p = session.get(Person, person_id)
    d = session.get(Dimension, dimension_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    if d is None or not d.sensitive:
        raise UserInputError(_("Consent is recorded only for sensitive dimensions."))
    if any(c.dimension_id == dimension_id and c.withdrawn_at is None for c in p.consents):
        return next(c for c in person_consents(session, person_id) if c.dimension_id == dimension_id)
    lang = i18n.normalise_language(lang or current_event(session).language)
    t = ensure_text(session, d, lang)
    session.add(Consent(person_id=person_id, dimension_id=dimension_id, purpose="dimension", text=t.text,
                        text_version=t.version, given_at=utcnow(), recorded_by=recorded_by.strip(), source=source))
    session.flush()
    session.expire(p)
    return next(c for c in person_consents(session, person_id) if c.dimension_id == dimension_id)


@dataclass(frozen=True)
class TableImpact:
    number: int
    round: int
    people: int


def withdraw(session: Session, person_id: uuid.UUID, dimension_id: uuid.UUID) -> tuple[TableImpact, ...]:
    """Withdraw one consent: the value is deleted at once. Returns the tables to rebalance."""
    from dialogue_app.services.people import withdraw_consent

    withdraw_consent(session, person_id, dimension_id)
    session.flush()
    return tables_to_rebalance(session)


def tables_to_rebalance(session: Session) -> tuple[TableImpact, ...]:
    """Tables whose plan was made with background values that have since been removed:
    a person seated there withdrew a consent after their seat was assigned (and has not
    consented again). Re-planning those seats clears the entry."""
    active = _active_pairs(session)
    rows = session.execute(
        select(DialogueTable.number, Assignment.round, Assignment.person_id, Consent.dimension_id)
        .join(Assignment, Assignment.table_id == DialogueTable.id)
        .join(Consent, Consent.person_id == Assignment.person_id)
        .where(Consent.withdrawn_at.is_not(None), Consent.withdrawn_at >= Assignment.updated_at)
    ).all()
    people: dict[tuple[int, int], set] = {}
    for number, rnd, pid, dim in rows:
        if (pid, dim) not in active:
            people.setdefault((number, rnd), set()).add(pid)
    return tuple(TableImpact(n, r, len(ps)) for (n, r), ps in sorted(people.items()))


# --- consent texts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentTextInfo:
    dimension_key: str
    dimension_name: str
    language: str
    version: str
    text: str
    is_default: bool
    #: consents recorded under this version
    given: int


def event_language(session: Session) -> str:
    return current_event(session).language


def text_languages() -> list[str]:
    """Every supported language (consent texts must exist in each)."""
    return sorted({*i18n.available_languages(), i18n.SOURCE_LANGUAGE, *i18n.COMPLETE_LANGUAGES})


def _info(session: Session, d: Dimension, lang: str) -> ConsentTextInfo:
    e = current_event(session)
    row = current_text(session, e.id, "dimension", d.key, lang)
    default = default_consent_text(d.key, d.name, lang)
    version = row.version if row else "1"
    text = row.text if row else default
    given = session.scalar(
        select(func.count()).select_from(Consent).where(Consent.dimension_id == d.id, Consent.text_version == version,
                                                        Consent.text == text)
    ) or 0
    return ConsentTextInfo(d.key, d.name, lang, version, text, text == default, given)


def consent_texts(session: Session) -> list[ConsentTextInfo]:
    """The current consent text of every sensitive dimension in every language."""
    return [_info(session, d, lang) for d in sensitive_dimensions(session) for lang in text_languages()]


def consent_text_history(session: Session, dimension_key: str, lang: str) -> list[ConsentTextInfo]:
    e = current_event(session)
    d = _dimension(session, dimension_key)
    rows = session.scalars(select(ConsentText).where(
        ConsentText.event_id == e.id, ConsentText.purpose == "dimension", ConsentText.dimension_key == d.key,
        ConsentText.language == lang)).all()
    default = default_consent_text(d.key, d.name, lang)
    return [ConsentTextInfo(d.key, d.name, lang, r.version, r.text, r.text == default, 0)
            for r in sorted(rows, key=lambda r: version_key(r.version))]


def _dimension(session: Session, key: str) -> Dimension:
    for d in sensitive_dimensions(session):
        if d.key == key:
            return d
    raise NotFound(_("No sensitive dimension has the key “{key}”.").format(key=key))


def save_consent_text(session: Session, dimension_key: str, lang: str, text: str) -> ConsentTextInfo:
    """Store an edited consent text as a new version (consents given earlier keep theirs)."""
    text = text.strip()
    if not text:
        raise UserInputError(_("A consent text cannot be empty."))
    if lang not in text_languages():
        raise UserInputError(_("Unknown language “{code}”; choose one of: {langs}.").format(
            code=lang, langs=", ".join(text_languages())))
    d = _dimension(session, dimension_key)
    current = ensure_text(session, d, lang)
    session.flush()
    if current.text != text:
        version = str(version_key(current.version)[0] + 1)
        session.add(ConsentText(event_id=d.event_id, purpose="dimension", dimension_key=d.key, language=lang,
                                version=version, text=text))
        _log(session, "consent_text", detail=f"{d.name} · {lang} · v{version}")
        session.flush()
    forget_cached_texts(session)
    return _info(session, d, lang)


# --- subject access ---------------------------------------------------------------------------------------


def subject_access(session: Session, person_id: uuid.UUID) -> dict:
    """Everything the app holds about one person, readable (JSON-ready)."""
    e = current_event(session)
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("That person no longer exists."))
    data = access.collect(session, person_id, another_person=_("another person"))
    dims = {d.id: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    values = []
    for v in p.values:
        d = dims.get(v.dimension_id)
        if d is None:
            continue
        label = next((c.label for c in d.categories if c.id == v.category_id), None)
        values.append({"dimension": d.name, "value": label if label is not None else _("Prefer not to say"),
                       "sensitive": d.sensitive})
    consents = [
        {"dimension": dims[c.dimension_id].name if c.dimension_id in dims else c.purpose, "purpose": c.purpose,
         "text_version": c.text_version, "text": c.text, "given_at": c.given_at.isoformat() if c.given_at else None,
         "recorded_by": c.recorded_by, "source": c.source,
         "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
        for c in sorted(p.consents, key=lambda c: (c.given_at or utcnow(), c.created_at or utcnow()))
    ]
    return {
        "about": _("Everything this event file holds about one person (subject access)."),
        "generated_at": utcnow().replace(microsecond=0).isoformat() + "Z",
        "app_version": __version__,
        "event": {"title": e.title, "date": e.date.isoformat() if e.date else None,
                  "retention_date": e.retention_date.isoformat() if e.retention_date else None},
        "person": data["person"],
        "roles": sorted(p.role_names),
        "background_values": values,
        "consent_history": consents,
        "records": data["records"],
        "mentions": data["mentions"],
        "retention": _("Kept until {date}; then anonymised.").format(
            date=e.retention_date.isoformat()) if e.retention_date else _("No retention date is set."),
    }


def write_subject_access(store: storage.EventStore, code: str, out: Path) -> Path:
    """Write the subject-access JSON for the person with ``code``."""
    with store.session() as s:
        hit = person_by_code(s, code)
        data = subject_access(s, hit.id)
    out = Path(out)
    with outputs.atomic_output(out) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return out


# --- facts for the privacy page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyFacts:
    path: Path
    backups: tuple[Path, ...]
    retention: RetentionStatus
    consent: tuple[ConsentCount, ...]
    violations: int


def privacy_facts(store: storage.EventStore, session: Session, today: dt.date | None = None) -> PrivacyFacts:
    return PrivacyFacts(store.path, tuple(app_backups(store.path)), retention_status(session, today),
                        tuple(consent_overview(session)), len(consent_violations(session)))



def write_subject_access_export(store: storage.EventStore, out: Path, options, progress, should_stop) -> int:
    """The export-writer form of :func:`write_subject_access` (``options.extra["code"]`` names the person)."""
    code = (options.extra or {}).get("code", "")
    if not code:
        raise UserInputError(_("A subject-access export needs the person's code."))
    write_subject_access(store, code, out)
    return 1
