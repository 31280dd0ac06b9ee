"""Facilitation services: the event's script and ground rules (with undoable edits),
live table sessions (timer state, talking stick, private notes), the schedule and
the data of a printed facilitator guide.

A default script is created lazily (:func:`ensure_script`) in the event language;
reads on an event without a script return the default without writing, so
read-only files work too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.facilitation import script as default_script
from dialogue_app.facilitation.schedule import Schedule, build_schedule, slot_minutes
from dialogue_app.facilitation.timer import PhaseRunState, TimerState
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import language
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.models.facilitation import GroundRule, PhaseRun, ScriptPhase, TableSession, TalkingTurn
from dialogue_app.services.events import current_event
from dialogue_app.wording import distinct_first_names

DEMO_ORDER = 150
MAX_MINUTES = 600


@dataclass(frozen=True)
class PhaseInfo:
    id: uuid.UUID
    position: int
    title: str
    minutes: int
    key: str = ""
    purpose: str = ""
    question: str = ""
    back_pocket: tuple[str, ...] = ()
    say: str = ""
    do: str = ""
    capture: str = ""

    @property
    def captures_commitments(self) -> bool:
        return self.capture == "commitments"


def new_phase(position: int) -> PhaseInfo:
    return PhaseInfo(id=uuid.uuid4(), position=position, title=_("New phase"), minutes=10)


def _info(p: ScriptPhase) -> PhaseInfo:
    return PhaseInfo(
        id=p.id, position=p.position, title=p.title, minutes=p.minutes, key=p.key, purpose=p.purpose,
        question=p.question, back_pocket=tuple(x for x in p.back_pocket.splitlines() if x.strip()),
        say=p.say, do=p.do, capture=p.capture,
    )


def default_phases(lang: str) -> list[PhaseInfo]:
    """The default script in a language (not stored)."""
    with language(lang):
        return [
            PhaseInfo(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"dialogue-app:phase:{d.key}"), position=i, title=_(d.title),
                minutes=d.minutes, key=d.key, purpose=_(d.purpose), question=_(d.question),
                back_pocket=tuple(_(q) for q in d.back_pocket), say=_(d.say), do=_(d.do), capture=d.capture,
            )
            for i, d in enumerate(default_script.DEFAULT_PHASES)
        ]


def default_ground_rules(lang: str) -> tuple[str, ...]:
    with language(lang):
        return tuple(_(r) for r in default_script.DEFAULT_GROUND_RULES)


def _stored_phases(session: Session, event_id: uuid.UUID) -> list[ScriptPhase]:
    return list(session.scalars(
        select(ScriptPhase).where(ScriptPhase.event_id == event_id).order_by(ScriptPhase.position)
    ))


def has_script(session: Session) -> bool:
    e = current_event(session)
    return session.scalars(select(ScriptPhase.id).where(ScriptPhase.event_id == e.id).limit(1)).first() is not None


def ensure_script(session: Session) -> bool:
    """Store the default script and ground rules (event language) when the event has none.
    Returns whether anything was created."""
    e = current_event(session)
    created = False
    if not has_script(session):
        for p in default_phases(e.language):
            session.add(ScriptPhase(
                event_id=e.id, position=p.position, key=p.key, title=p.title, purpose=p.purpose,
                minutes=p.minutes, question=p.question, back_pocket="\n".join(p.back_pocket), say=p.say,
                do=p.do, capture=p.capture,
            ))
        created = True
    if session.scalars(select(GroundRule.id).where(GroundRule.event_id == e.id).limit(1)).first() is None \
            and created:
        for i, text in enumerate(default_ground_rules(e.language)):
            session.add(GroundRule(event_id=e.id, position=i, text=text))
    session.flush()
    return created


def list_phases(session: Session) -> list[PhaseInfo]:
    """The event's script (the default one, not stored, when there is none yet)."""
    e = current_event(session)
    stored = _stored_phases(session, e.id)
    return [_info(p) for p in stored] if stored else default_phases(e.language)


def ground_rules(session: Session) -> tuple[str, ...]:
    e = current_event(session)
    rules = tuple(
        session.scalars(select(GroundRule.text).where(GroundRule.event_id == e.id).order_by(GroundRule.position))
    )
    if not rules and not has_script(session):
        return default_ground_rules(e.language)
    return rules


def _validate(info: PhaseInfo) -> None:
    if not info.title.strip():
        raise UserInputError(_("A phase needs a title."))
    if not 0 <= info.minutes <= MAX_MINUTES:
        raise UserInputError(_("A phase lasts between 0 and {max} minutes.").format(max=MAX_MINUTES))


