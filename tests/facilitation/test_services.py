"""Facilitation and commitment services on real event files."""

from __future__ import annotations

import csv
import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from dialogue_app import exports, storage
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.facilitation.timer import FakeClock, TableTimer
from dialogue_app.models import Assignment, Person
from dialogue_app.services import commitments as cm
from dialogue_app.services import facilitation as fac
from dialogue_app.services import tables
from dialogue_app.wording import distinct_first_names


def _seat(s, table_number: int, n: int) -> list[uuid.UUID]:
    t = next(t for t in tables.list_tables(s) if t.number == table_number)
    # the demo is planned: use the people already at the table first
    at_table = [
        p.id for p in s.scalars(select(Person).join(Assignment, Assignment.person_id == Person.id)
                                .where(Assignment.table_id == t.id, Assignment.round == 1).order_by(Person.code))
        if "facilitator" not in p.role_names
    ]
    ids = at_table[:n]
    for extra in at_table[n:]:  # exactly n guests at the table
        s.delete(s.scalars(select(Assignment).where(Assignment.person_id == extra)).one())
    s.flush()
    if len(ids) == n:
        # these people have not spoken yet: no (demo) commitments linked to them
        from dialogue_app.models.facilitation import Commitment

        for c in s.scalars(select(Commitment).where(Commitment.person_id.in_(ids))):
            c.person_id = None
        for c in s.scalars(select(Commitment).where(Commitment.partner_id.in_(ids))):
            c.partner_id = None
        s.flush()
        return ids
    taken = set(s.scalars(select(Assignment.person_id)))
    for p in s.scalars(select(Person).order_by(Person.code)):
        if p.id in taken or "facilitator" in p.role_names or p.attendance == "cancelled":
            continue
        s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
        ids.append(p.id)
        if len(ids) == n:
            break
    s.flush()
    return ids


def test_default_script_is_lazy_and_in_event_language(tmp_path):
    """Reading an event without a script gives the default (nothing stored); ensure stores it
    in the event's language; default durations add up to 120 minutes."""
    from dialogue_app.services import events

    store = storage.create_event_file(tmp_path / "nl.dialogue")
    with store.session() as s:
        events.create_event(s, "Dag", theme="Samen", lang="nl")
    with store.session() as s:
        phases = fac.list_phases(s)
        assert not fac.has_script(s)
        assert [p.minutes for p in phases] == [10, 20, 35, 25, 20, 10]
        assert phases[0].title == "Opening" and phases[1].title != "Getting acquainted"
        assert fac.ensure_script(s) and not fac.ensure_script(s)
    with store.session() as s:
        assert fac.has_script(s) and len(fac.ground_rules(s)) == 8
        assert fac.list_phases(s)[4].captures_commitments
    store.close()


def test_script_edits_are_undoable(new_event):
    """Add, edit, move and delete phases and replace ground rules; each inverse restores."""
    with new_event.session() as s:
        fac.ensure_script(s)
        before = fac.list_phases(s)
        rules = fac.ground_rules(s)
    with new_event.session() as s:
        new = fac.new_phase(2)
        inv = fac.SavePhase(new, "add").apply(s)
        assert [p.id for p in fac.list_phases(s)][2] == new.id
        inv.apply(s)
        assert [p.id for p in fac.list_phases(s)] == [p.id for p in before]
        inv = fac.MovePhase(before[0].id, 1, "move").apply(s)
        assert fac.list_phases(s)[1].id == before[0].id
        inv.apply(s)
        inv = fac.DeletePhase(before[3].id, "del").apply(s)
        assert len(fac.list_phases(s)) == 5
        inv.apply(s)
        assert fac.list_phases(s) == before
        inv = fac.SetGroundRules(("Be kind", "  ", "Listen"), "rules").apply(s)
        assert fac.ground_rules(s) == ("Be kind", "Listen")
        inv.apply(s)
        assert fac.ground_rules(s) == rules
        with pytest.raises(UserInputError):
            fac.save_phase(s, fac.PhaseInfo(**{**before[0].__dict__, "title": " "}))
        with pytest.raises(UserInputError):
            fac.save_phase(s, fac.PhaseInfo(**{**before[0].__dict__, "minutes": -1}))


