"""Two organisers on one event (two stores on the same file, or two connections to the same server
event): a save based on what someone saw before another's change is refused with both values, never
written over it; an undo of a row someone changed since is refused with the reason."""

from __future__ import annotations

import dataclasses

import pytest

from dialogue_app.services import edits, people
from dialogue_app.services.versions import StaleEdit
from tests.backends import apply_edit as _apply


def _read(store, pid):
    with store.read_session() as s:
        return people.get_person(s, pid)


@pytest.fixture
def ana(new_event):
    data = people.PersonData(id=people.new_person().id, first_name="Ana", last_name="Silva", phone="0101")
    _apply(new_event, edits.SavePerson(data, "Add Ana"))
    return data.id


def test_second_save_is_refused_with_both_values(new_event, other, ana):
    """Anne and Bo both open Ana; Anne saves a new phone first. Bo's save is refused, he is shown
    Anne's phone and his own, Anne's change stays; "keep mine" then saves his on purpose."""
    seen_by_anne, seen_by_bo = _read(new_event, ana), _read(other, ana)
    _apply(new_event, edits.SavePerson(dataclasses.replace(seen_by_anne, phone="0202"), "Edit Ana"))
    mine = dataclasses.replace(seen_by_bo, phone="0303", needs="Hearing loop")
    with pytest.raises(StaleEdit) as refused:
        _apply(other, edits.SavePerson(mine, "Edit Ana"))
    conflict = refused.value.conflict
    assert conflict.row_id == ana and conflict.row_label == "Ana Silva" and not conflict.undo
    assert {(f.name, f.theirs, f.mine) for f in conflict.fields} >= {("Phone", "0202", "0303")}
    assert "Ana Silva" in refused.value.message and any("0202" in d and "0303" in d for d in refused.value.details)
    assert _read(new_event, ana).phone == "0202"  # nothing overwritten
    _apply(other, edits.SavePerson(dataclasses.replace(mine, row_version=conflict.version_now), "Edit Ana"))
    assert (_read(new_event, ana).phone, _read(new_event, ana).needs) == ("0303", "Hearing loop")


