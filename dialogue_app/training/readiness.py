"""Who is ready to facilitate: the rules, in one place.

A trainee on the facilitator track is ready when they have
* done the basic training (a dated "basic_training" step, or present at a basic session),
* co-facilitated at least once with an experienced facilitator ("co_facilitated"), and
* been to at least one practice evening ("practice_evening", or present at a practice session).

Having facilitated a dialogue table on their own ("facilitated") also counts as
co-facilitation experience. Taking part in a dialogue first is recommended but not required.
A trainee on the coordinator track is ready to coordinate after the basic training and
one coordinator session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dialogue_app.i18n import N_

STEP_LABELS = {
    "dialogue": N_("Took part in a dialogue"),
    "basic_training": N_("Basic training"),
    "co_facilitated": N_("Co-facilitated a table"),
    "practice_evening": N_("Practice evening"),
    "facilitated": N_("Facilitated a table"),
    "coordinator_session": N_("Coordinator session"),
}

#: Minimum counts per requirement; each requirement is met by any of its steps.
FACILITATOR_RULES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("basic_training", ("basic_training",), 1),
    ("co_facilitated", ("co_facilitated", "facilitated"), 1),
    ("practice_evening", ("practice_evening",), 1),
)
COORDINATOR_RULES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("basic_training", ("basic_training",), 1),
    ("coordinator_session", ("coordinator_session",), 1),
)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    missing: tuple[str, ...]  # requirement keys (labels in STEP_LABELS)
    since: dt.date | None  # date the last missing requirement was met (None when not ready or undated)


def check_readiness(track: str, steps: Iterable[tuple[str, dt.date | None]]) -> Readiness:
    """Apply the rules of ``track`` ("facilitator" or "coordinator") to a trainee's dated steps."""
    rules = COORDINATOR_RULES if track == "coordinator" else FACILITATOR_RULES
    steps = list(steps)
    missing: list[str] = []
    since: dt.date | None = None
    undated = False
    for key, accepted, need in rules:
        dates = sorted((d for s, d in steps if s in accepted), key=lambda d: (d is None, d))
        if len(dates) < need:
            missing.append(key)
            continue
        d = dates[need - 1]
        if d is None:
            undated = True
        elif since is None or d > since:
            since = d
    ready = not missing
    return Readiness(ready, tuple(missing), since if ready and not undated else None)
