"""The record of forgotten and purged people, without personal data (issue 28, class 4).

A table package made before a ``forget`` or a ``purge`` still holds those people.
So that a merge never brings them back, the organiser's file keeps, per person
removed, one *suppression record* in the privacy log (``privacy_log``, which never
travels in a package):

* ``subject_id``: the person's former random row id (a UUID that links to nothing);
* ``detail``: keyed hashes (HMAC-SHA256, 16 hex digits each) of the words of their
  name, e-mail, phone and code, so that free text arriving in a package (session
  notes, commitments) that names them can be redacted although their name is gone.

The key is random per event file (one ``_suppress_key`` log row). It keeps the
hashes from being compared across files or with precomputed tables; someone who
holds the file and guesses a name can still test that guess (documented in the
threat model). Rows whose action starts with ``_`` are bookkeeping and are not
shown in the privacy log.

Also here: the *pending scrub* marker, written in the same transaction as an
erasure and removed only once the file, its WAL and every backup were verified
clean, so that a forget interrupted by a reader, a kill or a full disk can be
finished by running it again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogue_app.models import utcnow
from dialogue_app.models.privacy import PrivacyLogEntry
from dialogue_app.services.privacy.erasure import _WORD, Redactor

KEY = "_suppress_key"
SUPPRESSED = "_suppressed"
PENDING = "_scrub_pending"
#: hex digits kept per hash; detail holds at most 200 characters
_DIGITS = 16
_MAX_HASHES = 200 // (_DIGITS + 1)


def is_internal(action: str) -> bool:
    """Bookkeeping rows of the privacy log (not shown to the user)."""
    return action.startswith("_")


def _key(session: Session, event_id: uuid.UUID, *, create: bool) -> bytes | None:
    row = session.scalars(select(PrivacyLogEntry.detail).where(PrivacyLogEntry.action == KEY)).first()
    if row:
        return bytes.fromhex(row)
    if not create:
        return None
    key = secrets.token_bytes(32)
    session.add(PrivacyLogEntry(event_id=event_id, at=utcnow(), action=KEY, detail=key.hex()))
    session.flush()
    return key


def phrase_hash(key: bytes, tokens: Iterable[str]) -> str:
    text = " ".join(t.casefold() for t in tokens)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:_DIGITS]


def _phrases(identifiers: Iterable[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for ident in identifiers:
        ident = (ident or "").strip()
        tokens = tuple(t.casefold() for t in _WORD.findall(ident))
        if tokens and not (len(tokens) == 1 and len(tokens[0]) < 3) and tokens not in out:
            out.append(tokens)
    return out


def record(session: Session, event_id: uuid.UUID, people: dict[uuid.UUID, list[str]]) -> None:
    """Write one suppression record per person (their identifiers as keyed hashes only)."""
    if not people:
        return
    key = _key(session, event_id, create=True)
    assert key is not None
    now = utcnow()
    known = suppressed_ids(session)
    for pid, idents in people.items():
        if pid in known:
            continue
        hashes = [phrase_hash(key, p) for p in _phrases(idents)][:_MAX_HASHES]
        session.add(PrivacyLogEntry(event_id=event_id, at=now, action=SUPPRESSED, subject_id=pid,
                                    detail=" ".join(hashes)))
    session.flush()


def suppressed_ids(session: Session) -> set[uuid.UUID]:
    """Every person forgotten or purged in this file (their former row ids)."""
    return set(session.scalars(select(PrivacyLogEntry.subject_id).where(
        PrivacyLogEntry.action.in_((SUPPRESSED, "forget")), PrivacyLogEntry.subject_id.is_not(None))))


def _hashes(session: Session) -> set[str]:
    out: set[str] = set()
    for detail in session.scalars(select(PrivacyLogEntry.detail).where(PrivacyLogEntry.action == SUPPRESSED)):
        out.update((detail or "").split())
    return out


def is_suppressed_code(session: Session, code: str) -> bool:
    """Was a person with this participant code forgotten or purged here?"""
    key = _key(session, uuid.uuid4(), create=False)
    if key is None or not code.strip():
        return False
    tokens = tuple(t.casefold() for t in _WORD.findall(code))
    return bool(tokens) and phrase_hash(key, tokens) in _hashes(session)


class _HashedPhrases:
    """Looks like a set of token tuples to :class:`Redactor`; compares keyed hashes."""

    def __init__(self, key: bytes, hashes: set[str]) -> None:
        self.key, self.hashes = key, hashes

    def __contains__(self, tokens: object) -> bool:
        return isinstance(tokens, tuple) and phrase_hash(self.key, tokens) in self.hashes

    def __bool__(self) -> bool:
        return bool(self.hashes)


def hashed_redactor(session: Session, *, longest: int = 4) -> Redactor | None:
    """A :class:`Redactor` for every forgotten or purged person of this file (None: nobody)."""
    key = _key(session, uuid.uuid4(), create=False)
    hashes = _hashes(session)
    if key is None or not hashes:
        return None
    r = Redactor(())
    r.phrases = _HashedPhrases(key, hashes)  # type: ignore[assignment]
    r.longest = longest
    return r


def mark_pending(session: Session, event_id: uuid.UUID) -> None:
    """In the erasure's transaction: the file still needs rewriting and its backups removing."""
    if not is_pending(session):
        session.add(PrivacyLogEntry(event_id=event_id, at=utcnow(), action=PENDING))
        session.flush()


def is_pending(session: Session) -> bool:
    return session.scalars(select(PrivacyLogEntry.id).where(PrivacyLogEntry.action == PENDING)).first() is not None


def clear_pending(session: Session) -> None:
    session.execute(delete(PrivacyLogEntry).where(PrivacyLogEntry.action == PENDING))


def identifiers_by_person(session: Session, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """Per person: the words that identify them (first, last and full name, e-mail, phone, code)."""
    from dialogue_app.models import Person

    out: dict[uuid.UUID, list[str]] = {}
    for i in range(0, len(person_ids), 500):
        rows = session.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.phone,
                                      Person.code).where(Person.id.in_(person_ids[i : i + 500])))
        for pid, first, last, email, phone, code in rows:
            full = f"{first or ''} {last or ''}".strip()
            out[pid] = [v for v in (full, first, last, email, phone, code) if v]
    return out