def test_undo_refuses_when_someone_changed_the_person_since(new_event, other, ana):
    """Anne changes Ana's phone, Bo then changes her e-mail: Anne's Undo is refused and says that
    someone else changed Ana after her edit; Bo's e-mail and Anne's phone stay. Without Bo's
    change the same undo works."""
    undo = _apply(new_event, edits.SavePerson(dataclasses.replace(_read(new_event, ana), phone="0202"), "Edit"))
    _apply(other, edits.SavePerson(dataclasses.replace(_read(other, ana), email="ana@x.org"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(new_event, undo)
    assert refused.value.conflict.undo and "after your edit" in refused.value.message
    assert any(f.theirs == "0202" and f.mine == "0101" for f in refused.value.conflict.fields)
    now = _read(new_event, ana)
    assert (now.phone, now.email) == ("0202", "ana@x.org")
    undo = _apply(new_event, edits.SavePerson(dataclasses.replace(now, phone="0404"), "Edit"))
    redo = _apply(new_event, undo)  # nobody changed Ana in between: undone
    assert _read(new_event, ana).phone == "0202"
    _apply(new_event, redo)
    assert _read(other, ana).phone == "0404"


def test_my_own_edits_undo_and_redo_in_any_depth(new_event, ana):
    """One organiser alone: two edits of Ana, Undo twice, Redo twice: every step works (versions
    only go forward, but they were all hers)."""
    first = _apply(new_event, edits.SavePerson(dataclasses.replace(_read(new_event, ana), phone="0202"), "Edit"))
    second = _apply(new_event, edits.SavePerson(dataclasses.replace(_read(new_event, ana), needs="Quiet"), "Edit"))
    redo_second = _apply(new_event, second)
    redo_first = _apply(new_event, first)
    assert (_read(new_event, ana).phone, _read(new_event, ana).needs) == ("0101", "")
    _apply(new_event, redo_first)
    _apply(new_event, redo_second)
    assert (_read(new_event, ana).phone, _read(new_event, ana).needs) == ("0202", "Quiet")


def test_undo_of_an_add_refuses_after_another_users_change(new_event, other):
    """Anne adds Cor, Bo fills in Cor's phone: Anne's Undo ("Add Cor") would delete Bo's work and is
    refused; Cor is still there."""
    data = people.PersonData(id=people.new_person().id, first_name="Cor")
    undo = _apply(new_event, edits.SavePerson(data, "Add Cor"))
    _apply(other, edits.SavePerson(dataclasses.replace(_read(other, data.id), phone="0505"), "Edit"))
    with pytest.raises(StaleEdit):
        _apply(new_event, undo)
    assert _read(new_event, data.id).phone == "0505"


def test_a_write_that_collides_is_run_again(new_event, other, ana, backend):
    """Bo's change lands between Anne's read and her write (on a server, where both run at once):
    her unit of work is run again on the fresh row instead of failing or overwriting Bo's change."""
    if backend == "sqlite":
        pytest.skip("a file has one writer at a time (its OS lock); the collision needs a server")
    from dialogue_app.models import Person
    from dialogue_app.storage.retry import run_unit

    runs: list[int] = []

    def anne(s):
        p = s.get(Person, ana)
        if not runs:  # the first time, Bo saves between her read and her write
            _apply(other, edits.SavePerson(dataclasses.replace(_read(other, ana), email="bo@x.org"), "Edit"))
        runs.append(p.row_version)
        p.needs = "Quiet table"

    run_unit(new_event, anne, sleep=lambda _s: None)
    assert len(runs) == 2 and runs[1] > runs[0]
    now = _read(new_event, ana)
    assert (now.email, now.needs) == ("bo@x.org", "Quiet table")


def test_a_collision_outside_a_retried_unit_is_told_in_words(new_event, other, ana, backend):
    """A script's unit of work (no retry) whose row Bo changed between its read and its write gets
    "Someone else changed the same data at the same moment" (the CI's load test once got a bare
    StaleDataError traceback here); nothing of it is written, Bo's change stays."""
    if backend == "sqlite":
        pytest.skip("a file has one writer at a time (its OS lock); the collision needs a server")
    from dialogue_app.errors import ConflictError
    from dialogue_app.models import Person

    with pytest.raises(ConflictError, match="at the same moment"), new_event.session() as s:
        p = s.get(Person, ana)
        _apply(other, edits.SavePerson(dataclasses.replace(_read(other, ana), email="bo@x.org"), "Edit"))
        p.needs = "Quiet table"
        s.flush()
    now = _read(new_event, ana)
    assert (now.email, now.needs) == ("bo@x.org", "")


def test_table_and_commitment_edits_are_refused_when_stale_and_their_undo_too(new_event, other):
    """Anne and Bo edit the same table and the same commitment: the later save is refused with
    both values; Anne's Undo after Bo's change is refused; without a conflict undo still works."""
    from dialogue_app.services import commitments as cm
    from dialogue_app.services.seating import table_edits as te

    [table_id] = _apply(new_event, te.AddTables(1, te.TableFields(), "Add")).table_ids
    with other.read_session() as s:
        bo_saw = te.table_fields(s, table_id)
    with new_event.read_session() as s:
        anne_saw = te.table_fields(s, table_id)
    undo = _apply(new_event, te.EditTable(table_id, dataclasses.replace(anne_saw, name="Garden"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(other, te.EditTable(table_id, dataclasses.replace(bo_saw, name="Hall"), "Edit"))
    assert {(f.theirs, f.mine) for f in refused.value.conflict.fields} == {("Garden", "Hall")}
    _apply(other, te.EditTable(table_id, dataclasses.replace(bo_saw, name="Hall"), "Edit").rebase(
        refused.value.conflict.version_now))
    with pytest.raises(StaleEdit):
        _apply(new_event, undo)  # would put back the old name over Bo's "Hall"

    cid = people.new_person().id
    add = _apply(new_event, cm.SaveCommitment(cm.CommitmentData(id=cid, text="Visit the mosque"), "Add"))
    [anne_c] = [c for c in _list(new_event, cm) if c.id == cid]
    [bo_c] = [c for c in _list(other, cm) if c.id == cid]
    undo_c = _apply(new_event, cm.SaveCommitment(dataclasses.replace(anne_c, text="Visit the church"), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(other, cm.SaveCommitment(dataclasses.replace(bo_c, followup_note="Done in May"), "Edit"))
    assert ("Visit the church", "Visit the mosque") in {(f.theirs, f.mine) for f in refused.value.conflict.fields}
    redo_c = _apply(new_event, undo_c)  # nobody changed it since Anne's edit: undone
    assert [c.text for c in _list(other, cm) if c.id == cid] == ["Visit the mosque"]
    [bo_c] = [c for c in _list(other, cm) if c.id == cid]
    _apply(other, cm.SaveCommitment(dataclasses.replace(bo_c, followup_note="Done in May"), "Edit"))
    for stale in (redo_c, add):  # Anne's redo and her undo of the add would both lose Bo's note
        with pytest.raises(StaleEdit):
            _apply(new_event, stale)


def _list(store, cm):
    with store.read_session() as s:
        return cm.list_commitments(s)