def _renumber(phases: list[ScriptPhase]) -> None:
    for i, p in enumerate(phases):
        p.position = i


def save_phase(session: Session, info: PhaseInfo) -> PhaseInfo | None:
    """Create (inserted at ``info.position``) or update a phase; returns the previous state."""
    _validate(info)
    ensure_script(session)
    e = current_event(session)
    phases = _stored_phases(session, e.id)
    p = next((x for x in phases if x.id == info.id), None)
    before = _info(p) if p is not None else None
    if p is None:
        p = ScriptPhase(id=info.id, event_id=e.id)
        session.add(p)
        pos = min(max(0, info.position), len(phases))
        phases.insert(pos, p)
    elif info.position != p.position:
        phases.remove(p)
        phases.insert(min(max(0, info.position), len(phases)), p)
    p.key, p.title, p.purpose, p.minutes = info.key, info.title.strip(), info.purpose, info.minutes
    p.question, p.back_pocket = info.question, "\n".join(q.strip() for q in info.back_pocket if q.strip())
    p.say, p.do, p.capture = info.say, info.do, info.capture
    _renumber(phases)
    session.flush()
    return before


def delete_phase(session: Session, phase_id: uuid.UUID) -> PhaseInfo:
    ensure_script(session)
    e = current_event(session)
    phases = _stored_phases(session, e.id)
    p = next((x for x in phases if x.id == phase_id), None)
    if p is None:
        raise NotFound(_("That phase no longer exists."))
    if len(phases) == 1:
        raise UserInputError(_("A script needs at least one phase."))
    before = _info(p)
    phases.remove(p)
    session.delete(p)
    session.flush()
    _renumber(phases)
    session.flush()
    return before


def set_ground_rules(session: Session, rules: tuple[str, ...]) -> tuple[str, ...]:
    """Replace the ground rules (empty lines dropped); returns the previous ones."""
    ensure_script(session)
    e = current_event(session)
    before = ground_rules(session)
    session.execute(delete(GroundRule).where(GroundRule.event_id == e.id))
    for i, text in enumerate(r.strip() for r in rules if r.strip()):
        session.add(GroundRule(event_id=e.id, position=i, text=text))
    session.flush()
    return before


# --- undoable edits --------------------------------------------------------------------


@dataclass(frozen=True)
class SavePhase:
    info: PhaseInfo
    label: str

    def apply(self, session: Session):
        before = save_phase(session, self.info)
        return DeletePhase(self.info.id, self.label) if before is None else SavePhase(before, self.label)


@dataclass(frozen=True)
class DeletePhase:
    phase_id: uuid.UUID
    label: str

    def apply(self, session: Session):
        return SavePhase(delete_phase(session, self.phase_id), self.label)


@dataclass(frozen=True)
class MovePhase:
    phase_id: uuid.UUID
    delta: int
    label: str

    def apply(self, session: Session):
        phases = list_phases(session) if has_script(session) else (ensure_script(session), list_phases(session))[1]
        p = next((x for x in phases if x.id == self.phase_id), None)
        if p is None:
            raise NotFound(_("That phase no longer exists."))
        target = min(max(0, p.position + self.delta), len(phases) - 1)
        save_phase(session, PhaseInfo(**{**p.__dict__, "position": target}))
        return MovePhase(self.phase_id, p.position - target, self.label)


@dataclass(frozen=True)
class SetGroundRules:
    rules: tuple[str, ...]
    label: str

    def apply(self, session: Session):
        return SetGroundRules(set_ground_rules(session, self.rules), self.label)


# --- tables, people and schedule ----------------------------------------------------------


@dataclass(frozen=True)
class SeatInfo:
    person_id: uuid.UUID
    first_name: str
    code: str
    turns: int = 0


@dataclass(frozen=True)
class SessionData:
    """Everything the facilitator screen needs about one table in one round."""

    table_id: uuid.UUID
    table_number: int
    round: int
    timer: TimerState
    notes: str
    #: In talking-stick order.
    seats: tuple[SeatInfo, ...]


def _table(session: Session, table: uuid.UUID | int) -> DialogueTable:
    e = current_event(session)
    if isinstance(table, int):
        t = session.scalars(
            select(DialogueTable).where(DialogueTable.event_id == e.id, DialogueTable.number == table)
        ).first()
    else:
        t = session.get(DialogueTable, table)
    if t is None or t.event_id != e.id:
        raise NotFound(_("Table {n} does not exist.").format(n=table) if isinstance(table, int)
                       else _("That table no longer exists."))
    return t


