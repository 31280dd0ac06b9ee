"""Correcting a training's roster and sessions: editing and removing trainees and sessions,
each an undoable edit whose inverse puts everything back."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.models import Assignment, Person, PersonRole
from dialogue_app.models.training import (
    PracticeTurn,
    ReadinessStep,
    SessionAttendance,
    TraineeProfile,
    TrainingSession,
)
from dialogue_app.services import edits
from dialogue_app.services import training as tr

#: Everything a trainee's removal touches (cascaded rows and links to them).
TRAINEE_TABLES = (Person, PersonRole, TraineeProfile, ReadinessStep, SessionAttendance, PracticeTurn, Assignment)


def _rows(s, model) -> set[tuple]:
    """Every row of a table, every column (including the created/updated stamps)."""
    cols = model.__table__.columns
    return {tuple(r) for r in s.execute(select(*cols))}


def _all_rows(s) -> dict[str, set[tuple]]:
    return {m.__tablename__: _rows(s, m) for m in TRAINEE_TABLES}


def test_edit_trainee_then_undo_restores_the_old_details(training_event):
    """SaveTrainee corrects a typo (text stripped, e-mail kept) and its inverse puts the old values back."""
    with training_event.session() as s:
        pid = tr.add_trainee(s, tr.TraineeData("Aan", "Silva", city="Gent", language="nl", email="ana@example.org"))
    with training_event.session() as s:
        old = tr.trainee_data(s, pid)
        new = tr.TraineeData(" Ana ", "Silva ", "coordinator", "Antwerpen", "Buurtwerk", "fr", old.email)
        undo = tr.SaveTrainee(pid, new, "Edit Ana Silva").apply(s)
    with training_event.session() as s:
        (t,) = tr.list_trainees(s)
        assert (t.name, t.track, t.city, t.organisation, t.language) == (
            "Ana Silva", "coordinator", "Antwerpen", "Buurtwerk", "fr")
        assert tr.trainee_data(s, pid).email == "ana@example.org"
        assert s.get(Person, pid).languages == "fr"
        redo = undo.apply(s)
    with training_event.session() as s:
        assert tr.trainee_data(s, pid) == old
        redo.apply(s)
    with training_event.session() as s:
        assert tr.list_trainees(s)[0].name == "Ana Silva"


@pytest.mark.parametrize("bad", [
    tr.TraineeData(" ", " "),
    tr.TraineeData("Ana", track="pilot"),
])
def test_invalid_trainee_edit_changes_nothing(training_event, bad):
    """An edit without a name or with an unknown track is refused with a message and changes nothing."""
    with training_event.session() as s:
        pid = tr.add_trainee(s, tr.TraineeData("Ana", "Silva", city="Gent"))
    with training_event.session() as s:
        before = tr.trainee_data(s, pid)
        with pytest.raises(UserInputError) as err:
            tr.SaveTrainee(pid, bad, "x").apply(s)
        assert err.value.message
    with training_event.session() as s:
        assert tr.trainee_data(s, pid) == before


def test_editing_a_gone_trainee_says_so(training_event):
    """A trainee deleted meanwhile gives a NotFound with a message, not a crash."""
    with training_event.session() as s:
        pid = tr.add_trainee(s, tr.TraineeData("Ana"))
        edits.DeletePerson(pid, "x").apply(s)
        with pytest.raises(NotFound):
            tr.trainee_data(s, pid)
        with pytest.raises(NotFound):
            tr.update_trainee(s, pid, tr.TraineeData("Anna"))


def test_add_trainee_is_undoable_and_redo_keeps_the_same_person(training_event):
    """AddTrainee's inverse deletes the trainee; redoing brings back the same id and code."""
    with training_event.session() as s:
        undo = tr.AddTrainee(tr.TraineeData("Ana", "Silva"), "Add Ana Silva").apply(s)
        (t,) = tr.list_trainees(s)
        assert isinstance(undo, edits.DeletePerson) and undo.person_id == t.id
        redo = undo.apply(s)
        assert tr.list_trainees(s) == []
        redo.apply(s)
        (again,) = tr.list_trainees(s)
        assert (again.id, again.code, again.name) == (t.id, t.code, "Ana Silva")
        with pytest.raises(UserInputError):
            tr.AddTrainee(tr.TraineeData(""), "x").apply(s)
        assert len(tr.list_trainees(s)) == 1


def test_remove_trainee_and_undo_restores_every_row(demo_training):
    """Removing a trainee who has steps, attendance, practice seats and facilitated turns deletes them all
    (the turns stay, without facilitator); undo restores every row of those tables exactly."""
    store = storage.open_event_file(demo_training)
    try:
        with store.session() as s:
            t = max(tr.list_trainees(s), key=lambda x: (x.turns, x.sessions_attended, len(x.steps)))
            assert t.turns and t.sessions_attended and any(st.source == "step" for st in t.steps)
            assert s.scalars(select(Assignment).where(Assignment.person_id == t.id)).first() is not None
            before = _all_rows(s)
        with store.session() as s:
            undo = edits.DeletePerson(t.id, "Remove").apply(s)
        with store.session() as s:
            assert t.id not in {x.id for x in tr.list_trainees(s)}
            for model in (TraineeProfile, ReadinessStep, SessionAttendance, Assignment):
                assert s.scalars(select(model).where(model.person_id == t.id)).first() is None
            assert s.scalars(select(PracticeTurn).where(PracticeTurn.facilitator_id == t.id)).first() is None
        with store.session() as s:
            undo.apply(s)
        with store.session() as s:
            assert _all_rows(s) == before
            assert next(x for x in tr.list_trainees(s) if x.id == t.id) == t
    finally:
        store.close()


