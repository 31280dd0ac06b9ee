"""Commitments to action: recording, listing, follow-up by participant code,
counts for the event report and the CSV export.

A commitment is anonymous unless a participant is set; exports show the
participant code only for commitments that are not anonymous, never names.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app import csvsafe
from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import N_, language
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.models.facilitation import COMMITMENT_KINDS, FOLLOWUP_STATUSES, Commitment
from dialogue_app.services import edits
from dialogue_app.services.events import current_event

DEMO_ORDER = 160
MAX_TEXT = 2000

KIND_LABELS = {
    "personal": N_("Personal"),
    "together": N_("Together with others"),
    "organisation": N_("Needs the organisation"),
}
STATUS_LABELS = {
    "not_asked": N_("Not yet asked"),
    "done": N_("Done"),
    "partly": N_("Partly"),
    "not_yet": N_("Not yet"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


@dataclass(frozen=True)
class CommitmentData:
    """A commitment as edited and listed. ``person_id`` None means anonymous."""

    id: uuid.UUID
    text: str
    table_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    kind: str = "personal"
    target_date: dt.date | None = None
    followup_status: str = "not_asked"
    followup_date: dt.date | None = None
    #: the answer to "what happened?" at the follow-up
    followup_note: str = ""
    # read-only, filled when listing
    table_number: int | None = None
    person_code: str = ""
    person_first_name: str = ""
    partner_first_name: str = ""
    created_at: dt.datetime | None = None
    #: the row's version when read (0: new or not known): a save finding another one is refused
    row_version: int = field(default=0, compare=False)

    @property
    def anonymous(self) -> bool:
        return self.person_id is None


def new_commitment(text: str = "", table_id: uuid.UUID | None = None) -> CommitmentData:
    return CommitmentData(id=uuid.uuid4(), text=text, table_id=table_id)


@dataclass(frozen=True)
class CommitmentCounts:
    total: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    anonymous: int = 0
    with_partner: int = 0
    tables: int = 0

    @property
    def asked(self) -> int:
        """Commitments whose follow-up was asked (any status but "not yet asked")."""
        return self.total - self.by_status.get("not_asked", 0)


def _rows(session: Session, where=None) -> list[CommitmentData]:
    e = current_event(session)
    stmt = select(Commitment).where(Commitment.event_id == e.id)
    if where is not None:
        stmt = stmt.where(where)
    items = list(session.scalars(stmt.order_by(Commitment.created_at, Commitment.id)))
    ids = {c.person_id for c in items if c.person_id} | {c.partner_id for c in items if c.partner_id}
    people: dict[uuid.UUID | None, tuple[str, str]] = {}
    if ids:
        people = {pid: (code, first) for pid, code, first in session.execute(
            select(Person.id, Person.code, Person.first_name).where(Person.id.in_(ids)))}
    numbers: dict[uuid.UUID | None, int] = dict(session.execute(select(DialogueTable.id, DialogueTable.number)
                                   .where(DialogueTable.event_id == e.id)).all())
    out = []
    for c in items:
        code, first = people.get(c.person_id, ("", ""))
        out.append(CommitmentData(
            id=c.id, text=c.text, table_id=c.table_id, person_id=c.person_id, partner_id=c.partner_id,
            kind=c.kind, target_date=c.target_date, followup_status=c.followup_status,
            followup_date=c.followup_date, followup_note=c.followup_note or "", table_number=numbers.get(c.table_id), person_code=code,
            person_first_name=first, partner_first_name=people.get(c.partner_id, ("", ""))[1],
            created_at=c.created_at, row_version=c.row_version,
        ))
    out.sort(key=lambda d: (d.table_number if d.table_number is not None else 1_000_000,
                            COMMITMENT_KINDS.index(d.kind) if d.kind in COMMITMENT_KINDS else 9,
                            d.created_at or dt.datetime.min))
    return out


def list_commitments(session: Session, table_id: uuid.UUID | None = None) -> list[CommitmentData]:
    """All commitments of the event (or one table), by table and kind."""
    return _rows(session, Commitment.table_id == table_id if table_id is not None else None)


def commitments_for_code(session: Session, code: str) -> tuple[str, list[CommitmentData]]:
    """The first name and commitments of the participant with this code (for the follow-up)."""
    e = current_event(session)
    norm = normalise_code(code)
    p = session.scalars(select(Person).where(Person.event_id == e.id, Person.code == norm)).first()
    if p is None:
        raise NotFound(_("No participant has the code “{code}”.").format(code=code.strip()))
    return p.first_name, _rows(session, Commitment.person_id == p.id)


def commitment_counts(session: Session) -> CommitmentCounts:
    """Counts by kind and by follow-up status, for the event report (grouped in SQL)."""
    e = current_event(session)
    by_kind = Counter({k: 0 for k in COMMITMENT_KINDS})
    by_status = Counter({s: 0 for s in FOLLOWUP_STATUSES})
    total = anonymous = with_partner = 0
    tables: set = set()
    for kind, status, anon, partner, table_id, n in session.execute(
        select(Commitment.kind, Commitment.followup_status, Commitment.person_id.is_(None),
               Commitment.partner_id.is_not(None), Commitment.table_id, func.count())
        .where(Commitment.event_id == e.id)
        .group_by(Commitment.kind, Commitment.followup_status, Commitment.person_id.is_(None),
                  Commitment.partner_id.is_not(None), Commitment.table_id)
    ):
        by_kind[kind] += n
        by_status[status] += n
        total += n
        anonymous += n if anon else 0
        with_partner += n if partner else 0
        if table_id is not None:
            tables.add(table_id)
    return CommitmentCounts(total=total, by_kind=dict(by_kind), by_status=dict(by_status),
                            anonymous=anonymous, with_partner=with_partner, tables=len(tables))


def _validate(session: Session, data: CommitmentData) -> None:
    e = current_event(session)
    if not data.text.strip():
        raise UserInputError(_("A commitment needs a text."))
    if len(data.text) > MAX_TEXT:
        raise UserInputError(_("A commitment text can hold at most {n} characters.").format(n=MAX_TEXT))
    if data.kind not in COMMITMENT_KINDS:
        raise UserInputError(_("Unknown kind of commitment “{kind}”.").format(kind=data.kind))
    if data.followup_status not in FOLLOWUP_STATUSES:
        raise UserInputError(_("Unknown follow-up status “{status}”.").format(status=data.followup_status))
    _check_note(data.followup_note)
    if data.person_id is not None and data.person_id == data.partner_id:
        raise UserInputError(_("The partner must be someone else than the participant."))
    for pid in (data.person_id, data.partner_id):
        if pid is not None:
            p = session.get(Person, pid)
            if p is None or p.event_id != e.id:
                raise NotFound(_("That person no longer exists."))
    if data.table_id is not None:
        t = session.get(DialogueTable, data.table_id)
        if t is None or t.event_id != e.id:
            raise NotFound(_("That table no longer exists."))


def _check_note(note: str) -> None:
    if len(note) > MAX_TEXT:
        raise UserInputError(_("The answer to “What happened?” can hold at most {n} characters.").format(n=MAX_TEXT))


def save_commitment(session: Session, data: CommitmentData) -> CommitmentData | None:
    """Create or update a commitment; returns the previous state (None when new)."""
    _validate(session, data)
    e = current_event(session)
    c = session.get(Commitment, data.id)
    before = None
    if c is None:
        c = Commitment(id=data.id, event_id=e.id)
        session.add(c)
    else:
        before = next(r for r in _rows(session, Commitment.id == c.id))
    c.text = data.text.strip()
    c.table_id, c.person_id, c.partner_id = data.table_id, data.person_id, data.partner_id
    c.kind, c.target_date = data.kind, data.target_date
    c.followup_status, c.followup_date = data.followup_status, data.followup_date
    c.followup_note = data.followup_note.strip()
    if data.created_at is not None:
        c.created_at = data.created_at
    session.flush()
    return before


def delete_commitment(session: Session, commitment_id: uuid.UUID) -> CommitmentData:
    c = session.get(Commitment, commitment_id)
    if c is None:
        raise NotFound(_("That commitment no longer exists."))
    before = next(r for r in _rows(session, Commitment.id == c.id))
    session.delete(c)
    session.flush()
    return before


#: Commitments as generic rows: a deleted commitment comes back by saving its data again.
COMMITMENT_ROWS: edits.RowKind[CommitmentData, CommitmentData] = edits.RowKind(
    save=save_commitment, delete=delete_commitment, restore=save_commitment,
    data_id=lambda d: d.id, snapshot_id=lambda d: d.id, areas=frozenset({edits.Area.COMMITMENTS}),
    model=Commitment, describe=lambda d: f"“{d.text[:40]}”",
    fields=lambda: (("text", _("&Commitment:")), ("kind", _("&Kind:"), kind_label),
                    ("target_date", _("Ta&rget date:")), ("followup_status", _("&Follow-up:"), status_label),
                    ("followup_date", _("Follow-up &date:")), ("followup_note", _("What &happened?"))),
)


class SaveCommitment(edits.SaveRow[CommitmentData, CommitmentData]):
    """Undoable: record or change a commitment (the inverse deletes it, or puts the old text back)."""

    def __init__(self, data: CommitmentData, label: str) -> None:
        super().__init__(COMMITMENT_ROWS, data, label)


class DeleteCommitment(edits.DeleteRow[CommitmentData, CommitmentData]):
    """Undoable: delete a commitment (the inverse brings it back as it was)."""

    def __init__(self, commitment_id: uuid.UUID, label: str) -> None:
        super().__init__(COMMITMENT_ROWS, commitment_id, label)


class FollowUpChange(NamedTuple):
    """One commitment's new follow-up; ``note`` is the answer to "what happened?" (None: keep it)."""

    commitment_id: uuid.UUID
    status: str
    date: dt.date | None
    note: str | None = None


