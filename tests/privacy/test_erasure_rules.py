"""Class 12 for ``privacy/erasure.py``: what forget and purge leave behind, case by case.

Each test builds a small real event (``new_event``), forgets someone with the real erasure
code and asserts what an organiser or the forgotten person would notice: a name still in
someone else's notes, a self-generated survey code that still points at the person, a
record of the 501st person left when everyone is purged, or wrong numbers in
"Forgot K7QM3X: N rows deleted, N anonymised, N mentions redacted."
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text, Uuid, func, insert, select

from dialogue_app.models import Base, DialogueTable, Event, Person, PersonRole
from dialogue_app.models.facilitation import Commitment, TableSession
from dialogue_app.models.offline import PackageBaseline
from dialogue_app.models.survey import SurveyAnswer, SurveyItem, SurveyResponse
from dialogue_app.services.privacy import erasure
from dialogue_app.services.privacy import policy as pol

SGC = ("sgc_mother_letter", "sgc_birth_month", "sgc_older_siblings", "sgc_birthplace_letter", "sgc_birth_day")


def _person(s, event_id, code: str, first: str, last: str, **kw) -> Person:
    p = Person(id=uuid.uuid4(), event_id=event_id, code=code, first_name=first, last_name=last, **kw)
    s.add(p)
    s.flush()
    return p


def _response(s, event_id, person_id, item_id, answer: str, *sgc: str) -> SurveyResponse:
    r = SurveyResponse(id=uuid.uuid4(), event_id=event_id, wave="after", person_id=person_id, table_number=3,
                       **dict(zip(SGC, sgc, strict=True)))
    s.add(r)
    s.flush()
    s.add(SurveyAnswer(id=uuid.uuid4(), response_id=r.id, item_id=item_id, value=answer))
    return r


@pytest.fixture
def eva(new_event):
    """Eva Li (a two-letter last name) with a survey form, a commitment, a hosted table, a mention in
    another person's notes, in the event's notes, in a facilitator's notes and in a package snapshot."""
    with new_event.session() as s:
        e = s.scalars(select(Event)).one()
        eva = _person(s, e.id, "K7QM3X", "Eva", "Li", email="eva.li@example.org", phone="0470 12 34 56",
                      notes="Vegetarian")
        ann = _person(s, e.id, "A2B3C4", "Ann", "Other", invited_by_id=eva.id, notes=(
            "Sat next to eva, then EVA  LI left; Li Eva came back; Evangeline stays; li stays; "
            "mail eva.li@example.org or call 0470 12 34 56; vegetarian lunch"))
        s.add_all([PersonRole(id=uuid.uuid4(), person_id=eva.id, role="participant"),
                   PersonRole(id=uuid.uuid4(), person_id=eva.id, role="facilitator"),
                   PersonRole(id=uuid.uuid4(), person_id=ann.id, role="participant")])
        table = DialogueTable(id=uuid.uuid4(), event_id=e.id, number=3, host_id=eva.id)
        s.add(table)
        s.flush()
        s.add(TableSession(id=uuid.uuid4(), table_id=table.id, round=1, notes="Eva Li spoke first; Eva (0470 12 34 56) sends the notes"))
        item = SurveyItem(id=uuid.uuid4(), event_id=e.id, key="remarks", kind="text", label="Remarks")
        s.add(item)
        s.flush()
        _response(s, e.id, eva.id, item.id, "I liked it", "M", "07", "2", "G", "15")
        _response(s, e.id, ann.id, item.id, "Eva Li was great", "R", "11", "0", "B", "03")
        s.add_all([
            Commitment(id=uuid.uuid4(), event_id=e.id, person_id=eva.id, partner_id=ann.id, text="Eva will call Ann"),
            Commitment(id=uuid.uuid4(), event_id=e.id, person_id=ann.id, partner_id=eva.id, text="Ann and Eva Li meet"),
            Commitment(id=uuid.uuid4(), event_id=e.id, person_id=eva.id, kind="organisation", text=""),
        ])
        s.add(PackageBaseline(id=uuid.uuid4(), table_name="person", row_id=ann.id,
                              values=json.dumps({"notes": "Came with Eva Li", "first_name": "Ann"})))
        e.notes = "Ask EVA about the keys"
        ids = (eva.id, ann.id)
    return new_event, ids


def test_forgotten_persons_survey_form_keeps_no_self_generated_code(eva):
    """Her filled-in form stays as an anonymous record (counts keep adding up) but no longer points
    at her and every element of her self-generated code (mother's letter, birth month, siblings,
    birthplace letter, birth day) is blank; another respondent's form and code are untouched."""
    store, (eva_id, ann_id) = eva
    with store.session() as s:
        counts = erasure.erase(s, [eva_id])
        responses = {r.person_id: r for r in s.scalars(select(SurveyResponse))}
        assert set(responses) == {None, ann_id}
        mine = responses[None]
        assert [getattr(mine, c) for c in SGC] == ["", "", "", "", ""]
        assert mine.table_number == 3 and mine.wave == "after"
        assert [getattr(responses[ann_id], c) for c in SGC] == ["R", "11", "0", "B", "03"]
        assert counts.anonymised["survey_response"] == 1