def _session_row(session: Session, table_id: uuid.UUID, round_: int, *, create: bool) -> TableSession | None:
    row = session.scalars(
        select(TableSession).where(TableSession.table_id == table_id, TableSession.round == round_)
    ).first()
    if row is None and create:
        row = TableSession(table_id=table_id, round=round_, current=0, notes="")
        session.add(row)
        session.flush()
    return row


def table_people(session: Session, table_id: uuid.UUID, round_: int = 1) -> list[SeatInfo]:
    """The people seated at a table in a round (not cancelled or absent), facilitators excluded."""
    facilitator_only = (
        select(PersonRole.person_id).where(PersonRole.role == "facilitator")
    )
    participant = select(PersonRole.person_id).where(PersonRole.role.in_(("participant", "host")))
    rows = session.execute(
        select(Person.id, Person.first_name, Person.last_name, Person.code)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(Assignment.table_id == table_id, Assignment.round == round_,
               Person.attendance.not_in(("cancelled", "absent")),
               (Person.id.in_(participant)) | (Person.id.not_in(facilitator_only)))
        .order_by(Person.first_name, Person.code)
    ).all()
    names = distinct_first_names([(first, last) for _pid, first, last, _code in rows])
    return [SeatInfo(pid, name, code) for (pid, _first, _last, code), name in zip(rows, names, strict=True)]


def load_session(session: Session, table_id: uuid.UUID, round_: int = 1) -> SessionData:
    """The stored state of a table's session (nothing is written)."""
    t = _table(session, table_id)
    row = _session_row(session, t.id, round_, create=False)
    people = table_people(session, t.id, round_)
    if row is None:
        return SessionData(t.id, t.number, round_, TimerState(), "", tuple(people))
    runs = {r.position: r for r in session.scalars(select(PhaseRun).where(PhaseRun.session_id == row.id))}
    n = max([row.current + 1, *[p + 1 for p in runs]])
    timer = TimerState(
        current=row.current,
        runs=tuple(
            PhaseRunState(runs[i].started_at, runs[i].ended_at, runs[i].paused_at, runs[i].pause_seconds)
            if i in runs else PhaseRunState()
            for i in range(n)
        ),
    )
    turns = {t.person_id: t for t in session.scalars(select(TalkingTurn).where(TalkingTurn.session_id == row.id))}
    by_id = {p.person_id: p for p in people}
    ordered = sorted(people, key=lambda p: (turns[p.person_id].position if p.person_id in turns else 10_000,
                                            p.first_name, p.code))
    seats = tuple(
        SeatInfo(p.person_id, p.first_name, p.code, turns[p.person_id].turns if p.person_id in turns else 0)
        for p in ordered if p.person_id in by_id
    )
    return SessionData(t.id, t.number, round_, timer, row.notes, seats)


def save_timer_state(session: Session, table_id: uuid.UUID, round_: int, state: TimerState) -> None:
    """Store the timer state (called on every Start / Pause / Next / Back, never on ticks)."""
    t = _table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    row.current = state.current
    existing = {r.position: r for r in session.scalars(select(PhaseRun).where(PhaseRun.session_id == row.id))}
    for i, run in enumerate(state.runs):
        r = existing.pop(i, None)
        if not run.started:
            if r is not None:
                session.delete(r)
            continue
        if r is None:
            r = PhaseRun(session_id=row.id, position=i)
            session.add(r)
        r.started_at, r.ended_at, r.paused_at, r.pause_seconds = (
            run.started_at, run.ended_at, run.paused_at, run.pause_seconds)
    for r in existing.values():
        session.delete(r)
    session.flush()


def save_notes(session: Session, table_id: uuid.UUID, round_: int, text: str) -> None:
    t = _table(session, table_id)
    _session_row(session, t.id, round_, create=True).notes = text


def set_talking_order(session: Session, table_id: uuid.UUID, round_: int, person_ids: list[uuid.UUID]) -> None:
    t = _table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    turns = {x.person_id: x for x in session.scalars(select(TalkingTurn).where(TalkingTurn.session_id == row.id))}
    for i, pid in enumerate(person_ids):
        x = turns.get(pid)
        if x is None:
            x = TalkingTurn(session_id=row.id, person_id=pid, turns=0)
            session.add(x)
        x.position = i
    session.flush()


def add_turn(session: Session, table_id: uuid.UUID, round_: int, person_id: uuid.UUID, delta: int = 1) -> int:
    """Add (or with a negative delta remove) a turn in the tally; returns the new count."""
    t = _table(session, table_id)
    row = _session_row(session, t.id, round_, create=True)
    x = session.scalars(
        select(TalkingTurn).where(TalkingTurn.session_id == row.id, TalkingTurn.person_id == person_id)
    ).first()
    if x is None:
        n = session.scalar(select(func.count()).select_from(TalkingTurn).where(TalkingTurn.session_id == row.id))
        x = TalkingTurn(session_id=row.id, person_id=person_id, position=n or 0, turns=0)
        session.add(x)
    x.turns = max(0, (x.turns or 0) + delta)
    session.flush()
    return x.turns


