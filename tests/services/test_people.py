"""People service: saving with consent rules, codes, delete and undo-restore."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue_app.codes import ALPHABET, LENGTH
from dialogue_app.errors import UserInputError
from dialogue_app.models import Consent, PersonValue
from dialogue_app.services import edits, events, people


def _dims(store):
    with store.session() as s:
        return {d.key: d for d in events.list_dimensions(s)}


def test_new_person_gets_random_code(new_event):
    """A new person gets a short random code from the unambiguous alphabet."""
    with new_event.session() as s:
        pid = people.new_person().id
        people.save_person(s, people.PersonData(id=pid, first_name="Ana", last_name="Silva"))
        data = people.get_person(s, pid)
    assert len(data.code) == LENGTH and set(data.code) <= set(ALPHABET)
    assert "ANA" not in data.code


def test_sensitive_value_needs_consent(new_event):
    """Storing a religion without consent is refused with a message naming the dimension."""
    dims = _dims(new_event)
    rel = dims["religion"]
    with new_event.session() as s:
        d = events.list_dimensions(s)
        info = next(x for x in d if x.key == "religion")
        # give the dimension a category first
        events.save_dimension(s, info.__class__(**{**info.__dict__, "categories": (events.CategoryInfo(
            id=__import__("uuid").uuid4(), label="Humanist"),)}))
    with new_event.session() as s:
        cat = next(x for x in events.list_dimensions(s) if x.key == "religion").categories[0]
    pid = people.new_person().id
    with pytest.raises(UserInputError, match="consent"), new_event.session() as s:
        people.save_person(s, people.PersonData(id=pid, first_name="Bo", values={rel.id: cat.id}))
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=pid, first_name="Bo", values={rel.id: cat.id},
                                                consents=frozenset({rel.id})))
        assert people.get_person(s, pid).values == {rel.id: cat.id}


def test_withdrawing_consent_deletes_value(new_event):
    """Withdrawing consent deletes the sensitive value at once and keeps the consent record."""
    dims = _dims(new_event)
    origin = dims["origin"]
    pid = people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=pid, first_name="Cem", values={origin.id: None},
                                                consents=frozenset({origin.id})))
    with new_event.session() as s:
        people.withdraw_consent(s, pid, origin.id)
    with new_event.session() as s:
        assert s.scalars(select(PersonValue).where(PersonValue.person_id == pid)).all() == []
        c = s.scalars(select(Consent).where(Consent.person_id == pid)).one()
        assert c.withdrawn_at is not None


def test_prefer_not_to_say_is_valid_everywhere(new_event):
    """"Prefer not to say" (None) is accepted on every non-sensitive dimension."""
    dims = _dims(new_event)
    values = {d.id: None for d in dims.values() if not d.sensitive}
    pid = people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=pid, first_name="Dee", values=values))
        rows = people.list_people(s)
    assert set(rows[0].values.values()) == {"Prefer not to say"}


def test_name_required_and_duplicate_code_refused(new_event):
    """A person without any name, or with someone else's code, is refused."""
    with pytest.raises(UserInputError, match="name"), new_event.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id))
    a = people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=a, first_name="A", code="AAAAAA"))
    with pytest.raises(UserInputError, match="someone else"), new_event.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="B", code="aaa-aaa"))


def test_delete_and_undo_restores_everything(demo_store):
    """Deleting a person and undoing restores values, consents, code and pair rules."""
    with demo_store.session() as s:
        row = next(r for r in people.list_people(s) if r.values.get("origin"))
        before = people.get_person(s, row.id)
    with demo_store.session() as s:
        inverse = edits.DeletePerson(row.id, "delete").apply(s)
    with demo_store.session() as s:
        assert all(r.id != row.id for r in people.list_people(s))
    with demo_store.session() as s:
        redo = inverse.apply(s)
    with demo_store.session() as s:
        assert people.get_person(s, row.id) == before
    assert isinstance(redo, edits.DeletePerson)