@dataclass(frozen=True)
class SetFollowUp:
    """Set the follow-up status of several commitments at once (one undo step).

    Each change is a :class:`FollowUpChange` (or a plain ``(id, status, date)`` or
    ``(id, status, date, note)``): the note is the answer to "what happened?" (stripped; left as it
    was when the change has no note)."""

    changes: tuple[FollowUpChange | tuple, ...]
    label: str

    def apply(self, session: Session):
        inverse = []
        for cid, status, when, *rest in self.changes:
            c = session.get(Commitment, cid)
            if c is None:
                raise NotFound(_("That commitment no longer exists."))
            if status not in FOLLOWUP_STATUSES:
                raise UserInputError(_("Unknown follow-up status “{status}”.").format(status=status))
            note = rest[0].strip() if rest and rest[0] is not None else None
            if note is not None:
                _check_note(note)
            inverse.append(FollowUpChange(cid, c.followup_status, c.followup_date, c.followup_note or ""))
            c.followup_status, c.followup_date = status, when
            if note is not None:
                c.followup_note = note
        session.flush()
        return SetFollowUp(tuple(inverse), self.label)


# --- export ------------------------------------------------------------------------------


def write_commitments_csv(store, out: Path, options, progress, should_stop) -> int:
    """CSV of the commitments: table, kind, text, target date, follow-up; the participant
    code only where the commitment is not anonymous; never names."""
    with store.session() as s:
        e = current_event(s)
        rows = _rows(s)
        lang = options.lang or e.language
    if options.tables:
        rows = [r for r in rows if r.table_number in options.tables]
    with language(lang):
        header = [_("Table"), _("Kind"), _("Commitment"), _("Participant code"), _("With a tablemate"),
                  _("Target date"), _("Follow-up"), _("Follow-up date"), _("What happened?"), _("Recorded")]
        body = [
            [
                r.table_number if r.table_number is not None else "",
                kind_label(r.kind), r.text, "" if r.anonymous else r.person_code,
                _("yes") if r.partner_id else _("no"),
                r.target_date.isoformat() if r.target_date else "", status_label(r.followup_status),
                r.followup_date.isoformat() if r.followup_date else "",
                r.followup_note,
                r.created_at.date().isoformat() if r.created_at else "",
            ]
            for r in rows
        ]
    progress(1.0)
    return csvsafe.write_csv(out, header, body)


