"""The schedule of a table: when it starts (its time slot or the event's start), the phases'
times, and warnings when the script is longer than a time slot."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.facilitation.schedule import Schedule, build_schedule, slot_minutes
from dialogue_app.i18n import gettext as _
from dialogue_app.models import DialogueTable
from dialogue_app.services.events import current_event
from dialogue_app.services.facilitation.script import PhaseInfo, list_phases
from dialogue_app.services.facilitation.sessions import find_table


class Overrun(NamedTuple):
    """A table whose time slot is shorter than the script, by ``minutes``."""

    table_number: int
    minutes: int


def table_start(session: Session, table_id: uuid.UUID) -> tuple[dt.datetime | None, int | None]:
    """When the table starts (its time slot, else the event's start time) and the slot length."""
    e = current_event(session)
    t = find_table(session, table_id)
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


def script_overruns(session: Session, phases: list[PhaseInfo] | None = None) -> list[Overrun]:
    """(table number, minutes over) for every table whose time slot is shorter than the script."""
    e = current_event(session)
    phases = phases if phases is not None else list_phases(session)
    total = sum(p.minutes for p in phases)
    out = []
    for t in session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id)
                             .order_by(DialogueTable.number)):
        length = slot_minutes(t.slot.start, t.slot.end) if t.slot is not None else None
        if length is not None and total > length:
            out.append(Overrun(t.number, total - length))
    return out
