"""Two organisers on one event in the app: saving a person someone else changed since the dialog
opened asks "keep mine / take theirs / cancel" with both values; Undo of a person someone changed
since is refused with the reason, and the rest of the undo stack still works."""

from __future__ import annotations

import dataclasses

import pytest

from dialogue_app.services import edits
from dialogue_app.services import people as people_service
from dialogue_app.services.versions import StaleEdit
from dialogue_app.ui import conflict_dialog, context
from dialogue_app.ui.person_dialog import PersonDialog


def _others_phone(other, pid, phone):
    with other.session() as s:
        data = people_service.get_person(s, pid)
        edits.SavePerson(dataclasses.replace(data, phone=phone), "Edit").apply(s)


def _edit_phone_while_other_saves(monkeypatch, window, people, other, answer):
    """Open the person dialog on the first person, let the other organiser save her phone while it is
    open, type another phone, press OK; the conflict question gets ``answer``. Returns (id, dialogs)."""
    pid = people.model.rows[0].id
    people.select_person(pid)
    opened = []

    def fake_exec(dlg):
        opened.append(dlg.phone.text())
        if len(opened) > 1:  # back in the dialog after Cancel: the user's phone is still there
            return 0
        _others_phone(other, pid, "0202")
        dlg.phone.setText("0303")
        dlg._accept()
        return dlg.result()

    monkeypatch.setattr(PersonDialog, "exec", fake_exec)
    monkeypatch.setitem(context.record_errors_for_tests().answers, conflict_dialog.KEY, answer)
    people.edit_current()
    return pid, opened


def _phone(window, pid):
    return window.ctx.read(lambda s: people_service.get_person(s, pid)).phone


def test_take_theirs_keeps_the_other_change(monkeypatch, window, people, other):
    """"Take theirs": the other organiser's phone stays, nothing of mine is saved, nothing to undo."""
    pid, opened = _edit_phone_while_other_saves(monkeypatch, window, people, other, conflict_dialog.TAKE_THEIRS)
    assert _phone(window, pid) == "0202" and len(opened) == 1
    assert not window.ctx.undo_stack.canUndo() and not context.REPORTED


def test_keep_mine_saves_over_theirs_on_purpose(monkeypatch, window, people, other):
    """"Keep mine": my phone is saved over theirs, as an undoable edit."""
    pid, _opened = _edit_phone_while_other_saves(monkeypatch, window, people, other, conflict_dialog.KEEP_MINE)
    assert _phone(window, pid) == "0303" and window.ctx.undo_stack.canUndo()


def test_cancel_goes_back_to_the_dialog_with_my_values(monkeypatch, window, people, other):
    """"Cancel": nothing saved, the dialog opens again with the phone I typed and says why."""
    pid, opened = _edit_phone_while_other_saves(monkeypatch, window, people, other, conflict_dialog.CANCEL)
    assert opened == [opened[0], "0303"] and _phone(window, pid) == "0202"


def test_the_question_shows_both_values_and_three_labelled_choices(window, people, other):
    """The question names the person, the field, their value and mine; Cancel is the default."""
    pid = people.model.rows[0].id
    seen = window.ctx.read(lambda s: people_service.get_person(s, pid))
    _others_phone(other, pid, "0202")
    with pytest.raises(StaleEdit) as refused, window.ctx.store.session() as s:
        edits.SavePerson(dataclasses.replace(seen, phone="0303"), "Edit").apply(s)
    box = conflict_dialog.conflict_box(refused.value, window)
    name = f"{seen.first_name} {seen.last_name}".strip()
    assert name in box.text() and "Phone" in box.informativeText()
    assert "0202" in box.informativeText() and "0303" in box.informativeText()
    names = {box.button(b).accessibleName() for b in conflict_dialog.CHOICES}
    assert {"Keep mine", "Take theirs"} <= names and box.defaultButton() is box.button(conflict_dialog.CANCEL)
    box.deleteLater()


def test_undo_refuses_after_another_users_change_and_the_stack_stays_usable(window, people, other):
    """Undo of my edit of a person someone changed since: refused with the reason, their change kept;
    the edit before it can still be undone."""
    first, second = people.model.rows[0].id, people.model.rows[1].id
    ctx = window.ctx
    for pid, needs in ((first, "Quiet table"), (second, "Hearing loop")):
        data = ctx.read(lambda s, pid=pid: people_service.get_person(s, pid))
        assert ctx.apply(edits.SavePerson(dataclasses.replace(data, needs=needs), "Edit"))
    _others_phone(other, second, "0202")
    ctx.undo_stack.undo()
    assert len(context.REPORTED) == 1 and "after your edit" in context.REPORTED[0].message
    assert "taken off the Undo list" in context.REPORTED[0].message  # pressing Undo again will not retry it
    assert ctx.read(lambda s: people_service.get_person(s, second)).needs == "Hearing loop"
    assert _phone(window, second) == "0202" and ctx.undo_stack.count() == 1 and ctx.undo_stack.canUndo()
    ctx.undo_stack.undo()
    assert ctx.read(lambda s: people_service.get_person(s, first)).needs != "Quiet table"
    context.REPORTED.clear()
