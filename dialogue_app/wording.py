"""Shared vocabulary that every layer may use: the roles and attendance states a person
can have, their labels in the user's language, and the short forms printed documents,
screens and exports share ("3 → 7", "Ravi R.").

Pure: imports only :mod:`dialogue_app.i18n`. Services, printing, importing and the UI
borrow these from here instead of from each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from dialogue_app.i18n import gettext as _


class Role(StrEnum):
    """What a person does at the event (stored as its value)."""

    PARTICIPANT = "participant"
    HOST = "host"
    FACILITATOR = "facilitator"
    TRAINER = "trainer"


class Attendance(StrEnum):
    """Whether a person came (stored as its value)."""

    REGISTERED = "registered"
    PRESENT = "present"
    ABSENT = "absent"
    CANCELLED = "cancelled"


def role_label(role: str) -> str:
    """A role in the user's language ("facilitator" -> "Facilitator"); unknown roles as given."""
    return {
        Role.PARTICIPANT: _("Participant"),
        Role.HOST: _("Host"),
        Role.FACILITATOR: _("Facilitator"),
        Role.TRAINER: _("Trainer"),
    }.get(role, role)  # type: ignore[call-overload]


def attendance_label(status: str) -> str:
    """An attendance state in the user's language; unknown states as given."""
    return {
        Attendance.REGISTERED: _("Registered"),
        Attendance.PRESENT: _("Present"),
        Attendance.ABSENT: _("Absent"),
        Attendance.CANCELLED: _("Cancelled"),
    }.get(status, status)  # type: ignore[call-overload]


def table_sequence(tables: Iterable[int | None]) -> str:
    """Each round's table in order, "3 → 7 → 12" ("–" for a round without a seat)."""
    return " → ".join("–" if t is None else str(t) for t in tables)


def distinct_first_names(people: list[tuple[str, str]]) -> list[str]:
    """First names as a table calls each other, with as much of the last name as it takes
    to tell two people of one first name apart: ["Ravi R.", "Ravi S.", "Anna"]."""
    def key(text: str) -> str:
        return text.strip().casefold()

    out = [first or last for first, last in people]
    groups: dict[str, list[int]] = {}
    for i, (first, _last) in enumerate(people):
        if first:
            groups.setdefault(key(first), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        initials = [key(people[i][1])[:1] for i in members]
        for i, initial in zip(members, initials, strict=True):
            first, last = people[i]
            if not last.strip():
                continue
            if initials.count(initial) == 1:
                out[i] = f"{first} {last.strip()[0]}."
            else:
                out[i] = f"{first} {last.strip()}"
    return out