def test_edit_and_undo(new_event):
    """SavePerson returns an inverse that restores the previous values."""
    pid = people.new_person().id
    with new_event.session() as s:
        edits.SavePerson(people.PersonData(id=pid, first_name="Eva"), "add").apply(s)
    with new_event.session() as s:
        inv = edits.SavePerson(people.PersonData(id=pid, first_name="Eve", code=people.get_person(s, pid).code),
                               "edit").apply(s)
    with new_event.session() as s:
        assert people.get_person(s, pid).first_name == "Eve"
        inv.apply(s)
    with new_event.session() as s:
        assert people.get_person(s, pid).first_name == "Eva"


def _everything_pointing_at(s, pid) -> dict[str, list]:
    """Every row of every table that refers to the person, by table and column."""
    from dialogue_app.models import Base

    out: dict[str, list] = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person":
                rows = s.execute(select(table).where(fk.parent == pid)).all()
                if rows:
                    out[f"{table.name}.{fk.parent.name}"] = sorted(map(tuple, rows), key=repr)
    return out


def test_undo_delete_restores_every_link(demo_store):
    """Deleting someone and undoing brings back not only the person but everything that
    pointed at them: their survey answers' link, commitments, seat, consents, guests."""
    from dialogue_app.models import Consent
    from dialogue_app.models.facilitation import Commitment
    from dialogue_app.models.survey import SurveyResponse

    with demo_store.session() as s:
        linked = set(s.scalars(select(SurveyResponse.person_id).where(SurveyResponse.person_id.is_not(None))))
        committed = set(s.scalars(select(Commitment.person_id).where(Commitment.person_id.is_not(None))))
        consented = set(s.scalars(select(Consent.person_id)))
        pid = sorted(linked & committed & consented)[0]  # the demo's ids are random: pick one with all three
        before = _everything_pointing_at(s, pid)
    assert {"survey_response.person_id", "commitment.person_id", "consent.person_id"} <= set(before)
    with demo_store.session() as s:
        undo = edits.DeletePerson(pid, "delete").apply(s)
    with demo_store.session() as s:
        assert _everything_pointing_at(s, pid) == {}
        assert s.scalar(select(SurveyResponse).where(SurveyResponse.person_id == pid)) is None
    with demo_store.session() as s:
        redo = undo.apply(s)
    with demo_store.session() as s:
        assert _everything_pointing_at(s, pid) == before
    with demo_store.session() as s:  # and it can be deleted again
        redo.apply(s)
    with demo_store.session() as s:
        assert _everything_pointing_at(s, pid) == {}


def test_undo_delete_of_a_host_gives_the_guests_back(demo_store):
    """Guests invited by a deleted host lose the link; undo gives it back."""
    from dialogue_app.models import Person

    with demo_store.session() as s:
        host = s.scalars(select(Person.invited_by_id).where(Person.invited_by_id.is_not(None))).first()
        assert host is not None, "the demo invites guests"
        before = _everything_pointing_at(s, host)
    assert "person.invited_by_id" in before
    with demo_store.session() as s:
        undo = edits.DeletePerson(host, "delete").apply(s)
    with demo_store.session() as s:
        assert s.scalar(select(Person).where(Person.invited_by_id == host)) is None
        undo.apply(s)
    with demo_store.session() as s:
        assert _everything_pointing_at(s, host) == before


def test_undo_delete_after_its_table_was_removed_says_why(demo_store):
    """When the seat's table is gone by the time of the undo, the undo is refused with a
    clear message and changes nothing."""
    from dialogue_app.models import Assignment, DialogueTable, Person

    with demo_store.session() as s:
        seat = s.scalars(select(Assignment)).first()
        pid, table_id = seat.person_id, seat.table_id
        undo = edits.DeletePerson(pid, "delete").apply(s)
    with demo_store.session() as s:
        s.delete(s.get(DialogueTable, table_id))
    with demo_store.session() as s, pytest.raises(UserInputError, match="no longer be undone"):
        undo.apply(s)
    with demo_store.session() as s:
        assert s.get(Person, pid) is None
