"""Which areas of the window a change to a table touches (live screens on a server event).

The server names the tables another client changed (:mod:`dialogue_app.storage.pg_listen`); this maps
them to the :class:`~dialogue_app.services.edits.Area` values the panels watch, the same areas a local
edit of those rows announces. A table this map does not know (a later migration) touches every area,
so nothing stays stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from dialogue_app.services.edits import Area
from dialogue_app.storage.pg_listen import EVERYTHING, ChangeListener

_E, _P, _T, _F, _C, _S, _R, _TR, _PR = (
    Area.EVENT, Area.PEOPLE, Area.TABLES, Area.FACILITATION, Area.COMMITMENTS, Area.SURVEYS, Area.REPORTS,
    Area.TRAINING, Area.PRIVACY,
)

#: Table name → the areas a change to it touches.
TABLE_AREAS: dict[str, frozenset[Area]] = {
    "event": frozenset({_E}),
    "dimension": frozenset({_E, _P}),
    "category": frozenset({_E, _P}),
    "person": frozenset({_P}),
    "person_role": frozenset({_P}),
    "person_value": frozenset({_P}),
    "consent": frozenset({_P, _PR}),
    "consent_text": frozenset({_PR}),
    "privacy_log": frozenset({_PR}),
    "pair_rule": frozenset({_T}),
    "venue": frozenset({_T}),
    "time_slot": frozenset({_T}),
    "dialogue_table": frozenset({_T}),
    "assignment": frozenset({_T, _P}),
    "script_phase": frozenset({_F}),
    "ground_rule": frozenset({_F}),
    "table_session": frozenset({_F}),
    "phase_run": frozenset({_F}),
    "talking_turn": frozenset({_F}),
    "commitment": frozenset({_C}),
    "survey_item": frozenset({_S}),
    "survey_response": frozenset({_S}),
    "survey_answer": frozenset({_S}),
    "trainee_profile": frozenset({_TR}),
    "training_session": frozenset({_TR}),
    "session_attendance": frozenset({_TR}),
    "practice_turn": frozenset({_TR}),
    "readiness_step": frozenset({_TR}),
    "package_manifest": frozenset({_E}),
    "package_baseline": frozenset({_E}),
    "package_merge_state": frozenset({_E}),
}

ALL_AREAS = frozenset(Area)


def areas_for_tables(tables: Iterable[str]) -> frozenset[Area]:
    """The areas touched by changes to ``tables`` (every area for an unknown table or :data:`EVERYTHING`)."""
    names = set(tables)
    if names & EVERYTHING:
        return ALL_AREAS
    touched: set[Area] = set()
    for name in names:
        touched |= TABLE_AREAS.get(name, ALL_AREAS)
    if touched & {_P, _T, _F, _C, _S}:
        touched.add(_R)  # the reports count all of these
    return frozenset(touched)


__all__ = ["ALL_AREAS", "EVERYTHING", "TABLE_AREAS", "ChangeListener", "areas_for_tables"]