# --- demo -----------------------------------------------------------------------------------

DEMO_TEXTS = (
    (N_("I will greet my neighbours across the street by name."), "personal"),
    (N_("I will invite a neighbour I do not know yet for coffee."), "personal"),
    (N_("I will visit the mosque open day next month."), "personal"),
    (N_("I will read to children at the library once a month."), "personal"),
    (N_("I will ask my colleague from another background how her weekend was."), "personal"),
    (N_("I will take the ferry to the other bank and walk through a neighbourhood I never visit."), "personal"),
    (N_("Together we will organise a street meal in the spring."), "together"),
    (N_("We will start a walking group for the two sides of the river."), "together"),
    (N_("We will cook for each other once, each a dish from home."), "together"),
    (N_("We will visit each other's places of worship."), "together"),
    (N_("The city could open the community centre on Sunday afternoons."), "organisation"),
    (N_("We ask the organisers for a follow-up meeting of this table in three months."), "organisation"),
    (N_("The housing association could give new tenants a welcome visit."), "organisation"),
)


def populate_demo(session: Session, rng) -> None:
    """Demo commitments: a realistic mix of kinds and follow-up statuses, in the event language."""
    e = current_event(session)
    tables = list(session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id)
                                  .order_by(DialogueTable.number)))
    if not tables:
        return
    seated: dict[uuid.UUID, list[uuid.UUID]] = {}
    for pid, tid in session.execute(
        select(Assignment.person_id, Assignment.table_id).join(Person, Person.id == Assignment.person_id)
        .where(Person.event_id == e.id, Assignment.round == 1)
    ):
        seated.setdefault(tid, []).append(pid)
    base = dt.datetime.combine(e.date or dt.date(2026, 11, 5), dt.time(20, 0))
    statuses = list(FOLLOWUP_STATUSES)
    status_w = [0.3, 0.35, 0.2, 0.15]
    for t in tables[: max(1, min(len(tables), 12))]:
        people = list(seated.get(t.id, []))
        rng.shuffle(people)
        for k in range(rng.randint(3, 6)):
            text, kind = DEMO_TEXTS[rng.randrange(len(DEMO_TEXTS))]
            person = people[k] if k < len(people) and rng.random() < 0.4 else None
            partner = None
            if kind == "together" and len(people) > k + 1 and rng.random() < 0.6:
                partner = people[k + 1]
                if partner == person:
                    partner = None
            status = rng.choices(statuses, weights=status_w)[0]
            session.add(Commitment(
                event_id=e.id, table_id=t.id, text=_(text), kind=kind, person_id=person, partner_id=partner,
                target_date=(e.date or dt.date(2026, 11, 5)) + dt.timedelta(days=rng.choice((7, 14, 30, 60))),
                followup_status=status,
                followup_date=(e.date + dt.timedelta(days=42 + rng.randint(0, 14)))
                if status != "not_asked" and e.date else None,
                created_at=base + dt.timedelta(minutes=rng.randint(0, 20)),
            ))
    session.flush()
