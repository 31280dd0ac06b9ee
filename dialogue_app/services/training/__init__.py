"""Training events: the roster of trainees, sessions and attendance, readiness and practice rounds.

Functions take a Session and return frozen dataclasses. Trainees are Person rows with
role "participant" plus a TraineeProfile, so practice tables work in the facilitator
screen exactly like dialogue tables.

The package re-exports the public names of its modules: ``rows`` (the plain rows), ``trainees``
(roster and readiness steps), ``sessions`` (sessions and attendance), ``practice`` (practice
rounds, handing ready trainees to a dialogue event).
"""

from dialogue_app.services.training.practice import (
    add_facilitator_to_event,
    deal_scenario,
    list_practice,
    plan_practice,
    practice_personas,
)
from dialogue_app.services.training.rows import (
    ALL_STEPS,
    SESSION_STEP,
    PracticeSummary,
    PracticeTableInfo,
    SessionData,
    SessionInfo,
    StepInfo,
    TraineeData,
    TraineeInfo,
)
from dialogue_app.services.training.sessions import (
    AddSession,
    RemoveSession,
    RestoreSession,
    SaveSession,
    SetAttendance,
    add_session,
    attendance,
    list_sessions,
    session_data,
    set_attendance,
    update_session,
)
from dialogue_app.services.training.trainees import (
    AddStep,
    AddTrainee,
    RemoveStep,
    SaveTrainee,
    add_step,
    add_trainee,
    list_trainees,
    ready_trainees,
    remove_step,
    trainee_data,
    update_trainee,
)

__all__ = [
    "ALL_STEPS",
    "SESSION_STEP",
    "AddSession",
    "AddStep",
    "AddTrainee",
    "PracticeSummary",
    "PracticeTableInfo",
    "RemoveSession",
    "RemoveStep",
    "RestoreSession",
    "SaveSession",
    "SaveTrainee",
    "SessionData",
    "SessionInfo",
    "SetAttendance",
    "StepInfo",
    "TraineeData",
    "TraineeInfo",
    "add_facilitator_to_event",
    "add_session",
    "add_step",
    "add_trainee",
    "attendance",
    "deal_scenario",
    "list_practice",
    "list_sessions",
    "list_trainees",
    "plan_practice",
    "practice_personas",
    "ready_trainees",
    "remove_step",
    "session_data",
    "set_attendance",
    "trainee_data",
    "update_session",
    "update_trainee",
]
