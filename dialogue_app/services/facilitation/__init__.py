"""Facilitation services: the event's script and ground rules with undoable edits (:mod:`.script`),
live table sessions (timer state, talking stick, private notes: :mod:`.sessions`), the languages
a table reads with the questions in them (:mod:`.languages`), the schedule
(:mod:`.schedule`) and the data of a printed facilitator guide (:mod:`.guide`).

The package re-exports the public names, and the demo hook (``populate_demo``, ``DEMO_ORDER``)
that :mod:`dialogue_app.demo` finds here."""

from dialogue_app.services.facilitation.guide import GuideData, GuidePhase, guide_data
from dialogue_app.services.facilitation.languages import TableQuestions, table_languages, table_questions
from dialogue_app.services.facilitation.schedule import (
    Overrun,
    schedule_warning,
    script_overruns,
    table_schedule,
    table_start,
)
from dialogue_app.services.facilitation.script import (
    DEMO_ORDER,
    MAX_MINUTES,
    DeletePhase,
    MovePhase,
    PhaseInfo,
    SavePhase,
    SetGroundRules,
    default_ground_rules,
    default_phases,
    delete_phase,
    ensure_script,
    ground_rules,
    has_script,
    list_phases,
    new_phase,
    populate_demo,
    save_phase,
    set_ground_rules,
)
from dialogue_app.services.facilitation.sessions import (
    SeatInfo,
    SessionData,
    add_turn,
    load_session,
    save_notes,
    save_timer_state,
    set_talking_order,
    table_people,
)

__all__ = [
    "DEMO_ORDER", "MAX_MINUTES", "DeletePhase", "GuideData", "GuidePhase", "MovePhase", "Overrun", "PhaseInfo",
    "SavePhase", "SeatInfo", "SessionData", "SetGroundRules", "TableQuestions", "add_turn", "default_ground_rules",
    "default_phases", "delete_phase", "ensure_script", "ground_rules", "guide_data", "has_script",
    "list_phases", "load_session", "new_phase", "populate_demo", "save_notes", "save_phase",
    "save_timer_state", "schedule_warning", "script_overruns", "set_ground_rules", "set_talking_order",
    "table_languages", "table_people", "table_questions", "table_schedule", "table_start",
]
