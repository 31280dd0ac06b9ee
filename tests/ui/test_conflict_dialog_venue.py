"""Two organisers on one event in the app, editing the same venue: saving the venue form after the
other organiser changed that venue asks "keep mine / take theirs / cancel" with both addresses, as
it does for people and tables; Cancel keeps the form open with what was typed, Keep mine saves it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from dialogue_app.services.seating import table_edits as te
from dialogue_app.ui import conflict_dialog, context, dialogs, tables_editor


class Recording(dialogs.Unattended):
    """The unattended dialog service, keeping the questions it was asked (key, text, details)."""

    def __init__(self, base: dialogs.Unattended) -> None:
        super().__init__(base.reported, base.answers)
        self.asked: list[tuple[str, str, str]] = []

    def ask_button(self, box, *, key: str) -> int:
        self.asked.append((key, box.text(), box.informativeText()))
        return super().ask_button(box, key=key)



def _address(store, venue_id):
    with store.read_session() as s:
        return next(v.address for v in te.list_venues(s) if v.id == venue_id)


def test_saving_a_venue_someone_changed_since_asks_with_both_addresses(qtbot, window, other, monkeypatch):
    """Open a venue, the other organiser saves a new address meanwhile, type mine, press OK: the
    question names the venue and shows both addresses; Cancel keeps my form and their address;
    pressing OK again and choosing "Keep mine" saves mine, undoably."""
    recording = Recording(context.record_errors_for_tests())
    monkeypatch.setattr(window.ctx, "_dialogs", recording)
    editor = tables_editor.open_tables_editor(window.ctx, window)
    editor.venues.selectRow(0)
    venue = editor.selected_venue()
    assert venue is not None
    form = editor.edit_venue()
    with other.session() as s:  # the other organiser saves first
        [seen] = [v for v in te.list_venues(s) if v.id == venue.id]
        te.SaveVenue(te.VenueData(seen.id, seen.name, "Station road 9", seen.accessible,
                                  row_version=seen.row_version), "Edit").apply(s)
    form.address.setText("Church lane 3")
    recording.answers[conflict_dialog.KEY] = conflict_dialog.CANCEL
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    [(key, text, details)] = recording.asked
    assert key == conflict_dialog.KEY and venue.name in text
    assert "Station road 9" in details and "Church lane 3" in details and "Address" in details
    assert form.isVisible() and form.address.text() == "Church lane 3" and venue.name in form.problem.text()
    assert _address(other, venue.id) == "Station road 9"

    recording.answers[conflict_dialog.KEY] = conflict_dialog.KEEP_MINE
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert _address(other, venue.id) == "Church lane 3" and window.ctx.undo_stack.canUndo()
    assert not context.REPORTED
