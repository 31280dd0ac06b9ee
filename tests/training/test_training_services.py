"""Training services: roster, attendance, readiness from attendance, practice tables, demo, CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from dialogue_app import storage
from dialogue_app.errors import UserInputError
from dialogue_app.services import training as tr


def _roster(s, n=9):
    ids = []
    for i in range(n):
        ids.append(tr.add_trainee(s, tr.TraineeData(f"Trainee{i}", "Test", city=("A", "B", "C")[i % 3])))
    return ids


def test_attendance_counts_as_steps_and_readiness_follows(training_event):
    """Being present at a basic and a practice session plus a recorded co-facilitation makes a trainee
    ready; being absent does not count; ready_trainees lists exactly the ready ones."""
    with training_event.session() as s:
        a, b = _roster(s, 2)
        basic = tr.add_session(s, "Basic", "basic", dt.date(2026, 10, 6))
        practice = tr.add_session(s, "Practice", "practice", dt.date(2026, 10, 20))
        for p in (a, b):
            tr.set_attendance(s, basic, p, "present")
            tr.add_step(s, p, "co_facilitated", dt.date(2026, 11, 5))
        tr.set_attendance(s, practice, a, "present")
        tr.set_attendance(s, practice, b, "absent")
    with training_event.session() as s:
        info = {t.id: t for t in tr.list_trainees(s)}
        assert info[a].ready and info[a].ready_since == dt.date(2026, 11, 5)
        assert not info[b].ready and info[b].missing == ("practice_evening",)
        assert [t.id for t in tr.ready_trainees(s)] == [a]
        assert {x.title: x.present for x in tr.list_sessions(s)} == {"Basic": 2, "Practice": 1}


def test_attendance_edit_undoes(training_event):
    """SetAttendance returns its inverse: applying it restores the previous state (no record)."""
    with training_event.session() as s:
        (a,) = _roster(s, 1)
        sid = tr.add_session(s, "Basic", "basic", None)
        inverse = tr.SetAttendance(sid, a, "present", "x").apply(s)
        assert tr.attendance(s) == {(sid, a): "present"}
        inverse.apply(s)
        assert tr.attendance(s) == {}


def test_step_edit_undoes(training_event):
    """AddStep and RemoveStep are each other's inverse."""
    with training_event.session() as s:
        (a,) = _roster(s, 1)
        inv = tr.AddStep(a, "dialogue", dt.date(2026, 3, 1), "x").apply(s)
        assert [st.step for st in tr.list_trainees(s)[0].steps] == ["dialogue"]
        redo = inv.apply(s)
        assert tr.list_trainees(s)[0].steps == ()
        redo.apply(s)
        assert len(tr.list_trainees(s)[0].steps) == 1


def test_bad_input_is_refused(training_event, new_event):
    """Unknown tracks, kinds, steps and statuses are refused with a user message; trainees only in trainings."""
    with training_event.session() as s:
        with pytest.raises(UserInputError):
            tr.add_trainee(s, tr.TraineeData("X", track="pilot"))
        with pytest.raises(UserInputError):
            tr.add_trainee(s, tr.TraineeData(" "))
        with pytest.raises(UserInputError):
            tr.add_session(s, "X", "party", None)
        (a,) = _roster(s, 1)
        with pytest.raises(UserInputError):
            tr.add_step(s, a, "flying", None)
        sid = tr.add_session(s, "Basic", "basic", None)
        with pytest.raises(UserInputError):
            tr.set_attendance(s, sid, a, "maybe")
    with new_event.session() as s, pytest.raises(UserInputError):
        tr.add_trainee(s, tr.TraineeData("X"))


def test_plan_practice_stores_tables_turns_and_scenarios(training_event):
    """Planning practice stores training tables, one seat per trainee per round, one facilitator per table
    and round (everyone facilitates), a scenario per table, and no pair twice (9 in threes)."""
    with training_event.session() as s:
        _roster(s, 9)
        summary = tr.plan_practice(s, size=3)
        assert (summary.rounds, summary.tables, summary.repeated_pairs) == (3, 3, 0)
    with training_event.session() as s:
        tables = tr.list_practice(s)
        assert len(tables) == 9
        assert all(t.members[0] == t.facilitator and t.scenario for t in tables)
        assert {t.facilitator for t in tables} == {t.name for t in tr.list_trainees(s)}
        pairs = [p for t in tables for p in itertools.combinations(sorted(t.members), 2)]
        assert len(pairs) == len(set(pairs))
        assert all(t.turns == 1 for t in tr.list_trainees(s))
        # re-planning replaces the tables instead of adding more
        tr.plan_practice(s, size=3, seed=5)
        assert len(tr.list_practice(s)) == 9


def test_add_ready_trainee_as_facilitator_to_a_dialogue_event(training_event, demo_path):
    """A ready trainee is copied into a dialogue event as a facilitator; a trainee not ready is refused."""
    with training_event.session() as s:
        a, b = _roster(s, 2)
        for step in ("basic_training", "co_facilitated", "practice_evening"):
            tr.add_step(s, a, step, dt.date(2026, 10, 1))
    with training_event.session() as s:
        new_id = tr.add_facilitator_to_event(s, a, demo_path)
        with pytest.raises(UserInputError):
            tr.add_facilitator_to_event(s, b, demo_path)
        with pytest.raises(UserInputError):  # already there
            tr.add_facilitator_to_event(s, a, demo_path)
    from dialogue_app.models import Person

    store = storage.open_event_file(demo_path, read_only=True)
    with store.session() as s:
        p = s.get(Person, new_id)
        assert p.first_name == "Trainee0" and p.role_names == {"facilitator"}
    store.close()


def test_demo_training_is_complete(demo_training):
    """The demo training event has 16 trainees, sessions with attendance, some ready trainees and planned
    practice rounds in which every facilitator-track trainee facilitates."""
    store = storage.open_event_file(demo_training, read_only=True)
    with store.session() as s:
        trainees = tr.list_trainees(s)
        assert len(trainees) == 16
        assert len(tr.list_sessions(s)) == 4
        ready = tr.ready_trainees(s)
        assert 0 < len(ready) < 16
        assert all(t.turns >= 1 for t in trainees if t.track == "facilitator")
    store.close()


def test_cli_demo_training_and_trainees(tmp_path, capsys):
    """`demo-training --no-gui` writes a file; `trainees --ready --json` lists only ready trainees."""
    from dialogue_app.cli import main

    path = tmp_path / "t.dialogue"
    assert main(["demo-training", str(path), "--trainees", "8", "--no-gui"]) == 0
    capsys.readouterr()
    assert main(["trainees", str(path), "--ready", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(r["ready"] for r in rows)
    assert main(["demo-training", str(path), "--trainees", "1", "--no-gui"]) != 0