def test_names_leave_other_peoples_notes_whole_words_any_case(eva):
    """Her first name (three letters), "first last", "last first", e-mail and phone are redacted from
    another person's notes whatever the case or spacing, also two mentions in a row; a longer word
    that merely starts with her name stays, so does a lone two-letter word (her last name alone would
    match too much) and so does a word of her own notes ("vegetarian"): notes are not a name."""
    store, (eva_id, ann_id) = eva
    with store.session() as s:
        counts = erasure.erase(s, [eva_id])
        ann = s.get(Person, ann_id)
        assert ann.notes == ("Sat next to […], then […] left; […] came back; Evangeline stays; li stays; "
                             "mail […] or call […]; vegetarian lunch")
        assert ann.invited_by_id is None
        assert s.scalars(select(Event)).one().notes == "Ask […] about the keys"
        assert s.scalars(select(TableSession)).one().notes == "[…] spoke first; […] ([…]) sends the notes"
        answers = sorted(s.scalars(select(SurveyAnswer.value)))
        assert answers == ["I liked it", "[…] was great"]
        baseline = json.loads(s.scalars(select(PackageBaseline.values)).one())
        assert baseline == {"notes": "Came with […]", "first_name": "Ann"}
        assert counts.redacted == 13  # 5 in Ann's notes, 2 commitments, 6 elsewhere


def test_commitments_stay_anonymous_and_keep_the_other_person(eva):
    """Her commitment stays (anonymous, her name redacted from the text) and still names Ann as the
    partner; Ann's commitment with her keeps Ann and loses only Eva."""
    store, (eva_id, ann_id) = eva
    with store.session() as s:
        erasure.erase(s, [eva_id])
        rows = {c.text: (c.person_id, c.partner_id) for c in s.scalars(select(Commitment))}
    assert rows == {"[…] will call Ann": (None, ann_id), "Ann and […] meet": (ann_id, None), "": (None, None)}


def test_forget_reports_what_it_did(eva):
    """The numbers the organiser is shown: her person row and her two roles deleted, three commitments
    and one survey form anonymised, the hosted table and Ann's "invited by" unlinked."""
    store, (eva_id, ann_id) = eva
    with store.session() as s:
        counts = erasure.erase(s, [eva_id, eva_id])  # the same person twice is one person
        assert counts.people == 1
        assert counts.deleted["person"] == 1 and counts.deleted["person_role"] == 2
        assert sum(counts.deleted.values()) == 3  # what "N rows deleted" adds up
        assert counts.anonymised["commitment"] == 3 and counts.anonymised["survey_response"] == 1
        assert counts.unlinked["dialogue_table"] == 1 and counts.unlinked["person"] == 1
        assert s.scalar(select(func.count()).select_from(PersonRole)) == 1
        assert s.scalars(select(DialogueTable.host_id)).one() is None
        assert s.get(Person, ann_id) is not None and s.get(Person, eva_id) is None


def test_forgetting_nobody_changes_nothing(eva):
    """An empty selection forgets no one and redacts nothing."""
    store, (_eva_id, ann_id) = eva
    with store.session() as s:
        counts = erasure.erase(s, [])
        assert counts.people == 0 and counts.redacted == 0 and counts.deleted == {}
        assert "eva" in s.get(Person, ann_id).notes
        gone = erasure.erase(s, [uuid.uuid4()])  # a person forgotten before: nothing more to delete
        assert sum(gone.deleted.values()) == 0 and gone.redacted == 0


def test_subject_access_lists_only_the_notes_that_name_her(eva):
    """Her subject-access export quotes the texts that mention her (the event's notes, the facilitator's
    notes) and none of the texts that do not."""
    from dialogue_app.services.privacy import access

    store, (eva_id, _ann_id) = eva
    with store.session() as s:
        s.add(TableSession(id=uuid.uuid4(), table_id=s.scalars(select(DialogueTable.id)).one(), round=2,
                           notes="Quiet round, nobody named"))
        texts = [m["text"] for m in access.collect(s, eva_id)["mentions"]]
    assert "Quiet round, nobody named" not in texts
    assert "Ask EVA about the keys" in texts and any(t.startswith("Eva Li spoke first") for t in texts)


def test_accented_name_leaves_package_snapshots(new_event):
    """A package snapshot stores names as JSON with accents escaped (``Zo\\u00eb``): forgetting Zoë
    Ørsted removes her name from it too, first name alone or in full."""
    with new_event.session() as s:
        e = s.scalars(select(Event)).one()
        zoe = _person(s, e.id, "Z0E000", "Zoë", "Ørsted")
        ann = _person(s, e.id, "A2B3C4", "Ann", "Other")
        s.add(PackageBaseline(id=uuid.uuid4(), table_name="person", row_id=ann.id,
                              values=json.dumps({"notes": "Came with Zoë Ørsted, Zoë drove"})))
        ids = (zoe.id, ann.id)
    with new_event.session() as s:
        counts = erasure.erase(s, [ids[0]])
        stored = s.scalars(select(PackageBaseline.values)).one()
    assert "u00eb" not in stored and "rsted" not in stored
    assert json.loads(stored) == {"notes": "Came with […], […] drove"} and counts.redacted == 2


