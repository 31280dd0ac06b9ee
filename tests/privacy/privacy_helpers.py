"""Helpers of the privacy tests: a demo event with one very recognisable person
linked to as many tables as possible."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from dialogue_app.models import Assignment, DialogueTable, Event, PairRule, Person
from dialogue_app.services import events, people

FIRST, LAST = "Zéphyrine", "Ökonkwo-Lindqvist"
EMAIL = "zephyrine.okonkwo@example.net"
PHONE = "06-98765432"


@dataclass(frozen=True)
class Marked:
    id: uuid.UUID
    code: str
    other_id: uuid.UUID
    identifiers: tuple[str, ...] = (FIRST, LAST, f"{FIRST} {LAST}", EMAIL, PHONE)


def add_marked_person(store) -> Marked:
    """Add the recognisable person: sensitive values with consent, a seat, a pair rule,
    hosting a table, having invited someone, and mentioned in others' notes."""
    with store.session() as s:
        dims = {d.key: d for d in events.list_dimensions(s)}
        values = {d.id: d.categories[0].id for d in dims.values() if d.categories}
        consents = frozenset(d.id for d in dims.values() if d.sensitive)
        pid = uuid.uuid4()
        people.save_person(s, people.PersonData(
            id=pid, first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE, needs="Hearing loop",
            notes="Prefers table near the door", values=values, consents=consents,
        ), recorded_by="Organiser")
        p = s.get(Person, pid)
        p.identity_key = f"{FIRST}|{LAST}".lower()
        others = s.scalars(select(Person).where(Person.id != pid).order_by(Person.code).limit(3)).all()
        others[0].notes = f"Came with {FIRST} {LAST}; call {PHONE} if late"
        others[1].invited_by_id = pid
        tables = s.scalars(select(DialogueTable).order_by(DialogueTable.number)).all()
        s.add(Assignment(person_id=pid, table_id=tables[0].id, round=1))
        tables[1].host_id = pid
        s.add(PairRule(event_id=p.event_id, person_a_id=pid, person_b_id=others[2].id, kind="apart",
                       note=f"{FIRST} asked not to sit with her manager"))
        e = s.scalars(select(Event)).first()
        e.notes = f"Ask {EMAIL} about the venue keys"
        code = p.code
        other = others[0].id
    return Marked(pid, code, other)


def encodings(text: str) -> list[bytes]:
    return [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def files_of(path) -> list:
    """An event file, its WAL / shared memory / journal, and every backup the app made."""
    from pathlib import Path

    from dialogue_app.services import privacy

    path = Path(path)
    out = [path] + [Path(str(path) + s) for s in ("-wal", "-shm", "-journal")]
    out += privacy.app_backups(path)
    return [p for p in out if p.exists()]


def find_in_files(path, needles) -> list[str]:
    """(file, needle, encoding) for every needle found in the raw bytes."""
    hits = []
    for f in files_of(path):
        blob = f.read_bytes()
        for needle in needles:
            for enc, b in zip(("utf-8", "utf-16-le", "utf-16-be"), encodings(needle), strict=True):
                if b in blob:
                    hits.append(f"{f.name}: {needle!r} ({enc})")
    return hits


def traces(store, needles) -> list[str]:
    """Where any needle is still found: the raw bytes of an event file, its WAL and backups; for a server
    event, every text column of the event (in SQL) and this computer's backups of it (their bytes)."""
    if not store.is_server:
        return find_in_files(store.path, needles)
    from dialogue_app.models import Base
    from dialogue_app.storage.pg_backup import list_server_backups
    from dialogue_app.storage.pg_erasure import rows_mentioning

    hits = rows_mentioning(store, Base.metadata.sorted_tables, needles)
    for f in list_server_backups(store.address):
        blob = f.read_bytes()
        hits += [f"{f.name}: {n!r}" for n in needles if any(b in blob for b in encodings(n))]
    return hits
