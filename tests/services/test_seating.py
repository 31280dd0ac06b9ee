"""Tables screen services: cards, hand moves with undo, lock, check-in, walk-ins, rebalance."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from dialogue_app import planning
from dialogue_app.cli import main
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services import planning as plan_svc
from dialogue_app.services import seating


@pytest.fixture
def planned(demo_store):
    plan_svc.plan_event(demo_store, seconds=30, iterations=20, seed=2)  # the same plan however loaded the machine
    return demo_store


def test_cards_show_people_scores_and_hide_sensitive_counts(planned):
    """Each card lists its people; sensitive dimensions show no per-label counts."""
    with planned.session() as s:
        view = seating.seating(s)
    assert view.violations == 0 and not view.unseated
    card = view.tables[0]
    assert card.facilitators and card.guests >= 1
    sens = [c for c in card.composition if c.sensitive]
    assert sens and all(c.counts == {} for c in sens)
    assert any(c.counts for c in card.composition if not c.sensitive)


def test_move_warns_in_words_and_undo_restores(planned):
    """Moving a facilitator away leaves a warning in words; the inverse edit restores the plan."""
    with planned.session() as s:
        view = seating.seating(s)
        t1, t2 = view.tables[0], view.tables[1]
        fac = next(p for p in t1.people if p.is_facilitator)
        edit = seating.move_edit(s, [fac.id], t2.id, 1)
        inverse = edit.apply(s)
    with planned.session() as s:
        view = seating.seating(s)
        warned = {w for c in view.tables[:2] for w in c.warnings}
        # the warnings name the tables and the facilitators (they used to name nobody)
        assert f"Table {t1.number} has no facilitator (it needs 1)" in warned
        other = next(p.name for p in t2.people if p.is_facilitator)
        assert any(w.startswith(f"Table {t2.number} has 2 facilitators (") and fac.name in w and other in w
                   for w in warned)
        inverse.apply(s)
    with planned.session() as s:
        assert seating.seating(s).violations == 0


def test_swap_exchanges_tables(planned):
    """Dropping a person on a person swaps them."""
    with planned.session() as s:
        view = seating.seating(s)
        a = next(p for p in view.tables[0].people if not p.is_facilitator and not p.is_host)
        b = next(p for p in view.tables[1].people if not p.is_facilitator and not p.is_host)
        seating.swap_edit(s, a.id, b.id, 1).apply(s)
    with planned.session() as s:
        seat = {x.person_id: x.table_id for x in s.scalars(select(Assignment))}
    assert seat[a.id] == view.tables[1].id and seat[b.id] == view.tables[0].id


def test_lock_then_plan_the_rest_keeps_locked(planned):
    """Locked people stay where they are when the rest is planned again."""
    with planned.session() as s:
        view = seating.seating(s)
        keep = [p for p in view.tables[2].people if not p.is_facilitator][:2]
        seating.lock_edit(s, [p.id for p in keep], True, 1).apply(s)
    plan_svc.plan_event(planned, seconds=0.3, seed=9)
    with planned.session() as s:
        seat = {x.person_id: (x.table_id, x.locked) for x in s.scalars(select(Assignment))}
    assert all(seat[p.id] == (view.tables[2].id, True) for p in keep)


def test_check_in_by_code_and_unknown_code(planned):
    """A code marks the person present and gives their table; an unknown code changes nothing."""
    with planned.session() as s:
        p = s.scalars(select(Person).join(Assignment)).first()
        res = seating.check_in(s, p.code.lower())
    assert res.table is not None and not res.already
    with planned.session() as s:
        assert s.get(Person, p.id).attendance == "present"
        assert s.scalars(select(Assignment).where(Assignment.person_id == p.id)).one().seated
    with pytest.raises(NotFound), planned.session() as s:
        seating.check_in(s, "ZZZZZZ")


def test_check_in_for_a_round_that_cannot_exist_changes_nothing(planned):
    """`checkin --round 0` (or 99, or 2 in a one-round event) is a mistake: the person is
    not marked present, and no walk-in is added."""
    with planned.session() as s:
        p = s.scalars(select(Person).join(Assignment)).first()
        before = p.attendance
    for bad in (0, 99, 2):  # the demo has one round
        with pytest.raises(UserInputError, match="round"), planned.session() as s:
            seating.check_in(s, p.code, bad)
    with pytest.raises(UserInputError, match="there is no round 2"), planned.session() as s:
        seating.add_walk_in(s, "Ada", round_no=2)
    with planned.session() as s:
        assert s.get(Person, p.id).attendance == before != "present"


def test_rebalance_after_no_shows_never_moves_seated(planned):
    """After check-in closes, rebalancing fixes the tables with few moves and keeps seated people."""
    with planned.session() as s:
        view = seating.seating(s)
        # everyone at table 1 and 2 checks in; three guests of table 3 don't come
        for card in view.tables[:2]:
            for p in card.people:
                seating.check_in(s, p.code)
        # the two fullest other tables each lose a guest; table 3 loses as many as it can spare + 1
        target = view.tables[2]
        spare = target.guests - target.capacity_min + 1
        for p in [p for p in target.people if not p.is_facilitator and not p.is_host][:spare]:
            s.get(Person, p.id).attendance = "absent"
    with planned.session() as s:
        proposal = seating.propose_rebalance(s)
    assert proposal.feasible, proposal.problems
    assert 1 <= len(proposal.moves) <= 4  # fewest moves: whole host groups may move together
    seated = {p.id for card in view.tables[:2] for p in card.people}
    assert not {m.person_id for m in proposal.moves} & seated
    with planned.session() as s:
        seating.rebalance_edit(s, proposal).apply(s)
    with planned.session() as s:
        lp = plan_svc.load_problem(s, 1)
        assert planning.validate(lp.problem, lp.current) == []


def test_impossible_rebalance_is_explained(planned):
    """When no move can fix a table, the proposal says which table and why, in words."""
    with planned.session() as s:
        view = seating.seating(s)
        for card in view.tables:
            if card.number != 3:
                for p in card.people:
                    seating.check_in(s, p.code)
        for p in [p for p in view.tables[2].people if not p.is_facilitator][:4]:
            s.get(Person, p.id).attendance = "absent"
    with planned.session() as s:
        proposal = seating.propose_rebalance(s)
    assert not proposal.feasible
    assert any("Table 3" in text for text in proposal.problems)


def test_walk_in_is_seated(planned):
    """A walk-in is registered present and seated at the chosen table."""
    with planned.session() as s:
        r = seating.add_walk_in(s, "Walk", "In", table_number=1)
        view = seating.seating(s)
    assert r.table == 1
    assert any(p.id == r.person_id for p in view.tables[0].people)


def test_cli_checkin(planned, capsys):
    """`checkin FILE CODE` prints the table; an unknown code exits non-zero with one line."""
    with planned.session() as s:
        code = s.scalars(select(Person.code).join(Assignment)).first()
    path = planned.location
    planned.close()
    assert main(["checkin", path, code]) == 0
    assert "table" in capsys.readouterr().out
    assert main(["checkin", path, "QQQQQQ"]) != 0
    assert "QQQQQQ" in capsys.readouterr().err


def test_cli_checkin_names_the_later_rounds_tables(planned, capsys):
    """In a two-round event `checkin` says where the person goes next ("table 3 (then 7)")
    and the JSON lists the later rounds' tables."""
    import json

    plan_svc.plan_event(planned, round_no=2, seconds=0.2, seed=1)
    with planned.session() as s:
        seats = {}
        for code, rnd, number in s.execute(
            select(Person.code, Assignment.round, DialogueTable.number)
            .join(Assignment, Assignment.person_id == Person.id)
            .join(DialogueTable, DialogueTable.id == Assignment.table_id)
        ):
            seats.setdefault(code, {})[rnd] = number
    code, where = next((c, t) for c, t in seats.items() if t.get(2) not in (None, t.get(1)) and 1 in t)
    stay = next(c for c, t in seats.items() if t.get(1) is not None and t.get(2) == t.get(1))
    path = planned.location
    planned.close()
    assert main(["checkin", path, code]) == 0
    assert f"table {where[1]} (then {where[2]})." in capsys.readouterr().out
    assert main(["checkin", path, stay, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["later_tables"] == [out["table"]]
    assert main(["checkin", path, stay]) == 0
    assert "then" not in capsys.readouterr().out


def test_checkin_overview_counts_each_person_once(planned):
    """The check-in desk: arrivals and missing people per table add up to the people seated there."""
    with planned.session() as s:
        view = seating.seating(s)
        first = view.tables[0]
        guest = next(p for p in first.people if not p.is_facilitator)
        seating.check_in(s, guest.code)
        absent = next(p for p in first.people if p.id != guest.id and not p.is_facilitator)
        s.get(Person, absent.id).attendance = "absent"
    with planned.session() as s:
        overview = seating.checkin_overview(s)
    row = next(t for t in overview.tables if t.number == first.number)
    assert row.arrived == 1 and row.arrived + row.missing == len(first.people)
    assert guest.code not in {w.code for w in overview.waiting}
    assert absent.code in {w.code for w in overview.waiting}


def test_dont_isolate_keeps_minorities_company(demo_store):
    """With origin and religion marked "don't isolate" (the default) hardly anybody sits
    alone with their group, and the Tables screen says how many do; unmarked, diversity
    alone spreads minorities one per table and the count is not shown."""
    from dialogue_app.models import Dimension

    plan_svc.plan_event(demo_store, seconds=1.0, seed=2)
    with demo_store.session() as s:
        marked = [d.name for d in s.scalars(select(Dimension).where(Dimension.dont_isolate))]
        kept = seating.seating(s, 1)
    assert marked and kept.isolated is not None
    with demo_store.session() as s:
        for d in s.scalars(select(Dimension)):
            d.dont_isolate = False
    plan_svc.plan_event(demo_store, seconds=1.0, seed=2)
    with demo_store.session() as s:
        spread = seating.seating(s, 1)
        for d in s.scalars(select(Dimension).where(Dimension.name.in_(marked))):
            d.dont_isolate = True
        alone_now = seating.seating(s, 1).isolated
    assert spread.isolated is None
    assert kept.isolated <= 3 < alone_now
    assert kept.share_of_bound < spread.share_of_bound  # the price, in diversity


def test_view_compares_the_plan_with_a_random_seating(demo_store):
    """The Tables screen can say how far the plan is above chance and which table is least
    mixed. With "don't isolate" dimensions it says how many people chance would leave
    alone instead (the bound then holds only for plans that leave nobody more alone)."""
    from dialogue_app.models import Dimension

    plan_svc.plan_event(demo_store, seconds=1.0, seed=2)
    with demo_store.session() as s:
        kept = seating.seating(s)
        for d in s.scalars(select(Dimension)):
            d.dont_isolate = False
    plan_svc.plan_event(demo_store, seconds=1.0, seed=2)
    with demo_store.session() as s:
        spread = seating.seating(s)
    # chance leaves many people alone with their group; the plan hardly any
    assert kept.random_isolated is not None and kept.random_isolated > 10 * max(1, kept.isolated)
    assert spread.random_isolated is None
    for view in (kept, spread):
        assert 0.5 < view.random_share < view.share_of_bound <= 1.0
        # the share of the gap closed is (plan - random) / (bound - random), as shares of the bound
        expected = (view.share_of_bound - view.random_share) / (1.0 - view.random_share)
        assert view.gap_closed == pytest.approx(expected, rel=1e-9)
        # the least mixed table has the lowest mix (its score as a share of the most mixed
        # table of its size; it was the lowest score per pair before mixes were shares)
        mixes = {c.number: c.mix for c in view.tables if c.mix is not None}
        assert view.least_mixed_table == min(mixes, key=mixes.get)
        assert view.least_mixed_mix == min(mixes.values())
        assert view.least_mixed_score == pytest.approx(next(c.score for c in view.tables
                                                             if c.number == view.least_mixed_table))
    # without "don't isolate" a plan closes most of the gap between chance and the bound
    assert spread.gap_closed > 0.6


def test_round_two_shows_who_sat_together_before(demo_store):
    """From round 2 on the screen counts the pairs who already sat together in an earlier
    round (the number the planner reports) and names them on their table's card; moving
    someone to a round-1 tablemate adds one; round 1 has no such count."""
    reports = plan_svc.plan_event(demo_store, rounds=2, seconds=0.5, seed=1)
    with demo_store.session() as s:
        assert seating.seating(s, 1).repeated_pairs is None
        state = seating.SeatingState.load(s, 2)
        view = state.view()
        assert view.repeated_pairs == reports[1].repeated_pairs
        # with "don't isolate" on, pairs who meet again are mostly small groups keeping company
        assert view.repeated_same_group == reports[1].repeated_same_group <= view.repeated_pairs
        named = [w for c in view.tables for w in c.warnings if "sat together in an earlier round" in w]
        assert len(named) == len({g for g in state._repeated_pairs()})
        # a guest moved in round 2 to the table of someone they sat with in round 1
        r1 = {p.id: p.table for c in seating.seating(s, 1).tables for p in c.people}
        r2 = {p.id: (p.table, p) for c in view.tables for p in c.people}
        repeating = {i for pairs in state._repeated_pairs().values() for pair in pairs for i in pair}
        movable = [p for (t, p) in r2.values() if not (p.is_facilitator or p.is_host or p.locked)
                   and state.index[p.id] not in repeating]
        for a in movable:
            mate = next((b for (t, b) in r2.values() if b.id != a.id and r1.get(b.id) == r1.get(a.id)
                         and t != r2[a.id][0] and not b.is_facilitator), None)
            if mate is not None:
                break
        target = next(c for c in view.tables if c.number == r2[mate.id][0])
        edit = seating.move_edit(s, [a.id], target.id, 2)
        edit.apply(s)
        state.apply(edit.states)
        after = state.view()
    assert after.repeated_pairs >= view.repeated_pairs + 1
    card = next(c for c in after.tables if c.id == target.id)
    warning = next(w for w in card.warnings if "sat together in an earlier round" in w)
    assert a.name in warning and mate.name in warning


def test_people_not_coming_are_marked_until_the_tables_are_rebalanced(planned):
    """After check-in closes, a card still lists its absent people (marked as such) until
    Rebalance frees their seats, but its seats, scores and rules are those of the people
    who came: the table is reported short, and the card says how many are not coming."""
    with planned.session() as s:
        before = seating.seating(s)
        card = before.tables[0]
        away = [p for p in card.people if not p.is_facilitator and not p.is_host][:2]
        for p in away:
            s.get(Person, p.id).attendance = "absent"
    with planned.session() as s:
        view = seating.seating(s)
        lp = plan_svc.load_problem(s, 1)
    after = next(c for c in view.tables if c.id == card.id)
    assert after.guests == card.guests - 2 and after.no_shows == 2
    assert {p.id for p in after.people} == {p.id for p in card.people}
    assert {p.id for p in after.people if p.attendance == "absent"} == {p.id for p in away}
    assert any("2 people seated here are not coming" in w for w in after.warnings)
    assert not any("not attending has a seat" in w for w in after.warnings)
    here = np.where([p.attending for p in lp.problem.people], lp.current, -1)
    assert view.score == pytest.approx(planning.evaluate(lp.problem, here).score)
    assert after.score < card.score
    with planned.session() as s:
        seating.rebalance_edit(s, seating.propose_rebalance(s)).apply(s)
    with planned.session() as s:
        cleared = next(c for c in seating.seating(s).tables if c.id == card.id)
    assert cleared.no_shows == 0 and not any("not coming" in w for w in cleared.warnings)


def test_seating_list_export(planned, tmp_path):
    """The seating-csv export lists everyone with their table and venue (one column pair
    per round once there are more), by table; a table filter keeps the people who sit
    there in some round."""
    import csv

    from dialogue_app import exports
    from dialogue_app.services.seating.export import seating_table

    with planned.session() as s:
        header, rows = seating_table(s)
    assert header[-2:] == ["Table", "Venue"]
    numbers = [int(r[5]) for r in rows if r[5]]
    assert numbers == sorted(numbers) and len(numbers) > 50
    plan_svc.plan_event(planned, round_no=2, seconds=0.2, seed=1)
    with planned.session() as s:
        header, rows = seating_table(s, (2,))
    assert header[-4:] == ["Table, round 1", "Venue, round 1", "Table, round 2", "Venue, round 2"]
    assert rows and all("2" in (r[5], r[7]) for r in rows)
    assert any(r[5] != "2" for r in rows) and any(r[7] != "2" for r in rows)  # people who arrive or leave
    out = tmp_path / "seating.csv"
    n = exports.run_export(planned, "seating-csv", out, exports.ExportOptions(tables=(2,), lang="nl"))
    with open(out, encoding="utf-8-sig") as fh:
        written = list(csv.reader(fh))
    assert n == len(rows) == len(written) - 1 and written[0][0] == "Deelnemerscode"