def table_start(session: Session, table_id: uuid.UUID) -> tuple[dt.datetime | None, int | None]:
    """When the table starts (its time slot, else the event's start time) and the slot length."""
    e = current_event(session)
    t = _table(session, table_id)
    day = e.date or dt.date.today()
    start_time = None
    length = None
    if t.slot is not None:
        start_time = t.slot.start
        length = slot_minutes(t.slot.start, t.slot.end)
    if start_time is None:
        start_time = e.start_time
    start = dt.datetime.combine(day, start_time) if start_time is not None else None
    return start, length


def table_schedule(session: Session, table_id: uuid.UUID, phases: list[PhaseInfo] | None = None) -> Schedule:
    phases = phases if phases is not None else list_phases(session)
    start, length = table_start(session, table_id)
    return build_schedule([(p.title, p.minutes) for p in phases], start, length)


def schedule_warning(s: Schedule) -> str:
    """A translated warning when the plan overruns the table's time slot, else ""."""
    if not s.overruns:
        return ""
    return _("The plan takes {total} minutes but the time slot has {slot}: {over} minutes too many.").format(
        total=s.total_minutes, slot=s.slot_minutes, over=s.overrun_minutes)


def script_overruns(session: Session, phases: list[PhaseInfo] | None = None) -> list[tuple[int, int]]:
    """(table number, minutes over) for every table whose time slot is shorter than the script."""
    e = current_event(session)
    phases = phases if phases is not None else list_phases(session)
    total = sum(p.minutes for p in phases)
    out = []
    for t in session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id)
                             .order_by(DialogueTable.number)):
        length = slot_minutes(t.slot.start, t.slot.end) if t.slot is not None else None
        if length is not None and total > length:
            out.append((t.number, total - length))
    return out


# --- the facilitator guide ----------------------------------------------------------------


@dataclass(frozen=True)
class GuidePhase:
    title: str
    purpose: str
    minutes: int
    start: dt.datetime | None
    end: dt.datetime | None
    question: str  # theme filled in
    back_pocket: tuple[str, ...]
    say: str
    do: str
    captures_commitments: bool


@dataclass(frozen=True)
class GuideData:
    """What a printed facilitator guide of one table holds (first names only)."""

    table_id: uuid.UUID
    table_number: int
    table_name: str
    venue: str
    event_title: str
    theme: str
    language: str
    date: dt.date | None
    first_names: tuple[str, ...]
    talking_stick_order: tuple[str, ...]
    ground_rules: tuple[str, ...]
    phases: tuple[GuidePhase, ...]
    total_minutes: int
    slot_minutes: int | None
    start: dt.datetime | None
    end: dt.datetime | None
    warning: str = ""
    round: int = 1
    extra: dict = field(default_factory=dict)


def guide_data(session: Session, table: uuid.UUID | int, round_: int = 1) -> GuideData:
    """The data of a facilitator guide for a table (by id or number). Nothing is written."""
    e = current_event(session)
    t = _table(session, table)
    phases = list_phases(session)
    sched = table_schedule(session, t.id, phases)
    data = load_session(session, t.id, round_)
    names = tuple(sorted((s.first_name for s in data.seats), key=str.casefold))
    order = tuple(s.first_name for s in data.seats)
    gphases = tuple(
        GuidePhase(
            title=p.title, purpose=p.purpose, minutes=p.minutes, start=item.start, end=item.end,
            question=default_script.render(p.question, e.theme),
            back_pocket=tuple(default_script.render(q, e.theme) for q in p.back_pocket),
            say=default_script.render(p.say, e.theme), do=default_script.render(p.do, e.theme),
            captures_commitments=p.captures_commitments,
        )
        for p, item in zip(phases, sched.items, strict=True)
    )
    return GuideData(
        table_id=t.id, table_number=t.number, table_name=t.name, venue=t.venue.name if t.venue else "",
        event_title=e.title, theme=e.theme, language=e.language, date=e.date, first_names=names,
        talking_stick_order=order, ground_rules=ground_rules(session), phases=gphases,
        total_minutes=sched.total_minutes, slot_minutes=sched.slot_minutes, start=sched.start, end=sched.end,
        warning=schedule_warning(sched), round=round_,
    )


def populate_demo(session: Session, rng) -> None:
    """The demo event gets the default script in its language."""
    ensure_script(session)
