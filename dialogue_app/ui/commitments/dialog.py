"""The dialog that edits one commitment (or adds one outside a live session)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from dialogue_app.errors import DialogueError, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import commitments as cm
from dialogue_app.services.seating.door import SearchPerson
from dialogue_app.ui.person_finder import PersonFinder
from dialogue_app.ui.widgets.combos import find_data
from dialogue_app.ui.widgets.dates import date_edit, to_date


class CommitmentDialog(QDialog):
    """Edit one commitment (or add one outside a live session)."""

    def __init__(self, parent: QWidget, data: cm.CommitmentData, tables, lookup,
                 people: Callable[[], list[SearchPerson]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Commitment"))
        self.setAccessibleName(_("Commitment"))
        self.data = data
        self.lookup = lookup
        form = QFormLayout(self)
        self.text = QPlainTextEdit(data.text)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("Commitment"))
        self.text.setMaximumHeight(90)
        self.table = QComboBox()
        self.table.setAccessibleName(_("Table"))
        self.table.addItem(_("No table"), None)
        for t in tables:
            self.table.addItem(_("Table {n}").format(n=t.number), t.id)
        self.table.setCurrentIndex(max(0, find_data(self.table, data.table_id)))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of commitment"))
        for k in cm.KIND_LABELS:
            self.kind.addItem(cm.kind_label(k), k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.code = QLineEdit("" if data.anonymous else data.person_code)
        self.code.setAccessibleName(_("Participant code (empty: anonymous)"))
        self.code.setPlaceholderText(_("Empty: anonymous; or type a name"))
        self.finder = PersonFinder(self.code, people) if people is not None else None
        self.target = date_edit(data.target_date, _("Target date"))
        self.status = QComboBox()
        self.status.setAccessibleName(_("Follow-up status"))
        for s in cm.STATUS_LABELS:
            self.status.addItem(cm.status_label(s), s)
        self.status.setCurrentIndex(max(0, self.status.findData(data.followup_status)))
        self.followup = date_edit(data.followup_date, _("Follow-up date"))
        self.note = QLineEdit(data.followup_note)
        self.note.setMaxLength(cm.MAX_TEXT)
        self.note.setAccessibleName(_("What happened? (the participant's answer at the follow-up)"))
        form.addRow(_("&Commitment:"), self.text)
        form.addRow(_("&Table:"), self.table)
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&Participant code:"), self.code)
        form.addRow(_("Ta&rget date:"), self.target)
        form.addRow(_("&Follow-up:"), self.status)
        form.addRow(_("Follow-up &date:"), self.followup)
        form.addRow(_("What &happened?"), self.note)
        if data.partner_first_name:
            form.addRow(_("With:"), QLabel(data.partner_first_name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.error = QLabel()
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.resize(520, 360)

    def result_data(self) -> cm.CommitmentData:
        code = self.code.text().strip()
        person_id = None
        if code:
            try:
                person_id = self.lookup(code)
            except DialogueError:
                person_id = None
            if person_id is None and self.finder is not None:
                # a name typed instead of a code: forgiving search, when it finds exactly one person
                found = self.finder.resolve(code)
                if found is not None:
                    self.code.setText(found)
                    person_id = self.lookup(found)
            if person_id is None:
                raise UserInputError(_("No participant has the code “{code}”.").format(code=code))
        return cm.CommitmentData(
            id=self.data.id, text=self.text.toPlainText().strip(), table_id=self.table.currentData(),
            person_id=person_id, partner_id=self.data.partner_id if person_id != self.data.partner_id else None,
            kind=self.kind.currentData(), target_date=to_date(self.target.date()),
            followup_status=self.status.currentData(), followup_date=to_date(self.followup.date()),
            followup_note=self.note.text().strip(), created_at=self.data.created_at,
            row_version=self.data.row_version,  # what the user saw: a save over a later change is refused
        )

    def accept(self) -> None:
        try:
            self.saved = self.result_data()
        except DialogueError as exc:
            self.error.setText(exc.message)
            return
        if not self.saved.text:
            self.error.setText(_("A commitment needs a text."))
            return
        super().accept()
