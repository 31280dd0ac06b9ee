"""Planning that can be repeated and trusted: the same file, seed and iterations give the
same tables even after a fresh import into a new event; a plan that reaches the upper
bound stops and says it is optimal; an event without facilitators yet can be planned with
the facilitator rule switched off, and the plan says so."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from dialogue_app import storage
from dialogue_app.cli import main
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.services import events, people, seating, tables
from dialogue_app.services import planning as svc
from dialogue_app.services.importing import apply, validate

HEADERS = ["First name", "Last name", "Gender", "Neighbourhood", "Age", "Education", "Role"]


def _csv(path: Path, n: int, seed: int, facilitators: int) -> Path:
    rng = random.Random(seed)
    rows = [HEADERS]
    for i in range(n):
        rows.append([f"Person{i:02d}", f"Family{i % 9}", rng.choice(["woman", "man", ""]),
                     rng.choice(["North", "South", "East", "West", "Centre", ""]), str(rng.randint(18, 85)),
                     rng.choice(["primary", "secondary", "bachelor", "master", ""]),
                     "facilitator" if i < facilitators else "participant"])
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _event(path: Path, csv: Path, n_tables: int, capacity: tuple[int, int]) -> storage.EventStore:
    """A new event file with ``n_tables`` tables and the people of ``csv`` imported."""
    store = storage.open_event_file(events.create_event_file(path, "Day of Dialogue"))
    with store.session() as s:
        tables.add_tables(s, n_tables, capacity=capacity)
        table = read_table(csv)
        apply(s, validate(s, table, guess_mapping(table.headers, events.list_dimensions(s))))
    return store


def _tables_by_name(store: storage.EventStore, reports: list[svc.PlanReport]) -> list[list[str]]:
    with store.reader() as s:
        name = {p.code: p.full_name for p in people.list_people(s)}
    return [sorted(name[c] for c in t.codes) for t in reports[0].tables]


def test_two_fresh_imports_plan_identically(tmp_path):
    """Importing the same spreadsheet into two new events and planning both with the same
    seed and iterations seats the same people together (participant codes are random and
    differ between the two events, so the plan must not depend on them)."""
    csv = _csv(tmp_path / "people.csv", 40, seed=3, facilitators=5)
    plans = []
    for k in range(2):
        store = _event(tmp_path / f"city{k}.dialogue", csv, 5, (6, 8))
        try:
            reports = svc.plan_event(store, seconds=None, iterations=15, seed=1)
            plans.append(_tables_by_name(store, reports))
        finally:
            store.close()
    assert plans[0] == plans[1]


def test_cli_iterations_repeat_exactly_and_bad_value_is_refused(tmp_path, capsys):
    """``plan --iterations N`` gives the same plan twice on one file, and a bad number is a
    clear message, not a traceback."""
    csv = _csv(tmp_path / "people.csv", 30, seed=4, facilitators=4)
    store = _event(tmp_path / "city.dialogue", csv, 4, (6, 8))
    store.close()
    outs = []
    for _ in range(2):
        assert main(["plan", str(tmp_path / "city.dialogue"), "--seed", "2", "--iterations", "10", "--json"]) == 0
        outs.append(json.loads(capsys.readouterr().out))
    assert [t["people"] for t in outs[0]["tables"]] == [t["people"] for t in outs[1]["tables"]]
    with pytest.raises(SystemExit):
        main(["plan", str(tmp_path / "city.dialogue"), "--iterations", "0"])
    err = capsys.readouterr().err
    assert "iterations" in err and "Traceback" not in err


def _splittable(path: Path) -> Path:
    """12 people, one dimension: 6 women and 6 men, which two tables of 6 split perfectly
    (3 and 3 each reaches the upper bound)."""
    rows = [["First name", "Last name", "Gender", "Role"]]
    for i in range(12):
        rows.append([f"P{i:02d}", "X", "woman" if i % 2 else "man", "facilitator" if i < 2 else "participant"])
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_plan_reaching_the_bound_stops_and_says_optimal(tmp_path, capsys):
    """On an event whose mix can be perfect the plan stops early (no 60-s wait) and says
    "optimal: no plan can mix more", in plain output, in --json and on the Tables screen."""
    store = _event(tmp_path / "small.dialogue", _splittable(tmp_path / "p.csv"), 2, (5, 5))
    store.close()
    path = str(tmp_path / "small.dialogue")
    assert main(["plan", path, "--seconds", "60", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["proven_optimal"] is True and out["score"] == pytest.approx(out["upper_bound"])
    assert out["seconds"] < 30
    assert main(["plan", path, "--seconds", "60"]) == 0
    assert "optimal: no plan can mix more" in capsys.readouterr().out
    from dialogue_app.ui.plan_summary import summary_text

    store = storage.open_event_file(path, read_only=True)
    try:
        with store.reader() as s:
            view = seating.seating(s, 1)
    finally:
        store.close()
    assert "optimal: no plan can mix more" in summary_text(view)[0]


def test_plan_below_the_bound_does_not_claim_optimal(tmp_path, capsys):
    """A plan that does not reach the upper bound never says it is optimal."""
    csv = _csv(tmp_path / "people.csv", 30, seed=4, facilitators=4)
    store = _event(tmp_path / "city.dialogue", csv, 4, (6, 8))
    store.close()
    assert main(["plan", str(tmp_path / "city.dialogue"), "--iterations", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["score"] < out["upper_bound"] - 1e-6
    assert out["proven_optimal"] is False
    assert main(["plan", str(tmp_path / "city.dialogue"), "--iterations", "5"]) == 0
    assert "optimal" not in capsys.readouterr().out


def test_event_without_facilitators_plans_with_the_rule_off(tmp_path, capsys):
    """Before facilitators are assigned the plan is refused with the rule on (the default)
    and made with ``--no-facilitator-rule``, which the plan mentions."""
    csv = _csv(tmp_path / "people.csv", 24, seed=5, facilitators=0)
    store = _event(tmp_path / "city.dialogue", csv, 3, (6, 8))
    store.close()
    path = str(tmp_path / "city.dialogue")
    assert main(["plan", path, "--iterations", "5"]) != 0
    capsys.readouterr()
    assert main(["plan", path, "--iterations", "5", "--no-facilitator-rule", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["facilitator_rule"] is False and out["violations"] == []
    assert sum(len(t["people"]) for t in out["tables"]) == 24
    assert main(["plan", path, "--iterations", "5", "--no-facilitator-rule"]) == 0
    assert "The rule that each table has a facilitator was off for this plan." in capsys.readouterr().out


def test_facilitator_rule_off_in_the_service(tmp_path):
    """The service plans an event without facilitators when the rule is off, and its report
    says the rule was off; with the rule on (the default) it refuses and stores nothing."""
    csv = _csv(tmp_path / "people.csv", 18, seed=6, facilitators=0)
    store = _event(tmp_path / "city.dialogue", csv, 3, (5, 7))
    try:
        with pytest.raises(svc.PlanInfeasible):
            svc.plan_event(store, seconds=None, iterations=3)
        reports = svc.plan_event(store, seconds=None, iterations=3, facilitator_rule=False)
        assert reports[0].facilitator_rule is False and reports[0].to_json()["facilitator_rule"] is False
        assert sum(t.size for t in reports[0].tables) == 18
    finally:
        store.close()


def test_tables_screen_still_says_the_facilitator_rule_was_off_after_reopening(tmp_path):
    """An organiser who planned before assigning facilitators closes the event and opens it
    again: the Tables screen's summary still says the plan was made with the facilitator
    rule off (not only the message right after planning); once there are enough
    facilitators for every table, it no longer claims so."""
    from dialogue_app.ui.plan_summary import summary_text

    off_text = "The rule that each table has a facilitator was off for this plan."
    csv = _csv(tmp_path / "people.csv", 18, seed=6, facilitators=0)
    path = tmp_path / "city.dialogue"
    store = _event(path, csv, 3, (5, 7))
    try:
        svc.plan_event(store, seconds=None, iterations=3, facilitator_rule=False)
    finally:
        store.close()
    store = storage.open_event_file(path)
    try:
        with store.session() as s:
            view = seating.seating(s, 1)
        assert view.facilitator_rule_off
        assert off_text in summary_text(view)[0]
    finally:
        store.close()
    # the same plan in an event that has a facilitator for each table: the plan may have
    # been changed by hand, so the summary does not claim the rule was off
    csv = _csv(tmp_path / "staffed.csv", 18, seed=6, facilitators=3)
    store = _event(tmp_path / "staffed.dialogue", csv, 3, (5, 7))
    try:
        svc.plan_event(store, seconds=None, iterations=3)
        with store.session() as s:
            view = seating.seating(s, 1)
        assert not view.facilitator_rule_off
        assert off_text not in summary_text(view)[0]
    finally:
        store.close()
