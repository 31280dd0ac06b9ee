"""Impossible rules come with the smallest fix: it is proposed in the event's terms, `plan`
prints it (plain and --json), and making it as an undoable edit lets planning succeed."""

from __future__ import annotations

import json
import uuid

import pytest

from dialogue_app.cli import main
from dialogue_app.planning import Person, PlanProblem, Table, check_feasibility
from dialogue_app.planning.fixes import Fix, apply_fix, smallest_fix
from dialogue_app.services import people, tables
from dialogue_app.services import planning as svc
from dialogue_app.services.seating.pair_rules import PairRuleInfo, SavePairRule
from dialogue_app.services.seating.plan_fix import fix_edit, propose_fix


def _person(s, name: str, **kw) -> uuid.UUID:
    data = people.PersonData(id=people.new_person().id, first_name=name, **kw)
    people.save_person(s, data)
    return data.id


def _event(store, *, facilitators: int = 2, participants: int = 6, **table_kw) -> list[uuid.UUID]:
    """Two tables for 2–4 guests, ``facilitators`` facilitators speaking Dutch, ``participants`` participants."""
    with store.session() as s:
        tables.add_tables(s, 2, capacity=(2, 4), **table_kw)
        for i in range(facilitators):
            _person(s, f"Fac{i}", roles=frozenset({"facilitator"}), languages="nl")
        return [_person(s, f"P{i}") for i in range(participants)]


def _apply_and_plan(store, kind: str) -> None:
    with store.session() as s:
        fix = propose_fix(s)
        assert fix is not None and fix.kind == kind, fix
        with pytest.raises(svc.PlanInfeasible):
            svc.plan_event(store, seconds=0.2)
        fix_edit(s, fix).apply(s)
    assert svc.plan_event(store, seconds=0.2)[0].violations == ()
    with store.session() as s:
        assert propose_fix(s) is None


def test_too_few_seats_adds_a_table(new_event):
    """Thirteen people (a spare facilitator) for ten seats: "add 1 table for 4 guests"; added, planning works."""
    _event(new_event, facilitators=3, participants=10)
    with new_event.session() as s:
        fix = propose_fix(s)
    assert fix is not None and fix.text == "Smallest fix: add 1 table for 4 guests."
    _apply_and_plan(new_event, "add_tables")


def test_too_few_seats_without_facilitators_to_spare_raises_sizes(new_event):
    """Fourteen people, ten seats, no facilitator for another table: every table takes two more."""
    _event(new_event, participants=12)
    with new_event.session() as s:
        fix = propose_fix(s)
    assert fix is not None and fix.text == "Smallest fix: raise every table's maximum size by 2."
    _apply_and_plan(new_event, "raise_max")


def test_wheelchair_user_without_accessible_table(new_event):
    """A wheelchair user and no accessible table: mark table 1 accessible; then planning works."""
    ids = _event(new_event, accessible=False)
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=ids[0], first_name="P0", wheelchair=True))
        fix = propose_fix(s)
    assert fix is not None and fix.text == "Smallest fix: mark table 1 wheelchair accessible."
    _apply_and_plan(new_event, "mark_accessible")


def test_language_nobody_shares_gets_an_interpreter(new_event):
    """Someone who speaks only Tigrinya: an interpreter at a table; then planning works."""
    ids = _event(new_event)
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=ids[0], first_name="P0", languages="ti"))
        fix = propose_fix(s)
    assert fix is not None and fix.text == "Smallest fix: an interpreter at table 1."
    _apply_and_plan(new_event, "interpreter")


def _pair_rule(s, a: uuid.UUID, b: uuid.UUID, kind: str) -> None:
    SavePairRule(PairRuleInfo(uuid.uuid4(), a, b, "", "", kind, True, 1.0, ""), "rule").apply(s)


def test_apart_and_together_drops_the_apart_rule(new_event, capsys):
    """Two people who must sit together and apart: drop the "apart" rule; `plan` says so."""
    ids = _event(new_event)
    with new_event.session() as s:
        third = _person(s, "P6")
        _pair_rule(s, ids[0], ids[1], "apart")
        _pair_rule(s, ids[1], third, "together")
        _pair_rule(s, ids[0], third, "together")
    path = new_event.location
    new_event.close()
    assert main(["plan", path, "--seconds", "0.2"]) == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "Smallest fix" in x)
    assert "Smallest fix: drop the “apart” rule between P" in line and "P0 (" in line and "P1 (" in line
    assert main(["plan", path, "--seconds", "0.2", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["feasible"] is False and out["reasons"]
    assert out["fix"]["kind"] == "drop_apart" and len(out["fix"]["people"]) == 2


def test_apart_rule_dropped_then_planned(new_event):
    """Applying the proposed drop of the "apart" pair lets the plan be made."""
    ids = _event(new_event)
    with new_event.session() as s:
        _pair_rule(s, ids[0], ids[1], "apart")
        _pair_rule(s, ids[0], ids[2], "together")
        _pair_rule(s, ids[1], ids[2], "together")
    _apply_and_plan(new_event, "drop_apart")


def test_apart_rules_impossible_together_drop_one(new_event):
    """Three people who must all sit apart at two tables (each rule possible alone): drop one "apart" rule."""
    ids = _event(new_event)
    with new_event.session() as s:
        for a, b in ((0, 1), (1, 2), (0, 2)):
            _pair_rule(s, ids[a], ids[b], "apart")
    _apply_and_plan(new_event, "drop_apart")


def test_cli_json_fix_for_too_few_seats(new_event, capsys):
    """`plan --json` on too few seats: "fix" says how many tables of which size; no plan stored."""
    _event(new_event, facilitators=3, participants=10)
    path = new_event.location
    new_event.close()
    assert main(["plan", path, "--json"]) == 1
    fix = json.loads(capsys.readouterr().out)["fix"]
    assert fix == {"kind": "add_tables", "text": "Smallest fix: add 1 table for 4 guests.", "tables": 1,
                   "size": 4, "like_table": 1}


def test_engine_fix_is_checked():
    """The engine's fix makes the feasibility check pass; with no single remedy, none is offered."""
    problem = PlanProblem(tables=[Table(3, 4)] * 2, people=[Person() for _ in range(11)],
                          facilitators_required=False)
    fix = smallest_fix(problem)
    assert fix is not None and check_feasibility(apply_fix(problem, fix)) == []
    stuck = PlanProblem(tables=[Table(3, 4)] * 2, people=[Person(is_facilitator=True) for _ in range(8)])
    assert smallest_fix(stuck) is None


def test_engine_fixes_for_groups_and_locks():
    """A family larger than any table gets that table one seat larger; a wheelchair user
    locked to a table without access gets that table marked accessible."""
    people = [Person() for _ in range(11)]
    problem = PlanProblem(tables=[Table(3, 4)] * 3, people=people, together=[tuple(range(5))],
                          facilitators_required=False)
    assert smallest_fix(problem) == Fix("raise_max", tables=(0,), count=1)
    people = [Person(needs_accessible=i == 0, locked_table=1 if i == 0 else None) for i in range(10)]
    problem = PlanProblem(tables=[Table(3, 4, accessible=g == 0) for g in range(3)], people=people,
                          facilitators_required=False)
    fix = smallest_fix(problem)
    assert fix == Fix("mark_accessible", tables=(1,)) and check_feasibility(apply_fix(problem, fix)) == []
