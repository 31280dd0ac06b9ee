"""Planning works on a snapshot: people checked in at a door, or seated by another organiser,
while a plan is being computed keep their tables, their "seated" marks stay, the report says
how many, and undoing the plan never takes their check-in back (both backends)."""

from __future__ import annotations

from sqlalchemy import select

from dialogue_app import planning
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services import planning as svc
from dialogue_app.services import seating


def _registered_with_seats(store, n):
    """``n`` registered participants who have a seat in round 1: (code, person id, table id)."""
    with store.session() as s:
        rows = s.execute(select(Person.code, Person.id, Assignment.table_id)
                         .join(Assignment, Assignment.person_id == Person.id)
                         .where(Person.attendance == "registered", Assignment.round == 1, Assignment.locked.is_(False),
                                Assignment.seated.is_(False))
                         .order_by(Person.code)).all()
    assert len(rows) >= n
    return rows[:n]


def _seats(store):
    with store.session() as s:
        return {a.person_id: (a.table_id, a.seated) for a in s.scalars(select(Assignment).where(Assignment.round == 1))}


def _check_in_during_planning(store, codes):
    """A progress callback that checks ``codes`` in (another session: a door) the first time planning reports."""
    told: dict[str, int | None] = {}

    def progress(_frac, _text):
        if not told:
            with store.session() as s:
                for c in codes:
                    told[c] = seating.check_in(s, c).table

    return told, progress


def test_people_checked_in_while_planning_keep_their_tables(demo_store):
    """Three people are checked in at the door while the organiser's plan runs: after the plan
    they sit at exactly the table the door told them, still marked seated, the plan keeps every
    rule, and the organiser reads "3 people checked in while planning kept their tables"."""
    rows = _registered_with_seats(demo_store, 3)
    told, progress = _check_in_during_planning(demo_store, [r.code for r in rows])
    reports = svc.plan_event(demo_store, seconds=0.5, seed=11, progress=progress)
    assert len(told) == 3 and all(t is not None for t in told.values())
    with demo_store.session() as s:
        number = {t.id: t.number for t in s.scalars(select(DialogueTable))}
        for r in rows:
            a = s.scalars(select(Assignment).where(Assignment.person_id == r.id, Assignment.round == 1)).one()
            assert number[a.table_id] == told[r.code]
            assert a.seated
            assert s.get(Person, r.id).attendance == "present"
        lp = svc.load_problem(s, 1)
    assert planning.validate(lp.problem, lp.current) == []
    assert set(reports[0].kept_checked_in) == {r.id for r in rows}
    assert "3 people checked in while planning kept their tables." in reports[0].kept_text
    assert reports[0].to_json()["kept_checked_in"] == 3


def test_seat_changed_by_another_organiser_while_planning_stays(demo_store):
    """Another organiser moves someone by hand and locks them there while the plan runs: the
    move and the lock stay (not silently overwritten by a plan made before them)."""
    (_code, pid, table_id), = _registered_with_seats(demo_store, 1)
    with demo_store.session() as s:
        other = s.scalars(select(DialogueTable.id).where(DialogueTable.id != table_id)
                          .order_by(DialogueTable.number)).first()
    moved = []

    def progress(_frac, _text):
        if not moved:
            with demo_store.session() as s:
                seating.move_edit(s, [pid], other, 1).apply(s)
                seating.lock_edit(s, [pid], True, 1).apply(s)
            moved.append(pid)

    svc.plan_event(demo_store, seconds=0.5, seed=4, progress=progress)
    assert moved
    with demo_store.session() as s:
        a = s.scalars(select(Assignment).where(Assignment.person_id == pid, Assignment.round == 1)).one()
        assert (a.table_id, a.locked) == (other, True)


def test_report_names_seats_kept_for_other_organisers():
    """The organiser reads how many seats planning left to others, in words."""
    from dialogue_app.services.planning.snapshot import kept_text

    assert kept_text(0, 0) == ""
    assert kept_text(3, 1) == ("3 people checked in while planning kept their tables. "
                               "1 person seated by someone else while planning kept their seat.")


def test_undoing_a_plan_keeps_the_check_ins_made_while_it_ran(demo_store):
    """Edit ▸ Undo after a plan puts the earlier plan back for everybody else, but the people
    checked in at the door meanwhile stay present and seated where the door sent them."""
    rows = _registered_with_seats(demo_store, 2)
    _told, progress = _check_in_during_planning(demo_store, [r.code for r in rows])
    before = _seats(demo_store)
    _reports, undo = seating.plan_with_undo(demo_store, 1, "Plan", seconds=0.5, seed=3, progress=progress)
    after_plan = _seats(demo_store)
    assert undo is not None
    with demo_store.session() as s:
        undo.apply(s)
    now = _seats(demo_store)
    for r in rows:
        assert now[r.id] == after_plan[r.id] == (before[r.id][0], True)
    others = {pid for pid in before if pid not in {r.id for r in rows}}
    assert {pid: now[pid] for pid in others if pid in now} == {pid: before[pid] for pid in others if pid in now}


def test_store_step_plans_again_around_people_who_arrived(demo_store):
    """Storing refuses, when asked, a plan that would move someone who checked in after the
    snapshot (so that planning can run again around them), and otherwise stores it with their
    seat kept; the people who did not change get the plan."""
    from dialogue_app.services.planning.snapshot import read_snapshot, store_on_snapshot

    (code, pid, table_id), = _registered_with_seats(demo_store, 1)
    with demo_store.session() as s:
        snap = read_snapshot(s)
        lp = svc.load_problem(s, 1)
    k = lp.person_ids.index(pid)
    plan = lp.current.copy()
    plan[k] = (plan[k] + 1) % len(lp.table_ids)  # the plan moves them
    with demo_store.session() as s:
        seating.check_in(s, code)
    with demo_store.session() as s:
        refused = store_on_snapshot(s, lp, snap, plan, keep_conflicts=False)
    assert not refused.stored and refused.conflicts == {pid}
    other = next(i for i in range(len(plan)) if i != k and plan[i] >= 0)
    plan[other] = (plan[other] + 1) % len(lp.table_ids)
    with demo_store.session() as s:
        stored = store_on_snapshot(s, lp, snap, plan)
    seats = _seats(demo_store)
    assert stored.stored and stored.checked_in == {pid}
    assert seats[pid] == (table_id, True)
    assert seats[lp.person_ids[other]][0] == lp.table_ids[plan[other]]


def test_stop_while_people_arrive_still_stores_the_best_plan(demo_store):
    """The organiser presses Stop just after people were checked in at the door: the best plan
    found is stored (Stop never throws the plan away), and the people checked in keep the table
    the door told them."""
    rows = _registered_with_seats(demo_store, 3)
    told, progress = _check_in_during_planning(demo_store, [r.code for r in rows])
    before = _seats(demo_store)
    reports = svc.plan_event(demo_store, seconds=5, seed=21, progress=progress, should_stop=lambda: bool(told))
    after = _seats(demo_store)
    with demo_store.session() as s:
        number = {t.id: t.number for t in s.scalars(select(DialogueTable))}
    for r in rows:
        assert number[after[r.id][0]] == told[r.code] and after[r.id][1]
    others = [pid for pid in before if pid not in {r.id for r in rows}]
    assert any(after.get(pid) != before[pid] for pid in others)  # the new plan was stored
    assert set(reports[0].kept_checked_in) == {r.id for r in rows}
