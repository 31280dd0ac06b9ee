"""The training area's plain rows (frozen dataclasses handed to the window and the pack) and the
steps attendance counts as."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models.training import (
    STEPS,
)
from dialogue_app.services.events import current_event

#: Attendance at a session of this kind counts as this readiness step.
SESSION_STEP = {"basic": "basic_training", "practice": "practice_evening", "coordinator": "coordinator_session"}
ALL_STEPS = (*STEPS, "coordinator_session")


@dataclass(frozen=True)
class StepInfo:
    step: str
    date: dt.date | None
    source: str  # "step" (recorded by hand) or "session" (from attendance)
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class TraineeInfo:
    id: uuid.UUID
    code: str
    first_name: str
    last_name: str
    track: str
    city: str
    organisation: str
    language: str
    steps: tuple[StepInfo, ...]
    ready: bool
    missing: tuple[str, ...]
    ready_since: dt.date | None
    sessions_attended: int
    turns: int  # practice rounds facilitated

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class TraineeData:
    first_name: str
    last_name: str = ""
    track: str = "facilitator"
    city: str = ""
    organisation: str = ""
    language: str = ""
    email: str = ""

    def stripped(self) -> TraineeData:
        """The values as they are stored (text without surrounding spaces)."""
        return dataclasses.replace(self, first_name=self.first_name.strip(), last_name=self.last_name.strip(),
                                   city=self.city.strip(), organisation=self.organisation.strip(),
                                   email=self.email.strip())


@dataclass(frozen=True)
class SessionData:
    """The values of a session a trainer can edit."""

    title: str
    kind: str = "basic"
    date: dt.date | None = None
    minutes: int = 120

    def stripped(self) -> SessionData:
        """The values as they are stored (the title without surrounding spaces)."""
        return dataclasses.replace(self, title=self.title.strip())


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    position: int
    title: str
    kind: str
    date: dt.date | None
    start_time: dt.time | None
    minutes: int
    present: int


@dataclass(frozen=True)
class PracticeTableInfo:
    table_id: uuid.UUID
    number: int
    round: int
    facilitator_id: uuid.UUID | None
    facilitator: str
    members: tuple[str, ...]  # names, facilitator first
    scenario: str  # scenario key or ""


@dataclass(frozen=True)
class PracticeSummary:
    rounds: int
    tables: int
    repeated_pairs: int
    without_turn: tuple[str, ...]


def _check_training(session: Session):
    e = current_event(session)
    if e.kind != "training":
        raise UserInputError(_("This is not a training event; create a training event for trainees."))
    return e
