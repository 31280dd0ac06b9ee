"""Edits say what they change: the generic row edits (save, delete, restore) and the areas."""

from __future__ import annotations

import pytest

from dialogue_app.services import edits, people
from dialogue_app.services.edits import Area


def test_a_generic_row_edit_saves_deletes_and_restores_a_person(demo_store):
    """SaveRow/DeleteRow/RestoreRow with the people's RowKind behave as SavePerson and DeletePerson:
    each apply returns its inverse, and everything comes back."""
    pid = people.new_person().id
    with demo_store.session() as s:
        undo_add = edits.SaveRow(edits.PERSON_ROWS, people.PersonData(id=pid, first_name="Eva"), "add").apply(s)
    assert isinstance(undo_add, edits.DeleteRow) and undo_add.row_id == pid
    with demo_store.session() as s:
        row = next(r for r in people.list_people(s) if r.values.get("origin"))
        before = people.get_person(s, row.id)
    with demo_store.session() as s:
        restore = edits.DeleteRow(edits.PERSON_ROWS, row.id, "delete").apply(s)
    with demo_store.session() as s:
        assert all(r.id != row.id for r in people.list_people(s))
        again = restore.apply(s)
    with demo_store.session() as s:
        assert people.get_person(s, row.id) == before
        undo_add.apply(s)
    with demo_store.session() as s:
        assert all(r.id != pid for r in people.list_people(s))
    assert isinstance(again, edits.DeleteRow) and again.row_id == row.id


def test_edits_say_which_areas_they_change():
    """An edit's areas: declared by its class or its row kind; a composite changes what its parts do;
    an area equals its name, so the window's string sets keep working."""
    pid = people.new_person().id
    assert edits.edit_areas(edits.DeletePerson(pid, "x")) == {Area.PEOPLE}
    assert edits.edit_areas(edits.SaveRow(edits.PERSON_ROWS, people.PersonData(id=pid), "x")) == {"people"}
    both = edits.Composite((edits.DeletePerson(pid, "x"), edits.SaveSettings(None, "y")), "z")  # type: ignore[arg-type]
    assert edits.edit_areas(both) == {Area.PEOPLE, Area.EVENT}

    class Unsaid:
        label = "x"

    assert edits.edit_areas(Unsaid()) == frozenset()  # type: ignore[arg-type]


def test_commitments_phases_venues_and_pair_rules_are_row_edits_that_say_their_area():
    """Saving or deleting a commitment, a script phase, a venue or a pair rule is a generic row edit
    and says which part of the window it changes (so that panel, and only it, redraws)."""
    import uuid

    from dialogue_app.services import commitments as cm
    from dialogue_app.services import facilitation as fac
    from dialogue_app.services import seating
    from dialogue_app.services.seating import table_edits as te

    rid = uuid.uuid4()
    cases = {
        Area.COMMITMENTS: (cm.SaveCommitment(cm.new_commitment("x"), "s"), cm.DeleteCommitment(rid, "d")),
        Area.FACILITATION: (fac.SavePhase(fac.new_phase(0), "s"), fac.DeletePhase(rid, "d")),
        Area.TABLES: (te.SaveVenue(te.VenueData(rid, "Hall"), "s"), te.RemoveVenue(rid, "d"),
                      seating.SavePairRule(seating.PairRuleInfo(rid, rid, rid, "", "", "apart", True, 1, ""), "s"),
                      seating.DeletePairRule(rid, "d")),
    }
    for area, made in cases.items():
        for edit in made:
            assert isinstance(edit, (edits.SaveRow, edits.DeleteRow)) and edits.edit_areas(edit) == {area}


def test_a_pair_rule_and_its_deletion_undo_with_the_same_label(new_event):
    """Keep-apart rule: adding it can be undone, deleting it can be undone, and every step keeps
    the Undo menu's text."""
    from dialogue_app.errors import UserInputError
    from dialogue_app.services import seating

    a, b = people.new_person().id, people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=a, first_name="Ana"))
        people.save_person(s, people.PersonData(id=b, first_name="Bo"))
    rule = seating.PairRuleInfo(people.new_person().id, a, b, "", "", "apart", True, 5.0, "siblings")
    with new_event.session() as s:
        undo_add = seating.SavePairRule(rule, "Add a pair rule").apply(s)
        assert [(r.kind, r.note) for r in seating.list_pair_rules(s)] == [("apart", "siblings")]
        restore = seating.DeletePairRule(rule.id, "Delete a pair rule").apply(s)
        assert seating.list_pair_rules(s) == []
        again = restore.apply(s)
        assert [r.id for r in seating.list_pair_rules(s)] == [rule.id]
        undo_add.apply(s)
        assert seating.list_pair_rules(s) == []
        with pytest.raises(UserInputError):
            seating.SavePairRule(seating.PairRuleInfo(rule.id, a, a, "", "", "apart", True, 5.0, ""), "x").apply(s)
    assert (undo_add.label, restore.label, again.label) == ("Add a pair rule", "Delete a pair rule",
                                                            "Delete a pair rule")
