"""Storing a plan computed from a snapshot of the event without moving anybody who changed
meanwhile.

Planning reads the event once (:func:`read_snapshot` next to ``load_problem``) and searches for
seconds or minutes while the doors go on checking people in and other organisers go on seating
people by hand. Storing the plan then happens in one transaction that first locks the event, its
people and the round's seats (:mod:`dialogue_app.services.row_locks`) and reads them again: anybody
checked in since the snapshot, and anybody whose seat, lock or "seated" mark changed since, keeps
the seat they have now (their row is not touched). When the plan would have moved one of them the
caller may plan again around them (they are locked in the next snapshot) before storing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, Person
from dialogue_app.services.planning.problem import LoadedProblem
from dialogue_app.services.row_locks import lock_event, lock_people

Seat = tuple[uuid.UUID | None, bool, bool]  # table, locked, seated


@dataclass(frozen=True)
class Snapshot:
    """What planning started from, besides the problem: who was present then."""

    present: frozenset[uuid.UUID]


def read_snapshot(session: Session) -> Snapshot:
    """Who is present now (read before ``load_problem``: someone checked in between the two reads
    counts as checked in meanwhile, never the other way round)."""
    return Snapshot(frozenset(session.scalars(select(Person.id).where(Person.attendance == "present"))))


@dataclass(frozen=True)
class StoreResult:
    """What storing a plan on a snapshot did."""

    stored: bool
    #: people checked in (or marked seated) since the snapshot: their seat was kept
    checked_in: frozenset[uuid.UUID] = frozenset()
    #: people whose seat or lock someone else changed since the snapshot: their seat was kept
    changed: frozenset[uuid.UUID] = frozenset()
    #: of those kept, the ones the plan would have moved (their tables may now be off balance)
    conflicts: frozenset[uuid.UUID] = frozenset()

    @property
    def kept(self) -> frozenset[uuid.UUID]:
        return self.checked_in | self.changed


def _snapshot_seats(lp: LoadedProblem) -> dict[uuid.UUID, Seat]:
    return {pid: (lp.table_ids[g] if g >= 0 else None, bool(lp.locked[i]), bool(lp.seated[i]))
            for i, (pid, g) in enumerate(zip(lp.person_ids, lp.current.tolist(), strict=True))}


def store_on_snapshot(session: Session, lp: LoadedProblem, snapshot: Snapshot, assignment: np.ndarray,
                      *, keep_conflicts: bool = True) -> StoreResult:
    """Store ``assignment`` (planned on ``lp``) for everybody who has not changed since the
    snapshot; everybody who has keeps their seat. Locks the event, its people and the round's
    seats first (until the commit), so no check-in can slip between the re-read and the write.
    ``keep_conflicts=False``: when the plan would move somebody who changed meanwhile, store
    nothing and say so (``stored`` False, ``conflicts``), so that the caller can plan again."""
    e = lock_event(session)
    attendance = lock_people(session, e.id)
    seats = {a.person_id: a for a in session.scalars(
        select(Assignment).join(Person).where(Person.event_id == e.id, Assignment.round == lp.round)
        .order_by(Assignment.id).with_for_update(of=Assignment).execution_options(populate_existing=True))}
    before = _snapshot_seats(lp)
    planned = {pid: (lp.table_ids[g] if g >= 0 else None) for pid, g in zip(lp.person_ids, assignment.tolist(),
                                                                            strict=True)}
    checked_in: set[uuid.UUID] = set()
    changed: set[uuid.UUID] = set()
    conflicts: set[uuid.UUID] = set()
    for pid in lp.person_ids:
        if pid not in attendance:  # removed meanwhile
            continue
        a = seats.get(pid)
        now: Seat = (a.table_id, a.locked, a.seated) if a is not None else (None, False, False)
        arrived = attendance[pid] == "present" and pid not in snapshot.present
        if not arrived and now == before[pid]:
            continue
        (checked_in if arrived or (now[2] and not before[pid][2]) else changed).add(pid)
        if planned[pid] != now[0]:
            conflicts.add(pid)
    if conflicts and not keep_conflicts:
        return StoreResult(False, frozenset(checked_in), frozenset(changed), frozenset(conflicts))
    kept = checked_in | changed
    for pid, table in planned.items():
        if pid in kept or pid not in attendance:
            continue
        a = seats.get(pid)
        if table is None:
            if a is not None:
                session.delete(a)
        elif a is None:
            session.add(Assignment(person_id=pid, table_id=table, round=lp.round))
        elif a.table_id != table:  # a seat changed by the plan is not "seated" at check-in any more
            a.table_id, a.seated = table, False
    session.flush()
    return StoreResult(True, frozenset(checked_in), frozenset(changed), frozenset(conflicts))


def kept_text(checked_in: int, changed: int) -> str:
    """The report's line about the people planning left where they were ("" when none)."""
    words = []
    if checked_in:
        words.append(ngettext("{n} person checked in while planning kept their table.",
                              "{n} people checked in while planning kept their tables.", checked_in)
                     .format(n=checked_in))
    if changed:
        words.append(ngettext("{n} person seated by someone else while planning kept their seat.",
                              "{n} people seated by someone else while planning kept their seats.", changed)
                     .format(n=changed))
    return " ".join(words)