def test_timer_state_survives_reopening_the_file(demo_path):
    """Timer state stored on Start/Next is read back after closing and reopening the file."""
    clock = FakeClock()
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        t = tables.list_tables(s)[0]
        phases = fac.list_phases(s)
    timer = TableTimer([p.minutes * 60 for p in phases], clock=clock)
    timer.start()
    clock.advance(500)
    state = timer.next()
    clock.advance(200)
    with store.session() as s:
        fac.save_timer_state(s, t.id, 1, state)
    store.close()
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        data = fac.load_session(s, t.id, 1)
    store.close()
    again = TableTimer([p.minutes * 60 for p in phases], state=data.timer, clock=clock)
    assert again.current == 1 and again.running and again.elapsed() == 200
    assert again.phase_elapsed(0) == 500


def test_guide_data_and_talking_stick(demo_store):
    """The guide holds first names in talking-stick order, the schedule and the theme filled in."""
    with demo_store.session() as s:
        ids = _seat(s, 1, 6)
        t = tables.list_tables(s)[0]
        fac.set_talking_order(s, t.id, 1, list(reversed(ids)))
        assert fac.add_turn(s, t.id, 1, ids[0]) == 1
        assert fac.add_turn(s, t.id, 1, ids[0], -5) == 0
    with demo_store.session() as s:
        g = fac.guide_data(s, 1)
        firsts = {p.id: p.first_name for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
    assert g.talking_stick_order == tuple(firsts[i] for i in reversed(ids))
    assert sorted(g.first_names, key=str.casefold) == list(g.first_names) and len(g.first_names) == 6
    assert g.total_minutes == 120 and g.start == dt.datetime(2026, 11, 5, 18, 30)
    assert g.phases[2].start == dt.datetime(2026, 11, 5, 19, 0)
    assert "{theme}" not in g.phases[1].question and g.theme in g.phases[1].question
    assert g.ground_rules and not g.warning
    with demo_store.session() as s, pytest.raises(NotFound):
        fac.guide_data(s, 999)


def test_two_people_with_one_first_name_are_told_apart(demo_store):
    """At a table with two Ravis the guide and the facilitation screen say "Ravi R." and
    "Ravi S." (the whole last name where the initials match too); a unique first name stays
    as it is."""
    assert distinct_first_names([("Ravi", "Ramdin"), ("Ravi", "Sewnath"), ("Anna", "Smit")]) == [
        "Ravi R.", "Ravi S.", "Anna"]
    assert distinct_first_names([("Esther", "van Leeuwen"), ("Esther", "Visser"), ("Esther", "")]) == [
        "Esther van Leeuwen", "Esther Visser", "Esther"]
    with demo_store.session() as s:
        ids = _seat(s, 1, 6)
        a, b = (s.get(Person, i) for i in ids[:2])
        a.first_name, a.last_name, b.first_name, b.last_name = "Ravi", "Ramdin", "Ravi", "Sewnath"
    with demo_store.session() as s:
        g = fac.guide_data(s, 1)
        seats = fac.load_session(s, tables.list_tables(s)[0].id, 1).seats
    assert {"Ravi R.", "Ravi S."} <= set(g.first_names) and "Ravi" not in g.first_names
    assert {"Ravi R.", "Ravi S."} <= {x.first_name for x in seats}


def test_commitments_crud_counts_and_followup(demo_store):
    """Demo commitments exist; save/delete are undoable; follow-up by code; counts add up."""
    with demo_store.session() as s:
        ids = _seat(s, 2, 3)
        demo = cm.commitment_counts(s)
        assert demo.total > 10 and len([k for k, v in demo.by_kind.items() if v]) == 3
        assert sum(demo.by_status.values()) == demo.total
        t = tables.list_tables(s)[1]
        code = s.get(Person, ids[0]).code
        data = cm.CommitmentData(id=uuid.uuid4(), text="I will bake bread", table_id=t.id, person_id=ids[0],
                                 partner_id=ids[1], kind="together")
        undo = cm.SaveCommitment(data, "add").apply(s)
        name, mine = cm.commitments_for_code(s, code.lower())
        assert [c.text for c in mine] == ["I will bake bread"] and name
        inv = cm.SetFollowUp(((data.id, "done", dt.date(2026, 12, 20)),), "f").apply(s)
        assert cm.commitment_counts(s).by_status["done"] == demo.by_status["done"] + 1
        inv.apply(s)
        undo.apply(s)
        assert cm.commitment_counts(s) == demo
        with pytest.raises(UserInputError):
            cm.save_commitment(s, cm.new_commitment("  "))
        with pytest.raises(UserInputError):
            cm.save_commitment(s, cm.CommitmentData(id=uuid.uuid4(), text="x", kind="bogus"))
        with pytest.raises(NotFound):
            cm.commitments_for_code(s, "NOPE99")
        d = cm.list_commitments(s)[0]
        inv = cm.DeleteCommitment(d.id, "del").apply(s)
        assert cm.commitment_counts(s).total == demo.total - 1
        inv.apply(s)
        assert cm.list_commitments(s)[0] == d


def test_commitments_csv_is_safe_and_pseudonymous(demo_store, tmp_path):
    """CSV: BOM, formulas neutralised, codes only where not anonymous, no names."""
    with demo_store.session() as s:
        ids = _seat(s, 3, 2)
        t = tables.list_tables(s)[2]
        p = s.get(Person, ids[0])
        code, first, last = p.code, p.first_name, p.last_name
        cm.save_commitment(s, cm.CommitmentData(id=uuid.uuid4(), text="=HYPERLINK(1)", table_id=t.id,
                                                person_id=ids[0]))
        cm.save_commitment(s, cm.CommitmentData(id=uuid.uuid4(), text="anon step", table_id=t.id))
        total = cm.commitment_counts(s).total
    out = tmp_path / "c.csv"
    n = exports.run_export(demo_store, "commitments-csv", out)
    raw = out.read_bytes()
    assert n == total and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    formula = next(r for r in rows if "HYPERLINK" in r[2])
    assert formula[2].startswith("'=") and formula[3] == code
    assert next(r for r in rows if r[2] == "anon step")[3] == ""
    text = raw.decode("utf-8-sig")
    assert f",{last}," not in text and f",{first}," not in text
    assert exports.run_export(demo_store, "commitments-csv", out, exports.ExportOptions(tables=(3,))) == 2 + sum(
        1 for r in rows[1:] if r[0] == "3" and r[2] not in ("anon step",) and "HYPERLINK" not in r[2])


def test_time_slot_overrun_is_reported(demo_store):
    """A table whose time slot is shorter than the script gets a schedule warning; the slot
    start sets the planned times."""
    from dialogue_app.models import DialogueTable, TimeSlot

    with demo_store.session() as s:
        t = s.scalars(select(DialogueTable).where(DialogueTable.number == 2)).one()
        slot = TimeSlot(event_id=t.event_id, label="Early", start=dt.time(17, 0), end=dt.time(18, 45))
        s.add(slot)
        s.flush()
        t.slot_id = slot.id
    with demo_store.session() as s:
        g = fac.guide_data(s, 2)
        assert g.start == dt.datetime(2026, 11, 5, 17, 0) and g.slot_minutes == 105
        assert "15 minutes too many" in g.warning
        assert fac.script_overruns(s) == [(2, 15)]
        assert not fac.guide_data(s, 1).warning