def test_edit_session_then_undo(training_event):
    """SaveSession changes title, kind, date and length (attendance stays); the inverse restores them."""
    with training_event.session() as s:
        a = tr.add_trainee(s, tr.TraineeData("Ana"))
        sid = tr.add_session(s, "Basic trainnig", "basic", dt.date(2026, 10, 6))
        tr.set_attendance(s, sid, a, "present")
    with training_event.session() as s:
        old = tr.session_data(s, sid)
        assert old == tr.SessionData("Basic trainnig", "basic", dt.date(2026, 10, 6), 120)
        undo = tr.SaveSession(sid, tr.SessionData(" Practice ", "practice", dt.date(2026, 10, 20), 90),
                              "Edit").apply(s)
    with training_event.session() as s:
        (info,) = tr.list_sessions(s)
        assert (info.title, info.kind, info.date, info.minutes, info.present) == (
            "Practice", "practice", dt.date(2026, 10, 20), 90, 1)
        # attendance now counts as a practice evening on the trainee's path
        assert [st.step for st in tr.list_trainees(s)[0].steps] == ["practice_evening"]
        undo.apply(s)
    with training_event.session() as s:
        assert tr.session_data(s, sid) == old


@pytest.mark.parametrize("title, kind, minutes", [(" ", "basic", 120), ("X", "party", 120), ("X", "basic", 5)])
def test_invalid_session_edit_changes_nothing(training_event, title, kind, minutes):
    """An empty title, an unknown kind or a 5-minute session is refused and the session stays as it was."""
    with training_event.session() as s:
        sid = tr.add_session(s, "Basic", "basic", dt.date(2026, 10, 6))
    with training_event.session() as s:
        before = tr.session_data(s, sid)
        with pytest.raises(UserInputError):
            tr.update_session(s, sid, title, kind, dt.date(2026, 11, 1), minutes)
    with training_event.session() as s:
        assert tr.session_data(s, sid) == before
        with pytest.raises(NotFound):
            tr.session_data(s, uuid.uuid4())


def test_add_session_is_undoable_with_the_same_id_on_redo(training_event):
    """AddSession's inverse removes the session; redo brings back the same session."""
    with training_event.session() as s:
        undo = tr.AddSession(tr.SessionData("Basic", "basic", dt.date(2026, 10, 6), 150), "Add").apply(s)
        (info,) = tr.list_sessions(s)
        redo = undo.apply(s)
        assert tr.list_sessions(s) == []
        redo.apply(s)
        assert tr.list_sessions(s) == [info]
        with pytest.raises(UserInputError):
            tr.AddSession(tr.SessionData("X", "basic", None, 5), "Add").apply(s)
        assert len(tr.list_sessions(s)) == 1


def test_remove_session_and_undo_restores_attendance(demo_training):
    """Removing a session removes its attendance (and the steps it counted for); undo brings the
    session and every attendance row back exactly, and redo removes them again."""
    store = storage.open_event_file(demo_training)
    try:
        with store.session() as s:
            target = max(tr.list_sessions(s), key=lambda x: x.present)
            assert target.present > 0
            sessions_before = _rows(s, TrainingSession)
            att_before = _rows(s, SessionAttendance)
            trainees_before = tr.list_trainees(s)
        with store.session() as s:
            undo = tr.RemoveSession(target.id, "Remove").apply(s)
        with store.session() as s:
            assert target.id not in {x.id for x in tr.list_sessions(s)}
            assert not any(sid == target.id for sid, _p in tr.attendance(s))
            assert sum(t.sessions_attended for t in tr.list_trainees(s)) == (
                sum(t.sessions_attended for t in trainees_before) - target.present)
        with store.session() as s:
            redo = undo.apply(s)
        with store.session() as s:
            assert _rows(s, TrainingSession) == sessions_before
            assert _rows(s, SessionAttendance) == att_before
            assert tr.list_trainees(s) == trainees_before
            redo.apply(s)
            assert target.id not in {x.id for x in tr.list_sessions(s)}
    finally:
        store.close()


def test_undoing_a_session_removal_after_its_trainee_is_gone_says_so(training_event):
    """When a trainee whose attendance was removed with a session is deleted for good meanwhile, undoing
    the removal is refused with a message and restores nothing (not half a session)."""
    with training_event.session() as s:
        a = tr.add_trainee(s, tr.TraineeData("Ana"))
        sid = tr.add_session(s, "Basic", "basic", dt.date(2026, 10, 6))
        tr.set_attendance(s, sid, a, "present")
    with training_event.session() as s:
        undo = tr.RemoveSession(sid, "Remove").apply(s)
        edits.DeletePerson(a, "x").apply(s)
    with training_event.session() as s:
        with pytest.raises(UserInputError) as err:
            undo.apply(s)
        assert "session" in err.value.message
        assert tr.list_sessions(s) == []