def test_forget_within_an_edit_keeps_the_edit_and_shows_the_result(eva):
    """Forgetting inside a unit of work that already changed someone (the organiser fixed Ann's phone)
    keeps that change, and Ann as already loaded shows her notes without Eva's name at once."""
    store, (eva_id, ann_id) = eva
    with store.session() as s:
        ann = s.get(Person, ann_id)
        assert "EVA  LI" in ann.notes
        ann.phone = "0470 99 99 99"
        erasure.erase(s, [eva_id])
        assert "EVA" not in ann.notes and ann.notes.startswith("Sat next to […]")
    with store.session() as s:
        ann = s.get(Person, ann_id)
        assert ann.phone == "0470 99 99 99" and ann.notes.startswith("Sat next to […]")


N_MANY = 1201  # more than two chunks of 500


def test_purge_of_more_than_500_people_leaves_nobody(new_event):
    """Purging an event of 1201 people (erasure works in chunks of 500) removes every one of them and
    their roles, anonymises every survey form, unhosts the table hosted by the last one and redacts the
    names of the first and the last from the event's notes."""
    store = new_event
    with store.session() as s:
        e = s.scalars(select(Event)).one()
        item = SurveyItem(id=uuid.uuid4(), event_id=e.id, key="remarks", kind="text", label="Remarks")
        s.add(item)
        people = [Person(id=uuid.uuid4(), event_id=e.id, code=f"C{i:05d}", first_name=f"Firstname{i:04d}",
                         last_name=f"Lastname{i:04d}") for i in range(N_MANY)]
        s.add_all(people)
        s.flush()
        s.add_all(PersonRole(id=uuid.uuid4(), person_id=p.id, role="participant") for p in people)
        s.add_all(SurveyResponse(id=uuid.uuid4(), event_id=e.id, wave="after", person_id=p.id,
                                 sgc_mother_letter="M") for p in people)
        s.add(DialogueTable(id=uuid.uuid4(), event_id=e.id, number=1, host_id=people[-1].id))
        e.notes = f"Ask Firstname0000 and Lastname{N_MANY - 1:04d} Firstname{N_MANY - 1:04d} about the keys"
        ids = [p.id for p in people]
    with store.session() as s:
        counts = erasure.erase(s, ids)
        assert counts.people == N_MANY
        assert counts.deleted["person"] == N_MANY and counts.deleted["person_role"] == N_MANY
        assert counts.anonymised["survey_response"] == N_MANY and counts.unlinked["dialogue_table"] == 1
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(PersonRole)) == 0
        assert set(s.scalars(select(SurveyResponse.person_id))) == {None}
        assert set(s.scalars(select(SurveyResponse.sgc_mother_letter))) == {""}
        assert s.scalars(select(DialogueTable.host_id)).one() is None
        assert s.scalars(select(Event)).one().notes == "Ask […] and […] about the keys"
        assert counts.redacted == 2


def test_a_new_kept_record_type_loses_every_personal_value(eva):
    """A table added later and registered as "keep anonymously" (here a diary with a birth year,
    initials and a nickname) keeps her entry with her name redacted, and every other personal value
    is blanked the way its column allows: no value at all, an empty text, or the column's default."""
    store, (eva_id, _ann_id) = eva
    md = MetaData()
    for t in Base.metadata.sorted_tables:
        t.to_metadata(md)
    diary = Table(
        "diary", md,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column("person_id", Uuid, ForeignKey("person.id"), nullable=True),
        Column("entry", Text, nullable=False, default="", info={"personal": True}),
        Column("birth_year", Integer, nullable=False, default=1900, info={"personal": True}),
        Column("initials", String(4), nullable=False, info={"personal": True}),
        Column("nickname", String(40), nullable=True, info={"personal": True}),
    )
    diary.create(store.engine)
    regs = {**pol.POLICIES, "diary": pol.TablePolicy(pol.KEEP, free_text=("entry",), keep=("entry",))}
    with store.session() as s:
        s.execute(insert(diary).values(id=uuid.uuid4(), person_id=eva_id, entry="Eva felt heard", birth_year=1987,
                                       initials="EL", nickname="Evi"))
        counts = erasure.erase(s, [eva_id], md, regs)
        row = s.execute(select(diary)).mappings().one()
    assert dict(row, id=None) == {"id": None, "person_id": None, "entry": "[…] felt heard", "birth_year": 1900,
                                  "initials": "", "nickname": None}
    assert counts.anonymised["diary"] == 1
