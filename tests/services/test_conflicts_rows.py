"""Two organisers on one event editing a venue, a phase of the script or a pair rule (two stores on
the same file, or two connections to the same server event): the later save, based on what was read
before the other's change, is refused with both values and nothing is overwritten; an Undo after the
other's change is refused; without a conflict, saving and undoing work as before."""

from __future__ import annotations

import dataclasses

import pytest

from dialogue_app.services import facilitation as fac
from dialogue_app.services import people, seating
from dialogue_app.services.seating import table_edits as te
from dialogue_app.services.versions import StaleEdit
from tests.backends import apply_edit as _apply


def _read(store, fn):
    with store.read_session() as s:
        return fn(s)


def _venue(store, venue_id):
    return next(v for v in _read(store, te.list_venues) if v.id == venue_id)


def _as_data(v: te.VenueInfo) -> te.VenueData:
    """What the venue form saves: the values it shows and the version it read."""
    return te.VenueData(v.id, v.name, v.address, v.accessible, row_version=v.row_version)


def _pairs(refused) -> set[tuple[str, str]]:
    return {(f.theirs, f.mine) for f in refused.value.conflict.fields}


def test_venue_save_and_undo_are_refused_when_someone_changed_it(new_event, other):
    """Anne and Bo open the same venue; Anne changes its address first. Bo's save is refused, he is
    shown her address and his, and hers stays; Anne's Undo after Bo saved "keep mine" is refused.
    Without another change in between, save and undo work."""
    vid = people.new_person().id
    _apply(new_event, te.SaveVenue(te.VenueData(vid, "Town hall", "Market 1"), "Add"))
    anne_saw, bo_saw = _venue(new_event, vid), _venue(other, vid)
    assert anne_saw.row_version > 0
    undo = _apply(new_event, te.SaveVenue(dataclasses.replace(_as_data(anne_saw), address="Market 2"), "Edit"))
    mine = te.SaveVenue(dataclasses.replace(_as_data(bo_saw), address="Church lane 3"), "Edit")
    with pytest.raises(StaleEdit) as refused:
        _apply(other, mine)
    assert ("Market 2", "Church lane 3") in _pairs(refused) and "Town hall" in refused.value.message
    assert any(f.name == "Address" for f in refused.value.conflict.fields)
    assert _venue(other, vid).address == "Market 2"
    _apply(other, mine.rebase(refused.value.conflict.version_now))  # "keep mine", on purpose
    with pytest.raises(StaleEdit) as refused:
        _apply(new_event, undo)
    assert refused.value.conflict.undo and _venue(new_event, vid).address == "Church lane 3"

    undo = _apply(new_event, te.SaveVenue(dataclasses.replace(_as_data(_venue(new_event, vid)), name="Hall"), "Edit"))
    _apply(new_event, undo)  # nobody changed it in between: undone
    assert _venue(other, vid).name == "Town hall"


def test_phase_save_and_undo_are_refused_when_someone_changed_it(new_event, other):
    """Anne and Bo edit the same phase of the script: Bo's later save is refused with Anne's title
    and his; Anne's Undo after Bo's change is refused; without a conflict, save and undo work."""
    with new_event.session() as s:
        fac.ensure_script(s)
    anne_saw, bo_saw = _read(new_event, fac.list_phases)[0], _read(other, fac.list_phases)[0]
    assert anne_saw.row_version > 0
    undo = _apply(new_event, fac.SavePhase(dataclasses.replace(anne_saw, title="Welcome all", minutes=12), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(other, fac.SavePhase(dataclasses.replace(bo_saw, title="Hello"), "Edit"))
    assert ("Welcome all", "Hello") in _pairs(refused) and "Welcome all" in refused.value.message
    assert ("12 minutes", f"{bo_saw.minutes} minutes") in _pairs(refused)
    assert _read(other, fac.list_phases)[0].title == "Welcome all"
    bo_now = _read(other, fac.list_phases)[0]
    _apply(other, fac.SavePhase(dataclasses.replace(bo_now, say="Speak slowly"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(new_event, undo)  # would put back the old title over Bo's later change
    assert refused.value.conflict.undo and _read(new_event, fac.list_phases)[0].say == "Speak slowly"

    now = _read(new_event, fac.list_phases)[1]
    undo = _apply(new_event, fac.SavePhase(dataclasses.replace(now, title="Round two"), "Edit"))
    _apply(new_event, undo)
    assert _read(other, fac.list_phases)[1].title == now.title


def test_pair_rule_save_and_undo_are_refused_when_someone_changed_it(new_event, other):
    """Anne and Bo change the same pair rule: Bo's later save is refused with Anne's note and his;
    Anne's Undo of adding the rule after Bo changed it is refused (it would delete his change);
    without a conflict, save and undo work."""
    a, b = people.new_person().id, people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=a, first_name="Ana"))
        people.save_person(s, people.PersonData(id=b, first_name="Bo"))
    rule = seating.PairRuleInfo(people.new_person().id, a, b, "", "", "apart", True, 5.0, "siblings")
    undo_add = _apply(new_event, seating.SavePairRule(rule, "Add"))
    [anne_saw], [bo_saw] = _read(new_event, seating.list_pair_rules), _read(other, seating.list_pair_rules)
    _apply(new_event, seating.SavePairRule(dataclasses.replace(anne_saw, note="twins", kind="together"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(other, seating.SavePairRule(dataclasses.replace(bo_saw, note="cousins"), "Edit"))
    assert {("twins", "cousins"), ("must sit together", "must sit apart")} <= _pairs(refused)
    assert "Ana" in refused.value.message and "Bo" in refused.value.message
    [now] = _read(other, seating.list_pair_rules)
    assert (now.note, now.kind) == ("twins", "together")
    undo = _apply(other, seating.SavePairRule(dataclasses.replace(now, note="cousins"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(new_event, undo_add)  # Anne's undo of the add after Bo's change
    assert refused.value.conflict.undo and [r.note for r in _read(new_event, seating.list_pair_rules)] == ["cousins"]

    _apply(other, undo)  # nobody changed it since Bo's save: undone
    assert [r.note for r in _read(new_event, seating.list_pair_rules)] == ["twins"]
