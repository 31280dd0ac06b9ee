"""The data of a printed facilitator guide of one table (first names only)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dialogue_app.facilitation import script as default_script
from dialogue_app.services.events import current_event
from dialogue_app.services.facilitation.schedule import schedule_warning, table_schedule
from dialogue_app.services.facilitation.script import ground_rules, list_phases
from dialogue_app.services.facilitation.sessions import find_table, load_session


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
    t = find_table(session, table)
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
