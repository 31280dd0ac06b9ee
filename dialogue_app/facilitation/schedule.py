"""The schedule of a table's day: planned start and end of every phase, and the
total against the table's time slot (with a warning when the plan overruns it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduleItem:
    index: int
    title: str
    minutes: int
    start: dt.datetime | None
    end: dt.datetime | None


@dataclass(frozen=True)
class Schedule:
    items: tuple[ScheduleItem, ...]
    total_minutes: int
    #: Minutes available in the table's time slot (None when unknown).
    slot_minutes: int | None
    start: dt.datetime | None
    end: dt.datetime | None

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the plan runs past the slot (0 when it fits or no slot)."""
        if self.slot_minutes is None:
            return 0
        return max(0, self.total_minutes - self.slot_minutes)

    @property
    def spare_minutes(self) -> int:
        if self.slot_minutes is None:
            return 0
        return max(0, self.slot_minutes - self.total_minutes)

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0


def slot_minutes(start: dt.time | None, end: dt.time | None) -> int | None:
    """Length of a time slot in minutes (a slot past midnight wraps); None if unknown."""
    if start is None or end is None:
        return None
    a = start.hour * 60 + start.minute
    b = end.hour * 60 + end.minute
    if b <= a:
        b += 24 * 60
    return b - a


def build_schedule(
    phases: Sequence[tuple[str, int]],
    start: dt.datetime | None = None,
    slot: int | None = None,
) -> Schedule:
    """``phases``: (title, minutes) in order; ``start``: when the first phase begins."""
    items = []
    t = start
    total = 0
    for i, (title, minutes) in enumerate(phases):
        minutes = max(0, int(minutes))
        end = t + dt.timedelta(minutes=minutes) if t is not None else None
        items.append(ScheduleItem(i, title, minutes, t, end))
        total += minutes
        t = end
    return Schedule(tuple(items), total, slot, start, t)
