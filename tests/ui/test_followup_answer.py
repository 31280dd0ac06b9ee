"""Commitments → “Follow-up by participant code”: the answer to “What happened?” is typed with the status,
by keyboard, stored, shown with the commitment, and undone with the status."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from dialogue_app.services import commitments as cm

SHOTS = os.environ.get("DIALOGUE_APP_SHOTS")


def _named(window) -> cm.CommitmentData:
    return next(c for c in window.ctx.read(cm.list_commitments) if not c.anonymous)


def _mine(window, code: str) -> list[cm.CommitmentData]:
    return window.ctx.read(lambda s: cm.commitments_for_code(s, code))[1]


def test_what_happened_is_typed_by_keyboard_and_undone_with_the_status(window, qtbot):
    """Type a code, Enter, choose “Done”, type what happened in the labelled field and press Enter: the status and
    the answer are stored for the participant's commitments and shown in the list; one undo takes both back."""
    panel = window.show_area("commitments")
    window.resize(1366, 768)
    code = _named(window).person_code
    before = {(c.followup_status, c.followup_note) for c in _mine(window, code)}
    qtbot.keyClicks(panel.code, code)
    qtbot.keyClick(panel.code, Qt.Key.Key_Return)
    assert panel.found.count() >= 1
    label = next(lab for lab in panel.findChildren(type(panel.found_label)) if lab.buddy() is panel.fu_note)
    assert label.text().replace("&", "") == "What happened?"
    assert panel.fu_note.accessibleName()
    panel.fu_status.setCurrentIndex(panel.fu_status.findData("done"))
    panel.fu_note.setFocus()
    qtbot.keyClicks(panel.fu_note, "We cooked together twice.")
    qtbot.keyClick(panel.fu_note, Qt.Key.Key_Return)
    assert {(c.followup_status, c.followup_note) for c in _mine(window, code)} == {
        ("done", "We cooked together twice.")}
    assert "We cooked together twice." in panel.found.item(0).text()
    assert panel.fu_note.text() == "We cooked together twice."  # shown again for the found commitments
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(str(Path(SHOTS) / "followup-answer-en.png"))
    window.ctx.undo_stack.undo()
    assert {(c.followup_status, c.followup_note) for c in _mine(window, code)} == before


def test_tab_goes_from_the_date_to_what_happened_then_to_set_status(window, qtbot):
    """Keyboard order in the follow-up: the date field, then “What happened?”, then “Set status”."""
    panel = window.show_area("commitments")
    assert panel.fu_date.nextInFocusChain() is panel.fu_note or panel.fu_note in _chain(panel.fu_date, 3)
    assert panel.fu_set in _chain(panel.fu_note, 3)


def _chain(widget, n: int) -> list:
    out = []
    for _i in range(n):
        widget = widget.nextInFocusChain()
        out.append(widget)
    return out


def test_the_commitment_dialog_edits_what_happened(window, qtbot):
    """Edit a commitment: the dialog shows “What happened?” with the stored answer and saves a changed one."""
    from dialogue_app.ui.commitments.dialog import CommitmentDialog

    panel = window.show_area("commitments")
    c = _named(window)
    window.ctx.apply(cm.SetFollowUp(((c.id, "partly", None, "Met once."),), "fu"), areas={"commitments"})
    c = next(x for x in window.ctx.read(cm.list_commitments) if x.id == c.id)
    dlg = CommitmentDialog(panel, c, [], panel._lookup)
    qtbot.addWidget(dlg)
    assert dlg.note.text() == "Met once."
    dlg.note.setText("Met twice, now friends.")
    assert dlg.result_data().followup_note == "Met twice, now friends."
