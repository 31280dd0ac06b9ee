"""How far an event is, and the next step to take: the path through the whole day
(people → tables → plan → badges → check-in → facilitation → survey → report) that the
main window's "Next step" bar shows, so nobody needs the README to find the way.

:func:`event_progress` counts what the event holds (a few cheap queries); :func:`next_step`
is pure and turns those counts into one sentence and the place to go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, DialogueTable, Event, Person, SurveyResponse
from dialogue_app.models.facilitation import Commitment, PhaseRun

#: The places a step can send the user to (the UI maps each to an action).
ACTIONS = ("import", "tables", "plan", "badges", "checkin", "facilitation", "survey", "report")


@dataclass(frozen=True)
class EventProgress:
    people: int  # everyone not anonymised and not cancelled
    tables: int
    seated: int  # of ``people``: with a table in round 1
    checked_in: int
    facilitation_started: bool  # a phase ran at some table, or commitments were written down
    survey_forms: int
    training: bool = False  # a training event follows another path (Training screen)
    day_has_come: bool = False  # the event's date is today or past


@dataclass(frozen=True)
class NextStep:
    key: str  # one of ACTIONS
    message: str  # what is missing or done, and what to do: one sentence
    button: str  # the button's text (with the shortcut where there is one)


def event_progress(session: Session) -> EventProgress:
    """The counts :func:`next_step` needs, for the open event."""
    event = session.execute(select(Event.kind, Event.date).limit(1)).first()
    active = (Person.anonymised.is_(False)) & (Person.attendance != "cancelled")
    people = session.scalar(select(func.count(Person.id)).where(active)) or 0
    seated = session.scalar(
        select(func.count(func.distinct(Assignment.person_id)))
        .join(Person, Person.id == Assignment.person_id).where(active, Assignment.round == 1)) or 0
    checked_in = session.scalar(select(func.count(Person.id)).where(Person.attendance == "present")) or 0
    ran = session.scalars(select(PhaseRun.id).where(PhaseRun.started_at.is_not(None)).limit(1)).first()
    noted = session.scalars(select(Commitment.id).limit(1)).first()
    return EventProgress(
        people=people,
        tables=session.scalar(select(func.count(DialogueTable.id))) or 0,
        seated=seated,
        checked_in=checked_in,
        facilitation_started=ran is not None or noted is not None,
        survey_forms=session.scalar(select(func.count(SurveyResponse.id))) or 0,
        training=event is not None and event.kind == "training",
        day_has_come=event is not None and event.date is not None and event.date <= dt.date.today(),
    )


def next_step(p: EventProgress) -> NextStep | None:
    """The first thing still missing on the way through the day, or what comes next; None for a
    training event (the Training screen has its own path)."""
    if p.training:
        return None
    if not p.people:
        return NextStep("import", _("No people yet: import your registration spreadsheet, or add people "
                                    "on the People screen."), _("Import people… (Ctrl+I)"))
    if not p.tables:
        return NextStep("tables", ngettext(
            "{n} person registered, but no tables yet: add the tables and venues.",
            "{n} people registered, but no tables yet: add the tables and venues.", p.people
        ).format(n=p.people), _("Add tables…"))
    if not p.seated:
        return NextStep("plan", ngettext(
            "Nobody is seated yet: plan the tables for the {n} person registered.",
            "Nobody is seated yet: plan the tables for the {n} people registered.", p.people
        ).format(n=p.people), _("Plan tables (Ctrl+P)"))
    if p.seated < p.people and not p.checked_in:
        missing = p.people - p.seated
        return NextStep("plan", ngettext(
            "{n} person has no table yet: plan the tables again to seat everybody.",
            "{n} people have no table yet: plan the tables again to seat everybody.", missing
        ).format(n=missing), _("Plan tables (Ctrl+P)"))
    if not p.checked_in and not p.facilitation_started and not p.survey_forms and p.day_has_come:
        return NextStep("checkin", _("Today is the day: check people in at the door as they arrive (their "
                                     "badge code or their name)."), _("Open check-in"))
    if not p.checked_in and not p.facilitation_started and not p.survey_forms:
        return NextStep("badges", _("Everybody has a table. Next: print the badges and table cards; on the day, "
                                    "check people in at the door."), _("Print badges…"))
    if not p.facilitation_started and not p.survey_forms:
        return NextStep("facilitation", ngettext(
            "{n} person checked in. Next: guide the rounds with the script and the timer.",
            "{n} people checked in. Next: guide the rounds with the script and the timer.", p.checked_in
        ).format(n=p.checked_in), _("Open facilitation"))
    if not p.survey_forms:
        return NextStep("survey", _("No survey answers yet: enter the paper forms, or let people fill in "
                                    "the form on screen."), _("Enter survey answers"))
    return NextStep("report", ngettext(
        "{n} survey form entered. Next: print the event report.",
        "{n} survey forms entered. Next: print the event report.", p.survey_forms
    ).format(n=p.survey_forms), _("Make the report…"))
